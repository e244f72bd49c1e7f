"""Column conversions the audit makes on every run, done per category or per distinct value
instead of per cell (same results as the pandas one-liners each docstring names)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd


def as_strings(column: pd.Series) -> np.ndarray:
    """``column.astype(str).to_numpy()`` of a categorical, converting its categories only."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        out: np.ndarray = column.astype(str).to_numpy()
        return out
    names = np.array([str(c) for c in column.cat.categories] + [np.nan], dtype=object)
    return names[column.cat.codes.to_numpy()]  # code -1 (missing) → NaN, as astype(str)


def categorical(values: np.ndarray) -> pd.Categorical:
    """``pd.Series(values, dtype="str").astype("category")`` for an object array of strings,
    factorised on the Python objects instead of through an Arrow string column (3x faster)."""
    codes, uniques = pd.factorize(values, sort=True)
    dtype = pd.CategoricalDtype(pd.Index(uniques, dtype="str"), ordered=False)
    return pd.Categorical.from_codes(codes, dtype=dtype)


def relabel(values: pd.Series, categories: Sequence[str]) -> pd.Categorical:
    """``pd.Categorical(values.astype(str), categories=categories)``, mapping a categorical's
    categories instead of converting every value to a string."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Categorical(values.astype(str), categories=categories)
    names = [str(c) for c in values.cat.categories]
    recode = np.append(pd.Index(categories).get_indexer(names), -1)
    return pd.Categorical.from_codes(recode[values.cat.codes.to_numpy()], categories=categories)


def per_category(values: pd.Series, func: Callable[[Any], Any]) -> list[Any]:
    """``[func(v) for v in values.tolist()]``, ``func`` called once per category."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return [func(v) for v in values.tolist()]
    mapped = [func(c) for c in values.cat.categories.tolist()] + [func(np.nan)]
    return [mapped[c] for c in values.cat.codes.tolist()]
