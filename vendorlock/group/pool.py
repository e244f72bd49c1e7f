"""Pooled tender opportunities: members whose contracts in one domain come up together.

Windowing algorithm (per domain, deterministic):

1. Each member contract in the domain gives one *point*: its decision date — contract end
   minus notice minus procurement lead time (the audit's ``decision_date``; with
   ``--lead-months`` it is recomputed from the contract end and notice, unknown notice counting
   as 0 and flagged). Applications without a contract end give no point, nor do contracts that
   ended before the reference date; a decision date already past becomes the reference date
   (flagged ``overdue``: the contract still runs, decide now).
2. Points are sorted by date. For every point ``i`` the window ``[date_i, date_i + W months)``
   holds the points ``i..j`` (two pointers, linear); its worth is the number of distinct members
   in it, then their known annual spend, then the earliest start.
3. The best window is kept if it has at least ``min_members`` distinct members; its points are
   removed and step 2 runs again on what remains. So no contract appears in two proposals and
   no two proposals overlap in membership for the same contracts; the loop stops when no window
   reaches ``min_members``.

The report goes to every member, so money follows the k-anonymity rule (:mod:`.anonymity`):
each member's yearly spend is its alone and is suppressed; an opportunity's total spend is shown
when at least k of its members have a known spend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.group.anonymity import KAnonymity, count_suppressed
from vendorlock.group.frames import clean, money, pylist
from vendorlock.group.standards import alternatives, requirement_rows, requirements_of_groups
from vendorlock.group.tables import GroupTables, as_tables
from vendorlock.model.portfolio import UNASSIGNED_DOMAIN
from vendorlock.registry.entries import Kind
from vendorlock.registry.registries import Registries


@dataclass(frozen=True)
class PoolOptions:
    window_months: int = 18
    min_members: int = 3
    lead_months: int | None = None


def shift_months(dates: pd.Series, months: pd.Series | int) -> pd.Series:
    """``dates`` moved by whole calendar months, the day clipped to the month's end.

    Vectorised equivalent of ``date + pd.DateOffset(months=n)`` (31 March − 1 month = 28 or
    29 February); missing dates stay missing.
    """
    d = pd.to_datetime(dates, errors="coerce")
    ok = d.notna()
    total = (
        d.dt.year.fillna(1970).astype("int64") * 12
        + d.dt.month.fillna(1).astype("int64")
        - 1
        + months
    )
    first = pd.to_datetime(
        pd.DataFrame({"year": total // 12, "month": total % 12 + 1, "day": 1}), errors="coerce"
    )
    day = np.minimum(d.dt.day.fillna(1).astype("int64"), first.dt.days_in_month)
    out = first + pd.to_timedelta(day - 1, unit="D")
    return out.where(ok)


def decision_points(
    apps: pd.DataFrame, options: PoolOptions, as_of: str | None = None
) -> pd.DataFrame:
    """One row per (member, domain, contract): its decision date and known annual spend.

    With ``as_of``, contracts already ended are left out and decision dates already past are
    moved to ``as_of`` and flagged ``overdue`` (the contract still runs: decide now).
    """
    # the columns the points are made of: every filter below copies what it keeps
    used = ["domain", "org_id", "app_id", "contract_id", "contract_end", "decision_date"]
    frame = apps[[*used, "notice_months", "annual_cost"]].copy()
    frame["notice_unknown"] = frame["notice_months"].isna()
    if options.lead_months is None:
        frame["decision"] = pd.to_datetime(frame["decision_date"], errors="coerce")
    else:
        end = pd.to_datetime(frame["contract_end"], errors="coerce")
        months = frame["notice_months"].fillna(0).astype("int64") + options.lead_months
        frame["decision"] = shift_months(end, -months)
    frame = frame[frame["decision"].notna()]
    frame["overdue"] = False
    if as_of is not None:
        day = pd.Timestamp(as_of)
        ends = pd.to_datetime(frame["contract_end"], errors="coerce")
        frame = frame[ends.isna() | (ends >= day)].copy()
        frame["overdue"] = frame["decision"] < day
        frame["decision"] = frame["decision"].where(~frame["overdue"], day)
    frame["key"] = frame["contract_id"].fillna(frame["app_id"])
    keys = ["domain", "org_id", "key"]
    end_codes, end_texts = _text_codes(frame["contract_end"])
    frame["end_code"] = end_codes
    grouped = frame.groupby(keys)
    points = grouped.agg(
        decision=("decision", "min"),
        contract_end=("end_code", "min"),
        spend=("annual_cost", "sum"),
        costed=("annual_cost", "count"),
        notice_unknown=("notice_unknown", "any"),
        overdue=("overdue", "any"),
    ).reset_index()
    points["spend"] = points["spend"].where(points["costed"] > 0)
    points["contract_end"] = _code_texts(points["contract_end"], end_texts)
    # each point's applications: the same grouping numbers its rows (no per-row key tuples)
    number = grouped.ngroup().fillna(-1).astype("int64").to_numpy()
    covered: list[list[str]] = [[] for _ in range(len(points))]
    for n, app_id in zip(number.tolist(), pylist(frame["app_id"]), strict=True):
        if n >= 0:
            covered[n].append(str(app_id))
    points["app_ids"] = [tuple(sorted(c)) for c in covered]
    points["until"] = shift_months(points["decision"], options.window_months)
    return points.sort_values(["domain", "decision", "org_id", "key"]).reset_index(drop=True)


def _text_codes(texts: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes of ``texts`` in sorted order, a missing text after every other, and the texts
    (a last missing one included) by code: the earliest ISO date of a group is then the
    ``min`` of integers. A ``min`` over an Arrow string column goes through pyarrow's Acero
    engine, whose import alone costs ~50 ms a command."""
    codes, uniques = pd.factorize(texts, sort=True)
    codes = np.where(codes < 0, len(uniques), codes)
    return codes, pd.Series([*pylist(pd.Series(uniques)), None], dtype=texts.dtype)


