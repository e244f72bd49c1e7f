"""Write a dependency graph as GraphML, GEXF, DOT or JSON: deterministic and atomic.

Every writer sees the nodes and edges in sorted order, so two exports of the same graph are
identical bytes; GEXF's "last modified" date is pinned for the same reason. Files are written
through :func:`vendorlock.fileio.atomic_write`: complete or absent.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from enum import StrEnum
from pathlib import Path
from typing import assert_never

import networkx as nx

from vendorlock import jsonio
from vendorlock.fileio import atomic_write
from vendorlock.graph.dot import dot_text


class GraphFormat(StrEnum):
    """Graph file formats: GraphML (yEd, Gephi), GEXF (Gephi), DOT (Graphviz), node-link JSON."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    DOT = "dot"
    JSON = "json"

    @property
    def suffix(self) -> str:
        return f".{self.value}"


#: GEXF writers stamp today's date; a fixed one keeps exports reproducible.
_GEXF_DATE = re.compile(rb'lastmodifieddate="[0-9-]+"')


def sorted_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in sorted order (writers follow it)."""
    out = nx.MultiDiGraph(**graph.graph)
    for nid in sorted(graph.nodes, key=str):
        out.add_node(nid, **graph.nodes[nid])
    edges = sorted(
        graph.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]), str(e[1]))
    )
    for u, v, key, data in edges:
        out.add_edge(u, v, key=key, **data)
    return out


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(sorted_copy(graph), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf_bytes(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(sorted_copy(graph), buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return _GEXF_DATE.sub(b'lastmodifieddate="1970-01-01"', buf.getvalue())


def json_bytes(graph: nx.MultiDiGraph) -> bytes:
    data = nx.node_link_data(sorted_copy(graph), edges="edges")
    return (jsonio.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def graph_bytes(graph: nx.MultiDiGraph, fmt: GraphFormat) -> bytes:
    """The file content of ``graph`` in ``fmt``."""
    match fmt:
        case GraphFormat.GRAPHML:
            return graphml_bytes(graph)
        case GraphFormat.GEXF:
            return gexf_bytes(graph)
        case GraphFormat.DOT:
            return dot_text(sorted_copy(graph)).encode("utf-8")
        case GraphFormat.JSON:
            return json_bytes(graph)
        case _:
            assert_never(fmt)


def export_graph(
    graph: nx.MultiDiGraph, fmt: GraphFormat, path: Path, protected: Collection[Path] = ()
) -> Path:
    """Write ``graph`` to ``path`` in ``fmt`` atomically; never over a path in ``protected``."""
    return atomic_write(Path(path), graph_bytes(graph, GraphFormat(fmt)), protected=protected)
