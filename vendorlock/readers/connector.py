"""The spreadsheet connector: which sheet is which table, which header is which column.

Header, sheet and value aliases are data (``connectors/spreadsheet.yaml`` and
``connectors/values.yaml``) so users can teach vendorlock their own column names without code.
Sheet names are compared through :func:`vendorlock.registry.normalise_key`, so case, accents and
punctuation never matter; headers are recognised word by word (:mod:`vendorlock.readers.headers`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from vendorlock.errors import ReaderError
from vendorlock.model.schema import Table, table_spec
from vendorlock.readers.components import ComponentRules, load_component_rules
from vendorlock.readers.domains import DomainKeywords, load_domain_keywords
from vendorlock.readers.headers import (
    UNUSED_PREFIX,
    HeaderMatch,
    Scope,
    Target,
    Vocabulary,
    build_scope,
)
from vendorlock.readers.language import label_words
from vendorlock.registry import fold, normalise_key
from vendorlock.resources import data_dir
from vendorlock.yamlio import load_yaml

#: Contract columns that may sit on an application row in a flat inventory (the application
#: already gives the organisation, the editor and the application itself).
FLAT_CONTRACT_FIELDS = (
    "contract_id",
    "start_date",
    "end_date",
    "annual_cost",
    "renewal",
    "notice_months",
    "reversibility_clause",
    "data_return_format",
    "procedure",
    "purchasing_group",
)


@dataclass(frozen=True)
class Connector:
    """Loaded aliases: per table, the sheet names and the header → field index."""

    sheet_index: Mapping[str, Table]
    header_index: Mapping[Table, Mapping[str, str]]
    labels: Mapping[Table, Mapping[str, Mapping[str, str]]]
    booleans: Mapping[str, bool]
    values: Mapping[str, Mapping[str, str]]
    skipped_sheets: frozenset[str] = frozenset()
    #: Normalised cells meaning "not known" in any typed column (never an error).
    unknown: frozenset[str] = frozenset()
    #: Per ``table.field``: normalised cells meaning "not known" for that column only.
    field_unknown: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: Clause columns: normalised alias → 1.0 yes, 0.5 partial, 0.0 no.
    tristate: Mapping[str, float] = field(default_factory=dict)
    #: Normalised duration unit → its length in months.
    duration_units: Mapping[str, float] = field(default_factory=dict)
    #: Keywords inferring a missing domain (``domain_keywords.yaml``).
    domain_keywords: DomainKeywords = field(default_factory=DomainKeywords)
    #: Name patterns of inventory-tool noise set aside as components (``components.yaml``).
    components: ComponentRules = field(default_factory=ComponentRules)
    #: Per sheet table, the targets its headers are matched against (flat contract fields
    #: included for applications), with their match cache.
    scopes: Mapping[Table, Scope] = field(default_factory=dict)
    #: Per table, its sheet name in each language ("Contrats", "Contracts").
    table_labels: Mapping[Table, Mapping[str, str]] = field(default_factory=dict)
    #: Per table, field → (headers, over): a header among ``headers`` wins the field over a
    #: header among ``over`` on the same sheet (``preferred`` in spreadsheet.yaml: GLPI's
    #: licence list names the software "Logiciel" beside the licence's own "Nom").
    preferred: Mapping[Table, Mapping[str, tuple[frozenset[str], frozenset[str]]]] = field(
        default_factory=dict
    )
    #: Normalised labels of a totals row under a hand-kept table ("total", "sous total").
    totals_labels: frozenset[str] = frozenset()
    #: How a note written in a table starts (lower-case, accents removed): "note", "nb", "*".
    note_prefixes: tuple[str, ...] = ()

    def preferred_rule(
        self, table: Table, field: str
    ) -> tuple[frozenset[str], frozenset[str]] | None:
        """(headers, over) of ``field`` of a ``table`` sheet, or None (normalised headers)."""
        return self.preferred.get(table, {}).get(field)

    @cached_property
    def language_words(self) -> Mapping[str, frozenset[str]]:
        """Per language, the words of its column and sheet labels only (a sheet's language
        cue: :mod:`vendorlock.readers.language`)."""
        return label_words(
            [label for fields in self.labels.values() for label in fields.values()]
            + list(self.table_labels.values())
        )

    def table_label(self, table: Table, lang: str) -> str:
        """The table's name as the user reads it in ``lang`` (its template sheet name)."""
        return self.table_labels.get(table, {}).get(lang) or table.value

    def is_skipped_sheet(self, name: str | None) -> bool:
        """Sheets that are known not to hold data (the template's instructions and lists)."""
        return bool(name) and normalise_key(name) in self.skipped_sheets

    def table_for_sheet(self, name: str) -> Table | None:
        """Table a sheet (or CSV file stem) name stands for, if any."""
        return self.sheet_index.get(normalise_key(name))

    def match(self, table: Table, header: object) -> HeaderMatch:
        """How ``header`` is understood on a sheet of ``table`` (cached per header text)."""
        return self.scopes[table].match(header)

    def suggest(self, table: Table, header: object) -> tuple[Target, ...]:
        """Closest fields of an unmatched header ("did you mean"), cached."""
        return self.scopes[table].suggest(header)

    def field_for(self, table: Table, header: object) -> str | None:
        """Field of ``table`` itself a header names, if any (not a flat or unused one)."""
        target = self.match(table, header).target
        return target.field if target and target.table is table and not target.unused else None

    def score(self, table: Table, headers: Iterable[object]) -> int:
        """How many distinct fields of ``table`` the headers name (to find the header row)."""
        return len({f for f in (self.field_for(table, h) for h in headers if h) if f})

    def label(self, table: Table, field: str, lang: str) -> str:
        """The user-facing header of a field in ``lang`` (what the template writes)."""
        labels = self.labels[table].get(field)
        return (labels.get(lang) if labels else None) or field.lstrip(UNUSED_PREFIX)

    def value_map(self, table: Table, field: str) -> Mapping[str, str]:
        """normalised alias → schema value of an enumerated column (empty if none)."""
        return self.values.get(f"{table.value}.{field}", MappingProxyType({}))

    def unknown_for(self, table: Table, field: str) -> frozenset[str]:
        """Normalised cells meaning "not known" in one column (the global ones plus its own)."""
        own = self.field_unknown.get(f"{table.value}.{field}")
        return self.unknown | own if own else self.unknown


