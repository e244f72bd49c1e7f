"""Parsing cells into typed columns, vectorised, the way French spreadsheets write them.

Each parser takes one raw column (workbook cells keep their type: float, datetime, bool, str;
CSV cells are strings) and returns the typed column plus a mask of the cells that were written
but could not be read, so the caller can report each one. Work happens on whole columns with
pyarrow compute kernels, or once per distinct value for low-cardinality columns (enumerations,
booleans), never once per row in Python.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.dtypes import BOOLEAN, FLOAT, FLOAT64, INT64, SECONDS, STRING
from vendorlock.readers.grid import cell_text
from vendorlock.registry import normalise_key

#: Excel's day zero (serial 1 = 1900-01-01, with Lotus' 1900 leap-year bug folded in).
EXCEL_EPOCH = np.datetime64("1899-12-30", "s")
#: Serial numbers accepted as dates: 1954-10-03 .. 2119-01-09. Outside, a number is not a date.
SERIAL_RANGE = (20_000.0, 80_000.0)

#: Thousands separators and the euro sign, removed before parsing a number.
_LITERAL_NOISE = (" ", "\u00a0", "\u202f", "\u2009", "'", "\t", "€")
#: Units after an amount, spaces already dropped: the currency, the VAT basis and "per year"
#: ("45 000 € HT/an", "12 000 €/an", "3 000 EUR per year": the column is a yearly cost).
_CURRENCY = r"(euros?|eur|ht|ttc|/an|paran|/year|peryear|/yr)+$"
#: An amount in thousands ("12k€", "12 k€ HT/an"): the "k" and what may follow it.
_THOUSANDS = r"k\s*(€|eur|euros?)?\s*(ht|ttc)?\s*(/\s*an|par\s+an|/\s*year|per\s+year|/\s*yr)?\s*$"
_PLAIN_NUMBER = r"^[-+]?\d+([.,]\d+)?$"
_NUMBER = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"
_DMY = r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})(?:[ T].*)?$"
#: ISO dates may carry a time and a zone offset (``2019-01-28+01:00``, ``...T10:00:00Z``):
#: the calendar day as written is kept, the offset is dropped.
_YMD = r"^(?P<y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})(?:[ T].*|[+\-]\d\d:?\d\d|Z)?$"


@dataclass(frozen=True)
class Parsed:
    """A parsed column and the mask of non-empty cells that could not be parsed."""

    values: pd.Series
    bad: np.ndarray
    #: Cells read one way where another was as possible (« 3,000 »: 3 or 3000), to be warned;
    #: None when there are none.
    doubtful: np.ndarray | None = None
    #: How the doubtful cells were read: :data:`THOUSANDS_COMMA`, :data:`DECIMAL_COMMA` or
    #: :data:`MONTH_START`.
    reading: str = ""


#: A date given as a month of a year (« déc. 2026 », « 12/2026 ») or as a year alone
#: (« 2027 »), read as its first day.
MONTH_START = "month_start"
#: Years a cell holding a year alone (« 2027 », a number or text, in a date column) may name: far
#: from Excel's serial numbers (:data:`SERIAL_RANGE`, 1954 onwards as days), so never one.
YEAR_RANGE = (1900, 2100)
#: Month names and abbreviations, French and English, as :func:`normalise_key` leaves them
#: (« déc. » → « dec », « févr. » → « fevr », « août » → « aout »).
MONTH_NAMES: Mapping[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("janvier", "janv", "janvi", "jan", "january"),
            ("fevrier", "fevr", "fev", "feb", "february"),
            ("mars", "mar", "march"),
            ("avril", "avr", "apr", "april"),
            ("mai", "may"),
            ("juin", "jun", "june"),
            ("juillet", "juil", "jul", "july"),
            ("aout", "aou", "aug", "august"),
            ("septembre", "sept", "sep", "september"),
            ("octobre", "oct", "october"),
            ("novembre", "nov", "november"),
            ("decembre", "dec", "december"),
        ),
        start=1,
    )
    for name in names
}
#: « déc-26 », « Dec 2026 », « décembre 2026 » once normalised (« dec 26 », « dec 2026 »).
_NAMED_MONTH = r"^(?P<m>[a-z]{3,9}) (?P<y>\d{4}|\d{2})$"
#: A month then a two-digit year joined as Excel's « mmm-yy » shows it, or with an apostrophe.
_SHORT_YEAR = r"[-'’]\s*\d{2}\s*$"
#: « 12/2026 », « 12-2026 », « 12.2026 » (a four-digit year: « 12/26 » may be a day and month).
_MONTH_YEAR = r"^(?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"
#: « 2026-12 », « 2026/12 ».
_YEAR_MONTH = r"^(?P<y>\d{4})[/.\-](?P<m>\d{1,2})$"
#: « 2027 », a year alone.
_YEAR_ONLY = r"^(?P<y>\d{4})$"


#: The comma of a number is a thousands separator (« 12,500.50 », English usage).
THOUSANDS_COMMA = "thousands_comma"
#: The comma of a number is the decimal separator (« 3,5 », French usage).
DECIMAL_COMMA = "decimal_comma"
#: What may follow a number once spaces and « € » are dropped: a unit, never another digit or
#: separator (« 3,000eur », « 12,5k », « 1,200ht/an »).
_UNIT_TAIL = r"(?:[^\d.,][^.,]*)?$"
#: « 3,000 », « 12,500 »: one comma before exactly three digits — 3 or 3000 alike (never
#: « 0,125 »: a number written from 0 groups no thousands).
_AMBIGUOUS_COMMA = r"^[-+]?[1-9]\d{0,2},\d{3}" + _UNIT_TAIL
#: Either of the two forms below, found in one pass.
_COMMA_GROUPED = r"^[-+]?[1-9]\d{0,2}(?:,\d{3})+" + _UNIT_TAIL
#: « 1,000,000 »: several comma groups can only be thousands.
_COMMA_GROUPS = r"^[-+]?[1-9]\d{0,2}(?:,\d{3}){2,}" + _UNIT_TAIL
#: Cells whose comma can only be a thousands separator: groups then a decimal point
#: (« 12,500.50 »), several groups, or a number written with a decimal point (« 12.5 »), whose
#: writer does not use the comma for decimals.
_THOUSANDS_EVIDENCE = "|".join(
    f"(?:{p}{_UNIT_TAIL})"
    for p in (
        r"^[-+]?[1-9]\d{0,2}(?:,\d{3})+\.\d+",
        r"^[-+]?[1-9]\d{0,2}(?:,\d{3}){2,}",
        r"^[-+]?\d+\.\d{1,2}",
    )
)
#: Cells whose comma can only be the decimal separator: one, two or four and more digits after
#: it (« 3,5 », « 12,50 »), four and more digits before it (« 1250,000 »), or points grouping
#: thousands (« 1.234,5 », « 1.234.567 »).
_DECIMAL_EVIDENCE = "|".join(
    f"(?:{p}{_UNIT_TAIL})"
    for p in (
        r"^[-+]?\d+,(?:\d{1,2}|\d{4,})",
        r"^[-+]?\d{4,},\d+",
        r"^[-+]?\d{1,3}(?:\.\d{3})+,\d*",
        r"^[-+]?\d{1,3}(?:\.\d{3}){2,}",
    )
)


#: « 8.400 », « 12.500 € HT »: one point before exactly three digits — 8.4 in English usage,
#: 8400 where the comma marks decimals (the point then groups thousands).
_DOT_GROUP = r"^[-+]?[1-9]\d{0,2}\.\d{3}" + _UNIT_TAIL


def _dot_groups(stripped: pa.Array) -> np.ndarray | None:
    """Cells whose one point groups thousands: « 8.400 € HT » in a column whose other cells
    write decimals with a comma (« 12 500,00 € », « 1,2 k€ »). A writer who marks decimals with
    the comma never marks them with the point; read as a decimal point, the amount would be a
    thousand times too small, silently. Without such a cell the point stays a decimal point."""
    if b"." not in data_bytes(stripped):
        return None
    hit = pc.fill_null(pc.match_substring_regex(stripped, _DOT_GROUP), False)
    if not pc.any(hit).as_py():
        return None
    decimal = pc.fill_null(pc.match_substring_regex(stripped, _DECIMAL_EVIDENCE), False)
    if not pc.any(decimal).as_py():
        return None
    # « 12.5 » beside « 3,5 »: the writer also marks decimals with the point, so the column
    # settles nothing — the point stays a decimal point, as without the comma's evidence
    point = pc.fill_null(pc.match_substring_regex(stripped, _THOUSANDS_EVIDENCE), False)
    if pc.any(point).as_py():
        return None
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


def _is_text_dtype(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.StringDtype) or s.dtype == "str"


#: Rows sampled to decide whether a column has few distinct values.
DISTINCT_SAMPLE = 65536
#: A column is parsed once per distinct value when the sample holds at most this share of them.
DISTINCT_MAX_SHARE = 0.5


@dataclass(frozen=True)
class Distinct:
    """A column as its distinct cells and, per row, the position of its cell (-1 when empty).

    Most inventory columns (editors, domains, enumerations, formats, dates, flags) repeat a
    few values over thousands of rows: parsing each distinct value once, then spreading the
    results with one ``take``, replaces a dozen passes over every row by passes over a few
    hundred values. Every parser is cell-wise, so the result is the same as a full-column run.
    """

    codes: np.ndarray
    values: pd.Series

    def expand(self, parsed: pd.Series, index: pd.Index) -> pd.Series:
        """Per-row values from per-distinct ``parsed`` (missing where the row is empty)."""
        taken = pd.api.extensions.take(parsed.array, self.codes, allow_fill=True)
        return pd.Series(taken, index=index, dtype=parsed.dtype)

    def expand_mask(self, mask: np.ndarray) -> np.ndarray:
        """Per-row mask from a per-distinct one (False where the row is empty)."""
        return np.append(np.asarray(mask, dtype=bool), False)[self.codes]


def distinct(raw: pd.Series) -> Distinct | None:
    """The distinct cells of a text or categorical column, or None when most cells differ.

    Categorical columns (what the CSV reader returns for repetitive columns) come for free;
    a text column is dictionary-encoded in arrow (one hash pass) only when a sample of its
    first rows shows few distinct values, so high-cardinality columns (names, amounts) pay
    nothing.
    """
    if isinstance(raw.dtype, pd.CategoricalDtype):
        codes = raw.cat.codes.to_numpy().astype(np.int64)
        return Distinct(codes, pd.Series(raw.cat.categories.array))
    if raw.dtype == object:
        return _distinct_strings(raw)
    if not _is_text_dtype(raw) or len(raw) < 2:
        return None
    arr = pa.chunked_array(pa.array(raw.astype(STRING), type=pa.large_string()))
    sample = arr.slice(0, DISTINCT_SAMPLE)  # chunks are not joined: that would copy the column
    if len(pc.unique(sample)) > max(len(sample) * DISTINCT_MAX_SHARE, 1):
        return None
    encoded = arr.dictionary_encode()  # the chunks share one dictionary
    indices = pa.concat_arrays([chunk.indices for chunk in encoded.chunks])
    codes = pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    values = pd.Series(pd.array(encoded.chunk(0).dictionary, dtype=raw.dtype))
    return Distinct(codes, values)


def _distinct_strings(raw: pd.Series) -> Distinct | None:
    """:func:`distinct` of a workbook column whose cells are all text (or empty).

    Columns mixing types, or holding None or NaN, are left alone: hashing Python objects
    would take ``1``, ``1.0`` and ``True`` for one value, while the parsers tell them apart
    (and a NaN cell is not always read as an empty one).
    """
    if len(raw) < 2 or pd.api.types.infer_dtype(raw, skipna=False) != "string":
        return None
    sample = raw.iloc[:DISTINCT_SAMPLE]
    if len(raw) <= DISTINCT_SAMPLE:
        # the sample is the whole column: one hash pass both decides and encodes
        codes, uniques = pd.factorize(raw)
        if len(uniques) > max(len(raw) * DISTINCT_MAX_SHARE, 1):
            return None
        return Distinct(codes.astype(np.int64), pd.Series(uniques, dtype=object))
    if len(pd.unique(sample)) > max(len(sample) * DISTINCT_MAX_SHARE, 1):
        return None
    codes, uniques = pd.factorize(raw)
    return Distinct(codes.astype(np.int64), pd.Series(uniques, dtype=object))


def to_text(raw: pd.Series) -> pd.Series:
    """Cells as stripped strings (``<NA>`` for empty); numbers written without ``.0``."""
    if isinstance(raw.dtype, pd.CategoricalDtype):
        cats = pd.Series(raw.cat.categories.array)
        spread = Distinct(raw.cat.codes.to_numpy().astype(np.int64), cats)
        return spread.expand(to_text(cats), raw.index)
    if _is_text_dtype(raw):
        return _stripped(_arrow_cells(raw), raw.index)
    kind = pd.api.types.infer_dtype(raw, skipna=True)
    if kind in ("string", "empty"):
        cells = pa.array(raw.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
        return _stripped(cells, raw.index)
    s = raw.map(lambda v: None if v is None or v == "" else cell_text(v)).astype(STRING)
    return _stripped(arrow_text(s), raw.index)


def _stripped(cells: pa.Array, index: pd.Index) -> pd.Series:
    """``cells`` (``large_string``) stripped as ``Series.str.strip`` does (the same arrow
    kernel), empty ones ``<NA>``: in arrow, without pandas' per-call overhead (~1 ms, paid by
    the many small columns of distinct values the parsers see)."""
    trimmed = pc.utf8_trim_whitespace(cells)
    if len(trimmed):
        # a blank cell is one of length zero, read from the offsets (a missing cell, also of
        # length zero, stays missing): no compare and mask kernels (~20 µs each, mostly
        # fixed cost, paid by every column) when, as usual, no cell is blank
        offsets = np.frombuffer(trimmed.buffers()[1], dtype=np.int64)
        bounds = offsets[trimmed.offset : trimmed.offset + len(trimmed) + 1]
        blank = bounds[1:] == bounds[:-1]
        if blank.any():
            trimmed = pc.if_else(pa.array(blank), pa.scalar(None, pa.large_string()), trimmed)
    return pd.Series(pd.array(trimmed, dtype=STRING), index=index)


def to_texts(raws: Sequence[pd.Series], names: Sequence[str]) -> pd.DataFrame:
    """:func:`to_text` of every column of ``columns``, in one pass per kind of column.

    A sheet may carry thousands of columns nobody mapped (kept as extra attributes): converting
    them one by one costs about a millisecond of pandas overhead each, seconds for a
    10,000-column file. The conversion is cell by cell, so the columns of one kind (text, or
    cells of mixed types) are stacked end to end as one arrow array, converted once and cut
    back into arrow slices (no pandas object per column until the frame is built); categorical
    columns, converted through their few categories, stay one by one. The result has a
    ``RangeIndex`` and one column per name of ``names``.
    """
    n = len(raws[0]) if raws else 0
    groups: dict[str, list[int]] = {"text": [], "mixed": [], "category": []}
    for i, raw in enumerate(raws):
        if isinstance(raw.dtype, pd.CategoricalDtype):
            groups["category"].append(i)
        elif _is_text_dtype(raw) or pd.api.types.infer_dtype(raw, skipna=True) in (
            "string",
            "empty",
        ):
            groups["text"].append(i)
        else:
            groups["mixed"].append(i)
    out: list[pa.Array | pa.ChunkedArray | None] = [None] * len(raws)
    for i in groups["category"]:
        out[i] = arrow_text(to_text(raws[i]))
    for kind in ("text", "mixed"):
        picked = groups[kind]
        if not picked:
            continue
        if kind == "text":
            stacked = pd.Series(
                pd.array(
                    pa.chunked_array(
                        [_arrow_cells(raws[i]) for i in picked], type=pa.large_string()
                    ),
                    dtype=STRING,
                )
            )
        else:
            stacked = pd.Series(np.concatenate([raws[i].to_numpy(dtype=object) for i in picked]))
        text = arrow_text(to_text(stacked))
        for k, i in enumerate(picked):
            out[i] = text.slice(k * n, n)
    table = pa.table(
        [x if x is not None else pa.nulls(n) for x in out], names=[str(i) for i in range(len(out))]
    )
    frame = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype()}.get)
    frame.columns = pd.Index(list(names), dtype=object)
    return frame.set_axis(pd.RangeIndex(n))


def non_blank_rows(cells: pd.DataFrame) -> np.ndarray:
    """Mask of rows holding at least one non-blank cell (blank rows are not data).

    Text columns (CSV cells; an empty cell is read as missing) are stacked into one arrow
    array and tested at once, so the cost does not grow with the number of columns; other
    columns (workbook cells keep their type) are tested one by one, an empty text counting
    as blank.
    """
    n = len(cells)
    keep = np.zeros(n, dtype=bool)
    if cells.empty:
        return keep
    text: list[pa.Array] = []
    for _, s in cells.items():
        if _is_text_dtype(s):
            text.append(_arrow_cells(s))
            continue
        filled = s.notna().to_numpy().copy()
        if s.dtype == object:
            filled &= (s != "").to_numpy()
        keep |= filled
    if text:
        valid = pc.is_valid(pa.chunked_array(text, type=pa.large_string()))
        keep |= valid.to_numpy(zero_copy_only=False).reshape(len(text), n).any(axis=0)
    return keep


def _arrow_cells(raw: pd.Series) -> pa.Array:
    """A text column as one arrow ``large_string`` array, without a copy when arrow-backed."""
    arrow = getattr(raw.array, "__arrow_array__", None)
    arr = arrow() if arrow is not None else pa.array(raw, type=pa.large_string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    return arr if arr.type == pa.large_string() else arr.cast(pa.large_string())


def arrow_text(s: pd.Series) -> pa.Array:
    """A text column as one contiguous arrow ``large_string`` array (what the kernels and the
    byte-level helpers here expect); no copy when pandas already holds it so."""
    arr = pa.array(s.astype(STRING), type=pa.large_string(), from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


#: The language a sheet reads in (``"en"``, ``"fr"``, or None when nothing says), asked only
#: when a column's own cells do not say what its commas are.
LanguageCue = Callable[[], str | None]


def _comma_role(
    arr: pa.Array, stripped: pa.Array, language: LanguageCue | None
) -> tuple[np.ndarray | None, np.ndarray | None, str]:
    """Which cells' commas are thousands separators, which cells stay in doubt, and how those
    were read.

    « 3,000 » is 3 in French and 3000 in English: the column decides, from its other cells —
    « 12,500.50 » or « 12.5 » say its writer groups thousands with commas, « 3,5 » or
    « 1.234,5 » that the comma marks decimals. When its cells say nothing (or both), the
    sheet's language decides (English: thousands; French or unknown: decimals, the French
    usage) and each such cell is warned, since it may be off by a factor of 1000.
    """
    if b"," not in data_bytes(stripped):
        return None, None, ""

    def mask(pattern: str, cells: pa.Array = stripped) -> np.ndarray:
        hit = pc.fill_null(pc.match_substring_regex(cells, pattern), False)
        return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)

    # Candidates by arithmetic (a first comma within the first four bytes, three or more after
    # it: a decimal-comma column such as « 12345,67 » or « 123,45 » has few); one regex pass
    # over them finds the cells of either form, a second tells them apart.
    comma = pc.find_substring(stripped, ",")
    after = pc.subtract(pc.binary_length(stripped), comma)
    near = pc.and_(pc.and_(pc.greater(comma, 0), pc.less(comma, 5)), pc.greater(after, 3))
    candidates = np.asarray(pc.fill_null(near, False).to_numpy(zero_copy_only=False), dtype=bool)
    if not candidates.any():
        return None, None, ""
    grouped = candidates.copy()
    grouped[candidates] = mask(_COMMA_GROUPED, stripped.filter(pa.array(candidates)))
    if not grouped.any():
        return None, None, ""
    groups = grouped.copy()
    groups[grouped] = mask(_COMMA_GROUPS, stripped.filter(pa.array(grouped)))
    ambiguous = grouped & ~groups
    if not ambiguous.any():
        return groups, None, ""
    thousands = mask(_THOUSANDS_EVIDENCE).any()
    decimal = mask(_DECIMAL_EVIDENCE).any()
    if thousands != decimal:
        return (groups | ambiguous if thousands else groups), None, ""
    if language is not None and language() == "en":
        return groups | ambiguous, ambiguous, THOUSANDS_COMMA
    return groups, ambiguous, DECIMAL_COMMA


def _text_to_number(text: pd.Series, language: LanguageCue | None = None) -> Parsed:
    """``12 345,67 €``, ``1.234,5``, ``3,5 k€``, ``-12`` → floats (vectorised, arrow kernels).

    Cells plain once spaces and ``€`` are dropped (``12``, ``12 345,67 €``, ``-1.5``) take one
    regex pass; only columns holding other forms go through the full cleaning, from the
    cells as written (so the result never depends on which path was taken). What a comma
    before three digits means is decided for the whole column (:func:`_comma_role`).
    """
    arr = arrow_text(text)
    stripped = _drop_literals(arr, _LITERAL_NOISE)
    grouped, doubtful, reading = _comma_role(arr, stripped, language)
    if (points := _dot_groups(stripped)) is not None:
        ungroup = pa.array(points)
        arr = pc.if_else(ungroup, pc.replace_substring(arr, ".", ""), arr)
        stripped = pc.if_else(ungroup, pc.replace_substring(stripped, ".", ""), stripped)
    if grouped is not None and grouped.any():
        ungroup = pa.array(grouped)
        arr = pc.if_else(ungroup, pc.replace_substring(arr, ",", ""), arr)
        stripped = pc.if_else(ungroup, pc.replace_substring(stripped, ",", ""), stripped)
    plain = pc.fill_null(pc.match_substring_regex(stripped, _PLAIN_NUMBER), True)
    if pc.all(plain).as_py() is not False:
        cleaned = swap_char(stripped, ",", ".")
        ok = pc.is_valid(arr)
    else:
        cleaned, ok = _clean_numbers(arr)
    nums = pc.cast(pc.if_else(ok, cleaned, pa.scalar(None, pa.large_string())), pa.float64())
    values = pd.Series(nums.to_numpy(zero_copy_only=False), index=text.index, dtype=FLOAT)
    bad = text.notna().to_numpy() & ~pc.fill_null(ok, False).to_numpy(zero_copy_only=False)
    return Parsed(values, bad, doubtful, reading)


def data_bytes(arr: pa.Array) -> bytes:
    """The bytes of every cell of a text or binary column, one after the other."""
    if not (pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type)):
        arr = arr.cast(pa.large_binary() if pa.types.is_binary(arr.type) else pa.large_string())
    if arr.offset:
        arr = pa.concat_arrays([arr])
    offsets_buf, data_buf = arr.buffers()[1:3]
    if data_buf is None or not len(arr):
        return b""
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[: len(arr) + 1]
    return data_buf.slice(int(offsets[0]), int(offsets[-1] - offsets[0])).to_pybytes()


def swap_char(arr: pa.Array, old: str, new: str) -> pa.Array:
    """``arr`` with every ASCII ``old`` replaced by ASCII ``new``: one byte translation of the
    column's bytes (cell boundaries unchanged), several times faster than a replace kernel."""
    arr, cells = _cell_bytes(arr)
    if cells is None:
        return arr
    validity, bounds, data = cells
    swapped = data.translate(bytes.maketrans(old.encode("ascii"), new.encode("ascii")))
    return pa.Array.from_buffers(
        pa.large_string(),
        len(arr),
        [validity, pa.py_buffer(bounds), pa.py_buffer(swapped)],
        null_count=arr.null_count,
    )


