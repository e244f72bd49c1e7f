"""Work once per distinct value (:mod:`vendorlock.distinct`): each value still gets its own
result, values equal in Python but written differently (``True``, ``1``, ``1.0``; ``0.0``
and ``-0.0``) are never confused, and unhashable values are done one by one."""

from __future__ import annotations

from typing import Any

import pytest

from vendorlock.distinct import distinct, memo_loop, per_distinct
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
