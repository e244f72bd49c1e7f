"""Whole inventories in every supported shape read to the same normalised portfolio."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from vendorlock.model.problems import Severity
from vendorlock.readers import InputKind, LoadOptions, load_inventory
from vendorlock.readers.detect import detect_kind
from vendorlock.registry import Registries


def _codes(result: object, severity: Severity | None = None) -> list[str]:
    problems = result.problems  # type: ignore[attr-defined]
    return [p.code for p in problems if severity is None or p.severity is severity]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("workbook_fr.xlsx", InputKind.XLSX),
        ("workbook_fr.ods", InputKind.ODS),
        ("flat_fr.csv", InputKind.CSV),
        ("csv_folder", InputKind.FOLDER),
    ],
)
def test_kind_is_detected_from_content(assets: Path, name: str, kind: InputKind) -> None:
    assert detect_kind(assets / name) is kind


def test_ods_renamed_xlsx_is_still_read(
    tmp_path: Path, assets: Path, registries: Registries
) -> None:
    renamed = tmp_path / "inventaire.xlsx"
    renamed.write_bytes((assets / "workbook_fr.ods").read_bytes())
    assert detect_kind(renamed) is InputKind.ODS
    assert len(load_inventory([renamed], registries).portfolio.applications) == 3


@pytest.mark.parametrize("name", ["workbook_fr.xlsx", "workbook_fr.ods"])
def test_workbook_with_a_sheet_per_table(assets: Path, registries: Registries, name: str) -> None:
    result = load_inventory([assets / name], registries)
    assert result.errors() == []
    p = result.portfolio
    assert p.counts() == {
        "organisations": 1,
        "editors": 2,
        "applications": 3,
        "contracts": 2,
        "flows": 2,
    }
    apps = p.applications.set_index("app_id")
    # organisation named by its name resolves to the id of the organisations sheet
    assert set(apps["org_id"]) == {"219400017"}
    assert apps.loc["fin", "editor_id"] == "berger-levrault"
    assert apps.loc["fin", "domain"] == "finances"
    assert apps.loc["rh", "domain"] == "hr_payroll"
    assert apps.loc["fin", "hosting"] == "on_premise"
    assert apps.loc["ged", "hosting"] == "editor_saas"
    assert apps.loc["fin", "criticality"] == "high"
    assert apps.loc["rh", "export_formats"] == "csv;odt"
    # header row found below the title rows: first data row is spreadsheet row 4
    assert apps.loc["fin", "_row"] == 4
    assert apps.loc["fin", "_sheet"] == "Logiciels"
    c = p.contracts.set_index("contract_id")
    assert c.loc["C-1", "app_ids"] == "fin;rh"
    assert c.loc["C-1", "annual_cost"] == pytest.approx(12345.67)
    assert c.loc["C-1", "end_date"] == pd.Timestamp("2027-12-31")
    assert c.loc["C-2", "start_date"] == pd.Timestamp("2024-01-01")  # Excel serial 45292
    assert bool(c.loc["C-1", "reversibility_clause"]) is False
    assert c.loc["C-1", "renewal"] == "tacit"
    assert c.loc["C-2", "procedure"] == "mapa"
    flows = p.flows.set_index("source")
    assert flows.loc["fin", "target"] == "helios"  # application name → id; platform → id
    assert flows.loc["fin", "standard"] == "pes_v2"
    assert flows.loc["fin", "protocol"] == "sftp"
    assert flows.loc["rh", "target"] == "fin"
    assert p.organisations.loc[0, "population"] == 21000
    assert "dupont-informatique" in set(p.editors["editor_id"])


def test_folder_of_csv_files(assets: Path, registries: Registries) -> None:
    result = load_inventory([assets / "csv_folder"], registries)
    assert result.errors() == []
    p = result.portfolio
    assert p.org_ids() == ["arcueil"]  # derived from the organisation column
    assert p.organisations.loc[0, "name"] == "Arcueil"
    assert p.organisations.loc[0, "kind"] == "other"
    assert sorted(p.contracts["contract_id"]) == ["C-1", "C-2"]
    assert len(p.flows) == 2


def test_flat_french_csv(assets: Path, registries: Registries) -> None:
    path = assets / "flat_fr.csv"
    result = load_inventory([path], registries)
    p = result.portfolio
    # single body, no organisation column: the file stem is the organisation
    assert p.org_ids() == ["flat-fr"]
    assert list(p.applications["app_id"]) == [
        "flat-fr-paie",
        "flat-fr-compta",
        "flat-fr-courrier",
        "flat-fr-urbanisme",
    ]
    assert list(p.applications["_row"]) == [3, 4, 5, 6]
    # a contract per application row with contract data, ids derived stably
    c = p.contracts.set_index("contract_id")
    assert list(c.index) == [
        "flat-fr-paie-contract",
        "flat-fr-compta-contract",
        "flat-fr-courrier-contract",
        "flat-fr-urbanisme-contract",
    ]
    assert c.loc["flat-fr-paie-contract", "annual_cost"] == pytest.approx(12345.67)
    assert c.loc["flat-fr-compta-contract", "annual_cost"] == pytest.approx(1234.5)
    assert c.loc["flat-fr-urbanisme-contract", "annual_cost"] == pytest.approx(3500)
    assert c.loc["flat-fr-paie-contract", "app_ids"] == "flat-fr-paie"
    assert c.loc["flat-fr-paie-contract", "editor_id"] == "berger-levrault"
    apps = p.applications.set_index("app_id")
    assert apps.loc["flat-fr-paie", "export_formats"] == "csv;odt;pdfa2"
    assert apps.loc["flat-fr-courrier", "export_formats"] == "zorglub"  # unknown: slug, warned
    lines = [pr.render("en") for pr in result.problems]
    assert lines == [
        f"{path}: row 4, column 'Date de fin': error: the contract ends on 2022-12-31, before it "
        "starts (2023-01-01) — check both dates",
        f"{path}: row 5, column 'Coût annuel': error: -50 is below the minimum 0",
        f"{path}: row 5, column 'Date de fin': warning: no end date: renewal deadlines cannot "
        "be planned",
        f"{path}: row 5, column 'Formats d'export': warning: unknown format 'Zorglub', kept as "
        "written — add it to rules/formats.yaml or a --rules file",
        f"{path}: row 5, column 'Éditeur': warning: editor 'Inconnu Soft' is not in the editor "
        "registry (no corporate group known) — check the spelling or add it to a --rules file",
        f"{path}: row 6, column 'Date de fin': error: '31/13/2027' is not a date (e.g. "
        "31/12/2027 or 2027-12-31)",
        f"{path}: row 6, column 'Réversibilité': error: 'peut-être' is not yes, no or partial "
        "(Oui/Non/Partielle; NC or ? when not known)",
        f"{path}: row 6, column 'Éditeur': warning: no editor given: the application is counted "
        "under an unknown editor — write the editor's name if you know it",
    ]
    # rows with errors are kept, the bad cell empty
    assert len(p.applications) == 4
    assert pd.isna(c.loc["flat-fr-urbanisme-contract", "end_date"])


def test_default_org_option(assets: Path, registries: Registries) -> None:
    result = load_inventory(
        [assets / "flat_fr.csv"], registries, LoadOptions(default_org="gentilly")
    )
    assert result.portfolio.org_ids() == ["gentilly"]
    assert result.portfolio.applications["app_id"].iloc[0] == "gentilly-paie"


def test_quirks_formulas_merged_header_hidden_sheet(assets: Path, registries: Registries) -> None:
    path = assets / "quirks.xlsx"
    result = load_inventory([path], registries)
    assert result.errors() == []
    assert sorted(_codes(result, Severity.WARNING)) == ["hidden_sheet", "merged_header"]
    apps = result.portfolio.applications
    assert list(apps["name"]) == ["Paie", "Compta", "Old"]  # hidden sheet read too
    assert list(apps["extra:Éditeur (2)"].iloc[:2]) == ["x", "y"]  # merged header keeps data
    c = result.portfolio.contracts
    assert list(c["annual_cost"]) == [1000, 2000]  # formula: cached value
    assert c["end_date"].iloc[1] == pd.Timestamp("2026-12-31")  # cached 46387


@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_separator_and_bom_detected(tmp_path: Path, registries: Registries, sep: str) -> None:
    rows = [["Nom", "Éditeur", "Domaine", "Utilisateurs"], ["Paie", "Ciril", "RH", "12"]]
    path = tmp_path / "apps.csv"
    text = "\n".join(sep.join(r) for r in rows) + "\n"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    result = load_inventory([path], registries)
    assert result.errors() == []
    assert result.portfolio.applications["users"].tolist() == [12]


def test_unknown_column_kept_and_reported(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "apps.csv"
    path.write_text("Nom;Éditeur;Domaine;Qxzw\nPaie;Ciril;RH;à revoir\n", encoding="utf-8")
    result = load_inventory([path], registries)
    assert _codes(result) == ["unknown_column"]
    assert result.problems[0].location.row == 1
    assert result.portfolio.applications["extra:Qxzw"].tolist() == ["à revoir"]


def test_understood_column_kept_without_warning(tmp_path: Path, registries: Registries) -> None:
    """A remark column is understood (a description the audit does not use): kept, no warning."""
    path = tmp_path / "apps.csv"
    path.write_text("Nom;Éditeur;Domaine;Remarque\nPaie;Ciril;RH;à revoir\n", encoding="utf-8")
    result = load_inventory([path], registries)
    assert _codes(result) == []
    assert result.portfolio.applications["extra:Remarque"].tolist() == ["à revoir"]


def test_derived_ids_are_suffixed_in_row_order(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "mairie.csv"
    path.write_text(
        "Nom;Éditeur;Domaine\nPaie;Ciril;RH\nPaie;JVS;RH\nPaie;Ciril;RH\n", encoding="utf-8"
    )
    apps = load_inventory([path], registries).portfolio.applications
    assert apps["app_id"].tolist() == ["mairie-paie", "mairie-paie-2", "mairie-paie-3"]


def test_cross_table_errors(tmp_path: Path, registries: Registries) -> None:
    folder = tmp_path / "inv"
    folder.mkdir()
    (folder / "applications.csv").write_text(
        "Identifiant application;Organisation;Nom;Éditeur;Domaine\n"
        "a1;mairie;Paie;Ciril;RH\na1;mairie;Compta;Ciril;Finances\n",
        encoding="utf-8",
    )
    (folder / "contrats.csv").write_text(
        "N° contrat;Organisation;Éditeur;Applications couvertes;Coût annuel\n"
        "c1;mairie;Ciril;a1, zz;100\n",
        encoding="utf-8",
    )
    (folder / "flux.csv").write_text(
        "Organisation;Source;Cible\nmairie;Paie;Nulle Part\n", encoding="utf-8"
    )
    result = load_inventory([folder], registries)
    errors = {(Path(p.location.file).name, p.location.row, p.code) for p in result.errors()}
    assert errors == {
        ("applications.csv", 3, "duplicate_id"),
        ("contrats.csv", 2, "unknown_application"),
        ("flux.csv", 2, "unknown_endpoint"),
    }
    dup = next(p for p in result.errors() if p.code == "duplicate_id")
    assert dup.message("en") == "duplicate id 'a1', already used on row 2"


def test_the_templates_instructions_and_lists_sheets_are_not_reported(tmp_path: Path) -> None:
    from vendorlock.demo import write_template
    from vendorlock.i18n import Lang
    from vendorlock.readers import LoadOptions, load_inventory
    from vendorlock.registry import load_registries

    for lang in Lang:
        path = write_template(tmp_path / f"template-{lang.value}.xlsx", lang)
        result = load_inventory([path], load_registries(), LoadOptions())
        codes = {p.code for p in result.problems}
        assert not codes & {"sheet_ignored", "hidden_sheet"}, codes


def test_a_template_with_only_applications_filled_belongs_to_the_files_organisation(
    tmp_path: Path,
) -> None:
    import openpyxl

    from vendorlock.demo import write_template
    from vendorlock.i18n import Lang
    from vendorlock.readers import LoadOptions, load_inventory
    from vendorlock.registry import load_registries

    path = write_template(tmp_path / "mairie-de-valmont.xlsx", Lang.FR)
    wb = openpyxl.load_workbook(path)
    ws = wb["Applications"]
    headers = [c.value for c in ws[1]]
    row = dict.fromkeys(headers)
    row.update(
        {"Nom de l'application": "Finances", "Éditeur": "Berger-Levrault", "Domaine": "finances"}
    )
    ws.append([row[h] for h in headers])
    wb.save(path)
    result = load_inventory([path], load_registries(), LoadOptions())
    assert result.errors() == []
    assert result.portfolio.applications["org_id"].tolist() == ["mairie-de-valmont"]