def _cell_bytes(
    arr: pa.Array,
) -> tuple[pa.Array, tuple[pa.Buffer | None, np.ndarray, bytes] | None]:
    """``arr`` as a large string array with no offset, and its cells' bytes for a byte-level
    rewrite: (validity buffer, each cell's bounds from 0, the bytes), None when it holds no
    bytes (empty, all null)."""
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    if arr.offset:
        arr = pa.concat_arrays([arr])
    validity, offsets_buf, data_buf = arr.buffers()[:3]
    if data_buf is None or not len(arr):
        return arr, None
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[: len(arr) + 1]
    first, last = int(offsets[0]), int(offsets[-1])
    return arr, (validity, offsets - first, data_buf.slice(first, last - first).to_pybytes())


def _drop_literals(arr: pa.Array, literals: tuple[str, ...]) -> pa.Array:
    """``arr`` without any of ``literals``; a pass only for those present (a byte search)."""
    data = data_bytes(arr)
    for literal in literals:
        if literal.encode("utf-8") in data:
            arr = pc.replace_substring(arr, literal, "")
    return arr


def _clean_numbers(arr: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Cleaned number text (``k€`` already multiplied out later) and the mask of valid ones."""
    arr = pc.utf8_lower(arr)
    thousand = pc.fill_null(pc.match_substring_regex(arr, _THOUSANDS), False)
    if pc.any(thousand).as_py():
        arr = pc.replace_substring_regex(arr, _THOUSANDS, "")
    arr = _drop_literals(arr, _LITERAL_NOISE)  # literal passes are much cheaper than one regex
    if pc.any(pc.fill_null(pc.match_substring_regex(arr, "[a-z]"), False)).as_py():
        arr = pc.replace_substring_regex(arr, _CURRENCY, "")
    if pc.any(pc.fill_null(pc.match_substring(arr, "."), False)).as_py():
        dotted = pc.or_(
            pc.match_substring_regex(arr, r"^[-+]?\d{1,3}(\.\d{3})+,\d*$"),
            pc.match_substring_regex(arr, r"^[-+]?\d{1,3}(\.\d{3}){2,}$"),
        )
        arr = pc.if_else(pc.fill_null(dotted, False), pc.replace_substring(arr, ".", ""), arr)
        english = pc.match_substring_regex(arr, r"^[-+]?\d{1,3}(,\d{3})+\.\d+$")
        arr = pc.if_else(pc.fill_null(english, False), pc.replace_substring(arr, ",", ""), arr)
    arr = pc.replace_substring(arr, ",", ".")
    ok = pc.fill_null(pc.match_substring_regex(arr, _NUMBER), False)
    if pc.any(thousand).as_py():
        scaled = pc.cast(pc.if_else(ok, arr, pa.scalar(None, pa.large_string())), pa.float64())
        scaled = pc.if_else(thousand, pc.multiply(scaled, 1000.0), scaled)
        arr = pc.if_else(ok, pc.cast(scaled, pa.large_string()), arr)
    return arr, ok


def _split_types(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Masks of numeric (not bool) cells and of date/datetime cells in an object column."""
    types = raw.map(type)
    numeric = types.isin([float, int, np.float64, np.int64]).to_numpy()
    dates = types.isin([dt.datetime, dt.date, pd.Timestamp]).to_numpy()
    return numeric, dates


def _all_empty(raw: pd.Series, mask: np.ndarray) -> bool:
    """Whether the masked cells of an object column are all empty (None or "", what a
    workbook gives for a blank cell): the text parsers would read each as missing, not bad,
    at ~1 ms of arrow kernels even for one cell (a numeric column with a blank)."""
    return all(v is None or (isinstance(v, str) and v == "") for v in raw.to_numpy()[mask])


def _all_numbers(raw: pd.Series) -> bool:
    """Whether an object column holds only int and float cells (no bool, text or empty cell):
    one C-level type scan instead of asking each cell its type."""
    kind = pd.api.types.infer_dtype(raw, skipna=False)
    return len(raw) > 0 and kind in ("integer", "floating", "mixed-integer-float")


def parse_number(raw: pd.Series, language: LanguageCue | None = None) -> Parsed:
    """Floats from numeric cells or text written the French or the English way.

    ``language`` tells the sheet's language, asked only when the column's cells leave a comma
    in doubt (« 3,000 »: see :func:`_comma_role`).
    """
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        return Parsed(raw.astype(FLOAT), np.zeros(len(raw), dtype=bool))
    if _is_text_dtype(raw):
        return _text_to_number(to_text(raw), language)
    if _all_numbers(raw):
        return Parsed(raw.astype(FLOAT), np.zeros(len(raw), dtype=bool))
    numeric, _ = _split_types(raw)
    out = pd.Series(np.nan, index=raw.index, dtype=FLOAT)
    bad = np.zeros(len(raw), dtype=bool)
    doubtful = None
    if numeric.any():
        out[numeric] = raw[numeric].astype(FLOAT)
    rest = ~numeric
    reading = ""
    if rest.any() and not _all_empty(raw, rest):
        parsed = _text_to_number(to_text(raw[rest]), language)
        out[rest] = parsed.values.to_numpy()
        bad[rest] = parsed.bad
        if parsed.doubtful is not None:
            doubtful = np.zeros(len(raw), dtype=bool)
            doubtful[rest] = parsed.doubtful
            reading = parsed.reading
    return Parsed(out, bad, doubtful, reading)


#: Largest whole number an inventory cell may hold (users, months, counts). One policy: finite,
#: whole, at most 12 digits — far above any real count, far below where int64 (2^63) overflows
#: or a float stops holding every integer (2^53), so ``1e19`` users or ``1e300`` months are a
#: located bad value, not a traceback.
MAX_INTEGER = 10**12 - 1


def parse_integer(raw: pd.Series, language: LanguageCue | None = None) -> Parsed:
    """Integers (``12``, ``12,0``, ``1 200``); a fractional, non-finite or huge value is bad."""
    num = parse_number(raw, language)
    floats = num.values.to_numpy(dtype=FLOAT, na_value=np.nan)
    present = ~np.isnan(floats)
    with np.errstate(invalid="ignore"):
        wrong = present & (~np.isfinite(floats) | (np.abs(floats) > MAX_INTEGER))
        wrong |= present & ~wrong & (np.nan_to_num(floats) % 1 != 0)
    values = pd.Series(np.where(wrong, np.nan, floats), index=num.values.index).round()
    doubtful = None if num.doubtful is None else num.doubtful & ~wrong
    return Parsed(values.astype(INT64), num.bad | wrong, doubtful, num.reading)


def _dates_from_parts(y: pa.Array, m: pa.Array, d: pa.Array) -> pd.Series:
    years = pd.Series(pc.cast(y, pa.int64()).to_numpy(zero_copy_only=False), dtype=FLOAT)
    years = years.where(years >= 100, years + np.where(years < 70, 2000, 1900))
    frame = pd.DataFrame(
        {
            "year": years,
            "month": pc.cast(m, pa.int64()).to_numpy(zero_copy_only=False),
            "day": pc.cast(d, pa.int64()).to_numpy(zero_copy_only=False),
        }
    )
    return pd.to_datetime(frame, errors="coerce").astype(SECONDS)


def _text_to_date(text: pd.Series) -> Parsed:
    """``31/12/2027``, ``31.12.2027``, ``2027-12-31`` (time ignored), serial numbers → dates;
    a month of a year (« déc. 2026 ») → its first day, marked doubtful (:func:`_month_dates`)."""
    arr = arrow_text(text)
    out = pd.Series(pd.NaT, index=text.index, dtype=SECONDS)
    done = _padded_dates(arr, out)
    if done.all():
        return Parsed(out, np.zeros(len(text), dtype=bool))
    rest = ~done
    arr = arr.filter(pa.array(rest))
    sub = pd.Series(pd.NaT, index=text.index[rest], dtype=SECONDS)
    _loose_dates(arr, sub)
    out[rest] = sub.to_numpy()
    serial = out.isna().to_numpy() & text.notna().to_numpy()
    if serial.any():
        nums = _text_to_number(text[serial]).values
        out[serial] = _serial_to_date(nums).to_numpy()
    left = out.isna().to_numpy() & text.notna().to_numpy()
    months = None
    if left.any():
        found = _month_dates(text[left])
        if found.notna().any():
            out[left] = found.to_numpy()
            months = np.zeros(len(text), dtype=bool)
            months[left] = found.notna().to_numpy()
    bad = text.notna().to_numpy() & out.isna().to_numpy()
    return Parsed(out, bad, months, MONTH_START if months is not None else "")


def _month_dates(text: pd.Series) -> pd.Series:
    """The first day of the month a cell names (« déc-26 », « déc. 2026 », « Dec 2026 »,
    « 12/2026 », « 2026-12 ») or of the year it names alone (« 2027 », :data:`YEAR_RANGE`),
    NaT for other cells.

    Contract registers often keep an end or renewal date to the month. The first day is the
    prudent reading: vendorlock counts the decision date back from the end date (end − notice
    − procurement lead time, :mod:`vendorlock.scoring.actions`), so the first day can only set
    it up to a month early, while the last day could set it up to a month late — past the
    notice deadline, when a tacit renewal has already bound the body for another term.
    """
    arr = arrow_text(text)
    keys = _key_array(arr)
    years = np.full(len(text), np.nan)
    months = np.full(len(text), np.nan)
    named = pc.extract_regex(keys, _NAMED_MONTH)
    hit = pc.fill_null(pc.is_valid(named), False).to_numpy(zero_copy_only=False)
    if hit.any():
        names = named.field("m").to_pylist()
        number = [MONTH_NAMES.get(n, np.nan) if n is not None else np.nan for n in names]
        year = _float_column(named.field("y"))
        # a two-digit year only as Excel shows a month (« déc-26 », « Dec '26 »): « Dec 31 » is
        # the 31st of December, not December 2031
        short = pc.match_substring_regex(arr, _SHORT_YEAR)
        excel = pc.fill_null(short, False).to_numpy(zero_copy_only=False)
        hit = hit & ((year >= 100) | excel)
        months = np.where(hit, number, months)
        years = np.where(hit, year, years)
    for pattern in (_MONTH_YEAR, _YEAR_MONTH):
        parts = pc.extract_regex(arr, pattern)
        hit = pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False)
        if hit.any():
            months = np.where(hit, _float_column(parts.field("m")), months)
            years = np.where(hit, _float_column(parts.field("y")), years)
    alone = pc.extract_regex(arr, _YEAR_ONLY)
    hit = pc.fill_null(pc.is_valid(alone), False).to_numpy(zero_copy_only=False)
    if hit.any():
        year = _float_column(alone.field("y"))
        hit &= (year >= YEAR_RANGE[0]) & (year <= YEAR_RANGE[1])
        months = np.where(hit, 1.0, months)
        years = np.where(hit, year, years)
    years = np.where(years < 100, years + np.where(years < 70, 2000, 1900), years)
    ok = ~np.isnan(years) & ~np.isnan(months) & (months >= 1) & (months <= 12)
    frame = pd.DataFrame(
        {"year": np.where(ok, years, 2000), "month": np.where(ok, months, 1), "day": 1}
    )
    dates = pd.to_datetime(frame, errors="coerce").astype("datetime64[s]")
    return pd.Series(dates.where(ok).to_numpy(), index=text.index, dtype="datetime64[s]")


