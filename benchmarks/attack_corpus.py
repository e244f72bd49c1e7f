"""Run every case of the attack corpus once and print its outcome, CPU time and peak memory.

Issue 12 bounds each case: refused or read in under 10 s and 1 GiB (most under 2 s and
300 MiB). Each case runs the CLI in a child process (under a 3 GiB address-space limit, so a
regression fails instead of swapping) and is judged on the child's CPU time (user + system,
see benchmarks/timing.py) and peak resident memory. The Markdown table printed is the one in
docs/security.md. Run: ``python -m benchmarks.attack_corpus`` (about two minutes).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.attacks import corpus
from tests.attacks.child import ROOT, run_child

ASSETS = ROOT / "tests" / "assets" / "attacks"
CPU_GOAL_S = 10.0
PEAK_GOAL_MIB = 1024


@dataclass(frozen=True)
class Case:
    name: str
    #: Builds the input in a scratch folder; returns the CLI arguments.
    args: Callable[[Path], list[str]]


@dataclass(frozen=True)
class Outcome:
    case: str
    code: int
    traceback: bool
    cpu_s: float
    peak_mib: float

    @property
    def within(self) -> bool:
        return not self.traceback and self.cpu_s < CPU_GOAL_S and self.peak_mib < PEAK_GOAL_MIB


def _validate(build: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
    return lambda d: ["validate", str(build(d)), "--lang", "en"]


def _audit(build: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
    return lambda d: ["audit", str(build(d)), "-o", str(d / "out"), "-q", "--lang", "en"]


def _rules(name: str) -> Callable[[Path], list[str]]:
    return lambda d: ["rules", "check", str(ASSETS / name), "--lang", "en"]


def _rules_built(build: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
    return lambda d: ["rules", "check", str(build(d)), "--lang", "en"]


def _diff_deep(d: Path) -> list[str]:
    deep = corpus.deep_json(d)
    return ["diff", str(deep), str(deep), "--lang", "en"]


CASES = (
    Case("xlsx cell at XFD1048576", _validate(lambda d: corpus.far_cell(d, "XFD1048576"))),
    Case("xlsx cell at ZZZZ99999999", _validate(lambda d: corpus.far_cell(d, "ZZZZ99999999"))),
    Case("xlsx cell at CV1048576", _validate(lambda d: corpus.far_cell(d, "CV1048576"))),
    Case("xlsx row repeating one cell 16,385×", _validate(corpus.repeated_cell_row)),
    Case("xlsx sst uniqueCount 2^32−1", _validate(corpus.huge_shared_strings_count)),
    Case("ods row repeated 2^31−1×", _validate(corpus.ods_repeated_rows)),
    Case("csv cell of 200,000 characters", _validate(corpus.huge_csv_cell)),
    Case("csv of 10,000 columns", _validate(corpus.wide_csv)),
    Case("csv of 20,000 columns", _validate(lambda d: corpus.wide_csv(d, 20_000))),
    Case("hostile names (csv folder)", _validate(corpus.hostile_names)),
    Case("hostile names, audit", _audit(corpus.hostile_names)),
    Case("notice of 10^6 months, audit", _audit(corpus.notice_million_months)),
    Case("contract ending 0001-01-31, audit", _audit(corpus.contract_year_one)),
    Case("contract ending 9999-12-31, audit", _audit(corpus.contract_year_9999)),
    Case("rules nested 5,000 deep", _rules_built(corpus.deep_yaml)),
    Case("rules file of 19 MB", _rules_built(corpus.big_yaml)),
    Case("audit JSON nested 100,000 deep, diff", _diff_deep),
    Case("/dev/urandom as input", lambda d: ["validate", "/dev/urandom", "--lang", "en"]),
    Case(
        "waivers-impossible-date.yaml, audit",
        lambda d: [
            "audit",
            "--waivers",
            str(ASSETS / "waivers-impossible-date.yaml"),
            "-o",
            str(d / "out"),
            "-q",
            "--lang",
            "en",
        ],
    ),
    *(
        Case(f"rules {name}", _rules(name))
        for name in sorted(p.name for p in ASSETS.glob("rules-*"))
    ),
)


def run(case: Case) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="vendorlock-attack-") as tmp:
        child = run_child(case.args(Path(tmp)), timeout=300)
    return Outcome(case.name, child.code, child.traceback, child.cpu_s, child.peak_mib)


def main() -> int:
    print("| case | outcome | CPU time | peak memory |")
    print("|---|---|---:|---:|")
    missed = 0
    for case in CASES:
        out = run(case)
        what = {0: "read (exit 0)", 1: "refused (exit 1)"}.get(out.code, f"exit {out.code}")
        if out.traceback:
            what += ", TRACEBACK"
        flag = "" if out.within else " **MISSED**"
        missed += not out.within
        print(f"| {out.case} | {what}{flag} | {out.cpu_s:.2f} s | {out.peak_mib:.0f} MiB |")
        sys.stdout.flush()
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
