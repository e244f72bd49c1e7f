"""Audit documents as tables: the group computations work on columns, not on per-row objects.

An audit document is a plain dict (``vendorlock/schemas/audit.schema.json``); the group views
need a few of its lists as DataFrames. Building them once here keeps every command vectorised
and the column names in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Application columns the group views use (missing keys become missing values).
APP_COLUMNS = (
    "app_id",
    "org_id",
    "name",
    "product",
    "editor_id",
    "editor",
    "group",
    "domain",
    "hosting",
    "licence",
    "open_source",
    "annual_cost",
    "contract_id",
    "contract_end",
    "decision_date",
    "score",
    "level",
    "coverage",
)
ORG_COLUMNS = (
    "org_id",
    "name",
    "kind",
    "population",
    "lockin_index",
    "level",
    "applications",
    "annual_spend",
    "hhi_editor",
    "hhi_group",
    "coverage",
)
FLOW_COLUMNS = (
    "flow_id",
    "org_id",
    "source",
    "target",
    "target_kind",
    "data",
    "format",
    "standard",
    "protocol",
)
_NUMERIC = (
    "annual_cost",
    "score",
    "population",
    "lockin_index",
    "annual_spend",
    "hhi_editor",
    "coverage",
)
#: The level of an application whose coverage is below the rule pack's ``min_coverage``.
INSUFFICIENT = "insufficient_data"


def _frame(rows: list[Mapping[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(
        [{c: r.get(c) for c in columns} for r in rows], columns=list(columns)
    )
    for col in columns:
        if col in _NUMERIC or col in ("hhi_group", "applications"):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
        elif col == "open_source":
            df[col] = df[col].astype("boolean")
        else:
            df[col] = df[col].astype("string")
    return df


def apps_frame(doc: Mapping[str, Any]) -> pd.DataFrame:
    """One row per application, with exit-cost bounds and the users / notice metrics.

    ``score`` is missing (NaN) for an application whose level is ``insufficient_data``: its
    headline score is not established, so no group average, worst score or median counts it
    (its ``coverage`` stays, and so do its applications and spend)."""
    rows = doc.get("applications", [])
    df = _frame(rows, APP_COLUMNS)
    df["score"] = df["score"].where(df["level"] != INSUFFICIENT)
    df["exit_low"] = pd.Series(
        [float(r.get("exit_cost", {}).get("low", float("nan"))) for r in rows], dtype="float64"
    )
    df["exit_high"] = pd.Series(
        [float(r.get("exit_cost", {}).get("high", float("nan"))) for r in rows], dtype="float64"
    )
    for metric in ("users", "notice_months"):
        df[metric] = pd.Series(
            [_num(r.get("metrics", {}).get(metric)) for r in rows], dtype="float64"
        )
    df["exit_interfaces_low"] = pd.Series([_item(r, "interfaces", "low") for r in rows])
    df["exit_interfaces_high"] = pd.Series([_item(r, "interfaces", "high") for r in rows])
    return df


def orgs_frame(doc: Mapping[str, Any]) -> pd.DataFrame:
    """One row per organisation of the document."""
    return _frame(doc.get("organisations", []), ORG_COLUMNS)


def flows_frame(doc: Mapping[str, Any]) -> pd.DataFrame:
    """One row per flow of the document."""
    return _frame(doc.get("flows", []), FLOW_COLUMNS)


def _num(value: Any) -> float:
    try:
        return float(value) if value is not None else float("nan")
    except (TypeError, ValueError):
        return float("nan")


def _item(app: Mapping[str, Any], item: str, bound: str) -> float:
    for part in app.get("exit_cost", {}).get("breakdown", []):
        if part.get("item") == item:
            return _num(part.get(bound))
    return float("nan")


def pylist(values: pd.Series) -> list[Any]:
    """A column as a list of Python values, None where missing: one conversion of the whole
    column, where iterating an Arrow-backed column boxes every value through pandas (30×)."""
    return values.astype(object).where(values.notna(), None).tolist()


def clean(value: Any) -> Any:
    """A JSON-able scalar: NaN / NA become None, numpy numbers become Python numbers."""
    if value is None:
        return None
    kind = type(value)
    if kind is float:  # the common cases first: views clean tens of thousands of cells
        return None if value != value else value
    if kind is str or kind is int or kind is bool:
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        return value.item()
    return value


def money(value: Any) -> float | None:
    """Euros rounded to the cent, or None when unknown."""
    if type(value) is float:  # most cells: no NA check through pandas
        return None if value != value else round(value, 2)
    v = clean(value)
    return None if v is None else round(float(v), 2)


def string_codes(values: pd.Series, sort: bool) -> tuple[np.ndarray, list[Any]]:
    """``pd.factorize(values, sort=sort, use_na_sentinel=False)`` of a column of strings, as
    codes and the list of uniques, by Arrow's hashing and sort: 2-4× faster than pandas on an
    object column of 100,000 strings (the pool's requirement rows). Strings sort by code
    point in both. A column holding a missing value or anything but ``str`` goes to pandas,
    whose uniques then carry its own missing value."""
    try:
        arr = pa.array(values.to_numpy(dtype=object), type=pa.string())
    except (ValueError, TypeError):  # Arrow's invalid and type errors, unencodable text
        arr = None
    if arr is None or arr.null_count:
        codes, found = pd.factorize(values, sort=sort, use_na_sentinel=False)
        return codes, list(found)
    encoded = arr.dictionary_encode()
    indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    if not sort:
        return indices, encoded.dictionary.to_pylist()
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[indices], encoded.dictionary.take(order).to_pylist()