def _code_texts(codes: pd.Series, texts: pd.Series) -> pd.Series:
    """The texts of ``codes`` (see :func:`_text_codes`), on the index of ``codes``."""
    return pd.Series(texts.to_numpy(dtype=object)[codes.to_numpy()], index=codes.index).astype(
        texts.dtype
    )


def _window_columns(points: pd.DataFrame) -> tuple[list[int], list[int], list[int], list[float]]:
    """Decision and window-end dates (ns), member codes and spend as plain lists: iterating
    Timestamps and Arrow strings boxes every value."""
    return (
        _nanoseconds(points["decision"]),
        _nanoseconds(points["until"]),
        pd.factorize(points["org_id"])[0].tolist(),
        points["spend"].fillna(0.0).astype("float64").tolist(),
    )


def _best(
    dates: Sequence[int], ends: Sequence[int], orgs: Sequence[int], spend: Sequence[float]
) -> tuple[int, int, int] | None:
    """(start, stop, distinct members) of the best window over date-sorted points, given as
    plain lists (two pointers, linear): decision dates and window ends (each point's decision
    date + the window length), member codes and spend."""
    n = len(dates)
    if n == 0:
        return None
    # points of each member in the window, by member code (a missing member, -1, has the
    # last slot to itself), and how many members have any
    seen = [0] * (max(orgs) + 2)
    distinct = 0
    total = 0.0
    j = 0
    best: tuple[int, float, int] | None = None
    best_range = (0, 0)
    for i in range(n):
        while j < n and dates[j] < ends[i]:
            org = orgs[j]
            if not seen[org]:
                distinct += 1
            seen[org] += 1
            total += spend[j]
            j += 1
        worth = (distinct, total, -i)
        if best is None or worth > best:
            best, best_range = worth, (i, j)
        org = orgs[i]
        seen[org] -= 1
        if not seen[org]:
            distinct -= 1
        total -= spend[i]
    assert best is not None
    return best_range[0], best_range[1], best[0]


def _nanoseconds(dates: pd.Series) -> list[int]:
    return pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]").view("int64").tolist()


def window_positions(points: pd.DataFrame, options: PoolOptions) -> list[list[int]]:
    """Greedy disjoint windows of one domain's date-sorted points (see the module docstring),
    as row positions: the columns are read once, each round works on plain lists. ``until``
    holds each point's window end."""
    dates, ends, orgs, spend = _window_columns(points)
    remaining = list(range(len(points)))
    found: list[list[int]] = []
    while True:
        hit = _best(
            [dates[r] for r in remaining],
            [ends[r] for r in remaining],
            [orgs[r] for r in remaining],
            [spend[r] for r in remaining],
        )
        if hit is None or hit[2] < options.min_members:
            return found
        start, stop, _ = hit
        found.append(remaining[start:stop])
        del remaining[start:stop]


