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

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from vendorlock.model.problems import Location
from vendorlock.readers.grid import make_header
from vendorlock.readers.interface import (
    DEFAULT_LIMITS,
    HeaderFinder,
    InputError,
    RawSheet,
    ReadLimits,
)

SEPARATORS = (";", ",", "\t")
#: Lines sampled to guess the separator and find the header row.
SAMPLE_LINES = 50
#: Bytes checked for control characters (binary data is refused, not decoded).
SNIFF_BYTES = 65536
#: Bytes searched for UTF-8 sequences when the file is not UTF-8 (mixed-encoding check).
MIXED_SCAN_BYTES = 1024 * 1024
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
        return Decoded(raw[len(codecs.BOM_UTF8) :], "utf-8-sig")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(raw.decode("utf-16").encode("utf-8"), "utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("undetectable_encoding", loc, reason="utf-16") from exc
    if b"\x00" in raw:
        raise InputError("undetectable_encoding", loc, reason="nul")
    _refuse_binary(raw[:SNIFF_BYTES], loc)
    try:
        raw.decode("utf-8")
        return Decoded(raw, "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Valid UTF-8 accents before the first invalid byte (or in the first MiB): mixed encodings.
    # Only a prefix is searched, the regex being slow on a 100 MB file.
    if _UTF8_MULTIBYTE.search(raw, 0, max(first_bad, MIXED_SCAN_BYTES)):
        raise InputError("undetectable_encoding", loc, reason="mixed")
    if any(bytes([b]) in raw for b in CP1252_UNDEFINED):
        raise InputError("undetectable_encoding", loc, reason="cp1252")
    return Decoded(raw, "cp1252")  # pyarrow transcodes while parsing


def _refuse_binary(head: bytes, loc: Location) -> None:
    """Control characters beyond tab/newline in more than 1% of the first bytes: not text."""
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(head) // 100:
        raise InputError("undetectable_encoding", loc, reason="binary")


def _sample_rows(text: str, sep: str) -> list[list[str]]:
    lines = text.splitlines()[:SAMPLE_LINES]
    return list(csv.reader(lines, delimiter=sep))


def guess_separator(text: str) -> str:
    """The separator giving the most lines with the same (non-zero) number of fields."""
    best, best_score = SEPARATORS[0], -1
    for sep in SEPARATORS:
        counts = [len(r) for r in _sample_rows(text, sep) if len(r) > 1]
        if not counts:
            continue
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        score = counts.count(mode) * mode
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_fast(data: bytes, encoding: str, sep: str, skip: int, width: int) -> pd.DataFrame | None:
    """pyarrow read of the rows after the header; None when the file is ragged."""
    names = [str(i) for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(
                skip_rows=skip,
                column_names=names,
                encoding="utf8" if encoding != "cp1252" else "cp1252",
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, newlines_in_values=b'"' in data, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except pa.ArrowInvalid:
        return None
    frame = table.to_pandas()
    frame.columns = list(range(width))
    return frame


def _read_slow(text: str, sep: str, skip: int, width: int) -> pd.DataFrame:
    """Standard-library read: tolerant of blank lines and short or long rows."""
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))[skip:]
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
    head_text = decoded.data[:65536].decode(codec, "ignore")
    sep = guess_separator(head_text)
    sample = _sample_rows(head_text, sep)[: limits.header_scan_rows]
    at = find_header(path.stem, sample)
    if at is None:
        return RawSheet(str(path), None, (), pd.DataFrame(), 1, text=True)
    header, _ = make_header(sample[at])
    width = len(header)
    frame = None
    if b"\n\n" not in decoded.data and b"\n\r\n" not in decoded.data:
        frame = _read_fast(decoded.data, decoded.encoding, sep, at + 1, width)
    if frame is None:
        frame = _read_slow(decoded.data.decode(codec), sep, at + 1, width)
    if len(frame) + at + 1 > limits.max_rows:
        raise InputError("too_many_rows", loc, rows=len(frame) + at + 1, limit=limits.max_rows)
    return RawSheet(str(path), None, header, frame, first_row=at + 2, text=True)
