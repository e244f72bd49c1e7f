"""Reading CSV as French users produce it: ``;``/``,``/tab, UTF-8 (BOM or not) or cp1252.

The encoding is decided from the bytes: a BOM wins; then strict UTF-8; then cp1252, unless the
bytes hold NULs (UTF-16 without BOM, binary) or valid UTF-8 sequences beside invalid ones (a
file mixing encodings), which no single decoding would read faithfully — those are refused
rather than silently garbled. Parsing uses pyarrow's multi-threaded reader, with the standard
library's csv module as a fallback for ragged files (blank lines, short rows) so row numbers stay
those a spreadsheet would show.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from vendorlock.model.problems import Location
from vendorlock.readers.grid import make_header
from vendorlock.readers.interface import (
    DEFAULT_LIMITS,
    HeaderFinder,
    InputError,
    RawSheet,
    ReadLimits,
    first_texts,
)
from vendorlock.readers.values import DISTINCT_MAX_SHARE, DISTINCT_SAMPLE, data_bytes

SEPARATORS = (";", ",", "\t")
#: Lines sampled to guess the separator and find the header row.
SAMPLE_LINES = 50
#: Bytes checked for control characters (binary data is refused, not decoded).
SNIFF_BYTES = 65536
#: Bytes searched for UTF-8 sequences when the file is not UTF-8 (mixed-encoding check).
MIXED_SCAN_BYTES = 1024 * 1024
#: Bytes decoded at a time when checking that a file is UTF-8.
UTF8_CHECK_BYTES = 1024 * 1024
#: Longest cell read, in characters: the standard library's own field limit, about four times
#: Excel's 32,767-character cell. A longer cell is refused at its row, on every reading path.
MAX_CELL_CHARS = 131_072
#: Bytes searched for the first :data:`SAMPLE_LINES` lines (the header among them): a header
#: is read whole up to this size, so a 10,000-column header is not cut at 64 KiB.
MAX_SAMPLE_BYTES = 16 * 1024 * 1024
#: Bytes cp1252 leaves undefined: a file holding one is not cp1252 either.
CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


@dataclass(frozen=True)
class Decoded:
    """A CSV file's bytes (BOM removed; UTF-8 unless ``encoding`` is cp1252) and its encoding."""

    data: bytes
    encoding: str


