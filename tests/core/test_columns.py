"""The column-wise conversions of the audit give exactly what the per-cell code gave: the
published scores, costs, sentences and categories must not change by a digit or an order."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from vendorlock.audit_doc import clean, clean_column
from vendorlock.columns import as_strings, categorical, positions, python_round, unique_rows
from vendorlock.distinct import per_category, relabel


def test_python_round_matches_round_on_scores_costs_and_ties() -> None:
    rng = np.random.default_rng(7)
    values = np.concatenate(
        [
            rng.uniform(0, 100, 20_000),  # scores
            rng.uniform(0, 5e7, 20_000),  # exit costs in euros, past the exact range
            np.round(rng.uniform(0, 100, 5_000), 3),  # third decimal 5: ties and near-ties
            [0.125, 2.675, 1.005, -0.5, -2.5, 0.0, -0.0, 1e300, -1e300],
            [math.nan, math.inf, -math.inf],
        ]
    )
    for digits in (2, 4):
        expected = [round(float(v), digits) for v in values]
        got = python_round(values, digits)
        assert len(got) == len(expected)
        for g, e in zip(got, expected, strict=True):
            assert (g == e and math.copysign(1, g) == math.copysign(1, e)) or (
                math.isnan(g) and math.isnan(e)
            )


def test_unique_rows_is_numpy_unique_over_rows() -> None:
    rng = np.random.default_rng(3)
    flags = rng.random((500, 7)) < 0.3
    patterns, inverse = unique_rows(flags)
    want_patterns, want_inverse = np.unique(flags, axis=0, return_inverse=True)
    assert np.array_equal(patterns, want_patterns)
    assert np.array_equal(inverse, want_inverse.reshape(-1))
    assert np.array_equal(patterns[inverse], flags)


def test_categorical_and_string_helpers_match_pandas() -> None:
    texts = np.array(["b é", "a", "b é", "Z", "a"], dtype=object)
    got = pd.Series(categorical(texts))
    want = pd.Series(texts, dtype="str").astype("category")
    pd.testing.assert_series_equal(got, want)
    assert got.cat.categories.dtype == want.cat.categories.dtype
    status = pd.Series(["scored", None, "unknown"]).astype("category")
    assert list(as_strings(status)[[0, 2]]) == ["scored", "unknown"]
    assert pd.isna(as_strings(status)[1]) and pd.isna(status.astype(str).to_numpy()[1])
    levels = pd.Series(["high", "low", None, "medium"]).astype("category")
    order = ["low", "medium", "high"]
    pd.testing.assert_series_equal(
        pd.Series(relabel(levels, order)),
        pd.Series(pd.Categorical(levels.astype(str), categories=order)),
    )
    clauses = pd.Series(["x;y", None, "x;y"]).astype("category")
    assert per_category(clauses, lambda v: str(clean(v) or "")) == ["x;y", "", "x;y"]


def test_clean_column_is_clean_per_cell() -> None:
    columns = [
        pd.Series(["a", None, "é"], dtype="string"),
        pd.Series([1.0, math.nan, math.inf, 1 / 3, -2.5e-7]),
        pd.Series(pd.to_datetime(["2026-01-02 13:00", None, "1960-03-04 05:00"])).astype(
            "datetime64[s]"
        ),
        pd.Series([1, 2]),
        pd.Series(["x", None], dtype=object),
    ]
    for column in columns:
        assert clean_column(column) == [clean(v) for v in column.tolist()]


def test_positions_refuse_a_missing_id_like_loc() -> None:
    """An application missing from a table is an error naming it, never the last row read
    in its place (``get_indexer``'s -1)."""
    index = pd.Index(["a01", "a02", "a03"])
    assert positions(index, ["a03", "a01"]).tolist() == [2, 0]
    assert positions(index, []).tolist() == []
    with pytest.raises(KeyError, match="b07"):
        positions(index, ["a01", "b07"])
