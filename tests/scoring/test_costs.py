"""Exit cost: the breakdown sums to the total, grows with volume, flows and users, and unknown
inputs use the documented defaults and are flagged."""

from __future__ import annotations

import math

import pytest
from scoring_fixtures import make_metrics

from vendorlock.i18n import Lang
from vendorlock.scoring import COST_ITEMS, RulePack, exit_costs

NAN = math.nan


def test_breakdown_sums_to_total(pack: RulePack) -> None:
    metrics = make_metrics({"a": {}, "b": {"data_volume_gb": 300.0, "tacit_renewal": 1.0}})
    costs = exit_costs(metrics, pack)
    for bound in ("low", "high"):
        parts = sum(costs.table[f"{item}_{bound}"] for item in COST_ITEMS)
        assert (parts == costs.table[bound]).all()
    assert (costs.table["low"] <= costs.table["high"]).all()


def test_worked_example_matches_docs(pack: RulePack) -> None:
    """The example of docs/rules.md ("Exit cost"), low bound."""
    metrics = make_metrics(
        {
            "a": {
                "data_volume_gb": 100.0,
                "closed_storage_share": 0.5,
                "fan_in": 2.0,
                "fan_out": 2.0,
                "platform_flows": 1.0,
                "open_standard_flow_share": 0.5,
                "users": 40.0,
                "annual_cost": 24000.0,
                "months_to_end": 6.0,
                "tacit_renewal": 1.0,
                "notice_months": 3.0,
            }
        }
    )
    row = exit_costs(metrics, pack).table.loc["a"]
    assert row["data_migration_low"] == 3000 + 15 * 100 * (1 + 1.0 * 0.5)  # 5,250
    assert row["interfaces_low"] == 1 * 6000 + 3 * (0.5 * 1500 + 0.5 * 4000)  # 14,250
    assert row["training_low"] == 100 * 40  # 4,000
    assert row["parallel_run_low"] == 2 / 12 * 0.5 * 24000  # 2,000
    assert row["contract_exit_low"] == 0.05 * 24000 * 6 / 12  # 600
    assert row["low"] == 26100


@pytest.mark.parametrize(
    ("metric", "small", "large"),
    [("data_volume_gb", 10.0, 1000.0), ("fan_out", 1.0, 20.0), ("users", 5.0, 500.0)],
    ids=["volume", "flows", "users"],
)
def test_cost_grows_with_volume_flows_users(
    pack: RulePack, metric: str, small: float, large: float
) -> None:
    costs = exit_costs(make_metrics({"s": {metric: small}, "l": {metric: large}}), pack).table
    assert costs.loc["l", "low"] > costs.loc["s", "low"]
    assert costs.loc["l", "high"] > costs.loc["s", "high"]


def test_open_standard_flows_are_cheaper(pack: RulePack) -> None:
    metrics = make_metrics(
        {"open": {"open_standard_flow_share": 1.0}, "closed": {"open_standard_flow_share": 0.0}}
    )
    table = exit_costs(metrics, pack).table
    assert table.loc["open", "interfaces_high"] < table.loc["closed", "interfaces_high"]


def test_notice_missed_adds_a_renewal_period(pack: RulePack) -> None:
    base = {"tacit_renewal": 1.0, "notice_months": 3.0, "annual_cost": 12000.0}
    metrics = make_metrics(
        {"in-time": {**base, "months_to_end": 6.0}, "late": {**base, "months_to_end": 2.0}}
    )
    table = exit_costs(metrics, pack).table
    assert table.loc["in-time", "contract_exit_high"] == 6000  # 6 months left × 1.0
    assert table.loc["late", "contract_exit_high"] == 14000  # (2 + 12) months × 1.0


def test_unknown_inputs_use_defaults_and_are_flagged(pack: RulePack) -> None:
    metrics = make_metrics(
        {"a": {"data_volume_gb": NAN, "users": NAN, "fan_in": NAN, "fan_out": NAN}}
    )
    costs = exit_costs(metrics, pack)
    assert costs.assumed_inputs("a") == ("data_volume_gb", "flows", "users")
    assert costs.inputs.loc["a", "users"] == pack.costs.defaults["users"]
    assert "(assumed)" in costs.basis("a", "training", Lang.EN)
    assert "(supposé)" in costs.basis("a", "data_migration", Lang.FR)


@pytest.mark.parametrize("item", COST_ITEMS)
@pytest.mark.parametrize("lang", list(Lang))
def test_every_item_has_a_basis_sentence(pack: RulePack, item: str, lang: Lang) -> None:
    costs = exit_costs(make_metrics({"a": {"tacit_renewal": 1.0, "months_to_end": 1.0}}), pack)
    assert costs.basis("a", item, lang)


def test_cost_overlay_changes_the_range(pack: RulePack) -> None:
    from pathlib import Path

    from vendorlock.scoring import load_pack

    overlay = load_pack(
        [Path(__file__).resolve().parents[1] / "assets" / "scoring" / "overlay_ok.yaml"]
    )
    metrics = make_metrics({"a": {"users": 10.0}})
    assert exit_costs(metrics, overlay).table.loc["a", "training_low"] == 2000
    assert exit_costs(metrics, pack).table.loc["a", "training_low"] == 1000
