"""A small, fast SpreadsheetML (xlsx) writer for report tables, with native bar charts.

Why not openpyxl: writing a 2,000-application / 10,000-flow audit took ~1.5 s in openpyxl for
the Flows sheet alone (normal and write-only modes alike), against ~0.2 s for this writer; see
``benchmarks/bench_reports.py``. The subset written here is the one a report needs: inline
strings, numbers, booleans, dates as serials, a fixed style sheet, frozen header row,
autofilter, column widths, conditional formatting (level rules, score colour scale) and
clustered bar charts with cached values.

Formula injection: no cell is ever written as a formula (there is no ``<f>`` element in any
sheet); text is always an inline string, and text a spreadsheet would read as a formula when
edited (``=``, ``+``, ``-``, ``@``, tab, CR, full-width variants) also gets the ``quotePrefix``
style, so even re-typing the cell keeps it text.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import IO, Any

import numpy as np

from vendorlock.fileio import ZipWriter
from vendorlock.reports.cells import (
    FLOAT,
    FORMULA_PREFIXES,
    INT,
    TEXT,
    Batch,
    ColumnKind,
    Table,
    column_cells,
    column_letter,
    encoded,
    excel_serial,
    is_formula_like,
    joined_grid,
    number_texts,
    object_array,
    slice_columns,
    with_none,
    xml_text,
    xml_texts,
)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: Rows rendered at a time: the XML of one slice is in memory, never a whole sheet's.
SLICE = 4_096
#: Cells above which a worksheet is written as a zip64 member (it may pass 2 GiB of XML).
LARGE_CELLS = 8_000_000

# Cell style indices into ``cellXfs`` of :data:`STYLES_XML`.
S_HEADER, S_QUOTED, S_INT, S_NUMBER, S_MONEY, S_SHARE, S_DATE = 1, 2, 3, 4, 5, 6, 7

#: Level → (fill, font) colours, used by the conditional formatting rules (dxf ids 0..4).
LEVEL_COLOURS = {
    "insufficient_data": ("E7E6E6", "3A3838"),
    "low": ("C6EFCE", "006100"),
    "medium": ("FFEB9C", "9C5700"),
    "high": ("F8CBAD", "843C0C"),
    "critical": ("FFC7CE", "9C0006"),
}

#: Number formats per language: the ``[$-40C]`` / ``[$-809]`` locale tag makes Excel and
#: LibreOffice show French (``12 345 €``, ``41,7 %``, ``29/11/2026``) or British
#: (``€12,345``, ``41.7%``, ``29 Nov 2026``) separators and month names whatever the reader's
#: own settings. Dates stay short: a date column is 12 characters wide.
NUMBER_FORMATS = {
    "fr": (
        "[$-40C]0.0",
        '[$-40C]#,##0"\u00a0€"',
        '[$-40C]0.0"\u00a0"%',
        "[$-40C]dd/mm/yyyy",
        "[$-40C]#,##0",
    ),
    "en": ("[$-809]0.0", '[$-809]"€"#,##0', "[$-809]0.0%", "[$-809]d mmm yyyy", "[$-809]#,##0"),
}


def styles_xml(lang: str = "en") -> str:
    """The style sheet: number formats in ``lang``, bold header fill, level colours."""
    num, money, pct, day, integer = map(xml_text, NUMBER_FORMATS.get(lang, NUMBER_FORMATS["en"]))
    return (
        XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
        f'<numFmts count="5"><numFmt numFmtId="164" formatCode="{num}"/>'
        f'<numFmt numFmtId="165" formatCode="{money}"/>'
        f'<numFmt numFmtId="166" formatCode="{pct}"/>'
        f'<numFmt numFmtId="167" formatCode="{day}"/>'
        f'<numFmt numFmtId="168" formatCode="{integer}"/></numFmts>'
        '<fonts count="2"><font><sz val="10"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="10"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/>'
        "</patternFill></fill></fills>"
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="8">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"'
        ' applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>'
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"'
        ' applyNumberFormat="1"/>'
        '<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        f'<dxfs count="{len(LEVEL_COLOURS)}">'
        + "".join(
            f'<dxf><font><color rgb="FF{font}"/></font><fill><patternFill patternType="solid">'
            f'<bgColor rgb="FF{fill}"/></patternFill></fill></dxf>'
            for fill, font in LEVEL_COLOURS.values()
        )
        + "</dxfs></styleSheet>"
    )


STYLES_XML = styles_xml("en")

#: Print setup of every sheet: A4 landscape, narrow margins, fit to one page wide (as many
#: pages tall as needed), page numbers in the footer. The header row repeats on each page
#: through the workbook's ``_xlnm.Print_Titles`` names.
PAGE_SETUP = (
    '<printOptions gridLines="0"/>'
    '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="{tall}"/>'
    "<headerFooter><oddFooter>&amp;L&amp;A&amp;R&amp;P / &amp;N</oddFooter></headerFooter>"
)

_NUMBER_STYLE = {
    ColumnKind.INT: S_INT,
    ColumnKind.NUMBER: S_NUMBER,
    ColumnKind.SCORE: S_NUMBER,
    ColumnKind.MONEY: S_MONEY,
    ColumnKind.SHARE: S_SHARE,
    ColumnKind.DATE: S_DATE,
}


@dataclass(frozen=True)
class BarChart:
    """A native bar chart over cells of one sheet (1-based rows; the values are cached too)."""

    title: str
    series: str
    sheet: str
    cat_col: int
    val_col: int
    first_row: int
    categories: tuple[str, ...]
    values: tuple[float, ...]
    colours: tuple[str, ...] = ()
    percent: bool = False
    horizontal: bool = False
    anchor: tuple[int, int] = (3, 1)
    size: tuple[int, int] = (8, 16)


def text_body(value: str) -> str:
    """An inline-string cell after its ``<c r="..."`` opening, quote-prefixed if formula-like."""
    style = f' s="{S_QUOTED}"' if is_formula_like(value) else ""
    return f'{style} t="inlineStr"><is><t xml:space="preserve">{xml_text(value)}</t></is></c>'


def _number(value: float) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return repr(value) if isinstance(value, float) else str(int(value))


@lru_cache(maxsize=262_144, typed=True)
def cell_body(value: Any, kind: ColumnKind) -> str:
    """Everything of a ``<c>`` element after ``<c r="REF"``; ``""`` for a missing value.

    Cached (typed, so ``True``, ``1`` and ``1.0`` stay apart): report columns repeat values.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        num = _number(value)
        if num is None:
            return ""
        style = _NUMBER_STYLE.get(kind, 0)
        return f' s="{style}"><v>{num}</v></c>' if style else f"><v>{num}</v></c>"
    text = str(value)
    if kind is ColumnKind.DATE:
        serial = excel_serial(text)
        if serial is not None:
            return f' s="{S_DATE}"><v>{serial}</v></c>'
    return text_body(text)


