from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vendorlock.audit import AuditOptions, audit_portfolio
from vendorlock.demo.bundled import load_bundled
from vendorlock.i18n import Lang
from vendorlock.registry import load_registries
from vendorlock.scoring import load_pack

QUARTERS = (date(2026, 1, 15), date(2026, 4, 15), date(2026, 7, 15), date(2026, 10, 15))


def demo_audit(day: date, lang: Lang = Lang.EN) -> dict[str, Any]:
    """The bundled demo audited at ``day``, as `vendorlock audit --as-of day` would."""
    registries = load_registries()
    result = load_bundled(day, registries)
    options = AuditOptions(as_of=day, lang=lang)
    return audit_portfolio(result.portfolio, registries, load_pack(), options)


@pytest.fixture(scope="session")
def quarterly() -> list[dict[str, Any]]:
    return [demo_audit(d) for d in QUARTERS]
