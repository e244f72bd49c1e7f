"""Shared fixtures of the connector tests: the shipped registries and the source fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.registry import Registries, load_registries

SOURCES = Path(__file__).resolve().parents[1] / "assets" / "sources"


@pytest.fixture(scope="session")
def registries() -> Registries:
    return load_registries()


@pytest.fixture(scope="session")
def decp_dir() -> Path:
    return SOURCES / "decp"
