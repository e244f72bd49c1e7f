"""Group-by reductions over precomputed integer group codes, without pandas' per-call cost.

The audit sums a dozen columns per (organisation, editor), (organisation, group) and
organisation — on one body's 2,000 applications, pandas' ``DataFrame.groupby`` spends ~0.3 ms
of bookkeeping per reduction (index building, dtype dispatch, result wrapping) for
microseconds of arithmetic, and the rollup alone made ~40 of them. :class:`Grouping`
factorises the keys once and runs each reduction straight on numpy arrays.

Sums and means add in the order pandas does, so every total keeps its last bit (then rounded,
compared with a level threshold, published): like pandas 3.1, ``np.add.reduceat`` over the
groups when the rows come sorted by group and hold no NaN, else pandas' own Kahan-compensated
Cython kernels (``group_sum`` / ``group_mean``). A plain ``np.bincount`` adds in yet another
order. Tests pin every reduction to the ``groupby`` it replaces. Those kernels are private to
pandas: a pandas that moves or changes them gets a ``groupby`` instead (same figures, pandas'
per-call cost), never an error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

try:
    from pandas._libs import groupby as _kernels
except ImportError:  # pragma: no cover - a pandas without them: groupby below
    _kernels = None


def _sorted_unique(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(codes, return_inverse=True)`` of non-negative integer codes (the inverse
    flat, as ``intp``). Codes no larger than a few times their count (a portfolio's
    organisation × editor codes) are found with a bincount, no sort: numpy's unique sorts,
    ~0.1 ms on a few thousand rows, several times a rollup."""
    size = int(codes.max()) + 1 if len(codes) else 0
    if size > 4 * len(codes) + 1024:
        found, inverse = np.unique(codes, return_inverse=True)
        return found, inverse.reshape(-1).astype(np.intp)
    present = np.bincount(codes, minlength=size) > 0
    found = np.flatnonzero(present).astype(codes.dtype, copy=False)
    rank = np.cumsum(present, dtype=np.intp) - 1
    return found, rank[codes]


@dataclass(frozen=True)
class Factor:
    """A key column factorised as :meth:`Grouping.of` needs it: each row's code (−1:
    missing) into ``uniques``, sorted."""

    codes: np.ndarray
    uniques: np.ndarray
    missing: bool

    @classmethod
    def of(cls, column: np.ndarray | pd.Series | pd.Categorical) -> Factor:
        code, unique = pd.factorize(np.asarray(column, dtype=object), sort=True)
        missing = bool(len(code) and code.min() < 0)
        return cls(code.astype(np.int64), np.asarray(unique, dtype=object), missing)


