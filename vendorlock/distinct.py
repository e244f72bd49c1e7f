"""Work done once per distinct value of a column, not once per value: the one module for it.

Report and JSON columns repeat few values (organisations, levels, editors, rounded numbers,
sentences), and so do the audit's inventory columns (formats, clause lists, node ids):
rendering, rounding, encoding or scoring each distinct value once and taking the results by
value in C is what keeps the audit and the writers fast. Two halves:

- **lists** (Python values, as the writers hold them): :func:`per_distinct`, :func:`distinct`,
  :func:`memo_loop`, taking results by value in C (``dict.fromkeys``, ``map`` over a dict);
- **pandas Series** (the audit's columns): :func:`map_distinct`, :func:`per_category`,
  :func:`relabel`, :func:`float_per_distinct`, through ``pd.factorize`` or a categorical's
  categories.

The list half's rules:

- values of different types stay apart (``True``, ``1`` and ``1.0`` are equal in Python but
  are written differently): a column mixing types is keyed by ``(type, value)``;
- ``0.0`` and ``-0.0`` are equal keys but are written differently, and an unhashable value
  (a list in an AUTO column) cannot be a key: such columns are done value by value.

Used by :mod:`vendorlock.jsonio` (audit.json's columns), :mod:`vendorlock.reports.cells`
(the writers' cells), the audit (:mod:`vendorlock.audit`, :mod:`vendorlock.audit_doc`) and the
metrics. numpy and pandas are imported where they are needed, not here: ``jsonio`` is on the
path of commands whose ``--help`` must not load them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd


def distinct_keys(values: Sequence[Any], types: set[type]) -> Sequence[Any] | None:
    """The dict keys telling ``values`` apart: the values, or ``(type, value)`` when several
    types (besides ``None``) are mixed; None when a zero is among them (``0.0`` and ``-0.0``
    are equal keys but are written differently) or a value is unhashable."""
    others = types - {type(None)}
    keys: Sequence[Any] = values
    if len(others) > 1:
        keys = list(zip(map(type, values), values, strict=True))
    try:
        zero = float in others and (0.0 in keys if keys is values else (float, 0.0) in keys)
    except TypeError:
        return None
    if zero:
        if others != {float}:
            return None
        import numpy as np  # here, not at import: group commands' --help must not load numpy

        column = np.array(values, dtype=float)  # None → NaN
        if (np.signbit(column) & (column == 0)).any():
            return None
    return keys


#: What :func:`first_seen` finds: each value's key, the distinct keys (first appearance order)
#: and the distinct values in that order.
Found = tuple[Sequence[Any], dict[Any, None], list[Any]]


def first_seen(values: Sequence[Any], types: set[type]) -> Found | None:
    """``values``' keys (:func:`distinct_keys`), the distinct keys in order of first
    appearance and the distinct values in that order; None when the column must be done
    value by value. ``types``: the types of ``values`` (callers often have them already)."""
    keys = distinct_keys(values, types)
    if keys is None:
        return None
    try:
        firsts = dict.fromkeys(keys)
    except TypeError:
        return None
    return keys, firsts, list(firsts) if keys is values else [k[1] for k in firsts]


def per_distinct(values: Sequence[Any], func: Callable[[Any], Any]) -> list[Any]:
    """``[func(v) for v in values]`` computed once per distinct value (rounding, cleaning a
    column that repeats few values), the results taken by value in C."""
    found = first_seen(values, set(map(type, values)))
    if found is None:
        return [func(v) for v in values]
    return by_value(found, map(func, found[2]))


def by_value(found: Found, results: Iterable[Any]) -> list[Any]:
    """Each value's result, from ``results`` (one per distinct value, in :func:`first_seen`'s
    order), taken by key in C."""
    keys, firsts, _ = found
    table = dict(zip(firsts, results, strict=True))
    return list(map(table.__getitem__, keys))


@dataclass(frozen=True)
class Distinct:
    """A column's distinct values (first appearance order), each value's index among them,
    and the types of the values besides ``None``."""

    uniques: list[Any]
    codes: np.ndarray
    types: frozenset[type]


def distinct(values: Sequence[Any]) -> Distinct | None:
    """The distinct values of a column in order of first appearance, and each value's index
    among them (``None`` when the column must be done value by value: see the module's
    rules). Every step runs in C (``dict.fromkeys``, ``map``, ``np.fromiter``): no Python
    bytecode per cell."""
    import numpy as np

    types = set(map(type, values))
    found = first_seen(values, types)
    if found is None:
        return None
    keys, firsts, uniques = found
    index = dict(zip(firsts, range(len(firsts)), strict=True))
    # int32 indices: half the memory of the writers' column pass (kept while a table is
    # written by both workbooks), as fast to take by
    dtype = np.int32 if len(firsts) < 2**31 else np.intp
    codes = np.fromiter(map(index.__getitem__, keys), dtype=dtype, count=len(keys))
    types.discard(type(None))
    return Distinct(uniques, codes, frozenset(types))


def memo_loop(
    values: Sequence[Any], render: Callable[[Any], str], memo: dict[Any, str] | None = None
) -> list[str]:
    """The per-cell loop for a column with an unhashable value (a list in an AUTO column), a
    signed zero, or (HTML chunks) several types: each hashable value rendered once (keyed with
    its type, in ``memo`` when given), each unhashable one and each float zero as it comes."""
    if memo is None:  # a caller rendering a table by chunks keeps one memo across them
        memo = {}
    out: list[str] = []
    for v in values:
        if v.__class__ is float and v == 0.0:  # 0.0 and -0.0: equal keys, different texts
            out.append(render(v))
            continue
        key = v if v.__class__ is str else (v.__class__, v)
        try:
            text = memo.get(key)
            if text is None:
                text = memo[key] = render(v)
        except TypeError:
            text = render(v)
        out.append(text)
    return out


# -- pandas Series -----------------------------------------------------------------------------


def map_distinct(series: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """``series.map(func)``, ``func`` called once per distinct value (missing included)."""
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = pd.Series(uniques).map(func)
    return pd.Series(mapped.array.take(codes), index=series.index, name=series.name)


def float_per_distinct(values: pd.Series, func: Callable[[Any], float]) -> npt.NDArray[np.float64]:
    """``func`` of each non-missing cell as a float array, computed once per distinct cell;
    NaN for missing cells (a metric over multi-valued format cells: a million applications
    use a few hundred combinations)."""
    import math

    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.array([func(u) for u in uniques] + [math.nan], dtype=np.float64)
    out: npt.NDArray[np.float64] = table[np.where(codes < 0, len(uniques), codes)]
    return out


def per_category(values: pd.Series, func: Callable[[Any], Any]) -> list[Any]:
    """``[func(v) for v in values.tolist()]``, ``func`` called once per category."""
    import numpy as np
    import pandas as pd

    if not isinstance(values.dtype, pd.CategoricalDtype):
        return [func(v) for v in values.tolist()]
    mapped = [func(c) for c in values.cat.categories.tolist()] + [func(np.nan)]
    return [mapped[c] for c in values.cat.codes.tolist()]


def relabel(values: pd.Series, categories: Sequence[str]) -> pd.Categorical:
    """``pd.Categorical(values.astype(str), categories=categories)``, mapping a categorical's
    categories (each once) instead of converting every value to a string."""
    import numpy as np
    import pandas as pd

    if not isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Categorical(values.astype(str), categories=categories)
    names = [str(c) for c in values.cat.categories]
    recode = np.append(pd.Index(categories).get_indexer(names), -1)
    return pd.Categorical.from_codes(recode[values.cat.codes.to_numpy()], categories=categories)
