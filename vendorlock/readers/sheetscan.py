"""Measuring a workbook's sheets from their XML before the spreadsheet engine opens it.

calamine allocates a dense grid from the largest cell reference (or the ``<dimension>`` it is
told, or an ODS row repeated 2^31 times) and sizes its shared-string table from the count the
file announces, before any limit of ours could apply: a 2 KB file with one cell at
``XFD1048576`` would make it allocate gigabytes or abort the process. So the sheet XML is
streamed first (lxml ``iterparse`` on the zip member, which :func:`check_zip` already bounded
in size), and a workbook whose grid exceeds :class:`ReadLimits` is refused with the sheet and
the limit named. Streaming keeps one row in memory at a time.

Parsing every row with lxml costs about 6 s of CPU for a 58 MB sheet (22,000 applications and
56,000 flows), more than calamine's own read. So an xlsx sheet is first measured by a byte scan
(:func:`_xlsx_extent_fast`, 10× cheaper) that collects, 16 MB at a time, every ``<c r="…">``,
``<row r="…">`` and ``<dimension ref="…">``, which is all calamine sizes its grid from. The
references are read with numpy from the positions of every ``<`` (no Python object per cell: half
the CPU of the regular expressions it replaced, which still read a reference written another way,
after two spaces say). The scan only decides when the sheet is plain: every cell and row element
carries its reference as first attribute, no element name is prefixed, no comment, CDATA, DOCTYPE
or processing instruction could hide or invent a tag, the encoding is UTF-8, no row number carries
more cells than a row may hold, and there are no more cells than the grid holds (repeated positions
are left to lxml, which counts them row by row).
Anything else falls back to the lxml scan, so the limits hold for every input.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

import numpy as np
from lxml import etree
from numpy.lib.stride_tricks import sliding_window_view

from vendorlock.model.problems import Location
from vendorlock.readers.detect import ZIP_READ_ERRORS
from vendorlock.readers.interface import InputError, InputKind, ReadLimits

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_REF = re.compile(r"\$?([A-Za-z]{1,12})\$?(\d{1,15})$")


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _parse(source: _Readable, tags: tuple[str, ...], events: tuple[str, ...] = ("end",)) -> Any:
    return etree.iterparse(
        source, events=events, tag=tags, resolve_entities=False, no_network=True, huge_tree=True
    )


def ref_position(ref: str) -> tuple[int, int] | None:
    """(row, column), both 1-based, of an A1 reference; None when it is not one."""
    match = _REF.match(ref.strip())
    if match is None:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


def _check(loc: Location, rows: int, columns: int, limits: ReadLimits) -> None:
    if rows > limits.max_rows and columns <= limits.max_columns:
        raise InputError("too_many_rows", loc, rows=rows, limit=limits.max_rows)
    if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
        raise InputError(
            "sheet_too_large",
            loc,
            rows=rows,
            columns=columns,
            max_rows=limits.max_rows,
            max_columns=limits.max_columns,
            max_cells=limits.max_cells,
        )


def xlsx_sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member → sheet name, from the workbook and its relationships (best effort)."""
    try:
        with archive.open("xl/_rels/workbook.xml.rels") as fh:
            targets = {
                el.get("Id"): el.get("Target", "")
                for _, el in _parse(fh, (f"{{{_PKG_REL}}}Relationship",))
            }
        names: dict[str, str] = {}
        with archive.open("xl/workbook.xml") as fh:
            for _, el in _parse(fh, (f"{{{_MAIN}}}sheet",)):
                target = targets.get(el.get(f"{{{_REL}}}id"), "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                names[member] = el.get("name", member)
        return names
    except (KeyError, etree.XMLSyntaxError, *ZIP_READ_ERRORS):
        return {}


def _xlsx_extent(fh: IO[bytes]) -> Iterator[tuple[int, int]]:
    """(row, column) bounds announced or used by one worksheet, row by row."""
    row_tag, cell_tag, dim_tag = (f"{{{_MAIN}}}{x}" for x in ("row", "c", "dimension"))
    last_row = 0
    for _, el in _parse(fh, (dim_tag, row_tag)):
        if el.tag == dim_tag:
            pos = ref_position(el.get("ref", "").rsplit(":", 1)[-1])
            if pos is not None:
                yield pos
            continue
        number = el.get("r")
        last_row = int(number) if number and number.isdigit() else last_row + 1
        cells = el.findall(cell_tag)
        column = len(cells)
        if cells:
            pos = ref_position(cells[-1].get("r", ""))
            if pos is not None:
                last_row = max(last_row, pos[0])
                column = max(column, pos[1])
        yield last_row, column
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]


