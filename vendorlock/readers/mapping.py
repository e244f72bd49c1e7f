"""Mapping files: what was understood of an inventory, written once and read back every month.

``vendorlock validate --save-mapping FILE`` writes, for every sheet read, the table it was read as
and each header's field; ``--mapping FILE`` on any command that reads an inventory applies it
before recognition. An odd monthly export is then fixed once, by editing the file, instead of
renaming columns by hand each month. Format (YAML)::

    version: 1
    sheets:
    - file: "export-*.csv"        # file name pattern (fnmatch), matched on the file's name
      sheet: "*"                  # sheet name pattern; omit it for CSV files
      table: applications         # organisations, editors, applications, contracts, flows
      columns:                    # header as written → field, table.field, or null (ignore)
        Truc logiciel: name
        Machin fournisseur: editor_id
        Montant TTC: contracts.annual_cost

Headers are compared like aliases (case, accents and punctuation ignored). A header the mapping
does not name is recognised as usual.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from vendorlock.errors import ReaderError, VendorlockError
from vendorlock.model.schema import Table, table_spec
from vendorlock.readers.headers import UNUSED_PREFIX, Target
from vendorlock.registry import normalise_key
from vendorlock.yamlio import load_yaml

MAPPING_VERSION = 1


class MappingError(ReaderError):
    """A mapping file that cannot be used (message already located and translated by key)."""

    def __init__(self, code: str, path: str, **params: Any) -> None:
        self.code = code
        self.path = path
        self.params = params
        super().__init__(f"{path}: {code} {params}")


@dataclass(frozen=True)
class SheetMapping:
    """One entry: which files/sheets it applies to, their table, and header → target."""

    file: str
    sheet: str | None
    table: Table | None
    #: normalised header → target (None: the header is deliberately ignored).
    columns: Mapping[str, Target | None]

    def applies(self, file: str, sheet: str | None) -> bool:
        name = Path(file).name
        if not (fnmatch.fnmatch(name, self.file) or fnmatch.fnmatch(file, self.file)):
            return False
        if self.sheet is None or sheet is None:
            return True
        return fnmatch.fnmatch(sheet, self.sheet)

    def names(self, header: object) -> bool:
        return normalise_key(header) in self.columns

    def target(self, header: object, table: Table) -> Target | None:
        return self.columns.get(normalise_key(header))


@dataclass(frozen=True)
class MappingFile:
    """Every entry of a mapping file, first matching entry wins."""

    sheets: tuple[SheetMapping, ...]
    source: str = ""

    def for_sheet(self, file: str, sheet: str | None) -> SheetMapping | None:
        return next((m for m in self.sheets if m.applies(file, sheet)), None)

    def for_file(self, file: str) -> MappingFile:
        """The entries that may apply to one file (a cheaper object to pass to its reader)."""
        return MappingFile(tuple(m for m in self.sheets if m.applies(file, None)), self.source)


def _target(path: str, table: Table, value: object) -> Target | None:
    if value is None or str(value).strip() in ("", "~", "null"):
        return None
    text = str(value).strip()
    name, _, field = text.partition(".")
    target_table, target_field = (table, text) if not field else (None, field)
    if target_table is None:
        try:
            target_table = Table(name)
        except ValueError:
            raise MappingError("mapping_unknown_table", path, table=name) from None
    if target_field.startswith(UNUSED_PREFIX):
        return Target(target_table, target_field)
    if target_field not in table_spec(target_table).names:
        raise MappingError(
            "mapping_unknown_field",
            path,
            field=text,
            fields=", ".join(table_spec(target_table).names),
        )
    return Target(target_table, target_field)


#: Order in which a bare field name is looked up when an entry names no table.
_TABLE_ORDER = (
    Table.APPLICATIONS,
    Table.CONTRACTS,
    Table.FLOWS,
    Table.EDITORS,
    Table.ORGANISATIONS,
)


def _likely_table(values: Iterable[object]) -> Table:
    """The table most of an entry's bare field names belong to (applications on ties)."""
    votes = dict.fromkeys(_TABLE_ORDER, 0)
    for value in values:
        text = "" if value is None else str(value).strip()
        if not text or "." in text:
            continue
        for table in _TABLE_ORDER:
            if text in table_spec(table).names:
                votes[table] += 1
    return max(_TABLE_ORDER, key=lambda t: votes[t])


def load_mapping(path: Path) -> MappingFile:
    """Read a mapping file; :class:`MappingError` (located) when it is not one."""
    where = str(path)
    try:
        raw = load_yaml(path)
    except (OSError, yaml.YAMLError, VendorlockError) as exc:
        raise MappingError("mapping_unreadable", where, detail=str(exc).splitlines()[0]) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("sheets"), list):
        raise MappingError("mapping_no_sheets", where)
    entries: list[SheetMapping] = []
    for item in raw["sheets"]:
        if not isinstance(item, dict) or not isinstance(item.get("file"), str | int):
            raise MappingError("mapping_no_sheets", where)
        columns_raw = item.get("columns") or {}
        if not isinstance(columns_raw, dict):
            raise MappingError("mapping_no_sheets", where)
        table: Table | None = None
        if item.get("table"):
            try:
                table = Table(str(item["table"]))
            except ValueError:
                raise MappingError("mapping_unknown_table", where, table=item["table"]) from None
        base = table or _likely_table(columns_raw.values())
        columns = {
            normalise_key(header): _target(where, base, value)
            for header, value in columns_raw.items()
            if normalise_key(header)
        }
        if table is None and any(columns.values()):
            table = base  # the user named fields but left the table: the fields' table
        sheet = item.get("sheet")
        entries.append(
            SheetMapping(str(item["file"]), None if sheet is None else str(sheet), table, columns)
        )
    return MappingFile(tuple(entries), where)


def mapping_document(readings: Iterable[Any]) -> dict[str, Any]:
    """The YAML document ``--save-mapping`` writes from sheet readings (sorted, no dates).

    Every header is written: the ones understood with their field, the unknown ones with
    ``null`` so the user sees where to write the field.
    """
    sheets: list[dict[str, Any]] = []
    for r in readings:
        if r.table is None and r.reason == "skipped":
            continue
        entry: dict[str, Any] = {"file": Path(r.file).name}
        if r.sheet is not None:
            entry["sheet"] = r.sheet
        entry["table"] = r.table.value if r.table is not None else None
        columns: dict[str, str | None] = {}
        for c in r.columns:
            if c.header in columns:
                continue
            if c.target is None or c.status in ("duplicate", "ignored"):
                columns[c.header] = None
            elif c.target.table is r.table:
                columns[c.header] = c.target.field
            else:
                columns[c.header] = f"{c.target.table.value}.{c.target.field}"
        entry["columns"] = columns
        sheets.append(entry)
    return {"version": MAPPING_VERSION, "sheets": sheets}


def dump_mapping(readings: Iterable[Any]) -> str:
    """The mapping document as YAML text (keys in reading order, unicode kept)."""
    return yaml.safe_dump(
        mapping_document(readings), allow_unicode=True, sort_keys=False, width=100
    )
