"""Shared fixtures of the reader tests: the shipped registries and the asset folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.registry import Registries, load_registries

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "readers"


@pytest.fixture(scope="session")
def registries() -> Registries:
    return load_registries()


@pytest.fixture(scope="session")
def assets() -> Path:
    return ASSETS
