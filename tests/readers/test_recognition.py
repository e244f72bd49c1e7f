"""Header and sheet recognition: the words people and tools really write as column headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.model.schema import Table
from vendorlock.readers import load_inventory
from vendorlock.readers.connector import load_connector
from vendorlock.registry.registries import Registries

A, C, E = Table.APPLICATIONS, Table.CONTRACTS, Table.EDITORS

# (sheet table, header as written, expected "table.field" or None, qualifiers)
HEADERS = [
    # The ten French DSI headers of issue 7 (flat inventory: an applications sheet).
    (A, "Montant TTC", "contracts.annual_cost", ("ttc",)),
    (A, "Coût licence", "contracts.annual_cost", ()),
    (A, "Fin de marché", "contracts.end_date", ()),
    (A, "Durée (mois)", "contracts.~duration", ("months",)),
    (A, "Editeur / Prestataire", "applications.editor_id", ()),
    (A, "SaaS / On-premise", "applications.hosting", ()),
    (A, "Référent métier", "applications.~owner", ()),
    (A, "N° de marché", "contracts.contract_id", ()),
    (A, "Nombre de licences", "applications.users", ()),
    (A, "Objet du marché", "contracts.~subject", ()),
    # Qualifiers and units understood, not fatal.
    (A, "Montant HT", "contracts.annual_cost", ("ht",)),
    (A, "Coût annuel (€ HT)", "contracts.annual_cost", ("euros", "ht")),
    (C, "Montant en € TTC", "contracts.annual_cost", ("euros", "ttc")),
    (A, "Volume (Go)", "applications.data_volume_gb", ("gb",)),
    (C, "Préavis (mois)", "contracts.notice_months", ("months",)),
    # Word order ignored.
    (A, "Métier domaine", "applications.domain", ()),
    (C, "Marché fin", "contracts.end_date", ()),
    # On a contracts sheet the words that only repeat the table are dropped.
    (C, "Fin de marché", "contracts.end_date", ()),
    (C, "N° de marché", "contracts.contract_id", ()),
    # GLPI contract list labels, French (locales/fr_FR.po) and English (Contract.php).
    (C, "Numéro", "contracts.contract_id", ()),
    (C, "Entité", "contracts.org_id", ()),
    (C, "Date de début", "contracts.start_date", ()),
    (C, "Date de fin", "contracts.end_date", ()),
    (C, "Préavis", "contracts.notice_months", ()),
    (C, "Reconduction", "contracts.renewal", ()),
    (C, "Coût total", "contracts.annual_cost", ()),
    (C, "Durée", "contracts.~duration", ()),
    (C, "Nom", "contracts.~name", ()),
    (C, "Start date", "contracts.start_date", ()),
    (C, "End date", "contracts.end_date", ()),
    (C, "Notice", "contracts.notice_months", ()),
    (C, "Renewal", "contracts.renewal", ()),
    (C, "Duration", "contracts.~duration", ()),
    (C, "Entity", "contracts.org_id", ()),
    (C, "Total cost", "contracts.annual_cost", ()),
    # GLPI software list labels.
    (A, "Nom", "applications.name", ()),
    (A, "Entité", "applications.org_id", ()),
    (A, "Éditeur", "applications.editor_id", ()),
    (A, "Publisher", "applications.editor_id", ()),
    # GLPI's installed base is the best count of users a software inventory holds.
    (A, "Nombre d'installations", "applications.users", ()),
    (A, "Number of installations", "applications.users", ()),
    (A, "Commentaires", "applications.~description", ()),
    # snake_case and camelCase names of open-data exports (DECP).
    (C, "dateNotification", "contracts.start_date", ()),
    (C, "montant", "contracts.annual_cost", ()),
    (C, "titulaire_denominationSociale", "contracts.editor_id", ()),
    (C, "acheteur.id", "contracts.org_id", ()),
    (C, "date_notification", "contracts.start_date", ()),
    # A misspelt word is corrected.
    (A, "Editeru", "applications.editor_id", ()),
    (A, "Hébergemnt", "applications.hosting", ()),
    # Risky aliases reviewed: these name no field.
    (A, "Service", None, ()),
    (A, "Interface", None, ()),
    (A, "Type", None, ()),
    (A, "Truc logiciel", None, ()),
    # "SIREN organisation" is the organisation id, "SIREN" its SIREN.
    (Table.ORGANISATIONS, "SIREN", "organisations.siren", ()),
    (Table.ORGANISATIONS, "SIREN organisation", "organisations.org_id", ()),
]


@pytest.mark.parametrize(("table", "header", "expected", "qualifiers"), HEADERS)
def test_header_recognised(
    table: Table, header: str, expected: str | None, qualifiers: tuple[str, ...]
) -> None:
    match = load_connector().match(table, header)
    got = f"{match.target.table.value}.{match.target.field}" if match.target else None
    assert got == expected
    assert match.qualifiers == qualifiers


def test_two_fields_equally_likely_is_ambiguous() -> None:
    match = load_connector().match(C, "Date")
    assert match.target is None
    assert {t.field for t in match.ambiguous} == {"start_date", "end_date"}


def test_unmatched_header_gets_suggestions() -> None:
    connector = load_connector()
    assert connector.match(A, "Machin fournisseur").target is None
    assert connector.suggest(A, "Machin fournisseur")[0].field == "editor_id"


def test_holder_of_contract_read_as_editor_with_warning() -> None:
    match = load_connector().match(C, "Titulaire")
    assert match.target is not None and match.target.field == "editor_id"
    assert match.reseller


def test_match_is_cached_per_header_text() -> None:
    connector = load_connector()
    first = connector.match(A, "Montant TTC")
    assert connector.match(A, "Montant TTC") is first


def _glpi_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A GLPI search-list CSV export: UTF-8 BOM, ';', every field quoted, trailing ';'."""
    lines = [";".join(f'"{c}"' for c in row) + ";" for row in [header, *rows]]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


