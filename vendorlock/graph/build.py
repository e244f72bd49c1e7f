"""Build the dependency graph of a portfolio (one organisation or several) as networkx.

The graph is the model people look at (Gephi, Graphviz, the HTML map), so it carries every
attribute of the inventory that explains a dependency; heavy metrics are computed elsewhere on
compact arrays (see :mod:`vendorlock.metrics.flowgraph`). Nodes and edges are inserted in sorted
order so that every export is byte-for-byte reproducible.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import networkx as nx
import pandas as pd

from vendorlock.graph.groups import editor_groups
from vendorlock.graph.interface import NodeKind, Relation, edge_key, node_id
from vendorlock.model.portfolio import MULTI_SEP, UNKNOWN, Portfolio
from vendorlock.registry import Registries, slugify

log = logging.getLogger(__name__)

Attr = str | int | float | bool

#: Application columns copied onto application nodes (registry-valued ones also become edges).
_APP_ATTRS = (
    "app_id",
    "org_id",
    "name",
    "product",
    "editor_id",
    "domain",
    "version",
    "licence",
    "hosting",
    "criticality",
    "users",
    "data_volume_gb",
    "customisation",
    "database",
    "client_platform",
    "api",
    "storage_formats",
    "export_formats",
)
_FLOW_ATTRS = ("flow_id", "org_id", "data", "format", "standard", "protocol", "frequency")


def plain(value: Any) -> Attr | None:
    """``value`` as a GraphML/GEXF-safe scalar, or None when missing (the attribute is dropped)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (int, str)):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def clean(attrs: Mapping[str, Any]) -> dict[str, Attr]:
    """Drop missing attributes and turn the rest into plain scalars."""
    out: dict[str, Attr] = {}
    for key, value in attrs.items():
        v = plain(value)
        if v is not None and v != "":
            out[key] = v
    return out


