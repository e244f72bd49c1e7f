"""National run benchmark: N bodies scored and their tables written as Parquet, streamed.

Usage::

    python benchmarks/bench_national.py [--bodies 50000] [--engine processes] [--workers 2]

The bodies come from the demo generator chunk by chunk (``vendorlock.demo.iter_chunks``, about
40,000 applications per chunk); each chunk is one partition, scored into the group tables and
written as ``<table>/part-NNNNN.parquet`` (:func:`vendorlock.group.national.stream_tables`)
while the next chunks are generated, so memory holds a few partitions, not the country.

Printed, with issue 11's goals (50,000 bodies: < 3 min, peak < 6 GiB):
- ``generate only``: the input side alone (chunks generated and converted, nothing scored);
- ``generate + score + write``: the streamed run, wall time and peak RSS of this process and
  of its worker processes (each measured in a fresh child process);
- ``score + write`` = the difference: what the run adds to producing its input.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

AS_OF = date(2026, 1, 1)
GOAL_SECONDS = 180.0
GOAL_GIB = 6.0


def portfolios(bodies: int) -> Iterator[object]:
    import numpy as np

    from vendorlock.demo.generate import DemoOptions, editors_table, iter_chunks, to_frame
    from vendorlock.demo.market import load_market
    from vendorlock.model.portfolio import Portfolio, conform
    from vendorlock.model.schema import Table

    market = load_market()
    editors = conform(
        Table.EDITORS,
        to_frame(Table.EDITORS, editors_table(market, np.ones(len(market.editors), dtype=bool))),
    )
    for chunk in iter_chunks(DemoOptions(members=bodies, seed=0), market):
        frames = {t: conform(t, to_frame(t, data)) for t, data in chunk.tables.items()}
        yield Portfolio(
            organisations=frames[Table.ORGANISATIONS],
            editors=editors,
            applications=frames[Table.APPLICATIONS],
            contracts=frames[Table.CONTRACTS],
            flows=frames[Table.FLOWS],
        )


def child(args: argparse.Namespace) -> None:
    start = time.perf_counter()
    if args.mode == "generate":
        apps = sum(len(p.applications) for p in portfolios(args.bodies))  # type: ignore[attr-defined]
        result = {"applications": apps}
    else:
        from vendorlock.group.national import stream_tables

        summary = stream_tables(
            portfolios(args.bodies),  # type: ignore[arg-type]
            (),
            AS_OF,
            Path(args.out),
            engine=args.engine,
            workers=args.workers,
        )
        result = {
            "applications": summary.applications,
            "organisations": summary.organisations,
            "flows": summary.flows,
            "partitions": summary.partitions,
        }
    result["seconds"] = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu"] = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    result["self_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["workers_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(mode: str, args: argparse.Namespace, out: Path) -> dict[str, float]:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--bodies",
        str(args.bodies),
        "--engine",
        args.engine,
        "--workers",
        str(args.workers),
        "--out",
        str(out),
    ]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bodies", type=int, default=50_000)
    parser.add_argument("--engine", default="processes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", dest="mode", default=None)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.mode:
        child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        gen = run_child("generate", args, Path(tmp))
        run = run_child("run", args, Path(tmp) / "tables")
        size = sum(f.stat().st_size for f in (Path(tmp) / "tables").rglob("*.parquet"))
    peak = max(run["self_mib"], run["workers_mib"]) / 1024
    total = run["self_mib"] / 1024 + run["workers_mib"] / 1024 * args.workers
    print(
        f"{args.bodies} bodies: {run['applications']:,.0f} applications, "
        f"{run['flows']:,.0f} flows, {run['partitions']:.0f} partitions, "
        f"{size / 2**20:.0f} MiB of Parquet"
    )
    print(f"{'generate only (input side)':<44} {gen['seconds']:7.1f} s   CPU {gen['cpu']:.1f} s")
    line = f"{'generate + score + write, streamed':<44} {run['seconds']:7.1f} s"
    print(
        f"{line}   goal < {GOAL_SECONDS:.0f} s  {'ok' if run['seconds'] < GOAL_SECONDS else 'OVER'}"
    )
    print(f"{'  CPU, main + workers':<44} {run['cpu']:7.1f} s")
    print(f"{'score + write (difference)':<44} {run['seconds'] - gen['seconds']:7.1f} s")
    verdict = "ok" if total < GOAL_GIB else "OVER"
    print(
        f"peak RSS: main {run['self_mib']:.0f} MiB, largest worker {run['workers_mib']:.0f} MiB; "
        f"main + {args.workers} workers ≤ {total:.2f} GiB   goal < {GOAL_GIB:.0f} GiB  {verdict}"
        f" (largest single process {peak:.2f} GiB)"
    )


if __name__ == "__main__":
    main()
