"""GLPI search-list exports (CSV as GLPI writes it, and the same list as XLSX/ODS) read fully."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vendorlock.readers import LoadResult, load_inventory
from vendorlock.readers.build import split_multi_text
from vendorlock.registry import Registries, load_registries

ROOT = Path(__file__).resolve().parents[1] / "assets"
EXPORTS = ROOT / "sources" / "glpi" / "exports"
INVENTORIES = ROOT / "inventories"


@pytest.fixture(scope="module")
def registries() -> Registries:
    return load_registries()


@pytest.fixture(scope="module")
def body(registries: Registries) -> LoadResult:
    """One body's entity, licence and supplier lists, each a glpi.csv as downloaded."""
    return load_inventory(
        [EXPORTS / "entites", EXPORTS / "licences", EXPORTS / "suppliers"], registries
    )


def test_exports_are_as_glpi_writes_them() -> None:
    for name in ("entites", "licences", "suppliers"):
        raw = (EXPORTS / name / "glpi.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
        lines = raw[3:].split(b"\r\n")
        assert lines[0].startswith(b'"') and all(x.endswith(b'";') for x in lines if x)


def test_entity_list_gives_the_tree_of_organisations(body: LoadResult) -> None:
    orgs = body.portfolio.organisations.set_index("org_id")
    assert orgs.loc["ccas", "parent_id"] == "ville-de-saint-aubin"
    assert orgs.loc["mediatheque", "name"] == "Médiathèque"
    assert orgs.loc["ville-de-saint-aubin", "parent_id"] == "entite-racine"
    assert pd.isna(orgs.loc["entite-racine", "parent_id"])  # its complete name is its name
    assert set(orgs["kind"]) == {"other"}  # GLPI entities carry no kind
    warned = [p for p in body.problems if p.code == "org_kind_assumed"]
    assert len(warned) == 1 and "4 organisation(s)" in warned[0].render("en")


def test_licence_list_reads_without_errors(body: LoadResult) -> None:
    assert body.errors() == []
    contracts = body.portfolio.contracts
    # "Jamais" is GLPI's empty expiry: no end date, not a bad date.
    assert contracts["end_date"].isna().sum() == 2
    assert str(contracts["end_date"].max().date()) == "2026-08-31"
    apps = body.portfolio.applications
    # "Entité racine > Ville de Saint-Aubin > CCAS": the licence belongs to the CCAS.
    assert sorted(set(apps["org_id"])) == ["ccas", "ville-de-saint-aubin"]


def test_english_supplier_list_is_read_as_editors(body: LoadResult) -> None:
    editors = body.portfolio.editors.set_index("name")
    assert editors.loc["Microsoft Corporation", "country"] == "US"
    assert editors.loc["CIRIL GROUP SAS", "country"] == "FR"
    unknown = [p for p in body.problems if p.code.startswith("unknown_column")]
    assert [p.location.file for p in unknown if "suppliers" in str(p.location.file)] == []


def test_entity_path_in_software_list(registries: Registries) -> None:
    result = load_inventory([INVENTORIES / "glpi-logiciels"], registries)
    orgs = result.portfolio.organisations.set_index("org_id")
    # "Mairie de Saint-Aubin > Services": the organisation is the last segment, its parent
    # the one before (an organisation too, so the reference holds).
    assert orgs.loc["services", "parent_id"] == "mairie-de-saint-aubin"
    assert "mairie-de-saint-aubin" in orgs.index
    assert set(result.portfolio.applications["org_id"]) == {"services"}
    assert result.errors() == []
    apps = result.portfolio.applications.set_index("name")
    assert apps.loc["Adobe Acrobat Pro DC", "version"] == "23.008.20470"  # "Versions - Nom"


def test_glpi_multi_value_separators() -> None:
    assert split_multi_text("Ciril Civil Net RH<br>Civil Net Finances") == [
        "Ciril Civil Net RH",
        "Civil Net Finances",
    ]
    assert split_multi_text("ODT$$##$$PDF") == ["ODT", "PDF"]


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_same_list_as_xlsx_or_ods(tmp_path: Path, registries: Registries, suffix: str) -> None:
    """GLPI's XLSX/ODS exports hold the same columns in one sheet ("Worksheet")."""
    frame = pd.read_csv(EXPORTS / "suppliers" / "glpi.csv", sep=";", encoding="utf-8-sig")
    frame = frame.loc[:, ~frame.columns.str.startswith("Unnamed")]  # the trailing ';'
    path = tmp_path / f"glpi.{suffix}"
    engine = "odf" if suffix == "ods" else "openpyxl"
    frame.to_excel(path, sheet_name="Worksheet", index=False, engine=engine)
    result = load_inventory([path], registries)
    editors = result.portfolio.editors.set_index("name")
    assert sorted(editors.index) == [
        "Berger-Levrault",
        "CIRIL GROUP SAS",
        "Microsoft Corporation",
        "UGAP",
    ]
    assert editors.loc["UGAP", "country"] == "FR"
