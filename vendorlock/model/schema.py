"""The canonical tables, read from the published Table Schema JSON files.

The JSON files under ``vendorlock/schemas/`` are the single source of truth for column names,
types, enums and constraints: readers, validation, the template workbook and the docs all read
them through this module, so other tools can produce our tables from the same files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.resources import schema_dir


class Table(StrEnum):
    """The five canonical tables, in dependency order (referenced tables first)."""

    ORGANISATIONS = "organisations"
    EDITORS = "editors"
    APPLICATIONS = "applications"
    CONTRACTS = "contracts"
    FLOWS = "flows"


class FieldType(StrEnum):
    """Table Schema field types used by vendorlock."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class FieldSpec:
    """One column of a canonical table."""

    name: str
    type: FieldType
    title: str
    description: str
    required: bool
    unique: bool
    multivalued: bool
    enum: tuple[str, ...] | None
    minimum: float | None
    pattern: str | None
    example: Any
    #: A boolean clause that may also be partial (``x-partial``): stored 1.0 / 0.5 / 0.0.
    partial: bool = False
    #: Unit of a number written with one (``x-unit``: "months" reads "1 an" as 12).
    unit: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """A column that must name a row of another table."""

    field: str
    table: Table
    target_field: str


@dataclass(frozen=True)
class TableSpec:
    """A canonical table: its fields, primary key and foreign keys."""

    table: Table
    description: str
    fields: tuple[FieldSpec, ...]
    primary_key: str
    foreign_keys: tuple[ForeignKey, ...]

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.table}: no field {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def schema_json(table: Table) -> dict[str, Any]:
    """The published Table Schema of ``table`` as a JSON object."""
    path = schema_dir() / f"{table.value}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _field(raw: dict[str, Any]) -> FieldSpec:
    constraints = raw.get("constraints", {})
    enum = constraints.get("enum")
    minimum = constraints.get("minimum")
    return FieldSpec(
        name=raw["name"],
        type=FieldType(raw["type"]),
        title=raw.get("title", raw["name"]),
        description=raw.get("description", ""),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        multivalued=bool(raw.get("x-multivalued", False)),
        enum=tuple(enum) if enum else None,
        minimum=float(minimum) if minimum is not None else None,
        pattern=constraints.get("pattern"),
        example=raw.get("example"),
        partial=bool(raw.get("x-partial", False)),
        unit=raw.get("x-unit"),
    )


@cache
def table_spec(table: Table) -> TableSpec:
    """Parsed spec of one canonical table."""
    raw = schema_json(table)
    fks = tuple(
        ForeignKey(
            fk["fields"][0], Table(fk["reference"]["resource"]), fk["reference"]["fields"][0]
        )
        for fk in raw.get("foreignKeys", [])
    )
    return TableSpec(
        table=table,
        description=raw.get("description", ""),
        fields=tuple(_field(f) for f in raw["fields"]),
        primary_key=raw["primaryKey"][0],
        foreign_keys=fks,
    )


def describe(table: Table, lang: Lang | str, field: str | None = None) -> str:
    """What ``table`` (or its column ``field``) holds, in ``lang``: the schema's description
    in English, its French wording from the catalogue (``schema.*`` messages), so the French
    template and ``vendorlock schema --list`` explain every column in French while the
    published JSON stays the English reference."""
    return t(f"schema.{table.value}" if field is None else f"schema.{table.value}.{field}", lang)


def all_specs() -> tuple[TableSpec, ...]:
    """Specs of every canonical table, in dependency order."""
    return tuple(table_spec(t) for t in Table)
