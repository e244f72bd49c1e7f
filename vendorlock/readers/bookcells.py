"""A workbook's worksheets as python-calamine gives their cells, before any header is sought.

This is the part of :mod:`.workbook` that needs neither pandas nor the rest of vendorlock: the
hostile-workbook checks (:mod:`.detect`, :mod:`.sheetscan`, :mod:`.storedzip`), then calamine's
grid of each worksheet. Kept apart so that :mod:`.prefetch` can run it in a forked process while
the command still imports its modules; :func:`iter_cells` gives the same cells and raises the
same located errors wherever it runs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import python_calamine as calamine

from vendorlock.model.problems import Location
from vendorlock.readers.detect import check_zip
from vendorlock.readers.hiddencells import HiddenCells, hidden_cells
from vendorlock.readers.interface import InputError, InputKind, ReadLimits
from vendorlock.readers.sheetscan import Merges, check_sheets, xlsx_sheet_names
from vendorlock.readers.storedzip import stored_copy, worth_copying


@dataclass(frozen=True)
class SheetCells:
    """One worksheet's cells, row by row, as calamine returns them (empty cells as ``""``)."""

    name: str
    hidden: bool
    rows: list[list[Any]]
    #: calamine's merged ranges: ((first row, first column), (last row, last column)), 0-based.
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    #: The columns and rows the sheet hides, when its XML told cheaply (:mod:`.hiddencells`).
    hidden_cells: HiddenCells | None = None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _open(path: Path, handle: BinaryIO) -> calamine.CalamineWorkbook:
    """Open from the bytes (calamine then sniffs the format; ``from_path`` trusts the extension,
    which fails on an ods renamed .xlsx)."""
    loc = Location(str(path))
    try:
        return calamine.CalamineWorkbook.from_filelike(handle)
    except calamine.PasswordError as exc:
        raise InputError("encrypted_workbook", loc) from exc
    except (calamine.CalamineError, OSError, ValueError) as exc:
        raise InputError("corrupt_workbook", loc, detail=_first_line(exc)) from exc


def _checked(
    path: Path, kind: InputKind, limits: ReadLimits
) -> tuple[bytes | None, Merges, dict[str, HiddenCells]]:
    """Refuse a zip workbook beyond ``limits`` (:mod:`.sheetscan`); the stored copy of an xlsx
    holding the sheets the scan inflated (:mod:`.storedzip`), or None to read the file; the
    merged ranges the scan found in an ods (calamine gives them for an xlsx only); and, by
    sheet name, what the sheets the scan inflated hide (:mod:`.hiddencells`)."""
    if kind not in (InputKind.XLSX, InputKind.ODS):
        return None, {}, {}
    with check_zip(path, limits) as archive:
        share = kind == InputKind.XLSX and worth_copying(archive)
        unzipped: dict[str, bytes] | None = {} if share else None
        merges = check_sheets(path, kind, archive, limits, unzipped)
        if not unzipped:
            return None, merges, {}
        hidden = _hidden_by_sheet(archive, unzipped)
        with path.open("rb") as source:
            return stored_copy(archive, source, unzipped), merges, hidden


def _hidden_by_sheet(
    archive: zipfile.ZipFile, unzipped: dict[str, bytes]
) -> dict[str, HiddenCells]:
    """What each inflated sheet hides, by sheet name (the workbook is read for names only
    when a sheet hides something)."""
    found = {member: h for member, data in unzipped.items() if (h := hidden_cells(data))}
    if not found:
        return {}
    names = xlsx_sheet_names(archive)
    return {names[member]: h for member, h in found.items() if member in names}


def _sheet_cells(
    path: Path,
    book: calamine.CalamineWorkbook,
    meta: calamine.SheetMetadata,
    limits: ReadLimits,
    merges: Merges,
    hidden: HiddenCells | None = None,
) -> SheetCells:
    loc = Location(str(path), meta.name)
    try:
        sheet = book.get_sheet_by_name(meta.name)
    except calamine.CalamineError as exc:
        raise InputError("corrupt_workbook", loc, detail=_first_line(exc)) from exc
    end = sheet.end
    height = end[0] + 1 if end else 0
    if height > limits.max_rows:
        raise InputError("too_many_rows", loc, rows=height, limit=limits.max_rows)
    return SheetCells(
        name=meta.name,
        hidden=meta.visible != calamine.SheetVisibleEnum.Visible,
        rows=sheet.to_python(skip_empty_area=False) if height else [],
        merged=list(sheet.merged_cell_ranges or merges.get(meta.name, [])),
        hidden_cells=hidden,
    )


def iter_cells(path: Path, kind: InputKind, limits: ReadLimits) -> Iterator[SheetCells]:
    """Every worksheet of the workbook at ``path`` (chart sheets and the like skipped), in the
    workbook's order, one at a time (a caller done with one sheet's cells frees them before
    the next is read); raise :class:`InputError` for a workbook that cannot or may not be
    read."""
    copy, merges, hidden = _checked(path, kind, limits)
    # the sheets the scan inflated, stored, when it could (see .storedzip); else the file
    with io.BytesIO(copy) if copy is not None else path.open("rb") as handle:
        book = _open(path, handle)
        try:
            for meta in book.sheets_metadata:
                if meta.typ == calamine.SheetTypeEnum.WorkSheet:
                    yield _sheet_cells(path, book, meta, limits, merges, hidden.get(meta.name))
        finally:
            book.close()
