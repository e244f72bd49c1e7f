"""A small, fast OpenDocument spreadsheet (ods) writer for report tables.

Written as ODF XML directly rather than through odfpy, which builds a Python object per cell
and is several times slower on a 10,000-flow sheet (figures in ``benchmarks/bench_reports.py``).
Every text cell is ``office:value-type="string"``: a spreadsheet never evaluates it, whatever it
starts with. Spaces, tabs and line breaks are written as ``text:s`` / ``text:tab`` /
``text:line-break`` so text comes back exactly as written. Level cells get one cell style per
level (static colours: ODF conditional formatting is a LibreOffice extension).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache, partial
from typing import IO, Any

from vendorlock.fileio import ZipWriter
from vendorlock.reports.cells import (
    FLOAT,
    INT,
    SEP,
    TEXT,
    Batch,
    ColumnKind,
    Table,
    cell_bytes,
    column_cells,
    column_letter,
    escaped_joined,
    joined_grid,
    number_texts,
    with_none,
    xml_text,
)
from vendorlock.reports.odschart import CHART_MIME, chart_content, chart_frames
from vendorlock.reports.xlsx import LEVEL_COLOURS, BarChart

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'office:version="1.3"'
)
_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: Rows rendered at a time: the XML of one slice is in memory, never a whole sheet's.
SLICE = 4_096
#: Cells above which a sheet part is written as a zip64 member (it may pass 2 GiB of XML).
LARGE_CELLS = 8_000_000
_WHITESPACE = re.compile(r"^ +|  +|[\t\n]")

#: (language, country) of the number styles: LibreOffice shows each style's separators.
LOCALES = {"fr": ("fr", "FR"), "en": ("en", "GB")}
_NBSP = "\u00a0"


def number_styles(lang: str = "en") -> str:
    """Data and cell styles: grouped integers, one-decimal numbers, euros, percentages and
    dates in ``lang`` (``12 345 €``, ``41,7 %``, ``29/11/2026`` in French)."""
    language, country = LOCALES.get(lang, LOCALES["en"])
    loc = f'number:language="{language}" number:country="{country}"'
    fr = lang == "fr"
    grouped = (
        '<number:number number:decimal-places="0" number:min-decimal-places="0"'
        ' number:min-integer-digits="1" number:grouping="true"/>'
    )
    one = (
        '<number:number number:decimal-places="1" number:min-decimal-places="1"'
        ' number:min-integer-digits="1"/>'
    )
    euro = f"<number:currency-symbol {loc}>€</number:currency-symbol>"
    money = f"{grouped}<number:text>{_NBSP}</number:text>{euro}" if fr else f"{euro}{grouped}"
    # Short dates (a date column is 12 characters wide): 29/11/2026, 29 Nov 2026.
    if fr:
        date_parts = (
            '<number:day number:style="long"/><number:text>/</number:text>'
            '<number:month number:style="long"/><number:text>/</number:text>'
            '<number:year number:style="long"/>'
        )
    else:
        date_parts = (
            '<number:day/><number:text> </number:text><number:month number:textual="true"/>'
            '<number:text> </number:text><number:year number:style="long"/>'
        )
    return (
        f'<number:number-style style:name="N_int" {loc}>{grouped}</number:number-style>'
        f'<number:number-style style:name="N_num" {loc}>{one}</number:number-style>'
        f'<number:currency-style style:name="N_money" {loc}>{money}</number:currency-style>'
        f'<number:percentage-style style:name="N_share" {loc}>{one}'
        f"<number:text>{_NBSP + '%' if fr else '%'}</number:text></number:percentage-style>"
        f'<number:date-style style:name="N_date" {loc}>{date_parts}</number:date-style>'
        '<style:style style:name="ta1" style:family="table" style:master-page-name="Report">'
        '<style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="ta2" style:family="table" style:master-page-name="Summary">'
        '<style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="ce_head" style:family="table-cell">'
        '<style:table-cell-properties fo:background-color="#d9e1f2" fo:wrap-option="wrap"'
        ' style:vertical-align="top"/>'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
        + "".join(
            f'<style:style style:name="ce_{n}" style:family="table-cell"'
            f' style:data-style-name="N_{n}"/>'
            for n in ("int", "num", "money", "share", "date")
        )
        + "".join(
            f'<style:style style:name="ce_level_{level}" style:family="table-cell">'
            f'<style:table-cell-properties fo:background-color="#{fill.lower()}"/>'
            f'<style:text-properties fo:color="#{font.lower()}"/></style:style>'
            for level, (fill, font) in LEVEL_COLOURS.items()
        )
    )


#: styles.xml: an A4 landscape page, scaled to one page wide (as many tall as needed), sheet
#: name and page number in the footer. Header rows (``table:table-header-rows``) repeat on
#: every printed page.
PAGE_STYLES = (
    "<office:automatic-styles>"
    '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="29.7cm"'
    ' fo:page-height="21cm" style:print-orientation="landscape" fo:margin-top="1cm"'
    ' fo:margin-bottom="1cm" fo:margin-left="1cm" fo:margin-right="1cm"'
    ' style:scale-to-X="1" style:scale-to-Y="0" loext:scale-to-X="1" loext:scale-to-Y="0"'
    ' style:print="objects charts drawings zero-values" style:print-page-order="ttb"/>'
    "{footer_style}</style:page-layout>"
    '<style:page-layout style:name="pm2"><style:page-layout-properties fo:page-width="29.7cm"'
    ' fo:page-height="21cm" style:print-orientation="landscape" fo:margin-top="1cm"'
    ' fo:margin-bottom="1cm" fo:margin-left="1cm" fo:margin-right="1cm"'
    ' style:scale-to-pages="1" style:print="objects charts drawings zero-values"/>'
    "{footer_style}</style:page-layout>"
    "</office:automatic-styles><office:master-styles>"
    '<style:master-page style:name="Report" style:page-layout-name="pm1">{footer}'
    "</style:master-page>"
    '<style:master-page style:name="Summary" style:page-layout-name="pm2">{footer}'
    "</style:master-page></office:master-styles>"
).format(
    footer_style='<style:footer-style><style:header-footer-properties fo:min-height="0.5cm"'
    ' fo:margin-top="0.2cm"/></style:footer-style>',
    footer="<style:header/><style:footer><style:region-left><text:p><text:sheet-name>???"
    "</text:sheet-name></text:p></style:region-left><style:region-right><text:p>"
    "<text:page-number>1</text:page-number> / <text:page-count>1</text:page-count>"
    "</text:p></style:region-right></style:footer>",
)


def settings_xml(frozen: Sequence[str]) -> str:
    """settings.xml: the header row of each named sheet frozen (it stays on screen when
    scrolling), as LibreOffice records a "Freeze first row"."""

    def item(name: str, kind: str, value: int) -> str:
        attrs = f'config:name="{name}" config:type="{kind}"'
        return f"<config:config-item {attrs}>{value}</config:config-item>"

    sheets = "".join(
        f'<config:config-item-map-entry config:name="{xml_text(name)}">'
        + item("HorizontalSplitMode", "short", 0)
        + item("VerticalSplitMode", "short", 2)
        + item("HorizontalSplitPosition", "int", 0)
        + item("VerticalSplitPosition", "int", 1)
        + item("ActiveSplitRange", "short", 2)
        + item("PositionLeft", "int", 0)
        + item("PositionRight", "int", 0)
        + item("PositionTop", "int", 0)
        + item("PositionBottom", "int", 1)
        + "</config:config-item-map-entry>"
        for name in frozen
    )
    return (
        f'{_XML_DECL}<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:'
        'xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"'
        ' office:version="1.3"><office:settings>'
        '<config:config-item-set config:name="ooo:view-settings">'
        '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
        '<config:config-item config:name="ViewId" config:type="string">view1</config:config-item>'
        '<config:config-item-map-named config:name="Tables">'
        f"{sheets}</config:config-item-map-named>"
        "</config:config-item-map-entry></config:config-item-map-indexed>"
        "</config:config-item-set></office:settings></office:document-settings>"
    )


_NUM_STYLE = {
    ColumnKind.INT: "ce_int",
    ColumnKind.NUMBER: "ce_num",
    ColumnKind.SCORE: "ce_num",
    ColumnKind.MONEY: "ce_money",
}


def _ws(match: re.Match[str]) -> str:
    s = match.group(0)
    if s == "\t":
        return "<text:tab/>"
    if s == "\n":
        return "<text:line-break/>"
    if match.start() == 0:  # leading spaces would be dropped by ODF whitespace rules
        return f'<text:s text:c="{len(s)}"/>'
    return f' <text:s text:c="{len(s) - 1}"/>'


@lru_cache(maxsize=65_536)
def string_cell(value: str, style: str = "") -> str:
    """An inert string cell whose text survives exactly (spaces, tabs, line breaks kept)."""
    body = xml_text(value)
    if "  " in body or "\t" in body or "\n" in body or body.startswith(" "):
        body = _WHITESPACE.sub(_ws, body.replace("\r\n", "\n").replace("\r", "\n"))
    elif "\r" in body:
        body = body.replace("\r", "<text:line-break/>")
    attr = f' table:style-name="{style}"' if style else ""
    return (
        f'<table:table-cell{attr} office:value-type="string"><text:p>{body}</text:p>'
        "</table:table-cell>"
    )


@lru_cache(maxsize=262_144, typed=True)
def value_cell(value: Any, kind: ColumnKind, style: str = "") -> str:
    """One ``table:table-cell``; an empty cell for a missing value (cached: values repeat)."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        v = "true" if value else "false"
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{v}"/>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return "<table:table-cell/>"
        num = repr(value) if isinstance(value, float) else str(int(value))
        if kind is ColumnKind.SHARE:
            return (
                f'<table:table-cell table:style-name="ce_share" office:value-type="percentage"'
                f' office:value="{num}"/>'
            )
        cs = style or _NUM_STYLE.get(kind, "")
        attr = f' table:style-name="{cs}"' if cs else ""
        return f'<table:table-cell{attr} office:value-type="float" office:value="{num}"/>'
    text = str(value)
    if kind is ColumnKind.DATE and len(text) == 10 and text[4] == "-" and text[7] == "-":
        return (
            f'<table:table-cell table:style-name="ce_date" office:value-type="date"'
            f' office:date-value="{xml_text(text)}"/>'
        )
    return string_cell(text, style)