def shared_body(text: str, sst: dict[str, int]) -> str:
    """A text cell (after ``<c r="..."``) pointing into the shared-strings table ``sst``."""
    idx = sst.get(text)
    if idx is None:
        idx = sst[text] = len(sst)
    style = f' s="{S_QUOTED}"' if is_formula_like(text) else ""
    return f'{style} t="s"><v>{idx}</v></c>'


def _shared(value: Any, kind: ColumnKind) -> str | None:
    """The text a cell of ``kind`` holding ``value`` puts in the shared strings, None when
    the cell is a number, boolean, date, blank or inline string (:func:`cell_body`)."""
    if type(value) is str:
        return value if kind is not ColumnKind.DATE or excel_serial(value) is None else None
    try:
        hash(value)
    except TypeError:  # an unhashable value (a list in an AUTO column): shown as text
        return str(value)
    return None


def _body(value: Any, kind: ColumnKind, sst: dict[str, int]) -> str:
    text = _shared(value, kind)
    return cell_body(value, kind) if text is None else shared_body(text, sst)


def _collect(value: Any, kind: ColumnKind, sst: dict[str, int]) -> str:
    """Numbers ``value``'s shared text, if any, as :func:`_body` would (no cell written)."""
    text = _shared(value, kind)
    if text is not None and text not in sst:
        sst[text] = len(sst)
    return ""


