"""Benchmark the demo / scale data generator: wall time and peak memory.

    python benchmarks/bench_demo.py                 # 5,000 bodies, parquet and csv
    python benchmarks/bench_demo.py 50000           # the country-scale set
    python benchmarks/bench_demo.py 50000 --format parquet --flows-per-app 3.5

Each size runs in a fresh child process so that its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(members: int, fmt: str, flows_per_app: float | None, out: Path) -> None:
    from vendorlock.demo.generate import DemoOptions
    from vendorlock.demo.writers import OutputFormat, write_demo

    start = time.perf_counter()
    paths = write_demo(
        out,
        DemoOptions(members=members, flows_per_app=flows_per_app),
        OutputFormat(fmt),
        force=True,
    )
    seconds = time.perf_counter() - start
    rows = {}
    if fmt == "parquet":
        import pyarrow.parquet as pq

        rows = {p.stem: pq.ParquetFile(p).metadata.num_rows for p in paths}
    else:
        rows = {p.stem: sum(1 for _ in p.open("rb")) - 1 for p in paths}
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mib = sum(p.stat().st_size for p in paths) / 2**20
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_rss_mib": round(peak_mib),
                "output_mib": round(size_mib, 1),
                "rows": rows,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("members", nargs="?", type=int, default=5000)
    parser.add_argument("--format", choices=["parquet", "csv"], action="append")
    parser.add_argument("--flows-per-app", type=float, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    formats = args.format or ["parquet", "csv"]
    if args.child:
        _child(args.members, formats[0], args.flows_per_app, args.out)
        return
    for fmt in formats:
        with tempfile.TemporaryDirectory(prefix="vl-bench-demo-") as tmp:
            cmd = [
                sys.executable,
                __file__,
                str(args.members),
                "--format",
                fmt,
                "--child",
                "--out",
                tmp,
            ]
            if args.flows_per_app is not None:
                cmd += ["--flows-per-app", str(args.flows_per_app)]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True)
            stats = json.loads(done.stdout.strip().splitlines()[-1])
            rows = stats["rows"]
            apps, flows = rows.get("applications", 0), rows.get("flux", 0)
            print(
                f"demo-data {args.members:,} bodies → {fmt}: {stats['seconds']} s, "
                f"peak RSS {stats['peak_rss_mib']} MiB, {apps:,} applications, "
                f"{flows:,} flows, {stats['output_mib']} MiB on disk "
                f"({(apps + flows) / max(stats['seconds'], 1e-9):,.0f} rows/s)"
            )


if __name__ == "__main__":
    main()
