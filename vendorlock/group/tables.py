"""The group views' input as three tables, built straight from the scoring stages.

Every group view (aggregate, pool, compare, requirements) reads a few columns of the members'
applications, organisations and flows. Building them from the audit document meant building,
for every application, its criteria sentences, cost bases and action text first (≈ 80 % of a
500-member run) only to read a dozen numbers back. :func:`score_tables` computes the same
columns, with the same rounding as the audit document, from the metrics, scores, exit costs,
decision dates and roll-ups directly, column-wise.

The columns are exactly those of :func:`vendorlock.group.frames.apps_frame` (and
``orgs_frame`` / ``flows_frame``) over the audit document of the same portfolio, so a view is
the same whichever way its tables were built (a test compares them). Every value here is per
organisation, so tables of disjoint organisation partitions concatenated and re-sorted
(:func:`concat_tables`) equal the tables of the whole set: the engines rely on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.columns import rounded
from vendorlock.group.frames import (
    APP_COLUMNS,
    FLOW_COLUMNS,
    INSUFFICIENT,
    ORG_COLUMNS,
    apps_frame,
    flows_frame,
    orgs_frame,
)
from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries
from vendorlock.scoring import RulePack

#: Float columns of the applications table besides those of :data:`APP_COLUMNS`.
EXTRA_APP_COLUMNS = (
    "exit_low",
    "exit_high",
    "users",
    "notice_months",
    "exit_interfaces_low",
    "exit_interfaces_high",
)

#: The values of the flows' ``target_kind`` column (what a flow's target is).
TARGET_KINDS = pa.array(["application", "platform", "unknown"])


@dataclass(frozen=True)
class GroupTables:
    """Applications, organisations and flows of the scored members (see the module doc).

    ``applications`` is sorted by ``app_id``, ``organisations`` by ``org_id``, ``flows`` by
    ``flow_id``; ``as_of`` is the reference date in ISO form (None in a hand-built document).
    """

    as_of: str | None
    applications: pd.DataFrame
    organisations: pd.DataFrame
    flows: pd.DataFrame

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> GroupTables:
        """The tables of an audit document (the path member reports take)."""
        as_of = doc.get("as_of")
        return cls(
            None if as_of is None else str(as_of),
            apps_frame(doc),
            orgs_frame(doc),
            flows_frame(doc),
        )


def as_tables(source: GroupTables | Mapping[str, Any]) -> GroupTables:
    """``source`` itself, or the tables of an audit document."""
    return source if isinstance(source, GroupTables) else GroupTables.from_document(source)


def py_round(values: Any, digits: int) -> np.ndarray:
    """:func:`vendorlock.columns.rounded` with NaN for ±inf (the tables' missing value)."""
    out = rounded(values, digits)
    out[np.isinf(out)] = np.nan
    return out


def _floats(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").astype("Float64").to_numpy("float64", np.nan)


def _strings(values: pd.Series) -> pd.Series:
    return values.astype("string").reset_index(drop=True)


def _iso_dates(values: pd.Series) -> pd.Series:
    ts = pd.to_datetime(values, errors="coerce")
    return pd.Series(ts.dt.strftime("%Y-%m-%d"), dtype="string").reset_index(drop=True)


def score_tables(
    portfolio: Portfolio, registries: Registries, pack: RulePack, as_of: date
) -> GroupTables:
    """Score every organisation of ``portfolio`` and return the group views' tables."""
    from vendorlock.audit import _populations
    from vendorlock.metrics import compute_metrics
    from vendorlock.scoring import (
        decision_dates,
        exit_costs,
        organisation_index,
        score_applications,
        shared_flow_counts,
    )

    metrics = compute_metrics(portfolio, registries, as_of, on_demand=pack.metrics_read())
    scores = score_applications(metrics, pack, None)
    shared = shared_flow_counts(portfolio.flows, metrics.applications.index)
    costs = exit_costs(metrics, pack, _populations(portfolio), shared)
    decisions = decision_dates(metrics, pack)
    org_rows = organisation_index(metrics, scores, costs, pack)  # no editor/group exposure

    index = metrics.applications.index
    keys = index.astype(str)
    # Python's order of the ids, as the audit document's (an object argsort compares with ``<``)
    order = np.argsort(keys.to_numpy(dtype=object), kind="stable")
    ids = keys[order]

    def rows(frame: Any) -> Any:
        """``frame``'s rows in id order: one positional take when it shares the metrics'
        index (every stage does), a label lookup otherwise."""
        if frame.index.equals(index):
            return frame.iloc[order].set_axis(ids)
        return frame.set_axis(frame.index.astype(str)).loc[ids]

    m = rows(metrics.applications)
    apps = _applications(portfolio, registries, m)
    level = pd.Series(rows(scores.level).astype(str).to_numpy(), dtype="string")
    score = py_round(_floats(rows(scores.score)), 2)
    apps["score"] = np.where(level.to_numpy() != INSUFFICIENT, score, np.nan)
    apps["level"] = level
    apps["coverage"] = py_round(_floats(rows(scores.coverage)), 4)
    apps["decision_date"] = _iso_dates(rows(decisions))
    table = rows(costs.table)
    apps["exit_low"] = py_round(_floats(table["low"]), 2)
    apps["exit_high"] = py_round(_floats(table["high"]), 2)
    for metric in ("users", "notice_months"):
        apps[metric] = np.round(_floats(m[metric]), 6)
    for bound in ("low", "high"):
        apps[f"exit_interfaces_{bound}"] = py_round(_floats(table[f"interfaces_{bound}"]), 2)
    apps = apps[[*APP_COLUMNS, *EXTRA_APP_COLUMNS]]
    orgs = _organisations(portfolio, metrics.organisations, org_rows, apps)
    return GroupTables(as_of.isoformat(), apps, orgs, _flows(portfolio, registries))


def _applications(portfolio: Portfolio, registries: Registries, ctx: pd.DataFrame) -> pd.DataFrame:
    """The descriptive columns of the metrics' applications ``ctx`` (in their order), as the
    audit document writes them."""
    info = portfolio.applications.drop_duplicates("app_id").set_index("app_id")
    info.index = info.index.astype(str)
    ids = ctx.index.to_numpy(dtype=object)
    a = info.reindex(ids)
    editor_id = _strings(ctx["editor_id"]).fillna("unknown")
    names = portfolio.editors.drop_duplicates("editor_id", keep="last")
    name_of = pd.Series(names["name"].to_numpy(), index=names["editor_id"].astype(str))
    named = editor_id.isin(name_of.index)
    editor = _strings(editor_id.map(name_of)).where(named, editor_id)
    group = _strings(ctx["group"])
    group_names = {
        str(g): _group_name(str(g), registries, name_of) for g in group.dropna().unique()
    }
    domain = _strings(a["domain"]).fillna("other")
    licence = _strings(a["licence"])
    open_source = licence.notna() & (licence != "") & (licence.str.lower() != "proprietary")
    return pd.DataFrame(
        {
            "app_id": pd.Series(ids, dtype="string"),
            "org_id": _strings(ctx["org_id"]),
            "name": _strings(a["name"]),
            "product": _strings(a["product"]),
            "editor_id": editor_id,
            "editor": editor,
            "group": _strings(group.map(group_names)),
            "domain": domain,
            "hosting": _strings(a["hosting"]),
            "licence": licence,
            "open_source": open_source.fillna(False).astype("boolean"),
            "annual_cost": py_round(_floats(ctx["annual_cost"]), 6),
            "contract_id": _strings(ctx["contract_id"]),
            "contract_end": _iso_dates(ctx["contract_end"]),
        }
    )


def _group_name(gid: str, registries: Registries, editor_names: pd.Series) -> str | None:
    entry = registries.editors.get(gid)
    if entry:
        return entry.name
    if gid not in editor_names.index:
        return gid
    name = editor_names[gid]
    return None if pd.isna(name) else str(name)


def _organisations(
    portfolio: Portfolio, morg: pd.DataFrame, roll: pd.DataFrame, apps: pd.DataFrame
) -> pd.DataFrame:
    """One row per organisation with applications or listed, as the audit document has it."""
    info = portfolio.organisations.drop_duplicates("org_id").set_index("org_id")
    info.index = info.index.astype(str)
    counts = apps.groupby("org_id", sort=True).size()
    counts.index = counts.index.astype(str)
    ids = sorted(set(counts.index) | set(info.index))
    i = info.reindex(ids)
    r = roll.set_index(roll["org_id"].astype(str)).reindex(ids)
    mo = morg.set_index(morg.index.astype(str)).reindex(ids)
    has_roll = pd.Series(ids).isin(roll["org_id"].astype(str)).to_numpy()
    level = pd.Series(r["level"].astype("string").to_numpy(), dtype="string")
    out = pd.DataFrame(
        {
            "org_id": pd.Series(ids, dtype="string"),
            "name": _strings(i["name"]).fillna(pd.Series(ids, dtype="string")),
            "kind": _strings(i["kind"]),
            "population": py_round(_floats(i["population"]), 6),
            "lockin_index": py_round(_floats(r["lockin_index"]), 2),
            "level": level.where(pd.Series(has_roll), INSUFFICIENT),
            "applications": counts.reindex(ids, fill_value=0).to_numpy(dtype="float64"),
            "annual_spend": py_round(py_round(_floats(mo["org_spend"]), 6), 2),
            "hhi_editor": py_round(_floats(mo["hhi_editor_spend"]), 6),
            "hhi_group": py_round(_floats(mo["hhi_group_spend"]), 6),
            "coverage": py_round(_floats(r["coverage"]), 4),
        }
    )
    out["name"] = out["name"].where(out["name"] != "", out["org_id"])
    return out[list(ORG_COLUMNS)]


def _flows(portfolio: Portfolio, registries: Registries) -> pd.DataFrame:
    """The flows with the kind of their target, sorted by ``flow_id`` like the document."""
    # by id, then organisation: the same order whichever partition a flow was scored in
    flows = portfolio.flows
    keys = ["flow_id"] if flows["flow_id"].is_unique else ["flow_id", "org_id"]
    flows = flows.sort_values(keys, kind="stable")
    out = pd.DataFrame(
        {c: _strings(flows[c]) for c in FLOW_COLUMNS if c != "target_kind"},
    )
    # Arrow's ``is_in`` over the column, not a Python object per flow
    target = pa.array(out["target"])
    apps = pa.array(portfolio.applications["app_id"].dropna().astype("string").unique())
    is_app = pc.is_in(target, value_set=apps.cast(target.type)).to_numpy(zero_copy_only=False)
    platforms = pa.array(sorted(registries.platforms), target.type)
    is_platform = pc.is_in(target, value_set=platforms).to_numpy(zero_copy_only=False)
    kind = np.where(is_app, 0, np.where(is_platform, 1, 2))
    out["target_kind"] = pd.array(TARGET_KINDS.take(pa.array(kind)), dtype="string")
    return out[list(FLOW_COLUMNS)]


def concat_tables(parts: Sequence[GroupTables]) -> GroupTables:
    """One set of tables from those of disjoint organisation partitions (sorted like one run)."""
    if not parts:
        raise ValueError("concat_tables needs at least one part")
    if len(parts) == 1:
        return parts[0]

    def join(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
        joined = pd.concat(frames, ignore_index=True)
        return joined.sort_values(keys, kind="stable").reset_index(drop=True)

    return GroupTables(
        parts[0].as_of,
        join([p.applications for p in parts], ["app_id"]),
        join([p.organisations for p in parts], ["org_id"]),
        join([p.flows for p in parts], ["flow_id", "org_id"]),
    )
