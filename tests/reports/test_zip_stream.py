"""The xlsx and ods writers stream each zip once, compressed, in a fixed order (issue 11.3).

A sheet bigger than one slice of rows is written in several slices: the cells read back the
same as a one-slice write, the archive needs no rewrite (normalising it again changes no
member, name, order or attribute) and two runs give the same bytes. The members are deflated
by zlib-ng (issue 11): checked here member by member, with each checksum.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from python_calamine import CalamineWorkbook
from zlib_ng import zlib_ng

from vendorlock.fileio import DEFAULT_LEVEL, ZLIB_NG, ZipWriter, normalise_zip
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


#: ZipInfo fields that do not follow from the compressed bytes (unlike compress_size).
FIELDS = (
    "filename", "date_time", "compress_type", "comment", "extra", "create_system",
    "create_version", "extract_version", "flag_bits", "volume", "internal_attr",
    "external_attr", "file_size", "CRC",
)  # fmt: skip


def layout(data: bytes) -> list[tuple[object, ...]]:
    """Each member in order: its fields (:data:`FIELDS`) and content."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(*(getattr(i, f) for f in FIELDS), archive.read(i)) for i in archive.infolist()]


def deflated(data: bytes) -> dict[str, bytes]:
    """Each member's bytes as stored in the archive (compressed), read after its local header."""
    found = {}
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        start = info.header_offset
        name_len, extra_len = struct.unpack("<HH", data[start + 26 : start + 30])
        begin = start + 30 + name_len + extra_len
        found[info.filename] = data[begin : begin + info.compress_size]
    return found


def zlib_ng_deflate(raw: bytes, level: int) -> bytes:
    compressor = zlib_ng.compressobj(level, zlib_ng.DEFLATED, -15)
    return compressor.compress(raw) + compressor.flush()


def test_ods_is_written_as_normalise_zip_would_leave_it() -> None:
    data = ods.ods_bytes(_tables(), lang="en", compresslevel=1)
    # the same members, order and attributes (normalise_zip deflates with Python's zlib)
    assert layout(normalise_zip(data, first="mimetype", compresslevel=1)) == layout(data)
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
    again = normalise_zip(data, first="[Content_Types].xml", compresslevel=1)
    assert layout(again) == layout(data)


@pytest.mark.parametrize("level", [1, 2, None])
def test_members_are_deflated_by_zlib_ng_with_valid_checksums(level: int | None) -> None:
    """What ZipWriter stores is zlib-ng's raw deflate of each member at the level asked
    (None: DEFAULT_LEVEL), whether added whole or streamed in pieces; the archive tests clean (every
    CRC) and a second write gives the same bytes."""

    def write() -> bytes:
        buf = io.BytesIO()
        with ZipWriter(buf, level) as zf:
            zf.add("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            zf.add("styles.xml", "<styles>" + "<style name='é'/>" * 500 + "</styles>")
            with zf.stream("content.xml") as member:
                for n in range(200):
                    member.write(f"<row n='{n}'>{'cellule ' * (n % 17)}</row>".encode())
        return buf.getvalue()

    data = write()
    assert data == write()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    stored = deflated(data)
    assert stored["mimetype"] == archive.read("mimetype")  # stored, as ODF requires
    for name in ("styles.xml", "content.xml"):
        assert stored[name] == zlib_ng_deflate(archive.read(name), level or DEFAULT_LEVEL)
    assert ZLIB_NG == zlib_ng.ZLIBNG_VERSION  # the version pinned is the one installed


def test_a_damaged_member_fails_its_checksum() -> None:
    """The CRC written is the member's: one flipped byte of compressed data is caught."""
    buf = io.BytesIO()
    with ZipWriter(buf, 2) as zf:
        zf.add("a.xml", "<a>" + "données " * 200 + "</a>")
    data = bytearray(buf.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]
    offset = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[offset] ^= 0x01
    with pytest.raises((zipfile.BadZipFile, zlib.error)):
        zipfile.ZipFile(io.BytesIO(bytes(data))).read("a.xml")
