"""Work once per distinct value (:mod:`vendorlock.distinct`): each value still gets its own
result, values equal in Python but written differently (``True``, ``1``, ``1.0``; ``0.0``
and ``-0.0``) are never confused, and unhashable values are done one by one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from vendorlock.distinct import (
    distinct,
    float_per_distinct,
    map_distinct,
    memo_loop,
    per_distinct,
)
from vendorlock.jsonio import encode, fragments


def _counted(func: Any) -> tuple[list[Any], Any]:
    seen: list[Any] = []

    def wrapped(v: Any) -> Any:
        seen.append(v)
        return func(v)

    return seen, wrapped


@pytest.mark.parametrize(
    "values",
    [
        ["Paie", "GED", "Paie", None, "Paie", "GED"],
        [True, 1, 1.0, "1", True, None, 1],
        [0.0, -0.0, 0.0, 2.5],
        [[1, 2], "a", [1, 2], "a"],
        [],
    ],
)
def test_each_value_gets_its_own_result(values: list[Any]) -> None:
    for func in (repr, lambda v: f"{type(v).__name__}:{v!r}"):
        assert per_distinct(values, func) == [func(v) for v in values]
        assert memo_loop(values, func) == [func(v) for v in values]
    assert fragments([v for v in values if not isinstance(v, list)]) == [
        encode(v) for v in values if not isinstance(v, list)
    ]


def test_a_repeated_value_is_worked_once_in_first_appearance_order() -> None:
    seen, func = _counted(str.upper)
    assert per_distinct(["b", "a", "b", "b", "a"], func) == ["B", "A", "B", "B", "A"]
    assert seen == ["b", "a"]
    seen, func = _counted(repr)
    per_distinct([True, 1, 1.0, 1, True], func)
    assert seen == [True, 1, 1.0]  # equal in Python, three texts


def test_distinct_gives_uniques_codes_and_types_or_none_when_it_cannot() -> None:
    found = distinct(["x", None, "y", "x"])
    assert found is not None
    assert found.uniques == ["x", None, "y"]
    assert found.codes.tolist() == [0, 1, 2, 0]
    assert found.types == frozenset({str})
    mixed = distinct([1, True, 1.0])
    assert mixed is not None and mixed.uniques == [1, True, 1.0]
    assert distinct([0.0, -0.0]) is None  # equal keys, different texts
    assert distinct([[1], [1]]) is None  # unhashable


def test_map_distinct_is_map_on_strings_with_missing_values() -> None:
    names = {"a": "Alpha", "b": None}
    series = pd.Series(["a", None, "b", "c", "a"], dtype="string", name="node")
    func = lambda v: names.get(v) if isinstance(v, str) else None  # noqa: E731
    pd.testing.assert_series_equal(map_distinct(series, func), series.map(func))
    flags = pd.Series(["x", None, "y"], dtype="string")
    known = {"x": True, "y": False}
    func2 = lambda v: known.get(v) if isinstance(v, str) else None  # noqa: E731
    pd.testing.assert_series_equal(map_distinct(flags, func2), flags.map(func2))


def test_float_per_distinct_calls_once_per_cell_and_gives_nan_for_missing() -> None:
    """The metrics over format cells: each distinct cell evaluated once, every cell its own
    result, NaN where the cell is missing (an unknown format list is not « none »)."""
    from vendorlock.metrics.formats import over_ids

    cells = pd.Series(["csv;xlsx", None, "xlsx;csv", "none", "csv;xlsx", "", None])
    seen: list[list[str]] = []

    def share(ids: list[str]) -> float:
        seen.append(ids)
        return float(len(ids))

    got = float_per_distinct(cells, over_ids(share))
    assert got.dtype == np.float64
    assert np.array_equal(got, [2.0, np.nan, 2.0, 1.0, 2.0, 0.0, np.nan], equal_nan=True)
    # « csv;xlsx », « xlsx;csv », « none », « »: four distinct cells, the ids sorted
    assert seen == [["csv", "xlsx"], ["csv", "xlsx"], ["none"], []]
