"""Every output written from the audit document (a plain JSON-able dict, see
``vendorlock/schemas/audit.schema.json``): json, xlsx, ods, html, md, the terminal summary and
the diff between two audits. Reports never import scoring or metrics code.

Shared pieces for future reports: :mod:`.cells` (safe cells, the table model), :mod:`.tables`,
:mod:`.xlsx` and :mod:`.ods` (sheet writers taking tables), :mod:`.html` (page shell, tables),
:mod:`.charts` (SVG charts), :mod:`.markdown`, :mod:`.depmap`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendorlock.lazy import lazy_getattr

if TYPE_CHECKING:
    from vendorlock.reports.diff import (
        AuditDiff,
        diff_documents,
        load_audit_document,
        render_diff,
    )
    from vendorlock.reports.formats import ReportFormat
    from vendorlock.reports.terminal import terminal_summary
    from vendorlock.reports.writer import render, write_reports

#: Public name → the module defining it, imported on first use (PEP 562): importing one light
#: piece of this package (``ReportFormat`` for ``--help``) must not load every writer.
_EXPORTS = {
    "AuditDiff": "vendorlock.reports.diff",
    "ReportFormat": "vendorlock.reports.formats",
    "diff_documents": "vendorlock.reports.diff",
    "load_audit_document": "vendorlock.reports.diff",
    "render": "vendorlock.reports.writer",
    "render_diff": "vendorlock.reports.diff",
    "terminal_summary": "vendorlock.reports.terminal",
    "write_reports": "vendorlock.reports.writer",
}


__getattr__ = lazy_getattr(globals(), _EXPORTS)


__all__ = [
    "AuditDiff",
    "ReportFormat",
    "diff_documents",
    "load_audit_document",
    "render",
    "render_diff",
    "terminal_summary",
    "write_reports",
]