def find_windows(points: pd.DataFrame, options: PoolOptions) -> list[pd.DataFrame]:
    """Greedy disjoint windows of one domain's points (see the module docstring)."""
    frame = points.reset_index(drop=True)
    if "until" not in frame.columns:
        frame["until"] = shift_months(frame["decision"], options.window_months)
    return [frame.iloc[w] for w in window_positions(frame, options)]


def pool_view(
    source: GroupTables | Mapping[str, Any],
    members: Sequence[str],
    registries: Registries,
    options: PoolOptions,
    anonymity: KAnonymity | None = None,
) -> dict[str, Any]:
    """Every pooled-tender opportunity among ``members`` (JSON-able, sorted by date)."""
    rule = anonymity or KAnonymity()
    tables = as_tables(source)
    all_apps = tables.applications
    apps = all_apps[all_apps["org_id"].isin(set(members))]
    orgs = tables.organisations
    names = dict(zip(orgs["org_id"].astype(str), orgs["name"], strict=True))
    # plain Python lists: iterating Arrow-backed columns boxes every value through pandas
    plain = [pylist(apps[c]) for c in ("app_id", "org_id", "editor_id", "product")]
    records = {str(a): (str(o), e, p) for a, o, e, p in zip(*plain, strict=True)}
    # the inventory's own editor names (an editor the registries do not know is named there)
    named = zip(pylist(apps["editor_id"]), pylist(apps["editor"]), strict=True)
    editor_names = {str(e): str(n) for e, n in named if e is not None and n and n != e}
    points = decision_points(apps, options, tables.as_of)
    # windows as row positions into ``points`` (sorted by domain, then date)
    windows: list[tuple[str, list[int]]] = []
    groups = points.groupby("domain", sort=True).indices
    for domain, rows in sorted(groups.items(), key=lambda item: str(item[0])):
        if domain == UNASSIGNED_DOMAIN:  # unrelated applications: nothing to buy together
            continue
        part = points.iloc[rows]
        windows.extend(
            (str(domain), [int(rows[p]) for p in w]) for w in window_positions(part, options)
        )
    app_ids = points["app_ids"].tolist()
    # each application is in at most one window (one domain, disjoint windows): one pass
    group_of = {a: n for n, (_, w) in enumerate(windows) for p in w for a in app_ids[p]}
    rows = requirement_rows(all_apps, tables.flows, registries, ends=group_of.keys())
    required = requirements_of_groups(group_of, rows, registries)
    per_window = _window_figures(points, windows, names)
    opportunities = [
        _opportunity(
            domain,
            sorted({a for p in positions for a in app_ids[p]}),
            per_window[n],
            records,
            required[n],
            registries,
        )
        for n, (domain, positions) in enumerate(windows)
    ]
    opportunities.sort(key=lambda o: (o["window_start"], o["domain"]))
    shown = sorted({e["id"] for o in opportunities for e in o["editors"]} & editor_names.keys())
    suppressed = 0
    for n, opp in enumerate(opportunities, start=1):
        opp["id"] = f"pool-{n:03d}-{opp['domain']}"
        suppressed += _anonymise(opp, rule)
    return {
        "kind": "pool",
        "as_of": tables.as_of,
        "window_months": options.window_months,
        "min_members": options.min_members,
        "lead_months": options.lead_months,
        "members": len(members),
        "opportunities": opportunities,
        "editor_names": {e: editor_names[e] for e in shown},
        "anonymity": rule.block(suppressed),
    }


def _anonymise(opportunity: dict[str, Any], rule: KAnonymity) -> int:
    """Suppress each member's spend and, below k known spends, the total; count suppressions."""
    rows = opportunity["members"]
    spenders = [m["org_id"] for m in rows if m["annual_spend"] is not None]
    rule.apply(opportunity, ("annual_spend",), spenders)
    for m in rows:  # the member alone is behind its known spend
        rule.apply_count(m, ("annual_spend",), int(m["annual_spend"] is not None))
    return count_suppressed(rows) + count_suppressed((opportunity,))


@dataclass(frozen=True)
class _WindowFigures:
    """One window's dates, total spend and per-member rows (computed for every window at once)."""

    start: str
    end: str
    spend: float | None
    members: list[dict[str, Any]]


