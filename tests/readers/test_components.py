"""Inventory-tool noise (OS updates, GUIDs, runtimes, drivers) is set aside, counted and listed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from vendorlock.cli.app import main
from vendorlock.readers import load_inventory
from vendorlock.readers.components import component_kinds, load_component_rules
from vendorlock.readers.connector import load_connector
from vendorlock.registry import Registries

NAMES = [
    ("KB123456", "os_update"),
    ("KB5034441", "os_update"),
    ("Mise à jour de sécurité pour Microsoft Windows (KB5034441)", "os_update"),
    ("Security Update for Microsoft Office 2016 (KB5002506) 64-Bit Edition", "os_update"),
    ("{90160000-008C-0000-1000-0000000FF1CE}", "installer_id"),
    ("Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130", "runtime"),
    ("Java 8 Update 391", "runtime"),
    ("Java 8 Update 391 (64-bit)", "runtime"),
    ("Microsoft .NET Framework 4.8", "runtime"),
    (".NET Framework 4.8.1", "runtime"),
    ("Python 3.11", "runtime"),
    ("Python 3.11.4 (64-bit)", "runtime"),
    ("Intel(R) Graphics Driver", "driver"),
    ("Realtek Audio Driver", "driver"),
    ("Realtek High Definition Audio Driver", "driver"),
    ("Pilote d'impression HP", "driver"),
    ("LibreOffice 7.6.4.1", None),
    ("QGIS 3.34.1 'Prizren'", None),
    ("Microsoft Office Professionnel Plus 2016", None),
    ("Java pour les nuls", None),
    ("Ciril Finances", None),
    ("Mozilla Firefox (x64 fr)", None),
]


@pytest.mark.parametrize(("name", "kind"), NAMES, ids=[n[0] for n in NAMES])
def test_component_patterns(name: str, kind: str | None) -> None:
    found = component_kinds(load_connector().components, pd.Series([name], dtype="string"))
    assert (pd.isna(found.iloc[0]) and kind is None) or found.iloc[0] == kind


def _glpi_like(tmp_path: Path) -> Path:
    """A GLPI software-list export: UTF-8 BOM, every field quoted, ';', trailing ';'."""
    rows = [
        ("Nom", "Éditeur", "Versions - Nom"),
        ("LibreOffice", "The Document Foundation", "7.6.4.1"),
        ("KB5034441", "Microsoft Corporation", ""),
        ("Microsoft Visual C++ 2015-2022 Redistributable (x64)", "Microsoft Corporation", "14.38"),
        ("{90160000-008C-0000-1000-0000000FF1CE}", "", ""),
        ("QGIS 3.34", "QGIS.org", "3.34.1"),
        ("Realtek Audio Driver", "Realtek Semiconductor Corp.", "6.0.9"),
    ]
    text = "".join(";".join(f'"{c}"' for c in row) + ";\n" for row in rows)
    path = tmp_path / "glpi.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def test_components_are_set_aside_not_scored(tmp_path: Path, registries: Registries) -> None:
    result = load_inventory([_glpi_like(tmp_path)], registries)
    apps = result.portfolio.applications
    assert sorted(apps["name"]) == ["LibreOffice", "QGIS 3.34"]
    comps = result.components
    assert comps[["name", "kind", "_row"]].values.tolist() == [
        ["KB5034441", "os_update", 3],
        ["Microsoft Visual C++ 2015-2022 Redistributable (x64)", "runtime", 4],
        ["{90160000-008C-0000-1000-0000000FF1CE}", "installer_id", 5],
        ["Realtek Audio Driver", "driver", 7],
    ]
    # the empty editor of the GUID row is not reported: the row is not an application
    assert not [p for p in result.problems if p.code == "missing_editor"]
    assert result.valid


def test_validate_counts_and_lists_components(tmp_path: Path) -> None:
    path = _glpi_like(tmp_path)
    runner = CliRunner()
    out = runner.invoke(main, ["validate", str(path), "--lang", "fr"]).output
    assert (
        "4 composants mis de côté, non évalués comme applications (pilotes\u00a0: 1, "
        "identifiants d'installation\u00a0: 1, mises à jour du système\u00a0: 1, "
        "environnements d'exécution et redistribuables\u00a0: 1)\u00a0:"
    ) in out
    assert f"  {path}\u00a0: ligne 3\u00a0: KB5034441 (mises à jour du système)" in out
    doc = json.loads(runner.invoke(main, ["validate", str(path), "--format", "json"]).output)
    assert doc["components"][0] == {
        "name": "KB5034441",
        "kind": "os_update",
        "file": str(path),
        "sheet": None,
        "row": 3,
    }
    assert doc["counts"]["tables"]["applications"] == 2


def test_component_rules_are_data(tmp_path: Path) -> None:
    rules = tmp_path / "components.yaml"
    rules.write_text("components:\n  plugin:\n    - '^Greffon '\n", encoding="utf-8")
    found = component_kinds(
        load_component_rules(rules), pd.Series(["Greffon PDF", "KB5034441"], dtype="string")
    )
    assert found.tolist()[0] == "plugin" and pd.isna(found.iloc[1])


def test_a_bad_component_pattern_is_refused(tmp_path: Path) -> None:
    from vendorlock.errors import ReaderError

    rules = tmp_path / "components.yaml"
    rules.write_text("components:\n  plugin:\n    - '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ReaderError, match=r"components\.plugin: bad pattern"):
        load_component_rules(rules)
