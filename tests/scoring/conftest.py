"""Fixtures of the scoring tests (helpers live in scoring_fixtures.py)."""

from __future__ import annotations

import pytest

from vendorlock.scoring import RulePack, load_pack


@pytest.fixture(scope="session")
def pack() -> RulePack:
    """The shipped rule pack."""
    return load_pack()
