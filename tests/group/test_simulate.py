"""Switch simulation: product matching, rebuilt portfolio, flow breakage, cost arithmetic."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tests.group.builders import fake_audit, portfolio, registries
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
            Replacement("e.magnus", "no-such"), "group_unknown_new_product", id="unknown-new"
        ),
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
    # pes_v2 supported; xls not exported by open-gf; Chorus Pro needs UBL or CII; f4 says nothing
    assert status == {"f1": "works", "f2": "broken", "f3": "broken", "f4": "unknown"}
    fixes = {f["flow_id"]: f["fix"] for f in view["flows"]}
    assert fixes["f2"] == "converter"
    assert [o["platform"] for o in view["obligations"]] == ["chorus_pro"]
    assert view["obligations"][0]["standards"] == ["ubl", "cii"]
    cost = view["costs"][0]
    # exit cost 1000–3000 minus interfaces 400–800, plus one other flow + one platform flow
    assert cost["exit_cost_without_interfaces"] == {"low": 600.0, "high": 2200.0}
    assert cost["interface_work"] == {"low": 10000.0, "high": 25000.0}
    assert cost["switching_cost"] == {"low": 10600.0, "high": 27200.0}
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
