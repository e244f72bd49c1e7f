"""Recognising what a sheet holds: which table, which header row, which column is which field.

A sheet is recognised by its name ("Logiciels", "Contrats", a CSV file called ``flux.csv``) or,
failing that, by its headers: the table whose aliases its header row matches best. An
applications sheet that also carries contract columns (cost, dates, renewal...) is the flat
inventory most bodies keep by hand; its contract columns are read too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.dtypes import STRING
from vendorlock.i18n import quote
from vendorlock.model.portfolio import EXTRA_PREFIX
from vendorlock.model.problems import Localised, Location, Problem, Severity
from vendorlock.model.schema import Table
from vendorlock.readers.connector import FLAT_CONTRACT_FIELDS, Connector
from vendorlock.readers.headers import UNUSED_PREFIX, HeaderMatch, Target
from vendorlock.readers.interface import HeaderFinder, RawSheet
from vendorlock.readers.mapping import MappingFile, SheetMapping
from vendorlock.readers.tableend import trim_table
from vendorlock.registry import normalise_key

#: Fields a header row must name for an unnamed sheet to be taken for a table.
MIN_FIELDS_UNNAMED = 2
#: Qualifiers that say whether an amount includes VAT.
VAT_QUALIFIERS = ("ttc", "ht")
#: Qualifiers of an amount given per month (« Montant / mois », « Coût mensuel »): never read
#: as the annual cost, which would then be twelve times too small.
MONTHLY_QUALIFIERS = frozenset({"months", "monthly"})
ANNUAL_COST = Target(Table.CONTRACTS, "annual_cost")
#: Application fields a contract list names too (its name, its organisation, its supplier).
SHARED_FIELDS = frozenset({"name", "org_id", "editor_id"})
#: The subject of a contract ("Objet du marché"): what a procurement record bought.
SUBJECT = Target(Table.CONTRACTS, f"{UNUSED_PREFIX}subject")


@dataclass(frozen=True)
class ColumnReading:
    """How one header was read: the field it fills (``table.field``) or why it fills none.

    ``status`` is ``field`` (read into ``target``), ``unused`` (understood, kept as an extra
    attribute, not used by the audit), ``duplicate`` (names a field already read), ``ambiguous``,
    ``ignored`` (a mapping file said so) or ``unknown``.
    """

    position: int
    header: str
    status: str
    target: Target | None = None
    how: str = "none"
    score: float = 0.0
    qualifiers: tuple[str, ...] = ()
    candidates: tuple[Target, ...] = ()


@dataclass(frozen=True)
class SheetReading:
    """What a sheet was read as, and why: ``reason`` is ``name``, ``headers`` or ``mapping``;
    ``alternatives`` are other tables its headers name as well (a sheet that could be two)."""

    file: str
    sheet: str | None
    table: Table | None
    reason: str
    alternatives: tuple[Table, ...] = ()
    columns: tuple[ColumnReading, ...] = ()
    header_row: int | None = None

    def matched(self) -> tuple[ColumnReading, ...]:
        return tuple(c for c in self.columns if c.status == "field")

    def vat(self) -> str | None:
        """``ttc`` or ``ht`` when the header of the annual cost read here says so."""
        for c in self.matched():
            if c.target is not None and c.target.field == "annual_cost":
                return next((q for q in c.qualifiers if q in VAT_QUALIFIERS), None)
        return None


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
    #: Qualifiers read in the header of each field ("annual_cost" → ("ttc",)): an amount whose
    #: header says TTC is known to include VAT. Keys are ``table.field``.
    qualifiers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reading: SheetReading | None = None

    @property
    def flat(self) -> bool:
        return bool(self.contract_columns)

    def vat(self) -> str | None:
        """``ttc`` or ``ht`` when the annual cost header says so (``None``: not said)."""
        quals = self.qualifiers.get("contracts.annual_cost", ())
        return next((q for q in quals if q in VAT_QUALIFIERS), None)


def _target_fields(
    connector: Connector, table: Table, row: Sequence[Any]
) -> tuple[set[str], set[str]]:
    """Fields of ``table`` a header row names, and the flat contract fields it names."""
    own: set[str] = set()
    flat: set[str] = set()
    for header in row:
        if not header:
            continue
        match = connector.match(table, header)
        target = match.target
        if target is None or target.unused or match.how == "partial":
            continue  # a partial match is read, but too weak to tell a table
        if target.table is table:
            own.add(target.field)
        elif target.field in FLAT_CONTRACT_FIELDS:
            flat.add(target.field)
    return own, flat


def _unused_named(connector: Connector, table: Table, row: Sequence[Any]) -> int:
    """How many headers of ``row`` name a column ``table`` understands but does not use."""
    count = 0
    for header in row:
        if header:
            target = connector.match(table, header).target
            count += target is not None and target.unused and target.table is table
    return count


def table_score(connector: Connector, table: Table, row: Sequence[Any]) -> int:
    """Distinct fields of ``table`` a header row names (flat contract fields count for apps)."""
    own, flat = _target_fields(connector, table, row)
    return len(own) + len(flat)


def header_finder(
    connector: Connector, mapping: MappingFile | None = None, file: str = ""
) -> HeaderFinder:
    """Finder of the header row: the first row naming the most fields (of the table the sheet
    name stands for, if it names one). A mapping file's headers count as fields."""

    def find(name: str | None, rows: Sequence[Sequence[Any]]) -> int | None:
        override = mapping.for_sheet(file, name) if mapping else None
        named = (override.table if override else None) or sheet_table(connector, name)
        tables = (named,) if named else tuple(Table)
        minimum = 1 if named else MIN_FIELDS_UNNAMED
        best, best_score = None, minimum - 1
        for i, row in enumerate(rows):
            cells = [c for c in row if isinstance(c, str) and c.strip()]
            score = max(table_score(connector, t, cells) for t in tables) if cells else 0
            if override is not None:
                score += sum(1 for c in cells if override.names(c))
            if score > best_score:
                best, best_score = i, score
        return best

    return find


