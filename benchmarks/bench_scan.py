"""Benchmark of `vendorlock scan` against `file --mime-type` over the same generated tree.

Run: ``.venv/bin/python benchmarks/bench_scan.py [--files 20000] [--root DIR] [--runs 3]
[--parallel-probe]``. Generates a tree (benchmarks/scan_tree.py: ~50 formats with wrong
extensions, truncated files, symlink loops, unreadable folders when not root), then times, side by
side, with the page cache warm (one untimed pass first):

* ``vendorlock scan ROOT`` (a fresh process: imports, walk, identification, the three reports);
* ``vendorlock scan ROOT --cache`` re-run (every file unchanged: served from the cache);
* ``find ROOT -type f -print0 | xargs -0 file --mime-type`` (libmagic, the usual baseline).

Prints wall seconds (median), files per second and peak RSS (from wait4), and checks the scan's
counts per format against what was generated. ``--parallel-probe`` also times identification
alone, serial vs 2 threads vs 2 processes, to show whether parallelism pays on this machine.
Use ``--files 1000000`` for the issue's size (about 4 GiB of disk in 4 KiB blocks).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import scan_tree  # noqa: E402


def timed(cmd: list[str] | str, shell: bool = False) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, the process and the children it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 123):  # xargs: 123 when a file failed
        raise SystemExit(f"command failed: {cmd}")
    return wall, usage.ru_maxrss / 1024


def _identify_chunk(paths: list[str]) -> int:
    from vendorlock.registry import load_registries
    from vendorlock.scan import build_identifier

    ident = build_identifier(load_registries(()))
    n = 0
    for p in paths:
        try:
            ident.identify_path(p, os.path.basename(p), os.stat(p).st_size)
            n += 1
        except OSError:
            pass
    return n


def parallel_probe(root: Path, limit: int = 50_000) -> None:
    paths = []
    for dirpath, _, files in os.walk(root):
        paths.extend(os.path.join(dirpath, f) for f in files)
        if len(paths) >= limit:
            break
    paths = [p for p in paths[:limit] if os.path.isfile(p) and os.path.getsize(p) > 0]
    halves = [paths[0::2], paths[1::2]]
    chunks = [paths[i : i + 2000] for i in range(0, len(paths), 2000)]
    _identify_chunk(paths[:10])  # imports and registries loaded once before timing
    rows = []
    start = time.perf_counter()
    _identify_chunk(paths)
    rows.append(("serial", time.perf_counter() - start))
    with ThreadPoolExecutor(2) as pool:
        start = time.perf_counter()
        sum(pool.map(_identify_chunk, halves))
        rows.append(("2 threads", time.perf_counter() - start))
    with ProcessPoolExecutor(2) as ppool:
        start = time.perf_counter()
        sum(ppool.map(_identify_chunk, chunks))
        rows.append(("2 processes (incl. start-up)", time.perf_counter() - start))
    print(f"identification only, {len(paths)} files (page cache warm):")
    for name, secs in rows:
        print(f"  {name:30s} {secs:7.2f} s  {len(paths) / secs:9.0f} files/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--root", type=Path, default=None, help="reuse/generate the tree here")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parallel-probe", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the generated tree")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vl-bench-scan-"))
    root = args.root or work / "tree"
    manifest = root.parent / f"{root.name}.expected.json"
    if not manifest.exists():
        start = time.perf_counter()
        exp = scan_tree.generate(root, args.files)
        manifest.write_text(json.dumps({"formats": dict(exp.formats), "files": args.files}))
        print(f"generated {args.files} files in {time.perf_counter() - start:.1f} s")
    expected = json.loads(manifest.read_text())
    vendorlock = [sys.executable, "-m", "vendorlock"]
    out, cache = work / "out", work / "cache"
    scan = [*vendorlock, "scan", str(root), "-o", str(out), "--no-progress"]
    file_cmd = f"find '{root}' -type f -print0 | xargs -0 file --mime-type"
    timed(scan)  # warm the page cache (and Python's bytecode cache)
    timed(file_cmd, shell=True)
    results = {}
    for name, cmd, shell in (
        ("vendorlock scan", scan, False),
        ("file --mime-type", file_cmd, True),
    ):
        runs = [timed(cmd, shell) for _ in range(args.runs)]
        results[name] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
    timed([*scan, "--cache", str(cache)])
    reruns = [timed([*scan, "--cache", str(cache)]) for _ in range(args.runs)]
    results["vendorlock scan, cached re-run"] = (
        statistics.median(r[0] for r in reruns),
        max(r[1] for r in reruns),
    )
    doc = json.loads((out / "scan.json").read_text())
    got = {f["format"]: f["files"] for f in doc["formats"]}
    ok = got == expected["formats"]
    n = expected["files"]
    print(f"tree: {n} files, {len(expected['formats'])} formats; counts match generated: {ok}")
    for name, (wall, rss) in results.items():
        print(f"  {name:32s} {wall:8.2f} s  {n / wall:9.0f} files/s  peak RSS {rss:7.1f} MiB")
    if args.parallel_probe:
        parallel_probe(root)
    if not args.keep and args.root is None:
        scan_tree.restore(root)
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
