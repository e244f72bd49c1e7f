"""The synthetic inventory: shape, plausibility, and what the audit and group commands need."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vendorlock.demo import BUNDLED_OPTIONS
from vendorlock.demo.generate import DemoOptions, generate_tables, siren
from vendorlock.demo.market import DemoError, load_market
from vendorlock.model.portfolio import split_multi
from vendorlock.model.schema import Table
from vendorlock.registry import load_registries, unverified_overlay
from vendorlock.registry.entries import Kind

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "demo"
Tables = dict[Table, pd.DataFrame]


def test_same_options_give_identical_tables() -> None:
    a = generate_tables(DemoOptions(members=5, seed=7))
    b = generate_tables(DemoOptions(members=5, seed=7))
    for table in Table:
        pd.testing.assert_frame_equal(a[table], b[table])


def test_another_seed_gives_another_inventory() -> None:
    a = generate_tables(DemoOptions(members=5, seed=1))[Table.APPLICATIONS]
    b = generate_tables(DemoOptions(members=5, seed=2))[Table.APPLICATIONS]
    assert not a["product"].equals(b["product"])


def test_bundled_demo_has_about_600_applications_and_1500_flows(demo_tables: Tables) -> None:
    assert 550 <= len(demo_tables[Table.APPLICATIONS]) <= 650
    assert 1350 <= len(demo_tables[Table.FLOWS]) <= 1650
    orgs = demo_tables[Table.ORGANISATIONS]
    assert len(orgs) == 13
    assert orgs["kind"].value_counts().to_dict() == {"commune": 11, "epci": 1, "mutualisation": 1}


def test_members_belong_to_the_fictitious_structure(demo_tables: Tables) -> None:
    orgs = demo_tables[Table.ORGANISATIONS]
    structure = orgs[orgs["kind"] == "mutualisation"].iloc[0]
    assert "Syndicat mixte" in structure["name"]
    members = orgs[orgs["kind"] != "mutualisation"]
    assert (members["parent_id"] == structure["org_id"]).all()
    communes = members[members["kind"] == "commune"]["population"]
    assert communes.between(400, 120_000).all()
    # SIREN-shaped, Luhn-valid, and in a range no real public body uses (299...).
    assert orgs["org_id"].str.fullmatch(r"299\d{6}").all()


def test_siren_check_digit_is_luhn() -> None:
    # 732829320 is a known valid SIREN; its base is 73282932.
    assert siren(np.array([73282932]))[0] == "732829320"


def test_application_count_grows_with_population(demo_tables: Tables) -> None:
    apps = demo_tables[Table.APPLICATIONS].groupby("org_id").size()
    pop = demo_tables[Table.ORGANISATIONS].set_index("org_id")["population"]
    joined = pd.DataFrame({"apps": apps, "pop": pop}).dropna()
    assert joined["apps"].astype(float).corr(np.log(joined["pop"].astype(float))) > 0.8
    smallest = joined.sort_values("pop").iloc[0]
    assert smallest["pop"] < 1_000
    assert 8 <= smallest["apps"] <= 14  # a village runs about ten applications
    largest_commune = joined.drop(index=_epci_ids(demo_tables)).sort_values("pop").iloc[-1]
    assert largest_commune["apps"] >= 70


def _epci_ids(tables: Tables) -> list[str]:
    orgs = tables[Table.ORGANISATIONS]
    return orgs.loc[orgs["kind"] == "epci", "org_id"].tolist()


def test_one_body_benchmark_shape(one_body_tables: Tables) -> None:
    apps = one_body_tables[Table.APPLICATIONS]
    assert len(apps) == 2000
    assert apps["org_id"].nunique() == 1
    assert len(one_body_tables[Table.FLOWS]) == 10_000


def test_ids_are_unique_and_references_resolve(demo_tables: Tables) -> None:
    apps, flows = demo_tables[Table.APPLICATIONS], demo_tables[Table.FLOWS]
    contracts, editors = demo_tables[Table.CONTRACTS], demo_tables[Table.EDITORS]
    for table, key in (
        (Table.APPLICATIONS, "app_id"),
        (Table.FLOWS, "flow_id"),
        (Table.CONTRACTS, "contract_id"),
        (Table.EDITORS, "editor_id"),
    ):
        assert demo_tables[table][key].is_unique, table
    assert set(apps["editor_id"]) <= set(editors["editor_id"])
    owner = apps.set_index("app_id")["org_id"]
    assert (flows["source"].map(owner) == flows["org_id"]).all()
    to_app = flows["target"].isin(owner.index)
    assert (flows.loc[to_app, "target"].map(owner) == flows.loc[to_app, "org_id"]).all()
    assert (flows["source"] != flows["target"]).all()
    covered = split_multi(contracts["app_ids"])
    assert (
        covered.map(owner).to_numpy() == contracts.loc[covered.index, "org_id"].to_numpy()
    ).all()
    assert (contracts["end_date"] > contracts["start_date"]).all()


def test_flows_to_platforms_carry_the_standard_the_platform_requires(demo_tables: Tables) -> None:
    registries = load_registries()
    flows = demo_tables[Table.FLOWS]
    apps = set(demo_tables[Table.APPLICATIONS]["app_id"])
    to_platform = flows[~flows["target"].isin(apps)]
    assert set(to_platform["target"]) >= {"helios", "at_ctes", "net_entreprises", "chorus_pro"}
    for target, standard in zip(to_platform["target"], to_platform["standard"], strict=True):
        assert target in registries.platforms, target
        assert standard in registries.platforms[target].standards, (target, standard)


def test_every_member_sends_pes_v2_to_helios(demo_tables: Tables) -> None:
    flows = demo_tables[Table.FLOWS]
    pes = flows[(flows["target"] == "helios") & (flows["standard"] == "pes_v2")]
    members = demo_tables[Table.ORGANISATIONS].query("kind != 'mutualisation'")["org_id"]
    assert set(members) <= set(pes["org_id"])  # the structure has its own budget too


def test_formats_standards_products_and_editors_are_known_to_the_registries(
    demo_tables: Tables,
) -> None:
    # The demo's market names editors and products that are still to verify (market.yaml says
    # which): they are known with the opt-in overlay, loaded here explicitly.
    registries = load_registries([unverified_overlay()])
    apps, flows = demo_tables[Table.APPLICATIONS], demo_tables[Table.FLOWS]
    contracts = demo_tables[Table.CONTRACTS]
    formats = (
        set(split_multi(apps["storage_formats"]))
        | set(split_multi(apps["export_formats"]))
        | set(split_multi(contracts["data_return_format"]))
        | set(flows["format"].dropna())
    )
    assert formats <= set(registries.formats), formats - set(registries.formats)
    assert set(flows["standard"].dropna()) <= set(registries.standards)
    assert set(demo_tables[Table.EDITORS]["editor_id"]) <= set(registries.editors)
    market = load_market()
    known = [registries.resolve(Kind.PRODUCT, name) for name in market.product_name]
    unknown = {n for n, k in zip(market.product_name, known, strict=True) if k is None}
    # The three e.magnus modules the catalogue lacks are the only names it does not know.
    assert unknown <= {
        "e.magnus Gestion des ressources humaines",
        "e.magnus État civil",
        "e.magnus Élections",
    }


def test_contracts_have_tacit_renewals_and_missing_reversibility(demo_tables: Tables) -> None:
    contracts = demo_tables[Table.CONTRACTS]
    assert 0.3 <= (contracts["renewal"] == "tacit").mean() <= 0.5
    assert 0.2 <= (contracts["reversibility_clause"] == 0).mean() <= 0.55
    assert contracts["notice_months"].between(1, 6).all()
    # Ends around the options' as-of: a few ended in the last four months, none beyond
    # notice + procurement lead + six years.
    as_of = pd.Timestamp(BUNDLED_OPTIONS.as_of)
    ends = contracts["end_date"]
    assert ends.min() >= as_of - pd.Timedelta(days=121)
    assert ends.max() <= as_of + pd.DateOffset(years=8)
    assert 0 < (ends < as_of).mean() <= 0.05
    several = contracts["app_ids"].str.contains(";")
    assert several.any() and (~several).any()
    assert contracts["purchasing_group"].notna().any()


def test_some_applications_are_clearly_locked_in(demo_tables: Tables) -> None:
    apps = demo_tables[Table.APPLICATIONS]
    locked = apps[
        (apps["licence"] == "proprietary")
        & (apps["storage_formats"] == "proprietary_db")
        & (apps["api"] == "none")
        & (apps["customisation"] == "high")
        & (apps["criticality"] == "critical")
    ]
    assert len(locked) >= 3
    assert (apps["licence"] != "proprietary").sum() >= 30


def test_a_pooled_tender_opportunity_exists(demo_tables: Tables) -> None:
    """>= 3 members whose contracts in one domain reach their decision date (end - notice -
    9 months) within 18 months of each other: what ``vendorlock pool`` looks for."""
    apps, contracts = demo_tables[Table.APPLICATIONS], demo_tables[Table.CONTRACTS]
    covered = split_multi(contracts["app_ids"]).rename("app_id").to_frame()
    covered = covered.join(contracts[["org_id", "end_date", "notice_months"]])
    covered = covered.merge(apps[["app_id", "domain"]], on="app_id")
    months = covered["notice_months"].astype(int) + 9
    decision = covered["end_date"] - pd.to_timedelta(months * 30.44, unit="D")
    covered = covered.assign(decision=decision)
    best = 0
    for _, group in covered.groupby("domain"):
        dates = group.groupby("org_id")["decision"].min().sort_values().to_numpy()
        for i, start in enumerate(dates):
            in_window = (dates >= start) & (dates <= start + np.timedelta64(548, "D"))
            best = max(best, int(in_window[i:].sum()))
    assert best >= 3


def test_editors_most_members_share_and_corporate_groups(demo_tables: Tables) -> None:
    apps, editors = demo_tables[Table.APPLICATIONS], demo_tables[Table.EDITORS]
    members = apps.groupby("editor_id")["org_id"].nunique()
    assert (members >= 10).sum() >= 3  # a heatmap with shared editors
    assert (editors["group"].notna() & (editors["group"] != editors["name"])).any()


def test_most_common_finance_product_has_platform_and_internal_flows(demo_tables: Tables) -> None:
    apps, flows = demo_tables[Table.APPLICATIONS], demo_tables[Table.FLOWS]
    finance = apps[apps["domain"] == "finances"]
    top = finance["product"].value_counts().index[0]
    assert finance["editor_id"].nunique() >= 3  # something to compare
    ids = set(finance.loc[finance["product"] == top, "app_id"])
    touching = flows[flows["source"].isin(ids) | flows["target"].isin(ids)]
    assert {"helios", "chorus_pro"} <= set(touching["target"])
    assert touching["target"].isin(apps["app_id"]).any()


def test_market_file_with_an_undefined_editor_is_refused() -> None:
    with pytest.raises(DemoError, match="unknown editor 'nobody-soft'") as info:
        load_market(ASSETS / "market-unknown-editor.yaml")
    assert info.value.key == "demo.error.market"


@pytest.mark.parametrize(
    ("options", "key", "text"),
    [
        (DemoOptions(members=0), "demo.error.members", "--members must be between 1 and"),
        (DemoOptions(seed=-1), "demo.error.seed", "--seed must be zero or positive"),
        (DemoOptions(apps_per_member=0), "demo.error.apps", "--apps-per-member must be"),
        (DemoOptions(flows_per_app=-1.0), "demo.error.flows", "--flows-per-app must be"),
    ],
    ids=["members", "seed", "apps", "flows"],
)
def test_impossible_options_are_refused(options: DemoOptions, key: str, text: str) -> None:
    with pytest.raises(DemoError, match=text) as info:
        options.check()
    assert info.value.key == key
