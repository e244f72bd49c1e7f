"""Coverage, score bands and the insufficient-data level (docs/metrics.md, "Coverage")."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scoring_fixtures import make_metrics

from vendorlock.i18n import Lang
from vendorlock.metrics.interface import METRIC_INPUTS
from vendorlock.model.schema import Table, table_spec
from vendorlock.scoring import (
    RulePack,
    actions,
    check_pack_file,
    exit_costs,
    rollup,
    score_applications,
)
from vendorlock.scoring.collect import per_application, per_organisation

NAN = math.nan

#: The "bare software list" application of the docs' worked example: editor and domain only.
#: Flow counts are 0 (no flows listed: the flows table is what is known), alternatives known.
BARE = {
    m: NAN
    for m in (
        "closed_storage_share", "closed_flow_share", "open_standard_flow_share",
        "export_capability", "api_openness", "months_to_end", "tacit_renewal", "notice_months",
        "reversibility_clause", "data_return_open", "proprietary_stack", "proprietary_licence",
        "editor_saas", "customisation_level", "users", "data_volume_gb", "annual_cost",
        "editor_spend_share", "group_spend_share",
    )
} | {"blast_radius_apps": 0.0, "blast_radius_flows": 0.0, "platform_flows": 0.0,
     "alternatives": 7.0}  # fmt: skip

#: The same application once five application columns are filled in (docs' second step).
FILLED = BARE | {
    "proprietary_licence": 1.0,
    "closed_storage_share": 1.0,
    "export_capability": 1.0,
    "api_openness": 0.0,
    "editor_saas": 1.0,
}


def test_the_bare_list_example_of_the_docs(pack: RulePack) -> None:
    scores = score_applications(make_metrics({"a": BARE}), pack)
    assert scores.coverage["a"] == pytest.approx(12 / 90)
    assert (scores.score_low["a"], scores.score_high["a"]) == (0.0, 78.0)
    assert scores.score["a"] == pytest.approx(78.0)  # the worst case: unknown_factor 1
    assert scores.level["a"] == "insufficient_data"
    # not applicable criteria are out of the denominator, not "known"
    assert scores.status.loc["a", "closed-flow-formats"] == "not_applicable"


def test_the_filled_example_of_the_docs(pack: RulePack) -> None:
    scores = score_applications(make_metrics({"a": FILLED}), pack)
    assert scores.coverage["a"] == pytest.approx(51 / 90)
    assert (scores.score_low["a"], scores.score_high["a"]) == (29.0, 68.0)
    assert scores.score["a"] == pytest.approx(68.0)
    assert scores.level["a"] == "high"


def test_coverage_ignores_waived_and_not_applicable_weight(pack: RulePack) -> None:
    # everything known but the reversibility clause (8 of the 90 applicable points when the
    # application has no flow)
    known = {"blast_radius_flows": 0.0, "reversibility_clause": NAN}
    scores = score_applications(make_metrics({"a": known}), pack)
    assert scores.coverage["a"] == pytest.approx(82 / 90)
    assert scores.score_high["a"] - scores.score_low["a"] == 8.0


def test_an_application_with_nothing_applicable_has_full_coverage(pack: RulePack) -> None:
    scores = score_applications(make_metrics({"a": {}}), pack)
    assert scores.coverage["a"] == 1.0 and scores.score_low["a"] == scores.score_high["a"]


def test_min_coverage_comes_from_the_pack(pack: RulePack) -> None:
    metrics = make_metrics({"a": FILLED})
    assert score_applications(metrics, pack).level["a"] == "high"
    strict = replace(pack, min_coverage=0.6)
    assert score_applications(metrics, strict).level["a"] == "insufficient_data"


@pytest.mark.parametrize(
    ("value", "ok"), [("0.5", True), ("0", True), ("1", True), ("1.5", False), ("half", False)]
)
def test_rules_check_validates_min_coverage(tmp_path: Path, value: str, ok: bool) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(f"min_coverage: {value}\n", encoding="utf-8")
    problems = check_pack_file(path)
    assert (not problems) is ok, problems
    if not ok:
        assert problems[0].location.row == 1
        assert "min_coverage" in problems[0].message(Lang.EN)


def test_insufficient_data_gets_no_confident_action(pack: RulePack) -> None:
    metrics = make_metrics({"bare": BARE, "filled": FILLED})
    scores = score_applications(metrics, pack)
    plan = actions(metrics, scores, pack, Lang.FR)
    assert plan.loc["bare", "kind"] == "collect_data"
    assert plan.loc["bare", "clauses"] == ""
    assert "13" in plan.loc["bare", "text"] and "données à collecter" in plan.loc["bare", "text"]
    assert plan.loc["filled", "kind"] != "collect_data"


def test_insufficient_applications_stay_out_of_the_index(pack: RulePack) -> None:
    metrics = make_metrics({"bare": BARE, "filled": FILLED})
    scores = score_applications(metrics, pack)
    r = rollup(metrics, scores, exit_costs(metrics, pack), pack)
    org = r.organisations.set_index("org_id").loc["org-a"]
    assert org["applications"] == 2 and org["scored_applications"] == 1
    assert org["weighted_score"] == pytest.approx(68.0)
    assert org["coverage"] == pytest.approx((12 / 90 + 51 / 90) / 2)


def test_an_organisation_with_only_insufficient_data_has_no_index(pack: RulePack) -> None:
    metrics = make_metrics({"a": BARE, "b": BARE})
    scores = score_applications(metrics, pack)
    org = rollup(metrics, scores, exit_costs(metrics, pack), pack).organisations.iloc[0]
    assert np.isnan(org["lockin_index"]) and org["level"] == "insufficient_data"


def test_the_unknown_editor_is_not_a_group_in_the_index(pack: RulePack) -> None:
    apps = {
        "a": {"editor_id": "unknown", "group": "unknown"},
        "b": {"editor_id": "unknown", "group": "unknown"},
        "c": {"editor_id": "ed-1", "group": "grp-1"},
    }
    metrics = make_metrics(apps)
    scores = score_applications(metrics, pack)
    r = rollup(metrics, scores, exit_costs(metrics, pack), pack)
    # one known group holding all known spend: 10,000, not the 5,556 of two "groups"
    assert r.organisations.loc[0, "hhi_group_spend"] == pytest.approx(10000)


def test_what_to_collect_ranks_unknown_criteria_by_weight(pack: RulePack) -> None:
    metrics = make_metrics({"a": BARE, "b": FILLED})
    scores = score_applications(metrics, pack)
    lists = per_application(scores, pack, ["a", "b"], Lang.FR)
    first = lists["a"][:3]
    # closed-storage-formats (7) and closed-heritage (3) both read storage_formats: ranked apart.
    assert [i["rule_id"] for i in first] == [
        "no-open-export",
        "closed-api",
        "no-reversibility-clause",
    ]
    storage = next(i for i in lists["a"] if i["rule_id"] == "closed-storage-formats")
    assert storage["columns"] == ["Applications › Formats de stockage"]
    assert storage["points"] == 7
    assert sum(i["points"] for i in lists["a"]) == 78
    assert sum(i["points"] for i in lists["b"]) == 39
    by_org = per_organisation(scores, pack, metrics.applications["org_id"], Lang.EN)["org-a"]
    assert len(by_org) == 5
    points = [i["points"] for i in by_org]
    assert points == sorted(points, reverse=True)
    # contracts' reversibility clause is unknown for both: 8 points each
    rev = next(i for i in by_org if i["input"] == "contracts.reversibility_clause")
    assert (rev["points"], rev["applications"], rev["column"]) == (
        16,
        2,
        "Contracts › Reversibility clause",
    )


def test_every_scored_metric_names_the_columns_it_reads(pack: RulePack) -> None:
    for crit in pack.criteria:
        assert METRIC_INPUTS.get(crit.metric), crit.metric
    for inputs in METRIC_INPUTS.values():
        for table, field in inputs:
            assert table_spec(Table(table)).field(field)