GLPI_CONTRACTS_FR = [
    "Nom",
    "Entité",
    "Numéro",
    "Type",
    "Date de début",
    "Durée",
    "Préavis",
    "Date de fin",
    "Reconduction",
    "Fournisseurs associés",
    "Coût total",
]


def test_glpi_contract_export_named_glpi_csv_is_read_as_contracts(
    tmp_path: Path, registries: Registries
) -> None:
    path = _glpi_csv(
        tmp_path / "glpi.csv",
        GLPI_CONTRACTS_FR,
        [
            [
                "Maintenance Ciril Finances",
                "Entité racine > Ville de Gentilly",
                "2021-045",
                "Maintenance",
                "2021-01-01",
                "36 mois",
                "3 mois",
                "2023-12-31",
                "Tacite",
                "CIRIL GROUP",
                "12500.00",
            ]
        ],
    )
    result = load_inventory([path], registries)
    (reading,) = result.readings
    assert reading.table is C
    assert reading.reason == "headers"
    fields = {c.header: c.target.field for c in reading.columns if c.target}
    assert fields["Numéro"] == "contract_id"
    assert fields["Fournisseurs associés"] == "editor_id"
    assert fields["Coût total"] == "annual_cost"
    assert fields["Durée"] == "~duration"
    assert result.portfolio.contracts["contract_id"].tolist() == ["2021-045"]
    codes = {p.code for p in result.problems}
    assert "reseller_column" in codes  # associated suppliers may be resellers


