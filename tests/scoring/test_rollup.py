"""Editor / group exposure and the organisation index, recomputable from the docs' formula."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scoring_fixtures import make_metrics

from vendorlock.scoring import RulePack, exit_costs, rollup, score_applications

NAN = math.nan


def _rollup(pack: RulePack, apps, organisations=None):  # type: ignore[no-untyped-def]
    metrics = make_metrics(apps, organisations=organisations)
    scores = score_applications(metrics, pack)
    return scores, rollup(metrics, scores, exit_costs(metrics, pack), pack)


APPS = {
    # score 25 (closed storage 10 + no export 10 + tacit 5), spend 30,000
    "a": {"editor_id": "ed-1", "group": "grp-1", "annual_cost": 30000.0,
          "closed_storage_share": 1.0, "export_capability": 0.0, "tacit_renewal": 1.0},
    # score 5 (tacit), spend 10,000, same group through another editor
    "b": {"editor_id": "ed-2", "group": "grp-1", "annual_cost": 10000.0, "tacit_renewal": 1.0},
    # score 0, spend 10,000
    "c": {"editor_id": "ed-3", "group": "grp-3", "annual_cost": 10000.0},
}  # fmt: skip


def test_editor_exposure(pack: RulePack) -> None:
    _, r = _rollup(pack, APPS)
    ed = r.editors.set_index("editor_id")
    assert list(r.editors["editor_id"]) == ["ed-1", "ed-2", "ed-3"]
    assert ed.loc["ed-1", "group"] == "grp-1"
    assert ed.loc["ed-1", "applications"] == 1 and ed.loc["ed-1", "spend"] == 30000
    assert ed.loc["ed-1", "worst_score"] == 25 and ed.loc["ed-1", "level"] == "medium"


def test_group_exposure_is_spend_weighted(pack: RulePack) -> None:
    _, r = _rollup(pack, APPS)
    grp = r.groups.set_index("group")
    assert grp.loc["grp-1", "applications"] == 2
    assert grp.loc["grp-1", "weighted_score"] == pytest.approx((25 * 30000 + 5 * 10000) / 40000)
    assert grp.loc["grp-1", "weighting"] == "spend"


def test_unknown_spend_falls_back_to_application_count(pack: RulePack) -> None:
    apps = {**APPS, "b": {**APPS["b"], "annual_cost": NAN}}
    _, r = _rollup(pack, apps)
    grp = r.groups.set_index("group")
    assert grp.loc["grp-1", "weighting"] == "applications"
    assert grp.loc["grp-1", "weighted_score"] == pytest.approx((25 + 5) / 2)


def test_organisation_index_follows_the_documented_formula(pack: RulePack) -> None:
    _, r = _rollup(pack, APPS)
    org = r.organisations.set_index("org_id").loc["org-a"]
    mean = (25 * 30000 + 5 * 10000 + 0 * 10000) / 50000  # 16
    hhi = (40000 / 50000 * 100) ** 2 + (10000 / 50000 * 100) ** 2  # 6,800
    w = pack.organisation.concentration_weight
    assert org["weighted_score"] == pytest.approx(mean)
    assert org["hhi_group_spend"] == pytest.approx(hhi)
    assert org["lockin_index"] == pytest.approx((1 - w) * mean + w * hhi / 100)  # 26.4
    assert org["level"] == "medium"
    assert org["exit_cost_low"] == pytest.approx(exit_costs_sum(pack, APPS))


def exit_costs_sum(pack: RulePack, apps) -> float:  # type: ignore[no-untyped-def]
    return float(exit_costs(make_metrics(apps), pack).table["low"].sum())


def test_hhi_from_the_metrics_stage_is_used_when_given(pack: RulePack) -> None:
    orgs = pd.DataFrame({"hhi_group_spend": [10000.0]}, index=pd.Index(["org-a"], name="org_id"))
    _, r = _rollup(pack, APPS, organisations=orgs)
    assert r.organisations.loc[0, "hhi_group_spend"] == 10000


def test_organisations_are_separate(pack: RulePack) -> None:
    apps = {**APPS, "z": {"org_id": "org-b", "tacit_renewal": 1.0}}
    _, r = _rollup(pack, apps)
    assert list(r.organisations["org_id"]) == ["org-a", "org-b"]
    orgs = r.organisations.set_index("org_id")
    assert orgs.loc["org-b", "applications"] == 1
    assert orgs.loc["org-a", "unknown_criteria"] == 0


def test_unknown_criteria_are_counted_per_organisation(pack: RulePack) -> None:
    apps = {**APPS, "z": {"org_id": "org-b", "users": NAN, "alternatives": NAN}}
    _, r = _rollup(pack, apps)
    assert r.organisations.set_index("org_id").loc["org-b", "unknown_criteria"] == 2


def test_shares_and_worst_level(pack: RulePack) -> None:
    _, r = _rollup(pack, APPS)
    grp = r.groups.set_index("group")
    assert grp.loc["grp-1", "spend_share"] == pytest.approx(0.8)
    assert grp.loc["grp-1", "app_share"] == pytest.approx(2 / 3)
    assert grp.loc["grp-1", "worst_level"] == "medium"
