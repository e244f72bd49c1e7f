"""Benchmark: the observatory on generated procurement records (issue 14: 1,000,000 records in
under 2 minutes and 6 GiB on 2 cores).

Writes ``--records`` records as yearly DECP files of 200,000 (``gen_decp.py``, one seed: the
same buyers and holders every year, as in the consolidated yearly files), then runs
``vendorlock observatory`` in a child process per engine and reports its CPU and wall-clock
time and peak RSS (``getrusage`` of the children). Exit 1 when a run misses the goals, the time
goal judged on CPU time (benchmarks/timing.py: with the processes engine, the sum over the
worker processes — stricter than the wall time of an idle machine).

    python benchmarks/bench_observatory.py [--records 200000] [--engines processes,serial]
    python benchmarks/bench_observatory.py --records 1000000      # the issue's size
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_decp import write
from timing import Timing, measure, meets, verdict

PER_FILE = 200_000


def _run(files: list[Path], out: Path, engine: str) -> tuple[Timing, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    command = [sys.executable, "-m", "vendorlock", "observatory", *map(str, files)]
    with measure() as watch:
        subprocess.run([*command, "-o", str(out), "--engine", engine], check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    digest = hashlib.sha256()
    for path in sorted(out.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    # ru_maxrss of the children is the biggest child so far (KiB on Linux)
    return watch.timing, max(peak, before) / 1024**2, digest.hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--engines", default="processes,serial")
    parser.add_argument("--goal-seconds", type=float, default=120.0)
    parser.add_argument("--goal-gib", type=float, default=6.0)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        files, left, year = [], args.records, 2024
        while left > 0:
            size = min(PER_FILE, left)
            files.append(write(Path(tmp) / f"decp-{year}.json", size, year=year))
            left, year = left - size, year - 1
        digests = set()
        for engine in args.engines.split(","):
            timing, gib, digest = _run(files, Path(tmp) / f"out-{engine}", engine)
            digests.add(digest)
            small = gib <= args.goal_gib
            ok &= meets(timing, args.goal_seconds) and small
            print(
                f"observatory: {args.records} records in {len(files)} files, engine {engine}: "
                f"{verdict(timing, args.goal_seconds)}; peak RSS {gib:.2f} GiB, goal "
                f"{args.goal_gib:.0f} GiB: {'ok' if small else 'MISSED'}; outputs {digest}",
                flush=True,
            )
        if len(digests) > 1:
            print("observatory: outputs differ across engines")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
