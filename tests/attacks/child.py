"""One vendorlock command in a child process, measured: exit code, output, CPU time, peak memory.

The attack tests (tests/attacks/test_readers.py) and the attack-corpus benchmark
(benchmarks/attack_corpus.py) judge a hostile input by the same numbers, so they share this one
measurement. The child runs under an address-space limit: a grid allocated by mistake fails
there instead of swapping the machine or taking the test runner down. It reports its own
``getrusage`` (peak resident memory, user + system CPU time: unlike wall time, CPU time barely
moves when the shared machine is loaded) on a last stderr line, which is taken off ``err``.
"""

from __future__ import annotations

import math
import os
import resource
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Address space of the child: 3 GiB.
CHILD_AS_BYTES = 3 * 1024**3
_MARK = "VENDORLOCK_CHILD_USAGE"
_CHILD = f"""
import resource, sys
from vendorlock.cli import main
try:
    main(sys.argv[1:], prog_name="vendorlock")
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print("{_MARK}", usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)
"""


@dataclass(frozen=True)
class Child:
    """What a child run gave. ``reported`` is False when it died before measuring itself
    (killed at the address-space limit): then ``peak_mib`` is 0 and ``cpu_s`` NaN."""

    code: int
    out: str
    #: Non-blank stderr lines, without the measurement line.
    err: list[str]
    peak_mib: float
    cpu_s: float
    reported: bool

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.out + "\n".join(self.err)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_AS_BYTES, CHILD_AS_BYTES))


def run_child(args: Sequence[str], *, timeout: float = 120) -> Child:
    """``vendorlock ARGS`` in a child process (this checkout's code first on its path)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=_limit,
        check=False,
    )
    lines = done.stderr.splitlines()
    usage = [x for x in lines if x.startswith(_MARK)]
    err = [x for x in lines if x.strip() and not x.startswith(_MARK)]
    if not usage:
        return Child(done.returncode, done.stdout, err, 0.0, math.nan, reported=False)
    kib, cpu = usage[-1].split()[1:]
    return Child(done.returncode, done.stdout, err, int(kib) / 1024, float(cpu), reported=True)