def _many(i: int, kind: ColumnKind, sst: dict[str, int]) -> Batch | None:
    """The distinct values of a column of text or of numbers rendered at once (numpy object
    arrays), as :func:`_body` renders each; other columns (dates, mixed types) value by value."""
    if kind is ColumnKind.DATE:
        return None
    style = _NUMBER_STYLE.get(kind, 0)
    head = f' s="{style}"><v>' if style else "><v>"

    def render(uniques: list[Any], types: frozenset[type]) -> list[str] | None:
        if types == TEXT:
            return with_none(uniques, "", lambda texts: _shared_bodies(texts, sst))
        if types in (FLOAT, INT):
            return with_none(uniques, "", lambda nums: number_texts(nums, head, "</v></c>", ""))
        return None

    return render


def _shared_bodies(texts: list[str], sst: dict[str, int]) -> np.ndarray:
    """:func:`shared_body` of each text, as numpy object-array concatenations."""
    for text in itertools.filterfalse(sst.__contains__, texts):
        sst[text] = len(sst)
    index = object_array(list(map(str, map(sst.__getitem__, texts))))
    quoted = np.fromiter(
        map(str.startswith, texts, itertools.repeat(FORMULA_PREFIXES)), dtype=bool, count=len(texts)
    )
    head = np.where(quoted, f' s="{S_QUOTED}" t="s"><v>', ' t="s"><v>')
    result: np.ndarray = head + index + "</v></c>"
    return result


def shared_strings(tables: Sequence[Table]) -> dict[str, int]:
    """The shared strings of ``tables`` numbered as writing their sheets in order numbers
    them (sheet, slice of rows, column, first appearance): known before any sheet is
    written, so the workbook's members go in name order (``xl/sharedStrings.xml`` before
    ``xl/worksheets/``) in one pass.

    Read from the column pass the sheets (and the ods tables) then reuse
    (:func:`~vendorlock.reports.cells.slice_columns`): a column of numbers is skipped, a
    column of text adds its distinct strings in C, other columns (dates, mixed types) add
    their distinct values' texts; only a key/value block's AUTO column (a summary) or a column
    with a signed zero or an unhashable value is looked at value by value."""
    sst: dict[str, int] = {}
    for table in tables:
        kinds = table.row_kinds or {}
        for start in range(0, len(table.rows), SLICE):
            for column in slice_columns(table, start, start + SLICE):
                kind = column.kind
                if column.found is not None:
                    types, uniques = column.found.types, column.found.uniques
                    if types <= _NEVER_SHARED:
                        continue
                    if types == TEXT and kind is not ColumnKind.DATE:
                        firsts = dict.fromkeys(uniques)
                        firsts.pop(None, None)
                        new = itertools.filterfalse(sst.__contains__, firsts)
                        sst.update(zip(new, itertools.count(len(sst))))
                        continue
                    for v in uniques:
                        _collect(v, kind, sst)
                    continue
                for r, v in enumerate(column.values or (), start=start):
                    _collect(v, kinds.get(r, kind) if kind is ColumnKind.AUTO else kind, sst)
    return sst


#: Types whose cells are never shared strings (numbers, booleans).
_NEVER_SHARED = frozenset({int, float, bool})


