"""Exports: every attribute survives, files parse, DOT is escaped, bytes are reproducible."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from vendorlock.graph import GraphFormat, build_graph, export_graph, graph_bytes
from vendorlock.graph.dot import quote
from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries

HOSTILE = 'Fin "Pro"\n<script>alert(1)</script> =HYPERLINK("x") \\N 🦊 مرحبا'


@pytest.fixture(scope="module")
def graph(tiny_portfolio: Portfolio, tiny_registries: Registries) -> nx.MultiDiGraph:
    g = build_graph(tiny_portfolio, tiny_registries)
    g.nodes["app:a1"]["label"] = HOSTILE
    return g


def test_graphml_reread_has_every_node_and_edge_attribute(
    graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = export_graph(graph, GraphFormat.GRAPHML, tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    original = {k: d for *_, k, d in graph.edges(keys=True, data=True)}
    reread = {k: d for *_, k, d in back.edges(keys=True, data=True)}
    assert reread == original


def test_gexf_parses_with_lxml_and_keeps_attributes(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = export_graph(graph, GraphFormat.GEXF, tmp_path / "g.gexf")
    root = etree.parse(str(path)).getroot()
    ns = {"g": root.nsmap[None]}
    nodes = root.findall(".//g:node", ns)
    assert len(nodes) == graph.number_of_nodes()
    assert len(root.findall(".//g:edge", ns)) == graph.number_of_edges()
    titles = {a.get("title") for a in root.findall(".//g:attributes/g:attribute", ns)}
    assert {"kind", "relation", "format", "standard", "openness"} <= titles
    back = nx.read_gexf(path)
    assert back.nodes["app:a1"]["label"] == HOSTILE


def test_json_export_round_trips(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    import json

    path = export_graph(graph, GraphFormat.JSON, tmp_path / "g.json")
    back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))


@pytest.mark.parametrize(
    ("raw", "quoted"),
    [
        ('say "hi"', '"say \\"hi\\""'),
        ("two\nlines", '"two\\nlines"'),
        ("back\\slash", '"back\\\\slash"'),
        ("<script>", '"<script>"'),
    ],
    ids=["quotes", "newline", "backslash", "html-like stays a plain string"],
)
def test_dot_quote(raw: str, quoted: str) -> None:
    assert quote(raw) == quoted


def test_dot_escapes_hostile_labels(graph: nx.MultiDiGraph) -> None:
    text = graph_bytes(graph, GraphFormat.DOT).decode("utf-8")
    line = next(x for x in text.splitlines() if x.startswith('  "app:a1" ['))
    assert '"label"="Fin \\"Pro\\"\\n<script>alert(1)</script>' in line
    assert "label=<" not in text  # never an HTML-like label
    # Each statement stays on one line: hostile newlines cannot inject DOT statements.
    assert all(x.endswith((";", "{", "}")) for x in text.splitlines())


@pytest.mark.parametrize("fmt", list(GraphFormat), ids=lambda f: f.value)
def test_two_exports_are_identical_bytes(
    tiny_portfolio: Portfolio, tiny_registries: Registries, fmt: GraphFormat, tmp_path: Path
) -> None:
    one = export_graph(
        build_graph(tiny_portfolio, tiny_registries), fmt, tmp_path / f"1{fmt.suffix}"
    )
    two = export_graph(
        build_graph(tiny_portfolio, tiny_registries), fmt, tmp_path / f"2{fmt.suffix}"
    )
    assert one.read_bytes() == two.read_bytes()


def test_export_never_overwrites_an_input(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    from vendorlock.errors import ReportError

    src = tmp_path / "inventory.graphml"
    src.write_text("input")
    with pytest.raises(ReportError, match="refusing to overwrite"):
        export_graph(graph, GraphFormat.GRAPHML, src, protected=[src])
    assert src.read_text() == "input"
