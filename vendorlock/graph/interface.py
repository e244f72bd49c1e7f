"""The graph stage's vocabulary: node kinds, edge relations, node ids and its base error.

Node ids are ``<prefix>:<id>`` strings (``app:a1``, ``editor:berger-levrault``,
``platform:helios``) so that one graph can hold an application and a format that share an id,
and so that an exported file reads without a legend.
"""

from __future__ import annotations

from enum import StrEnum

from vendorlock.errors import VendorlockError


class GraphError(VendorlockError):
    """A graph cannot be built or exported."""


class NodeKind(StrEnum):
    """What a node stands for (node attribute ``kind``)."""

    APPLICATION = "application"
    EDITOR = "editor"
    GROUP = "group"
    FORMAT = "format"
    STANDARD = "standard"
    PLATFORM = "platform"
    DATABASE = "database"
    CLIENT_PLATFORM = "client_platform"
    HOSTING = "hosting"
    #: A flow end that is neither an application of the portfolio nor a known platform.
    EXTERNAL = "external"


class Relation(StrEnum):
    """What an edge means (edge attribute ``relation``)."""

    SUPPLIED_BY = "supplied_by"
    BELONGS_TO_GROUP = "belongs_to_group"
    FLOW = "flow"
    STORES_IN = "stores_in"
    EXPORTS_TO = "exports_to"
    RUNS_ON = "runs_on"
    HOSTED_ON = "hosted_on"
    USES_STANDARD = "uses_standard"


#: Id prefix of each node kind (applications read better as ``app:`` than ``application:``).
PREFIX: dict[NodeKind, str] = {
    NodeKind.APPLICATION: "app",
    NodeKind.EDITOR: "editor",
    NodeKind.GROUP: "group",
    NodeKind.FORMAT: "format",
    NodeKind.STANDARD: "standard",
    NodeKind.PLATFORM: "platform",
    NodeKind.DATABASE: "database",
    NodeKind.CLIENT_PLATFORM: "client_platform",
    NodeKind.HOSTING: "hosting",
    NodeKind.EXTERNAL: "external",
}


def node_id(kind: NodeKind, ident: str) -> str:
    """The graph id of a registry or table id (``node_id(NodeKind.PLATFORM, "helios")``)."""
    return f"{PREFIX[kind]}:{ident}"


def edge_key(relation: Relation, source: str, target: str, flow_id: str | None = None) -> str:
    """A key unique in the whole graph (GraphML and GEXF want unique edge ids)."""
    if flow_id is not None:
        return f"flow:{flow_id}"
    return f"{relation.value}:{source}->{target}"