def decode(raw: bytes, loc: Location) -> Decoded:
    """Bytes to parse and their encoding; ``undetectable_encoding`` when none is faithful."""
    if raw.startswith(codecs.BOM_UTF8):
        # The mark says UTF-8: a byte that is not is a damaged file, not another encoding.
        if first_invalid_utf8(raw) is not None:
            raise InputError("undetectable_encoding", loc, reason="utf-8")
        return Decoded(raw[len(codecs.BOM_UTF8) :], "utf-8-sig")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(raw.decode("utf-16").encode("utf-8"), "utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("undetectable_encoding", loc, reason="utf-16") from exc
    if b"\x00" in raw:
        raise InputError("undetectable_encoding", loc, reason="nul")
    _refuse_binary(raw[:SNIFF_BYTES], loc)
    first_bad = first_invalid_utf8(raw)
    if first_bad is None:
        return Decoded(raw, "utf-8")
    # Valid UTF-8 accents before the first invalid byte (or in the first MiB): mixed encodings.
    # Only a prefix is searched, the regex being slow on a 100 MB file.
    if _UTF8_MULTIBYTE.search(raw, 0, max(first_bad, MIXED_SCAN_BYTES)):
        raise InputError("undetectable_encoding", loc, reason="mixed")
    if any(bytes([b]) in raw for b in CP1252_UNDEFINED):
        raise InputError("undetectable_encoding", loc, reason="cp1252")
    return Decoded(raw, "cp1252")  # decoded column by column after parsing


def first_invalid_utf8(raw: bytes) -> int | None:
    """Offset of the first byte that is not valid UTF-8, None when all are.

    Decoded piece by piece: a failed ``raw.decode()`` copies the whole input into the
    exception it raises, which costs more than the check on a file of a few hundred MB.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    for start in range(0, max(len(raw), 1), UTF8_CHECK_BYTES):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(view[start : start + UTF8_CHECK_BYTES], final=False)
        except UnicodeDecodeError as exc:
            return start - pending + exc.start
    pending = len(decoder.getstate()[0])
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:  # the file ends inside a character
        return len(raw) - pending + exc.start
    return None


def _refuse_binary(head: bytes, loc: Location) -> None:
    """Control characters beyond tab/newline in more than 1% of the first bytes: not text."""
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(head) // 100:
        raise InputError("undetectable_encoding", loc, reason="binary")


def _sample_rows(text: str, sep: str, loc: Location | None = None) -> list[list[str]]:
    lines = text.splitlines()[:SAMPLE_LINES]
    return _csv_rows(csv.reader(lines, delimiter=sep), loc or Location(""))


def _csv_rows(reader: Any, loc: Location) -> list[list[str]]:
    """All rows of a standard-library reader; a cell over the field limit is a located error."""
    try:
        return list(reader)
    except csv.Error as exc:
        if "field limit" not in str(exc):
            raise InputError(
                "csv_syntax", Location(loc.file, row=reader.line_num), detail=str(exc)
            ) from exc
        row = Location(loc.file, row=reader.line_num)
        raise InputError("cell_too_long", row, limit=MAX_CELL_CHARS) from exc


def sample_text(data: bytes, codec: str, loc: Location) -> str:
    """The first :data:`SAMPLE_LINES` lines, whole (bounded by :data:`MAX_SAMPLE_BYTES`)."""
    end = 0
    for _ in range(SAMPLE_LINES):
        found = data.find(b"\n", end, MAX_SAMPLE_BYTES + 1)
        if found < 0:
            end = len(data) if len(data) <= MAX_SAMPLE_BYTES else -1
            break
        end = found + 1
    if end < 0:
        if data.find(b"\n", 0, MAX_SAMPLE_BYTES + 1) < 0:
            raise InputError("header_too_long", loc, limit=MAX_SAMPLE_BYTES)
        end = data.rfind(b"\n", 0, MAX_SAMPLE_BYTES + 1) + 1
    return data[:end].decode(codec, "ignore")


def _refuse_long_cells(table: pa.Table, skip: int, loc: Location) -> None:
    """Same cell limit as the standard library's, on pyarrow's reading (vectorised)."""
    for column in table.columns:
        if column.null_count == len(column):
            continue
        lengths = (
            pc.binary_length(column)
            if pa.types.is_large_binary(column.type)
            else pc.utf8_length(column)
        )
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > MAX_CELL_CHARS:
            at = pc.index(pc.greater(lengths, MAX_CELL_CHARS), True).as_py()
            raise InputError(
                "cell_too_long", Location(loc.file, row=skip + 1 + at), limit=MAX_CELL_CHARS
            )


def guess_separator(text: str) -> str:
    """The separator giving the most lines with the same (non-zero) number of fields."""
    best, best_score = SEPARATORS[0], -1
    for sep in SEPARATORS:
        try:
            rows = _sample_rows(text, sep)
        except InputError:  # a whole line read as one over-long cell: not this separator
            continue
        counts = [len(r) for r in rows if len(r) > 1]
        if not counts:
            continue
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        score = counts.count(mode) * mode
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_fast(
    data: bytes, encoding: str, sep: str, skip: int, width: int, loc: Location
) -> pd.DataFrame | None:
    """pyarrow read of the rows after the header; None when the file is ragged.

    cp1252 files are not transcoded as a whole (pyarrow would call Python's codec on every
    byte, single-threaded, which costs more than the parse): cells are read as bytes and only
    the columns holding non-ASCII bytes are decoded, see :func:`_decode_column`.
    """
    names = [str(i) for i in range(width)]
    cp1252 = encoding == "cp1252"
    cell_type = pa.large_binary() if cp1252 else pa.large_string()
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(skip_rows=skip, column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, newlines_in_values=b'"' in data, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, cell_type),
                strings_can_be_null=True,
                null_values=[""],
                check_utf8=not cp1252 and encoding != "utf-8",
            ),
        )
    except pa.ArrowInvalid:
        return None
    _refuse_long_cells(table, skip, loc)
    if not cp1252:  # one conversion of the whole table: no pandas object per column
        frame = table.to_pandas(types_mapper={cell_type: _STR}.get)
        frame.columns = pd.RangeIndex(width)
        return frame.set_axis(pd.RangeIndex(table.num_rows))
    columns = [_column(table.column(i), cp1252) for i in range(width)]
    return pd.DataFrame(dict(enumerate(columns)), index=pd.RangeIndex(table.num_rows))


_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _column(chunked: pa.ChunkedArray, cp1252: bool) -> pd.Series:
    """One column as text; ASCII columns of a cp1252 file are kept as read (no copy)."""
    if not cp1252:
        return pd.Series(pd.array(chunked, dtype=_STR))
    text = pa.chunked_array([c.view(pa.large_string()) for c in chunked.chunks], pa.large_string())
    if all(data_bytes(c).isascii() for c in chunked.chunks):  # a byte scan, no kernel per cell
        return pd.Series(pd.array(text, dtype=_STR))
    return _decode_column(chunked.combine_chunks())


def _decode_column(arr: pa.Array) -> pd.Series:
    """A column of cp1252 bytes holding non-ASCII cells, as text.

    A column with few distinct cells is decoded once per distinct cell and returned as a
    categorical (the value parsers then work on its categories); otherwise the column's bytes
    are transcoded at once (:func:`_transcode`).
    """
    str_dtype = _STR
    sample = arr.slice(0, DISTINCT_SAMPLE)
    if len(pc.unique(sample)) <= max(len(sample) * DISTINCT_MAX_SHARE, 1):
        encoded = arr.dictionary_encode()
        cats = [b.decode("cp1252") for b in encoded.dictionary.to_pylist()]
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        categories = pd.Index(pd.array(cats, dtype=str_dtype))
        return pd.Series(pd.Categorical.from_codes(codes, categories=categories))
    return pd.Series(pd.array(_transcode(arr), dtype=str_dtype))


def _utf8_growth() -> np.ndarray:
    """Bytes each cp1252 byte gains once written in UTF-8 (``é``: 1, ``€``: 2)."""
    growth = np.zeros(256, dtype=np.int64)
    for b in range(128, 256):
        try:
            growth[b] = len(bytes([b]).decode("cp1252").encode("utf-8")) - 1
        except UnicodeDecodeError:  # undefined bytes were refused by decode()
            growth[b] = 0
    return growth


_GROWTH = _utf8_growth()


def _transcode(arr: pa.Array) -> pa.Array:
    """A large-binary column of cp1252 cells as UTF-8 text, in one codec call.

    The column's bytes are decoded at once (one Python call, not one per cell); the new cell
    boundaries follow from how many bytes each character gains in UTF-8.
    """
    if arr.offset:
        arr = pa.concat_arrays([arr])  # rebase: buffers then start at the first cell
    validity, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[: len(arr) + 1]
    first, last = int(offsets[0]), int(offsets[-1])
    data = np.frombuffer(data_buf, dtype=np.uint8)[first:last]
    wide = np.flatnonzero(data >= 0x80)  # the only bytes that grow
    grown = np.zeros(len(wide) + 1, dtype=np.int64)
    np.cumsum(_GROWTH[data[wide]], out=grown[1:])
    rel = offsets - first
    new_offsets = rel + grown[np.searchsorted(wide, rel)]
    text = data.tobytes().decode("cp1252").encode("utf-8")
    return pa.Array.from_buffers(
        pa.large_string(),
        len(arr),
        [validity, pa.py_buffer(new_offsets), pa.py_buffer(text)],
        null_count=arr.null_count,
    )


def _has_blank_line(data: bytes) -> bool:
    return b"\n\n" in data or b"\n\r\n" in data


def _blank_lines(frame: pd.DataFrame, data: bytes) -> bool:
    """Whether the file holds blank lines, without scanning it in the usual case.

    Searching a two-byte needle made of newlines is slow on a big file; but below the header
    a blank line reads as a row of empty cells, so the search is only needed when such a row
    exists, or when quotes may hide a blank line inside a cell. Above the header, the first
    bytes are searched (the header is found among them).
    """
    if _has_blank_line(data[:SNIFF_BYTES]):
        return True
    if b'"' not in data:
        empty = np.ones(len(frame), dtype=bool)
        for col in frame.columns:
            empty &= frame[col].isna().to_numpy()
            if not empty.any():
                return False
    return _has_blank_line(data)


def _read_slow(text: str, sep: str, skip: int, width: int, loc: Location) -> pd.DataFrame:
    """Standard-library read: tolerant of blank lines and short or long rows."""
    rows = _csv_rows(csv.reader(io.StringIO(text), delimiter=sep), loc)[skip:]
    cols: list[list[str | None]] = [[] for _ in range(width)]
    for row in rows:
        for i in range(width):
            value = row[i].strip() if i < len(row) else ""
            cols[i].append(value or None)
    return pd.DataFrame({i: pd.Series(c, dtype="string") for i, c in enumerate(cols)})


def read_csv(
    path: Path, find_header: HeaderFinder, limits: ReadLimits = DEFAULT_LIMITS
) -> RawSheet:
    """The CSV file at ``path`` as a :class:`RawSheet` of strings (None for empty cells)."""
    loc = Location(str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError("unreadable_file", loc, detail=exc.strerror or str(exc)) from exc
    decoded = decode(raw, loc)
    codec = "cp1252" if decoded.encoding == "cp1252" else "utf-8"
    head_text = sample_text(decoded.data, codec, loc)
    sep = guess_separator(head_text)
    sample = _sample_rows(head_text, sep, loc)[: limits.header_scan_rows]
    widest = max((len(r) for r in sample), default=0)
    if widest > limits.max_columns:
        raise InputError("too_many_columns", loc, columns=widest, limit=limits.max_columns)
    at = find_header(path.stem, sample)
    if at is None:
        return RawSheet(
            str(path), None, (), pd.DataFrame(), 1, text=True, candidate_header=first_texts(sample)
        )
    header, _ = make_header(sample[at])
    width = len(header)
    frame = _read_fast(decoded.data, decoded.encoding, sep, at + 1, width, loc)
    if frame is not None and _blank_lines(frame, decoded.data):
        frame = None  # the standard library's reading of blank lines is the reference
    if frame is None:
        frame = _read_slow(decoded.data.decode(codec), sep, at + 1, width, loc)
    if len(frame) + at + 1 > limits.max_rows:
        raise InputError("too_many_rows", loc, rows=len(frame) + at + 1, limit=limits.max_rows)
    return RawSheet(str(path), None, header, frame, first_row=at + 2, text=True)
