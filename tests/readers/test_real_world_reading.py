"""What the real-world corpus (issue 7) taught the readers, each checked on its own.

Flat sheets whose headers say "du marché", procurement records with no application column, one
marché written on several rows, GLPI entity trees and ``<br>``-joined values, lists without an
editor column, and locations that never name a schema id.
"""

from __future__ import annotations

from pathlib import Path

from vendorlock.model.problems import Severity
from vendorlock.model.schema import Table
from vendorlock.readers import load_inventory
from vendorlock.readers.connector import load_connector
from vendorlock.readers.recognise import guess_table
from vendorlock.registry.registries import UNKNOWN_EDITOR, Registries


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _codes(result: object, severity: Severity) -> list[str]:
    return [p.code for p in result.problems if p.severity is severity]  # type: ignore[attr-defined]


def test_a_header_naming_the_contract_on_a_flat_sheet_reads_the_contract_field() -> None:
    connector = load_connector()
    start = connector.match(Table.APPLICATIONS, "Début du marché").target
    assert start is not None and (start.table, start.field) == (Table.CONTRACTS, "start_date")
    # Without a word naming the contract, a bare number is not taken for a contract number.
    bare = connector.match(Table.APPLICATIONS, "N°").target
    assert bare is None or bare.field != "contract_id"


def test_procurement_records_are_read_as_applications_bought() -> None:
    connector = load_connector()
    records = ["id", "acheteur.id", "nature", "objet", "procedure", "montant", "titulaire_nom"]
    assert guess_table(connector, records)[0] is Table.APPLICATIONS
    # A contract list that names the applications it covers stays a contract list.
    glpi = ["Nom", "Entité", "Numéro", "Fournisseur", "Coût", "Éléments - Nom"]
    assert guess_table(connector, glpi)[0] is Table.CONTRACTS


def test_one_contract_number_on_two_rows_is_two_lots_of_one_contract(
    tmp_path: Path, registries: Registries
) -> None:
    path = _csv(
        tmp_path / "inventaire.csv",
        "Nom;Éditeur;N° de marché;Coût licence\n"
        "Maarch Courrier;Maarch;2020-011;3600\n"
        "i-Parapheur;Libriciel;2020-011;1900\n",
    )
    result = load_inventory([path], registries)
    assert _codes(result, Severity.ERROR) == []
    contracts = result.portfolio.contracts.sort_values("contract_id")
    assert contracts["contract_id"].tolist() == ["2020-011", "2020-011-2"]
    assert contracts["annual_cost"].tolist() == [3600, 1900]
    (lot,) = [p for p in result.problems if p.code == "contract_lines"]
    assert (lot.location.row, lot.location.column) == (3, "N° de marché")
    assert "«\u00a02020-011-2\u00a0»" in lot.render("fr")


def test_a_contract_of_an_entity_covers_software_of_its_sub_entities(
    tmp_path: Path, registries: Registries
) -> None:
    folder = tmp_path / "glpi"
    folder.mkdir()
    _csv(
        folder / "logiciels.csv",
        "Nom;Entité;Éditeur\n"
        "Civil Net RH;Mairie de Saint-Aubin > Services;CIRIL GROUP SAS\n"
        "Civil Net Finances;Mairie de Saint-Aubin > Services;CIRIL GROUP SAS\n",
    )
    _csv(
        folder / "contrats.csv",
        "Numéro;Entité;Fournisseur;Coût;Éléments - Nom\n"
        "2021-07;Mairie de Saint-Aubin;CIRIL GROUP SAS;19 850.00;"
        "Civil Net RH<br>Civil Net Finances\n"
        "2021-08;Mairie de Saint-Aubin;CIRIL GROUP SAS;1 000.00;Logiciel absent\n",
    )
    result = load_inventory([folder], registries)
    contracts = result.portfolio.contracts.set_index("contract_id")
    apps = result.portfolio.applications.set_index("name")["app_id"]
    covered = set(str(contracts.loc["2021-07", "app_ids"]).split(";"))
    assert covered == {apps["Civil Net RH"], apps["Civil Net Finances"]}
    # A name found in no sub-entity is still reported.
    unknown = [p for p in result.problems if p.code == "unknown_application"]
    assert [p.param_dict["value"] for p in unknown] == ["Logiciel absent"]


def test_a_list_without_an_editor_column_is_read_under_the_unknown_editor(
    tmp_path: Path, registries: Registries
) -> None:
    path = _csv(tmp_path / "sill.csv", "nom,licence,version\nVLC,GPL-2.0-or-later,3\n")
    result = load_inventory([path], registries)
    assert _codes(result, Severity.ERROR) == []
    assert result.portfolio.applications["editor_id"].tolist() == [UNKNOWN_EDITOR]
    (warning,) = [p for p in result.problems if p.code == "no_editor_column"]
    text = warning.render("fr")
    assert "«\u00a0Éditeur\u00a0»" in text and "editor_id" not in text


def test_a_missing_column_is_never_located_by_its_schema_id(
    tmp_path: Path, registries: Registries
) -> None:
    path = _csv(tmp_path / "inventaire.csv", "Nom;Éditeur;Montant HT\nPaie;Ciril;1200\n")
    result = load_inventory([path], registries)
    (end,) = [p for p in result.problems if p.code == "missing_end_date"]
    assert end.location.column is None
    assert "end_date" not in end.render("fr")


def test_licence_lists_and_lgpl_2_are_open_source(registries: Registries) -> None:
    from vendorlock.readers.licences import classify_licence

    # The SILL writes several licences as a list, and the deprecated SPDX id "LGPL-2.0".
    assert classify_licence(registries, frozenset(), "LGPL-2.0") == ("LGPL-2.0-only", True)
    value, understood = classify_licence(registries, frozenset(), "LGPL-2.1, LGPL-2.0,  LGPL-3.0")
    assert understood and value == "LGPL-2.1-only OR LGPL-2.0-only OR LGPL-3.0-only"
    # A list is alternatives (dual licensing): open when one of them is.
    assert classify_licence(registries, frozenset(), "propriétaire; MIT") == (
        "proprietary OR MIT",
        True,
    )
