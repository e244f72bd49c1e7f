"""Metrics of the tiny hand-made portfolio, against values computed by hand (see tiny_org.py)."""

from __future__ import annotations

import math
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from vendorlock.metrics import METRICS, Metrics, Scope, compute_metrics
from vendorlock.model.portfolio import Portfolio
from vendorlock.model.schema import Table
from vendorlock.registry import Registries

NAN = math.nan


@pytest.fixture(scope="module")
def metrics(tiny_portfolio: Portfolio, tiny_registries: Registries, tiny: ModuleType) -> Metrics:
    return compute_metrics(tiny_portfolio, tiny_registries, tiny.AS_OF)


APP_CASES = [
    # (case id, app, metric, expected)
    ("storage doc+odt averages 0.5 and 0", "a1", "closed_storage_share", 0.25),
    ("storage only mdb is fully closed", "a2", "closed_storage_share", 1.0),
    ("no storage formats declared stays unknown", "a3", "closed_storage_share", NAN),
    ("only unknown-openness storage stays unknown", "a4", "closed_storage_share", NAN),
    ("unknown editor still gets format metrics", "a5", "closed_storage_share", 0.5),
    ("flows csv, xml, doc: (0+0+0.5)/3", "a1", "closed_flow_share", 1 / 6),
    ("flows csv in, mdb out", "a2", "closed_flow_share", 0.5),
    ("flow without format ignored in the mean", "a4", "closed_flow_share", 0.5),
    ("no flows: closed flow share unknown", "a5", "closed_flow_share", NAN),
    ("pes_v2 counts, closed edi_x does not", "a1", "open_standard_flow_share", 1 / 3),
    ("actes counts on one flow of two", "a4", "open_standard_flow_share", 0.5),
    ("no flows: open standard share unknown", "a5", "open_standard_flow_share", NAN),
    ("exports csv", "a1", "export_capability", 1.0),
    ("exports only doc (documented proprietary)", "a2", "export_capability", 0.5),
    ("open export among unknown ones", "a4", "export_capability", 1.0),
    ("no export formats declared", "a3", "export_capability", NAN),
    ("documented api", "a1", "api_openness", 2 / 3),
    ("open standard api", "a4", "api_openness", 1.0),
    ("fan in of a1 (from a4)", "a1", "fan_in", 1.0),
    ("fan out of a1 (to a2 and helios)", "a1", "fan_out", 2.0),
    ("isolated app has zero fans", "a5", "fan_out", 0.0),
    ("betweenness of a1 in a4->a1->a2->a3 (n=5): 2/12", "a1", "betweenness", 2 / 12),
    ("betweenness of a2: 2/12", "a2", "betweenness", 2 / 12),
    ("chain end has no betweenness", "a3", "betweenness", 0.0),
    ("middle of org-b's 3-chain, normalised by its own n=3", "b2", "betweenness", 0.5),
    ("a4 feeds a1, a2, a3 transitively", "a4", "blast_radius_apps", 3.0),
    ("a1 feeds a2 then a3", "a1", "blast_radius_apps", 2.0),
    ("chain end feeds nobody", "a3", "blast_radius_apps", 0.0),
    ("a4: f4 f5 + a1's f1 f3 + a2's f2", "a4", "blast_radius_flows", 5.0),
    ("a1: f1 f3 f2 out, f4 in", "a1", "blast_radius_flows", 4.0),
    ("a3: only f2 arriving", "a3", "blast_radius_flows", 1.0),
    ("platform flows of a1 (helios)", "a1", "platform_flows", 1.0),
    ("two explicit contracts: the one ending last (c1, 2027-07-01)", "a1", "months_to_end", 18.0),
    ("editor-wide contract c2 ended 2025-07-01: negative", "a3", "months_to_end", -6.0),
    ("contract without end date: unknown", "a4", "months_to_end", NAN),
    ("no contract at all: unknown", "a5", "months_to_end", NAN),
    ("tacit renewal of c1", "a1", "tacit_renewal", 1.0),
    ("explicit renewal of c2", "a3", "tacit_renewal", 0.0),
    ("notice of c1", "a2", "notice_months", 3.0),
    ("notice not given", "a3", "notice_months", NAN),
    ("reversibility clause of c1", "a1", "reversibility_clause", 1.0),
    ("no reversibility clause in c2", "a3", "reversibility_clause", 0.0),
    ("data returned as csv", "a1", "data_return_open", 1.0),
    ("data returned as mdb", "a3", "data_return_open", 0.0),
    ("oracle on windows", "a1", "proprietary_stack", 1.0),
    ("postgresql on the web", "a2", "proprietary_stack", 0.0),
    ("stack unknown", "a3", "proprietary_stack", NAN),
    ("proprietary licence", "a1", "proprietary_licence", 1.0),
    ("AGPL licence", "a4", "proprietary_licence", 0.0),
    ("licence unknown", "a3", "proprietary_licence", NAN),
    ("editor SaaS", "a1", "editor_saas", 1.0),
    ("on premise", "a2", "editor_saas", 0.0),
    ("finances: 3 products minus its own", "a1", "alternatives", 2.0),
    ("of which open source", "a1", "open_source_alternatives", 1.0),
    # the application may be any of the 3: one off the count (never more than naming it)
    ("no product given: the finance products but one", "b1", "alternatives", 2.0),
    ("customisation high", "a1", "customisation_level", 3.0),
    ("users", "a1", "users", 40.0),
    ("data volume", "a1", "data_volume_gb", 12.5),
    ("c1 30,000 split over a1 and a2", "a1", "annual_cost", 15000.0),
    ("c2 10,000 covers a3 alone", "a3", "annual_cost", 10000.0),
    ("c4 has no cost: unknown, not zero", "a4", "annual_cost", NAN),
    ("d1 9,000 over b1..b3", "b2", "annual_cost", 3000.0),
    ("alpha-soft: 35,000 of 45,000", "a1", "editor_spend_share", 35000 / 45000),
    ("alpha-group: all of org-a's known spend", "a3", "group_spend_share", 1.0),
    ("libre-co's only cost is unknown", "a4", "editor_spend_share", NAN),
    ("alpha-soft: 2 of the 4 apps with a known editor", "a1", "editor_app_share", 0.5),
    ("alpha-group: 3 of 4", "a3", "group_app_share", 0.75),
    ("unknown editor has no share", "a5", "editor_app_share", NAN),
]


