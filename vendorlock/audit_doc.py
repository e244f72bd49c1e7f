"""Sections of the audit document that come straight from the portfolio and the registries.

The audit document (``vendorlock/schemas/audit.schema.json``) is the one contract between the
scoring stages and every report. These helpers build its descriptive sections — flows, formats,
inputs — from tables, column-wise, and turn pandas missing values into JSON ``null``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

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


def flow_records(portfolio: Portfolio, registries: Registries) -> list[dict[str, Any]]:
    """The flows section: each flow with its endpoints' names and the openness of its format."""
    flows = portfolio.flows
    if flows.empty:
        return []
    app_names = dict(
        zip(portfolio.applications["app_id"], portfolio.applications["name"], strict=True)
    )
    platforms = registries.platforms

    def kind_of(target: Any) -> str:
        if target in app_names:
            return "application"
        if target in platforms:
            return "platform"
        return "unknown"

    def name_of(node: Any) -> Any:
        if node in app_names:
            return app_names[node]
        if node in platforms:
            return platforms[node].name
        return None

    df = flows.sort_values("flow_id", kind="stable")
    out = records(
        df,
        [
            "flow_id",
            "org_id",
            "source",
            "target",
            "data",
            "format",
            "standard",
            "protocol",
            "frequency",
        ],
    )
    for rec in out:
        rec["source_name"] = clean(name_of(rec["source"]))
        rec["target_name"] = clean(name_of(rec["target"]))
        rec["target_kind"] = kind_of(rec["target"])
        fmt = registries.formats.get(rec["format"]) if rec["format"] else None
        rec["format_openness"] = fmt.openness.value if fmt else None
        std = registries.standards.get(rec["standard"]) if rec["standard"] else None
        rec["standard_open"] = std.open if std else None
    return out


def format_records(portfolio: Portfolio, registries: Registries) -> list[dict[str, Any]]:
    """The formats section: every format the portfolio uses, its openness and where it is used."""
    apps = portfolio.applications
    storage = split_multi(apps["storage_formats"]).value_counts() if len(apps) else pd.Series()
    export = split_multi(apps["export_formats"]).value_counts() if len(apps) else pd.Series()
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
