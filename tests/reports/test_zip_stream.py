"""The xlsx and ods writers stream each zip once, compressed, in a fixed order (issue 11.3).

A sheet bigger than one slice of rows is written in several slices: the cells read back the
same as a one-slice write, the archive needs no rewrite (normalising it again changes nothing
for ods and only the member order for xlsx) and two runs give the same bytes.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from vendorlock.fileio import normalise_zip
from vendorlock.reports import ods, xlsx
from vendorlock.reports.cells import Column, ColumnKind, Table

LEVELS = {"high": ("Élevé",), "low": ("Faible",)}


def _tables() -> list[Table]:
    """A summary block and a 1,000-row sheet of every column kind (repeated texts, numbers,
    dates, booleans, missing cells), as the audit's sheets are."""
    cols = (
        Column("Nom", ColumnKind.TEXT),
        Column("Niveau", ColumnKind.LEVEL),
        Column("Score", ColumnKind.SCORE),
        Column("Coût", ColumnKind.MONEY),
        Column("Part", ColumnKind.SHARE),
        Column("Échéance", ColumnKind.DATE),
        Column("Libre", ColumnKind.BOOL),
        Column("Utilisateurs", ColumnKind.INT),
    )
    rows = [
        (
            f"Logiciel {i % 97}  métier",
            "Élevé" if i % 3 else "Faible",
            round(i * 0.37 % 100, 1),
            None if i % 11 == 0 else 1250.5 * (i % 13),
            (i % 7) / 7,
            f"2027-{i % 12 + 1:02d}-15",
            i % 2 == 0,
            i,
        )
        for i in range(1_000)
    ]
    summary = Table(
        "summary",
        "Synthèse",
        (Column("Clé"), Column("Valeur", ColumnKind.AUTO)),
        [("Applications", 1_000), ("Coût", 12.5), ("Date", "2026-11-28")],
        row_kinds={1: ColumnKind.MONEY, 2: ColumnKind.DATE},
    )
    return [summary, Table("apps", "Applications", cols, rows, level_col=1, score_col=2)]


def _cells(data: bytes) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names}


@pytest.mark.parametrize("module", [xlsx, ods])
def test_slices_read_back_like_one_slice_and_runs_are_identical(
    module: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = xlsx.xlsx_bytes if module is xlsx else ods.ods_bytes
    tables = _tables()
    whole = write(tables, level_labels=LEVELS, headerless=frozenset({"summary"}), lang="en")
    monkeypatch.setattr(module, "SLICE", 64)
    sliced = write(tables, level_labels=LEVELS, headerless=frozenset({"summary"}), lang="en")
    assert sliced == write(
        tables, level_labels=LEVELS, headerless=frozenset({"summary"}), lang="en"
    )
    assert _cells(sliced) == _cells(whole)
    assert _cells(sliced)["Applications"][1][:3] == ["Logiciel 0  métier", "Faible", 0.0]
    if module is ods:  # rows are independent in ODF: slicing changes no byte
        assert sliced == whole


def test_ods_is_written_as_normalise_zip_would_leave_it() -> None:
    data = ods.ods_bytes(_tables(), lang="en", compresslevel=1)
    assert normalise_zip(data, first="mimetype", compresslevel=1) == data
    first = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)


def test_xlsx_members_are_compressed_once_in_their_final_order() -> None:
    data = xlsx.xlsx_bytes(_tables(), level_labels=LEVELS, lang="en", compresslevel=1)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    names = [i.filename for i in infos]
    # Sorted by name after the content types: the shared strings are numbered before any
    # sheet is written, so no second pass (normalise_zip) has anything left to reorder.
    assert names[0] == "[Content_Types].xml"
    assert names[1:] == sorted(names[1:])
    assert names[-3:] == [
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
    ]
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert normalise_zip(data, first="[Content_Types].xml", compresslevel=1) == data
