"""The dependency graph of a portfolio (networkx) and its exports (GraphML, GEXF, DOT, JSON)."""

from __future__ import annotations

from vendorlock.graph.build import build_graph
from vendorlock.graph.export import GraphFormat, export_graph, graph_bytes
from vendorlock.graph.interface import GraphError, NodeKind, Relation, node_id

#: The name docs/architecture.md gives the export entry point.
export = export_graph

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
