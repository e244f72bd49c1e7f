"""Reading xlsx, xls and ods workbooks with python-calamine.

calamine (Rust) reads about 15× faster than openpyxl and returns each formula's cached value, so
a workbook full of formulas reads as the user sees it. Every sheet is returned, hidden ones too
(flagged), with the header row found below any title rows and the spreadsheet row of each cell.
The cells come from :mod:`.bookcells`, read here or, when the command started one, by the
forked prefetch of :mod:`.prefetch`: the same cells either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from vendorlock.readers import prefetch
from vendorlock.readers.bookcells import SheetCells, iter_cells
from vendorlock.readers.grid import fill_merged_down, make_header, rows_to_frame, stack_header
from vendorlock.readers.interface import (
    DEFAULT_LIMITS,
    HeaderFinder,
    InputKind,
    RawSheet,
    ReadLimits,
    first_texts,
)


def _read_sheet(
    path: Path, cells: SheetCells, find_header: HeaderFinder, limits: ReadLimits
) -> RawSheet:
    rows = cells.rows
    at = find_header(cells.name, rows[: limits.header_scan_rows])
    if at is None:
        return RawSheet(
            str(path),
            cells.name,
            (),
            rows_to_frame([], 0),
            1,
            cells.hidden,
            candidate_header=first_texts(rows[: limits.header_scan_rows]),
        )
    merged = [
        (start[1], stop[1])
        for start, stop in cells.merged
        if start[0] <= at <= stop[0] and stop[1] > start[1]
    ]
    head = rows[at]
    if cells.merged and (stacked := stack_header(rows, at, cells.merged)) is not None:
        head, at = stacked  # a header on two rows: the data starts below the second
    header, filled = make_header(head, merged)
    hides = cells.hidden_cells
    if cells.merged:
        fill_merged_down(rows, cells.merged, at)
    data = rows[at + 1 :]
    keep = non_blank(data)
    return RawSheet(
        file=str(path),
        sheet=cells.name,
        header=header,
        cells=rows_to_frame(
            data if keep.all() else [r for r, k in zip(data, keep, strict=True) if k],
            len(header),
        ),
        first_row=at + 2,
        hidden=cells.hidden,
        merged_columns=filled,
        row_numbers=np.flatnonzero(keep) + at + 2,
        hidden_columns=tuple(c - 1 for c in hides.columns if c <= len(header)) if hides else (),
        hidden_rows=tuple(r for r in hides.rows if r > at + 1) if hides else (),
        filtered=hides.filtered if hides else False,
    )


def non_blank(rows: list[list[Any]]) -> np.ndarray:
    """Mask of rows holding at least one cell (a blank row is not data).

    ``any(row)`` settles almost every row at its first cell; the rows it calls blank are
    checked again cell by cell, since 0 and False are data too.
    """
    keep = np.fromiter(map(any, rows), dtype=bool, count=len(rows))  # no generator frame
    for i in np.flatnonzero(~keep):
        keep[i] = any(c is not None and c != "" for c in rows[i])
    return keep


def read_workbook(
    path: Path, kind: InputKind, find_header: HeaderFinder, limits: ReadLimits = DEFAULT_LIMITS
) -> list[RawSheet]:
    """Every worksheet of the workbook at ``path`` as a :class:`RawSheet`."""
    sheets: Iterable[SheetCells] | None = prefetch.take(path, kind, limits)
    if sheets is None:
        sheets = iter_cells(path, kind, limits)
    return [_read_sheet(path, cells, find_header, limits) for cells in sheets]