def _records(df: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    cols = [c for c in columns if c in df.columns]
    return df[cols].astype(object).to_dict("records")


def _split(value: Attr | None) -> list[str]:
    if not isinstance(value, str):
        return []
    return sorted({v for v in value.split(MULTI_SEP) if v})


class _Builder:
    """Collects nodes and edges, then inserts them sorted into a MultiDiGraph."""

    def __init__(self, registries: Registries) -> None:
        self.reg = registries
        self.nodes: dict[str, dict[str, Attr]] = {}
        self.edges: dict[str, tuple[str, str, dict[str, Attr]]] = {}

    def node(self, kind: NodeKind, ident: str, **attrs: Any) -> str:
        nid = node_id(kind, ident)
        data = self.nodes.setdefault(nid, {"kind": kind.value, "label": ident})
        data.update(clean(attrs))
        return nid

    def edge(self, relation: Relation, u: str, v: str, **attrs: Any) -> None:
        flow_id = attrs.get("flow_id") if relation is Relation.FLOW else None
        key = edge_key(relation, u, v, None if flow_id is None else str(flow_id))
        self.edges[key] = (u, v, {"relation": relation.value, **clean(attrs)})

    def format_node(self, fmt: str) -> str:
        entry = self.reg.formats.get(fmt)
        if entry is None:
            return self.node(NodeKind.FORMAT, fmt, in_registry=False)
        return self.node(
            NodeKind.FORMAT,
            fmt,
            label=entry.name,
            in_registry=True,
            openness=entry.openness.value,
            is_open=entry.is_open,
            closedness=entry.closedness,
            rgi_status=entry.rgi_status,
        )

    def standard_node(self, std: str) -> str:
        entry = self.reg.standards.get(std)
        if entry is None:
            return self.node(NodeKind.STANDARD, std, in_registry=False)
        return self.node(
            NodeKind.STANDARD,
            std,
            label=entry.name,
            in_registry=True,
            open=entry.open,
            domain=entry.domain,
            owner=entry.owner,
        )

    def platform_node(self, platform: str) -> str:
        entry = self.reg.platforms[platform]
        nid = self.node(
            NodeKind.PLATFORM,
            platform,
            label=entry.name,
            owner=entry.owner,
            standards=MULTI_SEP.join(entry.standards),
        )
        for std in entry.standards:
            self.edge(Relation.USES_STANDARD, nid, self.standard_node(std), mandated=True)
        return nid

    def graph(self, name: str) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph(name=name)
        for nid in sorted(self.nodes):
            g.add_node(nid, **self.nodes[nid])
        for key in sorted(self.edges):
            u, v, data = self.edges[key]
            g.add_edge(u, v, key=key, **data)
        return g


def _add_editors(b: _Builder, portfolio: Portfolio, editor_ids: pd.Series) -> None:
    groups = editor_groups(portfolio.editors, editor_ids, b.reg)
    table = portfolio.editors.drop_duplicates("editor_id").set_index("editor_id")
    for editor, group in groups.items():
        editor = str(editor)
        if editor == UNKNOWN:
            continue
        row = table.loc[editor] if editor in table.index else None
        attrs: dict[str, Any] = {"editor_id": editor}
        if row is not None:
            attrs |= {
                "label": row.get("name"),
                "siren": row.get("siren"),
                "country": row.get("country"),
            }
        elif editor in b.reg.editors:
            attrs |= {"label": b.reg.editors[editor].name, "country": b.reg.editors[editor].country}
        attrs["group"] = group
        eid = b.node(NodeKind.EDITOR, editor, **attrs)
        gid = b.node(NodeKind.GROUP, str(group))
        b.edge(Relation.BELONGS_TO_GROUP, eid, gid)


def _add_applications(b: _Builder, apps: pd.DataFrame) -> None:
    for rec in _records(apps, _APP_ATTRS):
        attrs = clean(rec)
        app = str(attrs["app_id"])
        aid = b.node(NodeKind.APPLICATION, app, **attrs, label=attrs.get("name", app))
        editor = attrs.get("editor_id")
        if isinstance(editor, str) and editor != UNKNOWN:
            b.edge(Relation.SUPPLIED_BY, aid, node_id(NodeKind.EDITOR, editor))
        for fmt in _split(attrs.get("storage_formats")):
            b.edge(Relation.STORES_IN, aid, b.format_node(fmt))
        for fmt in _split(attrs.get("export_formats")):
            b.edge(Relation.EXPORTS_TO, aid, b.format_node(fmt))
        db = attrs.get("database")
        if isinstance(db, str):
            b.edge(Relation.RUNS_ON, aid, b.node(NodeKind.DATABASE, slugify(db), label=db))
        client = attrs.get("client_platform")
        if isinstance(client, str):
            b.edge(Relation.RUNS_ON, aid, b.node(NodeKind.CLIENT_PLATFORM, client))
        hosting = attrs.get("hosting")
        if isinstance(hosting, str):
            b.edge(Relation.HOSTED_ON, aid, b.node(NodeKind.HOSTING, hosting))


def _endpoint(b: _Builder, value: Attr | None, app_ids: set[str]) -> str | None:
    """Node of a flow end; None when unknown (the flow cannot be drawn and is skipped)."""
    if not isinstance(value, str) or value == UNKNOWN:
        return None
    if value in app_ids:
        return node_id(NodeKind.APPLICATION, value)
    if value in b.reg.platforms:
        return b.platform_node(value)
    return b.node(NodeKind.EXTERNAL, value)


def _add_flows(b: _Builder, flows: pd.DataFrame, app_ids: set[str]) -> None:
    for rec in _records(flows, (*_FLOW_ATTRS, "source", "target")):
        attrs = clean(rec)
        u = _endpoint(b, attrs.pop("source", None), app_ids)
        v = _endpoint(b, attrs.pop("target", None), app_ids)
        if u is None or v is None:
            log.info("flow %s skipped: unknown source or target", attrs.get("flow_id"))
            continue
        fmt, std = attrs.get("format"), attrs.get("standard")
        extra: dict[str, Any] = {}
        if isinstance(fmt, str) and fmt in b.reg.formats:
            extra["format_openness"] = b.reg.formats[fmt].openness.value
        if isinstance(std, str):
            sid = b.standard_node(std)
            extra["standard_open"] = b.nodes[sid].get("open")
            for end in (u, v):
                if b.nodes.get(end, {}).get("kind") == NodeKind.APPLICATION.value:
                    b.edge(Relation.USES_STANDARD, end, sid)
        b.edge(Relation.FLOW, u, v, **attrs, **extra)


def build_graph(
    portfolio: Portfolio, registries: Registries, org_id: str | None = None
) -> nx.MultiDiGraph:
    """The dependency graph of ``portfolio`` (or of one organisation when ``org_id`` is given).

    Nodes carry ``kind`` and ``label``; edges carry ``relation``. Several organisations share
    editor, group, format, standard and platform nodes, which is what shows common dependencies.
    Every attribute is a plain str/int/float/bool; missing values are simply absent.
    """
    part = portfolio.for_org(org_id) if org_id is not None else portfolio
    b = _Builder(registries)
    apps = part.applications
    app_ids = set(apps["app_id"].dropna().astype(str))
    editor_ids = pd.concat([apps["editor_id"], part.contracts["editor_id"]], ignore_index=True)
    _add_editors(b, part, editor_ids)
    _add_applications(b, apps)
    _add_flows(b, part.flows, app_ids)
    name = org_id if org_id is not None else "+".join(part.org_ids()) or "portfolio"
    return b.graph(name)
