"""The many-bodies commands: ``aggregate``, ``pool``, ``compare``, ``simulate``, ``requirements``.

Each command reads the members (:mod:`vendorlock.group.members`: one file at a time, a broken
file is named and left out), scores them into the group views' tables
(:func:`vendorlock.group.scale.score_members`, on the engine asked for; the audit document
through ``audit_members`` only when member reports are written), computes its view (pure
functions in ``vendorlock.group``), prints a short summary and, with ``-o``, writes the report
files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vendorlock.cli.app import (
    MAPPING_META,
    as_of_option,
    catalogue_option,
    echo_lines,
    echo_safe,
    engine_options,
    forced_sources,
    format_option,
    kept_mapping_option,
    lang_option,
    main,
    org_option,
    output_option,
    quiet_option,
    read_mapping,
    rules_option,
    setup_logging,
    source_option,
    strict_option,
    verbose_option,
    with_catalogue,
    with_sources,
)
from vendorlock.errors import GroupError
from vendorlock.fileio import check_targets
from vendorlock.group.anonymity import DEFAULT_MIN_GROUP, KAnonymity
from vendorlock.group.render import ALL_FORMATS, GroupFormat, GroupReport, write_report
from vendorlock.i18n import Lang, t

if TYPE_CHECKING:  # pandas, the registries, readers and scoring load when a command runs
    from vendorlock.group.members import MemberSet
    from vendorlock.group.tables import GroupTables
    from vendorlock.model.problems import Problem
    from vendorlock.registry.registries import Registries

F = TypeVar("F", bound=Callable[..., Any])
#: Lines of detail printed on the terminal; the report files carry everything.
TERMINAL_ROWS = 15


def common_options(func: F) -> F:
    """``--rules``, ``--mapping``, ``--as-of``, ``--format``, ``--strict``, ``--lang``, ``-v``,
    ``-q`` shared by the five commands (``--mapping`` is read when the members are, not passed
    to each command)."""
    func = quiet_option(
        "Print only where the report files are (and errors): no summary, no warning count."
    )(func)
    func = kept_mapping_option(strict_option(rules_option(as_of_option(func))))
    func = format_option(
        [f.value for f in GroupFormat],
        "Files to write with -o (repeatable; default: all but pdf, which needs the "
        "optional WeasyPrint).",
    )(func)
    return verbose_option(lang_option(func))


def min_group_option(func: F) -> F:
    """``--min-group``: the one k-anonymity threshold of every report showing members' money."""
    return click.option(
        "--min-group",
        default=DEFAULT_MIN_GROUP,
        show_default=True,
        type=click.IntRange(min=2),
        help="k-anonymity: a money figure resting on fewer members is suppressed "
        "(a body's own figures stay).",
    )(func)


#: ``-o/--output`` of every group command: the report files go there.
OUTPUT_HELP = "Folder to write the report files to."

#: ``--engine``, ``--scheduler``, ``--workers``: where the members are scored (the
#: observatory's engines).
member_engine_options = engine_options(
    "serial",
    "Where members are scored: this process, local processes, or a Dask cluster "
    "(pip install 'vendorlock[dask]').",
    "Local processes for --engine processes, and processes writing the report files at the "
    "same time (default: one per core; 1 writes them one after the other in this process). "
    "The files are the same bytes either way.",
)


def domain_option(func: F) -> F:
    """``--domain``: a domain id or any of its names, resolved through the registry."""
    return click.option(
        "--domain", required=True, help="Domain id or name (finances, paie, urbanisme...)."
    )(func)


def inputs_argument(required: bool = True) -> Callable[[F], F]:
    return click.argument(
        "inputs",
        nargs=-1,
        required=required,
        type=click.Path(exists=True, path_type=Path),
    )


def _or_demo(inputs: tuple[Path, ...]) -> tuple[Path, ...]:
    """The inputs given, or the bundled demo: every group command runs without INPUT, as
    ``vendorlock audit`` does (aggregate said « no member could be read », pool « Missing
    argument »)."""
    if inputs:
        return inputs
    from vendorlock.demo import bundled_demo_path

    return (bundled_demo_path(),)


def _as_of(value: Any) -> date:
    return value.date() if value is not None else date.today()


def _formats(values: Sequence[str]) -> list[GroupFormat]:
    return [GroupFormat(v) for v in values] if values else list(ALL_FORMATS)


