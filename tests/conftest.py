from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries


def load_tiny() -> ModuleType:
    """The shared tiny fixture module (tests/metrics/tiny_org.py), imported by path."""
    name = "vendorlock_tests_tiny_org"
    if name not in sys.modules:
        path = Path(__file__).resolve().parent / "metrics" / "tiny_org.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def tiny() -> ModuleType:
    return load_tiny()


@pytest.fixture(scope="session")
def tiny_registries(tiny: ModuleType) -> Registries:
    regs: Registries = tiny.registries()
    return regs


@pytest.fixture(scope="session")
def tiny_portfolio(tiny: ModuleType) -> Portfolio:
    p: Portfolio = tiny.portfolio()
    return p