def rows_xml(
    table: Table, first_row: int, sst: dict[str, int], start: int = 0, stop: int | None = None
) -> bytes:
    """The ``<row>`` elements of rows ``start:stop`` of ``table`` as UTF-8 (``first_row`` is
    the sheet row of row 0); text goes to ``sst``.

    The cells come from the pass the ods writer shares (:func:`column_cells`): each column's
    distinct values rendered once and taken by index. A cell's ``<c r="B12"`` is four items
    of the row-major grid joined once (:func:`joined_grid`) — the column's letters, the row's
    number, the closing quote, the body — so no text is built per cell (a per-cell f-string
    loop was 4–5× slower on the 2,000-application benchmark; concatenating the reference per
    cell, or joining the grid as bytes, 1.3–1.4× slower). Shared strings halve the XML to
    compress compared with inline strings.
    """
    columns = column_cells(
        table,
        lambda i, kind: partial(_body, kind=kind, sst=sst),
        start,
        stop,
        batch=partial(_many, sst=sst),
    )
    if not columns:
        return b""
    texts, codes = columns[0]
    n = len(texts) if codes is None else len(codes)
    top = first_row + start
    nums = object_array(" ".join(map(str, range(top, top + n))).split(" "))
    parts: list[str | np.ndarray] = ['<row r="', nums, '">']
    for i, (texts, codes) in enumerate(columns):
        bodies = object_array(texts) if codes is None else object_array(texts)[codes]
        ref = '<c r="' + column_letter(i)
        if "" not in texts:
            parts += [ref, nums, '"', bodies]
            continue
        # a missing value writes no <c> at all: its reference is left out with its body
        missing = object_array(texts) == ""
        if codes is not None:
            missing = missing[codes]
        parts += [np.where(missing, "", ref), np.where(missing, "", nums)]
        parts += [np.where(missing, "", '"'), bodies]
    parts.append("</row>")
    return joined_grid(parts, n)


def _quoted_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def sheet_xml(
    table: Table,
    *,
    header: bool = True,
    drawing: bool = False,
    level_labels: Mapping[str, Sequence[str]] | None = None,
    sst: dict[str, int] | None = None,
) -> str:
    """The worksheet part for ``table`` as text (:func:`write_sheet`)."""
    buf = io.BytesIO()
    write_sheet(buf, table, header=header, drawing=drawing, level_labels=level_labels, sst=sst)
    return buf.getvalue().decode("utf-8")


def write_sheet(
    stream: IO[bytes],
    table: Table,
    *,
    header: bool = True,
    drawing: bool = False,
    level_labels: Mapping[str, Sequence[str]] | None = None,
    sst: dict[str, int] | None = None,
) -> None:
    """The worksheet part for ``table`` written to ``stream``: widths, frozen header, rows (a
    slice of :data:`SLICE` at a time), autofilter, formatting."""
    ncols = len(table.columns)
    letters = [column_letter(i) for i in range(ncols)]
    out: list[str] = [XML_DECL, f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}">']
    out.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    last = len(table.rows) + (1 if header else 0)
    out.append(f'<dimension ref="A1:{letters[-1]}{max(last, 1)}"/>')
    if header:
        out.append(
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
            ' activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2"'
            ' sqref="A2"/></sheetView></sheetViews>'
        )
    else:
        out.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
    out.append('<sheetFormatPr defaultRowHeight="15"/><cols>')
    out += [
        f'<col min="{i + 1}" max="{i + 1}" width="{c.width}" customWidth="1"/>'
        for i, c in enumerate(table.columns)
    ]
    out.append("</cols><sheetData>")
    rownum = 1
    if header:
        cells = "".join(
            f'<c r="{letters[i]}1" s="{S_HEADER}" t="inlineStr"><is><t xml:space="preserve">'
            f"{xml_text(c.header)}</t></is></c>"
            for i, c in enumerate(table.columns)
        )
        out.append(f'<row r="1">{cells}</row>')
        rownum = 2
    stream.write("".join(out).encode("utf-8"))
    out = []
    sst = {} if sst is None else sst
    for start in range(0, len(table.rows), SLICE):
        stream.write(rows_xml(table, rownum, sst, start, start + SLICE))
    out.append("</sheetData>")
    if header:
        out.append(f'<autoFilter ref="A1:{letters[-1]}{max(last, 2)}"/>')
        out.append(_conditional_formatting(table, letters, last, level_labels or {}))
    # A key/value block (the summary) prints on one page; a table on as many as it needs.
    out.append(PAGE_SETUP.replace("{tall}", "0" if header else "1"))
    if drawing:
        out.append('<drawing r:id="rId1"/>')
    out.append("</worksheet>")
    stream.write("".join(out).encode("utf-8"))


