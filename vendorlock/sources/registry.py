"""The connectors vendorlock knows, imported only when an input needs one."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # vendorlock.readers imports this module: no runtime import back into it
    from vendorlock.sources.interface import Catalogue, Source

#: Connector modules, each exposing ``SOURCE`` (a :class:`Source`). Add yours here.
SOURCE_MODULES: tuple[str, ...] = (
    "vendorlock.sources.decp",
    "vendorlock.sources.glpi_source",
    "vendorlock.sources.archimate",
    "vendorlock.sources.cyclonedx",
)


#: Catalogue connectors (``--catalogue FILE``), each exposing ``CATALOGUE`` with ``kind``,
#: ``label`` and ``accepts`` like a source: they feed the product catalogue, not the inventory.
CATALOGUE_MODULES: tuple[str, ...] = ("vendorlock.sources.sill",)


@cache
def all_catalogues() -> tuple[Catalogue, ...]:
    """Every catalogue connector (listed by ``connectors list``), in module order."""
    return tuple(importlib.import_module(name).CATALOGUE for name in CATALOGUE_MODULES)


@cache
def all_sources() -> tuple[Source, ...]:
    """Every connector, in :data:`SOURCE_MODULES` order."""
    return tuple(importlib.import_module(name).SOURCE for name in SOURCE_MODULES)


def find_source(path: Path, head: bytes) -> Source | None:
    """The connector whose format ``path`` is in (by content), or None: a spreadsheet, CSV
    or folder then, read by the spreadsheet connector."""
    for source in all_sources():
        if source.sniff(path, head):
            return source
    return None


def source_by_kind(kind: str) -> Source | None:
    """The connector users name ``kind`` (``--source KIND:PATH``)."""
    return next((s for s in all_sources() if s.kind == kind), None)
