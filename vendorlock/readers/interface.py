"""What every reader produces and the one error they raise.

A reader turns one input (workbook, CSV file, folder) into :class:`RawSheet` grids: the cells as
the user typed them, with the spreadsheet row of each. Recognising tables and parsing values
happens afterwards, the same way for every kind of input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from vendorlock.errors import ReaderError
from vendorlock.model.problems import Location

if TYPE_CHECKING:  # annotations only: the workbook prefetch imports this module without pandas
    import pandas as pd


class InputKind(StrEnum):
    """Kinds of input, detected from content (magic bytes, zip members), not the extension."""

    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"
    FOLDER = "folder"


@dataclass(frozen=True)
class ReadLimits:
    """Safety limits applied before parsing (hostile or accidental huge files).

    ``max_rows`` defaults to Excel's own limit, so any real sheet is read; lower it to refuse
    big inputs early. Zip limits stop decompression bombs before a single member is inflated.
    """

    max_rows: int = 1_048_576
    #: Excel's column limit (XFD); a cell reference beyond it is refused before parsing.
    max_columns: int = 16_384
    #: Cells of the grids (rows × columns of each sheet's used area, summed over the sheets)
    #: the spreadsheet engine may allocate: 20 million is 1 million rows × 20 columns, far
    #: above a real inventory, and keeps the dense grid under about 1 GB.
    max_cells: int = 20_000_000
    max_unpacked_bytes: int = 4 * 1024**3
    max_member_ratio: float = 200.0
    #: Members smaller than this are never suspicious, whatever their ratio.
    ratio_floor_bytes: int = 16 * 1024**2
    #: Rows scanned from the top of a sheet to find the header row below title rows.
    header_scan_rows: int = 20


#: The limits used when none are given.
DEFAULT_LIMITS = ReadLimits()


class InputError(ReaderError):
    """An input cannot be read at all. ``code`` names the message ``problem.<code>``."""

    def __init__(self, code: str, location: Location, **params: Any) -> None:
        self.code = code
        self.location = location
        self.params = params
        super().__init__(f"{location.file}: {code}")


#: Finds the header row among the first rows of a sheet (sheet or file-stem name, rows):
#: the index into ``rows``, or None when no row looks like a header.
HeaderFinder = Callable[[str | None, Sequence[Sequence[Any]]], "int | None"]


@dataclass(frozen=True)
class RawSheet:
    """One grid of cells from one sheet or CSV file, header found, before recognition.

    ``header`` holds the header texts as the user wrote them (merged header cells filled in);
    ``cells`` has one column per header position and one row per data row below the header;
    ``first_row`` is the 1-based spreadsheet row of ``cells``' first row. Workbook cells keep
    their native type (float, datetime, str); CSV cells are strings (``text`` is True).
    A sheet where no header row was found has an empty ``header``.
    """

    file: str
    sheet: str | None
    header: tuple[str, ...]
    cells: pd.DataFrame
    first_row: int
    hidden: bool = False
    text: bool = False
    #: Header positions that were blank because they sat in a merged cell (0-based).
    merged_columns: tuple[int, ...] = field(default=())
    #: 1-based spreadsheet row of each row of ``cells`` when blank rows were already dropped
    #: (then ``first_row`` is unused); None: ``first_row`` + position, blank rows included.
    row_numbers: np.ndarray | None = None
    #: When no header row was found: the texts of the first non-blank row, shown to the user
    #: (and written to a mapping file) as the headers to name.
    candidate_header: tuple[str, ...] = ()
    #: Header positions (0-based) of the columns the workbook hides.
    hidden_columns: tuple[int, ...] = ()
    #: Spreadsheet rows (1-based) the workbook hides, and whether the sheet has a filter (its
    #: hidden rows are then filtered out, most likely).
    hidden_rows: tuple[int, ...] = ()
    filtered: bool = False


def first_texts(rows: Sequence[Sequence[Any]]) -> tuple[str, ...]:
    """Texts of the first row with a non-blank cell (blank cells kept as "")."""
    for row in rows:
        texts = tuple("" if c is None else str(c).strip() for c in row)
        if any(texts):
            while texts and not texts[-1]:
                texts = texts[:-1]
            return texts
    return ()
