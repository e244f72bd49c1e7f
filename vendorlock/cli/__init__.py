"""Command-line interface. Importing this package registers every command on :data:`main`."""

from __future__ import annotations

import importlib

from vendorlock.cli.app import main

#: Command modules; each attaches its commands to ``main`` on import.
_COMMAND_MODULES = ("inventory", "generate", "rules", "graph", "audit", "diff", "group", "scan")

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"vendorlock.cli.{_name}")
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a module is being written
        if exc.name != f"vendorlock.cli.{_name}":
            raise

__all__ = ["main"]