def _print_problems(problems: Sequence[Problem], lang: Lang, quiet: bool = False) -> None:
    """Errors and the group's own notices (a member left out) on stderr, then the count of
    the other warnings unless ``quiet``."""
    from vendorlock.model.problems import Severity, sort_problems

    for p in sort_problems(problems):
        if p.severity is Severity.ERROR or p.code.startswith("group_"):
            echo_safe(p.render(lang), err=True)
    if quiet:
        return
    warnings = sum(
        1 for p in problems if p.severity is Severity.WARNING and not p.code.startswith("group_")
    )
    if warnings:
        click.echo(t("group.inventory_warnings", lang, n=warnings), err=True)


def _members(inputs: Sequence[Path], registries: Registries, lang: Lang, strict: bool) -> MemberSet:
    """The members read with the ``--mapping`` file given on the command line, if any."""
    from vendorlock.group.members import load_members

    ctx = click.get_current_context(silent=True)
    path = ctx.meta.get(MAPPING_META) if ctx is not None else None
    mapping = read_mapping(path, lang)
    return load_members(
        with_sources(inputs), registries, lang, strict, mapping, forced=forced_sources()
    )


def _load(
    inputs: Sequence[Path],
    overlays: Sequence[Path],
    as_of: date,
    lang: Lang,
    strict: bool,
    engine: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    quiet: bool = False,
) -> tuple[MemberSet, Registries, GroupTables]:
    """The members and their score tables (no audit document: the views do not read it)."""
    from vendorlock.group.members import require_members
    from vendorlock.group.scale import score_members
    from vendorlock.registry import load_registries

    registries = load_registries(overlays)
    members = _members(inputs, registries, lang, strict)
    _print_problems(members.problems, lang, quiet)
    require_members(members, lang)
    tables = score_members(
        members.portfolio,
        tuple(overlays),
        as_of,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
    )
    return members, registries, tables


def _writers(workers: int | None) -> int:
    """Processes writing the report files: ``--workers``, or one per core."""
    from vendorlock.reports.processes import available_cores

    return workers or available_cores()


def _write(
    report: GroupReport,
    out_dir: Path | None,
    formats: Sequence[str],
    lang: Lang,
    inputs: Sequence[Path],
    workers: int = 1,
) -> None:
    """The report files, in up to ``workers`` processes (the same bytes whatever the number)."""
    if out_dir is None:
        return
    written = write_report(
        report, out_dir, _formats(formats), lang, protected=inputs, workers=workers
    )
    for path in written:
        echo_safe(f"  {path}")