def _header_index(table: Table, columns: Mapping[str, Any]) -> dict[str, str]:
    index: dict[str, str] = {}
    for name in table_spec(table).names:
        index[normalise_key(name)] = name
    for name, raw in columns.items():
        for text in (raw.get("en"), raw.get("fr"), *(raw.get("aliases") or ())):
            if text is not None:
                index.setdefault(normalise_key(text), name)
    return index


#: The key of a field's value map listing what means "not known" for that field only.
UNKNOWN_KEY = "unknown"
#: Months in one unit, per key of ``duration_units``.
_UNIT_MONTHS = {"months": 1.0, "quarters": 3.0, "years": 12.0}


def _keys(aliases: Iterable[object]) -> frozenset[str]:
    return frozenset(k for k in (normalise_key(a) for a in aliases or ()) if k)


def _value_maps(
    raw: Mapping[str, Any],
) -> tuple[dict[str, Mapping[str, str]], dict[str, frozenset[str]]]:
    out: dict[str, Mapping[str, str]] = {}
    unknown: dict[str, frozenset[str]] = {}
    for key, mapping in (raw or {}).items():
        table_name, _, field = str(key).partition(".")
        spec = table_spec(Table(table_name)).field(field)
        index: dict[str, str] = {}
        for value in spec.enum or ():
            index[normalise_key(value)] = value
        for value, aliases in mapping.items():
            if value == UNKNOWN_KEY and value not in (spec.enum or ()):
                unknown[str(key)] = _keys(aliases)
                continue
            for alias in (value, *(aliases or ())):
                if normalise_key(alias):
                    index.setdefault(normalise_key(alias), str(value))
        out[str(key)] = MappingProxyType(index)
    return out, unknown


def _tristate(values: Mapping[str, Any]) -> dict[str, float]:
    """Clause aliases: the booleans (1.0 / 0.0) and the partial words (0.5)."""
    out: dict[str, float] = {}
    for truth, aliases in (values.get("booleans") or {}).items():
        for key in _keys(aliases):
            out.setdefault(key, 1.0 if str(truth).lower() == "true" else 0.0)
    for key in _keys(values.get("partial") or ()):
        out.setdefault(key, 0.5)
    return out


