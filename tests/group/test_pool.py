"""Pooled-tender windows and the standards each opportunity must demand."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.group.builders import app, doc, flow, org, registries
from vendorlock.group.anonymity import KAnonymity
from vendorlock.group.frames import apps_frame
from vendorlock.group.pool import PoolOptions, decision_points, find_windows, pool_view
from vendorlock.group.present import pool_report
from vendorlock.group.render import GroupFormat, render
from vendorlock.i18n import Lang


def _points(dates: list[tuple[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "domain": "finances",
            "org_id": [o for o, _ in dates],
            "key": [f"k{i}" for i in range(len(dates))],
            "decision": pd.to_datetime([d for _, d in dates]),
            "spend": 100.0,
        }
    )
    return frame.sort_values(["decision", "org_id"]).reset_index(drop=True)


@pytest.mark.parametrize(
    ("dates", "window", "min_members", "expected"),
    [
        pytest.param(
            [("a", "2026-01-01"), ("b", "2026-06-01"), ("c", "2027-01-01")],
            18,
            3,
            [["a", "b", "c"]],
            id="three-within-18-months",
        ),
        pytest.param(
            [("a", "2026-01-01"), ("b", "2026-06-01"), ("c", "2027-08-01")],
            18,
            3,
            [],
            id="third-too-late",
        ),
        pytest.param(
            [("a", "2026-01-01"), ("a", "2026-02-01"), ("b", "2026-03-01")],
            18,
            3,
            [],
            id="same-member-counts-once",
        ),
        pytest.param(
            [
                ("a", "2026-01-01"),
                ("b", "2026-02-01"),
                ("c", "2026-03-01"),
                ("d", "2029-01-01"),
                ("e", "2029-02-01"),
                ("f", "2029-03-01"),
            ],
            12,
            3,
            [["a", "b", "c"], ["d", "e", "f"]],
            id="two-disjoint-windows",
        ),
        pytest.param(
            [
                ("a", "2026-01-01"),
                ("b", "2026-05-01"),
                ("c", "2026-09-01"),
                ("d", "2027-01-01"),
            ],
            12,
            3,
            [["a", "b", "c"]],
            id="overlapping-windows-not-duplicated",
        ),
        pytest.param(
            [
                ("a", "2026-01-01"),
                ("b", "2026-06-01"),
                ("a", "2026-12-01"),
                ("c", "2027-05-01"),
            ],
            12,
            3,
            [["a", "b", "c"]],
            id="a-member-whose-first-point-leaves-still-counts-by-its-second",
        ),
    ],
)
def test_windows(
    dates: list[tuple[str, str]], window: int, min_members: int, expected: list[list[str]]
) -> None:
    found = find_windows(_points(dates), PoolOptions(window, min_members))
    assert [sorted(set(w["org_id"])) for w in found] == expected


def _pool_doc() -> dict:
    orgs = [org(o) for o in ("a", "b", "c", "d")]
    apps = [
        app("a1", "a", decision_date="2026-03-01"),
        app("b1", "b", decision_date="2026-09-01", product="horizon", editor_id="jvs"),
        app("c1", "c", decision_date="2027-01-01"),
        app("d1", "d", decision_date="2031-01-01"),
        app("a2", "a", domain="council_acts", product=None, decision_date="2026-03-01"),
    ]
    flows = [
        flow("f1", "a", "a1", "helios", target_kind="platform"),
        flow("f2", "b", "b1", "helios", target_kind="platform", standard="pes_v2"),
        flow("f3", "c", "c1", "chorus_pro", target_kind="platform"),
        flow("f4", "a", "a2", "a1", fmt="csv"),
    ]
    return doc(orgs, apps, flows)


def test_pool_view_lists_members_spend_and_standards() -> None:
    view = pool_view(_pool_doc(), ["a", "b", "c", "d"], registries(), PoolOptions(18, 3))
    assert len(view["opportunities"]) == 1
    opp = view["opportunities"][0]
    assert opp["domain"] == "finances"
    assert [m["org_id"] for m in opp["members"]] == ["a", "b", "c"]
    assert opp["annual_spend"] == 3000.0
    assert (opp["window_start"], opp["window_end"]) == ("2026-03-01", "2027-01-01")
    stds = {s["id"]: s for s in opp["requirements"]["standards"]}
    assert set(stds) == {"pes_v2", "ubl", "cii"}
    assert stds["pes_v2"]["members"] == 2
    assert stds["pes_v2"]["needed_by"][0]["id"] == "helios"
    # Chorus Pro mandates one of UBL / CII when the flow does not say which
    assert stds["ubl"]["needed_by"][0]["one_of_platform_standards"] is True
    fmts = {f["id"] for f in opp["requirements"]["formats"]}
    assert fmts == {"csv"}
    alts = {a["product_id"]: a["open_source"] for a in opp["alternatives"]}
    assert alts == {"open-gf": True}  # e.magnus and horizon are in use


def test_pool_hides_each_members_spend_and_shows_a_total_over_k_members() -> None:
    view = pool_view(_pool_doc(), ["a", "b", "c", "d"], registries(), PoolOptions(18, 3))
    opp = view["opportunities"][0]
    # one member's yearly spend is its alone: the other members never see it
    assert all(m["annual_spend"] is None for m in opp["members"])
    assert all(m["suppressed_fields"] == ["annual_spend"] for m in opp["members"])
    # the total rests on three members' spend: shown at k = 3, hidden at k = 4
    assert opp["annual_spend"] == 3000.0 and opp["suppressed_fields"] == []
    assert view["anonymity"] == {"min_group": 3, "suppressed": 3}
    strict = pool_view(
        _pool_doc(), ["a", "b", "c", "d"], registries(), PoolOptions(18, 3), KAnonymity(4)
    )
    assert strict["opportunities"][0]["annual_spend"] is None
    html = render(pool_report(strict, Lang.FR), GroupFormat.HTML, Lang.FR).decode()
    assert "masqué (moins de 4 membres)" in html
    assert "1\u202f000" not in html and "3\u202f000" not in html


def test_lead_months_recomputes_decision_dates() -> None:
    d = doc([org("a")], [app("a1", "a", contract_end="2027-12-31", notice=3.0)])
    points = decision_points(apps_frame(d), PoolOptions(lead_months=9))
    assert points["decision"].iloc[0] == pd.Timestamp("2026-12-31")


def test_unknown_notice_counts_as_zero_and_is_flagged() -> None:
    d = doc([org("a")], [app("a1", "a", contract_end="2027-12-31", notice=None)])
    points = decision_points(apps_frame(d), PoolOptions(lead_months=6))
    assert points["decision"].iloc[0] == pd.Timestamp("2027-06-30")
    assert bool(points["notice_unknown"].iloc[0])


def test_apps_without_contract_end_give_no_point() -> None:
    d = doc([org("a")], [app("a1", "a", contract_end=None, decision_date=None)])
    assert decision_points(apps_frame(d), PoolOptions()).empty


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2027-03-31", -1, "2027-02-28"),
        ("2028-03-31", -1, "2028-02-29"),
        ("2027-12-31", -12, "2026-12-31"),
        ("2027-01-15", -13, "2025-12-15"),
        ("2026-01-31", 18, "2027-07-31"),
    ],
)
def test_shift_months_matches_calendar(day: str, months: int, expected: str) -> None:
    from vendorlock.group.pool import shift_months

    out = shift_months(pd.Series(pd.to_datetime([day, None])), months)
    assert out.iloc[0] == pd.Timestamp(expected)
    assert pd.isna(out.iloc[1])


def test_past_decisions_become_overdue_and_ended_contracts_drop_out() -> None:
    d = doc(
        [org("a"), org("b")],
        [
            app("a1", "a", contract_end="2026-06-30", decision_date="2025-09-30"),
            app("b1", "b", contract_end="2025-12-31", decision_date="2025-03-31"),
        ],
        as_of="2026-01-01",
    )
    points = decision_points(apps_frame(d), PoolOptions(), "2026-01-01")
    assert list(points["org_id"]) == ["a"]  # b's contract ended before the reference date
    assert points["decision"].iloc[0] == pd.Timestamp("2026-01-01")
    assert bool(points["overdue"].iloc[0])


def test_members_reusing_flow_ids_each_count_and_a_shared_flow_counts_once() -> None:
    """Each member numbers its own flows (F1 in every inventory): one member's F1 does not hide
    another's; a flow between two applications of the same opportunity counts once."""
    orgs = [org(o) for o in ("a", "b", "c")]
    apps = [
        app("a1", "a", decision_date="2026-03-01"),
        app("a9", "a", decision_date="2026-04-01", contract_id="ka9"),
        app("b1", "b", decision_date="2026-06-01"),
        app("c1", "c", decision_date="2026-09-01"),
    ]
    flows = [
        flow("F1", "a", "a1", "helios", target_kind="platform", standard="pes_v2"),
        flow("F1", "b", "b1", "helios", target_kind="platform", standard="pes_v2"),
        flow("F1", "c", "c1", "chorus_pro", target_kind="platform"),
        flow("F2", "a", "a1", "a9", fmt="csv"),  # both ends in the opportunity
    ]
    view = pool_view(doc(orgs, apps, flows), ["a", "b", "c"], registries(), PoolOptions(18, 3))
    (opp,) = view["opportunities"]
    stds = {s["id"]: s for s in opp["requirements"]["standards"]}
    assert (stds["pes_v2"]["flows"], stds["pes_v2"]["members"]) == (2, 2)
    assert [(n["id"], n["flows"]) for n in stds["pes_v2"]["needed_by"]] == [("helios", 2)]
    # Chorus Pro mandates UBL or CII: each is one of the platform's standards
    assert stds["ubl"]["needed_by"][0]["one_of_platform_standards"] is True
    (csv,) = opp["requirements"]["formats"]
    assert (csv["id"], csv["flows"], csv["members"]) == ("csv", 1, 1)
    assert csv["needed_by"] == [
        {
            "kind": "application",
            "id": "finances",
            "name": "Finance",
            "flows": 1,
            "members": 1,
            "one_of_platform_standards": False,
        }
    ]


def test_an_editor_the_registries_do_not_know_is_shown_by_its_inventory_name() -> None:
    """The pool tables and member lines name each editor as the inventory does, never by its
    id (« arpege »), when the bundled registries do not know it."""
    d = _pool_doc()
    d["applications"][0] = app("a1", "a", decision_date="2026-03-01", editor_id="arpege-local")
    view = pool_view(d, ["a", "b", "c", "d"], registries(), PoolOptions(18, 3))
    assert view["editor_names"]["arpege-local"] == "Arpege Local"
    report = pool_report(view, Lang.FR)
    for fmt in (GroupFormat.HTML, GroupFormat.MD):
        text = render(report, fmt, Lang.FR).decode()
        assert "Arpege Local" in text
        assert "arpege-local" not in text.replace("pool-", "")