def _conditional_formatting(
    table: Table, letters: Sequence[str], last: int, level_labels: Mapping[str, Sequence[str]]
) -> str:
    """Level cells coloured by rule (matching the localised level texts), scores by colour scale."""
    if last < 2:
        return ""
    parts: list[str] = []
    priority = 1
    if table.level_col is not None:
        ref = f"{letters[table.level_col]}2:{letters[table.level_col]}{last}"
        rules = []
        for dxf, level in enumerate(LEVEL_COLOURS):
            for text in level_labels.get(level, (level,)):
                quoted = '"' + text.replace('"', '""') + '"'
                rules.append(
                    f'<cfRule type="cellIs" dxfId="{dxf}" priority="{priority}" operator="equal">'
                    f"<formula>{xml_text(quoted)}</formula></cfRule>"
                )
                priority += 1
        parts.append(
            f'<conditionalFormatting sqref="{ref}">{"".join(rules)}</conditionalFormatting>'
        )
    if table.score_col is not None:
        ref = f"{letters[table.score_col]}2:{letters[table.score_col]}{last}"
        parts.append(
            f'<conditionalFormatting sqref="{ref}"><cfRule type="colorScale" priority="{priority}">'
            '<colorScale><cfvo type="num" val="0"/><cfvo type="num" val="50"/>'
            '<cfvo type="num" val="100"/><color rgb="FF63BE7B"/><color rgb="FFFFEB84"/>'
            '<color rgb="FFF8696B"/></colorScale></cfRule></conditionalFormatting>'
        )
    return "".join(parts)


def chart_xml(chart: BarChart, axis_base: int) -> str:
    """A clustered bar chart part with its data referenced on the sheet and cached."""
    n = len(chart.categories)
    sheet = xml_text(_quoted_sheet(chart.sheet))
    cl, vl = column_letter(chart.cat_col), column_letter(chart.val_col)
    r0, r1 = chart.first_row, chart.first_row + max(n, 1) - 1
    cats = "".join(
        f'<c:pt idx="{i}"><c:v>{xml_text(c)}</c:v></c:pt>' for i, c in enumerate(chart.categories)
    )
    vals = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(chart.values))
    points = "".join(
        f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
        f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr></c:dPt>'
        for i, colour in enumerate(chart.colours)
    )
    fmt = "0%" if chart.percent else "General"
    ax1, ax2 = axis_base + 1, axis_base + 2
    return (
        XML_DECL + f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
        '<c:roundedCorners val="0"/><c:chart>'
        f"<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr/></a:pPr>"
        f"<a:r><a:t>{xml_text(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
        f'<c:barChart><c:barDir val="{"bar" if chart.horizontal else "col"}"/>'
        '<c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>{xml_text(chart.series)}</c:v></c:tx>'
        '<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr>'
        f'<c:invertIfNegative val="0"/>{points}'
        f"<c:cat><c:strRef><c:f>{sheet}!${cl}${r0}:${cl}${r1}</c:f><c:strCache>"
        f'<c:ptCount val="{n}"/>{cats}</c:strCache></c:strRef></c:cat>'
        f"<c:val><c:numRef><c:f>{sheet}!${vl}${r0}:${vl}${r1}</c:f><c:numCache>"
        f'<c:formatCode>{fmt}</c:formatCode><c:ptCount val="{n}"/>{vals}</c:numCache></c:numRef>'
        "</c:val></c:ser>"
        f'<c:gapWidth val="80"/><c:axId val="{ax1}"/><c:axId val="{ax2}"/></c:barChart>'
        f'<c:catAx><c:axId val="{ax1}"/><c:scaling><c:orientation val="'
        f'{"maxMin" if chart.horizontal else "minMax"}"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{"l" if chart.horizontal else "b"}"/><c:numFmt formatCode="General"'
        ' sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{ax2}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{ax2}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{"b" if chart.horizontal else "l"}"/><c:majorGridlines/>'
        f'<c:numFmt formatCode="{fmt}" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{ax1}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        '</c:valAx></c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "</c:chartSpace>"
    )


