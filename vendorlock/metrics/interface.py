"""The metric catalogue and the value the metrics stage returns.

Metric ids are the contract between code (which computes them) and rule packs (which turn them
into points): ``vendorlock rules check`` rejects a criterion naming a metric not listed here, and
``docs/metrics.md`` documents each one (a test keeps both in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np
import pandas as pd


class Scope(StrEnum):
    """What a metric describes: one row per application, editor, group or organisation."""

    APPLICATION = "application"
    EDITOR = "editor"
    GROUP = "group"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class MetricSpec:
    id: str
    scope: Scope
    unit: str
    low: float | None
    high: float | None
    summary: str


def _m(
    id_: str, scope: Scope, unit: str, low: float | None, high: float | None, summary: str
) -> MetricSpec:
    return MetricSpec(id_, scope, unit, low, high, summary)


A, E, ORG = Scope.APPLICATION, Scope.EDITOR, Scope.ORGANISATION

#: Every metric vendorlock computes. NaN in a metrics table means "unknown" (missing input).
METRICS: dict[str, MetricSpec] = {
    m.id: m
    for m in (
        _m(
            "closed_storage_share",
            A,
            "share",
            0,
            1,
            "Share of the stored data's formats that are not open (closed 1, documented 0.5).",
        ),
        _m(
            "heritage_closed_share",
            A,
            "share",
            0,
            1,
            "Share of the data heritage in formats that are not open: measured by a scan of the "
            "files in the formats the application stores when `audit --scan` gives one, else "
            "the declared closed_storage_share.",
        ),
        _m(
            "closed_flow_share",
            A,
            "share",
            0,
            1,
            "Share of the application's flows whose format is not open (same weighting).",
        ),
        _m(
            "open_standard_flow_share",
            A,
            "share",
            0,
            1,
            "Share of the application's flows that use a recognised open exchange standard.",
        ),
        _m(
            "export_capability",
            A,
            "score",
            0,
            1,
            "1 = exports to an open format, 0.5 = only to proprietary formats, 0 = no export.",
        ),
        _m(
            "api_openness",
            A,
            "score",
            0,
            1,
            "none 0, proprietary 1/3, documented 2/3, open standard 1.",
        ),
        _m("fan_in", A, "flows", 0, None, "Flows arriving at the application."),
        _m("fan_out", A, "flows", 0, None, "Flows leaving the application."),
        _m(
            "betweenness",
            A,
            "share",
            0,
            1,
            "Normalised betweenness centrality in the organisation's application flow graph.",
        ),
        _m(
            "blast_radius_apps",
            A,
            "applications",
            0,
            None,
            "Applications that break if it goes: those fed by it, transitively.",
        ),
        _m(
            "blast_radius_flows",
            A,
            "flows",
            0,
            None,
            "Flows that break if it goes: its own and those of the applications it feeds.",
        ),
        _m(
            "platform_flows",
            A,
            "flows",
            0,
            None,
            "Flows with national platforms (they pin standards a replacement must support).",
        ),
        _m(
            "months_to_end",
            A,
            "months",
            None,
            None,
            "Months from the reference date to the covering contract end (negative: past).",
        ),
        _m("tacit_renewal", A, "flag", 0, 1, "1 when the covering contract renews tacitly."),
        _m("notice_months", A, "months", 0, None, "Notice period of the covering contract."),
        _m(
            "reversibility_clause",
            A,
            "flag",
            0,
            1,
            "1 when the covering contract has a reversibility clause, 0.5 partial, 0 none.",
        ),
        _m(
            "data_return_open", A, "flag", 0, 1, "1 when the contract's data-return format is open."
        ),
        _m(
            "proprietary_stack",
            A,
            "score",
            0,
            1,
            "Proprietary database engine (0.5) and Windows/Citrix-only client (0.5).",
        ),
        _m(
            "proprietary_licence",
            A,
            "flag",
            0,
            1,
            "1 for a proprietary licence, 0 for an open-source (SPDX) one.",
        ),
        _m("editor_saas", A, "flag", 0, 1, "1 when hosted as the editor's SaaS."),
        _m(
            "alternatives",
            A,
            "products",
            0,
            None,
            "Other products of the same domain in the catalogue.",
        ),
        _m(
            "open_source_alternatives",
            A,
            "products",
            0,
            None,
            "Open-source products of the same domain in the catalogue.",
        ),
        _m("customisation_level", A, "level", 0, 3, "none 0, low 1, medium 2, high 3."),
        _m("users", A, "users", 0, None, "Named users (switching-cost driver)."),
        _m("data_volume_gb", A, "GB", 0, None, "Data volume (switching-cost driver)."),
        _m(
            "annual_cost",
            A,
            "EUR/year",
            0,
            None,
            "Annual cost of the application (contract cost split over the apps it covers).",
        ),
        _m(
            "editor_spend_share",
            A,
            "share",
            0,
            1,
            "Share of the organisation's spend going to the application's editor.",
        ),
        _m(
            "group_spend_share",
            A,
            "share",
            0,
            1,
            "Share of the organisation's spend going to the editor's corporate group.",
        ),
        _m(
            "editor_app_share",
            A,
            "share",
            0,
            1,
            "Share of the organisation's applications supplied by the application's editor.",
        ),
        _m(
            "group_app_share",
            A,
            "share",
            0,
            1,
            "Share of the organisation's applications supplied by the editor's corporate group.",
        ),
        _m(
            "applications",
            E,
            "applications",
            0,
            None,
            "Applications supplied (editor or group scope).",
        ),
        _m("spend", E, "EUR/year", 0, None, "Annual spend (editor or group scope)."),
        _m("spend_share", E, "share", 0, 1, "Share of the organisation's spend."),
        _m("app_share", E, "share", 0, 1, "Share of the organisation's applications."),
        _m(
            "hhi_editor_spend",
            ORG,
            "index",
            0,
            10000,
            "Herfindahl–Hirschman index of spend across editors (0–10,000).",
        ),
        _m(
            "hhi_group_spend",
            ORG,
            "index",
            0,
            10000,
            "Herfindahl–Hirschman index of spend across corporate groups.",
        ),
        _m(
            "hhi_editor_apps",
            ORG,
            "index",
            0,
            10000,
            "Herfindahl–Hirschman index of application counts across editors.",
        ),
        _m(
            "hhi_group_apps",
            ORG,
            "index",
            0,
            10000,
            "Herfindahl–Hirschman index of application counts across groups.",
        ),
        _m("org_applications", ORG, "applications", 0, None, "Applications of the organisation."),
        _m("org_spend", ORG, "EUR/year", 0, None, "Annual spend of the organisation."),
    )
}


#: The inventory columns each application metric is computed from, as (table, field): what a
#: user fills in to turn an unknown metric into a known one ("what to collect next"). Part of
#: each metric's definition (the code that computes it reads exactly these columns); a test
#: checks every metric a rule pack can score has an entry and every field is in the schema.
METRIC_INPUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "closed_storage_share": (("applications", "storage_formats"),),
    "heritage_closed_share": (("applications", "storage_formats"),),
    "closed_flow_share": (("flows", "format"),),
    "open_standard_flow_share": (("flows", "standard"),),
    "export_capability": (("applications", "export_formats"),),
    "api_openness": (("applications", "api"),),
    "betweenness": (("flows", "source"), ("flows", "target")),
    "blast_radius_apps": (("flows", "source"), ("flows", "target")),
    "blast_radius_flows": (("flows", "source"), ("flows", "target")),
    "platform_flows": (("flows", "source"), ("flows", "target")),
    "fan_in": (("flows", "target"),),
    "fan_out": (("flows", "source"),),
    "months_to_end": (("contracts", "end_date"),),
    "notice_months": (("contracts", "notice_months"),),
    "tacit_renewal": (("contracts", "renewal"),),
    "reversibility_clause": (("contracts", "reversibility_clause"),),
    "data_return_open": (("contracts", "data_return_format"),),
    "proprietary_stack": (("applications", "database"), ("applications", "client_platform")),
    "proprietary_licence": (("applications", "licence"),),
    "editor_saas": (("applications", "hosting"),),
    "alternatives": (("applications", "domain"),),
    "open_source_alternatives": (("applications", "domain"),),
    "customisation_level": (("applications", "customisation"),),
    "users": (("applications", "users"),),
    "data_volume_gb": (("applications", "data_volume_gb"),),
    "annual_cost": (("contracts", "annual_cost"),),
    "editor_spend_share": (("applications", "editor_id"), ("contracts", "annual_cost")),
    "group_spend_share": (("applications", "editor_id"), ("contracts", "annual_cost")),
    "editor_app_share": (("applications", "editor_id"),),
    "group_app_share": (("applications", "editor_id"),),
}


@dataclass(frozen=True)
class Metrics:
    """Metric tables of a portfolio (one or many organisations).

    ``applications``: index ``app_id``, one float column per application metric (NaN = unknown),
    plus ``org_id``, ``editor_id``, ``group``, ``domain``, ``contract_id``, ``contract_end``,
    ``purchasing_group`` (of the covering contract; the decision date needs the rule pack's
    procurement lead time: scoring adds it).
    ``editors`` / ``groups``: one row per (org_id, editor_id) / (org_id, group).
    ``organisations``: index ``org_id``.
    ``contract_cover``: how many applications each contract of the portfolio covers (in the
    order of ``portfolio.contracts``; 0: the contract covers none), or None when not computed.
    """

    as_of: date
    applications: pd.DataFrame
    editors: pd.DataFrame
    groups: pd.DataFrame
    organisations: pd.DataFrame
    contract_cover: np.ndarray | None = None
