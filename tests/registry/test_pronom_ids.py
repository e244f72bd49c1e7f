"""PRONOM ids of the format registry: well formed, and each the format PRONOM says it is.

The table ``data/pronom_puids.csv`` records, for every PUID of ``rules/formats.yaml``, the name
PRONOM gives it, read in the fido export of PRONOM and the DROID signature file (its header says
which). A PUID that names another format (the .mid file for MIF, encrypted OOXML for docx,
SQLite 2 for SQLite 3) cannot come back unnoticed: it would have to be added to the table with
a PRONOM name that does not fit the format.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from vendorlock.registry import check_registry_sections, load_registries
from vendorlock.registry.spec import PUID_PATTERN

TABLE = Path(__file__).parent / "data" / "pronom_puids.csv"


def _table() -> dict[str, tuple[str, str, str]]:
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {
        row["puid"]: (row["format_id"], row["pronom_name"], row["pronom_version"])
        for row in csv.DictReader(lines)
    }


def _shipped() -> dict[str, str]:
    """PUID → format id, over the shipped registry (a PUID belongs to one format)."""
    out: dict[str, str] = {}
    for fmt in load_registries().formats.values():
        for puid in fmt.pronom:
            assert puid not in out, f"{puid} is in both {out[puid]} and {fmt.id}"
            out[puid] = fmt.id
    return out


def test_every_shipped_puid_is_well_formed() -> None:
    bad = [p for p in _shipped() if not re.match(PUID_PATTERN, p)]
    assert bad == []


def test_every_shipped_puid_is_the_verified_one() -> None:
    table = _table()
    shipped = _shipped()
    assert sorted(set(shipped) - set(table)) == [], (
        "PUIDs not read in PRONOM: add them to the table"
    )
    assert {p: f for p, f in shipped.items() if table[p][0] != f} == {}
    assert sorted(set(table) - set(shipped)) == [], "the table lists PUIDs the registry dropped"


# What PRONOM calls the ids the issue found wrong or doubtful, and their neighbours.
@pytest.mark.parametrize(
    ("fmt", "fragment"),
    [
        ("mif", "MapInfo Export File"),  # x-fmt/231, the .mif itself
        ("docx", "Microsoft Word for Windows"),  # fmt/412, not fmt/494 (encrypted OOXML)
        ("xlsx", "Microsoft Excel for Windows"),
        ("sqlite", "SQLite Database File Format"),  # fmt/729 version 3, not fmt/1135
        ("pdfa2", "PDF/A"),
        ("odt", "OpenDocument Text"),
        ("csv", "Comma Separated Values"),
    ],
)
def test_the_first_puid_of_a_format_has_the_pronom_name_of_that_format(
    fmt: str, fragment: str
) -> None:
    puid = load_registries().formats[fmt].pronom[0]
    assert fragment in _table()[puid][1]


def test_sqlite_is_version_3_and_mif_names_its_data_companion() -> None:
    table = _table()
    assert table["fmt/729"][2] == "3"
    assert "fmt/1135" not in _shipped() and "fmt/494" not in _shipped()
    assert table["x-fmt/225"] == ("mif", "ESRI MapInfo Data File", "")


def test_a_malformed_puid_in_a_rules_file_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "formats:\n  - id: docx\n    pronom: [fmt/412, 'fmt 999', x-fmt/18]\n", encoding="utf-8"
    )
    from vendorlock.yamlio import load_yaml

    problems = check_registry_sections(load_yaml(path), path)
    assert [(p.location.row, p.code, p.param_dict["value"]) for p in problems] == [
        (3, "registry_bad_pattern", "fmt 999")
    ]
