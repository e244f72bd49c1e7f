"""Exit costs of the bundled demo stay plausible against its spend (issue 9, "done when").

The high end compounds every pessimistic figure of the cost model, so the bound on the
structure's total is on the low end (1 to 5 years of spend, see docs/metrics.md); the small-body
bound is on the high end: no body under 1,000 inhabitants above €150,000.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from vendorlock.audit import AuditOptions, audit_portfolio
from vendorlock.demo import bundled_demo_path
from vendorlock.i18n import Lang
from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.registry import load_registries
from vendorlock.scoring import load_pack


@cache
def _demo_audit() -> dict[str, Any]:
    registries = load_registries()
    result = load_inventory([bundled_demo_path()], registries, LoadOptions())
    options = AuditOptions(as_of=date.today(), lang=Lang.EN)
    return audit_portfolio(result.portfolio, registries, load_pack(), options)


def test_demo_total_exit_cost_is_one_to_five_years_of_spend() -> None:
    summary = _demo_audit()["summary"]
    years = summary["exit_cost"]["years_of_spend"]
    assert years is not None
    # The bound (1–5 years) is checked on the central estimate: the low end takes
    # every optimistic figure at once and the high end every pessimistic one (docs/metrics.md).
    assert years["low"] <= years["high"]
    assert 1.0 <= (years["low"] + years["high"]) / 2 <= 5.0, years
    assert years["low"] <= 5.0 and years["high"] >= 1.0, years


def test_demo_small_bodies_stay_under_150k() -> None:
    small = [
        o
        for o in _demo_audit()["organisations"]
        if o["population"] is not None and o["population"] < 1000
    ]
    assert small, "the demo has no body under 1,000 inhabitants"
    for org in small:
        assert org["exit_cost"]["high"] <= 150_000, (org["name"], org["exit_cost"])


def test_demo_totals_add_up() -> None:
    doc = _demo_audit()
    apps = doc["applications"]
    for bound in ("low", "high"):
        total = sum(a["exit_cost"][bound] for a in apps)
        assert abs(doc["summary"]["exit_cost"][bound] - total) < 1.0
        by_org = sum(o["exit_cost"][bound] for o in doc["organisations"])
        assert abs(by_org - total) < 1.0
        for a in apps:
            parts = sum(b[bound] for b in a["exit_cost"]["breakdown"])
            assert abs(parts - a["exit_cost"][bound]) < 0.1, a["app_id"]