@pytest.mark.parametrize(
    ("app", "metric", "expected"), [c[1:] for c in APP_CASES], ids=[c[0] for c in APP_CASES]
)
def test_application_metric(metrics: Metrics, app: str, metric: str, expected: float) -> None:
    value = metrics.applications.loc[app, metric]
    if math.isnan(expected):
        assert math.isnan(value)
    else:
        assert value == pytest.approx(expected)


ORG_CASES = [
    ("editor spend HHI: (7/9)^2 + (2/9)^2", "org-a", "hhi_editor_spend", 10000 * 53 / 81),
    ("group spend HHI: one group", "org-a", "hhi_group_spend", 10000.0),
    ("editor apps HHI: 50% 25% 25%", "org-a", "hhi_editor_apps", 3750.0),
    ("group apps HHI: 75% 25%", "org-a", "hhi_group_apps", 6250.0),
    ("all applications counted", "org-a", "org_applications", 5.0),
    ("known costs summed", "org-a", "org_spend", 45000.0),
    ("single-editor org", "org-b", "hhi_editor_apps", 10000.0),
]


@pytest.mark.parametrize(
    ("org", "metric", "expected"), [c[1:] for c in ORG_CASES], ids=[c[0] for c in ORG_CASES]
)
def test_organisation_metric(metrics: Metrics, org: str, metric: str, expected: float) -> None:
    assert metrics.organisations.loc[org, metric] == pytest.approx(expected)


def test_contract_attribution_names_the_covering_contract(metrics: Metrics) -> None:
    apps = metrics.applications
    assert apps.loc[["a1", "a2", "a3", "a4", "b1"], "contract_id"].tolist() == [
        "c1",
        "c1",
        "c2",
        "c4",
        "d1",
    ]
    assert pd.isna(apps.loc["a5", "contract_id"])
    assert apps.loc["a1", "contract_end"] == pd.Timestamp("2027-07-01")


