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
from typing import Any, assert_never

import networkx as nx

from vendorlock import jsonio
from vendorlock.fileio import atomic_write
from vendorlock.graph.dot import dot_text
from vendorlock.textsafe import xml_clean


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


def _same(value: Any) -> Any:
    return value


def _clean(value: Any) -> Any:
    return xml_clean(value) if isinstance(value, str) else value


def sorted_copy(graph: nx.MultiDiGraph, clean: bool = False) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in sorted order (writers follow it).

    With ``clean``, every text (ids, keys, attribute values) has the characters XML 1.0
    cannot carry replaced (:func:`vendorlock.textsafe.xml_clean`): names come from the
    inventory, and one control character would make GraphML/GEXF unreadable. Ids stay
    distinct: ids differing only by such characters keep their own node, never merged.
    """
    fix = _clean if clean else _same
    ids = {nid: fix(nid) for nid in graph.nodes}
    if len(set(ids.values())) < len(ids):  # two ids differing only by illegal characters
        ids = {nid: f"{fix(nid)}#{i}" for i, nid in enumerate(sorted(graph.nodes, key=str))}
    out = nx.MultiDiGraph(**{k: fix(v) for k, v in graph.graph.items()})
    for nid in sorted(graph.nodes, key=str):
        out.add_node(ids[nid], **{k: fix(v) for k, v in graph.nodes[nid].items()})
    edges = sorted(
        graph.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]), str(e[1]))
    )
    for u, v, key, data in edges:
        out.add_edge(ids[u], ids[v], key=fix(key), **{k: fix(x) for k, x in data.items()})
    return out


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(sorted_copy(graph, clean=True), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf_bytes(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    copy = sorted_copy(graph, clean=True)
    nx.write_gexf(copy, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
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
            return dot_text(sorted_copy(graph, clean=True)).encode("utf-8")
        case GraphFormat.JSON:
            return json_bytes(graph)
        case _:
            assert_never(fmt)


def export_graph(
    graph: nx.MultiDiGraph, fmt: GraphFormat, path: Path, protected: Collection[Path] = ()
) -> Path:
    """Write ``graph`` to ``path`` in ``fmt`` atomically; never over a path in ``protected``."""
    return atomic_write(Path(path), graph_bytes(graph, GraphFormat(fmt)), protected=protected)
