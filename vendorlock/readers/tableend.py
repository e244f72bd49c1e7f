"""Where a hand-kept table ends: a totals row, a note, another table further down the sheet.

A DSI's workbook is a document before it is a table: the applications are summed in a "TOTAL"
row, and the support contacts or the licence keys sit a few blank rows below, with their own
header. Read as data, the totals row becomes an application whose contract costs as much as all
the others together (the spend counted twice), and every line of the second table an application
named after a phone number; a note ("Note : montants TTC") becomes an application too. All are
left out here, each with one located warning, before any value is parsed:

- a **totals row**: the first filled cell among the sheet's first column and the table's name
  column is one of ``totals_labels`` (``connectors/spreadsheet.yaml``), alone or followed by a
  year or a number ("Total 2025"); "Total Commander" is an application;
- a **note**: a row whose only filled cell starts like a note ("Note :", "NB", "*", "(1)",
  ``note_prefixes``);
- **another table**: after one or more blank rows, a block whose first or second row reads as a
  header row (at least two of its texts, and at least half of them, are headers of this sheet or
  name fields of an inventory table). The block and everything below it is not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.i18n import quote
from vendorlock.model.problems import Localised, Location, Problem, Severity
from vendorlock.model.schema import Table
from vendorlock.readers.connector import Connector
from vendorlock.readers.grid import cell_text
from vendorlock.readers.interface import RawSheet
from vendorlock.readers.values import non_blank_rows
from vendorlock.registry import fold, normalise_key

#: The key column of each table: where a totals label sits when it is not in the first column.
KEY_FIELD = {
    Table.APPLICATIONS: "name",
    Table.CONTRACTS: "contract_id",
    Table.EDITORS: "name",
    Table.ORGANISATIONS: "name",
    Table.FLOWS: "source",
}
#: A trailing year or amount after the label ("Total 2025", "Total : 64 246,17").
_TRAILING_NUMBER = re.compile(r"(?:\s+\d+)+$")
#: What follows a note word ("Note : …", "NB - …"): "Notes de frais" is an application.
_NOTE_MARKS = (":", "-", "\u2013", "\u2014")
#: Rows shown in the warning about another table (its header texts).
_SHOWN_HEADERS = 4


def trim_table(
    connector: Connector,
    sheet: RawSheet,
    table: Table,
    columns: dict[str, int],
    table_label: Callable[[Table, str], str],
) -> tuple[RawSheet, list[Problem]]:
    """``sheet`` without its totals rows and without the other tables below its own, with one
    warning for each; the same ``sheet`` (same object) when there is nothing to leave out."""
    cells = sheet.cells
    if cells.empty or not sheet.header:
        return sheet, []
    if sheet.row_numbers is not None:
        kept, rows = cells, sheet.row_numbers
    else:
        keep = non_blank_rows(cells)
        kept = cells if keep.all() else cells[keep].reset_index(drop=True)
        rows = np.flatnonzero(keep) + sheet.first_row
    problems: list[Problem] = []
    drop = np.zeros(len(kept), dtype=bool)
    key = columns.get(KEY_FIELD.get(table, "name"))
    # the sheet's first column and the table's name column, each folded once for every check
    folded = {
        col: _folded(kept[col].tolist())
        for col in sorted({0, *(() if key is None else (key,))})
        if col < kept.shape[1]
    }
    # the header printed again above a later group of rows (a page break, a blank row): one
    # row to leave out, not a second table ending this one
    repeats = _repeated_headers(sheet, kept, folded.get(0, ""))
    for pos in repeats:
        drop[pos] = True
        problems.append(
            Problem.make(
                Severity.WARNING,
                "repeated_header",
                Location(sheet.file, sheet.sheet, int(rows[pos])),
                label=cell_text(kept.iat[pos, 0]),
            )
        )
    end = _other_table(connector, sheet, kept, rows, set(repeats))
    if end is not None:
        start, header_at = end
        shown = _texts(kept.iloc[header_at].tolist())
        problems.append(
            Problem.make(
                Severity.WARNING,
                "second_table",
                Location(sheet.file, sheet.sheet, int(rows[start])),
                header_row=int(rows[header_at]),
                headers=Localised(_quoted(shown, "en"), _quoted(shown, "fr")),
                count=int(len(kept) - start),
                table=Localised(table_label(table, "en"), table_label(table, "fr")),
            )
        )
        drop[start:] = True

    def leave_out(code: str, pos: int, label: int, text: str) -> None:
        """Row ``pos`` is not data: dropped, with a warning located at its label's cell."""
        drop[pos] = True
        column = sheet.header[label] if label < len(sheet.header) else None
        problems.append(
            Problem.make(
                Severity.WARNING,
                code,
                Location(sheet.file, sheet.sheet, int(rows[pos]), column or None),
                label=text,
            )
        )

    for pos, label in _totals_rows(connector, kept, folded, drop):
        leave_out("totals_row", pos, label, cell_text(kept.iat[pos, label]))
    for pos, label in _note_rows(connector, kept, folded, drop):
        leave_out("note_row", pos, label, _shortened(cell_text(kept.iat[pos, label])))
    if not drop.any():
        return sheet, []
    keep_rows = ~drop
    trimmed = replace(
        sheet,
        cells=kept[keep_rows].reset_index(drop=True),
        row_numbers=np.asarray(rows)[keep_rows],
    )
    return trimmed, problems