@main.command("aggregate")
@inputs_argument(required=False)
@source_option
@output_option(OUTPUT_HELP, required=True)
@min_group_option
@click.option(
    "--member-reports/--no-member-reports",
    default=True,
    show_default=True,
    help="Also write each member's own audit under OUTDIR/members/<org_id>/.",
)
@click.option(
    "--tables",
    "score_tables",
    is_flag=True,
    help="Also write every member's score tables as Parquet under OUTDIR/tables/, "
    "partition by partition (national runs; without --format, only the tables). "
    "With thousands of members, --engine processes scores the partitions on every core.",
)
@member_engine_options
@common_options
def aggregate_command(
    inputs: tuple[Path, ...],
    out_dir: Path,
    min_group: int,
    member_reports: bool,
    score_tables: bool,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    overlays: tuple[Path, ...],
    strict: bool,
    as_of: Any,
    formats: tuple[str, ...],
    lang: Lang,
    verbose: int,
    quiet: bool,
) -> None:
    """The group view of many members: shared editors, concentration, cost benchmark.

    \b
    INPUT: a folder with one inventory per member, several files, or one
    multi-organisation inventory; without INPUT, the bundled demo. Example:
      vendorlock aggregate membres/ -o synthese/ --min-group 5
      vendorlock aggregate membres/ -o synthese/ --no-member-reports \\
        --engine dask --scheduler tcp://10.0.0.5:8786
      vendorlock aggregate national/ -o national-out/ --tables --engine processes
    """
    from vendorlock.group.aggregate import AggregateOptions, aggregate_view
    from vendorlock.group.members import left_out_lines, require_members
    from vendorlock.group.present import aggregate_report, structure_line
    from vendorlock.group.tables import GroupTables
    from vendorlock.registry import load_registries
    from vendorlock.reports import ReportFormat, write_reports
    from vendorlock.reports.formats import DEFAULT_FORMATS

    setup_logging(verbose)
    inputs = _or_demo(inputs)
    registries = load_registries(overlays)
    members = _members(inputs, registries, lang, strict)
    _print_problems(members.problems, lang, quiet)
    require_members(members, lang)
    day = _as_of(as_of)
    if score_tables:
        _write_tables(members, overlays, day, out_dir, inputs, lang, engine, workers, scheduler)
        if not formats:  # a national run: the tables are the output
            return
    doc: dict[str, Any] = {}
    if member_reports:  # each member's own audit document, its reports written below
        from vendorlock.group.audits import AuditRequest, audit_members

        request = AuditRequest(tuple(overlays), day, lang)
        # one audit of every member, as `vendorlock audit` over the same files: partitions
        # (audit_members' workers) would hide other members' contracts from each member's
        # pooling actions and merge their summaries; --workers is for the report writers
        doc = audit_members(members.portfolio, request, members.problems)
        tables = GroupTables.from_document(doc)
    else:
        from vendorlock.group.scale import score_members

        tables = score_members(
            members.portfolio,
            tuple(overlays),
            day,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
        )
    view = aggregate_view(tables, members.members, AggregateOptions(min_group))
    view["left_out"] = [p.to_json(lang) for p in members.left_out()]
    report = aggregate_report(view, lang, left_out_lines(members.problems, lang))
    if not quiet:
        echo_safe(report.lead[0])
        echo_safe(structure_line(view, lang))
        echo_safe(report.lead[1])
        from vendorlock.reports.overview import counted

        for e in view["editors"][:5]:
            echo_safe(
                t(
                    "group.term.editor",
                    lang,
                    rank=e["rank"],
                    name=e["name"],
                    members=counted(e["members"], "members", lang),
                    apps=counted(e["applications"], "applications", lang),
                )
            )
    audit_formats = [ReportFormat(f) for f in formats] if formats else list(DEFAULT_FORMATS)
    member_dir = out_dir / "members"
    folders: dict[str, str] = {}
    if member_reports:
        from vendorlock.group.audits import member_folders

        folders = member_folders(list(members.members))
    # Every member report path is checked before the first file of the run is written.
    check_targets(
        [member_dir / d / f"audit.{f.value}" for d in folders.values() for f in audit_formats],
        inputs,
    )
    _write(report, out_dir, formats, lang, inputs, _writers(workers))
    if member_reports:
        from vendorlock.group.audits import split_document

        for org_id in members.members:
            folder = member_dir / folders[org_id]
            write_reports(
                split_document(doc, org_id), folder, audit_formats, lang, protected=inputs
            )
        echo_safe(
            t("group.term.member_reports", lang, path=out_dir / "members", n=len(members.members))
        )


