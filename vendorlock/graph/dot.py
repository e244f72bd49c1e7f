"""A small DOT writer: every id and label quoted and escaped, attributes sorted.

Written here rather than through pydot/pygraphviz: no optional dependency, and we control the
escaping. Graphviz reads ``<...>`` as an HTML-like label, so ids and values are always emitted
as double-quoted strings, never bare and never HTML-like.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from vendorlock.graph.interface import NodeKind

#: Shape of each node kind in the rendering (purely cosmetic).
_SHAPES: dict[str, str] = {
    NodeKind.APPLICATION.value: "box",
    NodeKind.EDITOR.value: "house",
    NodeKind.GROUP.value: "doubleoctagon",
    NodeKind.FORMAT.value: "note",
    NodeKind.STANDARD.value: "component",
    NodeKind.PLATFORM.value: "cylinder",
    NodeKind.DATABASE.value: "cylinder",
    NodeKind.CLIENT_PLATFORM.value: "tab",
    NodeKind.HOSTING.value: "folder",
    NodeKind.EXTERNAL.value: "ellipse",
}


def quote(value: object) -> str:
    """A DOT double-quoted string: backslashes, quotes and line breaks escaped."""
    text = str(value)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{text}"'


def _attr_list(attrs: Mapping[str, object]) -> str:
    if not attrs:
        return ""
    body = ", ".join(f"{quote(k)}={quote(_dot_value(v))}" for k, v in sorted(attrs.items()))
    return f" [{body}]"


def _dot_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def dot_lines(graph: nx.MultiDiGraph) -> Iterable[str]:
    """The lines of the DOT text of ``graph`` (nodes then edges, each sorted)."""
    yield f"digraph {quote(graph.graph.get('name', 'vendorlock'))} {{"
    yield '  graph ["rankdir"="LR"];'
    for nid in sorted(graph.nodes):
        data = dict(graph.nodes[nid])
        shape = _SHAPES.get(str(data.get("kind", "")))
        if shape:
            data.setdefault("shape", shape)
        yield f"  {quote(nid)}{_attr_list(data)};"
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: str(e[2])):
        attrs = {"key": key, **data}
        yield f"  {quote(u)} -> {quote(v)}{_attr_list(attrs)};"
    yield "}"


def dot_text(graph: nx.MultiDiGraph) -> str:
    return "\n".join(dot_lines(graph)) + "\n"