def guess_table(
    connector: Connector, header: Sequence[str]
) -> tuple[Table | None, tuple[Table, ...]]:
    """Table whose fields the header names best, and the other tables it names as well.

    An applications sheet counts the contract columns it carries (a flat inventory), unless it
    names a contract number and no application field but a name, an organisation or an editor:
    then it is a list of contracts (a GLPI contract export names its contracts in "Nom").
    Procurement records are the exception: they give each contract's subject ("objet") and no
    application it covers, so each record is the purchase of one application, named by its
    subject, and is read as a flat inventory. So are licence lists, whose software column is
    preferred as the name over the licence's own (``preferred`` in spreadsheet.yaml). Ties go
    to the table whose unused columns the
    header names more, then to applications, the common case.
    """
    named = {t: _target_fields(connector, t, header) for t in Table}
    scores = {t: len(own) for t, (own, _) in named.items()}
    own_apps, flat = named[Table.APPLICATIONS]
    own_contracts = named[Table.CONTRACTS][0]
    records = "app_ids" not in own_contracts and any(
        connector.match(Table.CONTRACTS, h).target == SUBJECT for h in header if h
    )
    # a header preferred as the application's name over another one (GLPI's licence list:
    # "Logiciel"/"Software" beside the licence's "Nom"/"Name") says each row is software
    rule = connector.preferred_rule(Table.APPLICATIONS, "name")
    keys = {normalise_key(h) for h in header if h} if rule is not None else set()
    licences = rule is not None and bool(keys & rule[0]) and bool(keys & rule[1])
    contract_list = (
        "contract_id" in own_contracts
        and not own_apps - SHARED_FIELDS
        and not records
        and not licences
    )
    if not contract_list:
        scores[Table.APPLICATIONS] += len(flat)
    best = max(scores.values())
    if best < MIN_FIELDS_UNNAMED:
        return None, ()
    tops = [t for t in Table if scores[t] == best]
    if licences and Table.APPLICATIONS in tops:
        tops = [Table.APPLICATIONS, *(t for t in tops if t is not Table.APPLICATIONS)]
    elif len(tops) > 1:
        # A tie goes to the table whose understood-but-unused columns the header names more
        # (GLPI's supplier list: Name, Entity, Country tie; Third party type, Address tell).
        extra = {t: _unused_named(connector, t, header) for t in tops}
        tops = [t for t in tops if extra[t] == max(extra.values())]
    table = Table.APPLICATIONS if Table.APPLICATIONS in tops else tops[0]
    return table, tuple(t for t in tops if t is not table)


