"""The dependency graph of a portfolio (networkx) and its exports (GraphML, GEXF, DOT, JSON).

The names are loaded on first use: the audit reads :mod:`vendorlock.graph.groups` only, and
importing networkx with the package (0.1–0.2 s) was part of every audit's start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(home)
    if home == "vendorlock.graph.export":
        # ``export``: the name docs/architecture.md gives the export entry point (importing
        # the submodule of that name has just bound it to the module).
        globals()["export"] = module.export_graph
    value = getattr(module, "export_graph" if name == "export" else name)
    globals()[name] = value
    return value


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
