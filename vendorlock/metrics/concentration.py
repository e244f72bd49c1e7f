"""Editor and corporate-group concentration: shares of spend and applications, and HHI.

Shares are computed over what is attributed to a known editor: an application or contract whose
editor is ``unknown`` counts in the organisation's totals (``org_applications``, ``org_spend``)
but not in any editor's share, so an unknown never inflates or dilutes a real concentration.
Spend is the sum of the known annual costs of the organisation's contracts with that editor.
The Herfindahl–Hirschman index is the sum of squared percentage shares (0–10,000).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

import numpy as np
import pandas as pd

from vendorlock.columns import objects
from vendorlock.dtypes import STRING
from vendorlock.metrics.grouped import Grouping
from vendorlock.model.portfolio import UNKNOWN

#: Scale of the Herfindahl–Hirschman index (shares in percent, squared).
HHI_SCALE = 100.0


def _known(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["editor_id"].notna() & (frame["editor_id"] != UNKNOWN)]


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def exposure_table(apps: pd.DataFrame, contracts: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per (org_id, ``key``): applications, spend, spend_share, app_share.

    ``apps`` has org_id, editor_id, group; ``contracts`` has org_id, editor_id, group,
    annual_cost. ``key`` is ``editor_id`` or ``group``.
    """
    a = _known(apps)
    c = _known(contracts)
    counts = a.groupby(["org_id", key], observed=True).size().rename("applications")
    spend = (
        c.groupby(["org_id", key], observed=True)["annual_cost"].sum(min_count=1).rename("spend")
    )
    table = pd.concat([counts, spend], axis=1).sort_index()
    table["applications"] = table["applications"].fillna(0).astype(np.float64)
    table["spend"] = table["spend"].astype(np.float64)
    orgs = table.index.get_level_values("org_id")
    by_org = table.groupby(level="org_id")
    org_apps = by_org["applications"].sum().reindex(orgs).to_numpy(dtype=np.float64)
    org_spend = by_org["spend"].sum(min_count=1).reindex(orgs).to_numpy(dtype=np.float64)
    table["spend_share"] = _ratio(table["spend"].to_numpy(dtype=np.float64), org_spend)
    table["app_share"] = _ratio(table["applications"].to_numpy(dtype=np.float64), org_apps)
    table.index = table.index.set_names(["org_id", key])
    return table.reset_index()


def hhi(table: pd.DataFrame, share: str) -> pd.Series:
    """HHI per org_id of ``table[share]``; NaN when the organisation has no known share."""
    pct = table[share] * HHI_SCALE
    return (pct**2).groupby(table["org_id"]).sum(min_count=1).astype(np.float64)


#: A table's columns: a frame, or its columns by name (Series or arrays).
Columns: TypeAlias = "pd.DataFrame | Mapping[str, pd.Series | np.ndarray]"


def _objects(column: pd.Series | np.ndarray) -> np.ndarray:
    """A key column as Python objects (None when missing); an array is taken as such."""
    return column if isinstance(column, np.ndarray) else objects(column)


def exposure_rows(apps: Columns, contracts: Columns, key: str) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`exposure_table` (the same table, tested) and each application's row in it (−1:
    none, e.g. an ``unknown`` editor), computed on group codes (:class:`Grouping`) rather
    than with group-bys and a MultiIndex lookup: a fifth of the cost on one body.

    ``apps`` / ``contracts`` may give their key columns as object arrays already (None when
    missing), so the editor and group tables of one portfolio convert them once."""
    org_a, key_a = _objects(apps["org_id"]), _objects(apps[key])
    org_c, key_c = _objects(contracts["org_id"]), _objects(contracts[key])
    editor_a, editor_c = _objects(apps["editor_id"]), _objects(contracts["editor_id"])
    known_a = (editor_a != None) & (editor_a != UNKNOWN)  # noqa: E711 - elementwise
    known_c = (editor_c != None) & (editor_c != UNKNOWN)  # noqa: E711
    n_a = len(org_a)
    every = Grouping.of(np.concatenate([org_a, org_c]), np.concatenate([key_a, key_c]), dropna=True)
    assert every is not None  # dropna: never None
    labels_a, labels_c = every.labels[:n_a], every.labels[n_a:]
    # the table's rows: the (org_id, key) pairs of a known application or contract
    in_table = np.zeros(every.ngroups, dtype=bool)
    in_table[labels_a[known_a & (labels_a >= 0)]] = True
    in_table[labels_c[known_c & (labels_c >= 0)]] = True
    row_of = np.where(in_table, np.cumsum(in_table) - 1, -1)
    row_of = np.append(row_of, -1)  # label -1 (a missing key) → row -1
    rows_a, rows_c = row_of[labels_a], row_of[labels_c]
    keys = tuple(k[in_table] for k in every.keys)
    n_rows = int(in_table.sum())
    # the known rows only, as exposure_table filters them before grouping
    by_app = Grouping(rows_a[known_a], n_rows, keys)
    by_contract = Grouping(rows_c[known_c], n_rows, keys)
    annual = contracts["annual_cost"]
    if not isinstance(annual, np.ndarray):
        annual = annual.to_numpy(dtype=np.float64, na_value=np.nan)
    cost = np.asarray(annual, dtype=np.float64)[known_c]
    applications = by_app.size().astype(np.float64)
    spend = by_contract.sum(cost, min_count=1)
    org = Grouping.of_sorted(keys[0])  # the rows come sorted by their keys, never missing
    org_apps = org.sum(applications)[org.labels]
    org_spend = org.sum(spend, min_count=1)[org.labels]
    table = pd.DataFrame(
        {
            "org_id": pd.array(keys[0], dtype=STRING),
            key: pd.array(keys[1], dtype=STRING),
            "applications": applications,
            "spend": spend,
            "spend_share": _ratio(spend, org_spend),
            "app_share": _ratio(applications, org_apps),
        }
    )
    return table, rows_a


def hhi_of(table: pd.DataFrame, share: str, org: Grouping) -> np.ndarray:
    """:func:`hhi` per group of ``org`` (the grouping of ``table``'s rows by org_id)."""
    pct = table[share].to_numpy(dtype=np.float64) * HHI_SCALE
    return org.sum(pct**2, min_count=1)
