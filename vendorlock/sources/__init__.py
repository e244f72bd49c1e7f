"""Connectors to the sources public bodies already have: GLPI, procurement records (DECP), the
interministerial free-software list (SILL), ArchiMate models, CycloneDX SBOMs.

Each connector turns its format into :class:`~vendorlock.readers.interface.RawSheet` grids named
after inventory tables (``applications``, ``contracts``…) whose headers are schema field names.
Typing, value parsing, editor and domain resolution, reconciliation between sources, validation
and lenient reading are then the spreadsheet path's own: a connector only maps a format.
"""

from vendorlock.sources.interface import Source, SourceError
from vendorlock.sources.registry import all_sources, find_source, source_by_kind

__all__ = ["Source", "SourceError", "all_sources", "find_source", "source_by_kind"]
