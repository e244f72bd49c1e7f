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
(:func:`_xlsx_extent_fast`, 10× cheaper): compiled regular expressions over 16 MB chunks collect
every ``<c r="…">``, ``<row r="…">`` and ``<dimension ref="…">``, which is all calamine sizes its
grid from. The scan only decides when the sheet is plain: every cell and row element carries its
reference as first attribute, no element name is prefixed, no comment, CDATA, DOCTYPE or
processing instruction could hide or invent a tag, the encoding is UTF-8, no row number carries
more cells than a row may hold, and there are no more cells than the grid holds (repeated
positions are left to lxml, which counts them row by row).
Anything else falls back to the lxml scan, so the limits hold for every input.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from lxml import etree

from vendorlock.model.problems import Location
from vendorlock.readers.detect import ZIP_READ_ERRORS
from vendorlock.readers.interface import InputError, InputKind, ReadLimits

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_REF = re.compile(r"\$?([A-Za-z]{1,12})\$?(\d{1,15})$")


def _parse(source: IO[bytes], tags: tuple[str, ...], events: tuple[str, ...] = ("end",)) -> Any:
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


def _xlsx_sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
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


def _plain_start(data: bytes) -> bytes | None:
    """The first chunk without its byte order mark and XML declaration when the sheet is UTF-8
    XML the byte scan reads as calamine does; None otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.startswith(b"<") or b"\x00" in data[:64]:
        return None
    if not data.startswith(b"<?xml"):
        return data
    declared = _DECLARED_ENCODING.match(data[:512])
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    end = data.find(b"?>")
    return None if end < 0 else data[end + 2 :]


def _xlsx_extent_fast(fh: IO[bytes], loc: Location, limits: ReadLimits) -> tuple[int, int] | None:
    """(rows, columns) of one worksheet from a byte scan; None when the sheet is not plain enough
    for the scan to be exact (the caller then parses it with lxml).

    Refuses with the same errors as the lxml scan as soon as a chunk exceeds the limits.
    """
    rows = columns = cells = 0
    carry = b""
    first = True
    last_row, last_count = b"", 0  # row number of the last cell scanned, and its cells so far
    while True:
        block = fh.read(_CHUNK)
        data = carry + block
        if block:
            # Cut before the last tag start so no tag straddles two chunks.
            cut = data.rfind(b"<")
            if cut <= 0:
                if len(data) > 4 * _CHUNK:
                    return None
                carry = data
                continue
            data, carry = data[:cut], data[cut:]
        else:
            carry = b""
        if first:
            # The XML declaration is the one processing instruction allowed, at the start.
            plain = _plain_start(data)
            if plain is None:
                return None
            data, first = plain, False
        body = data
        if b"<!" in body or b"<?" in body:
            return None
        if _PREFIX_HINT.search(body) and _PREFIXED.search(body):
            return None
        found = _CELL.findall(body)
        if found:
            letters = set(map(itemgetter(0), found))
            if b"" in letters:
                return None
            per_row = Counter(map(itemgetter(1), found))
            per_row[last_row] += last_count  # the row the previous chunk ended in, if it goes on
            # A row holding more cells than a row may have repeats positions (the lxml scan
            # counts a row's cells and refuses it, whatever room the rest of the sheet leaves).
            if max(per_row.values()) > limits.max_columns:
                return None
            last_row = found[-1][1]
            last_count = per_row[last_row]
            columns = max(columns, *(_column_number(a) for a in letters))
            rows = max(rows, *(int(n) for n in per_row if n))
            cells += len(found)
        numbered = _ROW.findall(body)
        if numbered:
            if b"" in numbered:
                return None
            rows = max(rows, *(int(n) for n in set(numbered)))
        for dimension in _DIMENSION.findall(body):
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
    archive: zipfile.ZipFile, member: str, loc: Location, limits: ReadLimits
) -> tuple[int, int]:
    """(rows, columns) of one worksheet: the byte scan when it can decide, lxml otherwise."""
    with archive.open(member) as fh:
        extent = _xlsx_extent_fast(fh, loc, limits)
    if extent is not None:
        return extent
    rows = columns = 0
    with archive.open(member) as fh:
        for row, column in _xlsx_extent(fh):
            rows, columns = max(rows, row), max(columns, column)
            _check(loc, rows, columns, limits)
    return rows, columns


def _check_xlsx(path: Path, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    names = _xlsx_sheet_names(archive)
    total = 0
    for member in sorted(archive.namelist()):
        if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
            continue
        loc = Location(str(path), names.get(member, member))
        rows, columns = _sheet_extent(archive, member, loc, limits)
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


def _check_ods(path: Path, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    table, row_tag = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
    cell_tags = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
    value_type = f"{{{_OFFICE}}}value-type"
    total = 0
    with archive.open("content.xml") as fh:
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


def check_sheets(path: Path, kind: InputKind, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Refuse a workbook whose sheets exceed ``limits`` before calamine allocates them."""
    try:
        if kind == InputKind.XLSX:
            _check_xlsx(path, archive, limits)
        elif kind == InputKind.ODS:
            _check_ods(path, archive, limits)
    except (etree.XMLSyntaxError, KeyError, *ZIP_READ_ERRORS) as exc:
        raise InputError("corrupt_workbook", Location(str(path)), detail=str(exc)[:200]) from exc
