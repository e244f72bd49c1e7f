"""Small helpers shared by the readers: header texts and column-wise frames of cells."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def cell_text(value: Any) -> str:
    """A header cell as text (numbers without a spurious ``.0``), stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def make_header(
    row: Sequence[Any], merged: Sequence[tuple[int, int]] = ()
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Header texts of ``row``; blank cells covered by a merged range take its text + ``(n)``.

    ``merged`` lists (first column, last column) of ranges merged on the header row. The
    covered columns get distinct names so their data is kept (as extra columns) and reported.
    """
    texts = [cell_text(v) for v in row]
    filled: list[int] = []
    for first, last in merged:
        if first >= len(texts) or not texts[first]:
            continue
        for k, col in enumerate(range(first + 1, min(last, len(texts) - 1) + 1), start=2):
            if not texts[col]:
                texts[col] = f"{texts[first]} ({k})"
                filled.append(col)
    return tuple(texts), tuple(filled)


def fill_merged_down(
    rows: list[list[Any]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]], header: int
) -> None:
    """Write the value of each cell merged down over data rows into the rows it covers.

    A hand-kept sheet merges the editor's cell over its three applications: the user reads
    "Berger-Levrault" on each row, the file holds it on the first only (the others are blank).
    Only text merged within one column below the header row is filled: a merge across columns
    is a note spread over the row, not a value of each column, and an amount merged over three
    applications is one contract's (filled down, the spend would be counted three times).
    ``merged``: ((first row, column), (last row, column)) 0-based, as calamine gives them;
    ``rows`` is changed in place.
    """
    for (top, left), (bottom, right) in merged:
        if left != right or bottom <= top or top <= header or top >= len(rows):
            continue
        first = rows[top]
        value = first[left] if left < len(first) else None
        if not isinstance(value, str) or not value.strip():
            continue  # an amount or a date merged over rows is one figure: counted once
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if left < len(row) and (row[left] is None or row[left] == ""):
                row[left] = value


def rows_to_frame(rows: Sequence[Sequence[Any]], width: int) -> pd.DataFrame:
    """Column-wise frame of object cells, ``width`` columns (short rows padded with "").

    One 2-D object array built by numpy, then transposed once, is about 4× faster than
    transposing the rows in Python (``zip(*rows)``) and 10× faster than ``DataFrame(rows)``.
    """
    if not rows:
        return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    if set(map(len, rows)) != {width}:  # a row shorter or longer (map: no Python frame per row)
        rows = [list(r[:width]) + [""] * (width - len(r)) for r in rows]
    # the cells one after the other, each an element whatever it holds (np.array(rows) would
    # take a cell holding a sequence for a dimension), 40 % cheaper than np.array(rows)
    cells = itertools.chain.from_iterable(rows)
    grid = np.fromiter(cells, dtype=object, count=len(rows) * width).reshape(len(rows), width)
    # One transposing copy, held as the frame's one block (what a Series per column became
    # after pandas consolidated them, at twice the cost): each column is a contiguous row of it.
    by_column = np.ascontiguousarray(grid.T)
    columns = pd.RangeIndex(width)
    return pd.DataFrame(by_column.T, columns=columns, dtype=object, copy=False)
