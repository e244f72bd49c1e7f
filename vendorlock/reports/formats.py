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
    DOCX = "docx"  # the note for elected officials, note.docx


def file_name(fmt: ReportFormat, stem: str = "audit") -> str:
    """The file a format is written to: ``<stem>.<format>``, except the note for elected
    officials (a document of its own, not the audit in another format): ``note.docx``."""
    if fmt is ReportFormat.DOCX:
        return "note.docx" if stem == "audit" else f"{stem}-note.docx"
    return f"{stem}.{fmt.value}"
