"""The report formats ``vendorlock audit`` writes (``--format``).

A module of its own, importing nothing heavy: ``vendorlock audit --help`` lists the formats
without loading the writers (pandas, matplotlib…). :mod:`vendorlock.reports.writer` re-exports it.
"""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    """Files ``vendorlock audit`` can write (``--format``)."""

    JSON = "json"
    XLSX = "xlsx"
    ODS = "ods"
    HTML = "html"
    MD = "md"
    PDF = "pdf"


#: Written when no ``--format`` is given. PDF is asked for: it needs the optional WeasyPrint
#: and takes longer than every other format together.
DEFAULT_FORMATS: tuple[ReportFormat, ...] = tuple(f for f in ReportFormat if f != ReportFormat.PDF)