def _quoted(texts: Sequence[str], lang: str) -> str:
    """The first few header texts, quoted as ``lang`` quotes them (:func:`i18n.quote`)."""
    more = ", …" if len(texts) > _SHOWN_HEADERS else ""
    return ", ".join(quote(t, lang) for t in texts[:_SHOWN_HEADERS]) + more


def _totals_rows(
    connector: Connector, cells: pd.DataFrame, folded: dict[int, str], dropped: np.ndarray
) -> list[tuple[int, int]]:
    """(row position, column position of the label) of each totals row not already dropped;
    ``folded``: the columns where a label may sit (:func:`_folded`)."""
    labels = connector.totals_labels
    if not labels:
        return []
    found: dict[int, int] = {}
    for col, text in folded.items():
        # workbook cells keep their type: numbers and dates are never a label
        for pos in _line_hits(text, _label_scan(labels), dropped):
            if pos in found or (col != 0 and _filled(cells.iat[pos, 0])):
                continue  # the label is the row's first filled cell, or it is data
            words = _TRAILING_NUMBER.sub("", normalise_key(cells.iat[pos, col]))
            # a totals row holds its label and figures; another text ("Total;Microsoft;500")
            # makes it an application's row
            if words in labels and not _worded(cells.iloc[pos].tolist(), col):
                found[int(pos)] = col
    return sorted(found.items())


#: Words an amount written as text may hold ("64 246,17 € HT"): not another text of the row.
_AMOUNT_WORDS = frozenset({"eur", "euro", "euros", "ht", "ttc", "k", "keur"})


def _worded(row: Sequence[Any], label: int) -> bool:
    """Whether a cell of ``row`` other than the label's holds words (an editor, a product):
    then the row is an application's, not totals (amounts written as text are figures)."""
    return any(
        isinstance(v, str)
        and any(w.isalpha() and w not in _AMOUNT_WORDS for w in normalise_key(v).split())
        for i, v in enumerate(row)
        if i != label
    )


def _note_rows(
    connector: Connector, cells: pd.DataFrame, folded: dict[int, str], dropped: np.ndarray
) -> list[tuple[int, int]]:
    """(row position, column position of the note) of each row whose only filled cell, in the
    sheet's first column or the table's name column (``folded``), starts like a note
    (``note_prefixes``)."""
    prefixes = connector.note_prefixes
    if not prefixes:
        return []
    found: dict[int, int] = {}
    for col, text in folded.items():
        for pos in _line_hits(text, _notes_scan(prefixes), dropped):
            if pos in found or not _is_note(prefixes, cells.iat[pos, col]):
                continue
            if sum(_filled(v) for v in cells.iloc[pos].tolist()) == 1:
                found[int(pos)] = col
    return sorted(found.items())


def _folded(values: list[Any]) -> str:
    """A column's text cells folded as :func:`normalise_key` and the note check fold them
    (compatibility decomposition, ASCII, lower case), one per line; other cells are empty lines.

    One pass for the whole column in C, instead of a Python call per cell: on the 500-member,
    90,000-row workbook the per-cell ``str`` methods of pandas cost ~0.75 s.
    """
    texts = [v if isinstance(v, str) else "" for v in values]
    joined = "\0".join(texts)
    if joined.count("\0") == len(texts) - 1:  # cells are one line each once their own are gone
        joined = joined.replace("\n", " ").replace("\0", "\n")
    else:  # a cell holding NUL itself
        joined = "\n".join(t.replace("\n", " ") for t in texts)
    return fold(joined)