_EMPTY = "<table:table-cell/>"
_STRING_HEAD = '<table:table-cell office:value-type="string"><text:p>'
_STRING_TAIL = "</text:p></table:table-cell>"
#: Text that needs :func:`string_cell`'s whitespace rules (checked on a joined column).
_SPACES = ("  ", "\t", "\n", "\r", SEP + " ")


def _many(i: int, kind: ColumnKind, level_col: int | None) -> Batch | None:
    """The distinct values of a column of text or of numbers rendered at once (numpy object
    arrays and passes over the joined column), as :func:`value_cell` renders each; other
    columns (dates, levels, mixed types) value by value."""
    if kind is ColumnKind.DATE:
        return None
    if kind is ColumnKind.SHARE:
        head = (
            '<table:table-cell table:style-name="ce_share" office:value-type="percentage"'
            ' office:value="'
        )
    else:
        style = _NUM_STYLE.get(kind, "")
        attr = f' table:style-name="{style}"' if style else ""
        head = f'<table:table-cell{attr} office:value-type="float" office:value="'

    def render(uniques: list[Any], types: frozenset[type]) -> list[str] | None:
        if types == TEXT and i != level_col:
            return with_none(uniques, _EMPTY, _string_cells)
        if types in (FLOAT, INT):
            return with_none(uniques, _EMPTY, lambda nums: number_texts(nums, head, '"/>', _EMPTY))
        return None

    return render


