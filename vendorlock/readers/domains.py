"""The business domain of each application, written or inferred.

Inventories often have no domain column, or one holding "RH / Paie", "DRH" or the name of a
department. A written domain is resolved through the domain registry, a compound cell to the
first part the registry knows ("Urbanisme / ADS" → urban planning, "État civil - Élections" →
civil registry: people write the main domain first). A missing or unrecognised domain is then
inferred: from the product catalogue when the product (or the application's name) is a known
product, else from keywords (``connectors/domain_keywords.yaml``) found in the name, the product,
the unrecognised domain cell and descriptive extra columns, else it is ``unassigned`` and
reported. Work is one regex pass per domain over the rows still without a domain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.model.portfolio import UNASSIGNED_DOMAIN
from vendorlock.readers.values import arrow_text, map_unique_str, normalise_keys
from vendorlock.registry import normalise_key
from vendorlock.registry.entries import Kind
from vendorlock.registry.registries import Registries
from vendorlock.yamlio import load_yaml

#: The domain of an application whose domain is neither written nor inferable.
UNASSIGNED = UNASSIGNED_DOMAIN
#: Separators between the parts of a compound domain cell ("RH / Paie", "État civil - Élections").
_COMPOUND = re.compile(r"\s*(?:[/,;|+&>\n]|\s-\s|\s(?:et|and|ou|or)\s)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class DomainKeywords:
    """Per domain (file order), one regex over normalised text; header words of extra columns."""

    patterns: tuple[tuple[str, str], ...] = ()
    columns: frozenset[str] = frozenset()

    def wants(self, header: str) -> bool:
        """Whether an extra column's header says it describes the application."""
        words = set(normalise_key(header.removeprefix("extra:")).split())
        return bool(words & self.columns)


def _keyword_regex(words: Iterable[object]) -> str | None:
    alternatives = []
    for word in words:
        text = str(word).strip()
        prefix = text.endswith("*")
        key = normalise_key(text.rstrip("*"))
        if key:
            alternatives.append(
                re.escape(key).replace("\\ ", " ") + ("[a-z0-9]*" if prefix else "")
            )
    if not alternatives:
        return None
    return rf"(?:^| )(?:{'|'.join(sorted(alternatives, key=len, reverse=True))})(?: |$)"


def load_domain_keywords(path: Path) -> DomainKeywords:
    """Read ``domain_keywords.yaml`` (an absent file infers nothing from keywords)."""
    if not path.is_file():
        return DomainKeywords()
    data: Mapping[str, Any] = load_yaml(path) or {}
    patterns = []
    for domain, words in (data.get("domains") or {}).items():
        regex = _keyword_regex(words or ())
        if regex is not None:
            patterns.append((str(domain), regex))
    columns = frozenset(normalise_key(c) for c in data.get("columns") or () if normalise_key(c))
    return DomainKeywords(tuple(patterns), columns)


def resolve_domain(registries: Registries, text: str) -> str | None:
    """Domain id of a cell: the whole text, else the first part of a compound cell known."""
    found = registries.resolve(Kind.DOMAIN, text)
    if found is not None:
        return found
    for part in _COMPOUND.split(text):
        if part and part.strip():
            found = registries.resolve(Kind.DOMAIN, part)
            if found is not None:
                return found
    return None


def resolve_domains(registries: Registries, text: pd.Series) -> pd.Series:
    """:func:`resolve_domain` once per distinct cell (``<NA>`` when none is known)."""
    return map_unique_str(text, lambda cell: resolve_domain(registries, cell))


def _catalogue_domain(registries: Registries, text: str) -> str | None:
    product = registries.resolve(Kind.PRODUCT, text)
    entry = registries.products.get(product) if product else None
    return entry.domains[0] if entry is not None and entry.domains else None


def infer_domains(
    registries: Registries,
    keywords: DomainKeywords,
    domain: pd.Series,
    by_product: Iterable[pd.Series],
    texts: Iterable[pd.Series],
) -> tuple[pd.Series, np.ndarray]:
    """Domains with the missing ones inferred, and the mask of rows left ``unassigned``.

    ``by_product`` are the columns tried against the catalogue (product, then name); ``texts``
    the columns searched for keywords.
    """
    out = domain.astype("string").copy()
    for column in by_product:
        todo = out.isna().to_numpy()
        if not todo.any():
            break
        found = map_unique_str(
            column[todo].astype("string"), lambda u: _catalogue_domain(registries, u)
        )
        out[todo] = found.to_numpy()
    todo = out.isna().to_numpy()
    if todo.any() and keywords.patterns:
        joined = _joined_keys([c[todo] for c in texts])
        if joined is not None:
            guess = pa.nulls(len(joined), pa.large_string())
            for domain_id, regex in keywords.patterns:
                hit = pc.fill_null(pc.match_substring_regex(joined, regex), False)
                open_rows = pc.and_(hit, pc.is_null(guess))
                guess = pc.if_else(open_rows, pa.scalar(domain_id, pa.large_string()), guess)
            out[todo] = pd.array(guess, dtype="string").to_numpy(na_value=pd.NA)
    unassigned = out.isna().to_numpy()
    out[unassigned] = UNASSIGNED
    return out, unassigned


def _joined_keys(columns: list[pd.Series]) -> pa.Array | None:
    """The normalised text of several columns, joined by a space per row (one arrow array)."""
    if not columns:
        return None
    keys = [arrow_text(normalise_keys(c.astype("string")).fillna("")) for c in columns]
    return pc.binary_join_element_wise(*keys, pa.scalar(" ", pa.large_string()))
