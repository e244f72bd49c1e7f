"""Start-up benchmark (issue 11, instant start): wall time of ``vendorlock --help`` and
``vendorlock audit --help``, each a fresh process, median of N runs, next to the 0.2 s goal;
in English, then in French (VENDORLOCK_LANG=fr: the help catalogue is read, from the YAML cache).

The bare interpreter start and ``import click`` are measured in the same run: they are the
floor no change to vendorlock can go under. Also igraph's import, plain (it pulls matplotlib)
and as vendorlock does it (:func:`vendorlock.metrics.flowgraph.import_igraph`).

Run: ``python benchmarks/bench_start.py [--runs 11]``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import user_environment

ROOT = Path(__file__).resolve().parents[1]
GOAL = 0.2  # seconds, issue 11


def _vendorlock() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m vendorlock``."""
    script = Path(sys.executable).with_name("vendorlock")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vendorlock"]


def median_wall(cmd: list[str], runs: int, lang: str = "en") -> tuple[float, float]:
    """Median wall time and median CPU time (user + sys) of ``cmd`` run in ``lang``. The CPU
    time barely moves when other jobs share the cores: the goal is judged on it
    (benchmarks/timing.py)."""
    env = {**user_environment(), "VENDORLOCK_LANG": lang}
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


_IGRAPH = """
import time
from vendorlock.metrics.flowgraph import import_igraph
start = time.perf_counter()
{statement}
print(time.perf_counter() - start)
"""


def median_import(statement: str, runs: int) -> float:
    """In-process time of ``statement`` in fresh interpreters, vendorlock's metrics loaded."""
    env = user_environment()
    code = _IGRAPH.format(statement=statement)
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    cli = _vendorlock()
    floor = [
        ("python -c pass (interpreter start)", [sys.executable, "-c", "pass"]),
        ("python -c 'import click'", [sys.executable, "-c", "import click"]),
    ]
    goals = [
        (f"vendorlock {words} ({lang})", [*cli, *words.split()], lang)
        for lang in ("en", "fr")
        for words in ("--help", "audit --help")
    ]
    print(
        f"start-up, median of {args.runs} fresh processes: wall (cpu); vendorlock's bytecode "
        "compiled once, as a pip-installed user has it"
    )
    for label, cmd in floor:
        wall, cpu = median_wall(cmd, args.runs)
        print(f"    {label:<36}{wall:6.3f} s ({cpu:5.3f} s)")
    for label, cmd, lang in goals:
        wall, cpu = median_wall(cmd, args.runs, lang)
        verdict = "ok" if cpu < GOAL else "OVER"
        print(
            f"    {label:<36}{wall:6.3f} s ({cpu:5.3f} s)   goal < {GOAL:.1f} s of CPU  {verdict}"
        )
    runs = max(3, args.runs // 2)
    print(f"igraph import, median of {runs} fresh processes (numpy and pandas already loaded)")
    plain = median_import("import igraph", runs)
    print(f"    {'import igraph (pulls matplotlib)':<36}{plain:6.3f} s")
    lean = median_import("import_igraph()", runs)
    print(f"    {'import_igraph() (no matplotlib)':<36}{lean:6.3f} s   goal: no matplotlib")


if __name__ == "__main__":
    main()
