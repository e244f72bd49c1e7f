"""What to do with each application at its next renewal, and by when to decide.

The rule (docs/rules.md, "Actions"), vectorised over all applications:

0. level ``insufficient_data`` (coverage below ``min_coverage``) → ``collect_data``: no
   confident action rests on a score that is mostly unknown;
1. level at or below ``actions.keep_level`` → ``keep``;
2. level at or above ``actions.exit_level`` and at least ``min_alternatives`` alternative
   products (or unknown) → ``prepare_exit``;
3. other organisations' contracts in the same domain end within ± ``pool_window_months``,
   leaving out those already bought with it (same purchasing group), and the decision falls
   within the next ``pool_horizon_months`` → ``pool`` (the ``pool`` command refines this
   across members);
4. otherwise → ``renegotiate`` (its sentence says when partners exist but the decision is
   beyond the horizon: pooling comes back as the action once it is near).

Every kind but ``keep`` and ``collect_data`` names the clauses to demand: the clauses of
criteria that scored points or rest on an unknown. decision_date = contract end − notice −
procurement lead time, in whole months.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.i18n import Lang, has, long_date, t, tn
from vendorlock.metrics.interface import Metrics
from vendorlock.reports.numbers import score as score_text
from vendorlock.scoring.model import ALL_LEVELS, ActionKind, Level, RulePack, Status
from vendorlock.scoring.render import number, percent
from vendorlock.scoring.score import Scores, metric_values

_KINDS = [k.value for k in ActionKind]


#: Month numbers (year × 12 + month − 1) of January of year 1 and December of year 9999:
#: the range of dates Python and every report format can hold.
_MIN_MONTH_NUMBER = 12
_MAX_MONTH_NUMBER = 9999 * 12 + 11
#: The month number of January 1970, numpy's month 0.
_EPOCH_MONTH_NUMBER = 1970 * 12


def subtract_months(dates: pd.Series, months: np.ndarray) -> pd.Series:
    """``dates`` minus whole ``months``, the day clipped to the target month's length.

    2027-03-31 − 1 month = 2027-02-28. NaT stays NaT, and so does a result outside years
    1–9999 (a contract ending in year 1, a notice of a million months): the decision date is
    then unknown, as when the contract end is, instead of a date no report can print.
    """
    stamps = pd.to_datetime(dates).to_numpy(dtype="datetime64[s]")
    known = ~np.isnat(stamps)
    # month numbers (year × 12 + month − 1) and days of month in numpy's calendar units (the
    # ``.dt`` accessors and a frame of components through ``to_datetime`` cost ~5 ms here)
    safe = np.where(known, stamps, np.datetime64("2000-01-01", "s"))
    month_start = safe.astype("datetime64[M]")
    day = (safe.astype("datetime64[D]") - month_start.astype("datetime64[D]")).astype("int64") + 1
    number = month_start.astype("int64") + _EPOCH_MONTH_NUMBER
    span = np.nan_to_num(np.asarray(months, dtype="float64"), nan=0.0)
    span = np.clip(span, -_MAX_MONTH_NUMBER, _MAX_MONTH_NUMBER).astype("int64")
    total = number - span
    valid = known & (total >= _MIN_MONTH_NUMBER) & (total <= _MAX_MONTH_NUMBER)
    total = np.where(valid, total, _MIN_MONTH_NUMBER)
    first = (total - _EPOCH_MONTH_NUMBER).astype("datetime64[M]")
    length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype("int64")
    out = first.astype("datetime64[D]") + (np.minimum(day, length) - 1)
    result = out.astype("datetime64[s]")
    result[~valid] = np.datetime64("NaT")
    return pd.Series(result, index=dates.index)


def decision_dates(metrics: Metrics, pack: RulePack) -> pd.Series:
    """Contract end − notice months (default when unknown) − procurement lead months."""
    apps = metrics.applications
    notice = metric_values(metrics, "notice_months")
    notice = np.where(np.isnan(notice), pack.actions.default_notice_months, notice)
    offset = np.rint(notice + pack.procurement_lead_months)
    end = (
        apps["contract_end"]
        if "contract_end" in apps.columns
        else pd.Series(pd.NaT, index=apps.index)
    )
    return subtract_months(end, offset).rename("decision_date")


def _month_number(dates: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(dates).to_numpy(dtype="datetime64[s]")
    known = ~np.isnat(stamps)
    months = np.full(len(stamps), np.nan)
    months[known] = stamps[known].astype("datetime64[M]").astype("int64") + _EPOCH_MONTH_NUMBER
    return months


def _dense(*codes: np.ndarray) -> np.ndarray:
    """One dense int64 code per distinct tuple of ``codes`` (no overflow, whatever the sizes)."""
    if len(codes[0]) == 0:
        return np.zeros(0, dtype="int64")
    sizes = [int(c.max()) + 1 for c in codes]
    if all(c.min() >= 0 for c in codes) and math.prod(sizes) < 2**62:
        # one int64 per tuple (mixed radix, first code most significant): a 1-D unique gives
        # the same codes as the row-wise one (which sorts structured rows, ~10x slower)
        key = np.zeros(len(codes[0]), dtype="int64")
        for code, size in zip(codes, sizes, strict=True):
            key = key * size + code
        _, inverse = np.unique(key, return_inverse=True)
        radix: np.ndarray = inverse.reshape(-1).astype("int64")
        return radix
    _, inverse = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
    dense: np.ndarray = inverse.reshape(-1).astype("int64")
    return dense


def pool_partners(metrics: Metrics, window_months: float) -> np.ndarray:
    """Per application: other organisations' applications of the same domain whose contract
    ends within ± ``window_months`` of its own, except those bought through the same
    purchasing group (they already buy together); 0 when domain or end is unknown.

    Counted with sorted keys (group of rows, end month), by inclusion–exclusion: in-window
    counts for the domain, minus those of the same (domain, organisation), minus those of the
    same (domain, purchasing group), plus those of the same (domain, group, organisation),
    counted twice. An application without a purchasing group is a group of its own. Needles
    are searched in sorted order, which keeps the binary searches cache-friendly at millions
    of rows.
    """
    apps = metrics.applications
    n = len(apps)
    if not {"domain", "org_id", "contract_end"} <= set(apps.columns) or n == 0:
        return np.zeros(n, dtype="int64")
    month = _month_number(apps["contract_end"])
    dom, _ = pd.factorize(apps["domain"])
    org, _ = pd.factorize(apps["org_id"])
    ok = ~np.isnan(month) & (dom >= 0) & (org >= 0)
    if "purchasing_group" in apps.columns:
        names = apps["purchasing_group"].astype("string").str.strip().str.casefold()
        group, _ = pd.factorize(names.replace("", pd.NA))
    else:
        group = np.full(n, -1)
    alone = group < 0
    group = np.where(alone, group.max(initial=-1) + 1 + np.arange(n), group).astype("int64")
    span = 10_000_000  # month numbers stay far below this
    w = round(window_months)
    m = np.nan_to_num(month).astype("int64")
    dom, org = dom.astype("int64"), org.astype("int64")

    def in_window(codes: np.ndarray) -> np.ndarray:
        keys = codes * span + m
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        haystack = ordered[ok[order]]
        counts = np.empty(n, dtype="int64")
        counts[order] = np.searchsorted(haystack, ordered + w, side="right") - np.searchsorted(
            haystack, ordered - w, side="left"
        )
        return counts

    partners = (
        in_window(dom)
        - in_window(_dense(dom, org))
        - in_window(_dense(dom, group))
        + in_window(_dense(dom, group, org))
    )
    return np.where(ok, partners, 0).astype("int64")


def within_horizon(dates: pd.Series, metrics: Metrics, horizon_months: float) -> np.ndarray:
    """Decision dates from the audit date up to ``horizon_months`` ahead (a pooled purchase
    needs the time to form the group, and is not set up for a decision years away)."""
    ts = pd.to_datetime(dates)
    start = pd.Timestamp(metrics.as_of)
    end = start + pd.DateOffset(months=round(horizon_months))
    inside: np.ndarray = (ts.ge(start) & ts.le(end)).to_numpy(dtype=bool, na_value=False)
    return inside


def _is(status: pd.Series, value: Status) -> np.ndarray:
    """``(status == value).to_numpy()``, on a categorical's codes (a Series comparison costs
    ~0.1 ms; a clause list compares every criterion's statuses twice)."""
    if not isinstance(status.dtype, pd.CategoricalDtype):
        same: np.ndarray = (status == value.value).to_numpy(dtype=bool, na_value=False)
        return same
    categories = status.cat.categories
    if value.value not in categories:
        return np.zeros(len(status), dtype=bool)
    found: np.ndarray = status.cat.codes.to_numpy() == categories.get_loc(value.value)
    return found


