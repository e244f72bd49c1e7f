"""National runs: every member's score tables written as Parquet, one partition at a time.

A national set (50,000 bodies, 2.5 million applications) is too large for a group report and
for per-application audit documents, but its score tables are what analysts need. Here the
members are cut into partitions of consecutive organisation ids (sorted, ``PARTITION_MEMBERS``
each); each partition is scored (:func:`vendorlock.group.tables.score_tables`) and written at
once as ``<table>/part-NNNNN.parquet`` under the output folder, then dropped, so memory holds
the partitions in flight, not the country. The partition function writes its own files and
returns only counts: on Dask the workers write (the output folder must be shared with them).

The files of one partition are sorted like the group tables (applications by ``app_id``,
organisations by ``org_id``, flows by ``flow_id`` then ``org_id``); partitions follow the
order of organisation ids. The same members give the same bytes whatever the engine.
Read the folders back as one table each, for example ``pandas.read_parquet(out /
"applications")``, duckdb's ``read_parquet('out/applications/*.parquet')`` or polars.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from vendorlock.group.scale import Partition, org_ranges, score_partition
from vendorlock.group.tables import GroupTables
from vendorlock.model.portfolio import Portfolio

#: The tables written, each in its own folder of part files.
TABLES = ("applications", "organisations", "flows")

__all__ = ["TABLES", "org_ranges", "part_path", "stream_tables"]


@dataclass(frozen=True)
class TablesPart:
    """One partition to score and write (picklable, sent to workers as is)."""

    work: Partition
    out_dir: Path
    index: int


@dataclass(frozen=True)
class PartCounts:
    """Rows written by one partition (what comes back from a worker)."""

    index: int
    organisations: int
    applications: int
    flows: int


@dataclass(frozen=True)
class TablesSummary:
    """What a national run wrote: the folder, the partitions and the rows of each table."""

    out_dir: Path
    partitions: int
    organisations: int
    applications: int
    flows: int


def part_path(out_dir: Path, table: str, index: int) -> Path:
    return out_dir / table / f"part-{index:05d}.parquet"


def write_tables(tables: GroupTables, out_dir: Path, index: int) -> None:
    """The three tables of one partition as Parquet files (zstd; same rows, same bytes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name in TABLES:
        frame: pd.DataFrame = getattr(tables, name)
        path = part_path(out_dir, name, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(table, path, compression="zstd")


def score_and_write(part: TablesPart) -> PartCounts:
    """Score one partition and write its tables (runs in a worker; returns counts only)."""
    tables = score_partition(part.work)
    write_tables(tables, part.out_dir, part.index)
    return PartCounts(
        part.index, len(tables.organisations), len(tables.applications), len(tables.flows)
    )


def clear_parts(out_dir: Path) -> None:
    """Remove part files of an earlier run (a smaller run must not leave stale partitions)."""
    for name in TABLES:
        for old in sorted((out_dir / name).glob("part-*.parquet")):
            old.unlink()


def stream_tables(
    parts: Iterable[Portfolio],
    rules: Sequence[Path],
    as_of: date,
    out_dir: Path,
    *,
    engine: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    in_flight: int = 2,
) -> TablesSummary:
    """Score and write every partition of ``parts`` (see the module docstring).

    ``parts`` may be a generator: at most ``in_flight`` partitions per worker are in memory
    at once, here and in the workers.
    """
    from vendorlock.engines import stream_partitions

    clear_parts(out_dir)
    work = (
        TablesPart(Partition(portfolio, tuple(rules), as_of), out_dir, index)
        for index, portfolio in enumerate(parts)
    )
    counts = list(
        stream_partitions(
            score_and_write,
            work,
            engine,
            workers=workers,
            scheduler=scheduler,
            in_flight=in_flight,
        )
    )
    return TablesSummary(
        out_dir,
        len(counts),
        sum(c.organisations for c in counts),
        sum(c.applications for c in counts),
        sum(c.flows for c in counts),
    )
