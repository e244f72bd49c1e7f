"""audit.xlsx: sheets, localised headers, charts, conditional formatting, inert hostile text."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.reports.conftest import AT_SUM, HOSTILE, HYPERLINK, IMG, SCRIPT
from vendorlock.reports.cells import is_formula_like

SHEETS_FR = [
    "Synthèse",
    "Registre des risques",
    "Applications",
    "Critères",
    "Éditeurs",
    "Groupes",
    "Flux",
    "Formats",
    "Coûts de sortie",
    "Plan d'action",
    "Dérogations",
    "Problèmes",
    "Données à collecter",
]


@pytest.fixture(scope="module")
def book(written: dict[str, Path]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(written["xlsx"])


def test_workbook_has_every_sheet_in_order_with_french_headers(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS_FR
    header = [c.value for c in book["Registre des risques"][1]]
    assert header[:6] == [
        "Score",
        "Niveau",
        "Fourchette du score",
        "Couverture",
        "Organisme",
        "Application",
    ]
    assert header[-1] == "Décider avant le"


def test_risk_register_is_sorted_by_score_with_frozen_header_and_filter(
    book: openpyxl.Workbook,
) -> None:
    ws = book["Registre des risques"]
    scores = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert scores == sorted(scores, reverse=True) and len(scores) == 8
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:N9"
    assert ws["B2"].value == "critique"


def test_risk_register_has_level_rules_and_a_score_colour_scale(book: openpyxl.Workbook) -> None:
    rules = {
        str(cf.sqref): [r.type for r in cf.rules]
        for cf in book["Registre des risques"].conditional_formatting
    }
    assert rules["B2:B9"] == ["cellIs"] * 5  # one rule per level, insufficient data included
    assert rules["A2:A9"] == ["colorScale"]


def test_summary_carries_two_native_bar_charts(
    written: dict[str, Path], book: openpyxl.Workbook
) -> None:
    assert len(book["Synthèse"]._charts) == 2
    names = zipfile.ZipFile(written["xlsx"]).namelist()
    assert {"xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/drawings/drawing1.xml"} <= set(
        names
    )


def test_hostile_text_is_intact_and_typed_as_text(book: openpyxl.Workbook) -> None:
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in HOSTILE:
                    found[cell.value] = cell
    assert set(found) == set(HOSTILE)
    for value, cell in found.items():
        assert cell.data_type == "s", value
        assert cell.quotePrefix == is_formula_like(value), value
    assert found[HYPERLINK].quotePrefix and found[AT_SUM].quotePrefix


def test_no_sheet_contains_a_formula_element(written: dict[str, Path]) -> None:
    with zipfile.ZipFile(written["xlsx"]) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == len(SHEETS_FR)
        for name in sheets:
            assert not re.search(rb"<f[\s>]", zf.read(name)), name
        strings = zf.read("xl/sharedStrings.xml").decode("utf-8")
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in strings
    assert "&lt;script&gt;" in strings and "<script>" not in strings


def test_formula_like_text_in_every_column_kind_is_inert() -> None:
    from vendorlock.reports.cells import Column, ColumnKind, Table
    from vendorlock.reports.xlsx import xlsx_bytes

    values = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "＝1", SCRIPT, IMG]
    kinds = list(ColumnKind)
    table = Table(
        "t", "T", tuple(Column(k.value, k) for k in kinds), [[v] * len(kinds) for v in values]
    )
    data = xlsx_bytes([table], lang="en")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    for r, v in enumerate(values, start=2):
        for c in range(1, len(kinds) + 1):
            cell = ws.cell(r, c)
            assert cell.data_type == "s"
            assert cell.value == v.replace("\r", "\n") or cell.value == v


@pytest.mark.skipif(
    not shutil.which("soffice") and os.environ.get("VENDORLOCK_REQUIRE_OFFICE") != "1",
    reason="LibreOffice is not installed (CI sets VENDORLOCK_REQUIRE_OFFICE=1: never skipped)",
)
def test_libreoffice_opens_the_workbook_and_keeps_text(
    written: dict[str, Path], tmp_path: Path
) -> None:
    csv = _libreoffice_csv(written["xlsx"], tmp_path)
    text = csv.read_text(encoding="utf-8")
    assert '"=HYPERLINK(""http://x"",""y"")"' in text
    assert "@SUM(A1)" in text


def _libreoffice_csv(path: Path, out: Path) -> Path:
    """Convert the risk register (2nd sheet) to CSV with a private LibreOffice profile."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    found = sorted(out.glob("*.csv"))
    assert found, "LibreOffice wrote nothing"
    return found[0]
