"""Every public package imports on its own, in any order: no import cycle hides behind another
module having been imported first (as ``vendorlock.sources`` ↔ ``vendorlock.readers`` once did)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PACKAGES = [
    "vendorlock.sources",
    "vendorlock.sources.registry",
    "vendorlock.sources.interface",
    "vendorlock.readers",
    "vendorlock.registry",
    "vendorlock.scoring",
    "vendorlock.reports",
    "vendorlock.group",
    "vendorlock.cli",
]


@pytest.mark.parametrize("module", PACKAGES)
def test_package_imports_first(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