def _line_hits(folded: str, scan: re.Pattern[str], dropped: np.ndarray | None) -> list[int]:
    """Lines (cell positions) of ``folded`` where ``scan`` matches, rows ``dropped`` excepted:
    candidates, each then checked cell by cell by the caller."""
    # the scans start with the line break before a line (see _label_scan), one put before the
    # first: a match at offset i of the text scanned is the line starting at offset i of ``folded``
    starts = [m.start() for m in scan.finditer("\n" + folded)]
    if not starts:
        return []
    breaks = np.flatnonzero(np.frombuffer(folded.encode("ascii"), dtype=np.uint8) == ord("\n"))
    lines = np.unique(np.searchsorted(breaks, starts))  # line breaks before the match
    return [int(p) for p in lines if dropped is None or not dropped[p]]


@cache
def _label_scan(labels: frozenset[str], numbers: bool = True) -> re.Pattern[str]:
    """A folded line that is one of ``labels`` (normalised keys), possibly followed by numbers
    when ``numbers`` ("Total 2025", "Total : 64 246,17"): what the exact checks accept, as one
    expression."""
    gap = "[^a-z0-9\\n]+"
    words = "|".join(
        gap.join(map(re.escape, label.split()))
        for label in sorted(labels, key=lambda w: (-len(w), w))
    )
    tail = f"(?:{gap}[0-9]+)*" if numbers else ""
    # led by the line break before the line (:func:`_line_hits` puts one before the first), not
    # ``^``: re tries a ``^`` at every character, a literal lead only where it occurs
    return re.compile(f"(?m)\\n[^a-z0-9\\n]*(?:{words}){tail}[^a-z0-9\\n]*$")


@cache
def _notes_scan(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A folded line starting with one of the (folded) note ``prefixes``, led by the line break
    before it (as :func:`_label_scan`)."""
    return re.compile(f"\\n[^\\S\\n]*(?:{'|'.join(map(re.escape, prefixes))})")


def _is_note(prefixes: Sequence[str], value: Any) -> bool:
    """``value`` starts with a note prefix: a sign ("*", "(1)"), or a word followed by a colon
    or a dash ("Note :", "NB -"); a word alone ("Notes", an application) is not a note."""
    folded = fold(str(value).strip())
    for prefix in prefixes:
        if folded.startswith(prefix):
            rest = folded[len(prefix) :]
            if not prefix[-1].isalnum() or rest.lstrip()[:1] in _NOTE_MARKS:
                return True
    return False


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and value != ""


def _repeated_headers(sheet: RawSheet, cells: pd.DataFrame, first_column: str) -> list[int]:
    """Positions of the rows that repeat the sheet's own header row: their first cell is the
    first header and most of their texts are headers of the sheet (found by one scan of the
    folded first column, then checked row by row)."""
    first = normalise_key(sheet.header[0]) if sheet.header and sheet.header[0] else ""
    if not first or not first_column:
        return []
    headers = {normalise_key(h) for h in sheet.header if h}
    found = []
    for pos in _line_hits(first_column, _label_scan(frozenset({first}), False), None):
        texts = [normalise_key(t) for t in _texts(cells.iloc[pos].tolist())]
        same = sum(t in headers for t in texts)
        if same >= 2 and 5 * same >= 4 * len(texts) and 2 * same >= len(headers):
            found.append(pos)
    return found


def _other_table(
    connector: Connector,
    sheet: RawSheet,
    cells: pd.DataFrame,
    rows: np.ndarray,
    repeats: set[int] | None = None,
) -> tuple[int, int] | None:
    """(first row position of the other table's block, position of its header row), or None.

    Only the rows just after a blank gap are looked at: a few rows whatever the sheet's size.
    """
    gaps = np.flatnonzero(np.diff(np.asarray(rows)) > 1) + 1
    if not len(gaps):
        return None
    headers = {normalise_key(h) for h in sheet.header if h}
    for start in gaps:
        for at in (start, start + 1):
            if at >= len(cells) or (at > start and rows[at] - rows[at - 1] > 1):
                break
            if repeats and at in repeats:  # this table's own header again: its rows go on
                break
            if _header_like(connector, headers, cells.iloc[at].tolist()):
                return int(start), int(at)
    return None


def _texts(row: Sequence[Any]) -> list[str]:
    """The text cells of a row (numbers, dates and blanks are not header texts)."""
    return [cell_text(v) for v in row if isinstance(v, str) and v.strip()]


def _header_like(connector: Connector, headers: set[str], row: Sequence[Any]) -> bool:
    """A row of texts at least two (and half) of which are headers of the sheet or name fields
    of an inventory table: the header row of another table, not data."""
    texts = _texts(row)
    if len(texts) < 2:
        return False
    same = sum(normalise_key(t) in headers for t in texts)
    named = max(connector.score(t, texts) for t in Table)
    best = max(same, named)
    return best >= 2 and 2 * best >= len(texts)