def _duration_units(values: Mapping[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for unit, words in (values.get("duration_units") or {}).items():
        if str(unit) not in _UNIT_MONTHS:
            raise ReaderError(
                f"values.yaml: duration unit {unit!r} is not one of {', '.join(_UNIT_MONTHS)}"
            )
        for key in _keys(words):
            out.setdefault(key, _UNIT_MONTHS[str(unit)])
    return out


def load_connector(folder: Path | None = None) -> Connector:
    """Read ``spreadsheet.yaml`` and ``values.yaml`` from ``folder`` (default: shipped ones)."""
    return _load(folder or data_dir("connectors"))


@cache
def _load(folder: Path) -> Connector:
    sheets = load_yaml(folder / "spreadsheet.yaml")
    values = load_yaml(folder / "values.yaml")
    if not isinstance(sheets, dict) or "tables" not in sheets:
        raise ReaderError(f"{folder / 'spreadsheet.yaml'}: no 'tables' section")
    sheet_index: dict[str, Table] = {}
    header_index: dict[Table, Mapping[str, str]] = {}
    labels: dict[Table, Mapping[str, Mapping[str, str]]] = {}
    for table in Table:
        raw = sheets["tables"].get(table.value, {})
        for text in (
            table.value,
            *(raw.get("sheet") or {}).values(),
            *raw.get("sheet_aliases", ()),
        ):
            sheet_index.setdefault(normalise_key(text), table)
        columns = raw.get("columns") or {}
        header_index[table] = MappingProxyType(_header_index(table, columns))
        labels[table] = MappingProxyType(
            {
                name: MappingProxyType({k: str(v) for k, v in c.items() if k in ("en", "fr")})
                for name, c in columns.items()
            }
        )
    vocab = Vocabulary.from_yaml(sheets.get("recognition"))
    entries = {t: _targets(t, sheets["tables"].get(t.value, {})) for t in Table}
    flat = [
        (target, texts)
        for target, texts in entries[Table.CONTRACTS]
        if target.unused or target.field in FLAT_CONTRACT_FIELDS
    ]
    scopes = {
        t: build_scope(vocab, t, entries[t] + (flat if t is Table.APPLICATIONS else []))
        for t in Table
    }
    for table in Table:
        raw = sheets["tables"].get(table.value, {})
        unused = raw.get("unused_columns") or {}
        labels[table] = MappingProxyType(
            {
                **labels[table],
                **{
                    f"{UNUSED_PREFIX}{name}": MappingProxyType(
                        {k: str(v) for k, v in c.items() if k in ("en", "fr")}
                    )
                    for name, c in unused.items()
                },
            }
        )
    booleans: dict[str, bool] = {}
    for truth, aliases in (values.get("booleans") or {}).items():
        for alias in aliases:
            if normalise_key(alias):
                booleans[normalise_key(alias)] = str(truth).lower() == "true"
    value_maps, field_unknown = _value_maps(values.get("fields") or {})
    return Connector(
        sheet_index=MappingProxyType(sheet_index),
        header_index=MappingProxyType(header_index),
        labels=MappingProxyType(labels),
        booleans=MappingProxyType(booleans),
        values=MappingProxyType(value_maps),
        skipped_sheets=frozenset(
            normalise_key(name) for name in sheets.get("skipped_sheets") or () if name
        ),
        unknown=_keys(values.get("unknown") or ()),
        totals_labels=_keys(sheets.get("totals_labels") or ()),
        note_prefixes=tuple(
            sorted({fold(p).strip() for p in sheets.get("note_prefixes") or ()} - {""})
        ),
        field_unknown=MappingProxyType(field_unknown),
        tristate=MappingProxyType(_tristate(values)),
        duration_units=MappingProxyType(_duration_units(values)),
        domain_keywords=load_domain_keywords(folder / "domain_keywords.yaml"),
        components=load_component_rules(folder / "components.yaml"),
        scopes=MappingProxyType(scopes),
        preferred=MappingProxyType(
            {
                t: MappingProxyType(
                    {
                        name: (
                            _keys(col["preferred"].get("headers") or ()),
                            _keys(col["preferred"].get("over") or ()),
                        )
                        for name, col in (
                            sheets["tables"].get(t.value, {}).get("columns") or {}
                        ).items()
                        if isinstance(col.get("preferred"), dict)
                    }
                )
                for t in Table
            }
        ),
        table_labels=MappingProxyType(
            {
                t: MappingProxyType(
                    {
                        k: str(v)
                        for k, v in (sheets["tables"].get(t.value, {}).get("sheet") or {}).items()
                    }
                )
                for t in Table
            }
        ),
    )


def _targets(table: Table, raw: Mapping[str, Any]) -> list[tuple[Target, list[str]]]:
    """(target, alias texts) of a table: its fields (schema name, labels, aliases) and the
    columns it understands but does not use."""
    columns = raw.get("columns") or {}
    out: list[tuple[Target, list[str]]] = []
    for name in table_spec(table).names:
        col = columns.get(name) or {}
        texts = [name, *(str(col[k]) for k in ("en", "fr") if col.get(k))]
        out.append((Target(table, name), texts + [str(a) for a in col.get("aliases") or ()]))
    for name, col in (raw.get("unused_columns") or {}).items():
        texts = [str(col[k]) for k in ("en", "fr") if col.get(k)]
        texts += [str(a) for a in col.get("aliases") or ()]
        out.append((Target(table, f"{UNUSED_PREFIX}{name}"), texts))
    return out
