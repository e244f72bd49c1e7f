"""`make bench`: every benchmark in turn, at sizes that finish in a few minutes here.

Pass ``--full`` for the sizes the issues quote (1M-row CSV, 50,000 bodies): tens of minutes.
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
    for args in QUICK:
        if full:
            args = FULL_OVERRIDES.get(args[0], args)
        print(f"\n=== {' '.join(args)}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / args[0]), *args[1:]], check=False)
        if done.returncode:
            failed.append(args[0])
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