def drawing_xml(charts: Sequence[BarChart], first_rid: int = 1) -> str:
    anchors = []
    for i, chart in enumerate(charts):
        col, row = chart.anchor
        w, h = chart.size
        anchors.append(
            f"<xdr:twoCellAnchor><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f"<xdr:to><xdr:col>{col + w}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row + h}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{i + 2}"'
            f' name="Chart {i + 1}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
            f'<a:graphicData uri="{NS_C}"><c:chart xmlns:c="{NS_C}" r:id="rId{first_rid + i}"/>'
            "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
        )
    return (
        XML_DECL
        + f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
        + "".join(anchors)
        + "</xdr:wsDr>"
    )


def _rels(items: Sequence[tuple[str, str]]) -> str:
    body = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(items)
    )
    return XML_DECL + f'<Relationships xmlns="{NS_PKG_R}">{body}</Relationships>'


def xlsx_bytes(
    tables: Sequence[Table],
    charts: Mapping[str, Sequence[BarChart]] | None = None,
    *,
    headerless: frozenset[str] = frozenset(),
    level_labels: Mapping[str, Sequence[str]] | None = None,
    lang: str,
    compresslevel: int | None = None,
) -> bytes:
    """:func:`write_xlsx` into bytes: the finished, deterministic workbook (passing it through
    :func:`vendorlock.fileio.normalise_zip` again changes nothing)."""
    buf = io.BytesIO()
    write_xlsx(
        buf,
        tables,
        charts,
        headerless=headerless,
        level_labels=level_labels,
        lang=lang,
        compresslevel=compresslevel,
    )
    return buf.getvalue()