@dataclass(frozen=True)
class Grouping:
    """Rows → groups: ``labels[i]`` is row i's group (0 … ``ngroups`` − 1; −1: the row is in
    none, a missing key dropped), groups in the sorted order of their keys (what
    ``groupby(sort=True, observed=True)`` gives); ``keys`` holds each group's key values, one
    array per key column."""

    labels: np.ndarray
    ngroups: int
    keys: tuple[np.ndarray, ...]

    @classmethod
    def of(
        cls, *columns: np.ndarray | pd.Series | pd.Categorical, dropna: bool = False
    ) -> Grouping | None:
        """The grouping of the rows by ``columns`` (strings). A row with a missing key is in
        no group with ``dropna`` (``groupby``'s default); without it the grouping is None
        (callers then keep pandas, whose missing-key rules differ from call to call)."""
        return cls.of_factors(*(Factor.of(column) for column in columns), dropna=dropna)

    @classmethod
    def of_factors(cls, *factors: Factor, dropna: bool = False) -> Grouping | None:
        """:meth:`of` from the key columns' :class:`Factor` s: a column shared by several
        groupings (the organisation of the editor, group and organisation tables) is
        factorised once."""
        codes: list[np.ndarray] = []
        uniques: list[np.ndarray] = []
        for factor in factors:
            if factor.missing and not dropna:
                return None
            codes.append(factor.codes)
            uniques.append(factor.uniques)
        if not codes:
            raise ValueError("Grouping.of needs at least one key column")
        missing = np.zeros(len(codes[0]), dtype=bool)
        for code in codes:
            missing |= code < 0
        combined = codes[0]
        for code, unique in zip(codes[1:], uniques[1:], strict=True):
            combined = combined * max(len(unique), 1) + code
        # composite codes keep the keys' lexicographic order: unique sorts them as groupby does
        found, inverse = _sorted_unique(combined[~missing])
        labels = np.full(len(combined), -1, dtype=np.intp)
        labels[~missing] = inverse
        keys = []
        rest = found
        for unique in reversed(uniques[1:]):
            size = max(len(unique), 1)
            keys.append(unique[rest % size])
            rest = rest // size
        keys.append(uniques[0][rest])
        return cls(labels, len(found), tuple(reversed(keys)))

    @classmethod
    def of_codes(cls, *codes: np.ndarray) -> Grouping:
        """The grouping by integer ``codes`` (each ≥ 0), groups in their numeric order:
        ``keys`` holds each group's codes."""
        sizes = [int(c.max()) + 1 if len(c) else 1 for c in codes]
        combined = np.zeros(len(codes[0]), dtype=np.int64)
        for code, size in zip(codes, sizes, strict=True):
            combined = combined * size + code
        found, inverse = _sorted_unique(combined)
        keys = []
        rest = found
        for size in reversed(sizes[1:]):
            keys.append(rest % size)
            rest = rest // size
        keys.append(rest)
        return cls(inverse, len(found), tuple(reversed(keys)))

    def _segments(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """(groups present, their sums) the way pandas 3.1's sorted fast path makes them
        (``np.add.reduceat`` over runs of one group), or None when pandas would not take it:
        rows not sorted by group (dropped rows first), a NaN, or no row."""
        labels = self.labels
        if not len(labels) or not bool((labels[1:] >= labels[:-1]).all()):
            return None
        skip = int((labels < 0).sum())
        if skip == len(labels) or np.isnan(values).any():
            return None
        kept = labels[skip:]
        starts = np.flatnonzero(np.r_[True, kept[1:] != kept[:-1]])
        summed: np.ndarray = np.add.reduceat(values[skip:], starts)
        return kept[starts], summed

    def _in(self) -> np.ndarray:
        return self.labels[self.labels >= 0]

    def size(self) -> np.ndarray:
        """Rows per group (int64), ``groupby(...).size()``."""
        return np.bincount(self._in(), minlength=self.ngroups).astype(np.int64)

    def count(self, values: np.ndarray) -> np.ndarray:
        """Non-NaN values per group, ``groupby(...)[c].count()``."""
        rows = self.labels[(self.labels >= 0) & ~np.isnan(values)]
        return np.bincount(rows, minlength=self.ngroups).astype(np.int64)

    def sum(self, values: np.ndarray, min_count: int = 0) -> np.ndarray:
        """``groupby(...)[c].sum(min_count=...)`` of a float64 column (NaN skipped): NaN where
        a group has fewer than ``min_count`` known values."""
        column = np.ascontiguousarray(values, dtype=np.float64)
        fast = self._segments(column)
        if fast is not None:
            present, summed = fast
            out = np.zeros(self.ngroups, dtype=np.float64)
            out[present] = summed
            if min_count > 0:
                out[self.size() < min_count] = np.nan
            return out
        return self._kernel(column, "sum", min_count)

    def sum_bool(self, values: np.ndarray) -> np.ndarray:
        """``groupby(...)[c].sum()`` of a bool column: how many are true (int64)."""
        rows = self.labels[values & (self.labels >= 0)]
        return np.bincount(rows, minlength=self.ngroups).astype(np.int64)

    def all(self, values: np.ndarray) -> np.ndarray:
        """``groupby(...)[c].all()`` of a bool column."""
        rows = self.labels[~values & (self.labels >= 0)]
        return np.bincount(rows, minlength=self.ngroups) == 0

    def mean(self, values: np.ndarray) -> np.ndarray:
        """``groupby(...)[c].mean()`` of a float64 column (NaN skipped; NaN when none)."""
        column = np.ascontiguousarray(values, dtype=np.float64)
        fast = self._segments(column)
        if fast is not None:
            present, summed = fast
            out = np.full(self.ngroups, np.nan)
            out[present] = summed / self.size()[present].astype(np.float64)
            return out
        return self._kernel(column, "mean", -1)

    def _kernel(self, column: np.ndarray, how: str, min_count: int) -> np.ndarray:
        """pandas' Kahan-compensated ``group_sum`` / ``group_mean`` over the groups, or
        :meth:`_by_pandas` when this pandas moved or changed them."""
        result = np.empty((self.ngroups, 1), dtype=np.float64)
        counts = np.zeros(self.ngroups, dtype=np.int64)
        try:
            getattr(_kernels, f"group_{how}")(
                out=result,
                counts=counts,
                values=column.reshape(-1, 1),
                labels=self.labels,
                mask=None,
                result_mask=None,
                min_count=min_count,
                is_datetimelike=False,
            )
        except (AttributeError, TypeError):  # kernels gone or changed: pandas' public way
            return self._by_pandas(column, how, max(min_count, 0))
        return result[:, 0]

    def _by_pandas(self, column: np.ndarray, how: str, min_count: int = 0) -> np.ndarray:
        """``sum`` / ``mean`` through ``Series.groupby``: what the kernels give, at pandas'
        per-call cost (every group 0 … ngroups − 1 has a row, so each gets its value)."""
        kept = self.labels >= 0
        grouped = pd.Series(column[kept]).groupby(self.labels[kept], sort=True)
        reduced = grouped.sum(min_count=min_count) if how == "sum" else grouped.mean()
        out = np.full(self.ngroups, np.nan)
        out[reduced.index.to_numpy()] = reduced.to_numpy(dtype=np.float64)
        return out

    def max(self, values: np.ndarray) -> np.ndarray:
        """``groupby(...)[c].max()`` of a float64 column (NaN skipped; NaN when none)."""
        out = np.full(self.ngroups, -np.inf)
        known = ~np.isnan(values) & (self.labels >= 0)
        np.maximum.at(out, self.labels[known], values[known])
        out[self.count(values) == 0] = np.nan
        return out

    def parent(self, depth: int) -> Grouping:
        """The grouping by this one's first ``depth`` keys (e.g. the organisation of each
        (organisation, editor) group), over this grouping's groups as rows: the groups come
        sorted by their keys, so each parent is a run of them (:meth:`of_sorted`)."""
        return Grouping.of_sorted(*self.keys[:depth])

    @classmethod
    def of_sorted(cls, *columns: np.ndarray) -> Grouping:
        """:meth:`of` for rows already sorted by ``columns`` (no missing key): each group is
        a run of equal keys, found by comparing neighbours instead of factorising (what
        ``of`` gives on such rows, for a tenth of its cost on a few dozen rows)."""
        if not columns:
            raise ValueError("Grouping.of_sorted needs at least one key column")
        n = len(columns[0])
        change = np.zeros(max(n - 1, 0), dtype=bool)
        for column in columns:
            values = np.asarray(column, dtype=object)
            change |= values[1:] != values[:-1]
        starts = np.flatnonzero(np.r_[n > 0, change])
        labels = (
            (np.cumsum(np.r_[n > 0, change]) - 1).astype(np.intp) if n else np.zeros(0, np.intp)
        )
        keys = tuple(np.asarray(column, dtype=object)[starts] for column in columns)
        return cls(labels, len(starts), keys)
