"""`make bench`: every benchmark in turn, at sizes that finish in a few minutes here.

Pass ``--full`` for the sizes the issues quote (1M-row CSV, 50,000 bodies): tens of minutes.
Every line a benchmark prints with its goal next to it ("goal …") is printed again at the end,
under the benchmark's name: the done-when figures of the issues in one table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

QUICK = [
    ["bench_start.py", "--runs", "11"],
    ["bench_readers.py", "--rows-workbook", "100000", "--rows-csv", "1000000", "--runs", "3"],
    ["bench_audit.py", "--runs", "3", "--bodies", "5000"],
    ["bench_recognition.py", "--runs", "7"],
    ["bench_reports.py"],
    ["bench_graph.py", "--quick"],
    ["bench_scoring.py", "1000000"],
    ["bench_group.py", "--members", "500"],
    ["bench_national.py", "--bodies", "5000"],
    ["bench_demo.py", "5000", "--format", "parquet"],
    ["bench_glpi.py", "--software", "10000", "--runs", "3"],
    ["bench_decp.py", "--records", "200000", "--runs", "3"],
    ["bench_history.py", "--runs", "8"],
    ["bench_scan.py", "--files", "20000"],
    ["bench_observatory.py", "--records", "200000"],
]
FULL_OVERRIDES = {
    "bench_audit.py": ["bench_audit.py", "--runs", "3", "--bodies", "50000"],
    "bench_graph.py": ["bench_graph.py"],
    "bench_scoring.py": ["bench_scoring.py", "3000000"],
    "bench_demo.py": ["bench_demo.py", "50000", "--format", "parquet"],
    "bench_scan.py": ["bench_scan.py", "--files", "1000000"],
    "bench_observatory.py": ["bench_observatory.py", "--records", "1000000"],
    "bench_national.py": ["bench_national.py", "--bodies", "50000"],
}


def main() -> int:
    full = "--full" in sys.argv[1:]
    failed = []
    goals: list[tuple[str, str]] = []
    for args in QUICK:
        if full:
            args = FULL_OVERRIDES.get(args[0], args)
        print(f"\n=== {' '.join(args)}", flush=True)
        with subprocess.Popen(
            [sys.executable, str(HERE / args[0]), *args[1:]],
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        ) as child:
            assert child.stdout is not None
            for line in child.stdout:
                print(line, end="", flush=True)
                if "goal" in line:
                    goals.append((args[0], line.strip()))
        if child.returncode:
            failed.append(args[0])
    print("\n=== figures with their goals (CPU time judged; see benchmarks/timing.py)")
    for script, line in goals:
        print(f"{script:<22}{line}")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
