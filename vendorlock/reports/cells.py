"""Cell values made safe for every output, and the table model the writers share.

A report table is a :class:`Table`: columns (with a :class:`ColumnKind` that decides number
format and alignment) and rows of plain Python values. The xlsx, ods, html and markdown writers
serialise the same tables, so a future ``aggregate`` / ``compare`` report only has to build tables.

Safety lives here once: :func:`xml_text` drops the characters XML 1.0 cannot carry,
:func:`is_formula_like` tells which strings a spreadsheet would evaluate, :func:`terminal_text`
(from :mod:`vendorlock.textsafe`) strips control sequences a terminal would obey.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

import numpy as np

from vendorlock.distinct import Distinct, distinct, memo_loop
from vendorlock.textsafe import terminal_text as terminal_text  # the one terminal sanitiser
from vendorlock.textsafe import xml_clean

#: Longest text a spreadsheet cell holds (Excel's limit); longer text is cut with a marker.
MAX_CELL_CHARS = 32_767

#: First characters that make a spreadsheet read a string as a formula (ASCII and full width).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_EXCEL_EPOCH = date(1899, 12, 30)


class ColumnKind(StrEnum):
    """How a column's values are stored and shown."""

    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    MONEY = "money"
    SHARE = "share"
    SCORE = "score"
    LEVEL = "level"
    DATE = "date"
    BOOL = "bool"
    AUTO = "auto"  # by Python type: key/value blocks such as the summary


@dataclass(frozen=True)
class Column:
    """One column: its header (already localised), kind and width in characters."""

    header: str
    kind: ColumnKind = ColumnKind.TEXT
    width: int = 14


@dataclass(frozen=True)
class Table:
    """Columns and rows of plain values (str, int, float, bool, None; ISO date strings).

    ``level_col`` / ``score_col`` name the columns that get level colours and a score colour
    scale; ``note`` is a localised line shown under a capped table. ``row_kinds`` gives the
    kind of the AUTO cells of some rows (0-based), so a key/value block such as the summary
    stores its money, shares and dates with their formats.
    """

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Any]]
    level_col: int | None = None
    score_col: int | None = None
    note: str | None = None
    row_kinds: Mapping[int, ColumnKind] | None = None
    #: On a phone's screen each row is a card, one line per cell under its column's name (a
    #: table of many columns: its columns, a few words wide, wrapped word by word into rows
    #: 230 px tall); a table of a few rows (no filter box) prints as these cards too.
    stacked: bool = False
    #: The column that heads each card (set first, as its title) when it is not the first
    #: column: the risk register's rows open on their score, its cards on the application.
    lead_col: int | None = None
    #: The column pass of each slice of rows the workbooks wrote (:func:`slice_columns`),
    #: kept so the xlsx shared strings, the xlsx sheets and the ods tables do it once.
    _slices: dict[tuple[int, int | None], list[SliceColumn]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )


#: Renders a column's distinct values at once (given them and their types besides
#: ``None``), or returns None to have them rendered one by one.
Batch = Callable[[list[Any], frozenset[type]], Sequence[str] | np.ndarray | None]


def column_texts(
    values: Sequence[Any], render: Callable[[Any], str], batch: Batch | None = None
) -> np.ndarray:
    """``render`` applied to each value, once per distinct value (report columns repeat a
    lot), or ``batch`` applied to all the distinct values at once: an object array of texts,
    the distinct texts taken by index in one numpy step."""
    found = distinct(values)
    if found is None:
        return object_array(memo_loop(values, render))
    return object_array(distinct_texts(found, render, batch))[found.codes]


def distinct_texts(found: Distinct, render: Callable[[Any], str], batch: Batch | None) -> list[str]:
    """The text of each of ``found``'s distinct values: ``batch`` of them all, else ``render``
    of each."""
    texts = batch(found.uniques, found.types) if batch is not None else None
    return [render(v) for v in found.uniques] if texts is None else list(texts)


def with_none(
    uniques: list[Any],
    none_text: str,
    render: Callable[[list[Any]], Sequence[str] | np.ndarray],
) -> list[str]:
    """``render`` of the distinct values other than ``None``, ``none_text`` in None's place."""
    try:
        at = uniques.index(None)
    except ValueError:
        return list(render(uniques))
    texts = list(render(uniques[:at] + uniques[at + 1 :]))
    texts.insert(at, none_text)
    return texts


