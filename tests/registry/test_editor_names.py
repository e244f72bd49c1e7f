"""Editor names as written: legal forms and spellings merged, registry aliases, empty = unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.model.problems import Severity
from vendorlock.readers import load_inventory
from vendorlock.registry import load_registries
from vendorlock.registry.registries import UNKNOWN_EDITOR

NAMES = [
    ("Adobe Systems Inc.", "adobe"),
    ("Adobe Systems Incorporated", "adobe"),
    ("ADOBE SYSTEMS INC", "adobe"),
    ("Sun Microsystems", "oracle"),
    ("Sun Microsystems, Inc.", "oracle"),
    ("Oracle Corporation", "oracle"),
    ("Microsoft Corp.", "microsoft"),
    ("Dupont Informatique SA", "dupont-informatique"),
    ("Dupont Informatique SAS", "dupont-informatique"),
    ("DUPONT INFORMATIQUE S.A.S.", "dupont-informatique"),
    ("Dupont Informatique SASU", "dupont-informatique"),
    ("Dupont Informatique SARL", "dupont-informatique"),
    ("Zorglub Corporation", "zorglub"),
    ("Zorglub Corp.", "zorglub"),
    ("Zorglub GmbH", "zorglub"),
    ("Zorglub Ltd", "zorglub"),
    ("Zorglub Incorporated", "zorglub"),
    ("", UNKNOWN_EDITOR),
    ("NC", UNKNOWN_EDITOR),
    ("Inconnu", UNKNOWN_EDITOR),
]


@pytest.mark.parametrize(("name", "editor_id"), NAMES, ids=[n[0] or "blank" for n in NAMES])
def test_editor_spellings_merge(name: str, editor_id: str) -> None:
    assert load_registries().editor_id_for(name) == editor_id


def test_empty_editor_cell_is_unknown_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "logiciels.csv"
    path.write_text("Nom;Éditeur;Domaine\nPaie;;RH\nCompta;Ciril;Finances\n", encoding="utf-8")
    result = load_inventory([path], load_registries())
    apps = result.portfolio.applications.set_index("name")
    assert apps.loc["Paie", "editor_id"] == UNKNOWN_EDITOR
    found = [p for p in result.problems if p.code == "missing_editor"]
    assert [(p.severity, p.location.row, p.location.column) for p in found] == [
        (Severity.WARNING, 2, "Éditeur")
    ]
    assert "éditeur inconnu" in found[0].message("fr")
    assert result.valid
    assert UNKNOWN_EDITOR in set(result.portfolio.editors["editor_id"])