def test_editor_and_group_tables(metrics: Metrics) -> None:
    ed = metrics.editors.set_index(["org_id", "editor_id"])
    assert ed.loc[("org-a", "alpha-soft"), "spend"] == 35000.0  # c1 + c3 (c3 covers no app)
    assert ed.loc[("org-a", "alpha-soft"), "applications"] == 2.0
    assert math.isnan(ed.loc[("org-a", "libre-co"), "spend"])
    assert ("org-a", "unknown") not in ed.index
    gr = metrics.groups.set_index(["org_id", "group"])
    assert gr.loc[("org-a", "alpha-group"), "applications"] == 3.0


def test_every_application_metric_is_a_float_column(metrics: Metrics) -> None:
    ids = [m.id for m in METRICS.values() if m.scope is Scope.APPLICATION]
    for metric in ids:
        assert metrics.applications[metric].dtype == np.float64, metric
    for col in ("org_id", "editor_id", "group", "domain", "contract_id", "contract_end"):
        assert col in metrics.applications.columns
    assert metrics.applications.index.name == "app_id"


def test_values_stay_within_documented_ranges(metrics: Metrics) -> None:
    for spec in METRICS.values():
        table = {
            Scope.APPLICATION: metrics.applications,
            Scope.EDITOR: metrics.editors,
            Scope.GROUP: metrics.groups,
            Scope.ORGANISATION: metrics.organisations,
        }[spec.scope]
        values = table[spec.id].dropna()
        if spec.low is not None:
            assert (values >= spec.low - 1e-9).all(), spec.id
        if spec.high is not None:
            assert (values <= spec.high + 1e-9).all(), spec.id


def test_one_org_alone_gives_the_same_values_as_in_the_batch(
    metrics: Metrics,
    tiny_portfolio: Portfolio,
    tiny_registries: Registries,
    tiny: ModuleType,
) -> None:
    alone = compute_metrics(tiny_portfolio.for_org("org-a"), tiny_registries, tiny.AS_OF)
    batch = metrics.applications.loc[alone.applications.index]
    pd.testing.assert_frame_equal(alone.applications, batch)
    assert list(alone.organisations.index) == ["org-a"]


def test_empty_portfolio_gives_empty_tables(tiny_registries: Registries, tiny: ModuleType) -> None:
    m = compute_metrics(Portfolio(), tiny_registries, tiny.AS_OF)
    assert len(m.applications) == 0 and len(m.organisations) == 0


def test_betweenness_is_left_out_unless_asked_for(
    metrics: Metrics, tiny_portfolio: Portfolio, tiny_registries: Registries, tiny: ModuleType
) -> None:
    """The costly on-demand metric has no column when not asked for; every other value is the
    same as in the full computation."""
    lean = compute_metrics(tiny_portfolio, tiny_registries, tiny.AS_OF, on_demand=())
    assert "betweenness" not in lean.applications.columns
    pd.testing.assert_frame_equal(
        lean.applications, metrics.applications.drop(columns=["betweenness"])
    )
    asked = compute_metrics(tiny_portfolio, tiny_registries, tiny.AS_OF, on_demand=["betweenness"])
    assert asked.applications.loc["a1", "betweenness"] == pytest.approx(2 / 12)


def test_contract_cover_counts_the_applications_each_contract_may_cover(
    metrics: Metrics, tiny_portfolio: Portfolio
) -> None:
    from vendorlock.metrics.contracts import unlinked_contracts

    cover = metrics.contract_cover
    assert cover is not None
    by_id = dict(zip(tiny_portfolio.contracts["contract_id"], cover.tolist(), strict=True))
    # c1 lists a1 and a2; c3 lists a1 (a candidate, though c1 ends later); c4 lists a4
    assert {k: by_id[k] for k in ("c1", "c3", "c4")} == {"c1": 2, "c3": 1, "c4": 1}
    # the audit's "contract without application" warnings read it instead of searching again
    unlinked = unlinked_contracts(tiny_portfolio.applications, tiny_portfolio.contracts)
    assert (cover == 0).tolist() == unlinked.tolist()


