"""The group view of many members: who depends on whom, how concentrated, what members pay.

Pure functions over one audit document covering every member (see :mod:`.audits`). The report
goes to every member, so its money follows the k-anonymity rule of :mod:`.anonymity`: a
member's own spend (member ranking, member × editor cells) is suppressed, an editor's or
group's spend, share and exit costs show only when at least ``min_group`` members are behind
them, and the benchmark publishes medians and quartiles over at least ``min_group`` members'
prices without naming anyone. Each member's own figures are in its own report
(``--member-reports``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.group.anonymity import DEFAULT_MIN_GROUP, KAnonymity, count_suppressed
from vendorlock.group.frames import INSUFFICIENT, clean, money, pylist
from vendorlock.group.tables import GroupTables, as_tables
from vendorlock.model.portfolio import UNKNOWN
from vendorlock.reports import overview


@dataclass(frozen=True)
class AggregateOptions:
    """``min_group``: k of the k-anonymity rule (at least 2)."""

    min_group: int = DEFAULT_MIN_GROUP

    @property
    def anonymity(self) -> KAnonymity:
        return KAnonymity(self.min_group)


def hhi(values: pd.Series) -> float | None:
    """Herfindahl–Hirschman index (0–10,000) of positive values; None when there are none."""
    v = values.dropna()
    v = v[v > 0]
    total = float(v.sum())
    if total <= 0:
        return None
    shares = v / total * 100.0
    return round(float((shares**2).sum()), 1)


def member_apps(source: GroupTables | Mapping[str, Any], members: Sequence[str]) -> pd.DataFrame:
    """The applications of the members only (the structure's own are left out)."""
    apps = as_tables(source).applications
    return apps[apps["org_id"].isin(set(members))].reset_index(drop=True)


def dependency_matrix(apps: pd.DataFrame, rule: KAnonymity | None = None) -> dict[str, Any]:
    """Member × editor cells (applications, known spend), editors ordered by members served.

    A cell's spend is one member's alone: it is suppressed (k is at least 2).
    """
    rule = rule or KAnonymity()
    grouped = (
        apps.groupby(["org_id", "editor_id"], dropna=False)
        .agg(
            applications=("app_id", "size"),
            spend=("annual_cost", "sum"),
            costed=("annual_cost", "count"),
        )
        .reset_index()
        .sort_values(["org_id", "editor_id"])
    )
    grouped["spend"] = grouped["spend"].where(grouped["costed"] > 0)  # unknown, not 0
    reach = grouped.groupby("editor_id")["org_id"].nunique()
    editors = sorted(reach.index, key=lambda e: (-int(reach[e]), str(e)))
    cells = []
    # the columns as plain lists: itertuples boxes every Arrow value through pandas
    for org_id, editor_id, applications, spend in zip(
        pylist(grouped["org_id"]),
        pylist(grouped["editor_id"]),
        grouped["applications"].tolist(),
        grouped["spend"].tolist(),
        strict=True,
    ):
        cell = {
            "org_id": _text(org_id),
            "editor_id": _text(editor_id),
            "applications": int(applications),
            "spend": money(spend),
        }
        # one member behind a known spend (a count, not a set of ids built per cell)
        rule.apply_count(cell, ("spend",), int(cell["spend"] is not None))
        cells.append(cell)
    return {"editors": editors, "members": sorted(apps["org_id"].unique().tolist()), "cells": cells}


def _text(value: Any) -> str:
    """A key as ``str`` wrote it from the frame (a missing one reads ``<NA>``)."""
    return str(pd.NA) if value is None else str(value)


def _ranking(
    apps: pd.DataFrame, key: str, total_spend: float, rule: KAnonymity
) -> list[dict[str, Any]]:
    frame = apps.assign(_spender=apps["org_id"].where(apps["annual_cost"].notna()))
    grouped = frame.groupby(key, dropna=False).agg(
        members=("org_id", "nunique"),
        spenders=("_spender", "nunique"),
        applications=("app_id", "size"),
        spend=("annual_cost", "sum"),
        costed=("annual_cost", "count"),
        average_score=("score", "mean"),
        worst_score=("score", "max"),
        coverage=("coverage", "mean"),
        exit_low=("exit_low", "sum"),
        exit_high=("exit_high", "sum"),
    )
    grouped["spend"] = grouped["spend"].where(grouped["costed"] > 0)  # unknown, not 0
    names = apps.groupby(key)["editor" if key == "editor_id" else "group"].first()
    grouped = grouped.reset_index()
    # a suppressed spend must not leak through the order either
    shown = grouped["spenders"].map(rule.shows_count)
    grouped["_spend"] = grouped["spend"].where(shown).fillna(0.0)
    grouped = grouped.sort_values(["members", "_spend", key], ascending=[False, False, True])
    out: list[dict[str, Any]] = []
    for rank, r in enumerate(grouped.itertuples(index=False), start=1):
        ident = str(getattr(r, key))
        spend = money(r.spend)
        row: dict[str, Any] = {
            "rank": rank,
            "id": ident,
            "name": clean(names.get(ident)) or ident,
            "members": int(r.members),
            "applications": int(r.applications),
            "spend": spend,
            "spend_share": None
            if spend is None or total_spend <= 0
            else round(spend / total_spend, 4),
            "average_score": _round(r.average_score),
            "worst_score": _round(r.worst_score),
            "coverage": _round(r.coverage, 4),
            "exit_cost": {"low": money(r.exit_low), "high": money(r.exit_high)},
        }
        rule.apply_count(row, ("spend", "spend_share"), int(r.spenders))
        rule.apply_count(row, ("exit_cost",), int(r.members))
        out.append(row)
    return out


def _round(value: Any, digits: int = 1) -> float | None:
    v = clean(value)
    return None if v is None else round(float(v), digits)


def editor_ranking(apps: pd.DataFrame, rule: KAnonymity | None = None) -> list[dict[str, Any]]:
    """Editors ranked by members depending on them, then spend (when it may be shown)."""
    return _ranking(apps, "editor_id", float(apps["annual_cost"].sum()), rule or KAnonymity())


def group_ranking(apps: pd.DataFrame, rule: KAnonymity | None = None) -> list[dict[str, Any]]:
    """Corporate groups ranked the same way (an editor without a group is its own group)."""
    frame = apps.copy()
    frame["group"] = frame["group"].fillna(frame["editor_id"])
    return _ranking(frame, "group", float(apps["annual_cost"].sum()), rule or KAnonymity())


def concentration(apps: pd.DataFrame, rule: KAnonymity | None = None) -> dict[str, Any]:
    """HHI of the whole structure's spend and applications, by editor and by group, over the
    applications of a known editor (an unknown editor is not one more editor); ``coverage``
    is the mean coverage of the members' applications. The spend figures rest on every member
    with a known cost; below k members they are suppressed (the application counts stay).
    """
    coverage = apps["coverage"].mean()
    apps = apps[apps["editor_id"].fillna(UNKNOWN) != UNKNOWN]
    groups = apps["group"].fillna(apps["editor_id"])
    out = {
        "hhi_editor_spend": hhi(apps.groupby("editor_id")["annual_cost"].sum()),
        "hhi_group_spend": hhi(apps.groupby(groups)["annual_cost"].sum()),
        "hhi_editor_apps": hhi(apps.groupby("editor_id")["app_id"].size().astype("float64")),
        "hhi_group_apps": hhi(apps.groupby(groups)["app_id"].size().astype("float64")),
        "total_spend": money(apps["annual_cost"].sum(min_count=1)),
        "applications": len(apps),
        "coverage": _round(coverage, 4),
    }
    spenders = pylist(apps.loc[apps["annual_cost"].notna(), "org_id"].dropna())
    (rule or KAnonymity()).apply(
        out, ("hhi_editor_spend", "hhi_group_spend", "total_spend"), spenders
    )
    return out


def member_ranking(
    source: GroupTables | Mapping[str, Any],
    members: Sequence[str],
    rule: KAnonymity | None = None,
) -> list[dict[str, Any]]:
    """Members from most to least locked in (lock-in index, then id).

    A member's yearly spend is its alone: suppressed for the other readers (k is at least 2).
    ``scored_applications`` counts the applications with enough data to be scored (the ones
    its index rests on; the weight of :func:`structure_index`).
    """
    rule = rule or KAnonymity()
    tables = as_tables(source)
    orgs = tables.organisations
    apps = tables.applications
    scored = apps[apps["level"] != INSUFFICIENT].groupby("org_id").size()
    orgs = orgs[orgs["org_id"].isin(set(members))]
    orgs = orgs.sort_values(["lockin_index", "org_id"], ascending=[False, True])
    rows = [
        {
            "rank": rank,
            "org_id": str(r.org_id),
            "name": clean(r.name),
            "kind": clean(r.kind),
            "population": clean(r.population),
            "lockin_index": _round(r.lockin_index),
            "level": clean(r.level),
            "applications": int(r.applications) if clean(r.applications) is not None else 0,
            "scored_applications": int(scored.get(r.org_id, 0)),
            "annual_spend": money(r.annual_spend),
            "hhi_editor": _round(r.hhi_editor),
            "hhi_group": _round(r.hhi_group),
            "coverage": _round(r.coverage, 4),
        }
        for rank, r in enumerate(orgs.itertuples(index=False), start=1)
    ]
    for row in rows:  # the member alone is behind its known spend
        rule.apply_count(row, ("annual_spend",), int(row["annual_spend"] is not None))
    return rows


def structure_index(
    source: GroupTables | Mapping[str, Any], ranking: Sequence[Mapping[str, Any]]
) -> float | None:
    """The structure-wide lock-in index over the ranked members: their indices as the tables
    hold them (2 decimals, not the ranking's 1), each weighted by its scored applications —
    :func:`vendorlock.reports.overview.structure_index`, the one function every report uses."""
    orgs = as_tables(source).organisations.set_index("org_id")["lockin_index"]
    return overview.structure_index(
        (clean(orgs.get(m["org_id"])), m["scored_applications"]) for m in ranking
    )


def _member_costs(apps: pd.DataFrame, orgs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per member and ``keys``: known annual cost per inhabitant and per user."""
    # only the columns grouped and summed: a group-by carries every other column along
    costed = apps.loc[apps["annual_cost"].notna(), ["org_id", *keys, "annual_cost", "users"]]
    per = costed.groupby(["org_id", *keys]).agg(cost=("annual_cost", "sum")).reset_index()
    with_users = costed[costed["users"].notna()]
    users = (
        with_users.groupby(["org_id", *keys])
        .agg(user_cost=("annual_cost", "sum"), users=("users", "sum"))
        .reset_index()
    )
    per = per.merge(users, on=["org_id", *keys], how="left")
    pop = orgs.set_index("org_id")["population"]
    # Float64 even when no member has a costed application (an empty map keeps no dtype)
    per["population"] = per["org_id"].map(pop).astype("Float64")
    per["per_inhabitant"] = per["cost"].where(per["population"] > 0) / per["population"]
    per["per_user"] = per["user_cost"].where(per["users"] > 0) / per["users"]
    return per


def _stat_cell(values: np.ndarray, rule: KAnonymity) -> dict[str, Any]:
    """Median and quartiles of one cell's member figures (``values``: float64, NaN unknown),
    numpy's linear interpolation as pandas' ``median``/``quantile`` use it."""
    v = values[~np.isnan(values)]
    n = len(v)
    if not rule.shows_count(n) or n == 0:
        return {"members": n, "suppressed": True}
    return {
        "members": n,
        "suppressed": False,
        "median": round(float(np.median(v)), 2),
        "p25": round(float(np.quantile(v, 0.25)), 2),
        "p75": round(float(np.quantile(v, 0.75)), 2),
    }


def benchmark(apps: pd.DataFrame, orgs: pd.DataFrame, options: AggregateOptions) -> dict[str, Any]:
    """Anonymised annual cost per inhabitant and per user, by domain and by product.

    A member's figure for a domain (or product) is its known annual cost there divided by its
    population (or by the named users of the costed applications). Only the median and
    quartiles over members are published, never a member's own figure, never min or max; a cell
    with fewer than ``min_group`` members is suppressed. The figures are read once as float
    arrays and each cell takes its rows by position (hundreds of cells at 500 members).
    """
    rule = options.anonymity
    out: dict[str, Any] = {"min_group": rule.k, "by_domain": [], "by_product": []}
    for keys, target in ((["domain"], "by_domain"), (["domain", "product"], "by_product")):
        frame = apps if keys == ["domain"] else apps[apps["product"].notna()]
        per = _member_costs(frame, orgs, keys)
        figures = {
            unit: per[unit].astype("Float64").to_numpy("float64", na_value=np.nan)
            for unit in ("per_inhabitant", "per_user")
        }
        cells = per.groupby(keys).indices
        for ident in sorted(
            cells, key=lambda i: tuple(map(str, i if isinstance(i, tuple) else (i,)))
        ):
            idents = ident if isinstance(ident, tuple) else (ident,)
            row: dict[str, Any] = dict(zip(keys, map(str, idents), strict=True))
            for unit, values in figures.items():
                row[unit] = _stat_cell(values[cells[ident]], rule)
            out[target].append(row)
    return out


def aggregate_view(
    source: GroupTables | Mapping[str, Any], members: Sequence[str], options: AggregateOptions
) -> dict[str, Any]:
    """The whole group view (a JSON-able dict, sorted, no timestamps), from the members'
    score tables or an audit document."""
    tables = as_tables(source)
    apps = member_apps(tables, members)
    orgs = tables.organisations
    rule = options.anonymity
    ranking = member_ranking(tables, members, rule)
    view: dict[str, Any] = {
        "kind": "aggregate",
        "as_of": tables.as_of,
        "members": len(members),
        "concentration": concentration(apps, rule),
        "member_ranking": ranking,
        "structure_index": structure_index(tables, ranking),
        "editors": editor_ranking(apps, rule),
        "groups": group_ranking(apps, rule),
        "matrix": dependency_matrix(apps, rule),
        "benchmark": benchmark(apps, orgs[orgs["org_id"].isin(set(members))], options),
    }
    bench = view["benchmark"]
    hidden = sum(
        1
        for part in ("by_domain", "by_product")
        for row in bench[part]
        for unit in ("per_inhabitant", "per_user")
        if row[unit]["suppressed"] and row[unit]["members"] > 0
    )
    view["anonymity"] = rule.block(
        hidden
        + count_suppressed([view["concentration"]])
        + count_suppressed(view["member_ranking"])
        + count_suppressed(view["editors"])
        + count_suppressed(view["groups"])
        + count_suppressed(view["matrix"]["cells"])
    )
    return view
