"""The dependency graph holds what a DSI needs to see, typed and with plain attributes."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from vendorlock.graph import NodeKind, Relation, build_graph
from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries


@pytest.fixture(scope="module")
def graph(tiny_portfolio: Portfolio, tiny_registries: Registries) -> nx.MultiDiGraph:
    return build_graph(tiny_portfolio, tiny_registries)


def _edges(graph: nx.MultiDiGraph, relation: Relation) -> set[tuple[str, str]]:
    return {(u, v) for u, v, d in graph.edges(data=True) if d["relation"] == relation.value}


def test_every_node_has_a_known_kind_and_prefixed_id(graph: nx.MultiDiGraph) -> None:
    for nid, data in graph.nodes(data=True):
        kind = NodeKind(data["kind"])
        assert nid.split(":", 1)[0] in {"app", kind.value}
        assert data["label"]


@pytest.mark.parametrize(
    ("relation", "edge"),
    [
        (Relation.SUPPLIED_BY, ("app:a1", "editor:alpha-soft")),
        (Relation.BELONGS_TO_GROUP, ("editor:beta-soft", "group:alpha-group")),
        (Relation.BELONGS_TO_GROUP, ("editor:libre-co", "group:libre-co")),
        (Relation.FLOW, ("app:a1", "platform:helios")),
        (Relation.FLOW, ("app:a2", "app:a3")),
        (Relation.STORES_IN, ("app:a2", "format:mdb")),
        (Relation.EXPORTS_TO, ("app:a1", "format:csv")),
        (Relation.RUNS_ON, ("app:a1", "database:oracle")),
        (Relation.RUNS_ON, ("app:a1", "client_platform:windows")),
        (Relation.HOSTED_ON, ("app:a1", "hosting:editor_saas")),
        (Relation.USES_STANDARD, ("app:a1", "standard:pes_v2")),
        (Relation.USES_STANDARD, ("platform:helios", "standard:pes_v2")),
    ],
    ids=lambda v: v.value if isinstance(v, Relation) else "->".join(v),
)
def test_relation_present(
    graph: nx.MultiDiGraph, relation: Relation, edge: tuple[str, str]
) -> None:
    assert edge in _edges(graph, relation)


def test_flow_edges_carry_format_standard_protocol_frequency(graph: nx.MultiDiGraph) -> None:
    data = graph.edges["app:a1", "app:a2", "flow:f1"]
    assert data == {
        "relation": "flow",
        "flow_id": "f1",
        "org_id": "org-a",
        "data": "payments",
        "format": "csv",
        "format_openness": "open_standard",
        "protocol": "sftp",
        "frequency": "daily",
    }
    assert graph.edges["app:a1", "platform:helios", "flow:f3"]["standard"] == "pes_v2"


def test_unknown_editor_is_not_drawn_as_a_supplier(graph: nx.MultiDiGraph) -> None:
    assert "editor:unknown" not in graph
    assert graph.nodes["app:a5"]["editor_id"] == "unknown"


def test_attributes_are_plain_and_missing_ones_absent(graph: nx.MultiDiGraph) -> None:
    items = [d for _, d in graph.nodes(data=True)] + [d for *_, d in graph.edges(data=True)]
    for data in items:
        for value in data.values():
            assert type(value) in (str, int, float, bool)
            assert not (isinstance(value, float) and math.isnan(value))
    assert "users" not in graph.nodes["app:a3"]
    assert graph.nodes["app:a1"]["users"] == 40
    assert "closedness" not in graph.nodes["format:mystery"]


def test_one_organisation_only(tiny_portfolio: Portfolio, tiny_registries: Registries) -> None:
    g = build_graph(tiny_portfolio, tiny_registries, org_id="org-b")
    apps = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "application")
    assert apps == ["app:b1", "app:b2", "app:b3"]
    assert g.graph["name"] == "org-b"


def test_several_organisations_share_editor_nodes(graph: nx.MultiDiGraph) -> None:
    suppliers = {u for u, v in _edges(graph, Relation.SUPPLIED_BY) if v == "editor:alpha-soft"}
    assert {"app:a1", "app:b1"} <= suppliers


def test_flow_to_an_unknown_system_becomes_an_external_node(
    tiny_portfolio: Portfolio, tiny_registries: Registries
) -> None:
    flows = tiny_portfolio.flows.copy()
    flows.loc[flows["flow_id"] == "g2", "target"] = "old-mainframe"
    flows.loc[flows["flow_id"] == "g1", "source"] = "unknown"
    p = Portfolio(
        tiny_portfolio.organisations,
        tiny_portfolio.editors,
        tiny_portfolio.applications,
        tiny_portfolio.contracts,
        flows,
    )
    g = build_graph(p, tiny_registries, org_id="org-b")
    assert g.nodes["external:old-mainframe"]["kind"] == "external"
    assert not any(k == "flow:g1" for *_, k in g.edges(keys=True))
