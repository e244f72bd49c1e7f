from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries
from vendorlock.yamlcache import ENV_CACHE_DIR

#: The parsed-YAML cache (vendorlock.yamlcache) of this test run, in a folder of its own: tests
#: never write into the real ~/.cache, and the commands they run use the cache as a user's do.
_CACHE_DIR = tempfile.mkdtemp(prefix="vendorlock-test-cache-")
os.environ[ENV_CACHE_DIR] = _CACHE_DIR
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)


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
