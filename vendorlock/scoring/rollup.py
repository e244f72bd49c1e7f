"""Exposure per editor and corporate group, and the lock-in index of each organisation.

Per (organisation, editor) and (organisation, group): applications, spend (sum of the known
annual costs), worst score, weighted score — spend-weighted when every application of the row
has a known annual cost and the total is positive, else the plain mean (``weighting`` says
which) — its level, and the summed exit-cost range.

Organisation lock-in index = (1 − w) × weighted score of all its applications + w × HHI / 100,
with w = ``organisation.concentration_weight`` and HHI the Herfindahl–Hirschman index of spend
across corporate groups (0–10,000; application counts when no spend is known; when no group is
known at all, HHI is unknown and the index counts it at its worst, 10,000, like an unknown
criterion: hiding who the editors are never lowers the index). Why blend: an
organisation whose applications are each moderately locked but all bought from one group is
more exposed than the mean says — one price rise or acquisition hits every service at once;
groups, not editors, because editors buy each other.

Applications whose level is ``insufficient_data`` (coverage below ``min_coverage``) are counted
in ``applications`` but not in any score: weighted and worst scores, and the index, rest on the
applications with enough data only (``scored_applications``); with none, they are unknown and
the level is ``insufficient_data``. ``coverage`` is the mean of the applications' coverage
(each application counts once, whatever its spend: coverage says how much of the portfolio is
known, not how much money). The ``unknown`` editor is never a group in the HHI: its
applications and spend are left out of the shares (no known group → HHI unknown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vendorlock.columns import objects
from vendorlock.dtypes import STR, STRING
from vendorlock.metrics.grouped import Factor, Grouping
from vendorlock.metrics.interface import Metrics
from vendorlock.model.portfolio import UNKNOWN
from vendorlock.scoring.costs import ExitCosts
from vendorlock.scoring.model import Levels, RulePack
from vendorlock.scoring.score import Scores, level_dtype, metric_values


@dataclass(frozen=True)
class Rollup:
    """``editors`` / ``groups``: one row per (org_id, editor_id) / (org_id, group) with
    applications, scored_applications, spend, worst_score, worst_level, weighted_score,
    weighting, level, coverage, exit_cost_low/high, app_share and spend_share (of the
    organisation's known spend); ``organisations``: one row per org_id, plus hhi_group_spend,
    lockin_index and unknown_criteria. All sorted by their keys."""

    editors: pd.DataFrame
    groups: pd.DataFrame
    organisations: pd.DataFrame


def _level(values: np.ndarray, levels: Levels) -> pd.Categorical:
    """Score band of each value; ``insufficient_data`` where the value is unknown (NaN)."""
    codes = np.select(
        [
            np.isnan(values),
            values >= levels.critical,
            values >= levels.high,
            values >= levels.medium,
        ],
        [0, 4, 3, 2],
        default=1,
    ).astype(np.int8)
    return pd.Categorical.from_codes(codes, dtype=level_dtype())


def _frame(metrics: Metrics, scores: Scores, costs: ExitCosts) -> pd.DataFrame:
    apps = metrics.applications
    cost = metric_values(metrics, "annual_cost")
    editor = (
        apps["editor_id"].astype(STRING)
        if "editor_id" in apps
        else pd.Series("unknown", index=apps.index, dtype=STRING)
    )
    group = apps["group"].astype(STRING) if "group" in apps else editor
    enough = (scores.level != "insufficient_data").to_numpy(dtype=bool)
    score = np.where(enough, scores.score.to_numpy(dtype="float64"), np.nan)
    counted_cost = np.where(enough, cost, np.nan)
    return pd.DataFrame(
        {
            # categorical keys: each groupby below reuses the codes instead of hashing strings
            "org_id": apps["org_id"].astype(STRING).astype("category"),
            "editor_id": editor.fillna("unknown").astype("category"),
            "group": group.fillna(editor).fillna("unknown").astype("category"),
            "score": score,
            "counted": enough,
            "coverage": scores.coverage.to_numpy(dtype="float64"),
            "cost": cost,
            "counted_cost": counted_cost,
            # an application left out of the scores does not stop spend weighting
            "cost_known": ~enough | ~np.isnan(cost),
            "cost_x_score": counted_cost * score,
            "exit_cost_low": costs.table["low"].to_numpy(),
            "exit_cost_high": costs.table["high"].to_numpy(),
        },
        index=apps.index,
    )


def _exposure(df: pd.DataFrame, keys: list[str], levels: Levels) -> pd.DataFrame:
    g = df.groupby(keys, sort=True, observed=True, dropna=False)
    # One column at a time on the shared grouper: the kernels named ``agg`` columns run, at a
    # quarter of its cost. (Not ``g[columns].sum()``: a 2-D block sums in another order, and
    # the last bit of a total would change.)
    summed = ("counted", "cost", "counted_cost", "cost_x_score", "exit_cost_low", "exit_cost_high")
    sums = {c: g[c].sum() for c in summed}
    means = {c: g[c].mean() for c in ("score", "coverage")}
    out = pd.DataFrame(
        {
            "applications": g.size(),
            "spend": sums["cost"].where(g["cost"].count() > 0),
            "scored_applications": sums["counted"],
            "worst_score": g["score"].max(),
            "coverage": means["coverage"],
            "exit_cost_low": sums["exit_cost_low"],
            "exit_cost_high": sums["exit_cost_high"],
        }
    )
    by_spend = g["cost_known"].all().to_numpy(dtype=bool) & (sums["counted_cost"].to_numpy() > 0)
    weights = np.where(by_spend, sums["counted_cost"].to_numpy(), 1.0)
    out["weighted_score"] = np.where(
        by_spend, sums["cost_x_score"].to_numpy() / weights, means["score"].to_numpy()
    )
    out["weighting"] = np.where(by_spend, "spend", "applications")
    out["level"] = _level(out["weighted_score"].to_numpy(), levels)
    out["worst_level"] = _level(out["worst_score"].to_numpy(), levels)
    out = out.reset_index()
    for key in keys:
        out[key] = out[key].astype(STRING)
    if keys != ["org_id"]:
        org = out.groupby("org_id")
        org_apps = org["applications"].transform("sum")
        org_spend = org["spend"].transform("sum")
        out["app_share"] = out["applications"] / org_apps
        out["spend_share"] = out["spend"] / org_spend.where(org_spend > 0)
    return out


def _hhi(df: pd.DataFrame) -> pd.Series:
    """HHI of spend across groups per organisation (application counts when no spend), over
    the applications of a known group: the ``unknown`` editor is not one more group (NaN when
    no group is known)."""
    df = df[df["group"].astype(STRING) != UNKNOWN]
    g = df.groupby(["org_id", "group"], sort=True, observed=True)
    spend = g["cost"].sum()
    count = g["score"].size().astype("float64")
    org_spend = spend.groupby(level=0).transform("sum")
    org_count = count.groupby(level=0).transform("sum")
    use_spend = org_spend > 0
    share = np.where(use_spend, spend / org_spend.where(use_spend, 1.0), count / org_count)
    squares = pd.Series((share * 100.0) ** 2, index=spend.index)
    hhi = squares.groupby(level=0, observed=True).sum(min_count=1)
    hhi.index = hhi.index.astype(STRING)
    return hhi


def rollup(metrics: Metrics, scores: Scores, costs: ExitCosts, pack: RulePack) -> Rollup:
    """Editor and group exposure, and the organisation index, from the scored applications."""
    cols = _columns(metrics, scores, costs)
    org = Factor.of(cols.org)  # factorised once for the three groupings
    by_editor = Grouping.of_factors(org, Factor.of(cols.editor))
    by_group = Grouping.of_factors(org, Factor.of(cols.group))
    by_org = Grouping.of_factors(org)
    if by_editor is None or by_group is None or by_org is None:  # a missing organisation
        df = _frame(metrics, scores, costs)
        editors = _exposure(df, ["org_id", "editor_id"], pack.levels)
        group_of = df.groupby(["org_id", "editor_id"], sort=True)["group"].first()
        editors.insert(2, "group", group_of.to_numpy())
        groups = _exposure(df, ["org_id", "group"], pack.levels)
        return Rollup(
            editors=editors, groups=groups, organisations=_organisations(metrics, scores, df, pack)
        )
    editors = _fast_exposure(cols, by_editor, ("org_id", "editor_id"), pack.levels)
    # each (organisation, editor)'s group: the first of its rows (keys are never missing)
    first = np.full(by_editor.ngroups, len(cols.group), dtype=np.int64)
    np.minimum.at(first, by_editor.labels, np.arange(len(cols.group)))
    editors.insert(2, "group", pd.array(cols.group[first], dtype=STR))
    groups = _fast_exposure(cols, by_group, ("org_id", "group"), pack.levels)
    orgs = _fast_organisations(metrics, scores, cols, by_org, by_group, pack)
    return Rollup(editors=editors, groups=groups, organisations=orgs)


@dataclass(frozen=True)
class _Columns:
    """:func:`_frame`'s columns as numpy arrays (keys as Python strings), for
    :class:`Grouping`: the same values, without a DataFrame and its categoricals."""

    org: np.ndarray
    editor: np.ndarray
    group: np.ndarray
    score: np.ndarray
    counted: np.ndarray
    coverage: np.ndarray
    cost: np.ndarray
    counted_cost: np.ndarray
    cost_known: np.ndarray
    cost_x_score: np.ndarray
    exit_low: np.ndarray
    exit_high: np.ndarray
    unknown: np.ndarray


def _columns(metrics: Metrics, scores: Scores, costs: ExitCosts) -> _Columns:
    apps = metrics.applications
    cost = metric_values(metrics, "annual_cost")
    n = len(apps)
    editor = objects(apps["editor_id"]) if "editor_id" in apps else np.full(n, None, object)
    group = objects(apps["group"]) if "group" in apps else editor
    # as _frame: editor.fillna("unknown"), group.fillna(editor).fillna("unknown")
    group = np.where(group == None, editor, group)  # noqa: E711 - elementwise test
    editor = np.where(editor == None, UNKNOWN, editor)  # noqa: E711
    group = np.where(group == None, UNKNOWN, group)  # noqa: E711
    enough = (scores.level != "insufficient_data").to_numpy(dtype=bool)
    score = np.where(enough, scores.score.to_numpy(dtype="float64"), np.nan)
    counted_cost = np.where(enough, cost, np.nan)
    return _Columns(
        org=objects(apps["org_id"]),
        editor=editor,
        group=group,
        score=score,
        counted=enough,
        coverage=scores.coverage.to_numpy(dtype="float64"),
        cost=cost,
        counted_cost=counted_cost,
        cost_known=~enough | ~np.isnan(cost),
        cost_x_score=counted_cost * score,
        exit_low=costs.table["low"].to_numpy(dtype="float64"),
        exit_high=costs.table["high"].to_numpy(dtype="float64"),
        unknown=scores.unknown_count.to_numpy(),
    )


def _fast_exposure(
    cols: _Columns, g: Grouping, keys: tuple[str, ...], levels: Levels
) -> pd.DataFrame:
    """:func:`_exposure` on a :class:`Grouping`: the same table (tested), at a fraction of
    the cost."""
    return pd.DataFrame(_exposure_columns(cols, g, keys, levels))


def _exposure_columns(
    cols: _Columns, g: Grouping, keys: tuple[str, ...], levels: Levels
) -> dict[str, object]:
    """:func:`_fast_exposure`'s columns, in order: the frame is built once from all of them
    (a column set on a built frame costs ~0.15 ms, six of them a rollup)."""
    counted_cost = g.sum(cols.counted_cost)
    cost_x_score = g.sum(cols.cost_x_score)
    spend = g.sum(cols.cost)
    spend[g.count(cols.cost) == 0] = np.nan
    mean_score = g.mean(cols.score)
    by_spend = g.all(cols.cost_known) & (counted_cost > 0)
    weights = np.where(by_spend, counted_cost, 1.0)
    weighted = np.where(by_spend, cost_x_score / weights, mean_score)
    worst = g.max(cols.score)
    applications = g.size()
    data: dict[str, object] = {
        k: pd.array(v, dtype=STRING) for k, v in zip(keys, g.keys, strict=True)
    }
    data |= {
        "applications": applications,
        "spend": spend,
        "scored_applications": g.sum_bool(cols.counted),
        "worst_score": worst,
        "coverage": g.mean(cols.coverage),
        "exit_cost_low": g.sum(cols.exit_low),
        "exit_cost_high": g.sum(cols.exit_high),
        "weighted_score": weighted,
        "weighting": np.where(by_spend, "spend", "applications"),
        "level": _level(weighted, levels),
        "worst_level": _level(worst, levels),
    }
    if len(keys) > 1:
        org = g.parent(1)
        org_apps = org.sum(applications.astype(np.float64))[org.labels]
        org_spend = org.sum(spend)[org.labels]
        data["app_share"] = applications / org_apps
        data["spend_share"] = spend / np.where(org_spend > 0, org_spend, np.nan)
    return data


def _fast_organisations(
    metrics: Metrics,
    scores: Scores,
    cols: _Columns,
    by_org: Grouping,
    by_group: Grouping,
    pack: RulePack,
) -> pd.DataFrame:
    """:func:`_organisations` on :class:`Grouping` s (the same table, tested), built as one
    frame."""
    data = _exposure_columns(cols, by_org, ("org_id",), pack.levels)
    org_ids = by_org.keys[0].tolist()
    hhi_values = _given_or_computed_hhi(metrics.organisations, _fast_hhi(cols, by_group), org_ids)
    w = pack.organisation.concentration_weight
    mean = np.asarray(data["weighted_score"])
    worst = np.where(np.isnan(hhi_values), 10000.0, hhi_values)  # unknown: not excluded
    index = (1 - w) * mean + w * worst / 100.0
    data["hhi_group_spend"] = hhi_values
    data["lockin_index"] = index
    data["level"] = _level(index, pack.levels)  # in the place of the weighted score's level
    unknown = np.bincount(by_org.labels, weights=cols.unknown, minlength=by_org.ngroups)
    data["unknown_criteria"] = unknown.astype(cols.unknown.dtype)
    return pd.DataFrame(data)


def _given_or_computed_hhi(
    given: pd.DataFrame, computed: dict[str, float], org_ids: list[str]
) -> np.ndarray:
    """Each of ``org_ids``' HHI of group spend: the metrics stage's ``hhi_group_spend`` where
    it is known, else the one computed from the applications; NaN for an organisation with
    none computed (what reindexing the given values on the computed ones, filling them, then
    reindexing on ``org_ids`` gives; looked up in dicts, a handful of organisations)."""
    known: dict[str, float] = {}
    if "hhi_group_spend" in given.columns and len(given):
        values = pd.to_numeric(given["hhi_group_spend"], errors="coerce")
        numbers = values.to_numpy(dtype="float64", na_value=np.nan).tolist()
        keys = given.index.astype(STRING).tolist()
        if len(set(keys)) != len(keys):
            raise ValueError("cannot reindex on an axis with duplicate labels")
        known = dict(zip(keys, numbers, strict=True))
    out = np.full(len(org_ids), np.nan)
    for i, org in enumerate(org_ids):
        if org in computed:
            value = known.get(org, math.nan)
            out[i] = computed[org] if math.isnan(value) else value
    return out


def _fast_hhi(cols: _Columns, by_group: Grouping) -> dict[str, float]:
    """:func:`_hhi` from the (organisation, group) grouping, by organisation id."""
    known = by_group.keys[1] != UNKNOWN
    spend = by_group.sum(cols.cost)[known]
    count = by_group.size().astype("float64")[known]
    org = Grouping.of_sorted(by_group.keys[0][known])  # the groups come sorted by org
    org_spend = org.sum(spend)[org.labels]
    org_count = org.sum(count)[org.labels]
    use_spend = org_spend > 0
    share = np.where(use_spend, spend / np.where(use_spend, org_spend, 1.0), count / org_count)
    hhi = org.sum((share * 100.0) ** 2, min_count=1)
    return dict(zip(org.keys[0].tolist(), hhi.tolist(), strict=True))


def organisation_index(
    metrics: Metrics, scores: Scores, costs: ExitCosts, pack: RulePack
) -> pd.DataFrame:
    """The organisations of :func:`rollup` alone (``Rollup.organisations``), without the
    editor and group exposure tables the member score tables of a national run never read."""
    cols = _columns(metrics, scores, costs)
    org = Factor.of(cols.org)
    by_group = Grouping.of_factors(org, Factor.of(cols.group))
    by_org = Grouping.of_factors(org)
    if by_group is None or by_org is None:  # a missing organisation
        return _organisations(metrics, scores, _frame(metrics, scores, costs), pack)
    return _fast_organisations(metrics, scores, cols, by_org, by_group, pack)


def _organisations(
    metrics: Metrics, scores: Scores, df: pd.DataFrame, pack: RulePack
) -> pd.DataFrame:
    orgs = _exposure(df, ["org_id"], pack.levels).set_index("org_id")
    hhi = _org_hhi(metrics, df).reindex(orgs.index)
    w = pack.organisation.concentration_weight
    mean = orgs["weighted_score"].to_numpy()
    hhi_values = hhi.to_numpy(dtype="float64")
    worst = np.where(np.isnan(hhi_values), 10000.0, hhi_values)  # unknown: not excluded
    index = (1 - w) * mean + w * worst / 100.0
    orgs["hhi_group_spend"] = hhi_values
    orgs["lockin_index"] = index
    orgs["level"] = _level(index, pack.levels)
    unknown = scores.unknown_count.groupby(df["org_id"], observed=True).sum()
    unknown.index = unknown.index.astype(STRING)
    orgs["unknown_criteria"] = unknown.reindex(orgs.index).to_numpy()
    return orgs.reset_index()


def _org_hhi(metrics: Metrics, df: pd.DataFrame) -> pd.Series:
    """The metrics stage's ``hhi_group_spend`` where given, else computed from the apps."""
    computed = _hhi(df)
    orgs = metrics.organisations
    if "hhi_group_spend" in orgs.columns and len(orgs):
        given = pd.to_numeric(orgs["hhi_group_spend"], errors="coerce")
        given.index = given.index.astype(STRING)
        return given.reindex(computed.index).fillna(computed)
    return computed