#: The types of a column of text, of floats, of integers (besides ``None``).
TEXT, FLOAT, INT = frozenset({str}), frozenset({float}), frozenset({int})


def number_texts(numbers: list[Any], head: str, tail: str, missing: str) -> np.ndarray:
    """``head + repr(n) + tail`` for each of ``numbers`` (all floats, or all ints),
    ``missing`` for a NaN or infinity: concatenations of numpy object arrays."""
    if not numbers:
        return object_array([])
    if type(numbers[0]) is int:
        return head + object_array(list(map(int.__repr__, numbers))) + tail
    finite = np.isfinite(np.array(numbers, dtype=float))
    texts = head + object_array(list(map(float.__repr__, numbers))) + tail
    result: np.ndarray = np.where(finite, texts, missing)
    return result


def map_column(values: Sequence[Any], render: Callable[[Any], str]) -> list[str]:
    """:func:`column_texts` as a list."""
    texts: list[str] = column_texts(values, render).tolist()
    return texts


def object_array(items: Sequence[Any] | np.ndarray) -> np.ndarray:
    """A 1-D object array of ``items`` (``np.array`` would nest a list of lists)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def padded_rows(rows: Sequence[Sequence[Any]], width: int) -> Sequence[Sequence[Any]]:
    """``rows`` each ``width`` cells long: a short row gets empty cells (None) after its
    values, a long one loses the cells past ``width``; rows already that long come back as
    they are (the usual case, checked in C)."""
    if set(map(len, rows)) <= {width}:
        return rows
    return [(tuple(r) + (None,) * width)[:width] for r in rows]


#: ``renderer(column index, kind)`` → the function turning one value of that column into the
#: text of its cell.
Renderer = Callable[[int, ColumnKind], Callable[[Any], str]]


@dataclass(frozen=True)
class SliceColumn:
    """One column of a slice of rows as the workbook writers read it: its distinct values and
    each cell's index among them, or (``found`` None) its values, for a column done value by
    value (a signed zero, an unhashable value, an AUTO column with row kinds)."""

    kind: ColumnKind
    found: Distinct | None
    values: Sequence[Any] | None


def slice_columns(table: Table, start: int = 0, stop: int | None = None) -> list[SliceColumn]:
    """The columns of rows ``start:stop`` of ``table`` (:class:`SliceColumn`), found once per
    table and slice: the xlsx shared strings, the xlsx sheet and the ods table of one run read
    the same pass (the rows transposed and each column's distinct values found in C), which
    each did again before. Only the distinct values and the cells' indices (four bytes a
    cell) are kept, not the transposed rows."""
    key = (start, stop)
    cached = table._slices.get(key)
    if cached is not None:
        return cached
    rows = padded_rows(table.rows[start:stop], len(table.columns))
    out: list[SliceColumn] = []
    for column, values in zip(table.columns, zip(*rows, strict=True), strict=bool(rows)):
        by_row = column.kind is ColumnKind.AUTO and bool(table.row_kinds)
        found = None if by_row else distinct(values)
        out.append(SliceColumn(column.kind, found, values if found is None else None))
    table._slices[key] = out
    return out


#: A rendered column: the texts of its distinct values and each cell's index among them, or
#: the text of each cell (indices None).
Cells = tuple[list[str], np.ndarray | None]


def column_cells(
    table: Table,
    renderer: Renderer,
    start: int = 0,
    stop: int | None = None,
    *,
    by_row: Callable[[int], bool] = lambda i: True,
    batch: Callable[[int, ColumnKind], Batch | None] | None = None,
) -> list[Cells]:
    """The cells of rows ``start:stop``, column by column (:data:`Cells`): each column
    rendered once per distinct value, in column order then order of first appearance (the
    xlsx shared strings are numbered in that order), from the pass both workbooks share
    (:func:`slice_columns`).

    The xlsx and ods writers differ only in ``renderer`` (the XML of one cell). An AUTO column
    of a table with ``row_kinds`` (a key/value block) is rendered with each row's kind, for
    the columns where ``by_row(i)`` holds. ``batch(i, kind)`` may render a column's distinct
    values at once (a :data:`Batch`).
    """
    out: list[Cells] = []
    for i, column in enumerate(slice_columns(table, start, stop)):
        kind = column.kind
        many = batch(i, kind) if batch is not None else None
        if column.found is not None:
            out.append((distinct_texts(column.found, renderer(i, kind), many), column.found.codes))
            continue
        values = column.values or ()
        if kind is ColumnKind.AUTO and table.row_kinds and by_row(i):
            kinds = table.row_kinds
            texts = [renderer(i, kinds.get(r, kind))(v) for r, v in enumerate(values, start=start)]
            out.append((texts, None))
            continue
        found = distinct(values)
        if found is None:
            out.append((memo_loop(values, renderer(i, kind)), None))
        else:
            out.append((distinct_texts(found, renderer(i, kind), many), found.codes))
    return out


def encoded(texts: Sequence[str]) -> list[bytes]:
    """Each text as UTF-8: the column joined, encoded and split in C (by NUL, which no
    rendered XML holds: :func:`xml_text` replaces it), text by text when one holds it."""
    joined = "\0".join(texts)
    if joined.count("\0") != max(len(texts) - 1, 0):
        return [t.encode("utf-8") for t in texts]
    return joined.encode("utf-8").split(b"\0") if texts else []


def cell_bytes(cells: Cells) -> np.ndarray:
    """A rendered column (:data:`Cells`) as an object array of each cell's UTF-8 bytes: the
    distinct texts encoded once and taken by index."""
    texts, codes = cells
    data = object_array(encoded(texts))
    return data if codes is None else data[codes]


def joined_grid(parts: Sequence[str | bytes | np.ndarray], rows: int) -> bytes:
    """The rows as UTF-8: for each row the ``parts`` in order, each a constant (the same for
    every row) or an array of one item per row — laid out as one row-major object grid and
    joined once, so no Python work is done per cell (the cells' texts are taken by index and
    copied by the join).

    Items of text or of bytes, as the first part is: ``bytes.join`` costs about twice
    ``str.join`` per item, so a grid of many short ASCII items (an xlsx sheet: references,
    indices, numbers) is joined as text and encoded, one of longer non-ASCII cells (an ods
    table) as bytes, each cell encoded once per distinct text (:func:`cell_bytes`) rather
    than the slice once more."""
    if not rows:
        return b""
    grid = np.empty((rows, len(parts)), dtype=object)
    for i, part in enumerate(parts):
        grid[:, i] = part
    items = grid.ravel().tolist()
    if isinstance(parts[0], str):
        return "".join(items).encode("utf-8")
    return b"".join(items)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula if typed into a cell."""
    return text.startswith(FORMULA_PREFIXES)


