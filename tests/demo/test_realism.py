"""The bundled demo looks like real towns, audited at a fixed date and today (issue 9, point 6).

``vendorlock audit`` without input reads the shipped workbook for its --as-of, so these checks
hold every day: few overdue decisions, names a French reader accepts, one application per core
domain, spend and exit costs in proportion to the bodies' size.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.demo import BUNDLED_OPTIONS, REFERENCE_DATE
from vendorlock.demo.bundled import load_bundled
from vendorlock.demo.generate import DemoOptions, generate_tables
from vendorlock.demo.market import load_market
from vendorlock.model.schema import Table
from vendorlock.registry import load_registries

FIXED = "2026-11-28"
#: "Le"/"La"/"de"/"que" before a vowel or mute h must elide (L'Isserval, d'Arpège).
ELISION_ERROR = re.compile(
    r"(?:^|[\s(])(?:[Ll]e|[Ll]a|[Dd]e|[Qq]ue|[Jj]e) [AEIOUYÉÈÊÂÎÔaeiouyéèêâîôh]"
)
NUMBERED = re.compile(r"\s\(?\d+\)?$")
Doc = dict[str, Any]


def _audit(tmp: Path, as_of: str) -> Doc:
    result = CliRunner().invoke(
        main, ["audit", "-o", str(tmp), "--format", "json", "--as-of", as_of, "-q"]
    )
    assert result.exit_code == 0, result.output
    doc: Doc = json.loads((tmp / "audit.json").read_text(encoding="utf-8"))
    return doc


@pytest.fixture(scope="module", params=[FIXED, "today"])
def audit(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Doc:
    as_of = date.today().isoformat() if request.param == "today" else str(request.param)
    return _audit(tmp_path_factory.mktemp("audit"), as_of)


def _decisions(doc: Doc) -> pd.Series:
    dates = [a["decision_date"] for a in doc["applications"] if a.get("decision_date")]
    return pd.to_datetime(pd.Series(dates))


def test_few_decisions_are_overdue(audit: Doc) -> None:
    decisions = _decisions(audit)
    overdue = (decisions < pd.Timestamp(audit["as_of"][:10])).mean()
    assert len(decisions) > 300
    assert 0.03 <= overdue < 0.15, overdue


def test_few_contracts_have_ended(audit: Doc) -> None:
    ends = {
        a["contract_id"]: a["contract_end"] for a in audit["applications"] if a.get("contract_id")
    }
    ended = pd.to_datetime(pd.Series(list(ends.values()))) < pd.Timestamp(audit["as_of"][:10])
    assert ended.mean() <= 0.05


def test_no_name_has_a_number_suffix_or_an_elision_error(audit: Doc) -> None:
    names = [a["name"] for a in audit["applications"]]
    names += [o["name"] for o in audit["organisations"]]
    names += [e["name"] for e in audit["editors"]]
    assert not [n for n in names if NUMBERED.search(n)]
    assert not [n for n in names if ELISION_ERROR.search(n)]


def test_at_most_one_application_per_core_domain_per_body(audit: Doc) -> None:
    """One finance, payroll, civil-registry... application per body; a large town may add a
    distinct, named function of the domain (budget preparation, recruitment), on purpose."""
    market = load_market()
    primary = {market.domains[i]: market.domain_label[i] for i in market.core}
    apps = pd.DataFrame(audit["applications"])
    core = apps[apps["domain"].isin(primary)]
    main_app = core[core["name"] == core["domain"].map(primary)]
    assert main_app.groupby(["org_id", "domain"]).size().max() == 1
    extras = core[core["name"] != core["domain"].map(primary)]
    intended = set(market.function_label[market.function_rank > 0])
    assert set(extras["name"]) <= intended
    assert not extras["domain"].isin(["civil_registry", "elections"]).any()
    assert not apps.duplicated(["org_id", "name"]).any()


def test_portfolio_and_spend_scale_with_population(audit: Doc) -> None:
    orgs = pd.DataFrame(audit["organisations"]).dropna(subset=["population"])
    per_inhabitant = orgs["annual_spend"] / orgs["population"]
    assert per_inhabitant.between(14, 34).all(), per_inhabitant.tolist()
    small = orgs[orgs["population"] < 1_000]
    large = orgs[(orgs["population"] > 25_000) & (orgs["kind"] == "commune")]
    assert len(small) and len(large)
    assert small["applications"].between(8, 14).all()
    assert (large["applications"] >= 70).all()


def test_the_action_plan_is_not_all_pooling(audit: Doc) -> None:
    kinds = pd.Series([a["action"]["kind"] for a in audit["applications"]]).value_counts(
        normalize=True
    )
    # Unknown inputs count at their worst (docs/metrics.md, coverage), so fewer applications
    # are "low" than with a central estimate: keep was 30 % before that change, 17 % after.
    assert kinds.get("keep", 0) >= 0.15
    assert kinds.get("renegotiate", 0) >= 0.05
    # Pooling needs partners outside the body's purchasing group *and* a decision within
    # actions.pool_horizon_months (24): with ends spread over six years, about a third of the
    # decisions fall in that horizon. Counting every partner at any date made it 62 % (73 %
    # in the older demo, most decision dates in the past); now 27 %.
    assert 0.15 <= kinds.get("pool", 0) <= 0.4
    assert kinds.get("renegotiate", 0) > kinds.get("pool", 0)


def test_no_village_faces_an_exit_cost_above_150k(audit: Doc) -> None:
    orgs = pd.DataFrame(audit["organisations"]).dropna(subset=["population"])
    villages = orgs[orgs["population"] < 1_000]
    assert len(villages)
    assert all(o["high"] <= 150_000 for o in villages["exit_cost"])


def test_bundled_demo_read_for_a_date_equals_its_generation_for_that_date() -> None:
    as_of = date(2027, 3, 15)
    shifted = load_bundled(as_of, load_registries()).portfolio.contracts
    fresh = generate_tables(DemoOptions(members=BUNDLED_OPTIONS.members, as_of=as_of))
    expected = fresh[Table.CONTRACTS]
    for column in ("start_date", "end_date"):
        assert (
            shifted[column].to_numpy(dtype="datetime64[s]")
            == expected[column].to_numpy(dtype="datetime64[s]")
        ).all(), column
    assert shifted["contract_id"].tolist() == expected["contract_id"].tolist()


def test_generation_moves_only_dates_with_as_of() -> None:
    a = generate_tables(DemoOptions(members=4, as_of=REFERENCE_DATE))
    b = generate_tables(DemoOptions(members=4, as_of=date(2030, 1, 1)))
    days = (date(2030, 1, 1) - REFERENCE_DATE).days
    pd.testing.assert_frame_equal(a[Table.APPLICATIONS], b[Table.APPLICATIONS])
    moved = b[Table.CONTRACTS]["end_date"] - a[Table.CONTRACTS]["end_date"]
    assert (moved == pd.Timedelta(days=days)).all()


def test_an_intercommunality_runs_no_civil_registry_nor_elections() -> None:
    tables = generate_tables(BUNDLED_OPTIONS)
    orgs, apps = tables[Table.ORGANISATIONS], tables[Table.APPLICATIONS]
    epci = orgs.loc[orgs["kind"] == "epci", "org_id"]
    assert len(epci) == 1
    domains = set(apps.loc[apps["org_id"].isin(epci), "domain"])
    assert not domains & {"civil_registry", "elections", "cemeteries", "police"}
    assert {"finances", "hr_payroll", "council_acts"} <= domains


def test_names_elide_before_a_vowel() -> None:
    tables = generate_tables(DemoOptions(members=2_000, seed=3))
    names = tables[Table.ORGANISATIONS]["name"]
    assert names.str.startswith("L'").any()
    assert not names.str.contains(ELISION_ERROR).any()
    assert names.is_unique


def test_the_same_as_of_gives_the_same_report(tmp_path: Path) -> None:
    first = _audit(tmp_path / "a", FIXED)
    again = (tmp_path / "a" / "audit.json").read_bytes()
    second = _audit(tmp_path / "b", FIXED)
    assert (tmp_path / "b" / "audit.json").read_bytes() == again
    later = _audit(tmp_path / "c", "2027-11-28")
    assert first["summary"]["applications"] == later["summary"]["applications"]
    first_ends = sorted(a["contract_end"] or "" for a in first["applications"])
    assert first_ends != sorted(a["contract_end"] or "" for a in later["applications"])
    assert second["as_of"] == first["as_of"]


def test_the_french_note_elides_before_demo_names(tmp_path: Path) -> None:
    """Locale sentences around the demo's names (organisations, editors, products) read
    right: no "de Arpège", "le Isserval"."""
    result = CliRunner().invoke(
        main,
        ["audit", "-o", str(tmp_path), "--format", "md", "--lang", "fr", "--as-of", FIXED, "-q"],
    )
    assert result.exit_code == 0, result.output
    note = (tmp_path / "audit.md").read_text(encoding="utf-8")
    assert "Trois Vallées" in note
    assert not ELISION_ERROR.findall(note)


def test_the_structure_runs_its_administration_and_the_shared_platforms() -> None:
    tables = generate_tables(BUNDLED_OPTIONS)
    orgs, apps = tables[Table.ORGANISATIONS], tables[Table.APPLICATIONS]
    structure = orgs[orgs["kind"] == "mutualisation"].iloc[0]
    assert pd.isna(structure["population"])  # a syndicat is not a territory
    own = apps[apps["org_id"] == structure["org_id"]]
    assert 8 <= len(own) <= 20
    assert {"finances", "hr_payroll", "archives", "dematerialisation"} <= set(own["domain"])
    assert not set(own["domain"]) & {"civil_registry", "elections", "childhood_education"}
    assert own["app_id"].str.startswith("s00-").all()
    contracts = tables[Table.CONTRACTS]
    spend = contracts.loc[contracts["org_id"] == structure["org_id"], "annual_cost"].sum()
    assert 200_000 <= spend <= 500_000
