"""audit.ods: valid ODF package, inert string cells, text intact, level styles."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.reports.conftest import HOSTILE, HYPERLINK
from tests.reports.test_xlsx import SHEETS_FR


def test_ods_is_a_valid_package_with_mimetype_first_and_stored(written: dict[str, Path]) -> None:
    with zipfile.ZipFile(written["ods"]) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        manifest = zf.read("META-INF/manifest.xml").decode()
        assert 'manifest:full-path="content.xml"' in manifest
        assert zf.testzip() is None


def test_no_cell_is_a_formula_and_text_cells_are_strings(written: dict[str, Path]) -> None:
    content = zipfile.ZipFile(written["ods"]).read("content.xml").decode("utf-8")
    assert "table:formula" not in content
    assert (
        'office:value-type="string"><text:p>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)'
        in content
    )
    assert "<script>" not in content


def test_every_sheet_is_there_and_hostile_text_reads_back_intact(written: dict[str, Path]) -> None:
    book = CalamineWorkbook.from_path(str(written["ods"]))
    assert book.sheet_names == SHEETS_FR
    seen = {
        v
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for v in row
        if isinstance(v, str)
    }
    assert set(HOSTILE) <= seen


def test_level_cells_get_the_level_style(written: dict[str, Path]) -> None:
    content = zipfile.ZipFile(written["ods"]).read("content.xml").decode("utf-8")
    assert (
        'table:style-name="ce_level_critical" office:value-type="string"><text:p>critique'
        in content
    )


def test_spaces_tabs_and_line_breaks_survive() -> None:
    from vendorlock.reports.ods import string_cell

    cell = string_cell("  a  b\tc\nd")
    assert '<text:s text:c="2"/>a <text:s text:c="1"/>b<text:tab/>c<text:line-break/>d' in cell


@pytest.mark.skipif(
    not shutil.which("soffice") and os.environ.get("VENDORLOCK_REQUIRE_OFFICE") != "1",
    reason="LibreOffice is not installed (CI sets VENDORLOCK_REQUIRE_OFFICE=1: never skipped)",
)
def test_libreoffice_opens_the_ods_and_keeps_text(written: dict[str, Path], tmp_path: Path) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
            "--outdir",
            str(tmp_path),
            str(written["ods"]),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = next(tmp_path.glob("*.csv")).read_text(encoding="utf-8")
    assert HYPERLINK.replace('"', '""') in text


def test_the_summary_carries_native_charts_over_its_cells(written: dict[str, Path]) -> None:
    with zipfile.ZipFile(written["ods"]) as zf:
        names = zf.namelist()
        manifest = zf.read("META-INF/manifest.xml").decode("utf-8")
        content = zf.read("content.xml").decode("utf-8")
        chart = zf.read("Object 1/content.xml").decode("utf-8")
    assert "Object 1/content.xml" in names and "Object 2/content.xml" in names
    assert 'manifest:full-path="Object 1/"' in manifest
    assert content.count('<draw:object xlink:href="./Object ') == 2
    # The levels chart reads the level counts from the summary's cells, one colour per level.
    assert "Applications par niveau" in chart
    assert "table:cell-range-address=\"'Synthèse'.B" in chart
    assert chart.count("<chart:data-point ") == 5


def test_header_rows_are_frozen_and_pages_set_up(written: dict[str, Path]) -> None:
    with zipfile.ZipFile(written["ods"]) as zf:
        settings = zf.read("settings.xml").decode("utf-8")
        styles = zf.read("styles.xml").decode("utf-8")
    assert settings.count('config:name="VerticalSplitPosition" config:type="int">1<') == 12
    assert 'style:print-orientation="landscape"' in styles and 'style:scale-to-X="1"' in styles
