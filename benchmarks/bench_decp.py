"""Benchmark: a year of procurement records (~200,000 DECP records) read in under 15 s.

Generates the records with ``gen_decp.py`` (deterministic) in a temporary folder, then times
``load_inventory`` on them (detect, parse the JSON, keep CPV 48/72, de-duplicate, apply
modifications, recognise, assemble, validate): median of ``--runs`` runs, wall-clock (the CPU
time and the machine's load average are printed beside it: on a shared machine the wall-clock
time grows with the load). Exit 1 when the wall-clock median is over the goal.

    python benchmarks/bench_decp.py [--records 200000] [--runs 3] [--goal 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_decp import write

from vendorlock.readers import load_inventory
from vendorlock.registry import load_registries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--goal", type=float, default=15.0)
    args = parser.parse_args()
    registries = load_registries()
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "decp-2024.json", args.records)
        size = path.stat().st_size / 1024**2
        times, cpus, result = [], [], None
        for _ in range(args.runs):
            start, cpu = time.perf_counter(), time.process_time()
            result = load_inventory([path], registries)
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
    assert result is not None
    median = statistics.median(times)
    counts = result.portfolio.counts()
    print(
        f"decp: {args.records} records ({size:.0f} MB JSON) read in {median:.2f} s "
        f"(median of {args.runs}; CPU {statistics.median(cpus):.2f} s; load average "
        f"{os.getloadavg()[0]:.1f}; {args.records / median:,.0f} records/s) → "
        + ", ".join(f"{t}: {n}" for t, n in counts.items())
        + f"; goal {args.goal:.0f} s: {'ok' if median <= args.goal else 'MISSED'}"
    )
    return 0 if median <= args.goal else 1


if __name__ == "__main__":
    raise SystemExit(main())
