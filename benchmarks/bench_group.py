"""Benchmark of the many-bodies commands: aggregate + pool + compare over N members.

Usage::

    .venv/bin/python benchmarks/bench_group.py [--members 500] [--workers 2] [--read]

Steps timed separately (wall seconds, peak RSS at the end):
1. the demo portfolio of N members (``vendorlock.demo.generate_tables``, in memory; with
   ``--read`` it is written as CSV and read back member by member like the CLI does);
2. scoring every member with ``audit_portfolio`` (``audit_members``: organisation partitions
   over ``--workers`` processes);
3. the aggregate, pool and compare views;
4. the group reports (json, md, html, xlsx, ods) of the three commands, into a temp folder.
Member audit files are not written (``--no-member-reports``): at 500 members that is 2,500
files and dominated by the audit report writers, benchmarked on their own.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from vendorlock.demo import DemoOptions, generate_tables
from vendorlock.group.aggregate import AggregateOptions, aggregate_view
from vendorlock.group.audits import AuditRequest, audit_members
from vendorlock.group.compare import compare_view
from vendorlock.group.members import STRUCTURE_KIND, load_members
from vendorlock.group.pool import PoolOptions, pool_view
from vendorlock.group.present import aggregate_report, compare_report, pool_report
from vendorlock.group.render import ALL_FORMATS, write_report
from vendorlock.i18n import Lang
from vendorlock.model.portfolio import Portfolio, conform
from vendorlock.registry import load_registries

T = TypeVar("T")


def timed(label: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    value = fn()
    print(f"{label:<38} {time.perf_counter() - start:7.2f} s")
    return value


def demo_portfolio(members: int) -> Portfolio:
    tables = generate_tables(DemoOptions(members=members, seed=0))
    return Portfolio(**{t.value: conform(t, df) for t, df in tables.items()})


def read_back(portfolio: Portfolio, folder: Path) -> Portfolio:
    for table, df in portfolio.tables():
        df.drop(columns=["_file", "_sheet", "_row"]).to_csv(
            folder / f"{table.value}.csv", index=False
        )
    return load_members([folder], load_registries()).portfolio


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--read", action="store_true")
    args = parser.parse_args()
    total = time.perf_counter()
    registries = load_registries()
    portfolio = timed(
        f"demo portfolio ({args.members} members)", lambda: demo_portfolio(args.members)
    )
    with tempfile.TemporaryDirectory() as tmp:
        if args.read:
            portfolio = timed("write CSV + read back", lambda: read_back(portfolio, Path(tmp)))
        counts = portfolio.counts()
        print(f"  {counts}")
        request = AuditRequest((), date(2026, 1, 1), Lang.EN)
        t0 = time.perf_counter()
        doc: dict[str, Any] = timed(
            "audit every member", lambda: audit_members(portfolio, request, workers=args.workers)
        )
        orgs = portfolio.organisations
        members = sorted(orgs.loc[orgs["kind"] != STRUCTURE_KIND, "org_id"].astype(str))
        agg = timed("aggregate view", lambda: aggregate_view(doc, members, AggregateOptions()))
        pool = timed("pool view", lambda: pool_view(doc, members, registries, PoolOptions()))
        cmp_ = timed(
            "compare view (finances)",
            lambda: compare_view(doc, members, registries, "finances", portfolio.applications),
        )
        out = Path(tmp) / "out"
        timed(
            "aggregate report (5 formats)",
            lambda: write_report(aggregate_report(agg, Lang.EN), out, ALL_FORMATS, Lang.EN),
        )
        timed(
            "pool report (5 formats)",
            lambda: write_report(pool_report(pool, Lang.EN), out, ALL_FORMATS, Lang.EN),
        )
        timed(
            "compare report (5 formats)",
            lambda: write_report(compare_report(cmp_, Lang.EN), out, ALL_FORMATS, Lang.EN),
        )
        print(f"{'audit + views + reports':<38} {time.perf_counter() - t0:7.2f} s")
    print(f"{'total':<38} {time.perf_counter() - total:7.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (this process) {peak:.0f} MiB; opportunities {len(pool['opportunities'])}")


if __name__ == "__main__":
    main()
