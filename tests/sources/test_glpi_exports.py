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
    for name in ("entites", "licences", "suppliers", "logiciels-racine"):
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
    assert len(warned) == 1 and "4 organisations counted" in warned[0].render("en")


def test_licence_list_reads_without_errors(body: LoadResult) -> None:
    assert body.errors() == []
    contracts = body.portfolio.contracts
    # "Jamais" is GLPI's empty expiry: no end date, not a bad date.
    assert contracts["end_date"].isna().sum() == 2
    assert str(contracts["end_date"].max().date()) == "2026-08-31"
    apps = body.portfolio.applications
    # "Entité racine > Ville de Saint-Aubin > CCAS": the licence belongs to the CCAS.
    assert sorted(set(apps["org_id"])) == ["ccas", "ville-de-saint-aubin"]


def test_licence_list_names_the_software_not_the_licence(body: LoadResult) -> None:
    apps = body.portfolio.applications
    # "Nom" is the licence's own name ("Civil Net RH - 12 postes"), "Logiciel" the software
    assert "Civil Net RH" in set(apps["name"])
    assert "Millesime Action Sociale" in set(apps["name"])
    assert not apps["name"].str.contains("postes|licence site", regex=True).any()
    reading = next(r for r in body.readings if "licences" in r.file)
    status = {c.header: c.status for c in reading.columns}
    assert status["Logiciel"] == "field" and status["Nom"] == "unused"
    assert not [p for p in body.problems if p.code == "duplicate_column"]


def test_english_licence_list_names_the_software(tmp_path: Path, registries: Registries) -> None:
    rows = [
        '"Name";"Entity";"Software";"Serial number";"Number";"Expiration";"Supplier";',
        '"Acrobat Pro - 14 seats";"Root entity > Town of Saint-Aubin";"Adobe Acrobat Pro DC";'
        '"";"14";"2026-04-30";"Adobe Inc.";',
    ]
    folder = tmp_path / "licences"
    folder.mkdir()
    (folder / "glpi.csv").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    result = load_inventory([folder], registries)
    assert list(result.portfolio.applications["name"]) == ["Adobe Acrobat Pro DC"]


def test_contract_end_is_start_plus_initial_duration(registries: Registries) -> None:
    result = load_inventory([INVENTORIES / "glpi-parc"], registries)
    contracts = result.portfolio.contracts.set_index("contract_id")
    # "Date de début" 2021-01-01 + "Durée initiale du contrat" "48 mois": GLPI shows
    # 2025-01-01 (Infocom::getWarrantyExpir adds the months, takes no day off)
    assert str(contracts.loc["2021-MAPA-07", "end_date"].date()) == "2025-01-01"
    assert str(contracts.loc["BC-2023-118", "end_date"].date()) == "2024-05-01"
    assert not [p for p in result.problems if p.code == "missing_end_date"]


def test_add_months_clamps_to_the_month_end() -> None:
    from vendorlock.readers.build import add_months

    start = pd.Series(pd.to_datetime(["2024-01-31", "2023-03-31", None, "2021-03-15"]))
    months = pd.Series([1, 11, 3, 48], dtype="Int64")
    got = [None if pd.isna(d) else str(d.date()) for d in add_months(start, months)]
    assert got == ["2024-02-29", "2024-02-29", None, "2025-03-15"]


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
