"""Shared fixtures: generated tables are cached per session (generation is deterministic)."""

from __future__ import annotations

import pandas as pd
import pytest

from vendorlock.demo import BUNDLED_OPTIONS
from vendorlock.demo.generate import DemoOptions, generate_tables
from vendorlock.model.schema import Table


@pytest.fixture(scope="session")
def demo_tables() -> dict[Table, pd.DataFrame]:
    """The bundled demo's tables, freshly generated."""
    return generate_tables(BUNDLED_OPTIONS)


@pytest.fixture(scope="session")
def one_body_tables() -> dict[Table, pd.DataFrame]:
    """The audit benchmark's shape: one body, 2,000 applications, 10,000 flows."""
    return generate_tables(DemoOptions(members=1, apps_per_member=2000, flows_per_app=5))


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Error texts are asserted in English whatever the machine's locale."""
    monkeypatch.setenv("VENDORLOCK_LANG", "en")
