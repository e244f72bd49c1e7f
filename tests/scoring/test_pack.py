"""The shipped pack is valid and documented; overlays change it as docs/rules.md says; every
bad-pack case is reported with its YAML line."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.i18n import Lang
from vendorlock.metrics.interface import METRICS, Scope
from vendorlock.scoring import RulePack, RulePackError, check_pack_file, load_pack, render_problem

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "scoring"


def test_shipped_weights_sum_to_100(pack: RulePack) -> None:
    assert pack.max_points == 100


def test_shipped_criteria_use_application_metrics(pack: RulePack) -> None:
    for crit in pack.criteria:
        assert METRICS[crit.metric].scope is Scope.APPLICATION, crit.id


def test_shipped_pack_covers_the_required_criteria(pack: RulePack) -> None:
    metrics = {c.metric for c in pack.criteria}
    required = {
        "closed_storage_share", "closed_flow_share", "open_standard_flow_share",
        "export_capability", "api_openness", "tacit_renewal", "reversibility_clause",
        "data_return_open", "months_to_end", "proprietary_stack", "proprietary_licence",
        "editor_saas", "alternatives", "customisation_level", "blast_radius_apps",
        "group_spend_share", "data_volume_gb", "users",
    }  # fmt: skip
    assert required <= metrics


def test_every_reference_of_the_shipped_pack_is_defined(pack: RulePack) -> None:
    for crit in pack.criteria:
        for ref in crit.references:
            assert ref in pack.references
    assert {"ccag-tic-2021-art-28", "ccag-tic-2021-art-42", "data-act-art-25"} <= set(
        pack.references
    )


def test_overlay_changes_weight_disables_adds_and_tunes() -> None:
    pack = load_pack([ASSETS / "overlay_ok.yaml"])
    assert pack.criterion("closed-storage-formats").weight == 15
    # The rest of the criterion is kept from the shipped pack.
    assert pack.criterion("closed-storage-formats").metric == "closed_storage_share"
    assert "contract-end-near" not in pack.rule_ids
    assert pack.disabled == ("contract-end-near",)
    assert pack.criterion("no-open-source-alternative").source == "our DSI, 2026"
    assert pack.levels.critical == 70 and pack.levels.high == 50
    assert pack.costs.p("training", "days_per_user").low == 1
    assert pack.costs.p("training", "days_per_user").sources == ("our-training-quote",)
    assert pack.id == "my-pack"


def test_overlays_apply_in_order() -> None:
    pack = load_pack([ASSETS / "overlay_ok.yaml", ASSETS / "weight_up.yaml"])
    assert pack.criterion("no-open-export").weight == 14
    assert pack.criterion("closed-storage-formats").weight == 15


def test_valid_overlay_has_no_problem() -> None:
    assert check_pack_file(ASSETS / "overlay_ok.yaml") == []


# (asset, problem code, YAML line)
BAD_PACKS = [
    ("unknown_metric.yaml", "pack_unknown_metric", 3),
    ("wrong_type.yaml", "pack_wrong_type", 3),
    ("duplicate_id.yaml", "pack_duplicate_id", 4),
    ("thresholds_order.yaml", "pack_thresholds_order_up", 5),
    ("thresholds_order_down.yaml", "pack_thresholds_order_down", 5),
    ("severity_range.yaml", "pack_out_of_range", 4),
    ("severity_order.yaml", "pack_severity_order", 5),
    ("thresholds_empty.yaml", "pack_thresholds_empty", 3),
    ("unknown_key.yaml", "pack_unknown_key", 3),
    ("top_unknown_key.yaml", "pack_unknown_key", 1),
    ("missing_text.yaml", "pack_missing_text", 8),
    ("missing_field.yaml", "pack_missing", 2),
    # a reference without its French title: French reports would cite it in English
    ("reference_no_french.yaml", "pack_missing", 2),
    ("placeholder.yaml", "pack_placeholder", 4),
    ("bad_template.yaml", "pack_bad_template", 4),
    ("metric_scope.yaml", "pack_metric_scope", 3),
    ("bad_id.yaml", "pack_bad_id", 2),
    ("bad_choice.yaml", "pack_bad_choice", 3),
    ("out_of_range.yaml", "pack_out_of_range", 1),
    ("levels_order.yaml", "pack_levels_order", 1),
    ("disable_unknown.yaml", "pack_disable_unknown", 2),
    ("unknown_reference.yaml", "pack_unknown_reference", 3),
    ("unknown_clause.yaml", "pack_unknown_clause", 3),
    ("range_order.yaml", "pack_range_order", 3),
    ("cost_unsourced.yaml", "pack_cost_unsourced", 3),
    ("not_mapping.yaml", "pack_not_mapping", 1),
    ("invalid_yaml.yaml", "pack_yaml", None),
]


@pytest.mark.parametrize(
    ("asset", "code", "line"), BAD_PACKS, ids=[case[0].removesuffix(".yaml") for case in BAD_PACKS]
)
def test_bad_pack_is_located(asset: str, code: str, line: int | None) -> None:
    problems = check_pack_file(ASSETS / asset)
    assert [(p.code, p.location.row) for p in problems] == [(code, line)]
    for lang in Lang:
        rendered = render_problem(problems[0], lang)
        assert rendered.startswith(str(ASSETS / asset))
        if line is not None:  # French: a non-breaking space before each colon
            colon, word = ("\u00a0: ", "ligne") if lang is Lang.FR else (": ", "line")
            assert rendered.startswith(f"{ASSETS / asset}{colon}{word} {line}{colon}")


@pytest.mark.parametrize("asset", [case[0] for case in BAD_PACKS])
def test_bad_pack_stops_load_pack(asset: str) -> None:
    with pytest.raises(RulePackError) as info:
        load_pack([ASSETS / asset])
    assert str(ASSETS / asset) in str(info.value)


def test_all_problems_reported_at_once() -> None:
    problems = check_pack_file(ASSETS / "many_problems.yaml")
    assert [(p.code, p.location.row) for p in problems] == [
        ("pack_wrong_type", 4),
        ("pack_unknown_metric", 6),
        ("pack_duplicate_id", 7),
        ("pack_thresholds_order_up", 12),
    ]


def test_unknown_metric_suggests_the_closest_id() -> None:
    problem = check_pack_file(ASSETS / "many_problems.yaml")[1]
    assert "did you mean 'api_openness'" in problem.message(Lang.EN)


def test_invalid_yaml_says_where() -> None:
    problem = check_pack_file(ASSETS / "invalid_yaml.yaml")[0]
    assert "line 4" in problem.message(Lang.EN)


def test_overlay_problem_in_an_earlier_file_is_reported_with_later_ones() -> None:
    with pytest.raises(RulePackError) as info:
        load_pack([ASSETS / "wrong_type.yaml", ASSETS / "unknown_metric.yaml"])
    assert [p.code for p in info.value.problems] == ["pack_unknown_metric", "pack_wrong_type"]


def test_as_json_carries_what_recomputing_needs() -> None:
    import json

    pack = load_pack([ASSETS / "overlay_ok.yaml"])
    data = json.loads(json.dumps(pack.as_json()))
    assert data["levels"] == {"medium": 25, "high": 50, "critical": 70}
    assert data["unknown_factor"] == 1.0 and data["min_coverage"] == 0.5
    assert data["disabled"] == ["contract-end-near"]
    first = data["criteria"][0]
    assert first == {
        "id": "closed-storage-formats",
        "metric": "closed_storage_share",
        "weight": 15,
        "direction": "higher_is_worse",
        "thresholds": [{"at": 0.2, "severity": 0.5}, {"at": 0.6, "severity": 1.0}],
        "applies_when": None,
    }
    assert data["files"][-1].endswith("overlay_ok.yaml")


def test_metrics_read_lists_scored_tested_and_printed_metrics(pack: RulePack) -> None:
    """What an audit must compute: scored metrics, applies_when metrics and sentence
    placeholders; the shipped pack never reads the costly betweenness."""
    read = pack.metrics_read()
    assert {c.metric for c in pack.criteria} <= read
    assert "blast_radius_flows" in read  # printed in systemic-dependency's reason only
    assert "betweenness" not in read
    assert "value" not in read  # {value} stands for the criterion's own metric
