"""Stable ids for rows the user gave no id: derived from what identifies them, in row order.

Derived ids must not change from one run to the next, so they depend only on the row's content
and order: ``<org>-<name slug>``, then ``-2``, ``-3``… for later rows deriving the same id, and
never an id the user already wrote.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from vendorlock.dtypes import STRING
from vendorlock.readers.values import arrow_text, has_duplicates, slug_array


def slug_series(text: pd.Series) -> pd.Series:
    """:func:`vendorlock.registry.slugify` of each value, vectorised ("x" when nothing is left)."""
    slugs = slug_array(arrow_text(text))
    return pd.Series(pd.array(slugs, dtype=STRING), index=text.index)


def derive_ids(
    given: pd.Series,
    base: pd.Series | Callable[[], pd.Series],
    base_unique: bool = False,
) -> pd.Series:
    """``given`` with its gaps filled from ``base``, suffixed ``-2``, ``-3``… so all are unique.

    Ids the user wrote are never changed (duplicates among them are reported elsewhere).
    ``base_unique`` says the caller knows ``base`` holds no duplicate (skips a hash pass).
    ``base`` may be a function giving it: called only when an id is missing (an inventory that
    writes every id pays nothing for the slugs and joins it is built from).
    """
    given = given.astype(STRING)
    need = given.isna()
    if not need.any():
        return given
    if callable(base):
        base = base()
    if need.all():
        b = base.astype(STRING).fillna("x")
        if (base_unique and not base.isna().any()) or not has_duplicates(b):
            return b  # the common case: no id given, every base distinct
    else:
        b = base[need].astype(STRING).fillna("x")
    codes = pd.Series(pd.factorize(b)[0], index=b.index)
    rank = codes.groupby(codes, sort=False).cumcount() + 1
    cand = b.where(rank == 1, b + "-" + rank.astype(STRING))
    taken = set(given.dropna().tolist())
    clash = cand.isin(taken) | pd.Series(pd.factorize(cand)[0], index=cand.index).duplicated()
    if clash.any():
        used = taken | set(cand[~clash].tolist())
        fixed = []
        for stem in b[clash].tolist():
            k = 2
            while f"{stem}-{k}" in used:
                k += 1
            used.add(f"{stem}-{k}")
            fixed.append(f"{stem}-{k}")
        cand[clash] = fixed
    out = given.copy()
    out[need] = cand
    return out
