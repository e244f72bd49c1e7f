"""Scores: thresholds → severity, unknown never counts as zero, sum and level, and the promise
of docs/rules.md: changing a weight by Δ moves a score by exactly Δ × severity."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scoring_fixtures import CLEAN, make_metrics

from vendorlock.scoring import RulePack, Status, load_pack, score_applications
from vendorlock.scoring.score import severities

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "scoring"
NAN = math.nan

# (criterion, metric value, expected severity)
SEVERITY_CASES = [
    ("closed-storage-formats", 0.0, 0.0),
    ("closed-storage-formats", 0.19, 0.0),
    ("closed-storage-formats", 0.2, 0.5),  # reaching a threshold counts
    ("closed-storage-formats", 0.59, 0.5),
    ("closed-storage-formats", 0.6, 1.0),
    ("closed-storage-formats", 1.0, 1.0),
    ("no-open-export", 1.0, 0.0),  # lower_is_worse: open export is fine
    ("no-open-export", 0.5, 0.6),
    ("no-open-export", 0.0, 1.0),
    ("closed-api", 1.0, 0.0),
    ("closed-api", 2 / 3, 0.3),
    ("closed-api", 1 / 3, 0.7),
    ("closed-api", 0.0, 1.0),
    ("contract-end-near", 24.0, 0.0),
    ("contract-end-near", 18.0, 0.5),
    ("contract-end-near", 9.0, 1.0),
    ("contract-end-near", -3.0, 1.0),  # already past
    ("tacit-renewal", 0.0, 0.0),
    ("tacit-renewal", 1.0, 1.0),
    ("few-alternatives", 3.0, 0.0),
    ("few-alternatives", 2.0, 0.5),
    ("few-alternatives", 0.0, 1.0),
]


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    SEVERITY_CASES,
    ids=[f"{r}={v:.3g}" for r, v, _ in SEVERITY_CASES],
)
def test_threshold_to_severity(pack: RulePack, rule: str, value: float, expected: float) -> None:
    crit = pack.criterion(rule)
    assert severities(np.array([value]), crit)[0] == pytest.approx(expected)
    assert crit.severity_of(value) == pytest.approx(expected)
    metrics = make_metrics({"a": {crit.metric: value}})
    scores = score_applications(metrics, pack)
    assert scores.points.loc["a", rule] == pytest.approx(crit.weight * expected)
    assert scores.status.loc["a", rule] == Status.SCORED


def test_clean_application_scores_zero(pack: RulePack) -> None:
    scores = score_applications(make_metrics({"a": {}}), pack)
    assert scores.score["a"] == 0
    assert scores.level["a"] == "low"
    assert scores.unknown_count["a"] == 0


def test_unknown_metric_counts_unknown_factor_and_is_reported(pack: RulePack) -> None:
    scores = score_applications(make_metrics({"a": {"reversibility_clause": NAN}}), pack)
    weight = pack.criterion("no-reversibility-clause").weight
    assert scores.status.loc["a", "no-reversibility-clause"] == Status.UNKNOWN
    assert scores.points.loc["a", "no-reversibility-clause"] == weight * pack.unknown_factor
    assert scores.unknown_count["a"] == 1
    assert scores.score["a"] == weight * pack.unknown_factor


def test_all_unknown_is_half_the_weights_never_zero(pack: RulePack) -> None:
    metrics = make_metrics({"a": {m: NAN for m in CLEAN}})
    scores = score_applications(metrics, pack)
    assert scores.score["a"] == pytest.approx(pack.max_points * pack.unknown_factor)
    assert scores.unknown_count["a"] == len(pack.criteria)


def test_missing_metric_column_is_unknown(pack: RulePack) -> None:
    metrics = make_metrics({"a": {}})
    apps = metrics.applications.drop(columns=["users"])
    scores = score_applications(replace(metrics, applications=apps), pack)
    assert scores.status.loc["a", "many-users"] == Status.UNKNOWN


# (name, metric overrides, expected score, expected level)
SUM_CASES = [
    ("one-criterion", {"tacit_renewal": 1.0}, 5.0, "low"),
    ("medium-at-25",
     {"closed_storage_share": 1.0, "export_capability": 0.0, "tacit_renewal": 1.0}, 25.0, "medium"),
    (
        "high",
        {"closed_storage_share": 1.0, "export_capability": 0.0, "api_openness": 0.0,
         "reversibility_clause": 0.0, "data_return_open": 0.0, "proprietary_licence": 1.0},
        47.0,
        "medium",
    ),
    (
        "critical",
        {"closed_storage_share": 1.0, "export_capability": 0.0, "api_openness": 0.0,
         "reversibility_clause": 0.0, "data_return_open": 0.0, "proprietary_licence": 1.0,
         "editor_saas": 1.0, "tacit_renewal": 1.0, "alternatives": 0.0, "customisation_level": 3.0,
         "blast_radius_apps": 10.0, "group_spend_share": 0.5, "proprietary_stack": 1.0},
        81.0,
        "critical",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "overrides", "score", "level"), SUM_CASES, ids=[c[0] for c in SUM_CASES]
)
def test_score_is_the_sum_of_points_and_level_follows(
    pack: RulePack, name: str, overrides: dict[str, float], score: float, level: str
) -> None:
    scores = score_applications(make_metrics({"a": overrides}), pack)
    assert scores.points.loc["a"].sum() == pytest.approx(score)
    assert scores.score["a"] == pytest.approx(score)
    assert scores.level["a"] == level


def test_score_is_capped_at_100() -> None:
    pack = load_pack([ASSETS / "overlay_ok.yaml", ASSETS / "weight_up.yaml"])
    worst = {m: (0.0 if m in {"export_capability", "api_openness", "reversibility_clause",
                               "data_return_open", "alternatives", "open_source_alternatives",
                               "open_standard_flow_share", "months_to_end"} else 1e6)
             for m in CLEAN}  # fmt: skip
    worst.update(tacit_renewal=1.0, proprietary_licence=1.0, editor_saas=1.0)
    scores = score_applications(make_metrics({"a": worst}), pack)
    assert scores.points.loc["a"].sum() > 100
    assert scores.score["a"] == 100


# (criterion, metric overrides giving severity s, s)
WEIGHT_DELTA_CASES = [
    ("no-open-export", {"export_capability": 0.5}, 0.6),
    ("no-open-export", {"export_capability": 0.0}, 1.0),
    ("no-open-export", {"export_capability": 1.0}, 0.0),
]


@pytest.mark.parametrize(
    ("rule", "overrides", "severity"), WEIGHT_DELTA_CASES, ids=["s=0.6", "s=1", "s=0"]
)
def test_weight_change_moves_score_by_delta_times_severity(
    pack: RulePack, rule: str, overrides: dict[str, float], severity: float
) -> None:
    """docs/rules.md: new score = old score + (new weight − old weight) × severity."""
    base_scores = score_applications(make_metrics({"a": {**overrides, "tacit_renewal": 1.0}}), pack)
    overlaid = load_pack([ASSETS / "weight_up.yaml"])  # no-open-export: 10 → 14
    delta = overlaid.criterion(rule).weight - pack.criterion(rule).weight
    new_scores = score_applications(
        make_metrics({"a": {**overrides, "tacit_renewal": 1.0}}), overlaid
    )
    assert new_scores.score["a"] == pytest.approx(base_scores.score["a"] + delta * severity)


def test_weight_change_on_unknown_moves_score_by_delta_times_unknown_factor(pack: RulePack) -> None:
    metrics = make_metrics({"a": {"export_capability": NAN}})
    before = score_applications(metrics, pack).score["a"]
    after = score_applications(metrics, load_pack([ASSETS / "weight_up.yaml"])).score["a"]
    assert after - before == pytest.approx(4 * pack.unknown_factor)


def test_disabled_criterion_is_gone_from_scores() -> None:
    pack = load_pack([ASSETS / "overlay_ok.yaml"])
    scores = score_applications(make_metrics({"a": {"months_to_end": 1.0}}), pack)
    assert "contract-end-near" not in scores.points.columns
    assert scores.score["a"] == 0


def test_added_criterion_scores() -> None:
    pack = load_pack([ASSETS / "overlay_ok.yaml"])
    scores = score_applications(make_metrics({"a": {"open_source_alternatives": 0.0}}), pack)
    assert scores.points.loc["a", "no-open-source-alternative"] == 3


# (name, blast_radius_flows, expected status of closed-flow-formats)
APPLIES_CASES = [
    ("no-flow", 0.0, Status.NOT_APPLICABLE),
    ("has-flows", 3.0, Status.SCORED),
    # whether it applies is unknown: the criterion is unknown (it still counts, in the band)
    ("unknown-flows-still-counts", NAN, Status.UNKNOWN),
]


@pytest.mark.parametrize(
    ("name", "flows", "status"), APPLIES_CASES, ids=[c[0] for c in APPLIES_CASES]
)
def test_applies_when(pack: RulePack, name: str, flows: float, status: Status) -> None:
    metrics = make_metrics({"a": {"blast_radius_flows": flows, "closed_flow_share": 1.0}})
    scores = score_applications(metrics, pack)
    assert scores.status.loc["a", "closed-flow-formats"] == status
    weight = pack.criterion("closed-flow-formats").weight
    expected = {
        Status.NOT_APPLICABLE: 0.0,
        Status.SCORED: weight,
        Status.UNKNOWN: weight * pack.unknown_factor,
    }[status]
    assert scores.points.loc["a", "closed-flow-formats"] == expected
    if status is Status.UNKNOWN:
        assert scores.score_high["a"] - scores.score_low["a"] >= weight


def test_scores_are_deterministic_and_keep_the_index_order(pack: RulePack) -> None:
    metrics = make_metrics({"b": {"tacit_renewal": 1.0}, "a": {}, "c": {"users": NAN}})
    one = score_applications(metrics, pack)
    two = score_applications(metrics, pack)
    assert list(one.score.index) == ["b", "a", "c"]
    assert one.points.equals(two.points) and one.status.equals(two.status)