def _string_cells(texts: list[str]) -> list[str]:
    """:func:`string_cell` of each text (no style): the column escaped, wrapped and split in
    a few C passes; text by text when one needs the whitespace rules."""
    joined = escaped_joined(texts)
    if joined is None or joined.startswith(" ") or any(s in joined for s in _SPACES):
        return [string_cell(t) for t in texts]
    wrapped = joined.replace(SEP, _STRING_TAIL + SEP + _STRING_HEAD)
    return (_STRING_HEAD + wrapped + _STRING_TAIL).split(SEP)


def _range_name(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _cell(value: Any, kind: ColumnKind, style: str = "") -> str:
    try:
        return value_cell(value, kind, style)
    except TypeError:  # unhashable (a list in an AUTO column): shown as text
        return string_cell(str(value), style)


def _level_cell(value: Any, kind: ColumnKind, styles: Mapping[str, str]) -> str:
    return _cell(value, kind, styles.get(value, "") if isinstance(value, str) else "")


def rows_xml(
    table: Table, level_styles: Mapping[str, str], start: int = 0, stop: int | None = None
) -> bytes:
    """The ``table:table-row`` elements of rows ``start:stop`` as UTF-8, from the cell pass
    the xlsx writer shares (:func:`column_cells`); the level column gets its level's style.

    Each column's distinct cells are encoded once and the slice's cells joined as bytes
    (:func:`joined_grid`): the sheet's text is never built as one string to encode again.
    """

    def renderer(i: int, kind: ColumnKind) -> Callable[[Any], str]:
        if i == table.level_col:
            return partial(_level_cell, kind=kind, styles=level_styles)
        return partial(_cell, kind=kind)

    columns = column_cells(
        table,
        renderer,
        start,
        stop,
        by_row=lambda i: i != table.level_col,
        batch=partial(_many, level_col=table.level_col),
    )
    if not columns:
        return b""
    texts, codes = columns[0]
    rows = len(texts) if codes is None else len(codes)
    cells = [cell_bytes(c) for c in columns]
    return joined_grid([b"<table:table-row>", *cells, b"</table:table-row>"], rows)


def write_table(
    out: IO[bytes],
    table: Table,
    *,
    header: bool = True,
    level_styles: Mapping[str, str] | None = None,
    shapes: str = "",
) -> None:
    """One ``table:table`` written to ``out`` (UTF-8) a slice of :data:`SLICE` rows at a time;
    ``level_styles`` maps a shown level text to its style; ``shapes`` is its ``table:shapes``
    element (the charts' frames)."""
    # A key/value block (the summary) prints on one page; a table on as many as it needs.
    page = "ta1" if header else "ta2"
    head = [f'<table:table table:name="{xml_text(table.title)}" table:style-name="{page}">']
    head.append(shapes)
    head += [f'<table:table-column table:style-name="co_{c.width}"/>' for c in table.columns]
    if header:
        cells = "".join(string_cell(c.header, "ce_head") for c in table.columns)
        head.append(
            f"<table:table-header-rows><table:table-row>{cells}</table:table-row>"
            "</table:table-header-rows>"
        )
    out.write("".join(head).encode("utf-8"))
    for start in range(0, len(table.rows), SLICE):
        out.write(rows_xml(table, level_styles or {}, start, start + SLICE))
    out.write(b"</table:table>")


def table_xml(
    table: Table,
    *,
    header: bool = True,
    level_styles: Mapping[str, str] | None = None,
    shapes: str = "",
) -> bytes:
    """:func:`write_table` as bytes (a small table)."""
    buf = io.BytesIO()
    write_table(buf, table, header=header, level_styles=level_styles, shapes=shapes)
    return buf.getvalue()


def ods_bytes(
    tables: Sequence[Table],
    *,
    headerless: frozenset[str] = frozenset(),
    level_labels: Mapping[str, Sequence[str]] | None = None,
    lang: str,
    charts: Mapping[str, Sequence[BarChart]] | None = None,
    compresslevel: int | None = None,
) -> bytes:
    """:func:`write_ods` into bytes: the finished, deterministic document (passing it through
    :func:`vendorlock.fileio.normalise_zip` again changes nothing)."""
    buf = io.BytesIO()
    write_ods(
        buf,
        tables,
        headerless=headerless,
        level_labels=level_labels,
        lang=lang,
        charts=charts,
        compresslevel=compresslevel,
    )
    return buf.getvalue()


def write_ods(
    out: IO[bytes],
    tables: Sequence[Table],
    *,
    headerless: frozenset[str] = frozenset(),
    level_labels: Mapping[str, Sequence[str]] | None = None,
    lang: str = "en",
    charts: Mapping[str, Sequence[BarChart]] | None = None,
    compresslevel: int | None = None,
) -> None:
    """A complete ods document written to ``out``: one table per report table, autofilter on
    each header row, ``charts`` (keyed by table id) as native chart objects over its cells.

    Header rows are frozen on screen and repeated on every printed page (A4 landscape, one page
    wide); numbers, money, shares and dates use ``lang``'s formats (:func:`number_styles`).

    The zip is written once, in order (``mimetype`` first and stored, as ODF requires; then the
    members sorted by name, as :func:`vendorlock.fileio.normalise_zip` orders them), and
    ``content.xml`` is compressed sheet by sheet, a slice of rows at a time, as it is
    produced: the document is never held whole in memory.
    """
    level_styles = {
        text: f"ce_level_{level}" for level, texts in (level_labels or {}).items() for text in texts
    }
    widths = sorted({c.width for tb in tables for c in tb.columns})
    col_styles = "".join(
        f'<style:style style:name="co_{w}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{w * 0.19:.2f}cm"/></style:style>'
        for w in widths
    )
    ranges: list[str] = []
    frozen: list[str] = []
    objects: list[str] = []
    shapes: list[str] = []
    for i, tb in enumerate(tables):
        header = tb.id not in headerless
        if header:
            frozen.append(tb.title)
            name = _range_name(tb.title)
            end = f"{column_letter(len(tb.columns) - 1)}{max(len(tb.rows) + 1, 2)}"
            ranges.append(
                f'<table:database-range table:name="__Anonymous_Sheet_DB__{i}"'
                f' table:target-range-address="{xml_text(f"{name}.A1:{name}.{end}")}"'
                ' table:display-filter-buttons="true"/>'
            )
        sheet_charts = (charts or {}).get(tb.id, ())
        shapes.append(chart_frames(sheet_charts, len(objects) + 1) if sheet_charts else "")
        objects += [chart_content(c) for c in sheet_charts]
    db = f"<table:database-ranges>{''.join(ranges)}</table:database-ranges>" if ranges else ""
    manifest = (
        f'{_XML_DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
        'manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3"'
        f' manifest:media-type="{MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>'
        + "".join(
            f'<manifest:file-entry manifest:full-path="Object {i}/" manifest:version="1.3"'
            f' manifest:media-type="{CHART_MIME}"/>'
            f'<manifest:file-entry manifest:full-path="Object {i}/content.xml"'
            ' manifest:media-type="text/xml"/>'
            for i in range(1, len(objects) + 1)
        )
        + "</manifest:manifest>"
    )
    styles = f"{_XML_DECL}<office:document-styles {_NS}>{PAGE_STYLES}</office:document-styles>"
    meta = (
        f'{_XML_DECL}<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
        'office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
        ' office:version="1.3">'
        "<office:meta><meta:generator>vendorlock</meta:generator></office:meta></office:document-meta>"
    )
    with ZipWriter(out, compresslevel) as zf:
        zf.add("mimetype", MIMETYPE)
        zf.add("META-INF/manifest.xml", manifest)
        for i, o in enumerate(objects, start=1):
            zf.add(f"Object {i}/content.xml", o)
        with zf.stream("content.xml", large=_large(tables)) as fh:
            fh.write(
                f"{_XML_DECL}<office:document-content {_NS}><office:automatic-styles>"
                f"{col_styles}{number_styles(lang)}</office:automatic-styles>"
                "<office:body><office:spreadsheet>".encode()
            )
            for tb, shape in zip(tables, shapes, strict=True):
                header = tb.id not in headerless
                write_table(fh, tb, header=header, level_styles=level_styles, shapes=shape)
            fh.write(f"{db}</office:spreadsheet></office:body></office:document-content>".encode())
        zf.add("meta.xml", meta)
        zf.add("settings.xml", settings_xml(frozen))
        zf.add("styles.xml", styles)


def _large(tables: Sequence[Table]) -> bool:
    """Whether the sheets may pass 2 GiB of XML (a zip64 member): over 8 M cells."""
    return sum(len(tb.rows) * len(tb.columns) for tb in tables) > LARGE_CELLS
