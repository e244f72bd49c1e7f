"""Application scores: one vectorised pass per criterion over the metrics table.

For each criterion, the metric column becomes a severity (the last threshold reached, via a
sorted search), then points = weight × severity (scored), 0 (waived or not applicable). An
unknown metric is not a value: it gives anything between 0 and the weight, so each score is a
band — ``score_low`` = Σ points of the scored criteria, ``score_high`` = min(100, low + Σ
weights of the unknown ones) — and the headline ``score`` sits inside it at ``unknown_factor``
(its points column holds weight × unknown_factor, so every headline point still traces to a
named rule). ``coverage`` = scored weight / (scored + unknown weight); below the pack's
``min_coverage`` the level is ``insufficient_data`` instead of a band. A criterion whose
``applies_when`` metric is unknown is unknown too: it may or may not apply. Nothing here builds a
Python object per application: 3M applications × 20 criteria is a few numpy arrays.
"""

from __future__ import annotations

import functools
import logging
import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vendorlock.columns import frame_of
from vendorlock.metrics.interface import Metrics
from vendorlock.scoring.model import (
    ALL_LEVELS,
    STATUS_ORDER,
    Criterion,
    Direction,
    RulePack,
    Status,
)
from vendorlock.scoring.waivers import (
    ALL_APPLICATIONS,
    Waiver,
    WaiverOutcome,
    WaiverOutcomeKind,
    WaiverSet,
)

logger = logging.getLogger(__name__)

_OPS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
_CODE = {status: np.int8(i) for i, status in enumerate(STATUS_ORDER)}
_FLOAT = np.dtype("float64")


@dataclass(frozen=True)
class Scores:
    """Scores of every application (index ``app_id``, columns rule ids in pack order).

    ``points`` holds each criterion's points; ``status`` its :class:`Status` (categorical);
    ``score`` = min(100, row sum of points); ``score_low`` / ``score_high`` the band the
    unknown criteria leave open; ``coverage`` the share of the applicable weight resting on
    known metrics (1.0 when no criterion applies); ``level`` an ordered categorical of
    :class:`Level` (``insufficient_data`` below ``min_coverage``); ``unknown_count`` the
    criteria whose metric is unknown. ``waivers`` says what became of each waiver;
    ``applied_waivers`` are those that took effect.
    """

    points: pd.DataFrame
    status: pd.DataFrame
    score: pd.Series
    level: pd.Series
    unknown_count: pd.Series
    score_low: pd.Series
    score_high: pd.Series
    coverage: pd.Series
    waivers: tuple[WaiverOutcome, ...] = ()
    applied_waivers: tuple[Waiver, ...] = ()

    def waiver_for(self, app_id: str, rule_id: str) -> Waiver | None:
        """The waiver that waived ``rule_id`` for ``app_id`` (a specific one before ``*``)."""
        found = [w for w in self.applied_waivers if w.criterion == rule_id]
        for w in found:
            if w.application == app_id:
                return w
        for w in found:
            if w.application == ALL_APPLICATIONS:
                return w
        return None


def metric_values(metrics: Metrics, metric: str) -> np.ndarray:
    """The metric column as float64 (NaN = unknown); an absent column is all unknown."""
    apps = metrics.applications
    if metric not in apps.columns:
        logger.warning("metric %s is missing from the metrics table: counted as unknown", metric)
        return np.full(len(apps), np.nan)
    column = apps[metric]
    if column.dtype == _FLOAT:  # what compute_metrics gives: a copy, no conversion (~15 µs
        # of ``to_numeric`` saved, some forty calls an audit)
        values: np.ndarray = column.to_numpy(dtype=_FLOAT, copy=True)
        return values
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def severities(values: np.ndarray, criterion: Criterion) -> np.ndarray:
    """Severity of each value: that of the last threshold reached, 0 when none (NaN → 0).

    One comparison per threshold (packs have a handful): NaN compares false, so unknown
    values fall through to 0 and the caller marks them unknown.
    """
    out = np.zeros(len(values), dtype="float64")
    higher = criterion.direction is Direction.HIGHER_IS_WORSE
    for th in criterion.thresholds:
        reached = values >= th.at if higher else values <= th.at
        np.copyto(out, th.severity, where=reached)
    return out


def applies(metrics: Metrics, criterion: Criterion) -> np.ndarray:
    """Whether the criterion applies; an unknown condition metric counts as applying."""
    holds, unknown = condition(metrics, criterion)
    result: np.ndarray = holds | unknown
    return result


def condition(metrics: Metrics, criterion: Criterion) -> tuple[np.ndarray, np.ndarray]:
    """``applies_when`` per application: (known to hold, unknown)."""
    n = len(metrics.applications)
    cond = criterion.applies_when
    if cond is None:
        return np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    values = metric_values(metrics, cond.metric)
    unknown = np.isnan(values)
    with np.errstate(invalid="ignore"):
        holds = _OPS[cond.op](values, cond.value) & ~unknown
    return holds, unknown


