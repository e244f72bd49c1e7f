"""``vendorlock validate`` and ``vendorlock schema`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from vendorlock.cli import main


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_validate_valid_workbook(assets: Path) -> None:
    code, out = _run("validate", str(assets / "workbook_fr.xlsx"), "--lang", "en")
    assert code == 0
    assert out.splitlines()[-1] == (
        "valid: 1 organisation, 2 editors, 3 applications, 2 contracts, 2 flows; "
        "0 errors, 0 warnings"
    )


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "logiciels.csv"
    path.write_text("Nom;Éditeur;Domaine\nPaie;;RH\n", encoding="utf-8")  # empty editor: warned
    assert _run("validate", str(path), "--lang", "en")[0] == 0
    code, out = _run("validate", str(path), "--strict", "--lang", "en")
    assert code == 1
    assert out.splitlines()[-1].startswith("invalid: ")


def test_validate_errors_in_french(assets: Path) -> None:
    path = assets / "flat_fr.csv"
    code, out = _run("validate", str(path), "--lang", "fr")
    assert code == 1
    lines = out.splitlines()
    assert (
        f"{path}\u00a0: ligne 5, colonne «\u00a0Coût annuel\u00a0»\u00a0: erreur\u00a0: -50 est inférieur au minimum 0"
        in lines
    )
    # The empty editor cell (row 6) is a warning, not an error (issue 7 point 7): the
    # application is counted under the unknown editor, which the editors table holds.
    assert (
        f"{path}\u00a0: ligne 6, colonne «\u00a0Éditeur\u00a0»\u00a0: avertissement\u00a0: aucun éditeur indiqué"
        in out
    )
    assert lines[-1] == (
        "invalide\u00a0: 1 organisation, 4 éditeurs, 4 applications, 4 contrats, 0 flux\u00a0; "
        "4 erreurs, 4 avertissements"
    )


def test_validate_json(assets: Path) -> None:
    code, out = _run("validate", str(assets / "flat_fr.csv"), "--format", "json", "--lang", "en")
    assert code == 1
    doc = json.loads(out)
    assert doc["valid"] is False
    assert doc["counts"] == {
        "tables": {"organisations": 1, "editors": 4, "applications": 4, "contracts": 4, "flows": 0},
        "errors": 4,
        "warnings": 4,
    }
    first = doc["problems"][0]
    assert first == {
        "severity": "error",
        "code": "end_before_start",
        "file": str(assets / "flat_fr.csv"),
        "sheet": None,
        "row": 4,
        "column": "Date de fin",
        "message": "the contract ends on 2022-12-31, before it starts (2023-01-01) — check both dates",
        "params": {"end": "2022-12-31", "start": "2023-01-01", "value": "2022-12-31"},
    }


def test_validate_broken_file_is_one_line_no_traceback(assets: Path) -> None:
    path = assets / "encrypted.xlsx"
    code, out = _run("validate", str(path), "--lang", "en")
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}: error: the workbook is password-protected — save a copy without a password "
        "and validate that copy"
    )
    assert "Traceback" not in out


def test_schema_one_table() -> None:
    code, out = _run("schema", "applications")
    assert code == 0
    doc = json.loads(out)
    assert doc["name"] == "applications"
    assert doc["primaryKey"] == ["app_id"]


def test_schema_all_and_list() -> None:
    code, out = _run("schema")
    assert code == 0
    assert list(json.loads(out)) == [
        "organisations",
        "editors",
        "applications",
        "contracts",
        "flows",
    ]
    code, out = _run("schema", "--list", "--lang", "en")
    assert code == 0
    assert out.splitlines()[2] == "applications\tOne product in use by one organisation."
    code, out = _run("schema", "--list", "--lang", "fr")  # described in the reader's language
    assert code == 0
    assert out.splitlines()[2] == "applications\tUn produit utilisé par une organisation."


def test_schema_unknown_table_is_a_usage_error() -> None:
    code, out = _run("schema", "foo", "--lang", "en")
    assert code == 2
    assert "unknown table 'foo'; expected one of: organisations, editors" in out


def test_help_texts_have_examples() -> None:
    for command in ("validate", "schema"):
        code, out = _run(command, "--help")
        assert code == 0
        assert f"vendorlock {command}" in out.split("Examples:")[1]


def _workbook_in(folder: Path, assets: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "inventaire.xlsx").write_bytes((assets / "workbook_fr.xlsx").read_bytes())


def test_a_folder_with_its_inventory_in_sub_folders_names_them(
    tmp_path: Path, assets: Path
) -> None:
    """Sub-folders are not searched (an audit folder or old exports may sit there): the error
    says so and names them, instead of calling the folder an empty file."""
    for name in ("2025", "2026"):
        _workbook_in(tmp_path / "inventaires" / name, assets)
    folder = tmp_path / "inventaires"
    code, out = _run("validate", str(folder), "--lang", "en")
    assert code == 1
    assert out.splitlines()[0] == (
        f"{folder}: error: no inventory file at the top of this folder: its files are in "
        "sub-folders (2025, 2026), which are not read — give the sub-folder that holds the "
        "inventory (or several) as input"
    )
    assert "empty" not in out
    code, out = _run("validate", str(folder / "2026"), "--lang", "en")
    assert code == 0, out


def test_a_folder_with_one_sub_folder_in_french(tmp_path: Path, assets: Path) -> None:
    _workbook_in(tmp_path / "inventaires" / "2026", assets)
    (tmp_path / "inventaires" / "notes.md").write_text("à lire", encoding="utf-8")
    folder = tmp_path / "inventaires"
    code, out = _run("validate", str(folder), "--lang", "fr")
    assert code == 1
    assert out.splitlines()[0] == (
        f"{folder}\u00a0: erreur\u00a0: aucun fichier d'inventaire à la racine de ce dossier\u00a0: "
        "ses fichiers sont dans le sous-dossier 2026, qui n'est pas lu — donnez ce "
        "sous-dossier en entrée"
    )


def test_an_empty_folder_says_which_files_are_read(tmp_path: Path) -> None:
    code, out = _run("validate", str(tmp_path), "--lang", "en")
    assert code == 1
    assert out.splitlines()[0] == (
        f"{tmp_path}: error: no inventory file in this folder (vendorlock reads its .csv, .tsv, "
        ".txt, .xlsx, .xls, .ods files, and the JSON or XML exports it recognises)"
    )


def test_an_empty_file_is_still_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "applications.csv"
    path.write_bytes(b"")
    code, out = _run("validate", str(path), "--lang", "fr")
    assert code == 1
    assert out.splitlines()[0] == f"{path}\u00a0: erreur\u00a0: le fichier est vide"
