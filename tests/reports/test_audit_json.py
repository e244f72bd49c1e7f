"""audit.json written column by column: the same text as encoding each object, whatever the
values (quotes, backslashes, non-ASCII, missing values, numbers of every type), and a
non-finite number refused with where it is rather than written as ``NaN``.

The whole document (criteria, metrics, waivers, flows) is compared with the dict tree's JSON
in ``test_columnar.py``; these cases are the values the demo does not hold.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from vendorlock.audit_doc import FLOW_COLUMNS, flow_dicts
from vendorlock.audit_json import (
    Both,
    Listed,
    Rounded,
    Same,
    clause_column,
    coded_fragments,
    float_fragments,
    flow_lines,
    layout_texts,
    layout_values,
    metric_lines,
)
from vendorlock.errors import ReportError
from vendorlock.jsonio import encode, fragments, objects

AWKWARD = [
    'Logiciel "métier" \\ ancien',
    "Régie\u2028recettes",
    "tab\tand\nnewline",
    "",
    "€ – « guillemets »",
    "\x7f\x01control",
]


def test_fragments_are_what_the_encoder_writes_for_each_value() -> None:
    values = [1, 1.0, True, False, 0, None, 2.5e-07, 1e22, -0.0, 12345678901234567890, *AWKWARD]
    assert fragments(values) == [json.dumps(v, ensure_ascii=False) for v in values]
    # equal keys of different types keep their own text (1 == 1.0 == True in a dict)
    assert fragments([True, 1, 1.0]) == ["true", "1", "1.0"]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_is_refused_with_its_place(bad: float) -> None:
    with pytest.raises(ReportError) as err:
        fragments([1.0, 2.0, bad], "$.applications[].metrics.users")
    assert "$.applications[].metrics.users[2]" in str(err.value)


def test_objects_are_the_encoded_dicts() -> None:
    rows = [{"b": 1.5, "a": 'x%s"y', "c": None}, {"b": 2, "a": "é", "c": [1, "z"]}]
    columns = {k: fragments([r[k] for r in rows]) for k in ("a", "b", "c")}
    assert objects(columns) == [encode(r) for r in rows]


def test_flows_written_column_wise_are_the_published_objects() -> None:
    n = len(AWKWARD)
    table = pd.DataFrame(
        {
            **{c: [f"{c}-{i}" for i in range(n)] for c in FLOW_COLUMNS},
            "data": AWKWARD,
            "source_name": [None, pd.NA, *AWKWARD[2:]],
            "format": [np.nan, "csv", None, "odt", "xml", "pdf"],
            "standard_open": [True, False, None, True, pd.NA, False],
        }
    )
    table["standard_open"] = table["standard_open"].astype(object)
    assert flow_lines(table) == [encode(d) for d in flow_dicts(table)]


def test_flows_of_the_loaders_dtypes_written_by_codes_are_the_published_objects() -> None:
    # the loader's dtypes (Arrow strings and booleans, categories) are encoded per code: the
    # same text, missing values null, quotes and non-ASCII escaped as the encoder does
    n = len(AWKWARD)
    table = pd.DataFrame(
        {
            **{c: [f"{c}-{i % 2}" for i in range(n)] for c in FLOW_COLUMNS},
            "data": AWKWARD,
            "source_name": [None, *AWKWARD[1:]],
            "format": [None, "csv", "csv", "odt", None, "pdf"],
            "standard_open": [True, False, None, True, None, False],
        }
    )
    for c in FLOW_COLUMNS:
        table[c] = table[c].astype("bool[pyarrow]" if c == "standard_open" else "string[pyarrow]")
    table["target_kind"] = table["target_kind"].astype("category")
    table["format"] = table["format"].astype("category")
    expected = [encode(d) for d in flow_dicts(table)]
    assert '"format": null' in expected[0] and '"standard_open": null' in expected[2]
    assert flow_lines(table) == expected


def test_codes_are_used_only_where_they_keep_the_text() -> None:
    # 0.0 and -0.0 would share a code, numbers in categories are written as numbers
    assert coded_fragments(pd.Series([0.0, -0.0]), "$") is None
    assert coded_fragments(pd.Series([1, 2], dtype="category"), "$") is None
    status = pd.Series(["met", None, 'a "b"', "met"], dtype="category")
    assert coded_fragments(status, "$", "nan") == [
        json.dumps(str(v), ensure_ascii=False) for v in status.astype(str)
    ]


def test_numbers_written_once_per_distinct_value_are_what_round_then_encode_give() -> None:
    # half-way cases where numpy's rounding and Python's differ, a negative rounded to -0.0,
    # repeats, huge and tiny numbers
    values = np.array([2.675, 1.005, 0.125, -0.001, 2.675, 1e22, 2.5e-07, 0.0, 7.0, 1.005])
    for digits in (None, 2, 4):
        expected = [v if digits is None else round(v, digits) for v in values.tolist()]
        assert float_fragments(values, "$", digits) == fragments(expected)
    assert float_fragments(np.array([1.0, np.nan, np.inf]), "$", 2, "null", "null") == [
        "1.0",
        "null",
        "null",
    ]
    # -0.0 equals 0.0 for np.unique but is written differently: left to fragments
    assert float_fragments(np.array([0.0, -0.0]), "$") is None


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_among_distinct_numbers_is_refused_with_its_place(bad: float) -> None:
    with pytest.raises(ReportError) as err:
        float_fragments(np.array([1.0, 2.0, bad, 1.0]), "$.x", 2)
    assert "$.x[2]" in str(err.value)


def test_metrics_written_column_wise_keep_missing_values_null() -> None:
    table = pd.DataFrame({"users": [10.0, np.nan], "api_openness": [0.333333, 1.0]})
    assert metric_lines(table) == [
        '{"api_openness": 0.333333,"users": 10.0}',
        '{"api_openness": 1.0,"users": null}',
    ]


def test_cost_drivers_written_column_wise_are_the_published_lists() -> None:
    """Every application of the demo, assumed inputs included (its bodies leave some blank)."""
    import datetime as dt

    from vendorlock.audit import AuditOptions, run_audit
    from vendorlock.demo.bundled import load_bundled
    from vendorlock.i18n import Lang
    from vendorlock.registry import load_registries
    from vendorlock.scoring import COST_ITEMS, load_pack

    registries = load_registries()
    loaded = load_bundled(dt.date(2026, 11, 28), registries)
    costs = run_audit(
        loaded.portfolio,
        registries,
        load_pack(),
        AuditOptions(as_of=dt.date(2026, 11, 28), lang=Lang.FR),
    ).costs
    ids = sorted(costs.assumed.index.astype(str))
    texts, dicts = costs.driver_json(ids), costs.drivers(ids)
    assert any(d["assumed"] for per in dicts.values() for ds in per.values() for d in ds)
    for item in COST_ITEMS:
        assert texts[item] == [encode(dicts[app][item]) for app in ids]


def test_one_layout_gives_the_objects_and_their_text() -> None:
    """A nested object declared once (an exit cost with its breakdown, an action) is read as
    objects by the reports and as text by audit.json: the text is the encoded objects, rounded
    as published, whatever the values (-0.0, repeated and missing ones, awkward strings)."""
    n = len(AWKWARD)
    highs = np.array([1234.5678, -0.0, 0.005, 1e22, 2.675, 1234.5678])
    layout = {
        "high": Rounded(highs, 2),
        "name": pd.Series(AWKWARD, dtype="category"),
        "spend": pd.Series([1.5, np.nan, 2.0, np.nan, 3.25, 1.5]),
        "clauses": clause_column(
            pd.Series(["c1;c2", "", "c2", "c1;c2", "unknown", ""]),
            {"c1": "Réversibilité", "c2": 'Clause "export"'},
            "$.x[].clauses",
        ),
        "items": Listed(
            tuple(
                {"item": Same(item, n), "params": Same(["a", "b"], n), "v": [i, None] * 3}
                for i, item in enumerate(("licence", "migration"))
            )
        ),
        "inner": {"flag": [True, False, None, True, True, False]},
        "pattern": Both(lambda: [[k] for k in range(n)], lambda: [f"[{k}]" for k in range(n)]),
    }
    objects_ = layout_values(layout)
    assert layout_texts(layout, "$.x[]") == [encode(o) for o in objects_]
    assert [o["high"] for o in objects_] == [round(v, 2) for v in highs.tolist()]
    assert objects_[0]["clauses"] == ["Réversibilité", 'Clause "export"']
    assert objects_[4]["clauses"] == ["unknown"] and objects_[1]["clauses"] == []
    assert objects_[1]["spend"] is None and objects_[2]["inner"] == {"flag": None}
    assert objects_[3]["items"][1] == {"item": "migration", "params": ["a", "b"], "v": None}
    # a constant list is each object's own: a reader changing one changes no other
    objects_[0]["items"][0]["params"].append("c")
    assert objects_[1]["items"][0]["params"] == ["a", "b"]
    objects_[0]["clauses"].append("x")
    assert objects_[3]["clauses"] == ["Réversibilité", 'Clause "export"']


def test_a_non_finite_number_in_a_layout_is_refused_with_its_place() -> None:
    layout = {"cost": {"high": Rounded(np.array([1.0, math.inf]), 2)}}
    with pytest.raises(ReportError) as err:
        layout_texts(layout, "$.applications[]")
    assert "$.applications[].cost.high[1]" in str(err.value)