#: Cells looked at one by one before the whole column is converted (see :func:`_has_data`).
_FIRST_CELLS = 16
#: A word character: never whitespace, whichever definition strips the cell.
_WORD = re.compile(r"\w")


def _has_data(cells: pd.DataFrame, pos: int) -> bool:
    """Whether column ``pos`` holds a cell that is not blank once stripped.

    A filled column shows it in its first cells: a text there holding a word character is
    data (converting a 10,000-row object column to text costs ~1 ms); only a column whose first
    cells say nothing is converted and stripped whole.
    """
    col = cells[pos]
    if any(isinstance(v, str) and _WORD.search(v) for v in col.iloc[:_FIRST_CELLS].tolist()):
        return True
    return bool((col.notna() & (col.astype(STRING).str.strip() != "")).fillna(False).any())


def _labels(connector: Connector, targets: Sequence[Target], lang: str) -> str:
    return ", ".join(quote(connector.label(t.table, t.field, lang), lang) for t in targets)


def _both(render: Callable[..., str], *args: Any) -> Localised:
    """A message parameter rendered in English and in French (``render(*args, lang)``)."""
    return Localised(render(*args, "en"), render(*args, "fr"))


def _table_names(connector: Connector, tables: Sequence[Table], lang: str) -> str:
    return ", ".join(connector.table_label(x, lang) for x in tables)


def _read_header(
    connector: Connector, table: Table, text: str, override: SheetMapping | None
) -> HeaderMatch:
    if override is not None and override.names(text):
        target = override.target(text, table)
        return HeaderMatch(text, target, 100.0, "mapping" if target else "ignored")
    return connector.match(table, text)


