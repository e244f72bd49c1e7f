"""Hand-made metrics fixtures: a few applications with exactly the values a test needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.metrics.interface import METRICS, Metrics, Scope

AS_OF = dt.date(2026, 6, 1)
APP_METRICS = sorted(m for m, s in METRICS.items() if s.scope is Scope.APPLICATION)
CONTEXT = {
    "org_id": "org-a",
    "editor_id": "editor-x",
    "group": "group-x",
    "domain": "finances",
    "contract_id": "c1",
    "contract_end": pd.NaT,
}

#: An application with every metric known and no lock-in at all (every criterion scores 0).
CLEAN: dict[str, float] = {
    "closed_storage_share": 0.0,
    "closed_flow_share": 0.0,
    "open_standard_flow_share": 1.0,
    "export_capability": 1.0,
    "api_openness": 1.0,
    "fan_in": 1.0,
    "fan_out": 1.0,
    "betweenness": 0.0,
    "blast_radius_apps": 0.0,
    "blast_radius_flows": 2.0,
    "platform_flows": 0.0,
    "months_to_end": 36.0,
    "tacit_renewal": 0.0,
    "notice_months": 3.0,
    "reversibility_clause": 1.0,
    "data_return_open": 1.0,
    "proprietary_stack": 0.0,
    "proprietary_licence": 0.0,
    "editor_saas": 0.0,
    "alternatives": 5.0,
    "open_source_alternatives": 2.0,
    "customisation_level": 0.0,
    "users": 10.0,
    "data_volume_gb": 1.0,
    "annual_cost": 12000.0,
    "editor_spend_share": 0.1,
    "group_spend_share": 0.1,
    "editor_app_share": 0.1,
    "group_app_share": 0.1,
}


def make_metrics(
    apps: Mapping[str, Mapping[str, Any]],
    base: Mapping[str, Any] | None = None,
    organisations: pd.DataFrame | None = None,
) -> Metrics:
    """Metrics of ``apps`` (app_id → overrides); unspecified metrics come from ``base``
    (default: :data:`CLEAN`), and NaN stays unknown."""
    base = CLEAN if base is None else base
    rows = []
    for app_id, overrides in apps.items():
        row: dict[str, Any] = {m: np.nan for m in APP_METRICS}
        row.update(CONTEXT)
        row.update(base)
        row.update(overrides)
        # Without a scan the heritage share is the declared storage share (metrics.compute).
        if "heritage_closed_share" not in overrides:
            row["heritage_closed_share"] = row["closed_storage_share"]
        row["app_id"] = app_id
        rows.append(row)
    df = pd.DataFrame(rows).set_index("app_id")
    df["contract_end"] = pd.to_datetime(df["contract_end"]).astype("datetime64[s]")
    for m in APP_METRICS:
        df[m] = df[m].astype("float64")
    orgs = (
        organisations
        if organisations is not None
        else pd.DataFrame(index=pd.Index([], name="org_id"))
    )
    return Metrics(
        as_of=AS_OF,
        applications=df,
        editors=pd.DataFrame(),
        groups=pd.DataFrame(),
        organisations=orgs,
    )