def score_applications(
    metrics: Metrics, pack: RulePack, waivers: WaiverSet | None = None
) -> Scores:
    """Score every application of ``metrics`` with ``pack``, applying ``waivers``."""
    index = metrics.applications.index
    n = len(index)
    points: dict[str, np.ndarray] = {}
    codes: dict[str, np.ndarray] = {}
    for crit in pack.criteria:
        values = metric_values(metrics, crit.metric)
        holds, unknown_condition = condition(metrics, crit)
        # whether it applies is itself unknown: the criterion is unknown, whatever its metric
        unknown = np.isnan(values) | unknown_condition
        relevant = holds | unknown_condition
        pts = np.where(
            unknown, crit.weight * pack.unknown_factor, crit.weight * severities(values, crit)
        )
        code = np.where(unknown, _CODE[Status.UNKNOWN], _CODE[Status.SCORED]).astype(np.int8)
        pts[~relevant] = 0.0
        code[~relevant] = _CODE[Status.NOT_APPLICABLE]
        points[crit.id] = pts
        codes[crit.id] = code
    outcomes, applied = _apply_waivers(index, pack, waivers, points, codes)
    total = np.zeros(n)
    known_points = np.zeros(n)
    known_weight = np.zeros(n)
    unknown_weight = np.zeros(n)
    unknown_count = np.zeros(n, dtype="int64")
    for crit in pack.criteria:
        code = codes[crit.id]
        total += points[crit.id]
        scored = code == _CODE[Status.SCORED]
        unknown = code == _CODE[Status.UNKNOWN]
        known_points += np.where(scored, points[crit.id], 0.0)
        known_weight += scored * crit.weight
        unknown_weight += unknown * crit.weight
        unknown_count += unknown
    score = np.minimum(total, 100.0)
    low = np.minimum(known_points, 100.0)
    high = np.minimum(known_points + unknown_weight, 100.0)
    applicable = known_weight + unknown_weight
    coverage = np.ones(n)
    np.divide(known_weight, applicable, out=coverage, where=applicable > 0)
    rule_ids = list(pack.rule_ids)
    # ``columns=`` reorders a frame built from a dict (~0.1 ms a frame): only when needed
    columns = None if points and list(points) == rule_ids else rule_ids
    return Scores(
        points=frame_of(points, index)
        if columns is None
        else pd.DataFrame(points, index=index, columns=columns),
        status=pd.DataFrame(
            {rule: _status_categorical(code) for rule, code in codes.items()},
            index=index,
            columns=columns,
        ),
        score=pd.Series(score, index=index, name="score"),
        level=pd.Series(_levels(score, coverage, pack), index=index, name="level"),
        unknown_count=pd.Series(unknown_count, index=index, name="unknown_count"),
        score_low=pd.Series(low, index=index, name="score_low"),
        score_high=pd.Series(high, index=index, name="score_high"),
        coverage=pd.Series(coverage, index=index, name="coverage"),
        waivers=outcomes,
        applied_waivers=applied,
    )


@functools.cache
def _status_dtype() -> pd.CategoricalDtype:
    return pd.CategoricalDtype([s.value for s in STATUS_ORDER])


@functools.cache
def level_dtype() -> pd.CategoricalDtype:
    """The ordered categories of a level column (codes follow :data:`ALL_LEVELS`), built once:
    ``from_codes(categories=…)`` checks the categories again on every call (~0.13 ms, some
    thirty calls an audit), ``from_codes(dtype=…)`` takes them as checked."""
    return pd.CategoricalDtype([level.value for level in ALL_LEVELS], ordered=True)


def _status_categorical(codes: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, dtype=_status_dtype())


def level_categorical(score: np.ndarray, pack: RulePack, enough: np.ndarray) -> pd.Categorical:
    """The score band of each value, ``insufficient_data`` where ``enough`` is false (codes
    follow :data:`ALL_LEVELS`)."""
    lv = pack.levels
    codes = np.select(
        [~enough, score >= lv.critical, score >= lv.high, score >= lv.medium],
        [0, 4, 3, 2],
        default=1,
    ).astype(np.int8)
    return pd.Categorical.from_codes(codes, dtype=level_dtype())


def _levels(score: np.ndarray, coverage: np.ndarray, pack: RulePack) -> pd.Categorical:
    # a small tolerance so a coverage of exactly min_coverage (e.g. 50/100) is enough
    return level_categorical(score, pack, coverage >= pack.min_coverage - 1e-9)


def _apply_waivers(
    index: pd.Index,
    pack: RulePack,
    waivers: WaiverSet | None,
    points: dict[str, np.ndarray],
    codes: dict[str, np.ndarray],
) -> tuple[tuple[WaiverOutcome, ...], tuple[Waiver, ...]]:
    if waivers is None:
        return (), ()
    outcomes = [WaiverOutcome(w, WaiverOutcomeKind.EXPIRED) for w in waivers.expired]
    applied: list[Waiver] = []
    ids = index.to_numpy()
    for w in waivers.active:
        if w.criterion not in points:
            outcomes.append(WaiverOutcome(w, WaiverOutcomeKind.UNMATCHED))
            continue
        if w.application == ALL_APPLICATIONS:
            rows = np.arange(len(index))
        else:
            rows = np.flatnonzero(ids == w.application)
        if len(rows) == 0:
            outcomes.append(WaiverOutcome(w, WaiverOutcomeKind.UNMATCHED))
            continue
        points[w.criterion][rows] = 0.0
        codes[w.criterion][rows] = _CODE[Status.WAIVED]
        applied.append(w)
        outcomes.append(WaiverOutcome(w, WaiverOutcomeKind.APPLIED, matched=len(rows)))
    outcomes.sort(key=lambda o: (o.waiver.criterion, o.waiver.application, o.waiver.line or 0))
    return tuple(outcomes), tuple(applied)
