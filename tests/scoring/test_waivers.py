"""Waivers: applied ones zero a criterion and keep their reason; expired and unmatched ones
are flagged, never silently applied or dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from scoring_fixtures import make_metrics

from vendorlock.i18n import Lang
from vendorlock.scoring import (
    RulePack,
    Status,
    WaiverError,
    WaiverOutcomeKind,
    explain,
    load_waivers,
    score_applications,
)

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "scoring"
AS_OF = dt.date(2026, 6, 1)


@pytest.fixture
def scored(pack: RulePack):  # type: ignore[no-untyped-def]
    metrics = make_metrics(
        {
            "app-1": {"editor_saas": 1.0, "tacit_renewal": 1.0},
            "app-2": {"reversibility_clause": 0.0, "tacit_renewal": 1.0},
        }
    )
    waivers = load_waivers(ASSETS / "waivers.yaml", AS_OF)
    return metrics, score_applications(metrics, pack, waivers)


def test_expired_waivers_are_split_at_load(pack: RulePack) -> None:
    waivers = load_waivers(ASSETS / "waivers.yaml", AS_OF)
    assert [w.criterion for w in waivers.expired] == ["no-reversibility-clause"]
    assert len(waivers.active) == 4


def test_waiver_is_valid_through_its_expiry_date() -> None:
    on_the_day = load_waivers(ASSETS / "waivers.yaml", dt.date(2026, 12, 31))
    day_after = load_waivers(ASSETS / "waivers.yaml", dt.date(2027, 1, 1))
    assert "tacit-renewal" in {w.criterion for w in on_the_day.active}
    assert "tacit-renewal" in {w.criterion for w in day_after.expired}


def test_applied_waiver_zeroes_the_criterion(scored, pack: RulePack) -> None:  # type: ignore[no-untyped-def]
    _, scores = scored
    assert scores.status.loc["app-1", "editor-saas-hosting"] == Status.WAIVED
    assert scores.points.loc["app-1", "editor-saas-hosting"] == 0
    assert scores.score["app-1"] == 0  # tacit renewal waived for "*" too


def test_star_waiver_applies_to_every_application(scored) -> None:  # type: ignore[no-untyped-def]
    _, scores = scored
    assert (scores.status["tacit-renewal"] == Status.WAIVED).all()


def test_expired_waiver_is_not_applied(scored, pack: RulePack) -> None:  # type: ignore[no-untyped-def]
    _, scores = scored
    assert scores.status.loc["app-2", "no-reversibility-clause"] == Status.SCORED
    assert scores.points.loc["app-2", "no-reversibility-clause"] == 8


def test_outcomes_flag_expired_and_unmatched(scored) -> None:  # type: ignore[no-untyped-def]
    _, scores = scored
    outcomes = {(o.waiver.criterion, o.waiver.application): o for o in scores.waivers}
    assert outcomes[("editor-saas-hosting", "app-1")].kind is WaiverOutcomeKind.APPLIED
    assert outcomes[("tacit-renewal", "*")].matched == 2
    assert outcomes[("no-reversibility-clause", "app-2")].kind is WaiverOutcomeKind.EXPIRED
    assert outcomes[("many-users", "app-404")].kind is WaiverOutcomeKind.UNMATCHED
    assert outcomes[("no-such-rule", "app-1")].kind is WaiverOutcomeKind.UNMATCHED


def test_explain_keeps_the_waiver_reason(scored, pack: RulePack) -> None:  # type: ignore[no-untyped-def]
    metrics, scores = scored
    contributions = {c.rule_id: c for c in explain(scores, metrics, pack, "app-1", Lang.EN)}
    saas = contributions["editor-saas-hosting"]
    assert saas.status is Status.WAIVED
    assert saas.waiver is not None and saas.waiver.author == "DSI committee"
    assert "no server room left" in saas.reason and "until 31 December 2027" in saas.reason


def test_broken_waivers_report_every_problem_with_lines() -> None:
    with pytest.raises(WaiverError) as info:
        load_waivers(ASSETS / "waivers_broken.yaml", AS_OF)
    found = [(p.code, p.location.row) for p in info.value.problems]
    assert found == [("waiver_missing", 1), ("waiver_wrong_type", 9), ("waiver_unknown_key", 15)]
    assert "waivers_broken.yaml: line 9" in str(info.value)


def test_waivers_file_must_be_a_list() -> None:
    with pytest.raises(WaiverError, match="must be a list of waivers"):
        load_waivers(ASSETS / "waivers_not_list.yaml", AS_OF)
