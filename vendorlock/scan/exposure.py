"""Measured exposure: what ``vendorlock audit --scan scan.json`` reads from a scan.

An inventory declares the formats each application stores ("doc;odt"); a scan measures how many
bytes of the body's files are really in each. For every application all of whose declared
formats (of known openness) the scan found, the declared mean closedness is replaced by the
byte-weighted closedness of those files (closed 1, documented 0.5, open 0) — in
``closed_storage_share`` and in
``heritage_closed_share``, the metric of the ``closed-heritage`` criterion. Applications whose
formats the scan did not see keep their declared figures; each figure's source is recorded.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.distinct import float_per_distinct
from vendorlock.errors import ReaderError
from vendorlock.metrics.formats import FloatArray, over_ids
from vendorlock.metrics.interface import Metrics
from vendorlock.registry import Registries
from vendorlock.scan.model import SCAN_FORMAT_VERSION

#: Metrics a scan can measure; the audit shows each one's source.
MEASURED_METRICS = ("closed_storage_share", "heritage_closed_share")
DECLARED, MEASURED = "declared", "measured"
_MAX_SCAN_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class MeasuredHeritage:
    """The part of a scan document the audit uses."""

    path: str
    roots: tuple[str, ...]
    partial: bool
    files: int
    bytes: int
    not_open_share_bytes: float | None
    formats: Mapping[str, tuple[int, int]]  # format id → (files, bytes)


def load_scan(path: Path) -> MeasuredHeritage:
    """Read a ``scan.json`` written by ``vendorlock scan``; a located error otherwise."""

    def bad(reason: str) -> ReaderError:
        return ReaderError.of("scan.bad_scan_file", path=path, reason=reason)

    try:
        if path.stat().st_size > _MAX_SCAN_BYTES:
            raise bad(f"larger than {_MAX_SCAN_BYTES // (1024 * 1024)} MiB")
        doc: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad(str(exc)) from exc
    if not isinstance(doc, dict) or doc.get("vendorlock_scan") != SCAN_FORMAT_VERSION:
        raise bad(f"no 'vendorlock_scan: {SCAN_FORMAT_VERSION}' key")
    formats: dict[str, tuple[int, int]] = {}
    try:
        for i, item in enumerate(doc["formats"]):
            files, size = item["files"], item["bytes"]
            if not (isinstance(files, int) and isinstance(size, int)) or files < 0 or size < 0:
                raise bad(f"formats[{i}]: files and bytes must be counts")
            formats[str(item["format"])] = (files, size)
        totals = doc["totals"]
        share = totals.get("not_open_share_bytes")
        return MeasuredHeritage(
            path=str(path),
            roots=tuple(str(r) for r in doc.get("roots", [])),
            partial=bool(doc.get("partial", False)),
            files=int(totals["files"]),
            bytes=int(totals["bytes"]),
            not_open_share_bytes=float(share) if share is not None else None,
            formats=formats,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise bad(f"missing or wrong field {exc}") from exc


def _weighted(heritage: MeasuredHeritage, registries: Registries) -> Any:
    def share(ids: list[str]) -> float:
        weighted = total = 0.0
        for fid in ids:
            entry = registries.formats.get(fid)
            size = heritage.formats.get(fid, (0, 0))[1]
            if entry is None or math.isnan(entry.closedness):
                continue
            if size == 0:
                # The scan did not see this stored format (a database inside the application,
                # files elsewhere): it cannot speak for the whole storage, keep the declared.
                return math.nan
            weighted += entry.closedness * size
            total += size
        return weighted / total if total else math.nan

    return share


def apply_scan(
    metrics: Metrics,
    storage_formats: pd.Series,
    heritage: MeasuredHeritage,
    registries: Registries,
) -> tuple[Metrics, pd.DataFrame]:
    """``metrics`` with the measured figures where the scan saw the declared formats.

    ``storage_formats`` is aligned with ``metrics.applications`` (one cell per application).
    Returns the new metrics and, per application, the declared and measured values and the
    source of the figure the audit uses.
    """
    table = metrics.applications.copy()
    measured: FloatArray = float_per_distinct(
        storage_formats.reset_index(drop=True), over_ids(_weighted(heritage, registries))
    )
    declared = table["closed_storage_share"].to_numpy(dtype=np.float64)
    use = ~np.isnan(measured)
    for metric in MEASURED_METRICS:
        table[metric] = np.where(use, measured, table[metric].to_numpy(dtype=np.float64))
    sources = pd.DataFrame(
        {
            "declared": declared,
            "measured": measured,
            "source": np.where(use, MEASURED, DECLARED),
        },
        index=table.index,
    )
    return dataclasses.replace(metrics, applications=table), sources


def annotate(
    doc: dict[str, Any], sources: pd.DataFrame, heritage: MeasuredHeritage, lang: str
) -> None:
    """Record in the audit document where each heritage figure comes from, in place."""
    from vendorlock.i18n import t

    def num(value: float) -> float | None:
        return None if math.isnan(value) else round(float(value), 6)

    rows = sources.to_dict("index")
    for app in doc["applications"]:
        row = rows.get(app["app_id"])
        if row is None:
            continue
        source = str(row["source"])
        app["figure_sources"] = {
            "source": source,
            "declared_closed_share": num(row["declared"]),
            "measured_closed_share": num(row["measured"]),
        }
        label = t(f"scan.source.{source}", lang)
        for crit in app["criteria"]:
            if crit["metric"] in MEASURED_METRICS:
                crit["source"] = source
                crit["reason"] = f"{crit['reason']} [{label}]"
    doc["scan"] = {
        "path": heritage.path,
        "roots": list(heritage.roots),
        "partial": heritage.partial,
        "files": heritage.files,
        "bytes": heritage.bytes,
        "not_open_share_bytes": heritage.not_open_share_bytes,
        "applications_measured": int((sources["source"] == MEASURED).sum()),
        "applications_declared": int((sources["source"] == DECLARED).sum()),
    }
