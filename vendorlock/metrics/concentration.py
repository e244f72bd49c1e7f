"""Editor and corporate-group concentration: shares of spend and applications, and HHI.

Shares are computed over what is attributed to a known editor: an application or contract whose
editor is ``unknown`` counts in the organisation's totals (``org_applications``, ``org_spend``)
but not in any editor's share, so an unknown never inflates or dilutes a real concentration.
Spend is the sum of the known annual costs of the organisation's contracts with that editor.
The Herfindahl–Hirschman index is the sum of squared percentage shares (0–10,000).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
