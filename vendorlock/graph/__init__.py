"""The dependency graph of a portfolio (networkx) and its exports (GraphML, GEXF, DOT, JSON).

The names are loaded on first use: the audit reads :mod:`vendorlock.graph.groups` only, and
importing networkx with the package (0.1–0.2 s) was part of every audit's start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendorlock.lazy import lazy_getattr

if TYPE_CHECKING:
    from vendorlock.graph.build import build_graph
    from vendorlock.graph.export import GraphFormat, export_graph, graph_bytes
    from vendorlock.graph.interface import GraphError, NodeKind, Relation, node_id

#: Where each public name lives.
_HOMES = {
    "build_graph": "vendorlock.graph.build",
    "GraphFormat": "vendorlock.graph.export",
    "export_graph": "vendorlock.graph.export",
    "graph_bytes": "vendorlock.graph.export",
    "export": "vendorlock.graph.export",
    "GraphError": "vendorlock.graph.interface",
    "NodeKind": "vendorlock.graph.interface",
    "Relation": "vendorlock.graph.interface",
    "node_id": "vendorlock.graph.interface",
}


#: ``export``: the name docs/architecture.md gives the export entry point.
__getattr__ = lazy_getattr(globals(), _HOMES, aliases={"export": "export_graph"})


__all__ = [
    "GraphError",
    "GraphFormat",
    "NodeKind",
    "Relation",
    "build_graph",
    "export",
    "export_graph",
    "graph_bytes",
    "node_id",
]
