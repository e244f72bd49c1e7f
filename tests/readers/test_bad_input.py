"""Every broken input gives one located error (never a traceback), each with its asset."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from vendorlock.i18n import Lang
from vendorlock.readers import InputError, LoadOptions, ReadLimits, load_inventory
from vendorlock.readers.detect import detect_kind
from vendorlock.registry import Registries

CASES = [
    ("empty.csv", "empty_file", "the file is empty"),
    ("empty.xlsx", "empty_file", "the file is empty"),
    ("text_renamed.xlsx", "text_as_workbook", "this is a text file, not a .xlsx workbook"),
    ("corrupt.xlsx", "corrupt_workbook", "the workbook is damaged"),
    ("encrypted.xlsx", "encrypted_workbook", "password-protected"),
    ("no_table.xlsx", "no_recognised_table", "no sheet is an inventory table"),
    ("utf16_nobom.csv", "undetectable_encoding", "cannot tell the text encoding (nul)"),
    ("mixed_encoding.csv", "undetectable_encoding", "cannot tell the text encoding (mixed)"),
    ("binary.csv", "undetectable_encoding", "cannot tell the text encoding (binary)"),
    ("zip_bomb.xlsx", "zip_bomb_ratio", "compressed 1029:1 (limit 200:1)"),
    ("not_spreadsheet.odt", "not_a_spreadsheet", "not a spreadsheet"),
]


@pytest.mark.parametrize(("name", "code", "text"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_gives_one_located_error(
    assets: Path, registries: Registries, name: str, code: str, text: str
) -> None:
    path = assets / name
    result = load_inventory([path], registries)
    errors = result.errors()
    assert [p.code for p in errors] == [code]
    assert errors[0].location.file == str(path)
    line = errors[0].render(Lang.EN)
    assert line.startswith(f"{path}: error: ")
    assert text in line
    assert "\n" not in line
    assert errors[0].message(Lang.FR) != errors[0].message(Lang.EN)


def test_other_inputs_are_still_read_when_one_is_broken(
    assets: Path, registries: Registries
) -> None:
    result = load_inventory([assets / "corrupt.xlsx", assets / "workbook_fr.xlsx"], registries)
    assert result.files_failed == (str(assets / "corrupt.xlsx"),)
    assert len(result.portfolio.applications) == 3


def test_detect_raises_input_error_for_encrypted(assets: Path) -> None:
    with pytest.raises(InputError, match="encrypted_workbook"):
        detect_kind(assets / "encrypted.xlsx")


def test_row_limit_refuses_big_sheets_with_a_clear_message(
    assets: Path, registries: Registries
) -> None:
    opts = LoadOptions(limits=ReadLimits(max_rows=3))
    for name in ("workbook_fr.xlsx", "flat_fr.csv"):
        result = load_inventory([assets / name], registries, opts)
        codes = {p.code for p in result.errors()}
        assert codes == {"too_many_rows"}, name
        msg = result.errors()[0].message(Lang.EN)
        assert "rows is more than the 3 rows vendorlock reads from one sheet" in msg


def test_total_unpacked_size_limit(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "x" * 5000)
    result = load_inventory(
        [path], registries, LoadOptions(limits=ReadLimits(max_unpacked_bytes=1000))
    )
    assert [p.code for p in result.errors()] == ["zip_bomb"]


def test_inputs_are_never_modified(assets: Path, registries: Registries) -> None:
    files = sorted(p for p in assets.rglob("*") if p.is_file())
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    load_inventory(
        [assets / "workbook_fr.xlsx", assets / "csv_folder", assets / "flat_fr.csv"], registries
    )
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == before
