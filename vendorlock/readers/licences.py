"""Licence cells classified through the licence registry (``rules/licences.yaml``).

What a licence cell says matters for lock-in only as "proprietary" or "open source, under
which terms": the reader stores ``proprietary``, an SPDX id or expression (``GPL-3.0-or-later``,
``MIT OR Apache-2.0``), ``LicenseRef-<id>`` for an open-source licence with no SPDX id, or
nothing when the cell is empty, says it is not known, or names no licence the registry knows
(those last cells are reported, so an unknown licence is never silently taken as open source).
Work is done once per distinct cell.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from vendorlock.readers.values import map_unique_str
from vendorlock.registry import normalise_key
from vendorlock.registry.entries import Kind, LicenceCategory, LicenceEntry
from vendorlock.registry.registries import Registries

#: SPDX expression operators (and parentheses), also in French ("ou", "et"); a list separator
#: ("LGPL-2.1, LGPL-3.0" in the SILL) lists alternatives, read as OR.
_OPERATOR = re.compile(r"\s+(OR|AND|WITH|ou|et)\s+|\s*([,;])\s*|[()]", re.IGNORECASE)
#: "GPLv3+", "GPL-2.0+": the SPDX "+" means "this version or any later one".
_OR_LATER = re.compile(r"(?<=\d)\s*\+")

#: Result of one cell: the stored value (None when unknown) and whether it was understood.
Classified = tuple[str | None, bool]


def _entry(registries: Registries, text: str) -> LicenceEntry | None:
    found = registries.resolve(Kind.LICENCE, _OR_LATER.sub(" or later", text))
    return registries.licences.get(found) if found else None


def classify_licence(registries: Registries, unknown: frozenset[str], cell: str) -> Classified:
    """The licence value of one cell and whether the cell was understood (see module doc)."""
    key = normalise_key(cell)
    if not key or key in unknown:
        return None, True
    entry = _entry(registries, cell)
    if entry is not None:
        return entry.value, True
    return _expression(registries, cell)


def _expression(registries: Registries, cell: str) -> Classified:
    """An SPDX-style expression: ``OR`` is open when one side is, ``AND`` when all are.

    The part after ``WITH`` is a licence exception, kept as written.
    """
    pieces = [p for p in _OPERATOR.split(cell) if p is not None and p.strip()]
    if len(pieces) < 3:
        return None, False
    parts: list[str] = []
    opens: list[bool] = []
    ops: list[str] = []
    after_with = False
    for piece in pieces:
        word = piece.strip()
        if word.upper() in ("OR", "AND", "WITH", "OU", "ET", ",", ";"):
            op = {"OU": "OR", "ET": "AND", ",": "OR", ";": "OR"}.get(word.upper(), word.upper())
            after_with = op == "WITH"
            parts.append(op)
            if op != "WITH":
                ops.append(op)
            continue
        if after_with:
            parts.append(word)
            after_with = False
            continue
        entry = _entry(registries, word)
        if entry is None:
            return None, False
        parts.append(entry.value)
        opens.append(entry.category is LicenceCategory.OPEN_SOURCE)
    if not opens:
        return None, False
    is_open = any(opens) if ops and all(op == "OR" for op in ops) else all(opens)
    if not is_open:
        return LicenceCategory.PROPRIETARY.value, True
    return " ".join(parts), True


def classify_licences(
    registries: Registries, unknown: frozenset[str], text: pd.Series
) -> tuple[pd.Series, np.ndarray]:
    """Licence values of a text column and the mask of cells naming no known licence."""
    cache: dict[str, Classified] = {}

    def one(cell: str) -> Classified:
        if cell not in cache:
            cache[cell] = classify_licence(registries, unknown, cell)
        return cache[cell]

    values = map_unique_str(text, lambda c: one(c)[0])
    understood = map_unique_str(text, lambda c: "1" if one(c)[1] else None)
    bad = (text.notna() & understood.isna()).to_numpy(dtype=bool)
    return values, bad
