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

import numpy as np
import pandas as pd

from vendorlock.columns import as_strings, categorical, positions
from vendorlock.frames import row_dicts
from vendorlock.i18n import Lang, long_date, t
from vendorlock.metrics.interface import METRIC_INPUTS, Metrics
from vendorlock.scoring.check import APP_METRICS
from vendorlock.scoring.collect import column_label
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


def metric_label(crit: Criterion, lang: Lang) -> str:
    """What the user fills in for ``crit``'s metric, as the template names it ("Contrats ›
    Format de restitution"): a sentence about an unknown input never shows a metric id; the
    criterion's title when the metric reads no inventory column."""
    inputs = METRIC_INPUTS.get(crit.metric, ())
    if not inputs:
        return crit.title.get(lang)
    return ", ".join(column_label(table, field, lang) for table, field in inputs)


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
            metric=metric_label(crit, lang),
            points=trimmed(points, lang),
            weight=trimmed(crit.weight, lang),
        )
    if status is Status.WAIVED and waiver is not None:
        return t(
            "scoring.reason.waived",
            lang,
            author=waiver.author,
            expires=long_date(waiver.expires, lang),
            reason=waiver.reason,
        )
    return t("scoring.reason.not_applicable", lang)


def _remedy(crit: Criterion, status: Status, row: Mapping[str, object], lang: Lang) -> str:
    if status is Status.UNKNOWN:
        return t("scoring.remedy.unknown", lang, metric=metric_label(crit, lang))
    if status is Status.SCORED:
        return fill(crit.remedy.get(lang), crit, row, lang)
    return ""


def _numeric(table: pd.DataFrame, metric: str) -> np.ndarray:
    """A metric column as float64 (NaN = unknown), like :func:`_value` for every row."""
    if metric not in table.columns:
        return np.full(len(table), np.nan)
    values: np.ndarray = pd.to_numeric(table[metric], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    return values


class _Columns:
    """The metric columns of some applications as float64, each converted once per call of
    :func:`explain_table` (a template reads the same metric for its reason, its remedy and the
    criterion's value)."""

    def __init__(self, table: pd.DataFrame, positions: np.ndarray) -> None:
        self.table, self.positions = table, positions
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, metric: str) -> np.ndarray:
        if metric not in self._cache:
            self._cache[metric] = _numeric(self.table, metric)[self.positions]
        return self._cache[metric]


class _Texts:
    """Sentences interned as integer codes while the long table is built: its ``reason`` and
    ``remedy`` columns become categoricals from the codes, instead of hashing ~20,000
    sentences a column again (a quarter of :func:`explain_table`'s time)."""

    def __init__(self) -> None:
        self.code: dict[str, int] = {}
        self.texts: list[str] = []

    def of(self, text: str) -> int:
        found = self.code.get(text)
        if found is None:
            found = self.code[text] = len(self.texts)
            self.texts.append(text)
        return found

    def codes(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.of(x) for x in texts], dtype=np.int64)

    def categorical(self, codes: np.ndarray) -> pd.Categorical:
        """:func:`vendorlock.columns.categorical` of the texts of ``codes``: the same
        categories (the texts used, sorted), without a pass over the rows' strings."""
        used = np.unique(codes)
        order = sorted(used.tolist(), key=self.texts.__getitem__)
        rank = np.full(len(self.texts), -1, dtype=np.int64)
        rank[order] = np.arange(len(order))
        names = [self.texts[c] for c in order]
        dtype = pd.CategoricalDtype(pd.Index(names, dtype="str"), ordered=False)
        return pd.Categorical.from_codes(rank[codes], dtype=dtype)


def _fill_codes(
    template: str, crit: Criterion, numeric: _Columns, rows: np.ndarray, lang: Lang
) -> tuple[list[str], np.ndarray]:
    """:func:`fill` for the ``rows`` of ``numeric``, formatted once per distinct set of values:
    (the distinct sentences, each row's index among them)."""
    names = _placeholders(template)
    if not names:
        return [template], np.zeros(len(rows), dtype=np.int64)
    codes: list[np.ndarray] = []
    uniques: list[list[str]] = []
    used: list[str] = []
    for name in names:
        if name == "value":
            metric = crit.metric
        elif name in APP_METRICS:
            metric = name
        else:
            continue
        values = numeric(metric)[rows]
        code, distinct = pd.factorize(values, use_na_sentinel=False)
        uniques.append([metric_value(metric, None if v != v else float(v), lang) for v in distinct])
        codes.append(code)
        used.append(name)
    if not codes:
        return [template.format()], np.zeros(len(rows), dtype=np.int64)
    if math.prod(len(u) for u in uniques) < 2**62:
        # One int64 key per combination of value codes (mixed radix): a 1-D unique, not a
        # row-wise one (``np.unique(axis=0)`` sorts structured rows, ~10x slower).
        key = np.zeros(len(rows), dtype=np.int64)
        for code, distinct in zip(codes, uniques, strict=True):
            key = key * len(distinct) + code
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(
            np.stack(codes, axis=1), axis=0, return_index=True, return_inverse=True
        )
    texts = [
        template.format(**{n: uniques[k][codes[k][i]] for k, n in enumerate(used)})
        for i in first.tolist()
    ]
    return texts, inverse.reshape(-1)