def _float_column(parts: pa.Array) -> np.ndarray:
    """Digits extracted by a regex as floats (NaN where the cell did not match)."""
    filled = pc.if_else(pc.equal(parts, ""), pa.scalar(None, parts.type), parts)
    numbers = pc.cast(filled, pa.float64())
    return np.asarray(numbers.to_numpy(zero_copy_only=False), dtype="float64")


#: Zero-padded forms parsed by strptime (fast); (format, shape, slice holding the month).
_PADDED = (
    ("%d/%m/%Y", r"^\d\d/\d\d/\d{4}$", (3, 5)),
    ("%Y-%m-%d", r"^\d{4}-\d\d-\d\d$", (5, 7)),
)


def _padded_dates(arr: pa.Array, out: pd.Series) -> np.ndarray:
    """Fill ``out`` where cells are ``31/12/2027`` or ``2027-12-31``; mask of cells settled.

    strptime rolls 31/02 over to 03/03, so a date is kept only if its month is the one written.
    Empty cells count as settled.
    """
    done = ~pc.is_valid(arr).to_numpy(zero_copy_only=False)
    for fmt, shape, (lo, hi) in _PADDED:
        padded = pc.fill_null(pc.match_substring_regex(arr, shape), False)
        if not pc.any(padded).as_py():
            continue
        parsed = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
        month = pc.cast(pc.if_else(padded, pc.utf8_slice_codeunits(arr, lo, hi), "0"), pa.int64())
        good = pc.fill_null(pc.and_(padded, pc.equal(month, pc.month(parsed))), False)
        mask = good.to_numpy(zero_copy_only=False)
        out[mask] = parsed.filter(good).to_numpy(zero_copy_only=False).astype(SECONDS)
        done |= mask
    return done


