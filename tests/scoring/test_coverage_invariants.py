"""Unknown is not a value: the invariants of docs/metrics.md, "Coverage", as tests.

(a) free software with open formats and standards scores below a proprietary monoculture, and a
    bare list of free software never scores above a bare Microsoft list;
(b) adding unknowns never lowers the uncertainty shown (property over random metric rows);
(c) removing information never makes a body look safer (every optional inventory column of two
    realistic bodies blanked in turn, then random sets of columns).

The two bodies are CSV inventories read by the real readers: tests/assets/scoring/free-software
(LibreOffice, Nextcloud, BlueMind, QGIS, the Libriciel suite, with support contracts and ACTES
flows) and tests/assets/scoring/microsoft-only (Microsoft 365, SharePoint, Exchange, Dynamics,
Access under one enterprise agreement).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scoring_fixtures import APP_METRICS, make_metrics

from vendorlock.audit import AuditOptions, AuditResult, run_audit
from vendorlock.i18n import Lang
from vendorlock.metrics.interface import METRICS
from vendorlock.model.portfolio import Portfolio
from vendorlock.model.schema import Table, table_spec
from vendorlock.readers import load_inventory
from vendorlock.registry import Registries, load_registries
from vendorlock.scoring import RulePack, load_pack, score_applications

ASSETS = Path(__file__).parents[1] / "assets" / "scoring"
AS_OF = date(2026, 11, 28)
EPS = 1e-9
FREE, MICROSOFT = "Mairie de Saint-Aubin", "Mairie de Saint-Brice"


@cache
def _registries() -> Registries:
    return load_registries(())


@cache
def _pack() -> RulePack:
    return load_pack()


@cache
def _portfolio(*folders: str) -> Portfolio:
    result = load_inventory([ASSETS / f for f in folders], _registries())
    assert not result.errors(), [p.render() for p in result.errors()]
    return result.portfolio


def _audit(portfolio: Portfolio) -> AuditResult:
    return run_audit(portfolio, _registries(), _pack(), AuditOptions(as_of=AS_OF, lang=Lang.EN))


@cache
def _before() -> AuditResult:
    """The audit of both bodies with everything they know (computed once)."""
    return _audit(_portfolio("free-software", "microsoft-only"))


def _orgs(result: AuditResult) -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in result.document["organisations"]}


def _apps(result: AuditResult, org: str) -> list[dict[str, Any]]:
    orgs = _orgs(result)
    return [a for a in result.document["applications"] if a["org_id"] == orgs[org]["org_id"]]


def _blank(portfolio: Portfolio, table: str, column: str) -> Portfolio:
    """``portfolio`` with ``table.column`` emptied (the editor: written "unknown")."""
    df = portfolio.table(Table(table)).copy()
    never = pd.Series(False, index=df.index)
    if column == "editor_id":
        df[column] = df[column].where(never, "unknown")
    else:
        df[column] = df[column].where(never)
    return replace(portfolio, **{table: df})


def _optional_columns() -> list[tuple[str, str]]:
    """Every column a user may leave empty, and the editor (which a user writes "unknown")."""
    out = [("applications", "editor_id"), ("contracts", "editor_id")]
    for table in (Table.APPLICATIONS, Table.CONTRACTS, Table.FLOWS):
        out += [(table.value, f.name) for f in table_spec(table).fields if not f.required]
    return out


# (a) ------------------------------------------------------------------------------------


def test_free_software_scores_below_a_proprietary_monoculture() -> None:
    result = _before()
    orgs = _orgs(result)
    free, ms = orgs[FREE], orgs[MICROSOFT]
    assert free["lockin_index"] < 25 <= 75 <= ms["lockin_index"]
    assert (free["level"], ms["level"]) == ("low", "critical")
    # every free application, even at the top of its band, below every Microsoft one
    assert max(a["score_high"] for a in _apps(result, FREE)) < min(
        a["score"] for a in _apps(result, MICROSOFT)
    )


def _bare(portfolio: Portfolio, keep: tuple[str, ...]) -> Portfolio:
    """Only names, editors and domains (plus ``keep``): a software list from an IT asset tool."""
    for _, column in _optional_columns():
        if column in keep or column in ("editor_id", "domain"):
            continue
        if column in portfolio.applications.columns:
            portfolio = _blank(portfolio, "applications", column)
    empty = portfolio.contracts.iloc[0:0]
    return replace(portfolio, contracts=empty, flows=portfolio.flows.iloc[0:0])


@pytest.mark.parametrize("keep", [(), ("licence",)], ids=["names-editors", "with-licence"])
def test_a_bare_free_list_never_scores_above_a_bare_microsoft_list(keep: tuple[str, ...]) -> None:
    result = _audit(_bare(_portfolio("free-software", "microsoft-only"), keep))
    free, ms = _apps(result, FREE), _apps(result, MICROSOFT)
    ms_by_domain = {a["domain"]: a for a in ms}
    pairs = [(a, ms_by_domain[a["domain"]]) for a in free if a["domain"] in ms_by_domain]
    assert {f["domain"] for f, _ in pairs} == {"office", "document_management", "messaging"}
    for f, m in pairs:  # same domain, same catalogue: only what is known may differ
        assert (f["score_low"], f["score"]) <= (m["score_low"], m["score"]), f["domain"]
        if keep:  # a known open licence is known lower risk
            assert f["score"] < m["score"] and f["score_low"] < m["score_low"], f["domain"]
    # and neither list is confident about anything: not ranked, not in an index
    assert {a["level"] for a in free + ms} == {"insufficient_data"}
    assert all(o["lockin_index"] is None for o in result.document["organisations"])
    assert all(o["to_collect"] for o in result.document["organisations"])


# (b) ------------------------------------------------------------------------------------


def _value(metric: str) -> st.SearchStrategy[float]:
    spec = METRICS[metric]
    low = spec.low if spec.low is not None else 0.0
    high = spec.high if spec.high is not None else 1000.0
    return st.one_of(st.just(math.nan), st.floats(low, high, allow_nan=False))


ROWS = st.fixed_dictionaries({m: _value(m) for m in APP_METRICS})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=ROWS, blanked=st.sets(st.sampled_from(APP_METRICS), min_size=1))
def test_adding_unknowns_never_lowers_the_uncertainty_shown(
    row: dict[str, float], blanked: set[str]
) -> None:
    pack = _pack()
    more = row | dict.fromkeys(blanked, math.nan)
    scores = score_applications(make_metrics({"before": row, "after": more}, base={}), pack)
    b, a = "before", "after"
    width = scores.score_high - scores.score_low
    assert width[a] >= width[b] - EPS
    assert scores.coverage[a] <= scores.coverage[b] + EPS
    assert scores.score_low[a] <= scores.score_low[b] + EPS
    assert scores.score_high[a] >= scores.score_high[b] - EPS
    assert scores.score[a] >= scores.score[b] - EPS  # shipped unknown_factor 1: the worst case
    assert scores.unknown_count[a] >= scores.unknown_count[b]
    if scores.level[b] == "insufficient_data":
        assert scores.level[a] == "insufficient_data"


# (c) ------------------------------------------------------------------------------------


def _assert_not_safer(before: AuditResult, after: AuditResult, *, costs_blanked: bool) -> None:
    """The definition of "removing information never makes a body look safer"."""
    old = {a["app_id"]: a for a in before.document["applications"]}
    for a in after.document["applications"]:
        o = old[a["app_id"]]
        where = a["app_id"]
        assert a["coverage"] <= o["coverage"] + EPS, where
        assert a["score"] >= o["score"] - EPS, where
        assert a["score_high"] >= o["score_high"] - EPS, where
        assert a["score_high"] - a["score_low"] >= o["score_high"] - o["score_low"] - EPS, where
        if o["level"] == "insufficient_data":
            assert a["level"] == "insufficient_data", where
        elif a["level"] != "insufficient_data":
            assert _rank(a["level"]) >= _rank(o["level"]), where
    new = {o["org_id"]: o for o in after.document["organisations"]}
    for o in before.document["organisations"]:
        n = new[o["org_id"]]
        assert n["coverage"] <= o["coverage"] + EPS, o["name"]
        assert n["scored_applications"] <= o["scored_applications"], o["name"]
        left = n["scored_applications"] < o["scored_applications"]
        if o["lockin_index"] is not None and not left and not costs_blanked:
            assert n["lockin_index"] >= o["lockin_index"] - 0.01, o["name"]  # 2-decimal JSON


def _rank(level: str) -> int:
    return ["low", "medium", "high", "critical"].index(level)


COLUMNS = _optional_columns()


@pytest.mark.parametrize(("table", "column"), COLUMNS, ids=[f"{t}.{c}" for t, c in COLUMNS])
def test_blanking_a_column_never_makes_a_body_look_safer(table: str, column: str) -> None:
    portfolio = _portfolio("free-software", "microsoft-only")
    before = _before()
    after = _audit(_blank(portfolio, table, column))
    _assert_not_safer(before, after, costs_blanked=column == "annual_cost")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(columns=st.sets(st.sampled_from(COLUMNS), min_size=2, max_size=8))
# Found by hypothesis: with both editors unknown and no applications listed, an "everything from
# this editor" contract covered every unknown-editor application, raising their coverage.
@example(
    columns={
        ("contracts", "app_ids"),
        ("applications", "editor_id"),
        ("contracts", "editor_id"),
        ("applications", "domain"),
        ("applications", "product"),
    }
)
def test_blanking_several_columns_never_makes_a_body_look_safer(
    columns: set[tuple[str, str]],
) -> None:
    portfolio = _portfolio("free-software", "microsoft-only")
    before = _before()
    blanked = portfolio
    for table, column in sorted(columns):
        blanked = _blank(blanked, table, column)
    costs = any(c == "annual_cost" for _, c in columns)
    _assert_not_safer(before, _audit(blanked), costs_blanked=costs)


def test_the_invariant_is_not_vacuous() -> None:
    """Blanking the licences does move the figures: coverage falls, the Microsoft scores rise."""
    portfolio = _portfolio("free-software", "microsoft-only")
    before, after = _before(), _audit(_blank(portfolio, "applications", "licence"))
    b = {a["app_id"]: a for a in before.document["applications"]}
    moved = [
        a for a in after.document["applications"] if a["coverage"] < b[a["app_id"]]["coverage"]
    ]
    assert len(moved) == len(b)
    free_after = np.array([a["score"] for a in _apps(after, FREE)])
    free_before = np.array([a["score"] for a in _apps(before, FREE)])
    assert (free_after > free_before).all()  # an open licence no longer known: 6 points open