def _clauses(scores: Scores, pack: RulePack, active: np.ndarray) -> pd.Categorical:
    """ ";"-joined ids of the clauses to demand, via a bitmask per application."""
    clause_ids = sorted(pack.clauses)
    n = len(scores.score)
    bits = np.zeros(n, dtype="int64")
    for i, clause_id in enumerate(clause_ids):
        mask = np.zeros(n, dtype=bool)
        for crit in pack.criteria:
            if crit.clause != clause_id:
                continue
            status = scores.status[crit.id]
            scored = _is(status, Status.SCORED) & (scores.points[crit.id].to_numpy() > 0)
            mask |= scored | _is(status, Status.UNKNOWN)
        bits |= mask.astype("int64") << i
    bits[~active] = 0
    uniques, inverse = np.unique(bits, return_inverse=True)
    labels = [";".join(c for i, c in enumerate(clause_ids) if int(u) >> i & 1) for u in uniques]
    return pd.Categorical.from_codes(inverse.astype("int64"), categories=labels)


def actions(
    metrics: Metrics, scores: Scores, pack: RulePack, lang: Lang, *, text: bool = True
) -> pd.DataFrame:
    """Per application: ``kind``, ``decision_date``, ``clauses`` (";"-joined ids, categorical),
    ``partners`` (pool candidates, outside the application's purchasing group), ``note`` (why
    a renegotiation is not a pooling, or "") and ``text`` (one sentence; empty when
    ``text=False``, which the audit uses to write the sentences only when a report reads them,
    with :func:`action_texts`)."""
    params = pack.actions
    level_code = scores.level.cat.codes.to_numpy()
    rank = {lv.value: i for i, lv in enumerate(ALL_LEVELS)}
    alternatives = metric_values(metrics, "alternatives")
    has_alternatives = np.isnan(alternatives) | (alternatives >= params.min_alternatives)
    partners = pool_partners(metrics, params.pool_window_months)
    dates = decision_dates(metrics, pack)
    soon = within_horizon(dates, metrics, params.pool_horizon_months)
    collect = level_code == rank[Level.INSUFFICIENT_DATA.value]
    keep = ~collect & (level_code <= rank[params.keep_level.value])
    leave = ~collect & ~keep & (level_code >= rank[params.exit_level.value]) & has_alternatives
    pool = ~collect & ~keep & ~leave & (partners > 0) & soon
    code = {k: i for i, k in enumerate(_KINDS)}
    kind = np.select(
        [collect, keep, leave, pool],
        [
            code[ActionKind.COLLECT_DATA],
            code[ActionKind.KEEP],
            code[ActionKind.PREPARE_EXIT],
            code[ActionKind.POOL],
        ],
        default=code[ActionKind.RENEGOTIATE],
    ).astype("int8")
    index = metrics.applications.index
    out = pd.DataFrame(
        {
            "kind": pd.Categorical.from_codes(kind, categories=_KINDS),
            "decision_date": dates.to_numpy(),
            "clauses": _clauses(scores, pack, ~keep & ~collect),
            "partners": partners,
        },
        index=index,
    )
    # Why a renegotiation is not a pooling although partners exist: the decision is too far
    # ahead (pooling comes back when it nears) or already past (too late to form a group).
    later = ~pool & (kind == code[ActionKind.RENEGOTIATE]) & (partners > 0) & ~soon
    past = later & (dates < pd.Timestamp(metrics.as_of)).to_numpy(dtype=bool, na_value=False)
    out["note"] = np.select([past, later], ["pool_too_late", "pool_later"], default="")
    out["text"] = (
        action_texts(out, metrics, scores, pack, lang) if text else pd.Series("", index=index)
    )
    out["text"] = out["text"].astype("string")
    return out


