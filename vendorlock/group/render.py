"""Writing a group report: JSON (the view), Markdown, self-contained HTML, xlsx, ods and PDF.

A command builds a :class:`GroupReport` whose sections are data
(:mod:`vendorlock.reports.sections`); this module hands them to the shared writers — the
audit's HTML page, Markdown, the xlsx/ods sheet writers — so layout, escaping and formula
neutralisation live in one place. The writers are imported when a format is rendered, so
the command line (``--format`` choices) loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from vendorlock import jsonio
from vendorlock.fileio import atomic_write_all, check_targets
from vendorlock.i18n import Lang, t

if TYPE_CHECKING:
    from vendorlock.reports.cells import Table
    from vendorlock.reports.sections import Section


class GroupFormat(StrEnum):
    """Files the group commands can write (``--format``)."""

    JSON = "json"
    XLSX = "xlsx"
    ODS = "ods"
    HTML = "html"
    MD = "md"
    PDF = "pdf"  # the HTML page printed to A4 (optional WeasyPrint: asked for, never default)


ALL_FORMATS = tuple(f for f in GroupFormat if f is not GroupFormat.PDF)


@dataclass(frozen=True)
class GroupReport:
    """A rendered-to-be report: its view (the JSON), title, lead and sections.

    ``lead`` is what the terminal prints; the files show the sections only (the first one, the
    summary, carries the lead sentences with the key figures).
    """

    stem: str
    title: str
    view: Mapping[str, Any]
    lead: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()


def report_json(report: GroupReport) -> bytes:
    """The view: sorted keys, UTF-8, final newline; the outer levels indented by two spaces and
    each deeper item (a member of an opportunity, an editor's row) on one line, written by the
    C encoder (:func:`jsonio.dumps_lines`: the 12 MB pool of 500 members in a tenth of the time
    of an ``indent=2`` dump)."""
    return (jsonio.dumps_lines(report.view) + "\n").encode("utf-8")


def report_markdown(report: GroupReport, lang: Lang) -> str:
    """Markdown a buyer or an elected official can paste (every value neutralised)."""
    from vendorlock.reports import sections

    return sections.markdown(report.title, report.sections, lang)


def report_html(report: GroupReport, lang: Lang) -> str:
    """One self-contained page (the audit's shell: CSP, no network, sortable tables, print)."""
    from vendorlock.reports import sections

    return sections.page_html(report.title, report.sections, lang)


def report_pdf(report: GroupReport, lang: Lang) -> bytes:
    """The page printed to A4 by WeasyPrint (every details open, long tables capped with a note)."""
    from vendorlock.reports import sections
    from vendorlock.reports.pdf import html_to_pdf  # WeasyPrint loads only when asked for

    return html_to_pdf(sections.page_html(report.title, report.sections, lang, printed=True))


def summary_sheet(report: GroupReport, lang: Lang) -> Table | None:
    """The key figures of the report's summary (its first section's KPI strip) as the
    workbook's first sheet, with the same texts as the page (so the structure's index reads
    the same in HTML, Markdown and the workbooks); the members by level as counts. None when
    the report has no key figures."""
    from vendorlock.reports import sections
    from vendorlock.reports.cells import Column, ColumnKind, Table

    strips = [b for s in report.sections[:1] for b in s.blocks if isinstance(b, sections.KpiStrip)]
    if not strips:
        return None
    rows: list[list[Any]] = []
    kinds: dict[int, ColumnKind] = {}
    for k in strips[0].items:
        if not k.levels:
            rows.append([k.title, k.value + k.unit, k.note or None])
            continue
        for level, n in k.levels:
            kinds[len(rows)] = ColumnKind.INT
            label = t(f"group.level.{level}", lang)
            rows.append([t("group.sum.level_row", lang, title=k.title, level=label), n, None])
    return Table(
        "summary",
        t("reports.sheet.summary", lang),
        (
            Column(t("reports.sum.item", lang), ColumnKind.TEXT, 40),
            Column(t("reports.sum.value", lang), ColumnKind.AUTO, 28),
            Column(t("group.sum.detail", lang), ColumnKind.TEXT, 60),
        ),
        rows,
        row_kinds=kinds,
    )


def workbook_tables(report: GroupReport, lang: Lang) -> list[Table]:
    """The sheets of the xlsx/ods: the key figures first, then every table of the sections."""
    from vendorlock.reports import sections
    from vendorlock.reports.writer import said_empty

    first = summary_sheet(report, lang)
    # an empty sheet says so under its header (« Aucun flux rompu »), as the audit's do
    tables = (said_empty(table, lang) for table in sections.tables(report.sections))
    return [*([first] if first else []), *tables]


def render(
    report: GroupReport, fmt: GroupFormat, lang: Lang, sheets: Sequence[Table] | None = None
) -> bytes:
    """The bytes of one file of the report; ``sheets``, the report's
    :func:`workbook_tables` when already built (the xlsx and the ods share them)."""
    match fmt:
        case GroupFormat.JSON:
            return report_json(report)
        case GroupFormat.MD:
            return report_markdown(report, lang).encode("utf-8")
        case GroupFormat.HTML:
            return report_html(report, lang).encode("utf-8")
        case GroupFormat.XLSX:
            from vendorlock.reports.xlsx import xlsx_bytes

            return xlsx_bytes(
                workbook_tables(report, lang) if sheets is None else sheets, lang=str(lang)
            )
        case GroupFormat.ODS:
            from vendorlock.reports.ods import ods_bytes

            return ods_bytes(
                workbook_tables(report, lang) if sheets is None else sheets, lang=str(lang)
            )
        case GroupFormat.PDF:
            return report_pdf(report, lang)
        case _:
            assert_never(fmt)


#: Formats written by one process because they share work (the xlsx and ods lay out the same
#: sheets), and the relative cost of each set: its CPU seconds on the 500-member ``pool``
#: report (the largest group report), medians of 3 in process (French): xlsx+ods 0.36,
#: json 0.21, html 0.15, md 0.11. On 2 cores the workbooks go to one process, JSON, HTML and
#: Markdown to the other (issue 11).
BATCHES: tuple[tuple[frozenset[GroupFormat], float], ...] = (
    (frozenset({GroupFormat.XLSX, GroupFormat.ODS}), 0.36),
    (frozenset({GroupFormat.JSON}), 0.21),
    (frozenset({GroupFormat.HTML}), 0.15),
    (frozenset({GroupFormat.MD}), 0.11),
    (frozenset({GroupFormat.PDF}), 4.0),
)


def write_report(
    report: GroupReport,
    out_dir: Path,
    formats: Sequence[GroupFormat],
    lang: Lang,
    protected: Collection[Path] = (),
    workers: int = 1,
) -> list[Path]:
    """Write ``out_dir/<stem>.<fmt>`` for each format (in enum order, once each).

    Every target is checked first, each file is written to a temp file, and only when every
    one succeeded are they renamed (no half report, no set mixing two runs). ``workers`` > 1
    writes them in up to that many forked processes (:mod:`vendorlock.reports.processes`,
    Linux; the same bytes and errors), 1 in this one.
    """
    wanted = [f for f in GroupFormat if f in set(formats)]
    check_targets([out_dir / f"{report.stem}.{f.value}" for f in wanted], protected)
    memo: list[Sequence[Table]] = []

    def sheets() -> Sequence[Table]:
        """The workbooks' sheets, laid out once for the xlsx and the ods (in whichever
        process writes them)."""
        if not memo:
            memo.append(workbook_tables(report, lang))
        return memo[0]

    def writer(fmt: GroupFormat) -> Callable[[Path], None]:
        def write(path: Path) -> None:
            workbook = fmt in (GroupFormat.XLSX, GroupFormat.ODS)
            path.write_bytes(render(report, fmt, lang, sheets() if workbook else None))

        return write

    items = [(out_dir / f"{report.stem}.{f.value}", writer(f)) for f in wanted]
    fill = None
    if workers > 1 and len(items) > 1:
        from vendorlock.reports.processes import Batch, can_fork, fill_in_processes, plan

        if can_fork():
            batches = [
                Batch(tuple(i for i, f in enumerate(wanted) if f in group), cost)
                for group, cost in BATCHES
                if group & set(wanted)
            ]
            fill = partial(fill_in_processes, parts=plan(batches, workers))
    return atomic_write_all(items, protected, fill=fill)
