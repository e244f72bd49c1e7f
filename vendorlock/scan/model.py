"""What a scan measures: constant-size counters while walking, a frozen result at the end.

The walker never keeps a list of files: :class:`Tally` holds counters per format and per (top
folder, format), the oldest and newest file and bounded samples, so memory depends on the number
of formats and top folders, not on the number of files. :func:`summarise` turns it into the
frozen :class:`ScanResult` every report reads, with formats resolved in the registry.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from vendorlock.registry import Registries
from vendorlock.scan.identify import BY_CONTENT, BY_EXTENSION, DAMAGED, WRONG_EXTENSION

#: Samples kept per kind (wrong extensions, damaged, unidentified, problems).
SAMPLE_LIMIT = 50
#: JSON schema version of the scan document.
SCAN_FORMAT_VERSION = 1
#: Openness classes in report order; "unknown" gathers unidentified files and unknown openness.
OPENNESS_ORDER = (
    "open_standard",
    "open_specification",
    "documented_proprietary",
    "closed_proprietary",
    "unknown",
)
NOT_OPEN = frozenset({"documented_proprietary", "closed_proprietary"})


@dataclass
class Tally:
    """Counters the walker updates for each file (mutable; one per scan)."""

    # (folder, format) → [files, bytes, by_content, by_extension, wrong_ext, damaged]
    cells: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    hidden: list[int] = field(default_factory=lambda: [0, 0])
    system: list[int] = field(default_factory=lambda: [0, 0])
    empty: int = 0
    symlinks: int = 0
    special: int = 0
    folders: int = 0
    cache_hits: int = 0
    oldest: tuple[float, str] | None = None
    newest: tuple[float, str] | None = None
    problems: Counter[str] = field(default_factory=Counter)
    samples: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, folder: str, fmt: str, method: str, flags: int, size: int) -> list[int]:
        cell = self.cells.get((folder, fmt))
        if cell is None:
            cell = self.cells[(folder, fmt)] = [0, 0, 0, 0, 0, 0]
        cell[0] += 1
        cell[1] += size
        if method == BY_CONTENT:
            cell[2] += 1
        elif method == BY_EXTENSION:
            cell[3] += 1
        if flags & WRONG_EXTENSION:
            cell[4] += 1
        if flags & DAMAGED:
            cell[5] += 1
        return cell

    def dated(self, mtime: float, path: str) -> None:
        if self.oldest is None or (mtime, path) < self.oldest:
            self.oldest = (mtime, path)
        if self.newest is None or (mtime, path) > self.newest:
            self.newest = (mtime, path)

    def sample(self, kind: str, path: str, detail: str) -> None:
        kept = self.samples.setdefault(kind, [])
        if len(kept) < SAMPLE_LIMIT:
            kept.append((path, detail))

    def problem(self, kind: str, path: str, reason: str) -> None:
        self.problems[kind] += 1
        self.sample(f"problem.{kind}", path, reason)


@dataclass(frozen=True)
class FormatCount:
    format: str
    name: str
    openness: str
    rgi_status: str
    pronom: str
    files: int
    bytes: int
    by_content: int
    by_extension: int
    wrong_extension: int
    damaged: int
    #: The registry's French name, for the French reports (the JSON keeps ``name``).
    name_fr: str = ""


@dataclass(frozen=True)
class FolderCount:
    folder: str
    files: int
    bytes: int
    not_open_files: int
    not_open_bytes: int
    to_migrate: str  # "doc 12; xls 3": the not-open formats an open-format migration touches


@dataclass(frozen=True)
class ScanResult:
    """Everything a scan report shows; plain values, deterministic order."""

    roots: tuple[str, ...]
    partial: bool
    files: int
    bytes: int
    formats: tuple[FormatCount, ...]
    openness: tuple[tuple[str, int, int], ...]  # class, files, bytes
    folders: tuple[FolderCount, ...]
    not_open_share_bytes: float  # of bytes in known-openness formats
    not_open_share_files: float
    closedness_bytes: float  # closed 1, documented 0.5, open 0; byte-weighted (audit metric)
    oldest: tuple[str, str] | None  # (ISO date, path)
    newest: tuple[str, str] | None
    hidden: tuple[int, int]
    system: tuple[int, int]
    empty: int
    symlinks: int
    special: int
    folders_walked: int
    cache_hits: int
    problems: tuple[tuple[str, int], ...]
    samples: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    def measured_formats(self) -> dict[str, tuple[int, int]]:
        """Format id → (files, bytes): what the audit reads."""
        return {f.format: (f.files, f.bytes) for f in self.formats}


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).date().isoformat()


def _share(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


def summarise(
    tally: Tally, registries: Registries, roots: tuple[str, ...], partial: bool
) -> ScanResult:
    """Freeze ``tally`` into a :class:`ScanResult`, formats resolved in ``registries``."""
    per_format: dict[str, list[int]] = {}
    per_folder: dict[str, list[int]] = {}
    migrate: dict[str, Counter[str]] = {}
    for (folder, fmt), cell in tally.cells.items():
        acc = per_format.setdefault(fmt, [0] * 6)
        for i, v in enumerate(cell):
            acc[i] += v
        entry = registries.formats.get(fmt)
        openness = str(entry.openness) if entry is not None else "unknown"
        facc = per_folder.setdefault(folder, [0, 0, 0, 0])
        facc[0] += cell[0]
        facc[1] += cell[1]
        if openness in NOT_OPEN:
            facc[2] += cell[0]
            facc[3] += cell[1]
            migrate.setdefault(folder, Counter())[fmt] += cell[0]
    formats = []
    by_class: dict[str, list[int]] = {o: [0, 0] for o in OPENNESS_ORDER}
    weighted = known_bytes = 0.0
    for fmt, acc in per_format.items():
        entry = registries.formats.get(fmt)
        openness = str(entry.openness) if entry is not None else "unknown"
        by_class.setdefault(openness, [0, 0])
        by_class[openness][0] += acc[0]
        by_class[openness][1] += acc[1]
        if entry is not None and not math.isnan(entry.closedness):
            weighted += entry.closedness * acc[1]
            known_bytes += acc[1]
        formats.append(
            FormatCount(
                fmt,
                entry.name if entry is not None else "",
                openness,
                entry.rgi_status if entry is not None else "unknown",
                ", ".join(entry.pronom) if entry is not None else "",
                files=acc[0],
                bytes=acc[1],
                by_content=acc[2],
                by_extension=acc[3],
                wrong_extension=acc[4],
                damaged=acc[5],
                name_fr=entry.name_fr if entry is not None else "",
            )
        )
    formats.sort(key=lambda f: (-f.bytes, -f.files, f.format))
    known_files = sum(v[0] for k, v in by_class.items() if k != "unknown")
    known_b = sum(v[1] for k, v in by_class.items() if k != "unknown")
    not_open_files = sum(by_class[k][0] for k in NOT_OPEN)
    not_open_bytes = sum(by_class[k][1] for k in NOT_OPEN)
    folders = tuple(
        sorted(
            (
                FolderCount(
                    folder,
                    acc[0],
                    acc[1],
                    acc[2],
                    acc[3],
                    "; ".join(
                        f"{fmt} {n}"
                        for fmt, n in sorted(
                            migrate.get(folder, Counter()).items(), key=lambda x: (-x[1], x[0])
                        )
                    ),
                )
                for folder, acc in per_folder.items()
            ),
            key=lambda f: (-f.not_open_bytes, -f.bytes, f.folder),
        )
    )
    return ScanResult(
        roots=roots,
        partial=partial,
        files=sum(f.files for f in formats),
        bytes=sum(f.bytes for f in formats),
        formats=tuple(formats),
        openness=tuple((k, v[0], v[1]) for k, v in by_class.items()),
        folders=folders,
        not_open_share_bytes=_share(not_open_bytes, known_b),
        not_open_share_files=_share(not_open_files, known_files),
        closedness_bytes=_share(weighted, known_bytes),
        oldest=(_iso(tally.oldest[0]), tally.oldest[1]) if tally.oldest else None,
        newest=(_iso(tally.newest[0]), tally.newest[1]) if tally.newest else None,
        hidden=(tally.hidden[0], tally.hidden[1]),
        system=(tally.system[0], tally.system[1]),
        empty=tally.empty,
        symlinks=tally.symlinks,
        special=tally.special,
        folders_walked=tally.folders,
        cache_hits=tally.cache_hits,
        problems=tuple(sorted(tally.problems.items())),
        samples=tuple(
            (kind, tuple(sorted(items))) for kind, items in sorted(tally.samples.items())
        ),
    )


def _num(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


def _json_format(f: FormatCount) -> dict[str, Any]:
    """A format's row as scan.json has always written it: the English name only."""
    row = dict(vars(f))
    del row["name_fr"]
    return row


