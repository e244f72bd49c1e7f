"""The application table's column builders give the columns pandas would have inferred."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from vendorlock.audit import _categoricals, _typed
from vendorlock.columns import categorical


@pytest.mark.parametrize(
    "values",
    [
        ["ciril", "berger", "unknown", "berger", "jvs"],
        ["ciril", None, "berger", None],  # a missing group: no category
        [None, None],
        [],
    ],
)
def test_categoricals_are_two_categorical_calls(values: list[Any]) -> None:
    names = {"ciril": "Ciril GROUP", "berger": "Berger-Levrault", "jvs": "JVS", "unknown": "?"}

    def name(v: Any) -> Any:
        return None if v is None else names[v]

    base, named = _categoricals(values, name)
    expected_base = categorical(np.array(values, dtype=object))
    expected_named = categorical(np.array([name(v) for v in values], dtype=object))
    pd.testing.assert_series_equal(pd.Series(base), pd.Series(expected_base))
    pd.testing.assert_series_equal(pd.Series(named), pd.Series(expected_named))


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        (["Mairie", None, "Agglo"], "str"),
        ([12.5, None, 3.0], "float64"),
        ([True, False], "bool"),
        ([None, None], "float64"),  # nothing known: pandas' object column kept
        ([], "str"),
    ],
)
def test_typed_columns_are_what_the_frame_infers(values: list[Any], dtype: str) -> None:
    got = pd.DataFrame({"c": _typed(values, dtype)})["c"]
    pd.testing.assert_series_equal(got, pd.DataFrame({"c": values})["c"])
