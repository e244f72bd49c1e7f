"""Why an application scored what it did: one contribution per criterion, in words.

Sentences are rendered on demand, for the applications a report shows, from the criterion's
templates with the application's metric values filled in (``{value}`` is the criterion's own
metric; any application metric id may appear too).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from string import Formatter

import pandas as pd

from vendorlock.frames import row_dicts
from vendorlock.i18n import Lang, t
from vendorlock.metrics.interface import Metrics
from vendorlock.scoring.check import APP_METRICS
from vendorlock.scoring.model import Criterion, Reference, RulePack, Status
from vendorlock.scoring.render import metric_value, trimmed
from vendorlock.scoring.score import Scores
from vendorlock.scoring.waivers import Waiver


@dataclass(frozen=True)
class Contribution:
    """One criterion's part in one application's score."""

    rule_id: str
    title: str
    metric: str
    value: float | None
    points: float
    max_points: float
    status: Status
    reason: str
    remedy: str
    references: tuple[Reference, ...]
    waiver: Waiver | None = None


def _value(row: Mapping[str, object], metric: str) -> float | None:
    raw = row.get(metric)
    if raw is None or raw is pd.NA:
        return None
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


@cache
def _placeholders(template: str) -> tuple[str, ...]:
    """Field names a template uses (parsed once per template, not once per application)."""
    return tuple(name for _, name, _, _ in Formatter().parse(template) if name)


def fill(template: str, crit: Criterion, row: Mapping[str, object], lang: Lang | str) -> str:
    """A criterion template with ``{value}`` and metric placeholders filled for one app.

    Only the placeholders the template names are formatted: the sentences are rendered for every
    application a report shows, so formatting all metrics each time would dominate the audit.
    """
    params: dict[str, str] = {}
    for name in _placeholders(template):
        if name == "value":
            params[name] = metric_value(crit.metric, _value(row, crit.metric), lang)
        elif name in APP_METRICS:
            params[name] = metric_value(name, _value(row, name), lang)
    return template.format(**params)


def explain(
    scores: Scores, metrics: Metrics, pack: RulePack, app_id: str, lang: Lang
) -> list[Contribution]:
    """Contributions of every criterion to ``app_id``'s score, most points first.

    Raises ``KeyError`` when ``app_id`` is not in the scores.
    """
    return explain_many(scores, metrics, pack, [app_id], lang)[app_id]


def explain_many(
    scores: Scores,
    metrics: Metrics,
    pack: RulePack,
    app_ids: Sequence[str],
    lang: Lang,
    *,
    contributing_only: bool = False,
) -> dict[str, list[Contribution]]:
    """:func:`explain` for many applications at once.

    Rows are fetched from the tables in one go: a pandas row lookup per application and
    criterion would cost more than rendering the sentences themselves. With
    ``contributing_only``, criteria that gave no points and rest on no unknown or waiver are
    left out (reports show only what makes the score; sentences are the costly part).
    """
    ids = list(app_ids)
    rows = row_dicts(metrics.applications, ids)
    points = row_dicts(scores.points, ids)
    status = row_dicts(scores.status.astype(str), ids)
    references = {c.id: tuple(pack.references[r] for r in c.references) for c in pack.criteria}
    titles = {c.id: c.title.get(lang) for c in pack.criteria}
    out: dict[str, list[Contribution]] = {}
    for app_id in ids:
        row, pts_row, st_row = rows[app_id], points[app_id], status[app_id]
        contributions: list[Contribution] = []
        for crit in pack.criteria:
            st = Status(st_row[crit.id])
            pts = float(pts_row[crit.id])
            if contributing_only and pts <= 0 and st in (Status.SCORED, Status.NOT_APPLICABLE):
                continue
            waiver = scores.waiver_for(app_id, crit.id) if st is Status.WAIVED else None
            contributions.append(
                Contribution(
                    rule_id=crit.id,
                    title=titles[crit.id],
                    metric=crit.metric,
                    value=_value(row, crit.metric),
                    points=pts,
                    max_points=crit.weight,
                    status=st,
                    reason=_reason(crit, st, pts, row, waiver, lang),
                    remedy=_remedy(crit, st, row, lang),
                    references=references[crit.id],
                    waiver=waiver,
                )
            )
        contributions.sort(key=lambda c: (-c.points, c.rule_id))
        out[app_id] = contributions
    return out


def _reason(
    crit: Criterion,
    status: Status,
    points: float,
    row: Mapping[str, object],
    waiver: Waiver | None,
    lang: Lang,
) -> str:
    if status is Status.SCORED:
        return fill(crit.reason.get(lang), crit, row, lang)
    if status is Status.UNKNOWN:
        return t(
            "scoring.reason.unknown",
            lang,
            metric=crit.metric,
            points=trimmed(points, lang),
            weight=trimmed(crit.weight, lang),
        )
    if status is Status.WAIVED and waiver is not None:
        return t(
            "scoring.reason.waived",
            lang,
            author=waiver.author,
            expires=waiver.expires.isoformat(),
            reason=waiver.reason,
        )
    return t("scoring.reason.not_applicable", lang)


def _remedy(crit: Criterion, status: Status, row: Mapping[str, object], lang: Lang) -> str:
    if status is Status.UNKNOWN:
        return t("scoring.remedy.unknown", lang, metric=crit.metric)
    if status is Status.SCORED:
        return fill(crit.remedy.get(lang), crit, row, lang)
    return ""