def _write_tables(
    members: MemberSet,
    overlays: Sequence[Path],
    as_of: date,
    out_dir: Path,
    inputs: Sequence[Path],
    lang: Lang,
    engine: str,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """``aggregate --tables``: every partition scored and written as it comes."""
    from vendorlock.group.national import TABLES, org_ranges, part_path, stream_tables
    from vendorlock.group.scale import PARTITION_MEMBERS

    folder = out_dir / "tables"
    parts = -(-len(members.portfolio.org_ids()) // PARTITION_MEMBERS)
    check_targets([part_path(folder, n, i) for n in TABLES for i in range(parts)], inputs)
    summary = stream_tables(
        org_ranges(members.portfolio),
        tuple(overlays),
        as_of,
        folder,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
    )
    echo_safe(
        t(
            "group.term.tables",
            lang,
            path=folder,
            parts=summary.partitions,
            orgs=summary.organisations,
            apps=summary.applications,
        )
    )


@main.command("pool")
@inputs_argument(required=False)
@output_option(OUTPUT_HELP)
@click.option(
    "--window-months",
    default=18,
    show_default=True,
    type=click.IntRange(min=1),
    help="Months within which members' decision dates in one domain make one pooled tender.",
)
@click.option(
    "--min-members",
    default=3,
    show_default=True,
    type=click.IntRange(min=2),
    help="Fewest distinct members a pooled tender gathers.",
)
@click.option(
    "--lead-months",
    default=None,
    type=click.IntRange(min=0),
    help="Procurement lead time (default: the rule pack's procurement_lead_months).",
)
@min_group_option
@member_engine_options
@common_options
def pool_command(
    inputs: tuple[Path, ...],
    out_dir: Path | None,
    window_months: int,
    min_members: int,
    lead_months: int | None,
    min_group: int,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    overlays: tuple[Path, ...],
    strict: bool,
    as_of: Any,
    formats: tuple[str, ...],
    lang: Lang,
    verbose: int,
    quiet: bool,
) -> None:
    """Pooled tender opportunities: members whose contracts in one domain end together.
    Without INPUT, the bundled demo.

    \b
    Example:
      vendorlock pool membres/ --window-months 12 --min-members 4 -o achats/
    """
    from vendorlock.group.pool import PoolOptions, pool_view
    from vendorlock.group.present import opportunity_label, pool_report
    from vendorlock.reports.overview import long_date

    setup_logging(verbose)
    inputs = _or_demo(inputs)
    members, registries, tables = _load(
        inputs, overlays, _as_of(as_of), lang, strict, engine, workers, scheduler, quiet
    )
    view = pool_view(
        tables,
        members.members,
        registries,
        PoolOptions(window_months, min_members, lead_months),
        KAnonymity(min_group),
    )
    report = pool_report(view, lang)
    if not quiet:
        echo_safe(report.lead[0])
        for n, o in enumerate(view["opportunities"][:10], start=1):
            stds = ", ".join(s["name"] for s in o["requirements"]["standards"])
            stds = stds or t("group.term.pool_no_standard", lang)  # « standards : - » read cut
            echo_safe(
                t(
                    "group.term.pool",
                    lang,
                    id=opportunity_label(o, n, lang),
                    members=o["member_count"],
                    start=long_date(o["window_start"], lang),
                    end=long_date(o["window_end"], lang),
                    standards=stds,
                )
            )
    _write(report, out_dir, formats, lang, inputs, _writers(workers))


@main.command("compare")
@inputs_argument(required=False)
@domain_option
@output_option(OUTPUT_HELP)
@min_group_option
@catalogue_option
@common_options
def compare_command(
    inputs: tuple[Path, ...],
    domain: str,
    out_dir: Path | None,
    min_group: int,
    overlays: tuple[Path, ...],
    strict: bool,
    as_of: Any,
    formats: tuple[str, ...],
    catalogue: Path | None,
    lang: Lang,
    verbose: int,
    quiet: bool,
) -> None:
    """The editors of one domain side by side. Without INPUT, the bundled demo.

    \b
    Example:
      vendorlock compare --domain finances membres/ -o comparaison/
    """
    from vendorlock.group.compare import compare_view, resolve_domain
    from vendorlock.group.present import Words, compare_report
    from vendorlock.registry import load_registries
    from vendorlock.reports.numbers import score

    setup_logging(verbose)
    overlays = with_catalogue(overlays, catalogue, lang)
    registries = load_registries(overlays)
    domain_id = resolve_domain(domain, registries, lang)
    read = _or_demo(inputs)
    members, registries, tables = _load(read, overlays, _as_of(as_of), lang, strict, quiet=quiet)
    view = compare_view(
        tables,
        members.members,
        registries,
        domain_id,
        members.portfolio.applications,
        lang,
        KAnonymity(min_group),
    )
    report = compare_report(view, lang)
    if not quiet:
        echo_safe(report.title)
        echo_safe(report.lead[0])
        for r in view["editors"]:
            if r["in_use"]:
                echo_safe(
                    t(
                        "group.term.compare",
                        lang,
                        name=Words(lang).editor(r.get("editor_id"), r["name"]),
                        members=r["members"],
                        apps=r["applications"],
                        avg=score(r["average_score"], lang) or "?",
                        worst=score(r["worst_score"], lang) or "?",
                    )
                )
    _write(report, out_dir, formats, lang, inputs)


@main.command("simulate")
@inputs_argument(required=False)
@click.option("--replace", "olds", multiple=True, required=True, help="Product to replace.")
@click.option("--with", "news", multiple=True, required=True, help="Product replacing it.")
@org_option("Only this organisation (once for all pairs, or once per pair).")
@output_option(OUTPUT_HELP)
@min_group_option
@common_options
def simulate_command(
    inputs: tuple[Path, ...],
    olds: tuple[str, ...],
    news: tuple[str, ...],
    orgs: tuple[str, ...],
    out_dir: Path | None,
    min_group: int,
    overlays: tuple[Path, ...],
    strict: bool,
    as_of: Any,
    formats: tuple[str, ...],
    lang: Lang,
    verbose: int,
    quiet: bool,
) -> None:
    """What replacing one product with another would break and cost.

    Each flow of the replaced applications keeps working, is to check or breaks, judged on the
    standards and formats both products support. Without INPUT, the bundled demo.

    \b
    Example:
      vendorlock simulate inventaire.xlsx --replace "e.magnus" --with "open-gf"
    """
    from vendorlock.audit import AuditOptions, audit_portfolio
    from vendorlock.group.members import require_members
    from vendorlock.group.present import simulate_report
    from vendorlock.group.simulate import Replacement, simulate_view
    from vendorlock.registry import load_registries
    from vendorlock.scoring import load_pack

    setup_logging(verbose)
    if len(olds) != len(news):
        raise click.UsageError("give one --with for each --replace")
    if len(orgs) not in (0, 1, len(olds)):
        raise click.UsageError("give --org once, or once per --replace")
    per_pair: list[str | None] = (
        [orgs[0]] * len(olds) if len(orgs) == 1 else list(orgs) if orgs else [None] * len(olds)
    )
    pairs = [Replacement(o, n, g) for o, n, g in zip(olds, news, per_pair, strict=True)]
    registries = load_registries(overlays)
    pack = load_pack(overlays)
    members = _members(_or_demo(inputs), registries, lang, strict)
    _print_problems(members.problems, lang, quiet)
    require_members(members, lang)
    day = _as_of(as_of)

    options = AuditOptions(as_of=day, lang=lang)

    def audit(p: Any) -> dict[str, Any]:
        return audit_portfolio(p, registries, pack, options)

    view, problems = simulate_view(
        members.portfolio, registries, pack.costs, pairs, audit, lang, KAnonymity(min_group)
    )
    _print_problems(problems, lang, quiet)
    if not view["replacements"]:
        raise GroupError(t("group.sim.nothing", lang))
    view["problems"] = [p.to_json(lang) for p in problems]
    report = simulate_report(view, lang)
    if not quiet:
        echo_lines(report.lead)
        shown = [f for f in view.get("flows", []) if f["status"] != "works"]
        for f in shown[:TERMINAL_ROWS]:
            echo_safe(
                t(
                    "group.term.flow",
                    lang,
                    status=t(f"group.status.{f['status']}", lang),
                    app=f["app_name"] if f["direction"] == "out" else f["other_name"],
                    other=f["other_name"] if f["direction"] == "out" else f["app_name"],
                    what=f["standard"] or f["format"] or "?",
                    reason=f["reason_text"],
                )
            )
        if len(shown) > TERMINAL_ROWS:
            click.echo(t("group.term.more", lang, n=len(shown) - TERMINAL_ROWS))
    _write(report, out_dir, formats, lang, inputs)


@main.command("requirements")
@inputs_argument(required=False)
@domain_option
@output_option(OUTPUT_HELP)
@catalogue_option
@common_options
def requirements_command(
    inputs: tuple[Path, ...],
    domain: str,
    out_dir: Path | None,
    overlays: tuple[Path, ...],
    strict: bool,
    as_of: Any,
    formats: tuple[str, ...],
    catalogue: Path | None,
    lang: Lang,
    verbose: int,
    quiet: bool,
) -> None:
    """Interoperability and reversibility requirements to paste into a tender.

    Without INPUT, from the catalogue and the national platform registry only; without -o the
    Markdown is printed.

    \b
    Example:
      vendorlock requirements --domain finances membres/ --lang fr -o cctp/
    """
    from vendorlock.group.compare import resolve_domain
    from vendorlock.group.present import requirements_report
    from vendorlock.group.render import report_markdown
    from vendorlock.group.requirements import requirements_view
    from vendorlock.registry import load_registries
    from vendorlock.scoring import load_pack

    setup_logging(verbose)
    overlays = with_catalogue(overlays, catalogue, lang)
    registries = load_registries(overlays)
    pack = load_pack(overlays)
    domain_id = resolve_domain(domain, registries, lang)
    doc = None
    members_ids: tuple[str, ...] = ()
    apps = None
    if inputs:
        members, registries, doc = _load(inputs, overlays, _as_of(as_of), lang, strict, quiet=quiet)
        members_ids = members.members
        apps = members.portfolio.applications
    view = requirements_view(
        domain_id, registries, pack.clauses, pack.references, lang, doc, members_ids, apps
    )
    report = requirements_report(view, lang)
    if out_dir is None:
        click.echo(report_markdown(report, lang), nl=False)
        return
    if not quiet:
        echo_safe(report.title)
    _write(report, out_dir, formats or ("md", "html", "json"), lang, inputs)
