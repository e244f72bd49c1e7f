"""The loaded registries and the one place user text is resolved to registry ids.

Resolution is a dictionary lookup: at construction every id, name, alias (and, for formats,
extension) is normalised once with :func:`normalise_key` into one ``key → id`` dict per kind,
so resolving a million inventory cells costs one lookup per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.dtypes import STRING
from vendorlock.registry import normalise_key
from vendorlock.registry.entries import (
    DomainEntry,
    EditorEntry,
    Entry,
    FormatEntry,
    Kind,
    LicenceCategory,
    LicenceEntry,
    PlatformEntry,
    ProductEntry,
    StandardEntry,
)

#: The editor id of "we do not know who sells it".
UNKNOWN_EDITOR = "unknown"


@dataclass(frozen=True)
class AliasClash:
    """Two entries of one kind claiming the same normalised name or alias."""

    kind: Kind
    key: str
    id: str
    other: str


def _keys_of(kind: Kind, entry: Entry) -> tuple[str, ...]:
    """Names and aliases an entry answers to (ids and extensions are indexed apart)."""
    if isinstance(entry, DomainEntry):
        return (entry.en, entry.fr, *entry.aliases)
    if isinstance(entry, LicenceEntry):
        # the value the licence column stores (SPDX id, or LicenseRef-<id> for an open-source
        # licence with none) reads back as the entry: an exported inventory re-reads the same
        own = entry.spdx or (entry.value if entry.category is LicenceCategory.OPEN_SOURCE else "")
        return (own, entry.name, *entry.aliases) if own else (entry.name, *entry.aliases)
    if isinstance(entry, ProductEntry | FormatEntry | StandardEntry | PlatformEntry) and (
        entry.name_fr
    ):
        # a French report writes the French name (a product column, a format, a standard):
        # read back, or looked up in the catalogue, it is the same entry
        return (entry.name, entry.name_fr, *entry.aliases)
    return (entry.name, *entry.aliases)


def build_index(kind: Kind, entries: Iterable[Entry]) -> tuple[dict[str, str], list[AliasClash]]:
    """``normalise_key(text) → id`` for one kind, and the clashes found while building it.

    Priority: ids first, then names and aliases (two entries sharing one is a clash), then —
    formats only — extensions, which never override a name: an extension shared by several
    formats goes to the format whose id equals it, else to the first format listing it in
    registry order (generic formats are listed before their profiles: ``pdf`` before ``pdfa2``,
    ``tiff`` before ``geotiff``).
    """
    ordered = list(entries)
    index: dict[str, str] = {}
    clashes: list[AliasClash] = []
    for entry in ordered:
        index[normalise_key(entry.id)] = entry.id
    for entry in ordered:
        for text in _keys_of(kind, entry):
            key = normalise_key(text)
            if not key:
                continue
            owner = index.setdefault(key, entry.id)
            if owner != entry.id:
                clashes.append(AliasClash(kind, key, entry.id, owner))
    for entry in ordered:
        if isinstance(entry, FormatEntry):
            for ext in entry.extensions:
                key = normalise_key(ext)
                if key:
                    index.setdefault(key, entry.id)
    return index, clashes


#: Legal forms by token count: ``{1: {("sas",), ("s", "a", "s")...}, 2: {("scop", "sa")}, ...}``.
LegalForms = tuple[tuple[int, frozenset[tuple[str, ...]]], ...]


def _legal_form_patterns(forms: Iterable[str]) -> LegalForms:
    """Token sequences of legal forms grouped by length, longest first.

    "sas" also matches "S.A.S." (normalised to the tokens s, a, s).
    """
    by_length: dict[int, set[tuple[str, ...]]] = {}
    for form in forms:
        tokens = tuple(normalise_key(form).split())
        variants = [tokens] if tokens else []
        if len(tokens) == 1 and tokens[0].isalpha() and 2 <= len(tokens[0]) <= 5:
            variants.append(tuple(tokens[0]))
        for variant in variants:
            by_length.setdefault(len(variant), set()).add(variant)
    return tuple((n, frozenset(p)) for n, p in sorted(by_length.items(), reverse=True))


def strip_legal_forms(key: str, patterns: LegalForms) -> str:
    """Remove legal forms (SAS, SARL, GmbH...) at either end of a normalised name.

    A name made only of a legal form is kept as is rather than emptied.
    """
    tokens = key.split()
    changed = True
    while changed:
        changed = False
        for n, forms in patterns:
            if len(tokens) > n and tuple(tokens[-n:]) in forms:
                tokens = tokens[:-n]
                changed = True
            elif len(tokens) > n and tuple(tokens[:n]) in forms:
                tokens = tokens[n:]
                changed = True
    return " ".join(tokens)


def _map_unique(
    values: pd.Series, func: Callable[[object], str | None], missing: str | None = None
) -> pd.Series:
    """Apply ``func`` once per distinct non-missing value and spread the results (string dtype)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = np.array([*(func(u) for u in uniques), missing], dtype=object)
    return pd.Series(results[codes], index=values.index, dtype=STRING, name=values.name)


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return mapping if isinstance(mapping, MappingProxyType) else MappingProxyType(dict(mapping))


