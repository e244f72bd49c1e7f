"""Readers: detect, read, recognise, parse and validate inventories (xlsx, xls, ods, CSV, folders).

The one entry point is :func:`load_inventory`; it never raises for a bad input file, it reports
it as a located problem so the CLI can print every problem of a run at once.

The names below are loaded on first use (PEP 562): importing one reader module (the workbook
prefetch of :mod:`.prefetch`, say) must not import pandas through :mod:`.load`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vendorlock.readers.interface import InputError, InputKind, ReadLimits
    from vendorlock.readers.load import LoadOptions, LoadResult, load_inventory

__all__ = ["InputError", "InputKind", "LoadOptions", "LoadResult", "ReadLimits", "load_inventory"]

#: Each public name → the module defining it.
_HOMES = {
    "InputError": "vendorlock.readers.interface",
    "InputKind": "vendorlock.readers.interface",
    "ReadLimits": "vendorlock.readers.interface",
    "LoadOptions": "vendorlock.readers.load",
    "LoadResult": "vendorlock.readers.load",
    "load_inventory": "vendorlock.readers.load",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
