"""The five audit writers one after another, in threads, or in forked processes (issue 11.4).

Audits the 2,000-application / 10,000-flow body once, then renders json, xlsx, ods, html and md
(bytes in memory, nothing written) three ways and prints the median of each, so the faster
way on this machine is chosen from a measurement. Forked workers inherit the document (its
tables are not pickled); a result comes back as bytes.

``--per-writer`` prints instead the median CPU seconds of each writer alone (CPU rather than
wall: the machine is shared); it works against an older checkout too, for side-by-side runs.

Run: ``python benchmarks/bench_writers.py [--runs 3] [--workers 2] [--per-writer]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from vendorlock.demo import DemoOptions, generate
from vendorlock.i18n import Lang
from vendorlock.reports import ReportFormat, render

AS_OF = date(2026, 11, 28)
_DOC: Any = None


def _render(fmt: ReportFormat) -> int:
    return len(render(_DOC, fmt, Lang.EN))


def sequential() -> None:
    for fmt in ReportFormat:
        _render(fmt)


def threads(workers: int) -> Callable[[], None]:
    def run() -> None:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(_render, list(ReportFormat)))

    return run


def processes(workers: int) -> Callable[[], None]:
    def run() -> None:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            list(pool.map(_render, list(ReportFormat)))

    return run


def median(func: Callable[[], object], runs: int, cpu: bool = False) -> float:
    clock = time.process_time if cpu else time.perf_counter
    times = []
    for _ in range(runs):
        start = clock()
        func()
        times.append(clock() - start)
    return statistics.median(times)


def main() -> None:
    global _DOC
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--per-writer", action="store_true")
    args = parser.parse_args()
    from vendorlock.audit import AuditOptions, audit_document
    from vendorlock.readers import LoadOptions, load_inventory
    from vendorlock.registry import load_registries
    from vendorlock.scoring import load_pack

    with tempfile.TemporaryDirectory() as tmp:
        options = DemoOptions(members=1, seed=1, apps_per_member=2000, flows_per_app=5)
        (path,) = generate(Path(tmp), options)
        registries, pack = load_registries(), load_pack()
        loaded = load_inventory([path], registries, LoadOptions())
    options = AuditOptions(as_of=AS_OF, lang=Lang.EN)
    _DOC = audit_document(loaded.portfolio, registries, pack, options)
    _render(ReportFormat.HTML)  # warm imports (the page's modules)
    if args.per_writer:
        print("each writer alone, 2,000 applications / 10,000 flows (median CPU seconds)")
        for fmt in (f for f in ReportFormat if f.value != "pdf"):  # pdf: Chromium's time
            seconds = median(lambda fmt=fmt: _render(fmt), args.runs, cpu=True)
            print(f"    {fmt.value:<5} {seconds:6.3f} s")
        return
    print("five writers, 2,000 applications / 10,000 flows (medians)")
    base = median(sequential, args.runs)
    print(f"    one after another          {base:6.2f} s")
    for name, way in (("threads", threads), ("forked processes", processes)):
        value = median(way(args.workers), args.runs)
        print(f"    {args.workers} {name:<24}{value:6.2f} s   ({base / value:4.2f}x)")


if __name__ == "__main__":
    main()
