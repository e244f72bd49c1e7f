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


#: Between a group header and the column's own label when a header takes two rows and the label
#: alone would name two columns ("Licence — Début", "Maintenance — Début"); :mod:`.headers`
#: reads the label alone when the whole names no field.
GROUP_SEPARATOR = " — "


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def stack_header(
    rows: Sequence[Sequence[Any]],
    at: int,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
) -> tuple[list[Any], int] | None:
    """A header written on two rows, as one row, and the index of its last row.

    A hand-kept sheet groups columns under a label merged across them (« Contrat » over
    « Montant », « Début », « Fin »), their own labels on the row below, the other headers
    merged down over both rows. Read as one row, the labels under the group would be a data
    row and the group's columns would have no name. ``at`` is the row found as the header
    (the group row or the labels' row); the rows stack when every filled cell of the lower row
    is text under a group of the upper one. Each grouped column is named by its own label, as
    the user reads it over the column (and as a saved mapping names it); « group — label » when
    that label is another column's too (« Début » under « Licence » and under « Maintenance »).
    ``merged``: calamine's ((first row, column), (last row, column)), 0-based. None when the
    header is one row.
    """
    for top in (at, at - 1):
        if top < 0 or top + 1 >= len(rows):
            continue
        upper, lower = rows[top], rows[top + 1]
        spans = [
            (left, right)
            for (first, left), (last, right) in merged
            if first == last == top
            and right > left
            and left < len(upper)
            and not _blank(upper[left])
        ]
        under = {c for left, right in spans for c in range(left, right + 1)}
        filled = [c for c, v in enumerate(lower) if not _blank(v)]
        if not filled or not all(c in under and isinstance(lower[c], str) for c in filled):
            continue
        row = list(upper) + [None] * max(0, len(lower) - len(upper))
        labels = [cell_text(v) for v in lower]
        taken = [cell_text(v) for c, v in enumerate(upper) if c not in under] + labels
        for left, right in spans:
            group = cell_text(upper[left])
            for col in range(left, min(right + 1, len(lower))):
                if labels[col]:
                    twice = taken.count(labels[col]) > 1
                    row[col] = f"{group}{GROUP_SEPARATOR}{labels[col]}" if twice else labels[col]
        return row, top + 1
    return None


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
