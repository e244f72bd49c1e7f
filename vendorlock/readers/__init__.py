"""Readers: detect, read, recognise, parse and validate inventories (xlsx, xls, ods, CSV, folders).

The one entry point is :func:`load_inventory`; it never raises for a bad input file, it reports
it as a located problem so the CLI can print every problem of a run at once.
"""

from vendorlock.readers.interface import InputError, InputKind, ReadLimits
from vendorlock.readers.load import LoadOptions, LoadResult, load_inventory

__all__ = ["InputError", "InputKind", "LoadOptions", "LoadResult", "ReadLimits", "load_inventory"]
