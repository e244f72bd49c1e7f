"""Locate the data folders (connectors/, rules/, reports/) that ship with vendorlock.

In a wheel they are copied under ``vendorlock/_data/``; in a source checkout (editable
install, tests) they sit at the repository root. Code asks here and never guesses paths.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIRS = ("connectors", "rules", "reports")


@cache
def data_dir(name: str) -> Path:
    """Return the folder holding the shipped ``connectors``, ``rules`` or ``reports`` data."""
    if name not in DATA_DIRS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {DATA_DIRS}")
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"vendorlock data folder {name!r} is missing from the installation")


def schema_dir() -> Path:
    """Folder of the published Table Schema JSON files (one per table)."""
    return _PACKAGE_DIR / "schemas"
