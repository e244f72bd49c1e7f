"""``python -m tests.fuzz``: coverage-guided byte fuzzing of every reader with atheris
(``make fuzz``; CI runs a bounded budget after the tests).

The readers are imported once, instrumented (vendorlock's parsing modules only: instrumenting
pandas would slow every run for no finding of ours), then each target runs in a forked child
under libFuzzer for ``--seconds``, from a scratch copy of its seeds. A child that ends with
anything but success is a finding: its libFuzzer log and the input that triggered it are kept
under ``--artifacts``, and the run exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.monotonic()  # the --total budget counts the imports below
# vendorlock.yamlcache.ENV_CACHE_DIR (not imported: vendorlock loads instrumented, below): the
# shipped YAML is parsed as without the cache, and nothing is written into the real ~/.cache
os.environ["VENDORLOCK_CACHE_DIR"] = "off"

import atheris  # noqa: E402

#: What coverage guides on: the code that parses a file. Instrumenting costs seconds of start-up
#: per module, so the scoring, reports and CLI layers a reader never reaches stay plain.
INSTRUMENTED = [
    "vendorlock.readers",
    "vendorlock.sources",
    "vendorlock.registry",
    "vendorlock.scoring.load",
    "vendorlock.scoring.check",
    "vendorlock.reports.diff",
    "vendorlock.yamlio",
    "vendorlock.fileio",
    "vendorlock.textsafe",
]


def _plain_modules() -> list[str]:
    """vendorlock's modules outside ``INSTRUMENTED`` (atheris includes whole top-level packages
    and excludes exact module names)."""
    root = Path(__file__).resolve().parents[2] / "vendorlock"
    names = [
        ".".join(("vendorlock", *p.relative_to(root).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for p in root.rglob("*.py")
    ]
    return [n for n in names if not any(n == i or n.startswith(i + ".") for i in INSTRUMENTED)]


with atheris.instrument_imports(include=["vendorlock"], exclude=_plain_modules()):
    from tests.fuzz import targets

#: Per-input limits: a file that takes longer, or a run that grows past this, is a finding
#: (docs/security.md: every attack case is refused or read in under 10 s and 1 GiB).
INPUT_TIMEOUT_S = 10
RSS_LIMIT_MB = 2048


def _one(target: targets.Target, scratch: Path, data: bytes, prefix: Path) -> None:
    """Run ``target`` on one input; keep the input before a finding ends the child (atheris
    does not always write libFuzzer's crash file for a Python exception)."""
    try:
        target.run(scratch, data)
    except BaseException:
        Path(f"{prefix}crash-{hashlib.sha1(data).hexdigest()}").write_bytes(data)
        raise


def run_target(
    target: targets.Target,
    seconds: int,
    artifacts: Path,
    seeds: int | None = None,
    stop_at: float | None = None,
    random_seed: int | None = None,
) -> bool:
    """Fuzz ``target`` for ``seconds`` in a forked child; True when nothing was found.

    ``stop_at`` (a ``time.monotonic()`` instant) ends the child there whatever it is doing: the
    whole run's budget is a hard limit, and a child stopped by it has found nothing.
    """
    work = Path(tempfile.mkdtemp(prefix=f"vendorlock-fuzz-{target.name}-"))
    corpus, scratch = work / "corpus", work / "files"
    corpus.mkdir()
    scratch.mkdir()
    for i, seed in enumerate(target.seed_files(seeds)):
        shutil.copyfile(seed, corpus / f"seed-{i:02d}{seed.suffix}")
    log = artifacts / f"{target.name}.log"
    prefix = artifacts / f"{target.name}-"
    argv = [
        f"fuzz-{target.name}",
        str(corpus),
        f"-max_total_time={seconds}",
        f"-timeout={INPUT_TIMEOUT_S}",
        f"-rss_limit_mb={RSS_LIMIT_MB}",
        f"-artifact_prefix={prefix}",
        "-print_final_stats=1",
        *([f"-seed={random_seed}"] if random_seed is not None else []),
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: libFuzzer never returns, it exits
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        try:
            atheris.Setup(argv, lambda data: _one(target, scratch, data, prefix))
            atheris.Fuzz()
        finally:
            os._exit(70)
    started = time.monotonic()
    status = _wait(pid, stop_at)
    shutil.rmtree(work, ignore_errors=True)
    code = 0 if status is None else os.waitstatus_to_exitcode(status)
    text = log.read_text(errors="replace")
    took = time.monotonic() - started
    if code == 0:
        runs = re.search(r"stat::number_of_executed_units: (\d+)", text)
        how = f"{runs.group(1)} inputs" if runs else "stopped at its share of the budget"
        print(f"fuzz {target.name}: ok, {how} ({took:.0f} s)")
        log.unlink()
        return True
    print(f"FINDING in {target.name} (exit {code}); log and input under {artifacts}:")
    print("".join(text.splitlines(keepends=True)[-40:]))
    return False


def _wait(pid: int, stop_at: float | None) -> int | None:
    """The child's wait status, or None when it was stopped at ``stop_at``."""
    while stop_at is None or time.monotonic() < stop_at:
        done, status = os.waitpid(pid, 0 if stop_at is None else os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("names", nargs="*", help="targets to run (default: all)")
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--seconds", type=int, default=60, help="budget per target")
    budget.add_argument(
        "--total", type=int, help="budget for the whole run, shared by the targets (CI)"
    )
    parser.add_argument("--artifacts", type=Path, default=Path("fuzz-findings"))
    parser.add_argument(
        "--seeds",
        type=int,
        help="seed at most this many files per target (default: all; 3 "
        "with --total, so a short budget fuzzes rather than reads large seeds)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help="libFuzzer's random seed (CI fixes it, so a run is reproducible and a red CI is a "
        "finding anyone can replay; exploratory runs leave it random)",
    )
    args = parser.parse_args(argv)
    known = [t.name for t in targets.TARGETS]
    names = args.names or known
    unknown = sorted(set(names) - set(known))
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(known)}")
    args.artifacts.mkdir(parents=True, exist_ok=True)
    found = []
    deadline = STARTED + (args.total or 0)
    seeds = args.seeds or (3 if args.total else None)
    overhead = 2.0  # seconds a target takes beyond its budget (seeds, fork, libFuzzer start)
    for done, name in enumerate(names):
        target = targets.target(name)
        start = time.monotonic()
        seconds, stop_at = args.seconds, None
        if args.total:  # an even share of what is left, hard-stopped at its end
            share = max(1.0, (deadline - start) / (len(names) - done))
            seconds, stop_at = max(1, int(share - overhead)), start + share
        clean = run_target(target, seconds, args.artifacts, seeds, stop_at, args.seed)
        overhead = max(1.0, time.monotonic() - start - seconds)
        if not clean:
            found.append(name)
    if found:
        print(f"findings in: {', '.join(found)}")
        return 1
    if not any(args.artifacts.iterdir()):
        args.artifacts.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