def test_covering_contract_ties_resolve_as_a_stable_sort(
    tiny_registries: Registries, tiny: ModuleType
) -> None:
    """Several contracts list the same application: the one ending last wins, an unknown end
    loses to any known one, equal ends go to the smallest id."""
    from vendorlock.metrics.contracts import covering_contracts

    ts = pd.Timestamp
    apps = tiny._table(
        Table.APPLICATIONS,
        [tiny._app(a, "org-a", "alpha-soft", "finance") for a in ("a1", "a2", "a3", "a4")],
    )
    rows = [
        ("k9", "a1;a2;a3", ts("2027-01-01")),
        ("k2", "a1;a2", ts("2027-01-01")),  # a1, a2: same end as k9, smaller id
        ("k1", "a2", ts("2026-06-30")),  # ends earlier
        ("k0", "a3", pd.NaT),  # no known end: after every known one
        ("k5", "a4", pd.NaT),
        ("k3", "a4", pd.NaT),  # a4: both unknown, smallest id
    ]
    contracts = tiny._table(
        Table.CONTRACTS,
        [
            {"contract_id": c, "org_id": "org-a", "editor_id": "alpha-soft", "app_ids": ids}
            | {"end_date": end, "annual_cost": 1000.0}
            for c, ids, end in rows
        ],
    )
    covering, cover = covering_contracts(apps, contracts, tiny_registries, tiny.AS_OF)
    assert covering["contract_id"].tolist() == ["k2", "k2", "k9", "k3"]
    assert dict(zip(contracts["contract_id"], cover.tolist(), strict=True)) == {
        "k9": 3,
        "k2": 2,
        "k1": 1,
        "k0": 1,
        "k5": 1,
        "k3": 1,
    }


def test_editor_wide_contracts_cover_each_unlisted_application_of_their_editor(
    tiny_registries: Registries, tiny: ModuleType
) -> None:
    """Two contracts with no app_ids for one organisation and editor: each unlisted
    application of that editor in that organisation is a candidate of both (the one ending
    last covers it), a listed one only of its listing contract, another organisation's or
    editor's of neither; an editor-wide contract of the ``unknown`` editor covers nothing."""
    from vendorlock.metrics.contracts import covering_contracts

    ts = pd.Timestamp
    apps = tiny._table(
        Table.APPLICATIONS,
        [
            tiny._app("a1", "org-a", "alpha-soft", "finance"),
            tiny._app("a2", "org-b", "alpha-soft", "finance"),
            tiny._app("a3", "org-a", "beta-soft", "finance"),
            tiny._app("a4", "org-a", "alpha-soft", "finance"),
            tiny._app("a5", "org-a", "alpha-soft", "finance"),
            tiny._app("a6", "org-a", "unknown", "finance"),
        ],
    )
    rows = [
        ("w1", "alpha-soft", "", ts("2027-01-01")),
        ("k1", "alpha-soft", "a4", ts("2026-01-01")),
        ("w2", "alpha-soft", None, ts("2028-01-01")),
        ("w3", "unknown", " ", ts("2029-01-01")),
    ]
    contracts = tiny._table(
        Table.CONTRACTS,
        [
            {"contract_id": c, "org_id": "org-a", "editor_id": e, "app_ids": ids}
            | {"end_date": end, "annual_cost": 1000.0}
            for c, e, ids, end in rows
        ],
    )
    covering, cover = covering_contracts(apps, contracts, tiny_registries, tiny.AS_OF)
    chosen = covering["contract_id"].astype(object).where(covering["contract_id"].notna(), None)
    assert chosen.tolist() == ["w2", None, None, "k1", "w2", None]
    assert dict(zip(contracts["contract_id"], cover.tolist(), strict=True)) == {
        "w1": 2,
        "k1": 1,
        "w2": 2,
        "w3": 0,
    }
