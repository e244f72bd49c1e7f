"""History benchmark: appending the audit of one 2,000-application body to the history file.

The issue's bound: under 0.3 s per append. The audit is computed once (the body of
``bench_audit.py``: 2,000 applications, 10,000 flows); each timed append records it under a
new as-of date into a history that already holds the previous appends, so the file grows as it
does over a DSI's years (WAL mode, one transaction per append, unique-key check included).

Both wall and CPU time are printed; the bound is judged on CPU time (benchmarks/timing.py):
on a shared machine the wall time mostly measures the wait for a core and the disk.

Run: ``python benchmarks/bench_history.py [--runs 8]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import measure, median, meets, timed, verdict

from vendorlock.audit import AuditOptions, run_audit
from vendorlock.demo import DemoOptions, generate
from vendorlock.history import record_audit
from vendorlock.i18n import Lang
from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.registry import load_registries
from vendorlock.scoring import load_pack

AS_OF = date(2026, 11, 28)
BOUND_S = 0.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (path,) = generate(
            work / "in", DemoOptions(members=1, seed=1, apps_per_member=2000, flows_per_app=5)
        )
        registries, pack = load_registries(), load_pack()
        res = load_inventory([path], registries, LoadOptions())
        options = AuditOptions(as_of=AS_OF, lang=Lang.EN)
        doc = run_audit(res.portfolio, registries, pack, options).document
        apps = len(doc["applications"])
        criteria = sum(len(a["criteria"]) for a in doc["applications"])
        db = work / "history.sqlite"
        times = []
        for i in range(args.runs):
            dated = dict(doc, as_of=(AS_OF + timedelta(days=91 * i)).isoformat())
            with measure() as watch:
                done = record_audit(db, dated)
            times.append(watch.timing)
            assert done.added
        again = timed(lambda: record_audit(db, doc))
        assert not record_audit(db, doc).added
        typical = median(times)
        print(f"history append: {apps:,} applications, {criteria:,} criteria rows per audit")
        print(f"    first append (creates the file) {times[0]}")
        print(f"    median append, {args.runs} audits      {verdict(typical, BOUND_S)}")
        print(f"    worst append                    {max(times, key=lambda t: t.cpu)}")
        print(f"    re-recording the same audit     {again}   (nothing added)")
        print(f"    file size after {args.runs} audits      {db.stat().st_size / 1e6:6.1f} MB")
        return 0 if meets(typical, BOUND_S) else 1


if __name__ == "__main__":
    raise SystemExit(main())