@lru_cache(maxsize=65_536)
def xml_text(value: str) -> str:
    """``value`` escaped for XML text and attributes; illegal XML characters become U+FFFD."""
    if len(value) > MAX_CELL_CHARS:
        value = value[: MAX_CELL_CHARS - 1] + "…"
    return xml_clean(value).translate(_XML_ESCAPES)


def short(text: object, limit: int = 40) -> str:
    """A label cut to ``limit`` characters for charts and map boxes (tables show it in full)."""
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def excel_serial(iso: str) -> int | None:
    """Days since 1899-12-30 (spreadsheet date serial) of an ISO date, None when unparsable."""
    try:
        return (date.fromisoformat(iso) - _EXCEL_EPOCH).days
    except ValueError:
        return None


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


#: Joins the distinct texts of a column so they are escaped in one pass: a private-use
#: character, checked absent first (a column holding it is escaped text by text).
SEP = "\ue000"


def xml_texts(texts: Sequence[str]) -> list[str]:
    """:func:`xml_text` of each of ``texts``, the whole column cleaned and escaped at once."""
    joined = escaped_joined(texts)
    return [xml_text(t) for t in texts] if joined is None else joined.split(SEP)


def escaped_joined(texts: Sequence[str]) -> str | None:
    """``texts`` escaped as :func:`xml_text` does and joined by :data:`SEP`, in a few C
    passes over the whole column; None when a text is too long (it gets cut) or holds
    :data:`SEP` (escape those one by one)."""
    if not texts or max(map(len, texts)) > MAX_CELL_CHARS:
        return None
    joined = SEP.join(texts)
    if joined.count(SEP) != len(texts) - 1:
        return None
    cleaned = xml_clean(joined)  # one character at a time: the same as text by text
    amp = cleaned.replace("&", "&amp;")
    return amp.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