def map_columns(
    connector: Connector, sheet: RawSheet, table: Table, override: SheetMapping | None = None
) -> tuple[Chunk, list[Problem], tuple[ColumnReading, ...]]:
    """Assign each header to a field, a flat contract field or an extra column."""
    columns: dict[str, int] = {}
    contract: dict[str, int] = {}
    extras: dict[str, int] = {}
    qualifiers: dict[str, tuple[str, ...]] = {}
    readings: list[ColumnReading] = []
    problems: list[Problem] = []
    header_row = sheet.first_row - 1
    matches = {
        pos: _read_header(connector, table, text, override)
        for pos, text in enumerate(sheet.header)
        if text
    }
    # A header preferred for its field over another header of the sheet takes it first; that
    # other header is then kept as an understood, unused column (GLPI's licence list: the
    # software is "Logiciel", the licence's own name "Nom").
    first: list[int] = []
    for pos, m in matches.items():
        rule = connector.preferred_rule(table, m.target.field) if m.target is not None else None
        if rule is None or normalise_key(m.header) not in rule[0]:
            continue
        # only the few preferred headers look at the others (a sheet may have 10,000 columns)
        if any(
            o.target == m.target and normalise_key(o.header) in rule[1] for o in matches.values()
        ):
            first.append(pos)
    displaced = {m.target.field for pos, m in matches.items() if pos in first and m.target}
    order = first + [pos for pos in range(len(sheet.header)) if pos not in first]
    for pos in order:
        text = sheet.header[pos]
        loc = Location(sheet.file, sheet.sheet, header_row, text or None)
        if not text:
            if _has_data(sheet.cells, pos):
                name = f"column {pos + 1}"
                extras[f"{EXTRA_PREFIX}{name}"] = pos
                problems.append(
                    Problem.make(Severity.WARNING, "unnamed_column", loc, position=pos + 1)
                )
            continue
        m = matches[pos]
        target = m.target
        # « Montant / mois »: a monthly amount, not the annual cost it would be read as
        monthly = target == ANNUAL_COST and bool(MONTHLY_QUALIFIERS.intersection(m.qualifiers))
        if monthly:
            target = None
        slot: dict[str, int] | None = None
        if target is not None and not target.unused:
            if target.table is table:
                slot = columns
            elif table is Table.APPLICATIONS and target.field in FLAT_CONTRACT_FIELDS:
                slot = contract
        status = "unknown"
        if slot is not None and target is not None and target.field not in slot:
            slot[target.field] = pos
            status = "field"
            if m.qualifiers:
                qualifiers[f"{target.table.value}.{target.field}"] = m.qualifiers
            if m.reseller:
                problems.append(
                    Problem.make(
                        Severity.WARNING,
                        "reseller_column",
                        loc,
                        header=text,
                        field=_both(connector.label, target.table, target.field),
                    )
                )
        else:
            extras[f"{EXTRA_PREFIX}{text}"] = pos
            if monthly:
                problems.append(
                    Problem.make(Severity.WARNING, "monthly_cost_column", loc, header=text)
                )
            elif m.how == "ignored":
                status = "ignored"
            elif target is not None and (target.unused or target.field in displaced):
                status = "unused"
            elif pos in sheet.merged_columns:
                problems.append(Problem.make(Severity.WARNING, "merged_header", loc, header=text))
            elif slot is not None:
                status = "duplicate"
                problems.append(
                    Problem.make(Severity.WARNING, "duplicate_column", loc, header=text)
                )
            elif m.ambiguous:
                status = "ambiguous"
                problems.append(
                    Problem.make(
                        Severity.WARNING,
                        "ambiguous_column",
                        loc,
                        header=text,
                        fields=_both(_labels, connector, m.ambiguous),
                    )
                )
            elif suggestions := connector.suggest(table, text):
                problems.append(
                    Problem.make(
                        Severity.WARNING,
                        "unknown_column_suggest",
                        loc,
                        header=text,
                        fields=_both(_labels, connector, suggestions),
                    )
                )
            else:
                problems.append(Problem.make(Severity.WARNING, "unknown_column", loc, header=text))
        readings.append(
            ColumnReading(
                pos,
                text,
                status,
                target,
                m.how,
                round(m.score, 1),
                m.qualifiers,
                m.ambiguous or (connector.suggest(table, text) if status == "unknown" else ()),
            )
        )
    readings.sort(key=lambda r: r.position)
    org = columns.get("org_id")
    if table is not Table.ORGANISATIONS and org is not None and not _has_data(sheet.cells, org):
        # An organisation column left blank (as in a filled-in template): the rows belong to
        # the file's organisation, exactly as when the column is absent.
        del columns["org_id"]
    chunk = Chunk(sheet, table, columns, contract, extras, qualifiers)
    return chunk, problems, tuple(readings)


def _unread(connector: Connector, pos: int, text: str) -> ColumnReading:
    """A header of a sheet read as no table: what it could name (as on an applications sheet)."""
    m = connector.match(Table.APPLICATIONS, text)
    candidates = (
        (m.target,) if m.target else m.ambiguous or connector.suggest(Table.APPLICATIONS, text)
    )
    return ColumnReading(pos, text, "unknown", None, "none", 0.0, m.qualifiers, candidates)