def _loose_dates(arr: pa.Array, out: pd.Series) -> None:
    """Fill ``out`` from ``1/2/27``, ``31.12.2027``, ``2027-12-31 10:00`` and other variants."""
    for pattern in (_DMY, _YMD):
        parts = pc.extract_regex(arr, pattern)
        hit = pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False)
        if not hit.any():
            continue
        parts = parts.filter(pa.array(hit))
        dates = _dates_from_parts(parts.field("y"), parts.field("m"), parts.field("d"))
        out[hit] = dates.to_numpy()


def _year_starts(nums: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(1 January of the year, mask) of the number cells of a date column that are a year
    alone (« 2027 » typed as a number: :data:`YEAR_RANGE`), read as :func:`_month_dates` reads
    « 2027 » written as text."""
    values = nums.to_numpy(dtype=FLOAT, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        hit = (values >= YEAR_RANGE[0]) & (values <= YEAR_RANGE[1]) & (values % 1 == 0)
    years = np.where(hit, values, 2000).astype("int64") - 1970
    starts = years.astype("datetime64[Y]").astype(SECONDS)
    return pd.Series(np.where(hit, starts, np.datetime64("NaT")), index=nums.index), hit


def _serial_to_date(nums: pd.Series) -> pd.Series:
    ok = nums.between(*SERIAL_RANGE)
    days = nums.where(ok).round()
    stamps = EXCEL_EPOCH + (days.fillna(0).to_numpy().astype("int64") * 86400).astype(
        "timedelta64[s]"
    )
    return pd.Series(stamps, index=nums.index).where(ok.to_numpy()).astype(SECONDS)


def parse_date(raw: pd.Series) -> Parsed:
    """Dates from date cells, Excel serial numbers or text in the usual French forms."""
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return Parsed(raw.astype(SECONDS), np.zeros(len(raw), dtype=bool))
    if _is_text_dtype(raw):
        return _text_to_date(to_text(raw))
    if _all_numbers(raw):
        nums = raw.astype(FLOAT)
        conv = _serial_to_date(nums)
        starts, years = _year_starts(nums)
        if not years.any():
            return Parsed(conv, conv.isna().to_numpy())
        conv = conv.where(~years, starts).astype(SECONDS)
        return Parsed(conv, conv.isna().to_numpy(), years, MONTH_START)
    numeric, dates = _split_types(raw)
    bad = np.zeros(len(raw), dtype=bool)
    if dates.all():  # date cells only (a workbook's date column): no column to fill piecewise
        read = pd.to_datetime(raw.map(_as_datetime)).astype(SECONDS)
        return Parsed(pd.Series(read.to_numpy(), index=raw.index, dtype=SECONDS), bad)
    out = pd.Series(pd.NaT, index=raw.index, dtype=SECONDS)
    if dates.any():
        out[dates] = pd.to_datetime(raw[dates].map(_as_datetime)).astype(SECONDS)
    months = None
    if numeric.any():
        nums = raw[numeric].astype(FLOAT)
        conv = _serial_to_date(nums)
        starts, years = _year_starts(nums)
        if years.any():
            conv = conv.where(~years, starts).astype(SECONDS)
            months = np.zeros(len(raw), dtype=bool)
            months[numeric] = years
        out[numeric] = conv.to_numpy()
        bad[numeric] = conv.isna().to_numpy()
    rest = ~(numeric | dates)
    if rest.any() and not _all_empty(raw, rest):
        parsed = _text_to_date(to_text(raw[rest]))
        out[rest] = parsed.values.to_numpy()
        bad[rest] = parsed.bad
        if parsed.doubtful is not None:
            months = np.zeros(len(raw), dtype=bool) if months is None else months
            months[rest] = parsed.doubtful
    return Parsed(out, bad, months, MONTH_START if months is not None else "")


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)


def normalise_keys(text: pd.Series) -> pd.Series:
    """Vectorised :func:`vendorlock.registry.normalise_key` (same result, arrow kernels).

    Used on high-cardinality columns (application names, ids) where one Python call per
    distinct value would dominate the run.
    """
    return pd.Series(pd.array(_key_array(arrow_text(text)), dtype=STRING), index=text.index)


def key_array(arr: pa.Array) -> pa.Array:
    """:func:`normalise_keys` of an arrow text array, for callers that stay in arrow."""
    return _key_array(arr)


def _key_array(arr: pa.Array) -> pa.Array:
    """:func:`normalise_keys` in arrow. Columns already in key form (lower-case letters and
    digits, single inner spaces) skip the replacing pass, the costliest."""
    if not pc.all(pc.fill_null(pc.string_is_ascii(arr), True)).as_py():
        arr = pc.utf8_normalize(arr, "NFKD")
        # ``[^\x00-\x7f]`` → "": every byte of a non-ASCII character is ≥ 0x80 in UTF-8
        arr = _edit_bytes(arr, _non_ascii)
    arr = pc.ascii_lower(arr)
    odd = pc.match_substring_regex(arr, r"[^0-9a-z ]|  |^ | $")
    if not pc.any(pc.fill_null(odd, False)).as_py():
        return arr
    arr = _edit_bytes(arr, _repeated_space, _NOT_KEY)  # ``[^0-9a-z]+`` → " ", on ASCII
    return pc.utf8_trim(arr, " ")


#: Every byte that is not an ASCII digit or lower-case letter, as a space.
_NOT_KEY = bytes(b if chr(b) in "0123456789abcdefghijklmnopqrstuvwxyz" else 32 for b in range(256))


def _non_ascii(data: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Every byte of a non-ASCII character (all are ≥ 0x80 in UTF-8, and no other is)."""
    return data >= 0x80


def _repeated_space(data: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The spaces that follow a space of the same cell (a run of them kept as its first)."""
    space = data == 32
    drop = space.copy()
    drop[1:] &= space[:-1]
    drop[starts[starts < len(data)]] = False  # a cell's first byte follows another cell's
    return drop


def _edit_bytes(
    arr: pa.Array,
    drop: Callable[[np.ndarray, np.ndarray], np.ndarray],
    table: bytes | None = None,
) -> pa.Array:
    """``arr`` with its bytes translated through ``table`` (when given), then without those
    ``drop`` marks (given the bytes and each cell's first position): the regular-expression
    replacements of :func:`_key_array` as byte operations on the column's buffer, ~5×
    cheaper; each cell's bounds move by the bytes dropped before them."""
    arr, cells = _cell_bytes(arr)
    if cells is None:
        return arr
    validity, bounds, raw = cells
    data = np.frombuffer(raw.translate(table) if table is not None else raw, dtype=np.uint8)
    marked = drop(data, bounds[:-1])
    dropped = np.concatenate(([0], np.cumsum(marked, dtype=np.int64)))
    kept = data[~marked].tobytes()
    return pa.Array.from_buffers(
        pa.large_string(),
        len(arr),
        [validity, pa.py_buffer(bounds - dropped[bounds]), pa.py_buffer(kept)],
        null_count=arr.null_count,
    )


def slug_array(arr: pa.Array) -> pa.Array:
    """:func:`vendorlock.registry.slugify` of each cell in arrow ("x" when nothing is left)."""
    slugs = swap_char(_key_array(arr), " ", "-")
    return pc.if_else(pc.equal(slugs, ""), pa.scalar("x", pa.large_string()), slugs)


def constant_text(value: str | None, length: int) -> pd.Series:
    """A text column holding ``value`` on every row (built in arrow, not from a Python list)."""
    cells = pa.repeat(pa.scalar(value, pa.large_string()), length)
    return pd.Series(pd.array(cells, dtype=STRING))


def join_text(*columns: pd.Series, sep: str = "-") -> pd.Series:
    """Cells of ``columns`` joined by ``sep`` (missing when any is), in one arrow pass."""
    joined = pc.binary_join_element_wise(
        *(arrow_text(c) for c in columns), pa.scalar(sep, pa.large_string())
    )
    return pd.Series(pd.array(joined, dtype=STRING), index=columns[0].index)


def _codes(text: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Dictionary codes (-1 for missing) and distinct values of a text column (arrow kernel)."""
    encoded = arrow_text(text).dictionary_encode()
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    return codes, encoded.dictionary.to_pylist()


def has_duplicates(values: pd.Series) -> bool:
    """Whether a column repeats a (non-missing) value; one hash pass in arrow."""
    arr = pa.array(values, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    nulls = arr.null_count
    distinct_values = len(pc.unique(arr)) - (1 if nulls else 0)  # unique() keeps one null
    return distinct_values < len(arr) - nulls  # unique() is ~3x faster than count_distinct()


def map_unique(text: pd.Series, lookup: Callable[[str], Any]) -> pd.Series:
    """Apply ``lookup`` once per distinct value (fast for low-cardinality columns)."""
    codes, uniques = _codes(text)
    mapped = np.empty(len(uniques) + 1, dtype=object)  # not np.array(): lists would nest
    for i, u in enumerate(uniques):
        mapped[i] = lookup(u)
    return pd.Series(mapped[codes], index=text.index, dtype=object)


def map_unique_str(text: pd.Series, lookup: Callable[[str], str | None]) -> pd.Series:
    """:func:`map_unique` for string results, kept in arrow end to end (no Python per row)."""
    encoded = arrow_text(text).dictionary_encode()
    mapped = pa.array([lookup(u) for u in encoded.dictionary.to_pylist()], type=pa.large_string())
    out = mapped.take(encoded.indices)
    return pd.Series(pd.array(out, dtype=pd.StringDtype("pyarrow")), index=text.index)


def parse_boolean(raw: pd.Series, aliases: Mapping[str, bool]) -> Parsed:
    """Oui/Non, yes/no, x, 1/0, vrai/faux and boolean cells → booleans."""
    if not _is_text_dtype(raw):
        raw = raw.map(lambda v: ("1" if v else "0") if isinstance(v, bool) else v)
    text = to_text(raw)
    codes, uniques = _codes(text)
    mapped = np.array([aliases.get(normalise_key(u)) for u in uniques] + [None], dtype=object)
    values = pd.Series(mapped[codes], index=text.index).astype(BOOLEAN)
    bad = text.notna().to_numpy() & values.isna().to_numpy()
    return Parsed(values, bad)


def parse_enum(raw: pd.Series, aliases: Mapping[str, str], strict: bool = True) -> Parsed:
    """Schema values of an enumerated column through its aliases (``SaaS`` → ``editor_saas``).

    With ``strict`` false, values without an alias are kept as written (e.g. a licence that is
    an SPDX id) and not reported.
    """
    text = to_text(raw)

    def lookup(u: str) -> str | None:
        hit = aliases.get(normalise_key(u))
        return hit if hit is not None or strict else u

    values = map_unique_str(text, lookup)
    bad = text.notna().to_numpy() & values.isna().to_numpy()
    return Parsed(values, bad)


#: Tri-state-plus-partial values of a clause column, as stored (``<NA>`` when unknown).
YES, PARTIAL, NO = 1.0, 0.5, 0.0


def parse_tristate(raw: pd.Series, aliases: Mapping[str, float]) -> Parsed:
    """Oui/Non/Partielle (and boolean or 1/0/0.5 cells) → 1.0 / 0.0 / 0.5, unknown → ``<NA>``.

    A clause is often half there ("partielle", "en cours de négociation"): keeping it as 0.5
    lets the scoring count half a risk instead of forcing the user to lie yes or no. Cells that
    say "not known" are handled by the caller (they are flagged here like any unread text).
    """
    if not _is_text_dtype(raw) and raw.dtype != object:
        nums = pd.to_numeric(raw, errors="coerce").astype(FLOAT)
        ok = nums.isin([YES, PARTIAL, NO])
        bad = raw.notna().to_numpy() & ~ok.to_numpy()
        return Parsed(nums.where(ok).astype(FLOAT64), bad)

    def lookup(u: str) -> float | None:
        hit = aliases.get(normalise_key(u))
        if hit is not None:
            return hit
        try:
            value = float(u.replace(",", "."))
        except ValueError:
            return None
        return value if value in (YES, PARTIAL, NO) else None

    cells = raw.to_numpy() if raw.dtype == object else None
    if cells is not None and len(cells) and all(type(v) is bool for v in cells):
        # a column of checkboxes: each cell reads as « 1 » or « 0 » does, without the text
        # conversion and encoding of every cell
        yes, no = lookup("1"), lookup("0")
        read = np.array([yes if v else no for v in cells.tolist()], dtype=object)
        values = pd.Series(read, index=raw.index).astype(FLOAT64)
        return Parsed(values, values.isna().to_numpy())
    if raw.dtype == object:
        raw = raw.map(lambda v: ("1" if v else "0") if isinstance(v, bool) else v)
    text = to_text(raw)
    codes, uniques = _codes(text)
    mapped = np.array([lookup(str(u)) for u in uniques] + [None], dtype=object)
    values = pd.Series(mapped[codes], index=text.index).astype(FLOAT64)
    bad = text.notna().to_numpy() & values.isna().to_numpy()
    return Parsed(values, bad)


#: A duration cell: a number (decimal comma or point) then its unit ("12 mois", "1,5 an").
_DURATION = re.compile(r"^\s*(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>\D.*?)\s*$")


def parse_months(raw: pd.Series, units: Mapping[str, float]) -> Parsed:
    """Whole months from numbers or durations written with a unit ("12 mois", "2 ans" → 24).

    Plain numbers go through :func:`parse_integer`; only the cells it could not read are
    tried as durations, once per distinct text. ``units`` maps a normalised unit word to its
    length in months. A duration that is not a whole number of
    months ("1,5 mois") stays unread.
    """
    parsed = parse_integer(raw)
    if not parsed.bad.any() or not units:
        return parsed
    idx = np.flatnonzero(parsed.bad)
    text = to_text(raw.iloc[idx])

    def months(cell: str) -> float | None:
        found = _DURATION.match(cell)
        unit = units.get(normalise_key(found["unit"])) if found else None
        if found is None or unit is None:
            return None
        value = float(found["n"].replace(",", ".")) * unit
        return value if value.is_integer() else None

    read = map_unique(text, months).astype(FLOAT64)
    values = parsed.values.copy()
    ok = read.notna().to_numpy()
    values.iloc[idx[ok]] = read[ok].round().astype(INT64).to_numpy()
    bad = parsed.bad.copy()
    bad[idx[ok]] = False
    return Parsed(values, bad)


def is_unknown_text(texts: pd.Series, unknown: frozenset[str]) -> np.ndarray:
    """Mask of cells that say "not known" (NC, ?, N/A, Inconnu, Ne sait pas, -…).

    A cell made only of punctuation ("?", "-", "/") counts as unknown too. Callers run this on
    the few cells a parser could not read, never on a whole column.
    """
    keys = map_unique_str(texts, normalise_key)
    return (texts.notna() & (keys.isin(list(unknown)) | (keys == ""))).to_numpy(dtype=bool)
