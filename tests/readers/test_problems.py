"""Each problem the readers report, produced by a small input, with its exact message."""

from __future__ import annotations

from pathlib import Path

from vendorlock.i18n import Lang, keys
from vendorlock.readers import load_inventory
from vendorlock.registry import Registries


def _messages(path: Path, registries: Registries) -> dict[str, str]:
    result = load_inventory([path], registries)
    return {p.code: p.render(Lang.EN) for p in result.problems}


def test_sheet_level_and_cell_level_problems(tmp_path: Path, registries: Registries) -> None:
    folder = tmp_path / "inv"
    folder.mkdir()
    (folder / "organisations.csv").write_text(
        "Identifiant organisation;Nom;Type;SIREN;Structure parente\n"
        "m1;Mairie;ville;12345;syndicat-x\n",
        encoding="utf-8",
    )
    (folder / "applications.csv").write_text(
        "Organisation;Nom;Éditeur;Domaine;Utilisateurs;Nom;;Criticité\n"
        "m1;Paie;Ciril;Voirie;12,5;bis;data;énorme\n",
        encoding="utf-8",
    )
    (folder / "flux.csv").write_text(
        "Organisation;Source;Cible;Norme d'échange\nm1;Paie;Hélios;PES V9\n", encoding="utf-8"
    )
    (folder / "contrats.csv").write_text("Organisation;Coût annuel\nm1;10\n", encoding="utf-8")
    (folder / "notes.csv").write_text("Réunion;Ordre du jour\nlundi;budget\n", encoding="utf-8")
    msgs = _messages(folder, registries)
    orgs, apps = folder / "organisations.csv", folder / "applications.csv"
    assert msgs["invalid_pattern"] == (
        f"{orgs}: row 2, column 'SIREN': error: '12345' does not have the expected form "
        "(^[0-9]{9}$)"
    )
    assert msgs["unknown_reference"] == (
        f"{orgs}: row 2, column 'Structure parente': error: 'syndicat-x' names no row of the "
        "Organisations table"
    )
    assert msgs["invalid_value"].startswith(
        f"{apps}: row 2, column 'Criticité': error: 'énorme' is not an allowed value; expected "
        "one of: 'low', 'medium', 'high', 'critical'"
    ) or msgs["invalid_value"].startswith(f"{apps}: row 2, column 'Domaine': error: 'Voirie'")
    assert msgs["invalid_integer"] == (
        f"{apps}: row 2, column 'Utilisateurs': error: '12,5' is not a whole number "
        "of at most 12 digits"
    )
    assert msgs["duplicate_column"] == (
        f"{apps}: row 1, column 'Nom': warning: column 'Nom' repeats a column already read, "
        "kept as an extra attribute"
    )
    assert msgs["unnamed_column"] == (
        f"{apps}: row 1: warning: column 7 has data but no header, kept as an extra attribute"
    )
    assert msgs["unknown_standard"] == (
        f"{folder / 'flux.csv'}: row 2, column 'Norme d'échange': warning: unknown exchange "
        "standard 'PES V9', kept as written — add it to rules/standards.yaml or a --rules file"
    )
    assert msgs["missing_column"] == (
        f"{folder / 'contrats.csv'}: row 1: error: no column for the required field 'Editor' "
        "— add it (see vendorlock schema)"
    )
    assert msgs["sheet_ignored"] == (
        f"{folder / 'notes.csv'}: warning: ignored: neither its name nor its header row names "
        "an inventory table"
    )


def test_unreadable_file(tmp_path: Path, registries: Registries) -> None:
    link = tmp_path / "gone.csv"
    link.symlink_to(tmp_path / "missing.csv")
    msgs = _messages(link, registries)
    assert msgs["unreadable_file"].startswith(f"{link}: error: cannot be read (")


def test_every_reader_message_exists_in_both_languages() -> None:
    import yaml

    from vendorlock.i18n import _LOCALE_DIR

    data = yaml.safe_load((_LOCALE_DIR / "readers.yaml").read_text(encoding="utf-8"))
    assert set(data) <= set(keys())
    for key, texts in data.items():
        assert texts["en"] and texts["fr"], key
        # Layout-only lines, and words spelt alike, read the same in both languages.
        same = {
            "validate.table_count",
            "understood.column_field",
            "understood.column_flat",
            "table.organisations",
            "table.applications",
            "table.organisations.one",
            "table.applications.one",
        }
        if key not in same:
            assert texts["en"] != texts["fr"], key


def test_located_lines_take_a_non_breaking_space_before_each_colon_in_french() -> None:
    """French typography: « feuille « Applications », ligne 4, colonne « B »\u00a0: erreur\u00a0: … »,
    with a non-breaking space so a colon never starts a wrapped line; English has none."""
    from vendorlock.model.problems import Location, Problem, Severity

    problem = Problem.make(
        Severity.ERROR, "empty_file", Location("inv.xlsx", "Applications", 4, "B")
    )
    assert problem.render("fr") == (
        "inv.xlsx\u00a0: feuille «\u00a0Applications\u00a0», ligne 4, colonne «\u00a0B\u00a0»\u00a0: erreur\u00a0: "
        "le fichier est vide"
    )
    assert problem.render("en") == (
        "inv.xlsx: sheet 'Applications', row 4, column 'B': error: the file is empty"
    )
    bare = Problem.make(Severity.WARNING, "empty_file")
    assert bare.render("fr") == "avertissement\u00a0: le fichier est vide"


def test_a_set_aside_rows_reasons_join_as_the_language_writes_a_semicolon() -> None:
    """A row set aside for two reasons lists them « … ; … » in French, the no-break space
    before the semicolon as in every French line (never « voir DAF »; « 31/13 » glued)."""
    from vendorlock.model.problems import Location, Problem, Severity
    from vendorlock.model.schema import Table
    from vendorlock.readers.setaside import SetAsideRow

    where = Location("inv.xlsx", "Contrats", 6)
    row = SetAsideRow(
        (Table.CONTRACTS,),
        where,
        (
            Problem.make(Severity.ERROR, "empty_file", Location("inv.xlsx", "Contrats", 6, "A")),
            Problem.make(Severity.ERROR, "empty_file", Location("inv.xlsx", "Contrats", 6, "B")),
        ),
    )
    french, english = row.render("fr"), row.render("en")
    assert "le fichier est vide\u00a0; " in french and "vide; " not in french
    assert "the file is empty; " in english
