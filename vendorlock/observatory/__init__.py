"""A national observatory of software dependence from public-procurement records alone.

:func:`observe` reads DECP records (:mod:`vendorlock.observatory.records`), splits the
contracts into partitions of whole buyers, reduces each with the pure
:func:`~vendorlock.observatory.compute.partition_work` on the chosen engine
(:mod:`vendorlock.observatory.engines`) and combines them
(:func:`~vendorlock.observatory.compute.combine`). docs/observatory.md explains the method.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from vendorlock.observatory.compute import Observatory, combine, partition_work
from vendorlock.observatory.engines import run_partitions
from vendorlock.observatory.records import load_contracts, partition_of
from vendorlock.registry.registries import Registries

#: Partitions of buyers: fixed, so the combined sums are the same whatever the engine.
DEFAULT_PARTITIONS = 16


def observe(
    paths: Sequence[Path],
    registries: Registries,
    *,
    engine: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    partitions: int = DEFAULT_PARTITIONS,
) -> Observatory:
    """The observatory of the records in ``paths``."""
    # Files are read where the command runs (a Dask cluster's workers need no access to
    # them); with local processes, one file per process.
    reader_engine = "processes" if engine == "processes" else "serial"
    table = load_contracts(
        paths,
        registries,
        partial(run_partitions, engine=reader_engine, workers=workers),
    )
    part = partition_of(table["buyer"], partitions)
    order = part.argsort(kind="stable")
    table = table.iloc[order].reset_index(drop=True)
    cuts = part[order].searchsorted(range(1, partitions))
    parts = [table.iloc[lo:hi] for lo, hi in zip([0, *cuts], [*cuts, len(table)], strict=True)]
    del table
    results = run_partitions(partition_work, parts, engine, workers=workers, scheduler=scheduler)
    return combine(results)
