"""``write_reports``: every audit output written from the audit document, atomically.

One function per format, mapped from :class:`ReportFormat` by a ``match`` that ends in
:func:`typing.assert_never`, so adding a format without a writer fails type checking. Each file
is complete or absent (:func:`vendorlock.fileio.atomic_write`), never written over an input,
and zip formats are normalised so the same document gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, assert_never

from vendorlock import jsonio
from vendorlock.fileio import atomic_write, check_targets, normalise_zip
from vendorlock.i18n import Lang, t
from vendorlock.reports import tables
from vendorlock.reports.formats import ReportFormat as ReportFormat
from vendorlock.reports.markdown import audit_markdown
from vendorlock.reports.ods import ods_bytes
from vendorlock.reports.xlsx import LEVEL_COLOURS, BarChart, xlsx_bytes

Doc = Mapping[str, Any]

#: zlib level for xlsx / ods: 1 is ~2.5× faster than the default 6 for ~25 % larger files.
ZIP_LEVEL = 1


def _compact(value: Any) -> str:
    return jsonio.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ": "))


def audit_json(doc: Doc) -> bytes:
    """The document itself: sorted keys, UTF-8, one list item per line, final newline.

    One line per application, flow or action keeps line-based diffs of two audits readable,
    and lets the C encoder do the work: an ``indent=2`` dump falls back to Python's pure
    encoder, 3× slower on a 2,000-application document.
    """
    parts = []
    for key in sorted(doc):
        value = doc[key]
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {_compact(item)}" for item in value)
            text = f"[\n{items}\n  ]"
        else:
            text = _compact(value)
        parts.append(f"  {_compact(key)}: {text}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def level_labels(lang: Lang) -> dict[str, tuple[str, ...]]:
    """The texts a level cell may show (localised label), for conditional formatting."""
    return {lv: (t(f"reports.level.{lv}", lang),) for lv in tables.LEVELS}


def workbook_sheets(doc: Doc, lang: Lang) -> tuple[list[tables.Table], dict[str, list[BarChart]]]:
    """Sheets and charts shared by the xlsx and ods writers."""
    blocks = tables.summary(doc, lang)
    sheet = blocks.table.title
    cats = tuple(
        str(r[0]) for r in blocks.table.rows[blocks.levels_row - 1 :][: blocks.levels_count]
    )
    vals = tuple(
        float(r[1]) for r in blocks.table.rows[blocks.levels_row - 1 :][: blocks.levels_count]
    )
    charts = [
        BarChart(
            t("reports.chart.levels", lang),
            t("reports.col.applications", lang),
            sheet,
            0,
            1,
            blocks.levels_row,
            cats,
            vals,
            colours=tuple(fill for fill, _ in LEVEL_COLOURS.values()),
            anchor=(3, 1),
        )
    ]
    if blocks.editors_count:
        rows = blocks.table.rows[blocks.editors_row - 1 :][: blocks.editors_count]
        charts.append(
            BarChart(
                t("reports.chart.top_editors", lang),
                t("reports.col.spend_share", lang),
                sheet,
                0,
                1,
                blocks.editors_row,
                tuple(str(r[0])[:60] for r in rows),
                tuple(float(r[1]) for r in rows),
                percent=True,
                horizontal=True,
                anchor=(3, 18),
                size=(8, 18),
            )
        )
    return [blocks.table, *tables.workbook_tables(doc, lang)], {"summary": charts}


def audit_xlsx(doc: Doc, lang: Lang) -> bytes:
    sheets, charts = workbook_sheets(doc, lang)
    raw = xlsx_bytes(
        sheets, charts, headerless=frozenset({"summary"}), level_labels=level_labels(lang)
    )
    return normalise_zip(raw, first="[Content_Types].xml", compresslevel=ZIP_LEVEL)


def audit_ods(doc: Doc, lang: Lang) -> bytes:
    sheets, _charts = workbook_sheets(doc, lang)
    raw = ods_bytes(sheets, headerless=frozenset({"summary"}), level_labels=level_labels(lang))
    return normalise_zip(raw, first="mimetype", compresslevel=ZIP_LEVEL)


def render(doc: Doc, fmt: ReportFormat, lang: Lang) -> bytes:
    """The bytes of one report file."""
    match fmt:
        case ReportFormat.JSON:
            return audit_json(doc)
        case ReportFormat.XLSX:
            return audit_xlsx(doc, lang)
        case ReportFormat.ODS:
            return audit_ods(doc, lang)
        case ReportFormat.HTML:
            # Imported here: the page's charts load matplotlib (~0.4 s), paid only for html.
            from vendorlock.reports.html import audit_html

            return audit_html(doc, lang).encode("utf-8")
        case ReportFormat.MD:
            return audit_markdown(doc, lang).encode("utf-8")
        case ReportFormat.PDF:
            from vendorlock.reports.html import audit_html
            from vendorlock.reports.pdf import html_to_pdf

            return html_to_pdf(audit_html(doc, lang, printed=True))
        case _:
            assert_never(fmt)


def write_reports(
    doc: Mapping[str, Any],
    out_dir: Path,
    formats: Sequence[ReportFormat],
    lang: Lang,
    *,
    stem: str = "audit",
    protected: Collection[Path] = (),
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write ``out_dir/<stem>.<fmt>`` for each format (in enum order, once each).

    Every target is checked first (no symlink, no input overwritten), everything is rendered,
    then written: a refused target or a failing writer leaves no file behind.
    ``on_written`` is called after each file (for a progress display).
    """
    wanted = [f for f in ReportFormat if f in set(formats)]
    check_targets([out_dir / f"{stem}.{fmt.value}" for fmt in wanted], protected)
    rendered = [(out_dir / f"{stem}.{fmt.value}", render(doc, fmt, lang)) for fmt in wanted]
    written = []
    for path, data in rendered:
        written.append(atomic_write(path, data, protected))
        if on_written is not None:
            on_written(path)
    return written
