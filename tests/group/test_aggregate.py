"""Group view computations: matrix, rankings, HHI, k-anonymous benchmark."""

from __future__ import annotations

import pytest

from tests.group.builders import app, doc, org
from vendorlock.group.aggregate import (
    AggregateOptions,
    aggregate_view,
    benchmark,
    hhi,
    member_apps,
)
from vendorlock.group.frames import orgs_frame


def _three_members() -> dict:
    return doc(
        [org("a", population=1000), org("b", population=2000, index=70), org("c", population=500)],
        [
            app("a1", "a", cost=1000, users=10),
            app("a2", "a", editor_id="jvs", domain="hr_payroll", product="horizon", cost=500),
            app("b1", "b", cost=4000, users=20),
            app("c1", "c", cost=1500, users=5),
            app("c2", "c", editor_id="libriciel", product="open-gf", cost=None),
        ],
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([100.0], 10000.0, id="monopoly"),
        pytest.param([50.0, 50.0], 5000.0, id="duopoly"),
        pytest.param([25.0, 25.0, 25.0, 25.0], 2500.0, id="four-equal"),
        pytest.param([], None, id="nothing-known"),
        pytest.param([0.0, float("nan")], None, id="zero-and-unknown"),
    ],
)
def test_hhi(values: list[float], expected: float | None) -> None:
    import pandas as pd

    assert hhi(pd.Series(values, dtype="float64")) == expected


def test_editors_ranked_by_members_then_spend() -> None:
    view = aggregate_view(_three_members(), ["a", "b", "c"], AggregateOptions())
    first = view["editors"][0]
    assert (first["id"], first["members"], first["applications"]) == ("berger-levrault", 3, 3)
    assert first["spend"] == 6500.0
    assert first["average_score"] == 50.0
    assert [e["id"] for e in view["editors"]][1:] == ["jvs", "libriciel"]
    # an editor whose only cost is unknown shows unknown spend, not 0
    assert view["editors"][2]["spend"] is None


def test_members_ranked_by_lockin_index() -> None:
    view = aggregate_view(_three_members(), ["a", "b", "c"], AggregateOptions())
    assert [m["org_id"] for m in view["member_ranking"]] == ["b", "a", "c"]


def test_structure_itself_is_not_a_member() -> None:
    d = _three_members()
    d["organisations"].append(org("s", kind="mutualisation"))
    d["applications"].append(app("s1", "s", cost=99999))
    view = aggregate_view(d, ["a", "b", "c"], AggregateOptions())
    assert view["concentration"]["total_spend"] == 7000.0
    assert "s" not in view["matrix"]["members"]


def test_matrix_cells_count_applications_and_hide_one_members_spend() -> None:
    view = aggregate_view(_three_members(), ["a", "b", "c"], AggregateOptions())
    cells = {(c["org_id"], c["editor_id"]): c for c in view["matrix"]["cells"]}
    # what member a pays JVS is a's alone: the other members reading the report never see it
    assert cells[("a", "jvs")] == {
        "org_id": "a",
        "editor_id": "jvs",
        "applications": 1,
        "spend": None,
        "suppressed_fields": ["spend"],
    }
    # an unknown cost hides nothing
    assert cells[("c", "libriciel")]["suppressed_fields"] == []
    assert view["matrix"]["editors"][0] == "berger-levrault"


def test_one_rule_across_the_group_view() -> None:
    view = aggregate_view(_three_members(), ["a", "b", "c"], AggregateOptions())
    editors = {e["id"]: e for e in view["editors"]}
    # three members pay Berger-Levrault: shown; one pays JVS: spend, share and exit hidden
    assert editors["berger-levrault"]["spend"] == 6500.0
    jvs = editors["jvs"]
    assert (jvs["spend"], jvs["spend_share"]) == (None, None)
    assert jvs["exit_cost"] == {"low": None, "high": None}
    assert jvs["suppressed_fields"] == ["exit_cost", "spend", "spend_share"]
    assert jvs["members"] == 1 and jvs["average_score"] == 50.0  # counts and scores stay
    assert all(m["annual_spend"] is None for m in view["member_ranking"])
    assert view["concentration"]["total_spend"] == 7000.0
    assert view["anonymity"]["min_group"] == 3
    loose = aggregate_view(_three_members(), ["a", "b"], AggregateOptions(min_group=2))
    assert loose["concentration"]["total_spend"] == 5500.0
    strict = aggregate_view(_three_members(), ["a", "b"], AggregateOptions(min_group=3))
    assert strict["concentration"]["total_spend"] is None
    assert "total_spend" in strict["concentration"]["suppressed_fields"]


def test_group_hhi_over_whole_structure() -> None:
    conc = aggregate_view(_three_members(), ["a", "b", "c"], AggregateOptions())["concentration"]
    # spend 6500 BL, 500 JVS of 7000
    expected = round((6500 / 7000 * 100) ** 2 + (500 / 7000 * 100) ** 2, 1)
    assert conc["hhi_editor_spend"] == expected


@pytest.mark.parametrize(
    ("k", "suppressed"),
    [pytest.param(3, False, id="k3-three-members"), pytest.param(4, True, id="k4-suppressed")],
)
def test_benchmark_k_anonymity(k: int, suppressed: bool) -> None:
    d = _three_members()
    apps = member_apps(d, ["a", "b", "c"])
    bench = benchmark(apps, orgs_frame(d), AggregateOptions(min_group=k))
    finances = next(r for r in bench["by_domain"] if r["domain"] == "finances")
    cell = finances["per_inhabitant"]
    assert cell["suppressed"] is suppressed
    assert cell["members"] == 3
    if not suppressed:
        # per inhabitant: a 1.0, b 2.0, c 3.0 -> median 2.0; no min/max published
        assert cell["median"] == 2.0
        assert "min" not in cell and "max" not in cell


def test_benchmark_never_names_members_and_suppresses_small_cells() -> None:
    d = _three_members()
    apps = member_apps(d, ["a", "b", "c"])
    bench = benchmark(apps, orgs_frame(d), AggregateOptions(min_group=3))
    hr = next(r for r in bench["by_domain"] if r["domain"] == "hr_payroll")
    assert hr["per_inhabitant"] == {"members": 1, "suppressed": True}
    assert "org_id" not in str(bench) and "Commune" not in str(bench)


def test_benchmark_skips_unknown_population_and_users() -> None:
    d = _three_members()
    d["organisations"][0]["population"] = None
    d["applications"][0]["metrics"]["users"] = None
    apps = member_apps(d, ["a", "b", "c"])
    bench = benchmark(apps, orgs_frame(d), AggregateOptions(min_group=2))
    fin = next(r for r in bench["by_domain"] if r["domain"] == "finances")
    assert fin["per_inhabitant"]["members"] == 2
    assert fin["per_user"]["members"] == 2
