"""What every connector provides (see the package docstring)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from vendorlock.readers.interface import InputError, RawSheet, ReadLimits


class SourceError(InputError):
    """A source that cannot be read (located, with a message key in ``locale/readers.yaml``)."""


class Source(Protocol):
    """One kind of source.

    ``kind`` is the id users type in ``--source KIND:PATH`` and read in ``connectors list``;
    ``label`` its name per language; ``accepts`` what inputs it takes, per language.
    """

    kind: str
    label: Mapping[str, str]
    accepts: Mapping[str, str]

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether ``path`` (whose first bytes are ``head``) is this source's: by content."""
        ...

    def sheets(self, path: Path, limits: ReadLimits) -> list[RawSheet]:
        """The source as raw sheets named after inventory tables, headers = field names.

        Raises :class:`SourceError` (located) when the input cannot be read at all; row-level
        problems are left to validation, which locates them by ``_file``/``_sheet``/``_row``.
        """
        ...


class Catalogue(Protocol):
    """A catalogue connector (``--catalogue FILE``): feeds the product catalogue, not the
    inventory; described like a source in ``connectors list``."""

    kind: str
    label: Mapping[str, str]
    accepts: Mapping[str, str]
