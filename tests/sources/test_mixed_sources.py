"""GLPI exports + an ArchiMate model + procurement records of the same body: one audit.

The fixture (tests/assets/sources/mixed/) is one town as its DSI would hand it over: GLPI's
software, contract and supplier lists (entity paths, "Éléments - Nom"), the architect's Archi
model of the same applications with their flows (no organisation in it), and the town's
procurement records (DECP 1.x JSON, the buyer named in capitals with its SIRET).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.readers import LoadResult, load_inventory
from vendorlock.registry import Registries
from vendorlock.sources.bodies import merge_organisations

from .conftest import SOURCES

MIXED = SOURCES / "mixed"
INPUTS = [MIXED / "glpi", MIXED / "model.xml", MIXED / "decp.json"]
TOWN = "ville-de-saint-aubin-sur-loire"


@pytest.fixture(scope="module")
def body(registries: Registries) -> LoadResult:
    return load_inventory(INPUTS, registries)


def test_three_sources_describe_one_body(body: LoadResult) -> None:
    orgs = body.portfolio.organisations.set_index("org_id")
    # the town (with the CCAS below it, and GLPI's root entity above): not one per source
    assert sorted(orgs.index) == ["ccas", "entite-racine", TOWN]
    # the records' buyer is the same body: its SIREN (from the SIRET) completes the town
    assert orgs.loc[TOWN, "siren"] == "214500001"
    assert orgs.loc["ccas", "parent_id"] == TOWN
    assert body.errors() == []


def test_applications_come_once_from_glpi_completed_by_the_model(body: LoadResult) -> None:
    apps = body.portfolio.applications.set_index("name")
    assert len(apps) == 7  # GLPI's seven, the model's five are the same ones
    assert set(apps["org_id"]) == {TOWN, "ccas"}
    # GLPI says the version, the model what GLPI does not know (hosting, criticality)
    assert apps.loc["Civil Net RH", "version"] == "2024.1"
    assert apps.loc["Civil Net RH", "hosting"] == "editor_saas"
    assert apps.loc["Civil Net Finances", "criticality"] == "critical"
    assert apps["_file"].str.endswith("glpi.csv").all()


def test_the_model_flows_join_the_glpi_applications(body: LoadResult) -> None:
    flows = body.portfolio.flows
    app_ids = set(body.portfolio.applications["app_id"])
    assert len(flows) == 4
    assert set(flows["org_id"]) == {TOWN}
    ends = set(flows["source"]) | set(flows["target"])
    # every end is a GLPI application or a national platform (Hélios), none from the model
    assert ends - app_ids == {"helios"}
    assert f"{TOWN}-civil-net-finances" in ends


def test_contracts_are_glpi_s_reconciled_with_the_records(body: LoadResult) -> None:
    contracts = body.portfolio.contracts.set_index("contract_id")
    apps = body.portfolio.applications.set_index("name")
    # the records' Civil Net contract is GLPI's: one row, the record fills the procedure
    ciril = contracts[contracts["editor_id"] == "ciril-group"]
    assert list(ciril.index) == ["2021-MAPA-07"]
    assert ciril["procedure"].iloc[0] == "mapa"
    # a town contract names software of the CCAS (a sub-entity): linked across entities
    ccas_app = apps.loc["Millesime Action Sociale", "app_id"]
    assert contracts.loc["2022-MAPA-03", "app_ids"] == ccas_app
    # and a CCAS contract names software kept at the town (GLPI's recursive items)
    assert contracts.loc["2024-CONV-02", "org_id"] == "ccas"
    assert contracts.loc["2024-CONV-02", "app_ids"] == apps.loc["i-Parapheur", "app_id"]
    # GLPI gives a start and an initial duration: the end is start + duration, as GLPI shows
    assert str(contracts.loc["2023-MAPA-11", "end_date"].date()) == "2026-02-01"
    # a record contract GLPI does not have is kept, for the same body
    libriciel = contracts[contracts["editor_id"] == "libriciel"]
    assert sorted(libriciel["org_id"]) == ["ccas", TOWN]
    assert libriciel.index[libriciel["org_id"] == TOWN][0].startswith("decp-")
    unlisted = [p.render("en") for p in body.problems if p.code == "records_unlisted_editors"]
    # the records' spelling: Arpège is in the opt-in overlay only, not the default registry
    assert len(unlisted) == 1 and "ARPEGE" in unlisted[0].upper().replace("È", "E")


def test_validate_states_what_was_reconciled() -> None:
    args = ["validate", *map(str, INPUTS)]
    en = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "Reconciled across sources (7):" in en.output
    assert "model.xml names no organisation: its rows belong to Ville de Saint-Aubin-sur-Loire" in (
        en.output
    )
    assert "(VILLE DE SAINT-AUBIN-SUR-LOIRE), by SIREN or name" in en.output
    assert "valid: 3 organisations, 6 editors, 7 applications, 6 contracts, 4 flows" in en.output
    fr = CliRunner().invoke(main, [*args, "--lang", "fr"])
    assert "Rapproché entre les sources (7)\u00a0:" in fr.output
    assert "ses lignes sont rattachées à Ville de Saint-Aubin-sur-Loire" in fr.output
    doc = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)
    codes = sorted(r["code"] for r in doc["reconciled"])
    assert codes == ["application"] * 5 + ["attached", "organisations"]


def test_a_model_beside_two_bodies_stays_apart_with_a_warning(
    registries: Registries, decp_dir: Path
) -> None:
    # Arcueil's inventory and Saint-Aubin's GLPI: the model could belong to either
    result = load_inventory(
        [decp_dir / "arcueil-inventaire.csv", MIXED / "glpi", MIXED / "model.xml"], registries
    )
    warned = [p for p in result.problems if p.code == "bodies_ambiguous_source"]
    assert len(warned) == 1 and warned[0].location.file.endswith("model.xml")
    assert "describe 2 (Commune d'Arcueil, Ville de Saint-Aubin-sur-Loire)" in warned[0].render(
        "en"
    )
    assert "model" in set(result.portfolio.organisations["org_id"])
    assert not any(j.code == "attached" for j in result.joined)


def test_same_name_with_different_sirens_joins_neither() -> None:
    orgs = pd.DataFrame(
        {
            "org_id": ["219400017", "217500016", "ccas"],
            "name": ["CCAS", "CCAS", "CCAS"],
            "kind": ["ccas", "ccas", "other"],
            "siren": ["219400017", "217500016", None],
            "parent_id": [None, None, None],
            "population": [None, None, None],
            "_file": ["a.json", "b.json", "inventaire.csv"],
        }
    )
    merged = merge_organisations(orgs, {"a.json", "b.json"}, "other")
    # the inventory's "CCAS" has no SIREN and two buyers of that name have different ones:
    # it joins neither, with a warning saying how to tell
    assert merged.ids == {}
    assert len(merged.organisations) == 3
    (warning,) = merged.problems
    assert warning.location.file == "inventaire.csv"
    assert "several bodies with different SIRENs (217500016, 219400017)" in warning.render("en")
    assert "indiquez son SIREN" in warning.render("fr")
    same_siren = orgs.assign(siren=["219400017", "219400017", None])
    merged = merge_organisations(same_siren, {"a.json", "b.json"}, "other")
    # one body published twice (same SIREN), named like the inventory's: all one
    assert merged.ids == {"219400017": "ccas", "217500016": "ccas"}
    assert merged.organisations.set_index("org_id").loc["ccas", "siren"] == "219400017"