def write_xlsx(
    out: IO[bytes],
    tables: Sequence[Table],
    charts: Mapping[str, Sequence[BarChart]] | None = None,
    *,
    headerless: frozenset[str] = frozenset(),
    level_labels: Mapping[str, Sequence[str]] | None = None,
    lang: str = "en",
    compresslevel: int | None = None,
) -> None:
    """A complete workbook written to ``out``: one sheet per table (in order), ``charts``
    keyed by table id.

    Every sheet prints on A4 landscape, one page wide, its header row repeated on each page;
    numbers, money, shares and dates use ``lang``'s formats (:data:`NUMBER_FORMATS`).

    ``headerless`` names tables written without a header row, frozen pane or autofilter (the
    summary's key/value blocks); ``level_labels`` gives the localised texts the conditional
    formatting matches for each level.

    The zip is written once, compressed, in its final order: ``[Content_Types].xml`` then
    every other member sorted by name (as :func:`vendorlock.fileio.normalise_zip` orders
    them, so no second pass is needed). The shared strings are numbered first by a light
    pass over the distinct values (:func:`shared_strings`), so ``xl/sharedStrings.xml`` can
    precede the worksheets; each worksheet is compressed a slice of rows at a time as it is
    produced, never held whole in memory.
    """
    charts = charts or {}
    parts: dict[str, str | bytes] = {}
    overrides = [
        (
            "/xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
        (
            "/xl/styles.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
        ),
    ]
    sheets_xml, defined = [], []
    chart_no = drawing_no = 0
    for i, table in enumerate(tables, start=1):
        sheet_charts = charts.get(table.id, ())
        header = table.id not in headerless
        overrides.append(
            (
                f"/xl/worksheets/sheet{i}.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
            )
        )
        sheets_xml.append(f'<sheet name="{xml_text(table.title)}" sheetId="{i}" r:id="rId{i}"/>')
        if header:
            last = max(len(table.rows) + 1, 2)
            ref = (
                f"{_quoted_sheet(table.title)}!$A$1:${column_letter(len(table.columns) - 1)}${last}"
            )
            defined.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}" hidden="1">'
                f"{xml_text(ref)}</definedName>"
            )
            defined.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{i - 1}">'
                f"{xml_text(_quoted_sheet(table.title))}!$1:$1</definedName>"
            )
        if sheet_charts:
            drawing_no += 1
            parts[f"xl/worksheets/_rels/sheet{i}.xml.rels"] = _rels(
                [(f"{REL}/drawing", f"../drawings/drawing{drawing_no}.xml")]
            )
            parts[f"xl/drawings/drawing{drawing_no}.xml"] = drawing_xml(sheet_charts)
            overrides.append(
                (
                    f"/xl/drawings/drawing{drawing_no}.xml",
                    "application/vnd.openxmlformats-officedocument.drawing+xml",
                )
            )
            chart_rels = []
            for chart in sheet_charts:
                chart_no += 1
                parts[f"xl/charts/chart{chart_no}.xml"] = chart_xml(chart, 50_000 + 10 * chart_no)
                overrides.append(
                    (
                        f"/xl/charts/chart{chart_no}.xml",
                        "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
                    )
                )
                chart_rels.append((f"{REL}/chart", f"../charts/chart{chart_no}.xml"))
            parts[f"xl/drawings/_rels/drawing{drawing_no}.xml.rels"] = _rels(chart_rels)
    names = f"<definedNames>{''.join(defined)}</definedNames>" if defined else ""
    parts["xl/workbook.xml"] = (
        XML_DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_R}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets>{"".join(sheets_xml)}</sheets>{names}<calcPr calcId="191029"/></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = _rels(
        [(f"{REL}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(tables) + 1)]
        + [(f"{REL}/styles", "styles.xml"), (f"{REL}/sharedStrings", "sharedStrings.xml")]
    )
    parts["xl/styles.xml"] = styles_xml(lang)
    overrides.append(
        (
            "/xl/sharedStrings.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
        )
    )
    parts["_rels/.rels"] = _rels([(f"{REL}/officeDocument", "xl/workbook.xml")])
    types = "".join(f'<Override PartName="{p}" ContentType="{ct}"/>' for p, ct in overrides)
    parts["[Content_Types].xml"] = (
        XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{types}</Types>"
    )
    sst = shared_strings(tables)
    large = sum(len(tb.rows) * len(tb.columns) for tb in tables) > LARGE_CELLS
    sheet_names = {f"xl/worksheets/sheet{i}.xml": table for i, table in enumerate(tables, start=1)}
    with ZipWriter(out, compresslevel) as zf:
        zf.add("[Content_Types].xml", parts.pop("[Content_Types].xml"))
        for name in sorted([*parts, "xl/sharedStrings.xml", *sheet_names]):
            if name in parts:
                zf.add(name, parts[name])
            elif name in sheet_names:
                table = sheet_names[name]
                with zf.stream(name, large=large) as fh:
                    write_sheet(
                        fh,
                        table,
                        header=table.id not in headerless,
                        drawing=bool(charts.get(table.id)),
                        level_labels=level_labels,
                        sst=sst,
                    )
            else:
                with zf.stream(name, large=large) as fh:
                    _write_shared_strings(fh, sst)


def _write_shared_strings(fh: IO[bytes], sst: Mapping[str, int]) -> None:
    """``xl/sharedStrings.xml``, encoded a slice of strings at a time (see ods.rows_xml)."""
    fh.write(f'{XML_DECL}<sst xmlns="{NS_MAIN}" uniqueCount="{len(sst)}">'.encode())
    texts = iter(sst)
    while strings := list(itertools.islice(texts, SLICE)):
        escaped = object_array(encoded(xml_texts(strings)))
        head = b'<si><t xml:space="preserve">'
        fh.write(joined_grid([head, escaped, b"</t></si>"], len(strings)))
    fh.write(b"</sst>")
