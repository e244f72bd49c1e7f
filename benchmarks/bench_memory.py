"""Peak memory of one big body's audit (issue 12 point 7): goal < 3 GiB for 100,000 apps.

Generates one body of N applications (5 flows each; members of at most 20,000 applications,
the generator's cap) in memory with the demo generator, runs
the audit and writes the reports to a temporary folder one format after another, then prints
the process's peak RSS after each stage (audit, then each format: the stage that raises it is
the one to look at) with the goal next to the final figure. ``--formats`` narrows the reports
(default: every default format, json xlsx ods html md docx).

Run: ``python benchmarks/bench_memory.py [--apps 100000] [--formats json xlsx ...]``.
Works against an older checkout too (falls back to ``audit_portfolio``) for side-by-side runs.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from vendorlock.demo import DemoOptions, generate_tables
from vendorlock.i18n import Lang
from vendorlock.model.portfolio import Portfolio, conform
from vendorlock.model.schema import Table

AS_OF = date(2026, 11, 28)
GOAL_GIB = 3.0


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=100_000)
    parser.add_argument("--formats", nargs="*", default=None)
    args = parser.parse_args()
    from vendorlock import audit
    from vendorlock.registry import load_registries
    from vendorlock.reports import ReportFormat, write_reports
    from vendorlock.scoring import load_pack

    start = time.perf_counter()
    # The generator caps a member at 20,000 applications: a bigger body is several members
    # audited together (one document, one set of reports).
    per = min(args.apps, 20_000)
    members = -(-args.apps // per)
    options = DemoOptions(members=members, seed=7, apps_per_member=per, flows_per_app=5)
    tables = generate_tables(options)
    portfolio = Portfolio(**{t.value: conform(t, tables[t]) for t in Table})
    del tables
    generated, before = time.perf_counter(), peak_gib()
    registries, pack = load_registries(), load_pack()
    build = getattr(audit, "audit_document", None) or audit.audit_portfolio
    if hasattr(audit, "AuditOptions"):
        doc = build(portfolio, registries, pack, audit.AuditOptions(as_of=AS_OF, lang=Lang.EN))
    else:  # an older checkout: the options as keywords
        doc = build(portfolio, registries, pack, as_of=AS_OF, lang=Lang.EN)
    scored = time.perf_counter()
    try:
        from vendorlock.reports.formats import DEFAULT_FORMATS

        default = list(DEFAULT_FORMATS)
    except ImportError:  # an older checkout
        default = [f for f in ReportFormat if f.value != "pdf"]
    formats = [ReportFormat(f) for f in args.formats] if args.formats else default
    stages = [f"audit {peak_gib():.2f}"]
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:  # one by one, so the stage that raises the peak shows
            write_reports(doc, Path(tmp), [fmt], Lang.EN)
            stages.append(f"{fmt.value} {peak_gib():.2f}")
    done = time.perf_counter()
    peak = peak_gib()
    print(
        f"{args.apps:,} applications ({portfolio.counts()['flows']:,} flows), reports: "
        f"{', '.join(f.value for f in formats)}"
    )
    print(
        f"    generated {generated - start:.1f} s (peak {before:.2f} GiB) · audit "
        f"{scored - generated:.1f} s · reports {done - scored:.1f} s"
    )
    print(f"    peak RSS after each stage (GiB): {' · '.join(stages)}")
    verdict = "ok" if peak < GOAL_GIB else "OVER"
    print(f"    peak RSS {peak:.2f} GiB   goal < {GOAL_GIB:.0f} GiB  {verdict}")


if __name__ == "__main__":
    main()