def _window_figures(
    points: pd.DataFrame, windows: Sequence[tuple[str, list[int]]], names: Mapping[str, Any]
) -> list[_WindowFigures]:
    """Every window's figures from two group-bys over all the windows' points (by window, and
    by window and member), not two per window: a 500-member group has over a hundred windows."""
    if not windows:
        return []
    positions = [p for _, w in windows for p in w]
    frame = points.iloc[positions].reset_index(drop=True)
    frame["window"] = np.repeat(np.arange(len(windows)), [len(w) for _, w in windows])
    frame["org"] = frame["org_id"].astype(str)
    end_codes, end_texts = _text_codes(frame["contract_end"])
    frame["end_code"] = end_codes
    by_member = frame.groupby(["window", "org"], sort=True)
    per_member = pd.DataFrame(
        {
            "decision": by_member["decision"].min(),
            "end": _code_texts(by_member["end_code"].min(), end_texts),
            "spend": by_member["spend"].sum(min_count=1),
            "unknown": by_member["notice_unknown"].any(),
            "overdue": by_member["overdue"].any(),
        }
    )
    members: list[list[dict[str, Any]]] = [[] for _ in windows]
    shown_names: dict[str, Any] = {}
    # every column as a plain list (ISO dates written column-wise): no pandas box per member
    days = np.datetime_as_string(per_member["decision"].to_numpy("datetime64[D]"), unit="D")
    for (n, org_id), decision, end, spend, unknown, overdue in zip(
        per_member.index.tolist(),
        days.tolist(),
        pylist(per_member["end"]),
        per_member["spend"].tolist(),
        per_member["unknown"].tolist(),
        per_member["overdue"].tolist(),
        strict=True,
    ):
        if org_id not in shown_names:
            shown_names[org_id] = clean(names.get(org_id)) or org_id
        members[n].append(
            {
                "org_id": org_id,
                "name": shown_names[org_id],
                "decision_date": decision,
                "contract_end": clean(end),
                "annual_spend": money(spend),
                "notice_unknown": bool(unknown),
                "overdue": bool(overdue),
            }
        )
    by_window = frame.groupby("window", sort=True)
    first = by_window["decision"].min()
    last = by_window["decision"].max()
    total = by_window["spend"].sum(min_count=1)
    return [
        _WindowFigures(a.date().isoformat(), b.date().isoformat(), money(c), members[n])
        for n, (a, b, c) in enumerate(zip(first, last, total, strict=True))
    ]


def _opportunity(
    domain: str,
    app_ids: Sequence[str],
    figures: _WindowFigures,
    apps: Mapping[str, tuple[str, str | None, str | None]],
    requirements: dict[str, list[dict[str, Any]]],
    registries: Registries,
) -> dict[str, Any]:
    """One proposal; per-member work on plain records (windows may hold hundreds of members)."""
    editors: dict[str, set[str]] = {}
    products: dict[str, set[str]] = {}
    editor_counts: dict[str, int] = {}
    product_counts: dict[str, int] = {}
    for app_id in app_ids:
        org_id, editor_id, product = apps[app_id]
        if editor_id is not None:
            editors.setdefault(org_id, set()).add(editor_id)
            editor_counts[editor_id] = editor_counts.get(editor_id, 0) + 1
        if product is not None:
            products.setdefault(org_id, set()).add(product)
            product_counts[product] = product_counts.get(product, 0) + 1
    member_rows = [
        {
            "org_id": m["org_id"],
            "name": m["name"],
            "decision_date": m["decision_date"],
            "contract_end": m["contract_end"],
            "editors": sorted(editors.get(m["org_id"], ())),
            "products": sorted(products.get(m["org_id"], ())),
            "annual_spend": m["annual_spend"],
            "notice_unknown": m["notice_unknown"],
            "overdue": m["overdue"],
        }
        for m in figures.members
    ]
    products_in_use = {
        pid for pid in (registries.resolve(Kind.PRODUCT, p) for p in product_counts) if pid
    }
    return {
        "domain": domain,
        "window_start": figures.start,
        "window_end": figures.end,
        "members": member_rows,
        "member_count": len(member_rows),
        "editors": _counts(editor_counts),
        "products": _counts(product_counts),
        "annual_spend": figures.spend,
        "applications": len(app_ids),
        "requirements": requirements,
        "alternatives": alternatives(domain, registries, exclude=products_in_use),
    }


def _counts(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    return [{"id": k, "applications": counts[k]} for k in sorted(counts)]
