"""calamine reads the sheets the hostile-file scan already inflated, from a stored copy of the
workbook: the copy holds the same members, reads the same, and is not made when it could read
differently (an unusual compression, a name given twice, a damaged header, a huge archive)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from vendorlock.readers import LoadOptions, bookcells, load_inventory, storedzip
from vendorlock.readers.interface import InputKind, ReadLimits
from vendorlock.readers.sheetscan import check_sheets
from vendorlock.registry import load_registries


def _hand_kept(path: Path) -> Path:
    """A small inventory as kept by hand: a title row, accents, dates, a merged header cell."""
    book = openpyxl.Workbook()
    apps = book.active
    assert apps is not None
    apps.title = "Applications"
    apps.append(["Inventaire des logiciels — mairie de Saint-Étienne"])
    apps.append(["Nom", "Éditeur", "Hébergement", "Date de fin", "Coût annuel", ""])
    apps.merge_cells("E2:F2")
    apps.append(["Paie", "Berger-Levrault", "SaaS", dt.date(2027, 6, 30), 12500.5, 3])
    apps.append(["GED", "Libriciel", "sur site", dt.date(2026, 12, 31), "1 200 €", None])
    apps.append([])
    apps.append(["Courrier", "Libriciel", "hébergé éditeur", "31/12/2028", 0, 1])
    flows = book.create_sheet("Flux applicatifs")
    flows.append(["Source", "Cible", "Format"])
    flows.append(["Paie", "helios", "PES V2"])
    book.save(path)
    return path


def _copy(path: Path) -> tuple[bytes | None, dict[str, bytes]]:
    unzipped: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as archive, path.open("rb") as source:
        check_sheets(path, InputKind.XLSX, archive, ReadLimits(), unzipped)
        return storedzip.stored_copy(archive, source, unzipped), unzipped


def _rows(book: CalamineWorkbook) -> list[list[list[object]]]:
    return [book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names]


def test_the_stored_copy_holds_the_same_members_and_reads_the_same(tmp_path: Path) -> None:
    path = _hand_kept(tmp_path / "inventaire.xlsx")
    copy, unzipped = _copy(path)
    assert copy is not None
    assert sorted(unzipped) == ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(io.BytesIO(copy)) as copied:
        assert copied.testzip() is None  # every CRC-32 checks
        assert copied.namelist() == original.namelist()
        for info in copied.infolist():
            assert copied.read(info) == original.read(info.filename)
            stored = info.filename in unzipped
            assert (info.compress_type == zipfile.ZIP_STORED) == stored, info.filename
    assert _rows(CalamineWorkbook.from_filelike(io.BytesIO(copy))) == _rows(
        CalamineWorkbook.from_path(str(path))
    )


def test_an_inventory_reads_the_same_from_the_copy_and_from_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _hand_kept(tmp_path / "inventaire.xlsx")
    registries = load_registries()
    copied = load_inventory([path], registries, LoadOptions())
    monkeypatch.setattr(bookcells, "worth_copying", lambda archive: False)
    direct = load_inventory([path], registries, LoadOptions())
    assert copied.problems == direct.problems and copied.problems  # the "1 200 €" warns, etc.
    for name in ("applications", "flows"):
        pd.testing.assert_frame_equal(
            getattr(copied.portfolio, name), getattr(direct.portfolio, name)
        )
    assert len(copied.portfolio.applications) == 3


def _rezip(path: Path, out: Path, compression: int, repeat: str | None = None) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        if repeat is not None:
            with pytest.warns(UserWarning, match="Duplicate name"):
                dst.writestr(repeat, src.read(repeat))
    return out


def test_no_copy_when_a_reader_could_pick_or_unpack_members_differently(tmp_path: Path) -> None:
    path = _hand_kept(tmp_path / "inventaire.xlsx")
    bzip2 = _rezip(path, tmp_path / "bzip2.xlsx", zipfile.ZIP_BZIP2)
    twice = _rezip(
        path, tmp_path / "twice.xlsx", zipfile.ZIP_DEFLATED, repeat="xl/worksheets/sheet1.xml"
    )
    for case in (bzip2, twice):
        with zipfile.ZipFile(case) as archive:
            assert not storedzip.worth_copying(archive), case
            with case.open("rb") as source:
                assert storedzip.stored_copy(archive, source, {}) is None


def test_no_copy_of_a_member_whose_local_header_is_damaged(tmp_path: Path) -> None:
    path = _hand_kept(tmp_path / "inventaire.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        styles = archive.getinfo("xl/styles.xml")
    data[styles.header_offset : styles.header_offset + 4] = b"XXXX"
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    copy, unzipped = _copy(damaged)
    assert unzipped and copy is None  # the sheets were scanned; calamine reads the file itself


def test_a_workbook_over_the_copy_budget_is_read_from_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _hand_kept(tmp_path / "inventaire.xlsx")
    monkeypatch.setattr(storedzip, "MAX_COPY_BYTES", 100)
    with zipfile.ZipFile(path) as archive:
        assert not storedzip.worth_copying(archive)
    result = load_inventory([path], load_registries(), LoadOptions())
    assert sorted(result.portfolio.applications["name"]) == ["Courrier", "GED", "Paie"]


def test_a_member_small_unpacked_but_large_packed_is_not_copied(tmp_path: Path) -> None:
    """A member nobody inflates is copied as it is packed: one declaring a few bytes unpacked
    but holding more packed bytes than the budget keeps the workbook from being copied (its
    bytes would otherwise be held in memory a second time)."""
    path = _hand_kept(tmp_path / "inventaire.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert storedzip.worth_copying(archive)
        archive.filelist[-1].compress_size = storedzip.MAX_COPY_BYTES + 1  # as its headers say
        assert not storedzip.worth_copying(archive)