def explain_table(
    scores: Scores, metrics: Metrics, pack: RulePack, app_ids: Sequence[str], lang: Lang
) -> pd.DataFrame:
    """The criteria reports show, as one long table (vectorised :func:`explain_many` with
    ``contributing_only``): a row per application and criterion that gave points, rests on an
    unknown metric or was waived.

    Columns: ``app`` (position in ``app_ids``), ``rule`` (position in the pack), ``rule_id``,
    ``value`` (float, NaN unknown), ``points``, ``status``, ``reason``, ``remedy`` (categorical:
    each sentence is rendered once per distinct rule, status and values) and ``waiver``
    (object, mostly ``None``). Rows are sorted by application, then most points first, ties by
    rule id — each application's reasons in the order :func:`explain` gives them.
    """
    ids = list(app_ids)
    position = positions(pd.Index(scores.points.index.astype(str)), ids)
    # metric values read by position (``metrics.applications.loc[ids]`` copied the whole table)
    table = metrics.applications
    numeric = _Columns(table, positions(pd.Index(table.index.astype(str)), ids))
    rank = {rid: k for k, rid in enumerate(sorted(c.id for c in pack.criteria))}
    parts: list[dict[str, np.ndarray]] = []
    sentences = _Texts()
    for k, crit in enumerate(pack.criteria):
        points = scores.points[crit.id].to_numpy(dtype="float64")[position]
        status = as_strings(scores.status[crit.id])[position]
        keep = (points > 0) | (status == Status.UNKNOWN.value) | (status == Status.WAIVED.value)
        rows = np.flatnonzero(keep)
        if not rows.size:
            continue
        st, pts = status[rows], points[rows]
        reason = np.full(len(rows), sentences.of(t("scoring.reason.not_applicable", lang)))
        remedy = np.full(len(rows), sentences.of(""))
        waiver = np.full(len(rows), None, dtype=object)
        scored = st == Status.SCORED.value
        if scored.any():
            for column, template in ((reason, crit.reason), (remedy, crit.remedy)):
                texts, inverse = _fill_codes(template.get(lang), crit, numeric, rows[scored], lang)
                column[scored] = sentences.codes(texts)[inverse]
        unknown = np.flatnonzero(st == Status.UNKNOWN.value)
        if unknown.size:
            label = metric_label(crit, lang)
            remedy[unknown] = sentences.of(t("scoring.remedy.unknown", lang, metric=label))
            code, distinct = pd.factorize(pts[unknown])
            texts = [
                t(
                    "scoring.reason.unknown",
                    lang,
                    metric=label,
                    points=trimmed(float(p), lang),
                    weight=trimmed(crit.weight, lang),
                )
                for p in distinct
            ]
            reason[unknown] = sentences.codes(texts)[code]
        for i in np.flatnonzero(st == Status.WAIVED.value):
            w = scores.waiver_for(ids[rows[i]], crit.id)
            waiver[i] = w
            if w is not None:
                reason[i] = sentences.of(
                    t(
                        "scoring.reason.waived",
                        lang,
                        author=w.author,
                        expires=long_date(w.expires, lang),
                        reason=w.reason,
                    )
                )
        parts.append(
            {
                "app": rows.astype(np.int64),
                "rule": np.full(len(rows), k, dtype=np.int16),
                "rule_rank": np.full(len(rows), rank[crit.id], dtype=np.int16),
                "value": numeric(crit.metric)[rows],
                "points": pts,
                "status": st.astype(object),
                "reason": reason,
                "remedy": remedy,
                "waiver": waiver,
            }
        )
    if not parts:
        empty = pd.DataFrame(
            {
                "app": pd.Series(dtype=np.int64),
                "rule": pd.Series(dtype=np.int16),
                "value": pd.Series(dtype="float64"),
                "points": pd.Series(dtype="float64"),
                "status": pd.Categorical([]),
                "reason": pd.Categorical([]),
                "remedy": pd.Categorical([]),
                "waiver": pd.Series(dtype=object),
            }
        )
        empty.insert(2, "rule_id", pd.Categorical([]))
        return empty
    # Columns joined as arrays and the frame built once: a frame per criterion converted every
    # sentence column to Arrow strings and back (half of this function's time).
    joined = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    order = np.lexsort((joined["rule_rank"], -joined["points"], joined["app"]))
    rule_ids = [c.id for c in pack.criteria]
    rule = joined["rule"][order]
    long = pd.DataFrame(
        {
            "app": joined["app"][order],
            "rule": rule,
            "rule_id": pd.Categorical.from_codes(rule, categories=rule_ids),
            "value": joined["value"][order],
            "points": joined["points"][order],
            "status": categorical(joined["status"][order]),
            **{name: sentences.categorical(joined[name][order]) for name in ("reason", "remedy")},
            "waiver": joined["waiver"][order],
        }
    )
    return long
