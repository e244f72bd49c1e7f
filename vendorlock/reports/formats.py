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
    PDF = "pdf"  # audit.pdf, and the note for elected officials as note.pdf


#: Written when no ``--format`` is given. PDF is asked for: it needs the optional WeasyPrint
#: and takes longer than every other format together.
DEFAULT_FORMATS: tuple[ReportFormat, ...] = tuple(f for f in ReportFormat if f != ReportFormat.PDF)


def file_name(fmt: ReportFormat, stem: str = "audit") -> str:
    """The file a format is written to: ``<stem>.<format>``, except the note for elected
    officials (a document of its own, not the audit in another format): ``note.docx``."""
    if fmt is ReportFormat.DOCX:
        return note_name("docx", stem)
    return f"{stem}.{fmt.value}"


def note_name(extension: str, stem: str = "audit") -> str:
    """The note for elected officials' file: ``note.docx``, ``note.pdf`` (``<stem>-note.*``
    beside reports of another stem)."""
    return f"note.{extension}" if stem == "audit" else f"{stem}-note.{extension}"