def recognise(
    connector: Connector,
    sheet: RawSheet,
    named: Table | None,
    override: SheetMapping | None = None,
) -> tuple[Chunk | None, list[Problem], SheetReading]:
    """The chunk a sheet holds, or None (with a warning) when it is not an inventory table,
    with what was understood of it."""
    loc = Location(sheet.file, sheet.sheet)
    problems: list[Problem] = []
    header_row = sheet.first_row - 1 if sheet.header else None
    if named is None and override is None and connector.is_skipped_sheet(sheet.sheet):
        # the template's own instructions and lists: nothing to report
        return None, problems, SheetReading(sheet.file, sheet.sheet, None, "skipped")
    if sheet.hidden:
        problems.append(Problem.make(Severity.WARNING, "hidden_sheet", loc))
    alternatives: tuple[Table, ...] = ()
    if override is not None and override.table is not None:
        table: Table | None = override.table
        reason = "mapping"
    elif named is not None:
        table, reason = named, "name"
    else:
        table, alternatives = guess_table(connector, sheet.header) if sheet.header else (None, ())
        reason = "headers"
    if table is None or not sheet.header:
        problems.append(Problem.make(Severity.WARNING, "sheet_ignored", loc))
        shown = sheet.header or sheet.candidate_header
        columns = tuple(_unread(connector, pos, text) for pos, text in enumerate(shown) if text)
        reading = SheetReading(sheet.file, sheet.sheet, None, "none", (), columns, header_row)
        return None, problems, reading
    if alternatives:
        problems.append(
            Problem.make(
                Severity.WARNING,
                "sheet_two_tables",
                loc,
                table=_both(connector.table_label, table),
                others=_both(_table_names, connector, alternatives),
            )
        )
    chunk, found, columns = map_columns(connector, sheet, table, override)
    trimmed, ends = trim_table(connector, sheet, table, dict(chunk.columns), connector.table_label)
    if trimmed is not sheet:
        chunk = replace(chunk, sheet=trimmed)
        found += ends
    reading = SheetReading(
        sheet.file, sheet.sheet, table, reason, alternatives, columns, header_row
    )
    found += hidden_problems(chunk)
    return replace(chunk, reading=reading), problems + found, reading


#: Ranges of hidden rows listed in a warning before « … ».
_LISTED_RANGES = 12


def _row_ranges(rows: Sequence[int]) -> str:
    """``5, 7–9, 12``: rows as ranges, the first :data:`_LISTED_RANGES` of them."""
    ranges: list[tuple[int, int]] = []
    for row in rows:
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    texts = [str(a) if a == b else f"{a}–{b}" for a, b in ranges[:_LISTED_RANGES]]
    return ", ".join(texts) + (", …" if len(ranges) > _LISTED_RANGES else "")


def hidden_problems(chunk: Chunk) -> list[Problem]:
    """Warnings for the hidden columns and the hidden or filtered-out rows of a sheet that are
    read: the user hid them, but they are data, so they are read, and said to be."""
    sheet = chunk.sheet
    if not sheet.hidden_columns and not sheet.hidden_rows:
        return []
    problems: list[Problem] = []
    used = {*chunk.columns.values(), *chunk.contract_columns.values(), *chunk.extras.values()}
    for pos in sheet.hidden_columns:
        if pos in used:
            loc = Location(sheet.file, sheet.sheet, column=sheet.header[pos])
            problems.append(Problem.make(Severity.WARNING, "hidden_column", loc))
    if sheet.hidden_rows:
        read = (
            sheet.row_numbers
            if sheet.row_numbers is not None
            else np.arange(len(sheet.cells)) + sheet.first_row
        )
        rows = sorted(set(sheet.hidden_rows).intersection(int(r) for r in read))
        if rows:
            problems.append(
                Problem.make(
                    Severity.WARNING,
                    "filtered_rows" if sheet.filtered else "hidden_rows",
                    Location(sheet.file, sheet.sheet, rows[0]),
                    count=len(rows),
                    rows=_row_ranges(rows),
                )
            )
    return problems


def sheet_table(connector: Connector, name: str | None) -> Table | None:
    """Table a sheet or file-stem name stands for."""
    return connector.table_for_sheet(name) if name and normalise_key(name) else None
