"""Recognising what a sheet holds: which table, which header row, which column is which field.

A sheet is recognised by its name ("Logiciels", "Contrats", a CSV file called ``flux.csv``) or,
failing that, by its headers: the table whose aliases its header row matches best. An
applications sheet that also carries contract columns (cost, dates, renewal...) is the flat
inventory most bodies keep by hand; its contract columns are read too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vendorlock.model.portfolio import EXTRA_PREFIX
from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.model.schema import Table
from vendorlock.readers.connector import FLAT_CONTRACT_FIELDS, Connector
from vendorlock.readers.interface import HeaderFinder, RawSheet
from vendorlock.registry import normalise_key

#: Fields a header row must name for an unnamed sheet to be taken for a table.
MIN_FIELDS_UNNAMED = 2


@dataclass(frozen=True)
class Chunk:
    """A recognised sheet: its table and where each field sits (0-based column positions)."""

    sheet: RawSheet
    table: Table
    columns: Mapping[str, int]
    #: Contract fields found on an applications row (flat inventory); empty otherwise.
    contract_columns: Mapping[str, int]
    #: ``extra:<header>`` → position, for columns that match no field (kept, reported).
    extras: Mapping[str, int]

    @property
    def flat(self) -> bool:
        return bool(self.contract_columns)


def _contract_only(connector: Connector, header: object) -> str | None:
    field = connector.field_for(Table.CONTRACTS, header)
    if field in FLAT_CONTRACT_FIELDS and connector.field_for(Table.APPLICATIONS, header) is None:
        return field
    return None


def table_score(connector: Connector, table: Table, row: Sequence[Any]) -> int:
    """Distinct fields of ``table`` a header row names (flat contract fields count for apps)."""
    score = connector.score(table, row)
    if table is Table.APPLICATIONS:
        score += len({f for f in (_contract_only(connector, h) for h in row if h) if f})
    return score


def header_finder(connector: Connector) -> HeaderFinder:
    """Finder of the header row: the first row naming the most fields (of the table the sheet
    name stands for, if it names one)."""

    def find(name: str | None, rows: Sequence[Sequence[Any]]) -> int | None:
        named = sheet_table(connector, name)
        tables = (named,) if named else tuple(Table)
        minimum = 1 if named else MIN_FIELDS_UNNAMED
        best, best_score = None, minimum - 1
        for i, row in enumerate(rows):
            cells = [c for c in row if isinstance(c, str) and c.strip()]
            score = max(table_score(connector, t, cells) for t in tables) if cells else 0
            if score > best_score:
                best, best_score = i, score
        return best

    return find


def guess_table(connector: Connector, header: Sequence[str]) -> Table | None:
    """Table whose fields the header names best (applications on ties: the common case)."""
    scores = {t: table_score(connector, t, header) for t in Table}
    best = max(scores.values())
    if best < MIN_FIELDS_UNNAMED:
        return None
    if scores[Table.APPLICATIONS] == best:
        return Table.APPLICATIONS
    return next(t for t in Table if scores[t] == best)


def _has_data(cells: pd.DataFrame, pos: int) -> bool:
    col = cells[pos]
    return bool((col.notna() & (col.astype("string").str.strip() != "")).fillna(False).any())


def map_columns(connector: Connector, sheet: RawSheet, table: Table) -> tuple[Chunk, list[Problem]]:
    """Assign each header to a field, a flat contract field or an extra column."""
    columns: dict[str, int] = {}
    contract: dict[str, int] = {}
    extras: dict[str, int] = {}
    problems: list[Problem] = []
    header_row = sheet.first_row - 1
    for pos, text in enumerate(sheet.header):
        loc = Location(sheet.file, sheet.sheet, header_row, text or None)
        field = connector.field_for(table, text) if text else None
        flat = _contract_only(connector, text) if table is Table.APPLICATIONS and text else None
        if field and field not in columns:
            columns[field] = pos
        elif flat and flat not in contract:
            contract[flat] = pos
        elif not text:
            if _has_data(sheet.cells, pos):
                name = f"column {pos + 1}"
                extras[f"{EXTRA_PREFIX}{name}"] = pos
                problems.append(
                    Problem.make(Severity.WARNING, "unnamed_column", loc, position=pos + 1)
                )
        else:
            extras[f"{EXTRA_PREFIX}{text}"] = pos
            if pos in sheet.merged_columns:
                code = "merged_header"
            elif field or flat:
                code = "duplicate_column"
            else:
                code = "unknown_column"
            problems.append(Problem.make(Severity.WARNING, code, loc, header=text))
    org = columns.get("org_id")
    if table is not Table.ORGANISATIONS and org is not None and not _has_data(sheet.cells, org):
        # An organisation column left blank (as in a filled-in template): the rows belong to
        # the file's organisation, exactly as when the column is absent.
        del columns["org_id"]
    return Chunk(sheet, table, columns, contract, extras), problems


def recognise(
    connector: Connector, sheet: RawSheet, named: Table | None
) -> tuple[Chunk | None, list[Problem]]:
    """The chunk a sheet holds, or None (with a warning) when it is not an inventory table."""
    loc = Location(sheet.file, sheet.sheet)
    problems: list[Problem] = []
    if named is None and connector.is_skipped_sheet(sheet.sheet):
        return None, problems  # the template's own instructions and lists: nothing to report
    if sheet.hidden:
        problems.append(Problem.make(Severity.WARNING, "hidden_sheet", loc))
    table = named or (guess_table(connector, sheet.header) if sheet.header else None)
    if table is None or not sheet.header:
        problems.append(Problem.make(Severity.WARNING, "sheet_ignored", loc))
        return None, problems
    chunk, found = map_columns(connector, sheet, table)
    return chunk, problems + found


def sheet_table(connector: Connector, name: str | None) -> Table | None:
    """Table a sheet or file-stem name stands for."""
    return connector.table_for_sheet(name) if name and normalise_key(name) else None
