"""Any text round-trips inert through every writer (property-based, hypothesis).

Names come from inventories, so a writer must carry any text: control characters, bidi
overrides, formula prefixes (= + - @), HTML and XML markup, quotes, whitespace runs. Each
property writes one text and reads the file back with an independent reader: the text comes
back (XML-invalid characters as U+FFFD, carriage returns as line breaks where the format
normalises them) and nothing became a formula, an element or a second record.
"""

from __future__ import annotations

import io
import json
import zipfile
from html.parser import HTMLParser

import networkx as nx
import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from vendorlock import jsonio
from vendorlock.fileio import normalise_zip
from vendorlock.graph import GraphFormat, graph_bytes
from vendorlock.i18n import Lang
from vendorlock.reports.cells import Column, ColumnKind, Table
from vendorlock.reports.html import table_html
from vendorlock.reports.ods import ods_bytes
from vendorlock.reports.xlsx import xlsx_bytes
from vendorlock.textsafe import xml_clean

#: Pieces an attacker would use, mixed with arbitrary text.
PIECES = st.sampled_from(
    [
        "=",
        "+",
        "-",
        "@",
        "＝",
        '=HYPERLINK("http://x","y")',
        "=1+1",
        "@SUM(A1)",
        "<script>alert(1)</script>",
        "<b>",
        "]]>",
        "&amp;",
        "&#0;",
        '"',
        "'",
        "\\",
        "\x00",
        "\x01",
        "\x08",
        "\x0b",
        "\x0c",
        "\x1b[2J",
        "\x7f",
        "\x85",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "\u202e",
        "\u2066",
        "\u200b",
        "\ufeff",
        "\u2028",
        "\ufffe",
        "  ",
        " ",
        "-> ",
        "digraph",
        "{",
        "}",
        ";",
        "\\N",
        "|",
        "*",
        "#",
        "_x0041_",
        "🦊",
        "مرحبا",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _xml_expected(text: str) -> str:
    """What an XML format gives back: illegal characters replaced, CR normalised to LF."""
    return xml_clean(text).replace("\r\n", "\n").replace("\r", "\n")


def _table(text: str) -> Table:
    return Table("t", "Sheet", (Column("Name", ColumnKind.TEXT),), [[text]])


@SETTINGS
@given(TEXT)
def test_xlsx_cell_round_trips_as_a_string_never_a_formula(text: str) -> None:
    data = normalise_zip(xlsx_bytes([_table(text)], lang="en"), first="[Content_Types].xml")
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cell = ws.cell(2, 1)
    if text == "":
        assert cell.value in (None, "")
        return
    assert cell.data_type == "s"
    assert cell.value == _xml_expected(text)


def _odf_text(p: etree._Element) -> str:
    ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    out = [p.text or ""]
    for child in p:
        if child.tag == f"{ns}s":
            out.append(" " * int(child.get(f"{ns}c", "1")))
        elif child.tag == f"{ns}tab":
            out.append("\t")
        elif child.tag == f"{ns}line-break":
            out.append("\n")
        else:  # any other element would be markup injected by the text
            raise AssertionError(f"unexpected element {child.tag}")
        out.append(child.tail or "")
    return "".join(out)


@SETTINGS
@given(TEXT)
def test_ods_cell_round_trips_as_a_string_never_a_formula(text: str) -> None:
    data = normalise_zip(ods_bytes([_table(text)], lang="en"), first="mimetype")
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("content.xml"))
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    assert not root.xpath("//@*[local-name()='formula']")
    cells = root.findall(f".//{{{table_ns}}}table-cell")
    paragraphs = cells[1].findall("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p")
    got = "\n".join(_odf_text(p) for p in paragraphs)
    assert got == (_xml_expected(text) if text else "")


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.cells: list[str] = []
        self._in_td = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "td":
            self._in_td = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_td = False

    def handle_data(self, data: str) -> None:
        if self._in_td:
            self.cells[-1] += data


@SETTINGS
@given(TEXT)
def test_html_cell_round_trips_as_text_never_markup(text: str) -> None:
    parser = _Cells()
    parser.feed(table_html(_table(text), Lang.EN))
    parser.close()
    allowed = {"div", "table", "colgroup", "col", "thead", "tr", "th", "tbody", "td", "p"}
    assert set(parser.tags) <= allowed
    assert parser.tags.count("p") == 1  # the box's phone hint (« Scroll → »), never a cell's
    assert parser.cells == [text]


@SETTINGS
@given(
    st.recursive(
        TEXT | st.integers() | st.floats(allow_nan=False, allow_infinity=False),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=10,
    )
)
def test_json_round_trips_exactly(value: object) -> None:
    text = jsonio.dumps(value, ensure_ascii=False, sort_keys=True)
    assert json.loads(text) == value


@SETTINGS
@given(TEXT, TEXT)
def test_graphml_round_trips_every_label(label: str, relation: str) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("app:a", label=label, kind="application")
    graph.add_node("editor:e", label="E", kind="editor")
    graph.add_edge("app:a", "editor:e", key="k", relation=relation)
    data = graph_bytes(graph, GraphFormat.GRAPHML)
    back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert back.nodes["app:a"]["label"] == xml_clean(label)  # lxml escapes CR as &#13;
    ((_, _, attrs),) = back.edges(data=True)
    assert attrs["relation"] == xml_clean(relation)
    gexf = etree.fromstring(graph_bytes(graph, GraphFormat.GEXF))  # parses: valid XML
    assert gexf is not None


@SETTINGS
@given(TEXT)
def test_dot_keeps_every_label_inside_one_quoted_string(label: str) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("app:a", label=label)
    text = graph_bytes(graph, GraphFormat.DOT).decode("utf-8")
    lines = text.split("\n")[:-1]  # Graphviz breaks lines on LF only (not on U+2028)
    assert lines[0].startswith("digraph ") and lines[-1] == "}"
    assert len(lines) == 4  # header, graph attributes, the node, closing brace
    assert not any(ord(c) < 32 and c not in "\t\n" for c in text)