#: Bytes of sheet XML scanned at a time by the fast path (memory stays bounded on huge members).
_CHUNK = 16 * 1024**2
#: Every start tag of a cell; group 1 and 2 are empty when the reference is not its plain first
#: attribute (then the fast scan gives up).
_CELL = re.compile(rb'<c(?:\s+r="([A-Z]{1,3})([0-9]{1,15})")?[\s/>]')
_ROW = re.compile(rb'<row(?:\s+r="([0-9]{1,15})")?[\s/>]')
_DIMENSION = re.compile(rb"<dimension[\s/>][^>]*")
_DIMENSION_REF = re.compile(rb'\sref="([^"]*)"')
#: A prefixed element name (``<x:c``): calamine reads elements by local name, the scan does not.
_PREFIXED = re.compile(rb"<[^\s<>/:!?]+:(?:c|row|dimension)[\s/>]")
#: What every match of ``_PREFIXED`` contains: a literal-led search, 6× cheaper, that rules
#: prefixes out on a plain sheet before the costly one runs.
_PREFIX_HINT = re.compile(rb":(?:c|row|dimension)[\s/>]")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""")


def _column_number(letters: bytes) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column


def _byte_class(chars: bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(chars)] = True
    return table


#: ``\s`` of a bytes pattern, and ``[\s/>]``: what may follow a tag name or a reference.
_SPACE = _byte_class(b" \t\n\r\f\v")
_TAG_END = _byte_class(b" \t\n\r\f\v/>")
#: Zero bytes after a chunk, so that reading a reference's window past its end stays in bounds
#: (a zero byte is neither a letter, a digit nor a quote: a cut reference reads as no reference).
_PAD = b"\0" * 32
_ATTRIBUTE = np.frombuffer(b' r="', dtype=np.uint8)


class _Unsure:
    """A tag's reference is not written the one way the array scan reads (``<c r="``)."""


_UNSURE = _Unsure()


def _refs(
    data: np.ndarray, starts: np.ndarray, name: bytes, letters: int
) -> tuple[np.ndarray, np.ndarray] | _Unsure | None:
    """(column numbers, row numbers) of every ``<name r="…">`` tag, as ``_CELL``/``_ROW`` read
    them, from the positions in the chunk of ``<`` and ``name``'s first letter: numpy arrays
    instead of one Python object per cell (the regular expressions cost ~4× more).

    None when a tag has no plain reference (the sheet goes to lxml, as with the expressions);
    ``_UNSURE`` when a tag spells its first attribute another way than ``<name r="`` (the caller
    then runs the expressions on the chunk). ``letters``: the most column letters a reference
    holds (3 for a cell, 0 for a row, whose ``r`` is a number).
    """
    at = starts
    for i, char in enumerate(name[1:], start=2):
        at = at[data[at + i] == char]
    after = at + 1 + len(name)
    at = at[_TAG_END[data[after]]]
    after = at + 1 + len(name)
    if not _SPACE[data[after]].all():
        return None  # ``<c>`` or ``<c/>``: no reference
    for i, char in enumerate(_ATTRIBUTE):
        if not (data[after + i] == char).all():
            return _UNSURE
    first = after + len(_ATTRIBUTE)
    # Most references fit a narrow window (``XFD1048576`` holds 10 characters); the rest are
    # read again in the widest one a plain reference can take (3 letters, 15 digits).
    found = _window_refs(data, first, letters, letters + 9)
    return found if found is not None else _window_refs(data, first, letters, letters + 17)


