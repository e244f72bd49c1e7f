"""``vendorlock audit``: the lock-in audit of one or many organisations, with every report."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vendorlock.cli.app import (
    EXIT_FAIL_ON,
    as_of_option,
    ca_bundle_option,
    catalogue_option,
    echo_safe,
    format_option,
    lang_option,
    load_checked,
    main,
    mapping_option,
    only_orgs,
    org_option,
    output_option,
    paths_argument,
    quiet_option,
    read_mapping,
    rules_option,
    sbom_app_option,
    setup_logging,
    source_option,
    strict_option,
    verbose_option,
    with_catalogue,
    with_sources,
)
from vendorlock.i18n import Lang, t, tn
from vendorlock.model.levels import ALL_LEVELS
from vendorlock.reports.formats import DEFAULT_FORMATS, ReportFormat

if TYPE_CHECKING:
    from vendorlock.history import Recorded

#: Level names from least to most severe (``insufficient_data`` first).
LEVELS = tuple(level.value for level in ALL_LEVELS)


@main.command("audit")
@paths_argument(required=False, prefetch=True)
@output_option("Folder the reports are written to.", Path("vendorlock-report"))
@format_option(
    [f.value for f in ReportFormat],
    "Reports to write (repeatable; default: all of json, xlsx, ods, html, md and docx,"
    " the note for elected officials: note.docx; pdf writes audit.pdf and note.pdf and"
    " needs the 'pdf' extra).",
)
@click.option(
    "--waivers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="YAML file of accepted risks (criterion, application, reason, author, expiry).",
)
@org_option("Audit only this organisation id (repeatable; default: every organisation).")
@click.option(
    "--fail-on",
    type=click.Choice(list(LEVELS[2:])),  # score bands from medium on
    default=None,
    help="Exit with code 3 when any application reaches this level (for CI gates).",
)
@sbom_app_option
@click.option(
    "--history",
    "history_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also append this audit to a history database (SQLite file, created if absent; "
    "the same inputs at the same --as-of are recorded once). See `vendorlock history`.",
)
@click.option(
    "--scan",
    "scan_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="scan.json from `vendorlock scan`: use the measured data-heritage exposure instead of "
    "the declared one where the scan saw the application's stored formats.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes writing the reports at the same time (default: one per core; 1 writes "
    "them one after the other in this process). The files are the same bytes either way.",
)
@quiet_option("Print only where the reports are.")
@strict_option
@rules_option
@mapping_option
@ca_bundle_option
@source_option
@catalogue_option
@as_of_option
@lang_option
@verbose_option
def audit_command(
    inputs: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    overlays: tuple[Path, ...],
    waivers: Path | None,
    as_of: datetime | None,
    orgs: tuple[str, ...],
    fail_on: str | None,
    sbom_app: str | None,
    quiet: bool,
    strict: bool,
    history_path: Path | None,
    mapping_path: Path | None,
    ca_bundle: Path | None,
    catalogue: Path | None,
    scan_path: Path | None,
    workers: int | None,
    lang: Lang,
    verbose: int,
) -> None:
    """Audit an inventory: lock-in scores with their reasons, exit costs, an action plan by
    decision date, and reports (HTML, Excel, ODS, Markdown note, JSON).

    Without INPUT, audits the bundled demo inventory, its contract dates placed around
    the audit date (--as-of, today by default) so the demo is fresh every day.

    \b
    Examples:
      vendorlock audit                                  # the demo → ./vendorlock-report/
      vendorlock audit inventaire.xlsx -o rapport/ --lang fr
      vendorlock audit inv.xlsx --rules mes-regles.yaml --waivers derogations.yaml
      vendorlock audit inv.xlsx --format json --fail-on high   # CI gate: exit 3
      vendorlock audit https://glpi.example.org/apirest.php     # GLPI API, see docs/connectors.md
      vendorlock audit inv.xlsx sbom.cdx.json --app ville-civil-net-rh   # its supply chain

    Rows with errors are set aside (listed with their reason in every report) and the rest is
    audited; --strict refuses the whole inventory instead. Exit codes: 0 done, 1 bad input
    (--strict) or nothing usable left, 2 usage, 3 --fail-on reached.
    """
    # Imported here, not at module level: `vendorlock audit --help` must not load pandas.
    # The demo generator and the history store only when used (their import is ~0.1 s).
    from vendorlock.audit import AuditOptions, audit_document
    from vendorlock.fileio import check_target
    from vendorlock.model.problems import Severity
    from vendorlock.registry import load_registries
    from vendorlock.reports import write_reports
    from vendorlock.reports.processes import available_cores
    from vendorlock.scoring import load_pack, load_waivers

    setup_logging(verbose)
    day = as_of.date() if as_of else date.today()
    given = with_sources(inputs)
    if not given:
        from vendorlock.demo import bundled_demo_path
    paths = given or [bundled_demo_path()]
    # Check every option before doing any work: rules, waivers, then the inventory.
    overlays = with_catalogue(overlays, catalogue, lang)
    registries = load_registries(overlays)
    pack = load_pack(overlays)
    waiver_set = load_waivers(waivers, day) if waivers else None
    mapping = read_mapping(mapping_path, lang)
    if history_path is not None:
        # A damaged, foreign or newer history, or one that is an input, stops the run first.
        from vendorlock.history import check_file as check_history

        check_target(history_path, paths)
        check_history(history_path)
    heritage = None
    if scan_path is not None:
        from vendorlock.scan.exposure import load_scan

        heritage = load_scan(scan_path)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    progress.step(t("audit.step.read", lang))
    # The bundled demo is read for the audit date, so its decisions are never all past.
    if given:
        result = load_checked(
            paths,
            registries,
            strict=strict,
            lang=lang,
            refused="audit.invalid",
            mapping=mapping,
            ca_bundle=ca_bundle,
        )
    else:
        from vendorlock.demo.bundled import load_bundled

        result = load_bundled(day, registries)
    if sbom_app is not None:
        from vendorlock.sources.supply_chain import attach_supply_chain

        result = attach_supply_chain(result, sbom_app)
    portfolio = only_orgs(result.portfolio, orgs, lang)
    progress.step(t("audit.step.score", lang))
    options = AuditOptions(
        as_of=day,
        lang=lang,
        waivers=waiver_set,
        problems=result.problems,
        inputs=paths,
        set_aside=result.set_aside,
        heritage=heritage,
    )
    doc = audit_document(portfolio, registries, pack, options)
    if heritage is not None and not quiet:
        echo_safe(scan_summary(doc["scan"], scan_path, lang), err=True)
    progress.step(t("audit.step.write", lang))
    wanted = [ReportFormat(f) for f in formats] if formats else list(DEFAULT_FORMATS)
    jobs = workers or available_cores()
    written = write_reports(doc, out_dir, wanted, lang, protected=paths, workers=jobs)
    progress.done()
    if history_path is not None:
        from vendorlock.history import record_audit

        recorded = record_audit(history_path, doc)
        _report_recorded(history_path, recorded, lang)
    if not quiet:
        from vendorlock.reports import terminal_summary  # after the report workers forked

        for line in terminal_summary(doc, lang):
            echo_safe(line)
        warnings = sum(1 for p in result.problems if p.severity is Severity.WARNING)
        if warnings:
            click.echo(tn("audit.warnings", warnings, lang))
    click.echo(t("audit.written", lang, folder=str(out_dir)))
    for path in written:
        echo_safe(f"  {_display(path)}")
    levels = _levels(doc)
    if fail_on and _reaches(levels, fail_on):
        count = sum(1 for level in levels if _rank(level) >= _rank(fail_on))
        label = t(f"reports.level.{fail_on}", lang)
        click.echo(tn("audit.fail_on", count, lang, level=label), err=True)
        raise SystemExit(EXIT_FAIL_ON)


def scan_summary(scan: Mapping[str, Any], path: Path | None, lang: Lang) -> str:
    """The line ``audit --scan`` prints: how many applications take the measured exposure and
    how many keep the declared one, each count with its own agreement."""
    measured = tn("scan.audit_summary.measured", scan["applications_measured"], lang, path=path)
    declared = tn("scan.audit_summary.declared", scan["applications_declared"], lang)
    return t("scan.audit_summary", lang, measured=measured, declared=declared)


def _report_recorded(path: Path, recorded: Recorded, lang: Lang) -> None:
    from vendorlock.history import SCHEMA_VERSION

    if recorded.migrated_from is not None:
        old, new = recorded.migrated_from, SCHEMA_VERSION
        echo_safe(t("history.migrated", lang, path=str(path), old=old, new=new))
    key = "history.recorded" if recorded.added else "history.already"
    echo_safe(t(key, lang, path=str(path), run=recorded.run_id))


def _rank(level: str) -> int:
    return LEVELS.index(level)


def _levels(doc: Mapping[str, Any]) -> list[str]:
    """Every application's level (from the table when the document is columnar)."""
    from vendorlock.document import AuditDocument

    if isinstance(doc, AuditDocument):
        return doc.applications["level"].astype(str).tolist()
    return [str(a["level"]) for a in doc["applications"]]


def _reaches(levels: Sequence[str], level: str) -> bool:
    return any(_rank(lv) >= _rank(level) for lv in levels)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Progress:
    """Stage names on stderr for a person watching a terminal; silent in pipes and CI."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = False

    def step(self, label: str) -> None:
        if self.enabled:
            click.echo(f"\r\x1b[2K… {label}", nl=False, err=True)
            self.started = True

    def done(self) -> None:
        if self.enabled and self.started:
            click.echo("\r\x1b[2K", nl=False, err=True)
