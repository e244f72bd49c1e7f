"""The trend a history tells: each body's index and spend over time, what moved and why.

Read from the history file with pandas (one query per table) and compared run to run: the
runs are ordered by as-of date, and each pair of consecutive runs gives the applications
added and removed, the score moves with the criteria whose points changed, and the decisions
that fell due between the two dates — taken (the contract ended, changed editor or terms) or
missed (it renewed unchanged: a later end date, same editor, same criteria points).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from vendorlock.history.store import HistoryError, connect

#: Score moves shown per pair of runs (the workbook carries them all).
TOP_MOVES = 20
MIN_MOVE = 0.05


@dataclass(frozen=True)
class Trend:
    """Everything the history report shows; every frame sorted, one row per fact."""

    runs: pd.DataFrame  # run_id, as_of, generator, rule_pack_version, applications
    bodies: pd.DataFrame  # as_of, org_id, name, lockin_index, level, annual_spend, exit costs
    changes: pd.DataFrame  # from_as_of, to_as_of, org_id, app_id, name, change (added/removed)
    moves: pd.DataFrame  # from_as_of, to_as_of, org_id, app_id, name, before, after, delta, ...
    decisions: pd.DataFrame  # from_as_of, to_as_of, org_id, contract_id, ..., outcome
    orgs: tuple[str, ...]


def load_trend(path: Path, orgs: Sequence[str] = ()) -> Trend:
    """The trend of the bodies ``orgs`` (default: every body in the history)."""
    with connect(path, write=False) as (con, _):
        runs = _frame(con, "SELECT run_id, as_of, generator, rule_pack_version FROM runs")
        if runs.empty:
            raise HistoryError.of("history.empty", path=path)
        bodies = _frame(con, "SELECT * FROM organisations")
        apps = _frame(
            con,
            "SELECT run_id, app_id, org_id, name, editor_id, editor, contract_id, contract_end,"
            " decision_date, annual_cost, score, level FROM applications",
        )
        criteria = _frame(con, "SELECT run_id, app_id, rule_id, title, points FROM criteria")
    known = set(bodies["org_id"])
    unknown = sorted(set(orgs) - known)
    if unknown:
        raise HistoryError.of(
            "history.unknown_org", orgs=", ".join(unknown), known=", ".join(sorted(known)[:20])
        )
    wanted = _structure(bodies, orgs) if orgs else sorted(known)
    bodies = bodies[bodies["org_id"].isin(wanted)]
    apps = apps[apps["org_id"].isin(wanted)]
    # One run per as-of date: the latest recorded wins (re-audits of a quarter correct it).
    runs = runs.sort_values(["as_of", "run_id"]).drop_duplicates("as_of", keep="last")
    order = runs.set_index("run_id")["as_of"]
    bodies = bodies[bodies["run_id"].isin(order.index)].assign(
        as_of=lambda d: d["run_id"].map(order)
    )
    apps = apps[apps["run_id"].isin(order.index)].assign(as_of=lambda d: d["run_id"].map(order))
    counts = apps.groupby("run_id").size()
    runs = runs.assign(applications=runs["run_id"].map(counts).fillna(0).astype(int))
    pairs = list(zip(runs["run_id"].iloc[:-1], runs["run_id"].iloc[1:], strict=True))
    changes, moves, decisions = [], [], []
    for old, new in pairs:
        a, b = apps[apps["run_id"] == old], apps[apps["run_id"] == new]
        span = {"from_as_of": order[old], "to_as_of": order[new]}
        changes.append(_changes(a, b).assign(**span))
        moves.append(_moves(a, b, criteria, old, new).assign(**span))
        decisions.append(
            _decisions(a, b, criteria, old, new, order[old], order[new]).assign(**span)
        )
    return Trend(
        runs=runs.reset_index(drop=True),
        bodies=bodies.sort_values(["org_id", "as_of"]).reset_index(drop=True),
        changes=_concat(changes, ["from_as_of", "org_id", "change", "app_id"]),
        moves=_concat(moves, ["from_as_of", "abs_delta", "org_id", "app_id"], [True, False]),
        decisions=_concat(decisions, ["from_as_of", "org_id", "contract_id"]),
        orgs=tuple(wanted),
    )


def _frame(con: sqlite3.Connection, sql: str) -> pd.DataFrame:
    return pd.read_sql_query(sql, con)


def _structure(bodies: pd.DataFrame, orgs: Sequence[str]) -> list[str]:
    """The bodies asked for and every body under them (``parent_id``), at any depth."""
    parents = bodies.drop_duplicates("org_id").set_index("org_id")["parent_id"].dropna()
    wanted = set(orgs)
    while True:
        more = set(parents[parents.isin(wanted)].index) - wanted
        if not more:
            return sorted(wanted)
        wanted |= more


def _concat(
    frames: list[pd.DataFrame], by: list[str], first_asc: list[bool] | None = None
) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*by])
    out = pd.concat(frames, ignore_index=True)
    asc = [True] * len(by) if first_asc is None else [*first_asc, *[True] * (len(by) - 2)]
    return out.sort_values(by, ascending=asc, kind="stable").reset_index(drop=True)


def _changes(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    cols = ["org_id", "app_id", "name", "editor", "score"]
    added = b[~b["app_id"].isin(a["app_id"])][cols].assign(change="added")
    removed = a[~a["app_id"].isin(b["app_id"])][cols].assign(change="removed")
    return pd.concat([added, removed], ignore_index=True)


def _points(criteria: pd.DataFrame, run_id: int) -> pd.DataFrame:
    return criteria[criteria["run_id"] == run_id].set_index(["app_id", "rule_id"])


def _moves(
    a: pd.DataFrame, b: pd.DataFrame, criteria: pd.DataFrame, old: int, new: int
) -> pd.DataFrame:
    both = a.merge(b, on=["app_id", "org_id"], suffixes=("_a", "_b"))
    both = both.assign(delta=(both["score_b"] - both["score_a"]).round(2))
    both = both[both["delta"].abs() >= MIN_MOVE]
    if both.empty:
        return pd.DataFrame()
    pa, pb = _points(criteria, old), _points(criteria, new)
    joined = pa[["points", "title"]].merge(
        pb[["points", "title"]], left_index=True, right_index=True, how="outer", suffixes=("_a", "")
    )
    joined = joined.fillna({"points_a": 0.0, "points": 0.0})
    joined = joined.assign(dp=(joined["points"] - joined["points_a"]).round(2))
    joined = joined[joined["dp"].abs() >= MIN_MOVE].reset_index()
    joined = joined[joined["app_id"].isin(both["app_id"])]
    title = joined["title"].fillna(joined["title_a"]).fillna(joined["rule_id"])
    joined = joined.assign(
        text=title + " (" + joined["dp"].map(lambda v: f"{v:+.1f}") + ")",
        order=-joined["dp"].abs(),
    ).sort_values(["app_id", "order", "rule_id"])
    why = joined.groupby("app_id")["text"].agg("; ".join)
    rules = joined.groupby("app_id")["rule_id"].agg(";".join)
    # the points each rule moved, in the order of ``rules``: reports word them in their language
    deltas = joined.assign(dp=joined["dp"].map(repr)).groupby("app_id")["dp"].agg(";".join)
    return pd.DataFrame(
        {
            "org_id": both["org_id"],
            "app_id": both["app_id"],
            "name": both["name_b"],
            "editor": both["editor_b"],
            "before": both["score_a"],
            "after": both["score_b"],
            "level_before": both["level_a"],
            "level_after": both["level_b"],
            "delta": both["delta"],
            "abs_delta": both["delta"].abs(),
            "criteria": both["app_id"].map(why).fillna(""),
            "rules": both["app_id"].map(rules).fillna(""),
            "rule_deltas": both["app_id"].map(deltas).fillna(""),
        }
    )


def _decisions(
    a: pd.DataFrame,
    b: pd.DataFrame,
    criteria: pd.DataFrame,
    old: int,
    new: int,
    start: str,
    end: str,
) -> pd.DataFrame:
    """Contracts whose decision date fell in [start, end): taken or missed by the next audit."""
    due = a[a["contract_id"].notna() & a["decision_date"].ge(start) & a["decision_date"].lt(end)]
    if due.empty:
        return pd.DataFrame()
    per_contract = due.sort_values("app_id").drop_duplicates(["org_id", "contract_id"])
    later = b[b["contract_id"].notna()].sort_values("app_id")
    later = later.drop_duplicates(["org_id", "contract_id"]).set_index(["org_id", "contract_id"])
    pa, pb = _points(criteria, old)["points"], _points(criteria, new)["points"]
    rows: list[dict[str, Any]] = []
    for rec in per_contract.to_dict("records"):
        key = (rec["org_id"], rec["contract_id"])
        nxt = later.loc[key] if key in later.index else None
        outcome = _outcome(rec, nxt, pa, pb)
        rows.append(
            {
                "org_id": rec["org_id"],
                "contract_id": rec["contract_id"],
                "app_id": rec["app_id"],
                "name": rec["name"],
                "editor": rec["editor"],
                "decision_date": rec["decision_date"],
                "contract_end_before": rec["contract_end"],
                "contract_end_after": None if nxt is None else nxt["contract_end"],
                "outcome": outcome,
            }
        )
    return pd.DataFrame(rows)


def _outcome(rec: dict[str, Any], nxt: Any, pa: pd.Series, pb: pd.Series) -> str:
    """taken: ended, changed editor or terms; missed: renewed unchanged; open: not renewed yet."""
    if nxt is None or nxt["editor_id"] != rec["editor_id"]:
        return "taken"
    same_terms = _app_points(pa, rec["app_id"]) == _app_points(pb, str(nxt["app_id"]))
    same_cost = _same(rec["annual_cost"], nxt["annual_cost"])
    renewed = bool(nxt["contract_end"]) and str(nxt["contract_end"]) > str(rec["contract_end"])
    if not (same_terms and same_cost):
        return "taken"
    return "missed" if renewed else "open"


def _app_points(points: pd.Series, app_id: str) -> dict[str, float]:
    if app_id not in points.index.get_level_values(0):
        return {}
    part = points.xs(app_id, level=0)
    return {str(k): round(float(v), 2) for k, v in part.items() if abs(float(v)) >= MIN_MOVE}


def _same(x: Any, y: Any) -> bool:
    if pd.isna(x) and pd.isna(y):
        return True
    if pd.isna(x) or pd.isna(y):
        return False
    return abs(float(x) - float(y)) < 0.005
