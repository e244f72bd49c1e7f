"""The licence registry: every way a licence is written classed proprietary, open or unknown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vendorlock.cli.app import main
from vendorlock.readers.connector import load_connector
from vendorlock.readers.licences import classify_licence, classify_licences
from vendorlock.registry import Kind, RegistryError, load_registries
from vendorlock.registry.entries import LicenceCategory

LICENCES = [
    ("OEM", "proprietary"),
    ("Licence volume", "proprietary"),
    ("Abonnement", "proprietary"),
    ("SaaS", "proprietary"),
    ("Location", "proprietary"),
    ("Propriétaire", "proprietary"),
    ("Commercial", "proprietary"),
    ("Freeware", "proprietary"),
    ("proprietary", "proprietary"),
    ("GPL-3.0-or-later", "GPL-3.0-or-later"),
    ("GPLv3+", "GPL-3.0-or-later"),
    ("MIT OR Apache-2.0", "MIT OR Apache-2.0"),
    ("mit or apache 2.0", "MIT OR Apache-2.0"),
    ("AGPLv3", "AGPL-3.0-only"),
    ("GNU GPL v2", "GPL-2.0-only"),
    ("CeCILL", "LicenseRef-cecill"),
    ("LicenseRef-cecill", "LicenseRef-cecill"),  # what vendorlock writes reads back (ArchiMate)
    ("LicenseRef-gpl OR MIT", "LicenseRef-gpl OR MIT"),
    ("CeCILL-B", "CECILL-B"),
    ("Licence libre", "LicenseRef-open-source"),
    ("Open source", "LicenseRef-open-source"),
    ("EUPL 1.2", "EUPL-1.2"),
    (
        "GPL-2.0-or-later WITH Classpath-exception-2.0",
        "GPL-2.0-or-later WITH Classpath-exception-2.0",
    ),
    ("MIT AND Propriétaire", "proprietary"),
    ("Propriétaire OR MIT", "proprietary OR MIT"),  # open under one alternative: kept as such
]


@pytest.mark.parametrize(("cell", "stored"), LICENCES, ids=[c[0] for c in LICENCES])
def test_licence_cells_are_classified(cell: str, stored: str) -> None:
    value, understood = classify_licence(load_registries(), load_connector().unknown, cell)
    assert (value, understood) == (stored, True)


UNKNOWN = ["NC", "?", "N/A", "Inconnu", ""]


@pytest.mark.parametrize("cell", UNKNOWN, ids=[c or "blank" for c in UNKNOWN])
def test_not_known_licence_is_missing_without_warning(cell: str) -> None:
    assert classify_licence(load_registries(), load_connector().unknown, cell) == (None, True)


def test_unrecognised_text_is_unknown_and_flagged_never_open_source() -> None:
    text = pd.Series(["Zorglub licence", "MIT OR Zorglub", "GPL", None], dtype="string")
    values, bad = classify_licences(load_registries(), load_connector().unknown, text)
    assert values.isna().tolist() == [True, True, False, True]
    assert bad.tolist() == [True, True, False, False]


def test_licence_column_of_an_inventory(tmp_path: Path) -> None:
    from vendorlock.readers import load_inventory

    path = tmp_path / "logiciels.csv"
    path.write_text(
        "Nom;Éditeur;Domaine;Licence\n"
        "A;Ciril;Finances;OEM\nB;Ciril;Finances;AGPLv3\nC;Ciril;Finances;NC\n"
        "D;Ciril;Finances;Maison\n",
        encoding="utf-8",
    )
    result = load_inventory([path], load_registries())
    assert result.portfolio.applications["licence"].tolist()[:2] == ["proprietary", "AGPL-3.0-only"]
    assert result.portfolio.applications["licence"].isna().tolist() == [False, False, True, True]
    warned = [p for p in result.problems if p.code == "unknown_licence"]
    assert [(p.location.row, p.location.column) for p in warned] == [(5, "Licence")]
    assert "«\u00a0Maison\u00a0»" in warned[0].message("fr") and "SPDX" in warned[0].message("fr")
    assert result.valid


def test_licence_registry_overlay(tmp_path: Path) -> None:
    overlay = tmp_path / "rules.yaml"
    overlay.write_text(
        "licences:\n"
        "  - id: licence-ville\n"
        "    name: Licence de la ville\n"
        "    category: open_source\n"
        "    aliases: [licence municipale]\n"
        "  - id: oem\n"
        "    aliases: [licence constructeur]\n"
        "  - id: freeware\n"
        "    disabled: true\n",
        encoding="utf-8",
    )
    reg = load_registries([overlay])
    unknown = load_connector().unknown
    assert classify_licence(reg, unknown, "Licence municipale") == (
        "LicenseRef-licence-ville",
        True,
    )
    assert classify_licence(reg, unknown, "licence constructeur") == ("proprietary", True)
    assert classify_licence(reg, unknown, "OEM") == ("proprietary", True)
    assert classify_licence(reg, unknown, "Freeware") == (None, False)
    assert reg.resolve(Kind.LICENCE, "Freeware") is None


def test_bad_licence_overlay_is_refused_with_its_line(tmp_path: Path) -> None:
    overlay = tmp_path / "rules.yaml"
    overlay.write_text(
        "licences:\n"
        "  - id: maison\n"
        "    name: Maison\n"
        "    category: libre\n"
        "  - id: autre\n"
        "    name: Autre\n"
        "    category: open_source\n"
        "    spdx: 'pas un id'\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError) as err:
        load_registries([overlay])
    found = {(p.code, p.location.row) for p in err.value.problems}
    assert ("registry_bad_choice", 4) in found
    assert ("registry_bad_pattern", 8) in found


def test_rules_check_validates_the_licences_section(tmp_path: Path) -> None:
    from click.testing import CliRunner

    good = tmp_path / "good.yaml"
    good.write_text(
        "licences:\n  - id: maison\n    name: Maison\n    category: proprietary\n", encoding="utf-8"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "licences:\n  - id: maison\n    name: Maison\n    category: libre\n", encoding="utf-8"
    )
    runner = CliRunner()
    ok = runner.invoke(main, ["rules", "check", str(good)])
    assert ok.exit_code == 0 and "1 registry section" in ok.output
    refused = runner.invoke(main, ["rules", "check", str(bad)])
    assert refused.exit_code != 0
    assert "line 4" in refused.output and "proprietary, open_source" in refused.output


def test_every_shipped_licence_with_an_spdx_id_resolves_by_it() -> None:
    reg = load_registries()
    for entry in reg.licences.values():
        if entry.spdx:
            assert reg.resolve(Kind.LICENCE, entry.spdx) == entry.id


def test_every_open_source_licence_value_reads_back_as_itself() -> None:
    # an inventory exported by vendorlock (ArchiMate, CSV) holds these values: "LicenseRef-gpl"
    # (Koha, whose README gives no GPL version) must not come back unknown
    reg = load_registries()
    for entry in reg.licences.values():
        if entry.category is LicenceCategory.OPEN_SOURCE:
            assert classify_licence(reg, frozenset(), entry.value) == (entry.value, True)
