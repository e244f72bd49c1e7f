"""``vendorlock history`` and ``vendorlock letters``: the DSI's year, from audits to letters."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from vendorlock.cli.app import (
    as_of_option,
    echo_safe,
    lang_option,
    load_checked,
    main,
    mapping_option,
    only_orgs,
    org_option,
    output_option,
    read_mapping,
    rules_option,
    setup_logging,
    strict_option,
    verbose_option,
)
from vendorlock.fileio import atomic_write, check_targets
from vendorlock.i18n import Lang, date_text, t


@main.command("history")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@output_option(
    "Folder the history reports (history.html, history.xlsx) are written to.",
    Path("vendorlock-history"),
)
@org_option("Follow only this body and the bodies under it (repeatable; default: every body).")
@rules_option
@lang_option
@verbose_option
def history_command(
    path: Path,
    out_dir: Path,
    orgs: tuple[str, ...],
    overlays: tuple[Path, ...],
    lang: Lang,
    verbose: int,
) -> None:
    """Show the trend of the audits recorded with `vendorlock audit --history PATH`: each
    body's lock-in index and spend over time, applications added and removed, the biggest
    score moves with the criteria that moved them, and the decisions that fell due — taken,
    or missed (the contract renewed unchanged). HTML (summary first, charts) and xlsx.
    Give the --rules files the audits were run with: the criteria keep their titles.

    \b
    Examples:
      vendorlock audit inv-2026-03.xlsx --as-of 2026-03-31 --history dsi.sqlite
      vendorlock history dsi.sqlite -o tendance/ --lang fr
      vendorlock history dsi.sqlite --org 200012345 -o tendance-ville/
      vendorlock history dsi.sqlite --rules mes-regles.yaml
    """
    from vendorlock.history import load_trend
    from vendorlock.history.report import history_html, history_xlsx
    from vendorlock.scoring import load_pack

    setup_logging(verbose)
    load_pack(overlays)  # a broken rules file stops the run before any work, located
    trend = load_trend(path, orgs)
    targets = [out_dir / "history.html", out_dir / "history.xlsx"]
    check_targets(targets, [path, *overlays])
    html = history_html(trend, lang, overlays).encode("utf-8")
    xlsx = history_xlsx(trend, lang, overlays)
    click.echo(t("history.written", lang, folder=str(out_dir)))
    for target, data in zip(targets, (html, xlsx), strict=True):
        echo_safe(f"  {atomic_write(target, data, [path, *overlays])}")


@main.command("letters")
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@output_option(
    "Folder the letters (one .docx per contract) and letters.xlsx are written to.",
    Path("vendorlock-letters"),
)
@click.option(
    "--before",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Write a letter for each contract whose decision date falls before this date "
    "(default: six months after --as-of).",
)
@org_option("Letters of this body only (repeatable; default: every body).")
@strict_option
@rules_option
@mapping_option
@as_of_option
@lang_option
@verbose_option
def letters_command(
    inputs: tuple[Path, ...],
    out_dir: Path,
    before: datetime | None,
    orgs: tuple[str, ...],
    strict: bool,
    overlays: tuple[Path, ...],
    mapping_path: Path | None,
    as_of: datetime | None,
    lang: Lang,
    verbose: int,
) -> None:
    """Write the renewal letters the audit calls for: for each contract whose decision date
    falls between --as-of and --before, a DOCX letter from the body to the editor — the
    contract's references, the recommended action (notice of non-renewal, clauses to add,
    full data export) with its legal basis, placeholders for signatory and addresses, and
    the date to send it by — plus letters.xlsx listing every letter. Letters are models, to
    be checked by the body's legal service. French unless --lang en.

    INPUT is an inventory (audited as `vendorlock audit` does) or one audit.json written by
    `vendorlock audit` (used as is; --as-of defaults to its date). Without INPUT, uses the
    bundled demo inventory (placed around --as-of).

    \b
    Examples:
      vendorlock letters inventaire.xlsx -o courriers/
      vendorlock letters inventaire.xlsx --as-of 2026-01-01 --before 2026-09-30 --lang en
      vendorlock letters rapport/audit.json -o courriers/
    """
    from vendorlock.demo import bundled_demo_path
    from vendorlock.letters import letter_plan, letters_xlsx, write_letter
    from vendorlock.reports.diff import load_audit_document

    setup_logging(verbose)
    # Letters are French unless asked otherwise: the bodies and editors are French.
    source = click.get_current_context().get_parameter_source("lang")
    if source is not None and source.name == "DEFAULT":
        lang = Lang.FR
    paths = list(inputs) or [bundled_demo_path()]
    if len(inputs) == 1 and inputs[0].suffix.lower() == ".json":
        # An audit already written (`vendorlock audit --format json`): its document as is.
        doc = load_audit_document(inputs[0], lang)
        day = as_of.date() if as_of else date.fromisoformat(doc["as_of"])
        if orgs:
            doc = _only_orgs(doc, orgs, lang)
    else:
        day = as_of.date() if as_of else date.today()
        doc = _audit_inventory(inputs, paths, day, orgs, strict, overlays, mapping_path, lang)
    until = before.date() if before else _six_months(day)
    doc = dict(doc, as_of=day.isoformat())
    plan = letter_plan(doc, until, lang)
    targets = [out_dir / p.file_name for p in plan] + [out_dir / "letters.xlsx"]
    check_targets(targets, paths)
    for letter in plan:
        atomic_write(out_dir / letter.file_name, write_letter(letter, lang), paths)
    atomic_write(out_dir / "letters.xlsx", letters_xlsx(plan, lang), paths)
    click.echo(
        t(
            "letters.written",
            lang,
            count=len(plan),
            folder=str(out_dir),
            start=date_text(day, lang),
            end=date_text(until, lang),
        )
    )


def _only_orgs(doc: dict[str, Any], orgs: tuple[str, ...], lang: Lang) -> dict[str, Any]:
    known = sorted(o["org_id"] for o in doc["organisations"])
    unknown = sorted(set(orgs) - set(known))
    if unknown:
        raise click.BadParameter(
            t("audit.unknown_org", lang, orgs=", ".join(unknown), known=", ".join(known[:20])),
            param_hint="--org",
        )
    keep = set(orgs)
    return dict(
        doc,
        organisations=[o for o in doc["organisations"] if o["org_id"] in keep],
        applications=[a for a in doc["applications"] if a["org_id"] in keep],
    )


def _audit_inventory(
    inputs: tuple[Path, ...],
    paths: list[Path],
    day: date,
    orgs: tuple[str, ...],
    strict: bool,
    overlays: tuple[Path, ...],
    mapping_path: Path | None,
    lang: Lang,
) -> dict[str, Any]:
    """The audit document of the inventory (or of the bundled demo), as `audit` computes it."""
    from vendorlock.audit import AuditOptions, audit_portfolio
    from vendorlock.demo.bundled import load_bundled
    from vendorlock.registry import load_registries
    from vendorlock.scoring import load_pack

    registries = load_registries(overlays)
    pack = load_pack(overlays)
    mapping = read_mapping(mapping_path, lang)
    if inputs:
        result = load_checked(
            paths, registries, strict=strict, lang=lang, refused="audit.invalid", mapping=mapping
        )
    else:
        result = load_bundled(day, registries)
    portfolio = only_orgs(result.portfolio, orgs, lang)
    options = AuditOptions(as_of=day, lang=lang, inputs=paths)
    return audit_portfolio(portfolio, registries, pack, options)


def _six_months(day: date) -> date:
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")