def to_document(result: ScanResult, signatures_version: str) -> dict[str, Any]:
    """The JSON document of a scan (``vendorlock audit --scan`` reads it back)."""
    return {
        "vendorlock_scan": SCAN_FORMAT_VERSION,
        "signatures_version": signatures_version,
        "roots": list(result.roots),
        "partial": result.partial,
        "totals": {
            "files": result.files,
            "bytes": result.bytes,
            "not_open_share_bytes": _num(result.not_open_share_bytes),
            "not_open_share_files": _num(result.not_open_share_files),
            "closedness_bytes": _num(result.closedness_bytes),
            "hidden_files": result.hidden[0],
            "hidden_bytes": result.hidden[1],
            "system_files": result.system[0],
            "system_bytes": result.system[1],
            "empty_files": result.empty,
            "symlinks": result.symlinks,
            "special_files": result.special,
            "folders": result.folders_walked,
        },
        "oldest": {"date": result.oldest[0], "path": result.oldest[1]} if result.oldest else None,
        "newest": {"date": result.newest[0], "path": result.newest[1]} if result.newest else None,
        "formats": [_json_format(f) for f in result.formats],
        "openness": [{"openness": o, "files": n, "bytes": b} for o, n, b in result.openness],
        "folders": [vars(f) for f in result.folders],
        "problems": dict(result.problems),
        "samples": {
            kind: [{"path": p, "detail": d} for p, d in items] for kind, items in result.samples
        },
    }
