"""Native bar charts in the ods workbook: the same :class:`~vendorlock.reports.xlsx.BarChart`
data as the xlsx, written as embedded ODF chart objects over the sheet's cells.

Each chart is a sub-document (``Object N/content.xml``, ``chart:chart``) whose series point at
the summary's cells (``table:cell-range-address``), so LibreOffice draws it from the values in
the sheet; a frame in the sheet's ``table:shapes`` places it beside the key figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from vendorlock.reports.cells import column_letter, xml_text
from vendorlock.reports.xlsx import BarChart

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:chart="urn:oasis:names:tc:opendocument:xmlns:chart:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"'
)
CHART_MIME = "application/vnd.oasis.opendocument.chart"
#: Chart size on the sheet (cm) and its left edge: right of the summary's two columns.
WIDTH, HEIGHT, LEFT = 16.0, 8.0, 19.5


def _range(sheet: str, col: int, first: int, last: int) -> str:
    name = "'" + sheet.replace("'", "''") + "'"
    letter = column_letter(col)
    return f"{name}.{letter}{first}:{name}.{letter}{last}"


def chart_content(chart: BarChart) -> str:
    """``Object N/content.xml``: a bar chart over the chart's cells, one colour per point."""
    n = max(len(chart.categories), 1)
    last = chart.first_row + n - 1
    cats = _range(chart.sheet, chart.cat_col, chart.first_row, last)
    vals = _range(chart.sheet, chart.val_col, chart.first_row, last)
    points = "".join(
        f'<style:style style:name="pt{i}" style:family="chart"><style:graphic-properties'
        f' draw:fill="solid" draw:fill-color="#{c.lower()}"/></style:style>'
        for i, c in enumerate(chart.colours)
    )
    point_refs = "".join(
        f'<chart:data-point chart:style-name="pt{i}"/>' for i in range(len(chart.colours))
    )
    vertical = "true" if chart.horizontal else "false"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
        "<office:automatic-styles>"
        '<style:style style:name="ch" style:family="chart"><style:graphic-properties'
        ' draw:stroke="none"/></style:style>'
        '<style:style style:name="pa" style:family="chart"><style:chart-properties'
        f' chart:vertical="{vertical}"/></style:style>'
        '<style:style style:name="axx" style:family="chart"><style:chart-properties'
        f' chart:display-label="true" chart:reverse-direction="{vertical}"/>'
        '<style:text-properties fo:font-size="8pt"/></style:style>'
        '<style:style style:name="axy" style:family="chart"><style:chart-properties'
        ' chart:display-label="true"/><style:text-properties fo:font-size="8pt"/></style:style>'
        '<style:style style:name="wall" style:family="chart"><style:graphic-properties'
        ' draw:fill="none" draw:stroke="none"/></style:style>'
        '<style:style style:name="ser" style:family="chart"><style:graphic-properties'
        ' draw:fill="solid" draw:fill-color="#4472c4"/></style:style>'
        f"{points}</office:automatic-styles><office:body><office:chart>"
        f'<chart:chart svg:width="{WIDTH}cm" svg:height="{HEIGHT}cm" chart:class="chart:bar"'
        ' chart:style-name="ch">'
        f"<chart:title><text:p>{xml_text(chart.title)}</text:p></chart:title>"
        f'<chart:plot-area chart:style-name="pa" table:cell-range-address="{xml_text(vals)}"'
        ' chart:data-source-has-labels="none">'
        '<chart:axis chart:dimension="x" chart:name="primary-x" chart:style-name="axx">'
        f'<chart:categories table:cell-range-address="{xml_text(cats)}"/></chart:axis>'
        '<chart:axis chart:dimension="y" chart:name="primary-y" chart:style-name="axy">'
        '<chart:grid chart:class="major"/></chart:axis>'
        f'<chart:series chart:style-name="ser" chart:class="chart:bar"'
        f' chart:values-cell-range-address="{xml_text(vals)}">{point_refs}</chart:series>'
        '<chart:wall chart:style-name="wall"/></chart:plot-area>'
        "</chart:chart></office:chart></office:body></office:document-content>"
    )


def chart_frames(charts: Sequence[BarChart], first_object: int) -> str:
    """The sheet's ``table:shapes``: one frame per chart, stacked on the right."""
    frames = []
    for i, chart in enumerate(charts):
        top = 0.5 + i * (HEIGHT + 0.5)
        frames.append(
            f'<draw:frame draw:z-index="{i}" draw:name="{xml_text(chart.title)}"'
            f' svg:width="{WIDTH}cm" svg:height="{HEIGHT}cm" svg:x="{LEFT}cm" svg:y="{top}cm">'
            f'<draw:object xlink:href="./Object {first_object + i}" xlink:type="simple"'
            ' xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>'
        )
    return f"<table:shapes>{''.join(frames)}</table:shapes>"
