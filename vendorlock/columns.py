"""Column conversions the audit makes on every run, done column-wise instead of per cell (same
results as the pandas one-liners each docstring names). Work done once per distinct value or
category lives in :mod:`vendorlock.distinct`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd


def positions(index: pd.Index, ids: Sequence[Any]) -> np.ndarray:
    """Positions of ``ids`` in ``index`` (unique), what ``.loc[ids]`` selects; ``KeyError``
    naming the first missing ids, as ``.loc`` would, rather than ``get_indexer``'s ``-1``
    silently reading the last row."""
    pos = index.get_indexer(ids)
    if len(pos) and pos.min() < 0:
        raise KeyError([i for i, p in zip(ids, pos.tolist(), strict=True) if p < 0][:5])
    return pos


def as_strings(column: pd.Series) -> np.ndarray:
    """``column.astype(str).to_numpy()`` of a categorical, converting its categories only."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        out: np.ndarray = column.astype(str).to_numpy()
        return out
    names = np.array([str(c) for c in column.cat.categories] + [np.nan], dtype=object)
    return names[column.cat.codes.to_numpy()]  # code -1 (missing) → NaN, as astype(str)


def objects(column: pd.Series) -> np.ndarray:
    """``column.astype(object)`` with missing values as None, as an array: a string column's
    ``to_numpy(object)`` is ~10× faster than its ``astype(object)``."""
    if isinstance(column.dtype, pd.StringDtype):
        strings: np.ndarray = column.to_numpy(dtype=object, na_value=None)
        return strings
    values: np.ndarray = column.astype(object).to_numpy().copy()
    values[pd.isna(values)] = None
    return values


def categorical(values: np.ndarray) -> pd.Categorical:
    """``pd.Series(values, dtype="str").astype("category")`` for an object array of strings,
    factorised on the Python objects instead of through an Arrow string column (3x faster)."""
    codes, uniques = pd.factorize(values, sort=True)
    dtype = pd.CategoricalDtype(pd.Index(uniques, dtype="str"), ordered=False)
    return pd.Categorical.from_codes(codes, dtype=dtype)


def unique_rows(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(flags, axis=0, return_inverse=True)`` of a 2-D bool array (same sorted
    rows, same inverse), each row packed into one integer key: a 1-D unique, not a sort of
    structured rows (~10x faster)."""
    n, k = flags.shape
    if k > 62 or n == 0:
        patterns, inverse = np.unique(flags, axis=0, return_inverse=True)
        return patterns, inverse.reshape(-1)
    # first column the most significant bit: integer order is the rows' lexicographic order
    weights = np.left_shift(np.int64(1), np.arange(k - 1, -1, -1, dtype=np.int64))
    keys = flags.astype(np.int64) @ weights
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return flags[first], inverse.reshape(-1)


def rounded(values: Any, digits: int) -> np.ndarray:
    """Python's correctly rounded ``round(x, digits)`` over an array, non-finite values kept.

    numpy's ``rint(x * 10**digits) / 10**digits`` agrees with ``round`` except where the
    scaled value lies within rounding error of a half, where the exact decimal value of the
    float decides. Those few values (within a few units in the last place of a half; scaled
    values beyond 2**52, whose fraction the float has lost) are rounded with ``round`` itself,
    the others column-wise: the audit document and the group tables match ``round`` to the bit.
    (A tolerance relative to the value, not to its last place, sent every amount of a million
    or more through ``round``, one Python call per application.)
    """
    arr = np.asarray(values, dtype="float64")
    scale = 10.0**digits
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = arr * scale
        out = np.rint(scaled) / scale
        size = np.abs(scaled)
        # the product and the fraction are each within half a unit in the last place
        tolerance = 8 * np.spacing(np.maximum(1.0, size))
        near_half = np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) <= tolerance
        unsure = near_half | ~(size < 2.0**52)
    for i in np.flatnonzero(unsure & np.isfinite(arr)).tolist():
        out[i] = round(float(arr[i]), digits)
    out[~np.isfinite(arr)] = arr[~np.isfinite(arr)]
    return out


def python_round(values: np.ndarray, digits: int) -> list[float]:
    """``[round(float(v), digits) for v in values]``: :func:`rounded` as a list."""
    result: list[float] = rounded(values, digits).tolist()
    return result


def frame_of(columns: Mapping[str, Any], index: pd.Index) -> pd.DataFrame:
    """``pd.DataFrame(columns, index=index)``: when every column is a 1-D numpy array of one
    dtype and of the index's length, built as the one block the dict constructor would
    consolidate them into (the same C-ordered columns × rows array), without its checks per
    column (~0.1 ms for twenty columns of 2,000 rows); any other mix goes to the constructor."""
    arrays = list(columns.values())
    first = arrays[0] if arrays else None
    if not (
        isinstance(first, np.ndarray)
        and all(
            isinstance(a, np.ndarray)
            and a.ndim == 1
            and a.dtype == first.dtype
            and len(a) == len(index)
            for a in arrays
        )
        and first.dtype.kind in "fiub"
    ):
        return pd.DataFrame(columns, index=index)
    block = np.vstack(arrays)
    return pd.DataFrame(block.T, index=index, columns=list(columns), copy=False)
