"""Benchmark of the many-bodies commands: aggregate and pool over N members, goals side by side.

Usage::

    python benchmarks/bench_group.py [--members 500] [--runs 3] [--engines serial,processes]
        [--scheduler tcp://127.0.0.1:8786] [--views aggregate,pool] [--document]

What is timed (medians of ``--runs``, wall seconds, and for whole commands the CPU seconds of the
child process, user + system, which a loaded machine inflates less; peak RSS at the end). Each
line prints its goal: the commands' own (checked against their CPU time), or which goal a part
belongs to:

1. ``vendorlock aggregate --no-member-reports`` and ``vendorlock pool``, every format, as whole
   commands on the demo workbook of N members (``vendorlock demo-data``): issue 11's goal is
   < 5 s each at 500 members. The command includes reading the one N-member workbook, which
   is the readers' cost, printed on its own line (CPU) with what it leaves of the goal. Each
   command runs again with ``--workers 1`` (its report files written in one process instead
   of one process per core), for comparison.
2. In process: scoring the members into the group tables on each engine of ``--engines``
   (``serial``, ``processes`` with one process per core, ``dask`` on ``--scheduler`` or, with
   ``dask`` and no scheduler, a 2-worker LocalCluster), then the aggregate and pool views and
   their five report files.
3. ``--document``: the former path for comparison, the full audit document of every member
   (``audit_members``) that member reports still need.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

from timing import user_environment

from vendorlock.demo import DemoOptions, generate, generate_tables
from vendorlock.group.aggregate import AggregateOptions, aggregate_view
from vendorlock.group.members import STRUCTURE_KIND, load_members
from vendorlock.group.pool import PoolOptions, pool_view
from vendorlock.group.present import aggregate_report, pool_report
from vendorlock.group.render import ALL_FORMATS, write_report
from vendorlock.group.scale import score_members
from vendorlock.i18n import Lang
from vendorlock.model.portfolio import Portfolio, conform
from vendorlock.registry import load_registries

T = TypeVar("T")
AS_OF = date(2026, 1, 1)
#: Issue 11: 500 members, `aggregate --no-member-reports` and `pool`, every format, each < 5 s.
GOAL_COMMAND = 5.0
#: What a line without a goal of its own is part of.
PART = f"part of the < {GOAL_COMMAND:.0f} s command goal"


def median_of(runs: int, fn: Callable[[], T]) -> tuple[float, T]:
    times: list[float] = []
    value: T | None = None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    assert value is not None
    return statistics.median(times), value


def line(
    label: str,
    seconds: float,
    goal: float | None = None,
    cpu: float | None = None,
    note: str = PART,
) -> None:
    """One figure and its goal: ``goal`` (checked against the CPU time when given, the
    machine being shared) or, for a part of a command, which goal it is part of."""
    used = f"  (CPU {cpu:5.2f} s)" if cpu is not None else ""
    if goal is not None:
        measured = cpu if cpu is not None else seconds
        verdict = f"   goal < {goal:.0f} s  {'ok' if measured < goal else 'OVER'}"
    else:
        verdict = f"   {note}"
    print(f"{label:<52} {seconds:7.2f} s{used}{verdict}", flush=True)


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by the finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def demo_portfolio(members: int) -> Portfolio:
    tables = generate_tables(DemoOptions(members=members, seed=0))
    return Portfolio(**{t.value: conform(t, df) for t, df in tables.items()})


@contextmanager
def local_cluster(scheduler: str | None) -> Iterator[str]:
    if scheduler:
        yield scheduler
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def commands(members: int, runs: int, work: Path) -> None:
    (book,) = generate(work / "in", DemoOptions(members=members, seed=0))
    base = [sys.executable, "-m", "vendorlock"]
    env = user_environment()  # compiled bytecode, as a pip-installed user has it
    common = [str(book), "--as-of", AS_OF.isoformat()]
    for name, args in (
        ("aggregate --no-member-reports", ["aggregate", "--no-member-reports"]),
        ("pool", ["pool"]),
        ("aggregate --no-member-reports --workers 1", ["aggregate", "--no-member-reports"]),
        ("pool --workers 1", ["pool"]),
    ):
        out = work / name.split()[0]
        one = name.endswith("--workers 1")  # the report files written in one process
        if one:
            args = [*args, "--workers", "1"]

        def run(args: list[str] = args, out: Path = out) -> float:
            before = children_cpu()
            subprocess.run(
                [*base, *args, *common, "-o", str(out)],
                check=True,
                stdout=subprocess.DEVNULL,
                env=env,
            )
            return children_cpu() - before

        walls: list[float] = []
        cpus: list[float] = []
        for _ in range(runs):
            start = time.perf_counter()
            cpus.append(run())
            walls.append(time.perf_counter() - start)
        line(
            f"vendorlock {name}, 5 formats ({members} members)",
            statistics.median(walls),
            None if one else GOAL_COMMAND,
            statistics.median(cpus),
            note="for comparison: the default writes the files in one process per core",
        )
    reads: list[float] = []
    for _ in range(runs):
        start = time.process_time()
        load_members([book], load_registries())
        reads.append(time.process_time() - start)
    read = statistics.median(reads)
    line("  of each: read the members' workbook (readers, CPU)", read)
    print(
        f"  so the rest of each command (start, scoring, view, report) has "
        f"{GOAL_COMMAND - read:.2f} s of the < {GOAL_COMMAND:.0f} s goal",
        flush=True,
    )


def in_process(args: argparse.Namespace, work: Path) -> None:
    registries = load_registries()
    portfolio = demo_portfolio(args.members)
    print(f"  {portfolio.counts()}")
    orgs = portfolio.organisations
    members = sorted(orgs.loc[orgs["kind"] != STRUCTURE_KIND, "org_id"].astype(str))
    tables = None
    for engine in args.engines.split(","):
        if engine == "dask":
            with local_cluster(args.scheduler) as address:
                seconds, tables = median_of(
                    args.runs,
                    lambda a=address: score_members(  # type: ignore[misc]
                        portfolio, (), AS_OF, engine="dask", scheduler=a
                    ),
                )
        else:
            seconds, tables = median_of(
                args.runs, lambda e=engine: score_members(portfolio, (), AS_OF, engine=e)
            )
        line(f"score members into tables, engine {engine}", seconds)
    assert tables is not None
    out = work / "reports"
    views = args.views.split(",")
    if "aggregate" in views:
        seconds, agg = median_of(
            args.runs, lambda: aggregate_view(tables, members, AggregateOptions())
        )
        line("aggregate view", seconds)
        seconds, _ = median_of(
            args.runs,
            lambda: write_report(aggregate_report(agg, Lang.EN), out, ALL_FORMATS, Lang.EN),
        )
        line("aggregate report (5 formats)", seconds)
    if "pool" in views:
        seconds, pool = median_of(
            args.runs, lambda: pool_view(tables, members, registries, PoolOptions())
        )
        line("pool view", seconds)
        seconds, _ = median_of(
            args.runs,
            lambda: write_report(pool_report(pool, Lang.EN), out, ALL_FORMATS, Lang.EN),
        )
        line("pool report (5 formats)", seconds)
        print(f"  opportunities {len(pool['opportunities'])}")
    if args.document:
        from vendorlock.group.audits import AuditRequest, audit_members

        request = AuditRequest((), AS_OF, Lang.EN)
        seconds, _ = median_of(1, lambda: audit_members(portfolio, request))
        line(
            "former path: audit document of every member (1 run)",
            seconds,
            note="for comparison: only member reports take it",
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="serial,processes")
    parser.add_argument("--scheduler", default=None)
    parser.add_argument("--views", default="aggregate,pool")
    parser.add_argument("--document", action="store_true")
    parser.add_argument("--no-commands", action="store_true", help="in-process figures only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_commands:
            commands(args.members, args.runs, Path(tmp))
        in_process(args, Path(tmp))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (this process) {peak:.0f} MiB")


if __name__ == "__main__":
    main()
