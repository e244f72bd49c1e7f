"""Sections of the audit document that come straight from the portfolio and the registries.

The audit document (``vendorlock/schemas/audit.schema.json``) is the one contract between the
scoring stages and every report. These helpers build its descriptive sections — flows, formats,
inputs — from tables, column-wise, and turn pandas missing values into JSON ``null``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.distinct import map_distinct
from vendorlock.model.portfolio import Portfolio, split_multi
from vendorlock.registry import Registries


def clean(value: Any) -> Any:
    """A JSON-safe scalar: NA/NaN → None, numpy scalars → Python, dates → ISO strings."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        return None if value != value or value in (math.inf, -math.inf) else round(value, 6)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value, 6)
    return value


def clean_column(series: pd.Series) -> list[Any]:
    """``[clean(v) for v in series.tolist()]``, column-wise for the dtypes the tables hold
    (strings, floats, datetimes): the same values, without a type test per cell."""
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype):
        out: list[Any] = series.to_numpy(dtype=object, na_value=None).tolist()
        return out
    if dtype.kind == "f":
        values = series.to_numpy(dtype=np.float64)
        return [
            None if v != v or v in (math.inf, -math.inf) else round(v, 6) for v in values.tolist()
        ]
    if dtype.kind == "M" and getattr(dtype, "tz", None) is None:
        stamps = series.to_numpy()
        days = stamps.astype("datetime64[D]").astype(str).astype(object)  # floors, as .date()
        days[np.isnat(stamps)] = None
        dates: list[Any] = days.tolist()
        return dates
    return [clean(v) for v in series.tolist()]


def records(df: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-safe dicts restricted to ``columns`` (order kept)."""
    cols = [df[c].tolist() for c in columns]
    return [
        {name: clean(v) for name, v in zip(columns, row, strict=True)}
        for row in zip(*cols, strict=True)
    ]


def input_hashes(paths: Iterable[Path]) -> list[dict[str, str]]:
    """File name and SHA-256 of every input file (folders: each file inside), sorted."""
    out: list[dict[str, str]] = []
    for path in paths:
        if isinstance(path, str):  # a web input (GLPI API): no file to fingerprint
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            digest = hashlib.sha256()
            with f.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            out.append(
                {
                    "file": f.name if not path.is_dir() else f"{path.name}/{f.name}",
                    "sha256": digest.hexdigest(),
                }
            )
    return sorted(out, key=lambda d: (d["file"], d["sha256"]))


FLOW_COLUMNS = (
    "flow_id",
    "org_id",
    "source",
    "target",
    "data",
    "format",
    "standard",
    "protocol",
    "frequency",
    "source_name",
    "target_name",
    "target_kind",
    "format_openness",
    "standard_open",
)


def _texts_per_distinct(series: pd.Series, text: Callable[[Any], str | None]) -> pd.Series:
    """``map_distinct(series, text)`` for a text column mapped to texts (or None): the same
    string column, the texts listed in Python then typed at once, where ``Series.map`` spent
    ~1 ms converting and inferring 2,000 distinct flow ends."""
    if not isinstance(series.dtype, pd.StringDtype):
        return map_distinct(series, text)
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = pd.array([text(u) for u in uniques.tolist()], dtype=series.dtype)
    return pd.Series(mapped.take(codes), index=series.index, name=series.name)


def flow_table(portfolio: Portfolio, registries: Registries) -> pd.DataFrame:
    """The flows section as a table: each flow (by ``flow_id``) with its endpoints' names,
    the target's kind and the openness of its format, mapped column-wise."""
    flows = portfolio.flows
    if flows.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FLOW_COLUMNS})
    df = flows.sort_values("flow_id", kind="stable").reset_index(drop=True)
    df = df[list(FLOW_COLUMNS[:9])].copy()
    apps = portfolio.applications
    app_names = dict(zip(apps["app_id"].tolist(), apps["name"].tolist(), strict=True))
    platforms = {k: v.name for k, v in registries.platforms.items()}
    names = {**platforms, **app_names}

    def name_of(node: Any) -> Any:
        return clean(names.get(node)) if isinstance(node, str) else None

    df["source_name"] = _texts_per_distinct(df["source"], name_of)
    df["target_name"] = _texts_per_distinct(df["target"], name_of)
    app_ids, platform_ids = set(app_names), set(platforms)
    kinds = map_distinct(
        df["target"],
        lambda node: (
            "application"
            if node in app_ids
            else ("platform" if node in platform_ids else "unknown")
        ),
    )
    df["target_kind"] = pd.Categorical(kinds.to_numpy(dtype=object))
    openness = {k: f.openness.value for k, f in registries.formats.items()}
    opened = {k: s.open for k, s in registries.standards.items()}
    df["format_openness"] = _texts_per_distinct(
        df["format"], lambda f: openness.get(f) if isinstance(f, str) and f else None
    )
    df["standard_open"] = map_distinct(
        df["standard"], lambda s: opened.get(s) if isinstance(s, str) and s else None
    )
    return df


def flow_dicts(part: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of the flow table as the published ``flows`` objects."""
    return records(part, FLOW_COLUMNS)


def flow_records(portfolio: Portfolio, registries: Registries) -> list[dict[str, Any]]:
    """The flows section: each flow with its endpoints' names and the openness of its format."""
    return flow_dicts(flow_table(portfolio, registries))


def _value_counts(cells: pd.Series) -> pd.Series:
    """``split_multi(cells).value_counts()`` (as a count per value), splitting each distinct
    cell once: 2,000 applications share a few dozen format lists."""
    distinct = cells.value_counts()
    parts = split_multi(pd.Series(distinct.index, dtype=cells.dtype))
    weights = distinct.to_numpy()[parts.index.to_numpy()]
    counts: pd.Series = pd.Series(weights).groupby(parts.to_numpy()).sum()
    return counts


def format_records(portfolio: Portfolio, registries: Registries) -> list[dict[str, Any]]:
    """The formats section: every format the portfolio uses, its openness and where it is used."""
    apps = portfolio.applications
    storage = _value_counts(apps["storage_formats"]) if len(apps) else pd.Series()
    export = _value_counts(apps["export_formats"]) if len(apps) else pd.Series()
    flows = portfolio.flows["format"].dropna().value_counts()
    used = sorted(set(storage.index) | set(export.index) | set(flows.index))
    out: list[dict[str, Any]] = []
    for fid in used:
        entry = registries.formats.get(fid)
        out.append(
            {
                "format_id": fid,
                "name": entry.name if entry else None,
                "openness": entry.openness.value if entry else "unknown",
                "rgi_status": entry.rgi_status if entry else None,
                "storage_apps": int(storage.get(fid, 0)),
                "export_apps": int(export.get(fid, 0)),
                "flows": int(flows.get(fid, 0)),
            }
        )
    return out
