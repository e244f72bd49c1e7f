"""What a registry entry may contain: the fields of each section, their types and references.

One table drives the checker, the overlay merge and the docs, so the rules a user file is held
to are the same ones the shipped data is held to.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from vendorlock.model.schema import Table, table_spec
from vendorlock.registry.entries import Kind, LicenceCategory, Openness

#: Top-level keys of a rules file that belong to the registries (others belong to scoring).
REGISTRY_SECTIONS: Final[tuple[str, ...]] = (
    "formats",
    "standards",
    "platforms",
    "editors",
    "products",
    "domains",
    "licences",
)

#: Section name → registry kind.
SECTION_KIND: Final = MappingProxyType(
    {
        "formats": Kind.FORMAT,
        "standards": Kind.STANDARD,
        "platforms": Kind.PLATFORM,
        "editors": Kind.EDITOR,
        "products": Kind.PRODUCT,
        "domains": Kind.DOMAIN,
        "licences": Kind.LICENCE,
    }
)
KIND_SECTION: Final = MappingProxyType({kind: section for section, kind in SECTION_KIND.items()})

#: Ids are lower-case slugs: letters, digits, "_" and "-" (``pes_v2``, ``berger-levrault``).
ID_PATTERN: Final = r"^[a-z0-9][a-z0-9_-]*$"

#: SPDX licence ids: letters, digits, "-", "." and "+" (``GPL-3.0-or-later``, ``CECILL-2.1``).
SPDX_ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9.+-]*$"

#: PRONOM unique ids: ``fmt/<n>`` or ``x-fmt/<n>`` (the National Archives' registry).
PUID_PATTERN: Final = r"^(x-)?fmt/[1-9][0-9]*$"

#: RGI v2 statuses (plus "unknown" when no status was seen).
RGI_STATUSES: Final = ("recommande", "en_observation", "fin_de_vie", "unknown")


class FieldType(StrEnum):
    """Value types of registry fields."""

    TEXT = "text"  # a string
    OPTIONAL_TEXT = "optional_text"  # a string or null
    BOOL = "bool"
    LIST = "list"  # a list of strings (a single string is read as a one-item list)


@dataclass(frozen=True)
class FieldRule:
    """One field of a registry entry.

    ``required`` fields must be given when an entry is new (an update may omit them);
    ``ref`` names the registry a value must resolve in; ``choices`` restricts values;
    ``doc_only`` fields document the data file and are not loaded. A ``calendar`` field holds
    a date (``YYYY-MM-DD``, or a year or month where its pattern allows one) that must exist:
    YAML reads ``2026-02-30`` as plain text, and a pattern alone lets it through.
    """

    type: FieldType
    required: bool = False
    ref: Kind | None = None
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    doc_only: bool = False
    calendar: bool = False


def _enum(table: Table, field: str) -> tuple[str, ...]:
    choices = table_spec(table).field(field).enum
    if choices is None:  # pragma: no cover - guarded by the schema tests
        raise RuntimeError(f"{table}.{field} has no enum in its Table Schema")
    return choices


_TEXT = FieldRule(FieldType.TEXT)
_LIST = FieldRule(FieldType.LIST)
_DOC = FieldRule(FieldType.TEXT, doc_only=True)
_COMMON: Final = {"id": FieldRule(FieldType.TEXT, required=True), "aliases": _LIST, "notes": _DOC}
#: A check date: ISO YYYY-MM-DD.
DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: Since when a group link holds: a year, a month or a date (``2022``, ``2025-08``).
YEAR_OR_DATE_PATTERN: Final = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_SOURCE: Final = {
    "source": _TEXT,
    "checked": FieldRule(FieldType.TEXT, pattern=DATE_PATTERN, calendar=True),
}

#: Top-level key of a rules file that sets its sourcing rule: ``strict`` (every entry of the
#: sourced sections carries a ``source`` that is not marked "unverified" and a ``checked``
#: date; the shipped packs declare it) or ``lenient`` (the default for user overlays).
SOURCING_KEY: Final = "sourcing"
SOURCING_MODES: Final = ("strict", "lenient")
#: Sections the sourcing rule applies to (domains and licences name, they do not assert).
SOURCED_SECTIONS: Final = ("formats", "standards", "platforms", "editors", "products")
#: A source containing one of these says it is not one.
UNVERIFIED_MARKS: Final = ("unverified", "not verified", "not seen", "general knowledge")

FIELDS: Final[MappingProxyType[str, MappingProxyType[str, FieldRule]]] = MappingProxyType(
    {
        "formats": MappingProxyType(
            {
                **_COMMON,
                **_SOURCE,
                "name": FieldRule(FieldType.TEXT, required=True),
                "name_fr": _TEXT,
                "openness": FieldRule(FieldType.TEXT, choices=tuple(o.value for o in Openness)),
                "rgi_status": FieldRule(FieldType.TEXT, choices=RGI_STATUSES),
                "extensions": _LIST,
                "mime": _LIST,
                "pronom": FieldRule(FieldType.LIST, pattern=PUID_PATTERN),
                "universal": FieldRule(FieldType.BOOL),
                "standard": _DOC,
            }
        ),
        "standards": MappingProxyType(
            {
                **_COMMON,
                **_SOURCE,
                "name": FieldRule(FieldType.TEXT, required=True),
                "name_fr": _TEXT,
                "domain": FieldRule(FieldType.TEXT, required=True, ref=Kind.DOMAIN),
                "owner": _TEXT,
                "open": FieldRule(FieldType.BOOL, required=True),
                "formats": FieldRule(FieldType.LIST, ref=Kind.FORMAT),
                "mandatory": _TEXT,
                "mandatory_fr": _TEXT,
                "purpose": _DOC,
            }
        ),
        "platforms": MappingProxyType(
            {
                **_COMMON,
                **_SOURCE,
                "name": FieldRule(FieldType.TEXT, required=True),
                "name_fr": _TEXT,
                "owner": _TEXT,
                "standards": FieldRule(FieldType.LIST, ref=Kind.STANDARD),
                "formats": FieldRule(FieldType.LIST, ref=Kind.FORMAT),
                "interchangeable": FieldRule(FieldType.BOOL),
            }
        ),
        "editors": MappingProxyType(
            {
                **_COMMON,
                **_SOURCE,
                "name": FieldRule(FieldType.TEXT, required=True),
                "group": FieldRule(FieldType.OPTIONAL_TEXT, ref=Kind.EDITOR, pattern=ID_PATTERN),
                "group_source": _TEXT,
                "group_since": FieldRule(
                    FieldType.TEXT, pattern=YEAR_OR_DATE_PATTERN, calendar=True
                ),
                "country": FieldRule(FieldType.OPTIONAL_TEXT, pattern=r"^[A-Z]{2}$"),
                "siren": FieldRule(FieldType.OPTIONAL_TEXT, pattern=r"^[0-9]{9}$"),
            }
        ),
        "products": MappingProxyType(
            {
                **_COMMON,
                **_SOURCE,
                "name": FieldRule(FieldType.TEXT, required=True),
                "name_fr": _TEXT,
                "editor_id": FieldRule(FieldType.TEXT, required=True, ref=Kind.EDITOR),
                "domains": FieldRule(FieldType.LIST, required=True, ref=Kind.DOMAIN),
                "licence": FieldRule(FieldType.TEXT, required=True),
                "open_source": FieldRule(FieldType.BOOL, required=True),
                "standards": FieldRule(FieldType.LIST, ref=Kind.STANDARD),
                "export_formats": FieldRule(FieldType.LIST, ref=Kind.FORMAT),
                "import_formats": FieldRule(FieldType.LIST, ref=Kind.FORMAT),
                "alternative": FieldRule(FieldType.BOOL),
                "api": FieldRule(FieldType.OPTIONAL_TEXT, choices=_enum(Table.APPLICATIONS, "api")),
                "hosting": FieldRule(FieldType.LIST, choices=_enum(Table.APPLICATIONS, "hosting")),
            }
        ),
        "domains": MappingProxyType(
            {
                **_COMMON,
                "en": FieldRule(FieldType.TEXT, required=True),
                "fr": FieldRule(FieldType.TEXT, required=True),
                "source": _DOC,
            }
        ),
        "licences": MappingProxyType(
            {
                **_COMMON,
                **_SOURCE,
                "name": FieldRule(FieldType.TEXT, required=True),
                "category": FieldRule(
                    FieldType.TEXT,
                    required=True,
                    choices=tuple(c.value for c in LicenceCategory),
                ),
                "spdx": FieldRule(FieldType.OPTIONAL_TEXT, pattern=SPDX_ID_PATTERN),
            }
        ),
    }
)

#: The key that removes an entry in an overlay.
DISABLED_KEY: Final = "disabled"
