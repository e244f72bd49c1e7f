"""Scoring at scale: N synthetic applications with random metrics (20 % unknown).

Times score, exit costs, actions (without sentences, as national runs do) and roll-ups, then
sentences for 2,000 applications (what one body's report renders). CPU time, peak RSS.
Run: ``python benchmarks/bench_scoring.py 1000000``.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import time

import numpy as np
import pandas as pd

from vendorlock.i18n import Lang
from vendorlock.metrics.interface import METRICS, Metrics, Scope
from vendorlock.scoring import actions, exit_costs, load_pack, rollup, score_applications


def synthetic(n: int) -> Metrics:
    rng = np.random.default_rng(0)
    cols: dict[str, np.ndarray] = {}
    for metric, spec in METRICS.items():
        if spec.scope is not Scope.APPLICATION:
            continue
        high = spec.high if spec.high is not None else 100
        values = rng.uniform(spec.low or 0, high, n)
        values[rng.random(n) < 0.2] = np.nan
        cols[metric] = values
    ids = pd.Index([f"app-{i}" for i in range(n)], name="app_id")
    df = pd.DataFrame(cols, index=ids)
    df["org_id"] = pd.array([f"org-{i % 50000}" for i in range(n)], dtype="string")
    df["editor_id"] = pd.array([f"ed-{i % 300}" for i in range(n)], dtype="string")
    df["group"] = pd.array([f"grp-{i % 120}" for i in range(n)], dtype="string")
    df["domain"] = pd.array([f"dom-{i % 40}" for i in range(n)], dtype="string")
    days = pd.to_timedelta(rng.integers(0, 2000, n), unit="D")
    df["contract_end"] = (pd.Timestamp("2026-01-01") + days).astype("datetime64[s]")
    empty = pd.DataFrame()
    return Metrics(dt.date(2026, 6, 1), df, empty, empty, empty)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    metrics = synthetic(n)
    pack = load_pack()
    t0 = time.process_time()
    scores = score_applications(metrics, pack)
    t1 = time.process_time()
    costs = exit_costs(metrics, pack)
    t2 = time.process_time()
    actions(metrics, scores, pack, Lang.EN, text=False)
    t3 = time.process_time()
    rollup(metrics, scores, costs, pack)
    t4 = time.process_time()
    small = synthetic(2000)
    actions(small, score_applications(small, pack), pack, Lang.FR)
    t5 = time.process_time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"n={n:,} score {t1 - t0:.2f} s · exit costs {t2 - t1:.2f} s · actions (no text) "
        f"{t3 - t2:.2f} s · roll-up {t4 - t3:.2f} s · 2,000 apps with sentences {t5 - t4:.2f} s"
        f" · peak RSS {peak:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
