"""Time scoring on N synthetic applications (random metrics, 20% unknown)."""
import sys, time, resource
import numpy as np, pandas as pd
from vendorlock.metrics.interface import METRICS, Metrics, Scope
from vendorlock.scoring import load_pack, score_applications, exit_costs, actions, rollup
from vendorlock.i18n import Lang
import datetime as dt

n = int(sys.argv[1])
rng = np.random.default_rng(0)
cols = {}
for m, s in METRICS.items():
    if s.scope is not Scope.APPLICATION: continue
    hi = s.high if s.high is not None else 100
    v = rng.uniform(s.low or 0, hi, n)
    v[rng.random(n) < 0.2] = np.nan
    cols[m] = v
df = pd.DataFrame(cols, index=pd.Index([f"app-{i}" for i in range(n)], name="app_id"))
df["org_id"] = pd.array([f"org-{i % 50000}" for i in range(n)], dtype="string")
df["editor_id"] = pd.array([f"ed-{i % 300}" for i in range(n)], dtype="string")
df["group"] = pd.array([f"grp-{i % 120}" for i in range(n)], dtype="string")
df["domain"] = pd.array([f"dom-{i % 40}" for i in range(n)], dtype="string")
df["contract_end"] = (pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 2000, n), unit="D")).astype("datetime64[s]")
metrics = Metrics(dt.date(2026, 6, 1), df, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
pack = load_pack()
t0 = time.process_time(); s = score_applications(metrics, pack); t1 = time.process_time()
c = exit_costs(metrics, pack); t2 = time.process_time()
a = actions(metrics, s, pack, Lang.EN, text=False); t3 = time.process_time()
r = rollup(metrics, s, c, pack); t4 = time.process_time()
a2 = actions(metrics.__class__(metrics.as_of, df.iloc[:2000], *([pd.DataFrame()]*3)), score_applications(metrics.__class__(metrics.as_of, df.iloc[:2000], *([pd.DataFrame()]*3)), pack), pack, Lang.FR); t5 = time.process_time()
print(f"n={n} score {t1-t0:.2f}s costs {t2-t1:.2f}s actions(no text) {t3-t2:.2f}s rollup {t4-t3:.2f}s; 2k apps with text {t5-t4:.2f}s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f} MiB")