@dataclass(frozen=True, eq=False)
class Registries:
    """Every reference registry, loaded and indexed; immutable and safe to share.

    Mappings keep registry order (shipped files first, then overlays). Use
    :func:`vendorlock.registry.load_registries` rather than building one by hand.
    """

    formats: Mapping[str, FormatEntry]
    standards: Mapping[str, StandardEntry]
    platforms: Mapping[str, PlatformEntry]
    editors: Mapping[str, EditorEntry]
    products: Mapping[str, ProductEntry]
    domains: Mapping[str, DomainEntry]
    version: str
    #: Legal forms stripped from editor names before slugging (from ``rules/editors.yaml``).
    legal_forms: tuple[str, ...] = ()
    #: Editor names meaning "not known" ("", "inconnu", "?"...), normalised.
    unknown_names: frozenset[str] = frozenset({"", "unknown"})
    #: Licences and licensing models (``rules/licences.yaml``).
    licences: Mapping[str, LicenceEntry] = field(default_factory=dict)
    _index: Mapping[Kind, Mapping[str, str]] = field(init=False, repr=False)
    _clashes: tuple[AliasClash, ...] = field(init=False, repr=False)
    _legal_patterns: LegalForms = field(init=False, repr=False)
    _by_domain: Mapping[str, tuple[ProductEntry, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for name in (
            "formats",
            "standards",
            "platforms",
            "editors",
            "products",
            "domains",
            "licences",
        ):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        index: dict[Kind, Mapping[str, str]] = {}
        clashes: list[AliasClash] = []
        for kind in Kind:
            built, found = build_index(kind, self.entries(kind).values())
            index[kind] = MappingProxyType(built)
            clashes.extend(found)
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_clashes", tuple(clashes))
        object.__setattr__(self, "_legal_patterns", _legal_form_patterns(self.legal_forms))
        by_domain: dict[str, list[ProductEntry]] = {}
        for product in self.products.values():
            if not product.alternative:  # a tool beside the suites, not one to switch to
                continue
            for domain in product.domains:
                by_domain.setdefault(domain, []).append(product)
        object.__setattr__(
            self,
            "_by_domain",
            MappingProxyType(
                {d: tuple(sorted(ps, key=lambda p: p.id)) for d, ps in by_domain.items()}
            ),
        )

    # -- access -------------------------------------------------------------------------------

    def entries(self, kind: Kind) -> Mapping[str, Entry]:
        """The registry of one kind, by id."""
        table: Mapping[Kind, Mapping[str, Any]] = {
            Kind.FORMAT: self.formats,
            Kind.STANDARD: self.standards,
            Kind.PLATFORM: self.platforms,
            Kind.EDITOR: self.editors,
            Kind.PRODUCT: self.products,
            Kind.DOMAIN: self.domains,
            Kind.LICENCE: self.licences,
        }
        return table[kind]

    @property
    def alias_clashes(self) -> tuple[AliasClash, ...]:
        """Names or aliases claimed by two entries of one kind (the loader refuses these)."""
        return self._clashes

    def alias_index(self, kind: Kind) -> Mapping[str, str]:
        """The ``normalise_key(text) → id`` index of one kind (read-only)."""
        return self._index[kind]

    # -- resolution ---------------------------------------------------------------------------

    def resolve(self, kind: Kind, text: object) -> str | None:
        """Registry id named by ``text`` (id, name, alias or, for formats, extension), or None.

        Case, accents and punctuation do not matter: ".DOCX", "Word 2016" and "ooxml" all
        resolve to ``docx``.
        """
        if text is None or (not isinstance(text, str) and pd.isna(text)):
            return None
        key = normalise_key(text)
        return self._index[kind].get(key) if key else None

    def resolve_series(self, kind: Kind, values: pd.Series) -> pd.Series:
        """Vectorised :meth:`resolve`: each distinct value is resolved once; ``<NA>`` if unknown."""
        return _map_unique(values, lambda value: self.resolve(kind, value))

    def editor_id_for(self, name: object) -> str:
        """Editor id for a name as users write it; never empty.

        A known name or alias gives its id; otherwise the slug of the name without its legal
        form ("DUPONT INFORMATIQUE SARL" → ``dupont-informatique``), so the same editor written
        two ways still groups together. Empty or "inconnu"-like names give ``unknown``.
        """
        if name is None or (not isinstance(name, str) and pd.isna(name)):
            return UNKNOWN_EDITOR
        key = normalise_key(name)
        if key in self.unknown_names or not key:
            return UNKNOWN_EDITOR
        index = self._index[Kind.EDITOR]
        hit = index.get(key)
        if hit is not None:
            return hit
        stripped = strip_legal_forms(key, self._legal_patterns)
        hit = index.get(stripped)
        if hit is not None:
            return hit
        return stripped.replace(" ", "-")

    def editor_ids_for(self, names: pd.Series) -> pd.Series:
        """Vectorised :meth:`editor_id_for`: each distinct name once; missing names → unknown."""
        return _map_unique(names, self.editor_id_for, missing=UNKNOWN_EDITOR)

    def group_of(self, editor_id: str) -> str:
        """Corporate group id of an editor, or the editor id itself when it has no group."""
        entry = self.editors.get(editor_id)
        if entry is not None and entry.group:
            return entry.group
        return editor_id

    def products_for_domain(self, domain: str) -> tuple[ProductEntry, ...]:
        """Products serving a domain, sorted by id (the alternatives a body could switch to)."""
        return self._by_domain.get(domain, ())
