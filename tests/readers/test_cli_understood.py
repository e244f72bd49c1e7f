"""``validate`` says what it understood; mapping files; JSON and XML refused — as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from vendorlock.cli import main

FLAT = (
    "Logiciel;Editeur / Prestataire;Domaine;Montant TTC;Fin de marché;Référent métier;Qxzw\n"
    "Parapheur;Libriciel;Finances;1 200;31/12/2027;M. Martin;a\n"
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _flat(tmp_path: Path) -> Path:
    path = tmp_path / "ville.csv"
    path.write_text(FLAT, encoding="utf-8")
    return path


def test_validate_says_what_it_understood_in_english(tmp_path: Path) -> None:
    path = _flat(tmp_path)
    code, out = _run("validate", str(path), "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[:9] == [
        "What was understood:",
        f"{path}: read as Applications (its headers name 5 of its fields); header row 1",
        "  'Logiciel' → 'Name'",
        "  'Editeur / Prestataire' → 'Editor'",
        "  'Domaine' → 'Domain'",
        "  'Montant TTC' → 'Annual cost (€ HT)' (Contracts); amounts include VAT (TTC)",
        "  'Fin de marché' → 'End date' (Contracts)",
        "  'Référent métier' → 'Business owner': understood, kept, not used by the audit",
        "  'Qxzw' → not recognised",
    ]


def test_validate_says_what_it_understood_in_french(tmp_path: Path) -> None:
    path = _flat(tmp_path)
    code, out = _run("validate", str(path), "--lang", "fr")
    assert code == 0
    lines = out.splitlines()
    assert lines[:9] == [
        "Ce qui a été compris\u00a0:",
        f"{path}\u00a0: lue comme Applications (ses en-têtes désignent 5 de ses champs)\u00a0; "
        "ligne d'en-tête 1",
        "  «\u00a0Logiciel\u00a0» → «\u00a0Nom de l'application\u00a0»",
        "  «\u00a0Editeur / Prestataire\u00a0» → «\u00a0Éditeur\u00a0»",
        "  «\u00a0Domaine\u00a0»\u00a0: le champ du même nom",
        "  «\u00a0Montant TTC\u00a0» → «\u00a0Coût annuel (€ HT)\u00a0» (Contrats)\u00a0; montants TTC",
        "  «\u00a0Fin de marché\u00a0» → «\u00a0Date de fin\u00a0» (Contrats)",
        "  «\u00a0Référent métier\u00a0» → «\u00a0Référent métier\u00a0»\u00a0: compris, conservé, non utilisé par l'audit",
        "  «\u00a0Qxzw\u00a0» → non reconnue",
    ]
    # French all the way: no schema id in what the user reads.
    for word in ("editor_id", "annual_cost", "end_date", "domain", "organisations, 1 editors"):
        assert word not in out
    assert lines[-1] == (
        "valide\u00a0: 1 organisation, 1 éditeur, 1 application, 1 contrat, 0 flux\u00a0; "
        "0 erreur, 1 avertissement"
    )


def test_validate_json_carries_what_was_understood(tmp_path: Path) -> None:
    path = _flat(tmp_path)
    code, out = _run("validate", str(path), "--format", "json", "--lang", "fr")
    assert code == 0
    (sheet,) = json.loads(out)["understood"]
    assert (sheet["table"], sheet["table_label"], sheet["reason"]) == (
        "applications",
        "Applications",
        "headers",
    )
    cost = sheet["columns"][3]
    assert cost == {
        "position": 4,
        "header": "Montant TTC",
        "status": "field",
        "field": "contracts.annual_cost",
        "label": "Coût annuel (€ HT)",
        "how": "exact",
        "score": 100.0,
        "qualifiers": ["ttc"],
        "candidates": [],
    }
    assert sheet["columns"][6]["status"] == "unknown"


def test_mapping_round_trip_on_invented_headers(tmp_path: Path) -> None:
    """Unrecognised export → saved mapping → the user names the fields → read fully."""
    export = tmp_path / "export-mars.csv"
    export.write_text(
        "Truc logiciel;Machin fournisseur;Bidule domaine\n"
        "Parapheur;Libriciel;Finances\n"
        "Paie;Ciril;RH\n",
        encoding="utf-8",
    )
    saved = tmp_path / "export.yaml"
    code, out = _run("validate", str(export), "--save-mapping", str(saved), "--lang", "en")
    assert code == 1
    assert "  'Machin fournisseur' → not recognised; did you mean 'Editor'" in out
    doc = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert doc == {
        "version": 1,
        "sheets": [
            {
                "file": "export-mars.csv",
                "table": None,
                "columns": {
                    "Truc logiciel": None,
                    "Machin fournisseur": None,
                    "Bidule domaine": None,
                },
            }
        ],
    }
    # The user fills in the table and the fields, and makes the entry fit every month.
    entry = doc["sheets"][0]
    entry["file"] = "export-*.csv"
    entry["table"] = "applications"
    entry["columns"] = {
        "Truc logiciel": "name",
        "Machin fournisseur": "editor_id",
        "Bidule domaine": "domain",
    }
    saved.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    april = tmp_path / "export-avril.csv"
    april.write_text(export.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = _run("validate", str(april), "--mapping", str(saved), "--lang", "en")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[1] == (
        f"{april}: read as Applications (as the mapping file says); header row 1, 3 columns read"
    )
    assert "  'Machin fournisseur' → 'Editor' (mapping file)" in lines
    assert lines[-1].startswith("valid: 1 organisation, 2 editors, 2 applications")
    # Saving again writes back what the mapping made of it.
    again = tmp_path / "again.yaml"
    _run("validate", str(april), "--mapping", str(saved), "--save-mapping", str(again))
    columns = yaml.safe_load(again.read_text(encoding="utf-8"))["sheets"][0]["columns"]
    assert columns == entry["columns"]
    # Every command that reads an inventory takes the mapping.
    out_dir = tmp_path / "rapport"
    code, _ = _run("audit", str(april), "--mapping", str(saved), "-o", str(out_dir), "-q")
    assert code == 0
    assert (out_dir / "audit.json").exists()
    code, _ = _run("graph", str(april), "--mapping", str(saved), "-o", str(tmp_path / "g.graphml"))
    assert code == 0


def test_bad_mapping_file_is_a_clear_usage_error(tmp_path: Path) -> None:
    path = _flat(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("sheets:\n- file: '*.csv'\n  table: logiciels\n", encoding="utf-8")
    code, out = _run("validate", str(path), "--mapping", str(bad), "--lang", "fr")
    assert code == 2
    assert "table inconnue «\u00a0logiciels\u00a0»" in out
    assert "Traceback" not in out


def test_json_and_xml_inventories_are_refused_by_content(tmp_path: Path) -> None:
    decp = tmp_path / "decp.csv"  # misnamed: the content decides
    decp.write_text(
        '{"marches": [{"id": "2019-01", "acheteur": {"id": "21750001600019"}, '
        '"dateNotification": "2019-01-28+01:00", "montant": 50000}]}',
        encoding="utf-8",
    )
    other = tmp_path / "export.xml"
    other.write_text('<?xml version="1.0"?>\n<parc><logiciel nom="x"/></parc>', encoding="utf-8")
    code, out = _run("validate", str(decp), str(other), "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    # DECP records are read by their connector (vendorlock/sources/decp.py), whatever the
    # file's name: this one holds no software contract, which is said
    assert (
        f"{decp}: error: no software or IT-service contract (CPV 48*, 72*) in these "
        "procurement records"
    ) in lines
    tail = (
        ", not a spreadsheet or a CSV file, and no connector reads it — `vendorlock connectors "
        "list` shows the sources vendorlock reads; otherwise export the data as CSV or xlsx"
    )
    assert f"{other}: error: this is a XML file (not a known inventory source){tail}" in lines
    code, out = _run("validate", str(other), "--lang", "fr")
    assert out.splitlines()[0] == (
        f"{other}\u00a0: erreur\u00a0: c'est un fichier XML (source d'inventaire inconnue), pas un tableur "
        "ni un fichier CSV, et aucun connecteur ne le lit — `vendorlock connectors list` montre "
        "les sources que vendorlock lit\u00a0; sinon exportez les données en CSV ou en xlsx"
    )


def test_archimate_and_cyclonedx_are_read_by_their_connectors(tmp_path: Path) -> None:
    sbom = tmp_path / "sbom.json"
    sbom.write_text(
        '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": '
        '[{"type": "application", "name": "LibreOffice", "version": "7.6"}]}',
        encoding="utf-8",
    )
    model = tmp_path / "si.xml"
    model.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-1">'
        '<name xml:lang="fr">SI de la ville</name><elements><element identifier="id-2" '
        'xsi:type="ApplicationComponent"><name xml:lang="fr">Siècle</name></element>'
        "</elements></model>",
        encoding="utf-8",
    )
    for path in (sbom, model):
        code, out = _run("validate", str(path), "--lang", "en")
        assert code == 0, out
        assert "this is a" not in out
        assert ", 1 application, " in out.splitlines()[-1], out
    # A component without supplier is counted under the unknown editor, and the user is told.
    code, out = _run("validate", str(sbom), "--lang", "en")
    assert (
        f"{sbom}: sheet 'applications', row 2, column 'editor_id': warning: no editor given" in out
    )


def test_mapping_without_table_takes_the_table_of_its_fields(tmp_path: Path) -> None:
    export = tmp_path / "flux-export.csv"
    export.write_text("De;Vers;Quoi\nParapheur;Hélios;mandats\n", encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "sheets:\n- file: flux-export.csv\n  table: null\n  columns:\n"
        "    De: source\n    Vers: target\n    Quoi: data\n",
        encoding="utf-8",
    )
    code, out = _run("validate", str(export), "--mapping", str(mapping), "--lang", "en")
    assert out.splitlines()[1].startswith(f"{export}: read as Flows (as the mapping file says)")
    assert "  'De' → 'Source' (mapping file)" in out.splitlines()
    assert code == 1  # read as flows: "Parapheur" is then an application this body lacks


def test_mapping_with_columns_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = _flat(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("sheets:\n- file: '*.csv'\n  columns: [a, b]\n", encoding="utf-8")
    code, out = _run("validate", str(path), "--mapping", str(bad), "--lang", "en")
    assert code == 2
    assert "not a mapping file: expected a 'sheets' list" in out


def test_a_template_s_own_headers_share_one_line_per_sheet(tmp_path: Path) -> None:
    """Filled from `vendorlock template`, every header is its field's label: the user is told
    they were read, on one line per sheet, not fifty « X » → « X » lines above the warnings."""
    book = tmp_path / "inventaire.xlsx"
    assert _run("template", str(book), "--lang", "fr")[0] == 0
    _, out = _run("validate", str(book), "--lang", "fr")
    lines = out.splitlines()
    organisations = lines.index(
        f"{book}, feuille «\u00a0Organisations\u00a0»\u00a0: lue comme Organisations (d'après son nom)\u00a0; "
        "ligne d'en-tête 1, colonnes lues\u00a0: 6"
    )
    assert lines[organisations + 1] == (
        "  «\u00a0Identifiant organisation\u00a0», «\u00a0Nom de l'organisation\u00a0», «\u00a0Type\u00a0», «\u00a0SIREN\u00a0», "
        "«\u00a0Population\u00a0», «\u00a0Structure parente\u00a0»\u00a0: champs du même nom"
    )
    # a header whose words say more (a unit, HT/TTC) keeps its own line with what was read
    assert "  «\u00a0Préavis (mois)\u00a0» → «\u00a0Préavis (mois)\u00a0»\u00a0; en mois" in lines
    assert not [x for x in lines if x.startswith("  «\u00a0Type\u00a0» →")]