def test_only_sheet_named_worksheet_is_read_by_its_headers(
    tmp_path: Path, registries: Registries
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Worksheet"
    sheet.append(["Nom", "Entité", "Éditeur", "Nombre d'installations"])
    sheet.append(["LibreOffice", "Entité racine", "The Document Foundation", 120])
    sheet.append(["Acrobat Reader", "Entité racine", "Adobe Systems Incorporated", 80])
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = load_inventory([path], registries)
    (reading,) = result.readings
    assert (reading.sheet, reading.table, reading.reason) == ("Worksheet", A, "headers")
    assert result.portfolio.applications["name"].tolist() == ["LibreOffice", "Acrobat Reader"]


def test_sheet_that_could_be_two_tables_says_so(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nom;SIREN\nVille de Gentilly;219200367\n", encoding="utf-8")
    result = load_inventory([path], registries)
    (reading,) = result.readings
    assert reading.table is Table.ORGANISATIONS
    assert reading.alternatives == (E,)
    (problem,) = [p for p in result.problems if p.code == "sheet_two_tables"]
    assert problem.message("fr") == (
        "ses en-têtes désignent autant la table Organisations que Éditeurs\u00a0: lue comme "
        "Organisations — précisez-le dans un fichier --mapping si c'est faux"
    )


def test_ttc_amount_is_flagged(tmp_path: Path, registries: Registries) -> None:
    from vendorlock.readers.connector import load_connector as connector
    from vendorlock.readers.load import read_sheets
    from vendorlock.readers.recognise import recognise

    path = tmp_path / "inventaire.csv"
    path.write_text(
        "Logiciel;Éditeur;Domaine;Montant TTC\nParapheur;Libriciel;Finances;1 200\n",
        encoding="utf-8",
    )
    conn = connector()
    (sheet,) = read_sheets(path, conn, load_inventory.__defaults__[0].limits)  # type: ignore[index]
    chunk, _, reading = recognise(conn, sheet, None)
    assert chunk is not None and chunk.flat
    assert chunk.vat() == "ttc"
    (cost,) = [c for c in reading.columns if c.header == "Montant TTC"]
    assert cost.qualifiers == ("ttc",)
    result = load_inventory([path], registries)
    assert result.portfolio.contracts["annual_cost"].tolist() == [1200.0]
    assert [r.vat() for r in result.readings] == ["ttc"]


def test_ambiguous_and_unknown_headers_are_warned_in_french(
    tmp_path: Path, registries: Registries
) -> None:
    path = tmp_path / "contrats.csv"
    path.write_text(
        "N° de marché;Éditeur;Date;Machin fournisseur\nM-1;Ciril;2024-01-01;x\n", encoding="utf-8"
    )
    result = load_inventory([path], registries)
    by_code = {p.code: p for p in result.problems}
    assert by_code["ambiguous_column"].message("fr") == (
        "la colonne «\u00a0Date\u00a0» peut aussi bien être «\u00a0Date de fin\u00a0», «\u00a0Date de début\u00a0»\u00a0: "
        "conservée comme attribut supplémentaire — précisez-la dans un fichier --mapping"
    )
    assert (
        by_code["unknown_column_suggest"]
        .message("fr")
        .startswith(
            "colonne inconnue «\u00a0Machin fournisseur\u00a0», conservée comme attribut supplémentaire — "
            "vouliez-vous dire «\u00a0Éditeur\u00a0»"
        )
    )
    assert "editor_id" not in by_code["unknown_column_suggest"].message("fr")


def test_french_messages_name_french_labels_not_schema_ids(
    tmp_path: Path, registries: Registries
) -> None:
    folder = tmp_path / "inv"
    folder.mkdir()
    (folder / "contrats.csv").write_text("Organisation;Coût annuel\nm1;10\n", encoding="utf-8")
    (folder / "organisations.csv").write_text(
        "Identifiant organisation;Nom de l'organisation;Type;Structure parente\n"
        "m1;Ville;commune;syndicat-x\n",
        encoding="utf-8",
    )
    result = load_inventory([folder], registries)
    by_code = {p.code: p for p in result.problems}
    assert by_code["missing_column"].render("fr") == (
        f"{folder / 'contrats.csv'}\u00a0: ligne 1\u00a0: erreur\u00a0: aucune colonne pour le champ obligatoire "
        "«\u00a0Éditeur\u00a0» — ajoutez-la (voir vendorlock schema)"
    )
    assert by_code["unknown_reference"].message("fr") == (
        "«\u00a0syndicat-x\u00a0» ne désigne aucune ligne de la table Organisations"
    )
