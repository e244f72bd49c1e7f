"""Reading xlsx, xls and ods workbooks with python-calamine.

calamine (Rust) reads about 15× faster than openpyxl and returns each formula's cached value, so
a workbook full of formulas reads as the user sees it. Every sheet is returned, hidden ones too
(flagged), with the header row found below any title rows and the spreadsheet row of each cell.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import python_calamine as calamine

from vendorlock.model.problems import Location
from vendorlock.readers.detect import check_zip
from vendorlock.readers.grid import fill_merged_down, make_header, rows_to_frame
from vendorlock.readers.interface import (
    DEFAULT_LIMITS,
    HeaderFinder,
    InputError,
    InputKind,
    RawSheet,
    ReadLimits,
    first_texts,
)
from vendorlock.readers.sheetscan import check_sheets
from vendorlock.readers.storedzip import stored_copy, worth_copying


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


def _read_sheet(
    path: Path,
    book: calamine.CalamineWorkbook,
    meta: calamine.SheetMetadata,
    find_header: HeaderFinder,
    limits: ReadLimits,
) -> RawSheet:
    loc = Location(str(path), meta.name)
    try:
        sheet = book.get_sheet_by_name(meta.name)
    except calamine.CalamineError as exc:
        raise InputError("corrupt_workbook", loc, detail=_first_line(exc)) from exc
    hidden = meta.visible != calamine.SheetVisibleEnum.Visible
    end = sheet.end
    height = end[0] + 1 if end else 0
    if height > limits.max_rows:
        raise InputError("too_many_rows", loc, rows=height, limit=limits.max_rows)
    rows = sheet.to_python(skip_empty_area=False) if height else []
    at = find_header(meta.name, rows[: limits.header_scan_rows])
    if at is None:
        return RawSheet(
            str(path),
            meta.name,
            (),
            rows_to_frame([], 0),
            1,
            hidden,
            candidate_header=first_texts(rows[: limits.header_scan_rows]),
        )
    merged = [
        (start[1], stop[1])
        for start, stop in (sheet.merged_cell_ranges or [])
        if start[0] <= at <= stop[0] and stop[1] > start[1]
    ]
    header, filled = make_header(rows[at], merged)
    if sheet.merged_cell_ranges:
        fill_merged_down(rows, sheet.merged_cell_ranges, at)
    data = rows[at + 1 :]
    keep = non_blank(data)
    return RawSheet(
        file=str(path),
        sheet=meta.name,
        header=header,
        cells=rows_to_frame(
            data if keep.all() else [r for r, k in zip(data, keep, strict=True) if k],
            len(header),
        ),
        first_row=at + 2,
        hidden=hidden,
        merged_columns=filled,
        row_numbers=np.flatnonzero(keep) + at + 2,
    )


def non_blank(rows: list[list[Any]]) -> np.ndarray:
    """Mask of rows holding at least one cell (a blank row is not data).

    ``any(row)`` settles almost every row at its first cell; the rows it calls blank are
    checked again cell by cell, since 0 and False are data too.
    """
    keep = np.fromiter((any(r) for r in rows), dtype=bool, count=len(rows))
    for i in np.flatnonzero(~keep):
        keep[i] = any(c is not None and c != "" for c in rows[i])
    return keep


def _checked(path: Path, kind: InputKind, limits: ReadLimits) -> bytes | None:
    """Refuse a zip workbook beyond ``limits`` (:mod:`.sheetscan`); the stored copy of an xlsx
    holding the sheets the scan inflated (:mod:`.storedzip`), or None to read the file."""
    if kind not in (InputKind.XLSX, InputKind.ODS):
        return None
    with check_zip(path, limits) as archive:
        share = kind == InputKind.XLSX and worth_copying(archive)
        unzipped: dict[str, bytes] | None = {} if share else None
        check_sheets(path, kind, archive, limits, unzipped)
        if not unzipped:
            return None
        with path.open("rb") as source:
            return stored_copy(archive, source, unzipped)


def read_workbook(
    path: Path, kind: InputKind, find_header: HeaderFinder, limits: ReadLimits = DEFAULT_LIMITS
) -> list[RawSheet]:
    """Every worksheet of the workbook at ``path`` as a :class:`RawSheet`."""
    copy = _checked(path, kind, limits)
    # the sheets the scan inflated, stored, when it could (see .storedzip); else the file
    with io.BytesIO(copy) if copy is not None else path.open("rb") as handle:
        book = _open(path, handle)
        try:
            return [
                _read_sheet(path, book, meta, find_header, limits)
                for meta in book.sheets_metadata
                if meta.typ == calamine.SheetTypeEnum.WorkSheet
            ]
        finally:
            book.close()