def action_texts(
    plan: pd.DataFrame, metrics: Metrics, scores: Scores, pack: RulePack, lang: Lang
) -> list[str]:
    """The one-sentence action of each row of ``plan`` (:func:`actions`' table, in the order of
    ``metrics.applications``)."""
    alternatives = metric_values(metrics, "alternatives")
    return _texts(plan, scores, alternatives, plan["note"].to_numpy(), pack, lang)


def _date(value: object, lang: Lang) -> str:
    """A decision date in a sentence as prose writes it: "31 December 2026", « 31 décembre
    2026 ». An ISO date read as a machine's in an English sentence that a report lists under a
    long date (the terminal's "13 January 2027  … Pool the purchase before 2027-01-13")."""
    return long_date(pd.Timestamp(value).date(), lang)


def clause_name(clause_id: str, pack: RulePack, lang: Lang) -> str:
    """A clause as a sentence lists it: its short name (``scoring.clause.<id>``), else the
    pack's title (a user pack's own clause), never its id."""
    if has(f"scoring.clause.{clause_id}"):
        return t(f"scoring.clause.{clause_id}", lang)
    clause = pack.clauses.get(clause_id)
    return clause.title.get(lang) if clause is not None else clause_id


def _once(values: Any, write: Callable[[Any], str]) -> list[str]:
    """``write`` of each value, called once per distinct value (missing values included)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    texts = [write(u) for u in uniques]
    return [texts[c] for c in codes.tolist()]


def _texts(
    out: pd.DataFrame,
    scores: Scores,
    alternatives: np.ndarray,
    notes: np.ndarray,
    pack: RulePack,
    lang: Lang,
) -> list[str]:
    no_date = t("scoring.action.no_date", lang)
    no_clause = t("scoring.action.no_clause", lang)
    levels = {lv.value: t(f"scoring.level.{lv.value}", lang) for lv in ALL_LEVELS}
    clause_names = {cid: clause_name(cid, pack, lang) for cid in pack.clauses}
    window = number(pack.actions.pool_window_months, lang)
    horizon = number(pack.actions.pool_horizon_months, lang)
    # Each part of the sentence once per distinct value, then each sentence once per distinct
    # combination of its parts: 2,000 applications share a few hundred sentences.
    parts = zip(
        out["kind"].astype(str).tolist(),
        _once(out["decision_date"], lambda d: no_date if pd.isna(d) else _date(d, lang)),
        scores.level.astype(str).tolist(),
        _once(scores.score.to_numpy(), lambda v: score_text(v, lang, scale=True)),
        _once(
            out["clauses"].astype(str),
            lambda c: ", ".join(clause_names.get(x, x) for x in c.split(";")) if c else no_clause,
        ),
        out["partners"].tolist(),
        _once(alternatives, lambda a: "?" if np.isnan(a) else number(a, lang)),
        _once(scores.coverage.to_numpy(), lambda c: percent(c, lang)),
        [str(n) for n in notes.tolist()],
        strict=True,
    )
    written: dict[tuple[Any, ...], str] = {}
    texts: list[str] = []
    for key in parts:
        sentence = written.get(key)
        if sentence is None:
            kind, date, level, score, clauses, partners, alts, coverage, note = key
            sentence = tn(
                f"scoring.action.{kind}",
                partners,
                lang,
                date=date,
                level=levels[level],
                score=score,
                clauses=clauses,
                partners=number(partners, lang),
                window=window,
                alternatives=alts,
                coverage=coverage,
            )
            if note:
                more = number(partners, lang)
                sentence += " " + tn(
                    f"scoring.action.{note}", partners, lang, count=more, horizon=horizon
                )
            written[key] = sentence
        texts.append(sentence)
    return texts
