"""Switch simulation: product matching, rebuilt portfolio, flow breakage, cost arithmetic."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tests.group.builders import fake_audit, portfolio, registries
from vendorlock.group.anonymity import KAnonymity
from vendorlock.group.simulate import (
    Replacement,
    apply_replacements,
    resolve_replacements,
    simulate_view,
)
from vendorlock.scoring.model import CostModel, Range

COSTS = CostModel(
    params={
        "interfaces": {
            "per_open_standard_flow": Range(1500, 4000),
            "per_other_flow": Range(4000, 10000),
            "per_platform_flow": Range(6000, 15000),
        }
    },
    scalars={},
    defaults={},
)


def _portfolio() -> Any:
    return portfolio(
        orgs=[
            {"org_id": "a", "name": "Alpha", "kind": "commune", "population": 1000},
            {"org_id": "b", "name": "Beta", "kind": "commune", "population": 2000},
        ],
        apps=[
            {
                "app_id": "a-fin",
                "org_id": "a",
                "name": "Finances",
                "product": "E.MAGNUS",
                "editor_id": "berger-levrault",
                "domain": "finances",
                "licence": "proprietary",
                "hosting": "mutualised",
                "users": 10,
                "storage_formats": "mdb",
            },
            {
                "app_id": "a-rh",
                "org_id": "a",
                "name": "Paie",
                "product": "Paie X",
                "editor_id": "jvs",
                "domain": "hr_payroll",
                "licence": "proprietary",
            },
            {
                "app_id": "b-fin",
                "org_id": "b",
                "name": "GF",
                "product": "open-gf",
                "editor_id": "libriciel",
                "domain": "finances",
                "licence": "AGPL-3.0",
                "users": 5,
            },
        ],
        contracts=[
            {
                "contract_id": "ca",
                "org_id": "a",
                "editor_id": "berger-levrault",
                "app_ids": "a-fin",
                "annual_cost": 1200.0,
            }
        ],
        flows=[
            {
                "flow_id": "f1",
                "org_id": "a",
                "source": "a-fin",
                "target": "helios",
                "standard": "pes_v2",
            },
            {"flow_id": "f2", "org_id": "a", "source": "a-rh", "target": "a-fin", "format": "xls"},
            {"flow_id": "f3", "org_id": "a", "source": "a-fin", "target": "chorus_pro"},
            {"flow_id": "f4", "org_id": "a", "source": "a-fin", "target": "a-rh"},
        ],
    )


@pytest.mark.parametrize(
    ("pair", "code"),
    [
        pytest.param(
            Replacement("nothing-like-it", "open-gf"), "group_unknown_old_product", id="unknown-old"
        ),
        pytest.param(Replacement("horizon", "open-gf"), "group_product_not_run", id="not-run"),
        pytest.param(
            Replacement("e.magnus", "open-gf", org_id="zz"), "group_unknown_org", id="unknown-org"
        ),
        pytest.param(
            Replacement("e.magnus", "open-gf", org_id="b"),
            "group_product_not_run",
            id="not-run-in-that-org",
        ),
    ],
)
def test_bad_pairs_are_reported_and_skipped(pair: Replacement, code: str) -> None:
    resolved, problems = resolve_replacements(
        [pair, Replacement("e.magnus", "open-gf")], _portfolio(), registries()
    )
    assert [p.code for p in problems] == [code]
    assert problems[0].location.file == "--replace #1"
    assert [r.app_ids for r in resolved] == [("a-fin",)]


def test_old_product_matched_by_catalogue_alias_or_text() -> None:
    resolved, _ = resolve_replacements(
        [Replacement("Paie X", "open-gf")], _portfolio(), registries()
    )
    assert resolved[0].app_ids == ("a-rh",)


def test_apply_takes_catalogue_fields_and_makes_unknowns_visible() -> None:
    p = _portfolio()
    resolved, _ = resolve_replacements([Replacement("e.magnus", "open-gf")], p, registries())
    after = apply_replacements(p, resolved, registries())
    row = after.applications.set_index("app_id").loc["a-fin"]
    assert (row["product"], row["editor_id"], row["licence"]) == (
        "open-gf",
        "libriciel",
        "AGPL-3.0",
    )
    assert row["export_formats"] == "csv;xml"
    assert row["hosting"] == "on_premise"  # mutualised not offered: first catalogue option
    assert pd.isna(row["storage_formats"])
    assert "libriciel" in set(after.editors["editor_id"])
    contracts = after.contracts.set_index("contract_id")
    assert "ca" not in contracts.index  # it only covered the replaced application
    new = contracts.loc["simulated:a:open-gf"]
    assert new["editor_id"] == "libriciel" and pd.isna(new["annual_cost"])
    # the input is untouched
    assert p.applications.set_index("app_id").loc["a-fin", "product"] == "E.MAGNUS"


def test_simulate_flows_obligations_scores_and_costs() -> None:
    view, problems = simulate_view(
        _portfolio(), registries(), COSTS, [Replacement("e.magnus", "open-gf")], fake_audit
    )
    assert problems == []
    status = {f["flow_id"]: f["status"] for f in view["flows"]}
    # f1: both support PES V2. f2: xls comes in and the catalogue says nothing of what open-gf
    # reads. f3: towards Chorus Pro e.magnus uses UBL, a finance standard open-gf's list lacks.
    # f4 names neither standard nor format.
    assert status == {"f1": "works", "f2": "to_check", "f3": "broken", "f4": "to_check"}
    reasons = {f["flow_id"]: f["reason"] for f in view["flows"]}
    assert reasons == {
        "f1": "standard_both",
        "f2": "format_no_data_in",
        "f3": "standard_missing",
        "f4": "nothing_recorded",
    }
    # breaks first, then to check, then works
    assert [f["status"] for f in view["flows"]] == ["broken", "to_check", "to_check", "works"]
    assert view["flow_counts"] == {"broken": 1, "to_check": 2, "works": 1}
    fixes = {f["flow_id"]: f["fix"] for f in view["flows"]}
    assert fixes == {"f1": None, "f2": None, "f3": "converter", "f4": None}
    assert [(o["platform"], o["status"]) for o in view["obligations"]] == [("chorus_pro", "broken")]
    assert view["obligations"][0]["standards"] == ["ubl"]
    cost = view["costs"][0]
    # exit cost 1000–3000 minus interfaces 400–800; one broken platform flow (6000–15000) in
    # both bounds, two flows to check (4000–10000 each) in the high bound only
    assert cost["exit_cost_without_interfaces"] == {"low": 600.0, "high": 2200.0}
    assert (cost["broken_flows"], cost["to_check_flows"]) == (1, 2)
    assert cost["interface_work"] == {"low": 6000.0, "high": 35000.0}
    assert cost["switching_cost"] == {"low": 6600.0, "high": 37200.0}
    # nobody pays a known price for open-gf: the yearly difference stays unknown
    assert cost["annual_difference"] is None
    assert view["totals"]["annual_difference"] is None
    scores = {
        s["app_id"]: (s["score_before"], s["score_after"]) for s in view["scores"]["applications"]
    }
    assert scores == {"a-fin": (80.0, 20.0)}
    org = view["scores"]["organisations"][0]
    assert (org["lockin_index_before"], org["lockin_index_after"]) == (80.0, 50.0)
    assert view["organisations"] == ["a"]


def test_simulate_with_nothing_resolved_still_reports() -> None:
    view, problems = simulate_view(
        _portfolio(), registries(), COSTS, [Replacement("zzz", "open-gf")], fake_audit
    )
    assert view["flows"] == [] and len(problems) == 1


def test_new_product_missing_from_the_catalogue_is_simulated_with_every_flow_to_check() -> None:
    p = _portfolio()
    view, problems = simulate_view(
        p, registries(), COSTS, [Replacement("e.magnus", "Brand New GF")], fake_audit
    )
    assert [(x.code, x.severity.value) for x in problems] == [
        ("group_new_product_not_catalogued", "warning")
    ]
    assert {f["status"] for f in view["flows"]} == {"to_check"}
    assert view["flow_counts"] == {"broken": 0, "to_check": 4, "works": 0}
    assert view["replacements"][0]["new_in_catalogue"] is False
    resolved, _ = resolve_replacements([Replacement("e.magnus", "Brand New GF")], p, registries())
    row = apply_replacements(p, resolved, registries()).applications.set_index("app_id")
    assert row.loc["a-fin", "product"] == "Brand New GF"
    assert pd.isna(row.loc["a-fin", "editor_id"]) and pd.isna(row.loc["a-fin", "licence"])
    # nothing is known to be broken: the low bound has no interface work, the high one has all
    assert view["costs"][0]["interface_work"]["low"] == 0.0


def _priced_portfolio(payers: int) -> Any:
    """Body "a" replaces e.magnus by Horizon, which ``payers`` other bodies pay for."""
    others = [chr(ord("b") + n) for n in range(payers)]
    return portfolio(
        orgs=[{"org_id": o, "name": o.upper(), "population": 1000} for o in ["a", *others]],
        apps=[
            {
                "app_id": "a-fin",
                "org_id": "a",
                "name": "Finances",
                "product": "e.magnus",
                "editor_id": "berger-levrault",
                "domain": "finances",
                "licence": "proprietary",
                "users": 10,
            },
            *(
                {
                    "app_id": f"{o}-fin",
                    "org_id": o,
                    "name": "GF",
                    "product": "horizon",
                    "editor_id": "jvs",
                    "domain": "finances",
                    "licence": "proprietary",
                    "users": 20,
                }
                for o in others
            ),
        ],
    )


@pytest.mark.parametrize(
    ("payers", "k", "shown"),
    [
        pytest.param(2, 3, False, id="two-payers-k3-suppressed"),
        pytest.param(3, 3, True, id="three-payers-k3-shown"),
        pytest.param(3, 4, False, id="three-payers-k4-suppressed"),
    ],
)
def test_yearly_difference_priced_on_other_bodies_follows_k_anonymity(
    payers: int, k: int, shown: bool
) -> None:
    view, _ = simulate_view(
        _priced_portfolio(payers),
        registries(),
        COSTS,
        [Replacement("e.magnus", "horizon")],
        fake_audit,
        anonymity=KAnonymity(k),
    )
    (cost,) = view["costs"]
    assert cost["annual_cost_before"] == 1200.0  # the body's own figure is never suppressed
    assert cost["price_bodies"] == payers
    if shown:
        # 1200 / 20 users = 60 per user, × 10 users
        assert cost["annual_cost_after_estimate"] == 600.0
        assert cost["annual_difference"] == -600.0
        assert cost["suppressed_fields"] == [] and cost["priced_by_others"]
        assert view["totals"]["annual_difference"] == -600.0
    else:
        assert cost["annual_cost_after_estimate"] is None and cost["annual_difference"] is None
        assert cost["suppressed_fields"] == ["annual_cost_after_estimate", "annual_difference"]
        assert view["totals"]["annual_difference_suppressed_for"] == 1
    assert view["anonymity"] == {"min_group": k, "suppressed": 0 if shown else 2}
    # the "after" scores concern the replacing body only, not the bodies that priced Horizon
    assert view["organisations"] == ["a"]
    assert [o["org_id"] for o in view["scores"]["organisations"]] == ["a"]


def test_a_price_the_body_pays_itself_is_shown_to_it() -> None:
    p = _priced_portfolio(0)
    apps = pd.concat(
        [
            p.applications,
            p.applications.assign(app_id="a-gf2", product="horizon", editor_id="jvs", users=20.0),
        ],
        ignore_index=True,
    )
    p = type(p)(p.organisations, p.editors, apps, p.contracts, p.flows)
    view, _ = simulate_view(
        p, registries(), COSTS, [Replacement("e.magnus", "horizon")], fake_audit
    )
    (cost,) = view["costs"]
    assert cost["annual_cost_after_estimate"] == 600.0
    assert cost["priced_by_others"] is False and cost["suppressed_fields"] == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            {"other_kind": "platform", "standard": None, "format": "xls"},
            (6000, 15000),
            id="platform",
        ),
        pytest.param(
            {"other_kind": "application", "standard": "pes_v2", "format": None},
            (1500, 4000),
            id="open-standard",
        ),
        pytest.param(
            {"other_kind": "application", "standard": None, "format": "csv"},
            (1000, 5000),
            id="open-format",
        ),
        pytest.param(
            {"other_kind": "application", "standard": None, "format": "mdb"},
            (4000, 10000),
            id="closed-format",
        ),
        pytest.param(
            {"other_kind": "application", "standard": None, "format": None},
            (1000, 10000),
            id="format-unknown",
        ),
    ],
)
def test_interface_price_follows_the_exit_cost_model(
    row: dict[str, Any], expected: tuple[float, float]
) -> None:
    from vendorlock.group.simulate import interface_price

    params = {k: dict(v) for k, v in COSTS.params.items()}
    params["interfaces"]["open_format_factor"] = Range(0.25, 0.5)
    costs = CostModel(params=params, scalars={}, defaults={})
    price = interface_price(row, costs, registries())
    assert (price.low, price.high) == expected


def test_scores_say_why_an_application_keeping_its_product_moves() -> None:
    """An application that keeps its product changes score when the switch lowers its editor's
    weight in the body: the scores section says so, and only then."""
    import copy

    from vendorlock.group.present import simulate_report
    from vendorlock.group.render import GroupFormat, render
    from vendorlock.i18n import Lang

    view, _ = simulate_view(
        _portfolio(), registries(), COSTS, [Replacement("e.magnus", "open-gf")], fake_audit
    )
    sentence = "Des applications qui gardent leur produit peuvent aussi changer de score"
    page = render(simulate_report(view, Lang.FR), GroupFormat.HTML, Lang.FR).decode()
    assert sentence not in page  # only the replaced application moved
    moved = copy.deepcopy(view)
    moved["scores"]["applications"].append(
        {
            "org_id": "a",
            "app_id": "a-rh",
            "name": "Paie",
            "product_before": "cegid-rh",
            "product_after": "cegid-rh",
            "score_before": 45.1,
            "score_after": 42.6,
            "level_before": "medium",
            "level_after": "medium",
        }
    )
    page = render(simulate_report(moved, Lang.FR), GroupFormat.HTML, Lang.FR).decode()
    assert sentence in page
