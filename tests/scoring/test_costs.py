"""Exit cost: the breakdown sums to the total, each range is sane, costs grow with their
drivers, unknown drivers come from the organisation's size and the application's domain (and
widen the range), and a small town's exit stays within a few years of its spend."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scoring_fixtures import make_metrics

from vendorlock.i18n import Lang
from vendorlock.scoring import COST_ITEMS, RulePack, exit_costs, load_pack

NAN = math.nan
ASSETS = Path(__file__).resolve().parents[1] / "assets" / "scoring"


def test_breakdown_sums_to_total_and_ranges_are_sane(pack: RulePack) -> None:
    metrics = make_metrics(
        {
            "known": {"data_volume_gb": 300.0, "tacit_renewal": 1.0, "months_to_end": 1.0},
            "unknown": dict.fromkeys(
                (
                    "users",
                    "data_volume_gb",
                    "annual_cost",
                    "fan_in",
                    "fan_out",
                    "closed_storage_share",
                    "months_to_end",
                    "tacit_renewal",
                ),
                NAN,
            ),
            "past-end": {"months_to_end": -8.0, "customisation_level": 3.0},
        }
    )
    table = exit_costs(metrics, pack, pd.Series({"org-a": 5000.0})).table
    for bound in ("low", "high"):
        parts = sum(table[f"{item}_{bound}"] for item in COST_ITEMS)
        assert np.allclose(parts, table[bound])
    values = table.to_numpy()
    assert np.isfinite(values).all() and (values >= 0).all()
    for item in (*COST_ITEMS, ""):
        suffix = f"{item}_" if item else ""
        assert (table[f"{suffix}low"] <= table[f"{suffix}high"]).all(), item


def test_worked_example_matches_docs(pack: RulePack) -> None:
    """The example of docs/metrics.md ("Exit cost"), low and high bounds: a 10,000-inhabitant
    body pays the full day-work (size 1)."""
    metrics = make_metrics(
        {
            "a": {
                "annual_cost": 1540.0,
                "customisation_level": 1.0,
                "data_volume_gb": 2.0,
                "closed_storage_share": 0.5,
                "fan_in": 1.0,
                "fan_out": 2.0,
                "platform_flows": 2.0,
                "open_standard_flow_share": 0.0,
                "closed_flow_share": 0.0,
                "users": 2.0,
                "months_to_end": 6.0,
                "tacit_renewal": 0.0,
            }
        }
    )
    row = exit_costs(metrics, pack, pd.Series({"org-a": 10000.0})).table.loc["a"]
    assert row["reimplementation_low"] == pytest.approx(1540 * 0.5 * (1 + 0.25 / 3))
    assert row["reimplementation_high"] == pytest.approx(1540 * 2.0 * (1 + 1.0 / 3))
    assert row["data_migration_low"] == pytest.approx(450 * 0.25 + 5 * 2 * 1.5)
    assert row["data_migration_high"] == pytest.approx(1000 * 0.5 + 25 * 2 * 2)
    assert row["interfaces_low"] == pytest.approx(2 * 400 + 1 * 1000 * 0.25)
    assert row["interfaces_high"] == pytest.approx(2 * 1500 + 1 * 6000 * 0.5)
    assert row["training_low"] == pytest.approx(2 * 0.25 * 60)
    assert row["training_high"] == pytest.approx(2 * 2 * 150)
    assert row["parallel_run_low"] == pytest.approx(1 / 12 * 0.5 * 1540)
    assert row["parallel_run_high"] == pytest.approx(3 / 12 * 1.0 * 1540)
    assert row["contract_exit_low"] == pytest.approx(0.05 * 1540 * 6 / 12)
    assert row["contract_exit_high"] == pytest.approx(0.5 * 1540 * 6 / 12)
    assert round(row["low"]) == 2144
    assert round(row["high"]) == 12077


@pytest.mark.parametrize("metric", ["users", "data_volume_gb", "fan_out", "annual_cost"])
def test_range_grows_monotonically_with_its_drivers(pack: RulePack, metric: str) -> None:
    steps = [0.0, 1.0, 5.0, 20.0, 100.0, 1000.0]
    metrics = make_metrics({f"s{i}": {metric: v} for i, v in enumerate(steps)})
    table = exit_costs(metrics, pack).table
    for bound in ("low", "high"):
        values = table[bound].to_numpy()
        assert (np.diff(values) > 0).all(), (metric, bound, values)


def test_unknown_users_grow_with_the_population(pack: RulePack) -> None:
    metrics = make_metrics(
        {"small": {"org_id": "small", "users": NAN}, "large": {"org_id": "large", "users": NAN}}
    )
    costs = exit_costs(metrics, pack, pd.Series({"small": 700.0, "large": 70000.0}))
    assert costs.inputs_high.loc["large", "users"] == 100 * costs.inputs_high.loc["small", "users"]
    assert costs.table.loc["large", "training_high"] > costs.table.loc["small", "training_high"]


def test_open_standard_and_open_format_flows_are_cheaper(pack: RulePack) -> None:
    metrics = make_metrics(
        {
            "standard": {"open_standard_flow_share": 1.0, "closed_flow_share": 1.0},
            "open-format": {"open_standard_flow_share": 0.0, "closed_flow_share": 0.0},
            "closed": {"open_standard_flow_share": 0.0, "closed_flow_share": 1.0},
        }
    )
    table = exit_costs(metrics, pack).table
    for bound in ("low", "high"):
        col = f"interfaces_{bound}"
        assert table.loc["standard", col] < table.loc["closed", col]
        assert table.loc["open-format", col] < table.loc["closed", col]


def test_notice_missed_adds_a_renewal_period(pack: RulePack) -> None:
    base = {"tacit_renewal": 1.0, "notice_months": 3.0, "annual_cost": 12000.0}
    metrics = make_metrics(
        {"in-time": {**base, "months_to_end": 6.0}, "late": {**base, "months_to_end": 2.0}}
    )
    table = exit_costs(metrics, pack).table
    assert table.loc["in-time", "contract_exit_high"] == 3000  # 6 months left × 0.5
    assert table.loc["late", "contract_exit_high"] == 7000  # (2 + 12) months × 0.5


def test_unknown_inputs_come_from_size_and_domain_widen_and_are_flagged(pack: RulePack) -> None:
    unknown = {"data_volume_gb": NAN, "users": NAN, "fan_in": NAN, "fan_out": NAN}
    metrics = make_metrics({"a": unknown, "b": {}})
    costs = exit_costs(metrics, pack, pd.Series({"org-a": 10000.0}))
    assert costs.assumed_inputs("a") == ("population", "users", "data_volume_gb", "flows")[1:]
    assert costs.assumed_inputs("b") == ()
    staff = pack.costs.p("sizing", "staff_per_1000_inhabitants")
    share = pack.costs.domain("finances", "user_share")
    assert costs.inputs_low.loc["a", "users"] == pytest.approx(10 * staff.low * share.low)
    assert costs.inputs_high.loc["a", "users"] == pytest.approx(10 * staff.high * share.high)
    known = costs.table.loc["b"]
    assumed = costs.table.loc["a"]
    assert assumed["high"] - assumed["low"] > known["high"] - known["low"]
    assert "(assumed)" in costs.basis("a", "training", Lang.EN)
    assert "(supposé)" in costs.basis("a", "data_migration", Lang.FR)
    no_population = exit_costs(metrics, pack)
    assert "population" in no_population.assumed_inputs("a")


def test_a_tiny_unknown_app_costs_little(pack: RulePack) -> None:
    """A bare software-list entry (a Windows update…): nothing known, domain 'other'."""
    everything = {m: NAN for m in ("users", "data_volume_gb", "annual_cost", "fan_in",
                                   "fan_out", "months_to_end", "tacit_renewal")}  # fmt: skip
    metrics = make_metrics({"kb5034441": {**everything, "domain": "other"}})
    table = exit_costs(metrics, pack, pd.Series({"org-a": 20000.0})).table
    assert table.loc["kb5034441", "low"] <= 300
    assert table.loc["kb5034441", "high"] <= 3000


def test_open_source_commodity_costs_less_than_a_critical_proprietary_app(
    pack: RulePack,
) -> None:
    metrics = make_metrics(
        {
            "nextcloud": {"annual_cost": 0.0, "users": 5.0, "data_volume_gb": 50.0,
                          "fan_in": 0.0, "fan_out": 1.0, "open_standard_flow_share": 1.0,
                          "closed_storage_share": 0.0, "customisation_level": 0.0},
            "erp": {"annual_cost": 60000.0, "users": 80.0, "data_volume_gb": 200.0,
                    "fan_in": 4.0, "fan_out": 6.0, "platform_flows": 3.0,
                    "open_standard_flow_share": 0.2, "closed_storage_share": 1.0,
                    "closed_flow_share": 1.0, "customisation_level": 3.0,
                    "months_to_end": 18.0},
        }
    )  # fmt: skip
    table = exit_costs(metrics, pack).table
    assert table.loc["nextcloud", "high"] < table.loc["erp", "low"]
    assert table.loc["nextcloud", "high"] < 10000


#: A 680-inhabitant commune: ten applications, €8,430 a year (figures in the range of the
#: Sénat question n° 24371: finance software at €1,600 a year for a 500-inhabitant commune).
SMALL_TOWN: dict[str, dict[str, float]] = {
    "finances": {"annual_cost": 1540.0, "users": 2.0, "data_volume_gb": 2.4, "fan_in": 1.0,
                 "fan_out": 2.0, "platform_flows": 2.0, "open_standard_flow_share": 0.67},
    "payroll": {"annual_cost": 1320.0, "users": 1.0, "data_volume_gb": 1.0, "fan_in": 0.0,
                "fan_out": 3.0, "platform_flows": 2.0, "open_standard_flow_share": 0.67},
    "civil-registry": {"annual_cost": 980.0, "users": 2.0, "data_volume_gb": 0.5,
                       "fan_in": 0.0, "fan_out": 1.0, "platform_flows": 1.0},
    "elections": {"annual_cost": 640.0, "users": 1.0, "data_volume_gb": 0.2, "fan_in": 0.0,
                  "fan_out": 1.0, "platform_flows": 1.0},
    "council-acts": {"annual_cost": 450.0, "users": 2.0, "data_volume_gb": 0.5, "fan_in": 0.0,
                     "fan_out": 1.0, "platform_flows": 1.0, "open_standard_flow_share": 1.0},
    "cemeteries": {"annual_cost": 380.0, "users": 1.0, "data_volume_gb": 0.3, "fan_in": 0.0,
                   "fan_out": 0.0},
    "office": {"annual_cost": 0.0, "users": 4.0, "data_volume_gb": 20.0, "fan_in": 0.0,
               "fan_out": 0.0},
    "messaging": {"annual_cost": 1200.0, "users": 4.0, "data_volume_gb": 15.0, "fan_in": 0.0,
                  "fan_out": 0.0},
    "website": {"annual_cost": 1200.0, "users": 2.0, "data_volume_gb": 2.0, "fan_in": 0.0,
                "fan_out": 0.0},
    "backup": {"annual_cost": 720.0, "users": 1.0, "data_volume_gb": 40.0, "fan_in": 0.0,
               "fan_out": 0.0},
}  # fmt: skip


def test_a_small_town_leaves_for_a_few_years_of_its_spend(pack: RulePack) -> None:
    apps = {
        name: {**values, "org_id": "bois-uzevalle", "closed_storage_share": 0.5,
               "customisation_level": 1.0, "months_to_end": 12.0, "tacit_renewal": 1.0}
        for name, values in SMALL_TOWN.items()
    }  # fmt: skip
    metrics = make_metrics(apps)
    spend = sum(v["annual_cost"] for v in SMALL_TOWN.values())
    assert spend == 8430
    table = exit_costs(metrics, pack, pd.Series({"bois-uzevalle": 680.0})).table
    low, high = table["low"].sum(), table["high"].sum()
    assert low <= 1.5 * spend
    assert (low + high) / 2 <= 3.5 * spend  # about three years, mid-range
    assert high <= 6 * spend  # the high end compounds every pessimistic figure
    assert low >= 0.25 * spend  # leaving is never free


def test_totals_add_up_per_organisation(pack: RulePack) -> None:
    from vendorlock.scoring import rollup, score_applications

    metrics = make_metrics(
        {"a1": {"org_id": "a"}, "a2": {"org_id": "a", "users": 40.0}, "b1": {"org_id": "b"}}
    )
    costs = exit_costs(metrics, pack)
    totals = rollup(metrics, score_applications(metrics, pack), costs, pack)
    orgs = totals.organisations.set_index("org_id")
    assert orgs.loc["a", "exit_cost_low"] == pytest.approx(
        costs.table.loc[["a1", "a2"], "low"].sum()
    )
    assert orgs.loc["b", "exit_cost_high"] == pytest.approx(costs.table.loc["b1", "high"])


def test_drivers_name_each_item_inputs(pack: RulePack) -> None:
    metrics = make_metrics({"a": {"users": NAN}})
    costs = exit_costs(metrics, pack, pd.Series({"org-a": 2000.0}))
    drivers = costs.drivers(["a"])["a"]
    assert [d["input"] for d in drivers["training"]] == ["users"]
    users = drivers["training"][0]
    assert users["assumed"] and users["low"] < users["high"]
    assert not drivers["reimplementation"][0]["assumed"]  # annual cost known


@pytest.mark.parametrize("item", COST_ITEMS)
@pytest.mark.parametrize("lang", list(Lang))
def test_every_item_has_a_basis_sentence(pack: RulePack, item: str, lang: Lang) -> None:
    costs = exit_costs(make_metrics({"a": {"tacit_renewal": 1.0, "months_to_end": 1.0}}), pack)
    assert costs.basis("a", item, lang)


def test_cost_overlay_changes_the_range(pack: RulePack) -> None:
    overlay = load_pack([ASSETS / "overlay_ok.yaml"])
    metrics = make_metrics({"a": {"users": 10.0}})
    assert exit_costs(metrics, overlay).table.loc["a", "training_low"] == 10 * 1 * 60
    assert exit_costs(metrics, pack).table.loc["a", "training_low"] == 10 * 0.25 * 60


def test_every_shipped_cost_parameter_has_a_source_or_is_an_assumption(pack: RulePack) -> None:
    for item, names in pack.costs.params.items():
        for name, r in names.items():
            assert r.sources or r.assumption, f"{item}.{name}"
            for ref in r.sources:
                assert pack.references[ref].url, ref


def test_unknown_yearly_cost_of_free_software_is_support_only(pack: RulePack) -> None:
    unknown = {"annual_cost": NAN, "users": 20.0}
    metrics = make_metrics(
        {
            "free": {**unknown, "proprietary_licence": 0.0},
            "proprietary": {**unknown, "proprietary_licence": 1.0},
            "licence-unknown": {**unknown, "proprietary_licence": NAN},
        }
    )
    costs = exit_costs(metrics, pack)
    high = costs.inputs_high["annual_cost"]
    assert high["free"] < high["proprietary"] == high["licence-unknown"]
    assert costs.inputs_low.loc["free", "annual_cost"] == 0.0
    assert (
        costs.table.loc["free", "reimplementation_high"]
        < costs.table.loc["proprietary", "reimplementation_high"]
    )


@pytest.mark.parametrize("lang", list(Lang))
def test_basis_sentences_written_once_per_distinct_input_are_each_rows_own(
    pack: RulePack, lang: Lang
) -> None:
    """The sentences are written once per distinct combination of what each item reads and
    mapped back: every application still gets the sentence of its own inputs, two that differ
    only in one item's inputs share the other items' sentences, and a missed notice (read
    from the high estimate alone) changes the contract-exit sentence."""
    from vendorlock.scoring.costs import _basis

    metrics = make_metrics(
        {
            "a": {"annual_cost": 1200.0, "users": 40.0},
            "b": {"annual_cost": 1200.0, "users": 90.0},  # a's inputs but the users
            "c": {"annual_cost": NAN, "users": NAN, "data_volume_gb": NAN},
            "d": {"annual_cost": 1200.0, "users": 40.0},  # a twin of a
            "e": {"tacit_renewal": 1.0, "months_to_end": 1.0, "notice_months": 3.0},
            "f": {"tacit_renewal": 0.0, "months_to_end": 1.0, "notice_months": 3.0},
        }
    )
    costs = exit_costs(metrics, pack, pd.Series({"org-a": 4000.0}))
    ids = ["a", "b", "c", "d", "e", "f"]
    columns = costs.basis_columns(ids, lang)
    low = costs.inputs_low.to_dict("index")
    high = costs.inputs_high.to_dict("index")
    flags = costs.assumed.to_dict("index")
    for item in COST_ITEMS:
        own = [_basis(costs.model, low[i], high[i], flags[i], item, lang) for i in ids]
        assert columns[item] == own, item
    assert columns["training"][0] != columns["training"][1]
    assert columns["reimplementation"][0] == columns["reimplementation"][1]
    assert columns["contract_exit"][4] != columns["contract_exit"][5]
    assert costs.bases(ids, lang)["c"]["training"] == columns["training"][2]


def test_basis_sentences_follow_the_ids_asked_for_in_their_order(pack: RulePack) -> None:
    """A chunk of applications in any order gets each its own sentences (the inputs are
    taken by position from the whole body's tables), and an unknown id is an error, not
    another application's sentence."""
    metrics = make_metrics(
        {
            "a": {"annual_cost": 1200.0, "users": 40.0},
            "b": {"annual_cost": 9000.0, "users": 90.0},
            "c": {"annual_cost": NAN, "users": NAN},
        }
    )
    costs = exit_costs(metrics, pack, pd.Series({"org-a": 4000.0}))
    whole = costs.basis_columns(["a", "b", "c"], Lang.FR)
    part = costs.basis_columns(["c", "a"], Lang.FR)
    for item in COST_ITEMS:
        assert part[item] == [whole[item][2], whole[item][0]], item
    assert whole["training"][0] != whole["training"][1]
    with pytest.raises(KeyError, match="zz"):
        costs.basis_columns(["a", "zz"], Lang.FR)
