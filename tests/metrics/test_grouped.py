"""Grouping's reductions are the pandas group-bys they replace, to the last bit.

The audit's totals are rounded and compared with level thresholds after summing: a sum made in
another order than pandas' (which takes ``reduceat`` on rows sorted by group without NaN, and a
Kahan-compensated kernel otherwise) changes the last bit, and sometimes a published figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vendorlock.metrics import grouped
from vendorlock.metrics.grouped import Grouping


def _data(sorted_rows: bool, with_nan: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    n = 3000
    orgs = rng.choice(["mairie-b", "cc-a", "dep-z", "Mairie-é"], n).astype(object)
    editors = rng.choice([f"editor-{i}" for i in range(30)], n).astype(object)
    # amounts in cents, like contract costs: not exact in binary, so the order of sums shows
    values = np.round(rng.random(n) * 98_765.43, 2)
    if with_nan:
        values[rng.random(n) < 0.2] = np.nan
    if sorted_rows:
        order = np.lexsort((editors, orgs))
        orgs, editors, values = orgs[order], editors[order], values[order]
    return orgs, editors, values


@pytest.mark.parametrize("kernels", ["pandas kernels", "kernels gone"])
@pytest.mark.parametrize("sorted_rows", [True, False])
@pytest.mark.parametrize("with_nan", [True, False])
def test_reductions_match_pandas_bit_for_bit(
    sorted_rows: bool, with_nan: bool, kernels: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if kernels == "kernels gone":  # a pandas that moved its private kernels: groupby instead
        monkeypatch.setattr(grouped, "_kernels", object())
    orgs, editors, values = _data(sorted_rows, with_nan)
    flags = values > 40_000
    frame = pd.DataFrame(
        {
            "org": pd.Series(orgs, dtype="string").astype("category"),
            "editor": pd.Series(editors, dtype="string").astype("category"),
            "v": values,
            "f": flags,
        }
    )
    for keys, columns in ((["org"], (orgs,)), (["org", "editor"], (orgs, editors))):
        g = frame.groupby(keys, sort=True, observed=True, dropna=False)
        grouping = Grouping.of(*columns)
        assert grouping is not None
        expected_keys = g.size().index
        for level, got in enumerate(grouping.keys):
            assert got.tolist() == list(expected_keys.get_level_values(level))
        pairs = {
            "size": (grouping.size(), g.size()),
            "count": (grouping.count(values), g["v"].count()),
            "sum": (grouping.sum(values), g["v"].sum()),
            "sum_min_count": (grouping.sum(values, min_count=1), g["v"].sum(min_count=1)),
            "mean": (grouping.mean(values), g["v"].mean()),
            "max": (grouping.max(values), g["v"].max()),
            "sum_bool": (grouping.sum_bool(flags), g["f"].sum()),
            "all": (grouping.all(flags), g["f"].all()),
        }
        for name, (got, want) in pairs.items():
            expected = want.to_numpy()
            assert got.dtype == expected.dtype, name
            # the same bits, NaN included (tobytes: 0.1 + 0.2 != 0.3 would show here)
            assert got.tobytes() == expected.tobytes(), (keys, name)


def test_a_missing_key_leaves_the_grouping_to_pandas() -> None:
    assert Grouping.of(np.array(["a", None, "b"], dtype=object)) is None
    assert Grouping.of(pd.Series(["a", pd.NA], dtype="string")) is None


def test_no_rows_gives_no_group() -> None:
    grouping = Grouping.of(np.array([], dtype=object))
    assert grouping is not None
    assert grouping.ngroups == 0
    assert grouping.sum(np.array([], dtype=np.float64)).shape == (0,)


def test_exposure_rows_is_exposure_table_with_each_applications_row() -> None:
    from vendorlock.metrics.concentration import exposure_rows, exposure_table

    # two bodies; an unknown editor, a missing one, a contract with no application, a
    # contract of unknown cost, an application whose editor has no contract
    apps = pd.DataFrame(
        {
            "org_id": ["mairie-a", "mairie-a", "mairie-a", "mairie-a", "cc-b", "cc-b", "cc-b"],
            "editor_id": ["berger", "berger", "unknown", None, "ciril", "jvs", "berger"],
            "group": ["berger", "berger", "unknown", None, "ciril", "jvs", "berger"],
        },
        dtype="string",
    )
    contracts = pd.DataFrame(
        {
            "org_id": pd.array(["mairie-a", "mairie-a", "cc-b", "cc-b", "cc-b"], dtype="string"),
            "editor_id": pd.array(["berger", "unknown", "ciril", "arpege", "jvs"], dtype="string"),
            "group": pd.array(["berger", "unknown", "ciril", "arpege", "jvs"], dtype="string"),
            "annual_cost": [12_000.10, 900.0, 4_500.55, 780.0, float("nan")],
        }
    )
    for key in ("editor_id", "group"):
        table, rows = exposure_rows(apps, contracts, key)
        expected = exposure_table(apps, contracts, key)
        pd.testing.assert_frame_equal(table, expected, check_exact=True)
        found = pd.MultiIndex.from_arrays([expected["org_id"], expected[key]]).get_indexer(
            pd.MultiIndex.from_arrays([apps["org_id"], apps[key]])
        )
        assert rows.tolist() == found.tolist()
        assert rows.tolist()[2:4] == [-1, -1]  # unknown and missing editors: no share


@pytest.mark.parametrize("orgs", [1, 4])
def test_integer_codes_group_like_a_frame_of_codes(orgs: int) -> None:
    # what "what to collect next" stacks: one block of rows per inventory column; with one
    # organisation pandas sums each group's run with reduceat, with several with its kernel
    rng = np.random.default_rng(3)
    n, keys = 500, 6
    org = np.tile(rng.integers(0, orgs, n), keys)
    key = np.repeat(np.arange(keys), n)
    points = np.round(rng.random(n * keys) * 7.3, 1) * (rng.random(n * keys) < 0.4)
    frame = pd.DataFrame({"org_id": org, "key": key, "points": points})
    expected = frame.groupby(["org_id", "key"], sort=True)["points"].sum()
    grouping = Grouping.of_codes(org, key)
    assert grouping.sum(points).tobytes() == expected.to_numpy().tobytes()
    assert grouping.keys[0].tolist() == expected.index.get_level_values(0).tolist()
    assert grouping.keys[1].tolist() == expected.index.get_level_values(1).tolist()


@pytest.mark.parametrize("rows", [0, 1, 3000])
def test_runs_of_sorted_rows_are_the_groups_of_a_factorisation(rows: int) -> None:
    """On rows sorted by their keys (a grouping's own groups, as parent() takes them), the
    groups found as runs of equal keys are those Grouping.of finds: same labels, same keys,
    by one key or two; a lower-case accented organisation sorts after the others."""
    orgs, editors, _ = _data(sorted_rows=True, with_nan=False)
    orgs, editors = orgs[:rows], editors[:rows]
    for columns in ((orgs,), (orgs, editors)):
        expected = Grouping.of(*columns)
        assert expected is not None
        found = Grouping.of_sorted(*columns)
        assert found.ngroups == expected.ngroups
        assert found.labels.tolist() == expected.labels.tolist()
        assert [k.tolist() for k in found.keys] == [k.tolist() for k in expected.keys]
    by_pair = Grouping.of(orgs, editors)
    assert by_pair is not None
    parent = by_pair.parent(1)
    assert parent.keys[0].tolist() == sorted(set(orgs.tolist()))
    assert parent.labels.tolist() == [parent.keys[0].tolist().index(o) for o in by_pair.keys[0]]