def _window_refs(
    data: np.ndarray, first: np.ndarray, letters: int, width: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """(columns, numbers) of the references starting at ``first``: ``letters`` capital letters
    at most (at least one when ``letters``), 1 to 15 digits, a quote and [\\s/>], all within
    ``width`` bytes; None when one of them is not."""
    window = sliding_window_view(data, width)[first]
    n_letters = (
        np.argmin((window - np.uint8(65)) < 26, axis=1)
        if letters
        else np.zeros(len(first), dtype=np.intp)
    )
    digit = (window - np.uint8(48)) < 10
    end = np.argmin(digit | (np.arange(width) < n_letters[:, None]), axis=1)
    rows_of = np.arange(len(first))
    quote = window[rows_of, end] == ord('"')
    closed = _TAG_END[window[rows_of, np.minimum(end + 1, width - 1)]]
    n_digits = end - n_letters
    plain = quote & closed & (n_digits >= 1) & (n_digits <= 15) & (end + 1 < width)
    if letters:
        plain &= (n_letters >= 1) & (n_letters <= letters)
    if not plain.all():
        return None
    columns = np.zeros(len(first), dtype=np.int64)
    for j in range(int(n_letters.max(initial=0))):
        value = window[:, j].astype(np.int64) - 64
        columns = np.where(j < n_letters, columns * 26 + value, columns)
    numbers = np.zeros(len(first), dtype=np.int64)
    for j in range(int(n_letters.min(initial=0)), int(end.max(initial=0))):
        value = window[:, j].astype(np.int64) - 48
        numbers = np.where((j >= n_letters) & (j < end), numbers * 10 + value, numbers)
    return columns, numbers


def _refs_by_expression(
    body: bytes | memoryview, pattern: re.Pattern[bytes], letters: bool
) -> tuple[np.ndarray, np.ndarray] | None:
    """What :func:`_refs` returns, from the regular expression (the reference written another
    way, e.g. after two spaces)."""
    found = pattern.findall(body)
    if letters:
        if any(not a for a, _ in found):
            return None
        return (
            np.array([_column_number(a) for a, _ in found], dtype=np.int64),
            np.array([int(n) for _, n in found], dtype=np.int64),
        )
    if b"" in found:
        return None
    return np.zeros(len(found), dtype=np.int64), np.array([int(n) for n in found], np.int64)


def _tag_refs(
    data: np.ndarray, body: bytes | memoryview, starts: np.ndarray, name: bytes
) -> tuple[np.ndarray, np.ndarray] | None:
    """(columns, row numbers) of every ``<c>`` (``name`` b"c") or ``<row>`` tag of a chunk:
    by the array scan, or by the regular expression when a reference is written another way;
    None when a tag has no plain reference (the sheet goes to lxml)."""
    cell = name == b"c"
    found = _refs(data, starts, name, 3 if cell else 0)
    if isinstance(found, _Unsure):
        return _refs_by_expression(body, _CELL if cell else _ROW, cell)
    return found


def _row_counts(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct row numbers, cells of each) of a chunk's cells; a run-length count when they
    come in order, as every writer puts them."""
    if len(numbers) > 1 and (numbers[1:] >= numbers[:-1]).all():
        change = np.flatnonzero(numbers[1:] != numbers[:-1]) + 1
        bounds = np.concatenate(([0], change, [len(numbers)]))
        return numbers[bounds[:-1]], np.diff(bounds)
    distinct, counts = np.unique(numbers, return_counts=True)
    return distinct, counts


class _Recording:
    """A member being read, every block it gave kept (the sheet XML, for calamine to reuse)."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.blocks: list[bytes] = []

    def read(self, size: int = -1) -> bytes:
        block = self.fh.read(size)
        if block:  # a sheet read in one block is then joined without a copy
            self.blocks.append(block)
        return block


class _Watch:
    """A member being read, noting whether a byte pattern went by: the ods scan checks each
    cell for a merge only once ``spanned`` has been read (lxml parses what it was given, so a
    row's cells are never seen before their bytes), which leaves a sheet without merges at the
    cost it had (per-cell attribute lookups are ~15 % of the scan)."""

    def __init__(self, fh: IO[bytes], pattern: bytes) -> None:
        self.fh, self.pattern, self.seen = fh, pattern, False
        self._tail = b""

    def read(self, size: int = -1) -> bytes:
        block = self.fh.read(size)
        if not self.seen:
            keep = len(self.pattern) - 1
            joined = self._tail + block[:keep]  # the pattern cut by the block boundary
            self.seen = self.pattern in block or self.pattern in joined
            self._tail = (self._tail + block)[-keep:] if len(block) < keep else block[-keep:]
        return block


def _plain_start(data: bytes, end: int) -> int | None:
    """Where the first chunk's markup starts, past its byte order mark and XML declaration,
    when the sheet is UTF-8 XML the byte scan reads as calamine does; None otherwise. The chunk
    is ``data[:end]``, given as bounds rather than a copy (megabytes, for one look at its
    start)."""
    start = 3 if data.startswith(b"\xef\xbb\xbf", 0, end) else 0
    if not data.startswith(b"<", start, end) or b"\x00" in data[start : min(start + 64, end)]:
        return None
    if not data.startswith(b"<?xml", start, end):
        return start
    declared = _DECLARED_ENCODING.match(data[start : min(start + 512, end)])
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    close = data.find(b"?>", start, end)
    return None if close < 0 else close + 2


#: Colons looked at one by one before :func:`_prefix_hint` goes back to the expression.
_FEW_COLONS = 64


def _prefix_hint(data: bytes, start: int, end: int) -> bool:
    """Whether ``_PREFIX_HINT`` occurs in ``data[start:end]``.

    Every match starts at a colon, and a sheet written without prefixes holds few (the
    namespace declarations): jumping from one to the next (``bytes.find``, ~20× faster than
    the expression's scan, 1.3 ms on a 5 MB sheet) and matching there decides; past a few
    dozen (Excel's ``x14ac:dyDescent`` on every row) the expression searches the rest.
    """
    at = start
    for _ in range(_FEW_COLONS):
        at = data.find(b":", at, end)
        if at < 0:
            return False
        if _PREFIX_HINT.match(data, at, end):
            return True
        at += 1
    return _PREFIX_HINT.search(data, at, end) is not None


def _matches_at(pattern: re.Pattern[bytes], body: memoryview, tags: np.ndarray) -> list[bytes]:
    """``pattern.findall(body)`` for a pattern matching only from a tag's « < », tried at
    ``tags`` only (the « < » its first letter follows): a few lookups instead of a search
    through megabytes of cells (~2 ms on a 10,000-row sheet). Matches do not overlap, as
    ``findall``'s."""
    found: list[bytes] = []
    end = 0
    for at in tags.tolist():
        if at >= end and (match := pattern.match(body, at)) is not None:
            found.append(match.group(0))
            end = match.end()
    return found


def _padded(body: memoryview) -> np.ndarray:
    """The chunk's bytes followed by ``_PAD``, in one copy."""
    array = np.empty(len(body) + len(_PAD), dtype=np.uint8)
    array[: len(body)] = np.frombuffer(body, dtype=np.uint8)
    array[len(body) :] = 0
    return array


#: Bytes past a tag's « < » that the reference scan may read (``<row r="`` and 17 more: 25).
_READ_AHEAD = 32


def _readable(
    array: np.ndarray, body: memoryview, cells: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """``array``, or the chunk followed by ``_PAD`` when a ``<c`` or ``<r`` tag (starting at
    ``cells`` and ``rows``) starts too near its end for the reference scan to read
    ``_READ_AHEAD`` bytes.

    Reading the bytes that follow the chunk instead of zeros changes nothing: the first of
    them is the « < » the chunk was cut before, which, as a zero byte, is no letter, digit,
    quote, space or tag end, so every reference read across it stops there, as at a zero.
    """
    last = max(int(cells[-1]) if len(cells) else -1, int(rows[-1]) if len(rows) else -1)
    return array if last + _READ_AHEAD <= len(array) else _padded(body)


def _xlsx_extent_fast(
    fh: IO[bytes] | _Recording, loc: Location, limits: ReadLimits
) -> tuple[int, int] | None:
    """(rows, columns) of one worksheet from a byte scan; None when the sheet is not plain enough
    for the scan to be exact (the caller then parses it with lxml).

    Refuses with the same errors as the lxml scan as soon as a chunk exceeds the limits.
    """
    rows = columns = cells = 0
    carry = b""
    first = True
    last_row, last_count = 0, 0  # row number of the last cell scanned, and its cells so far
    while True:
        block = fh.read(_CHUNK)
        data = carry + block  # no copy when nothing is carried (a sheet under 16 MB)
        start, cut = 0, len(data)
        if block:
            # Cut before the last tag start so no tag straddles two chunks.
            cut = data.rfind(b"<")
            if cut <= 0:
                if len(data) > 4 * _CHUNK:
                    return None
                carry = data
                continue
            carry = data[cut:]
        else:
            carry = b""
        if first:
            # The XML declaration is the one processing instruction allowed, at the start.
            plain = _plain_start(data, cut)
            if plain is None:
                return None
            start, first = plain, False
        body = memoryview(data)[start:cut]  # the chunk's markup, not copied
        # The chunk's bytes as they are, followed by what was cut off (a « < » first), when
        # there is such a byte; else with zeros after them (see _readable).
        array = np.frombuffer(data, dtype=np.uint8)[start:] if cut < len(data) else _padded(body)
        starts = np.flatnonzero(array[: len(body)] == ord("<"))
        opener = array[starts + 1]
        if (opener == ord("!")).any() or (opener == ord("?")).any():
            return None
        if _prefix_hint(data, start, cut) and _PREFIXED.search(body):
            return None
        cell_starts, row_starts = starts[opener == ord("c")], starts[opener == ord("r")]
        array = _readable(array, body, cell_starts, row_starts)
        cells_found = _tag_refs(array, body, cell_starts, b"c")
        if cells_found is None:
            return None
        cell_columns, cell_rows = cells_found
        if len(cell_rows):
            distinct, counts = _row_counts(cell_rows)
            # The row the previous chunk ended in, if it goes on.
            counts[distinct == last_row] += last_count
            # A row holding more cells than a row may have repeats positions (the lxml scan
            # counts a row's cells and refuses it, whatever room the rest of the sheet leaves).
            if max(int(counts.max()), last_count) > limits.max_columns:
                return None
            last_row = int(cell_rows[-1])
            last_count = int(counts[np.flatnonzero(distinct == last_row)[0]])
            columns = max(columns, int(cell_columns.max()))
            rows = max(rows, int(cell_rows.max()))
            cells += len(cell_rows)
        rows_found = _tag_refs(array, body, row_starts, b"row")
        if rows_found is None:
            return None
        if len(rows_found[1]):
            rows = max(rows, int(rows_found[1].max()))
        dimensions = _matches_at(_DIMENSION, body, starts[opener == ord("d")])
        for dimension in dimensions:
            ref = _DIMENSION_REF.search(dimension)
            if ref is None:
                return None
            pos = ref_position(ref.group(1).decode("ascii", "replace").rsplit(":", 1)[-1])
            if pos is None:
                return None
            rows, columns = max(rows, pos[0]), max(columns, pos[1])
        _check(loc, rows, columns, limits)
        # More cells than the grid holds means repeated positions: the lxml scan counts them.
        if cells > rows * columns:
            return None
        if not block:
            return rows, columns


def _sheet_extent(
    archive: zipfile.ZipFile,
    member: str,
    loc: Location,
    limits: ReadLimits,
    unzipped: dict[str, bytes] | None = None,
) -> tuple[int, int]:
    """(rows, columns) of one worksheet: the byte scan when it can decide, lxml otherwise.

    With ``unzipped``, the sheet's XML read whole by the byte scan is stored there by member.
    """
    with archive.open(member) as fh:
        recording = _Recording(fh)
        extent = _xlsx_extent_fast(recording if unzipped is not None else fh, loc, limits)
    if extent is not None:
        if unzipped is not None:  # the scan read to the end: zipfile checked the CRC-32
            unzipped[member] = b"".join(recording.blocks)
        return extent
    rows = columns = 0
    with archive.open(member) as fh:
        for row, column in _xlsx_extent(fh):
            rows, columns = max(rows, row), max(columns, column)
            _check(loc, rows, columns, limits)
    return rows, columns


def _check_xlsx(
    path: Path, archive: zipfile.ZipFile, limits: ReadLimits, unzipped: dict[str, bytes] | None
) -> None:
    names = xlsx_sheet_names(archive)
    total = 0
    for member in sorted(archive.namelist()):
        if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
            continue
        loc = Location(str(path), names.get(member, member))
        rows, columns = _sheet_extent(archive, member, loc, limits, unzipped)
        total += rows * columns
        if total > limits.max_cells:
            raise InputError("workbook_too_large", loc, cells=total, max_cells=limits.max_cells)
    if "xl/sharedStrings.xml" in archive.namelist():
        with archive.open("xl/sharedStrings.xml") as fh:
            for _, el in _parse(fh, (f"{{{_MAIN}}}sst",), ("start",)):
                for attribute in ("count", "uniqueCount"):
                    value = el.get(attribute, "0")
                    if not value.isdigit() or int(value) > limits.max_cells:
                        raise InputError(
                            "shared_strings_count",
                            Location(str(path)),
                            count=value[:30],
                            max_cells=limits.max_cells,
                        )
                break


def _repeat(el: etree._Element, attribute: str) -> int:
    value = el.get(f"{{{_TABLE}}}{attribute}", "1")
    return int(value) if value.isdigit() else 1


#: Merged cell ranges by sheet name: ((first row, first column), (last row, last column)),
#: 0-based, as calamine gives them for an xlsx (it gives none for an ods).
Merges = dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]


def _check_ods(path: Path, archive: zipfile.ZipFile, limits: ReadLimits) -> Merges:
    """Refuse an ods beyond ``limits``; return its merged ranges, which the scan reads as it
    passes (``table:number-rows-spanned``/``-columns-spanned`` on a cell), since calamine
    reports none for an ods: an editor cell merged over three applications then reads on each
    row as it does in an xlsx."""
    table, row_tag = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
    cell_tag = f"{{{_TABLE}}}table-cell"
    cell_tags = (cell_tag, f"{{{_TABLE}}}covered-table-cell")
    value_type = f"{{{_OFFICE}}}value-type"
    total = 0
    merges: Merges = {}
    with archive.open("content.xml") as member:
        fh = _Watch(member, b"spanned")
        sheet, position, used_rows, used_columns = "", 0, 0, 0
        for event, el in _parse(fh, (table, row_tag), ("start", "end")):
            if el.tag == table:
                if event == "start":
                    sheet = el.get(f"{{{_TABLE}}}name", "")
                    position, used_rows, used_columns = 0, 0, 0
                else:
                    total += used_rows * used_columns
                    if total > limits.max_cells:
                        raise InputError(
                            "workbook_too_large",
                            Location(str(path), sheet),
                            cells=total,
                            max_cells=limits.max_cells,
                        )
                    el.clear()
                continue
            if event == "start":
                continue
            loc = Location(str(path), sheet)
            repeat = _repeat(el, "number-rows-repeated")
            column = width = 0
            for cell in el:
                if cell.tag not in cell_tags:
                    continue
                if fh.seen and cell.tag == cell_tag:
                    down = _repeat(cell, "number-rows-spanned")
                    across = _repeat(cell, "number-columns-spanned")
                    if down > 1 or across > 1:
                        merges.setdefault(sheet, []).append(
                            ((position, column), (position + down - 1, column + across - 1))
                        )
                column += _repeat(cell, "number-columns-repeated")
                if cell.get(value_type) is not None or len(cell):
                    width = column
            position += repeat
            # Every position, blank or not, must fit the sheet limits (LibreOffice's trailing
            # blank rows stop at 1,048,576); the cells budget counts the used area only.
            if position > limits.max_rows or column > limits.max_columns:
                _check(loc, position, column, limits)
            if width:
                used_rows, used_columns = position, max(used_columns, width)
                _check(loc, used_rows, used_columns, limits)
            el.clear()
            while el.getprevious() is not None and el.getprevious().tag == row_tag:
                del el.getparent()[0]
    return merges


def check_sheets(
    path: Path,
    kind: InputKind,
    archive: zipfile.ZipFile,
    limits: ReadLimits,
    unzipped: dict[str, bytes] | None = None,
) -> Merges:
    """Refuse a workbook whose sheets exceed ``limits`` before calamine allocates them; return
    the merged ranges of an ods's sheets (none for an xlsx: calamine reads those).

    With ``unzipped`` (xlsx), the XML of each sheet the byte scan read whole is stored there by
    zip member, so that calamine need not inflate it again (see :mod:`.storedzip`).
    """
    try:
        if kind == InputKind.XLSX:
            _check_xlsx(path, archive, limits, unzipped)
        elif kind == InputKind.ODS:
            return _check_ods(path, archive, limits)
    except (etree.XMLSyntaxError, KeyError, *ZIP_READ_ERRORS) as exc:
        raise InputError("corrupt_workbook", Location(str(path)), detail=str(exc)[:200]) from exc
    return {}
