"""Registry records: one frozen dataclass per kind of reference fact.

Entries are small immutable records built once at load time from the YAML under ``rules/``;
they carry the ``source`` of each fact so reports can say where a classification comes from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from vendorlock.i18n import french_spaces


class Openness(StrEnum):
    """How freely a competitor can read and write a format (the RGI's first criterion)."""

    OPEN_STANDARD = "open_standard"
    OPEN_SPECIFICATION = "open_specification"
    DOCUMENTED_PROPRIETARY = "documented_proprietary"
    CLOSED_PROPRIETARY = "closed_proprietary"
    UNKNOWN = "unknown"


#: Closedness of each openness class: the share of lock-in a format contributes on its own.
_CLOSEDNESS: dict[Openness, float] = {
    Openness.OPEN_STANDARD: 0.0,
    Openness.OPEN_SPECIFICATION: 0.0,
    Openness.DOCUMENTED_PROPRIETARY: 0.5,
    Openness.CLOSED_PROPRIETARY: 1.0,
    Openness.UNKNOWN: math.nan,
}


class Kind(StrEnum):
    """The registries, as named in ``Registries.resolve``."""

    FORMAT = "format"
    STANDARD = "standard"
    PLATFORM = "platform"
    EDITOR = "editor"
    PRODUCT = "product"
    DOMAIN = "domain"
    LICENCE = "licence"


class LicenceCategory(StrEnum):
    """What a licence means for lock-in: may anyone run, study, change and hand the code on?"""

    PROPRIETARY = "proprietary"
    OPEN_SOURCE = "open_source"


class _Named:
    """An entry with a ``name`` and, maybe, a French ``name_fr`` (formats, standards,
    platforms, products): one rule for the name a report in either language shows."""

    __slots__ = ()
    name: str
    name_fr: str

    def label(self, lang: str) -> str:
        """The name in ``lang``: French reports show ``name_fr``, falling back to ``name``,
        its « ; » and « : » held by no-break spaces as every French line of vendorlock
        (« Document Microsoft Word binaire (97-2003 ; aussi 6.0/95) » never breaks before « ; »)."""
        return french_spaces(self.name_fr or self.name) if str(lang) == "fr" else self.name


@dataclass(frozen=True)
class FormatEntry(_Named):
    """A data format with its openness class and identifiers (extensions, MIME, PRONOM)."""

    id: str
    name: str
    openness: Openness
    rgi_status: str
    extensions: tuple[str, ...]
    mime: tuple[str, ...]
    pronom: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str
    #: Every business application produces and reads it without a connector (print to PDF,
    #: attach a file): a flow in it survives a product switch even when the catalogue is silent.
    universal: bool = False
    #: Date (YYYY-MM-DD) the source was last read to confirm the entry; "" when not checked.
    checked: str = ""
    #: The French name ("Texte OpenDocument"); "" when a user's rules file gives none.
    name_fr: str = ""

    @property
    def is_open(self) -> bool:
        """Open standard or openly published specification: a competitor can implement it."""
        return self.openness in (Openness.OPEN_STANDARD, Openness.OPEN_SPECIFICATION)

    @property
    def closedness(self) -> float:
        """1.0 closed, 0.5 documented proprietary, 0.0 open; NaN when unknown (unknown is data)."""
        return _CLOSEDNESS[self.openness]


@dataclass(frozen=True)
class StandardEntry(_Named):
    """An exchange standard (PES V2, ACTES, SEDA...): who owns it and whether it is open."""

    id: str
    name: str
    domain: str
    owner: str
    open: bool
    formats: tuple[str, ...]
    mandatory: str
    aliases: tuple[str, ...]
    source: str
    checked: str = ""
    #: French name, where it differs from ``name`` (French reports and ``catalogue --lang fr``).
    name_fr: str = ""
    #: Who must use it, in French (``mandatory_fr``): ``mandatory`` is written in English.
    mandatory_fr: str = ""

    def obligation(self, lang: str) -> str:
        """Who must use the standard, since when, in ``lang`` (French spacing in French); the
        English text when no French one is given."""
        if str(lang) == "fr" and self.mandatory_fr:
            return french_spaces(self.mandatory_fr)
        return self.mandatory


@dataclass(frozen=True)
class PlatformEntry(_Named):
    """A national platform (Hélios, @ctes, Chorus Pro...) and the standards it pins."""

    id: str
    name: str
    owner: str
    standards: tuple[str, ...]
    formats: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str
    #: Its standards are alternatives for one exchange (Chorus Pro takes UBL, CII or Factur-X),
    #: so any of them carries a flow; when false each standard is its own obligation (Hélios).
    interchangeable: bool = False
    checked: str = ""
    #: French name, where it differs from ``name``.
    name_fr: str = ""


@dataclass(frozen=True)
class EditorEntry:
    """A software editor (vendor) and the corporate group concentration is computed at."""

    id: str
    name: str
    group: str | None
    country: str | None
    siren: str | None
    aliases: tuple[str, ...]
    source: str
    checked: str = ""
    #: Where the link to ``group`` comes from, and since when it holds (a year or a date).
    group_source: str = ""
    group_since: str = ""


@dataclass(frozen=True)
class ProductEntry(_Named):
    """A product on the market: editor, domains, licence and openness of its interfaces."""

    id: str
    name: str
    editor_id: str
    domains: tuple[str, ...]
    licence: str
    open_source: bool
    standards: tuple[str, ...]
    export_formats: tuple[str, ...]
    api: str | None
    hosting: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str
    #: Formats it reads on incoming flows; empty when the catalogue does not say.
    import_formats: tuple[str, ...] = ()
    checked: str = ""
    #: False for a tool a body runs beside its domain's suites (a viewer of their files, a
    #: converter): it is not one of the alternatives it could switch its suite to.
    alternative: bool = True
    #: French name, where ``name`` is not a brand every language writes alike ("PVe (logiciel
    #: de verbalisation électronique de l'ANTAI)" for "PVe (ANTAI electronic ticketing software)").
    name_fr: str = ""


@dataclass(frozen=True)
class DomainEntry:
    """A business domain of local government, with its labels in both languages."""

    id: str
    en: str
    fr: str
    aliases: tuple[str, ...]

    def label(self, lang: str) -> str:
        """The label in ``lang`` ("fr" or "en"; English for any other value)."""
        return self.fr if str(lang) == "fr" else self.en


@dataclass(frozen=True)
class LicenceEntry:
    """A licence (SPDX id where one exists) or a licensing model ("OEM", "SaaS") and its class.

    Inventories write licences every way ("GNU GPL v2", "Licence volume", "Abonnement"); the
    registry turns each into what the metrics read: ``proprietary``, or the SPDX id of an
    open-source licence.
    """

    id: str
    name: str
    category: LicenceCategory
    spdx: str | None
    aliases: tuple[str, ...]
    source: str
    checked: str = ""

    @property
    def value(self) -> str:
        """The licence column value: "proprietary", the SPDX id, or ``LicenseRef-<id>``."""
        if self.category is LicenceCategory.PROPRIETARY:
            return LicenceCategory.PROPRIETARY.value
        return self.spdx or f"LicenseRef-{self.id}"


Entry = (
    FormatEntry
    | StandardEntry
    | PlatformEntry
    | EditorEntry
    | ProductEntry
    | DomainEntry
    | LicenceEntry
)
