"""Scoring many members for the group views, in partitions, on any engine.

``aggregate`` and ``pool`` need the members' score tables (:mod:`.tables`), not their audit
documents. Every value of those tables is per organisation (metrics, scores, exit costs,
decision dates, roll-ups), so the members can be cut into partitions scored independently —
in this process, in local processes or on a Dask cluster (:mod:`vendorlock.engines`) — and
the partitions' tables concatenated and re-sorted equal those of one run over every member,
byte for byte whatever the engine or the number of partitions (tests pin both).

The cross-member part of ``pool`` (which members' contracts come up together) is computed
afterwards on the concatenated tables, so partitions do not hide members from each other.
(Only the audit document's per-application ``pool`` *action*, which member reports show, looks
at other members' contracts; it is not part of these tables.)
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from vendorlock.group.tables import GroupTables, concat_tables, score_tables
from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries
from vendorlock.scoring import RulePack

#: Members per partition when the engine spreads work (Dask; ``processes`` uses one partition
#: per worker): small enough to balance a cluster, large enough that per-task overhead
#: (shipping tables, loading the rule pack once per worker) stays a few percent.
PARTITION_MEMBERS = 250


@dataclass(frozen=True)
class Partition:
    """One partition's work: its members' portfolio and what scoring needs besides it
    (picklable: it is sent to worker processes or Dask workers as is)."""

    portfolio: Portfolio
    rules: tuple[Path, ...]
    as_of: date


#: Serialises the first loads: Dask runs several partitions at once in threads of one worker,
#: and two threads importing igraph for the first time at once get a half-initialised module.
_FIRST_LOAD = threading.Lock()


def _rules(rules: tuple[Path, ...]) -> tuple[Registries, RulePack]:
    """Registries and rule pack, loaded once per worker process for every partition it runs."""
    with _FIRST_LOAD:
        return _load_rules(rules)


@functools.lru_cache(maxsize=4)
def _load_rules(rules: tuple[Path, ...]) -> tuple[Registries, RulePack]:
    from vendorlock.metrics.flowgraph import import_igraph
    from vendorlock.registry import load_registries
    from vendorlock.scoring import load_pack

    import_igraph()  # swaps sys.modules entries for a moment: never from two threads at once
    return load_registries(rules), load_pack(rules)


def score_partition(part: Partition) -> GroupTables:
    """The score tables of one partition (a pure function of ``part``)."""
    registries, pack = _rules(part.rules)
    return score_tables(part.portfolio, registries, pack, part.as_of)


def org_ranges(portfolio: Portfolio, size: int = PARTITION_MEMBERS) -> Iterator[Portfolio]:
    """The portfolio cut into consecutive ranges of ``size`` sorted organisation ids.

    Each table is sorted by organisation once and sliced (no per-partition scan of the whole
    set); the editors table goes whole to every partition (a few hundred rows).
    """
    org_ids = sorted(portfolio.org_ids())
    bounds = [org_ids[i] for i in range(0, len(org_ids), size)]
    frames = {
        name: df.sort_values("org_id", kind="stable").reset_index(drop=True)
        for name, df in (
            ("organisations", portfolio.organisations),
            ("applications", portfolio.applications),
            ("contracts", portfolio.contracts),
            ("flows", portfolio.flows),
        )
    }
    cuts = {
        name: np.searchsorted(df["org_id"].astype(str).to_numpy(dtype=object), bounds)
        for name, df in frames.items()
    }
    for k in range(len(bounds)):

        def piece(name: str, k: int = k) -> pd.DataFrame:
            df = frames[name]
            start = int(cuts[name][k]) if k else 0  # rows of an unlisted id sort first
            stop = int(cuts[name][k + 1]) if k + 1 < len(bounds) else len(df)
            return df.iloc[start:stop]

        yield Portfolio(
            organisations=piece("organisations"),
            editors=portfolio.editors,
            applications=piece("applications"),
            contracts=piece("contracts"),
            flows=piece("flows"),
            sources=portfolio.sources,
        )


def plan_partitions(org_ids: Sequence[str], engine: str, workers: int | None) -> int:
    """How many partitions: one for ``serial``; one per worker process for ``processes``
    (default one per core); about :data:`PARTITION_MEMBERS` members each for ``dask``."""
    if engine == "serial":
        return 1
    if engine == "processes":
        return max(1, min(workers or os.cpu_count() or 1, len(org_ids)))
    return max(1, -(-len(org_ids) // PARTITION_MEMBERS))


def score_members(
    portfolio: Portfolio,
    rules: Sequence[Path],
    as_of: date,
    *,
    engine: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
) -> GroupTables:
    """The score tables of every organisation of ``portfolio`` (see the module docstring)."""
    org_ids = portfolio.org_ids()
    n = plan_partitions(org_ids, engine, workers)
    if n <= 1 and engine != "dask":
        return score_partition(Partition(portfolio, tuple(rules), as_of))
    # here, not at the top: the engines load multiprocessing, which one partition never uses
    from vendorlock.engines import stream_partitions

    size = max(1, -(-len(org_ids) // n))
    work = (Partition(part, tuple(rules), as_of) for part in org_ranges(portfolio, size))
    # one partition at a time to each worker: no graph holding every member's tables at once
    tables = stream_partitions(
        score_partition, work, engine, workers=workers, scheduler=scheduler, in_flight=2
    )
    return concat_tables(list(tables))
