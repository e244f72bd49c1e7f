"""Every output written from the audit document (a plain JSON-able dict, see
``vendorlock/schemas/audit.schema.json``): json, xlsx, ods, html, md, the terminal summary and
the diff between two audits. Reports never import scoring or metrics code.

Shared pieces for future reports: :mod:`.cells` (safe cells, the table model), :mod:`.tables`,
:mod:`.xlsx` and :mod:`.ods` (sheet writers taking tables), :mod:`.html` (page shell, tables),
:mod:`.charts` (SVG charts), :mod:`.markdown`, :mod:`.depmap`.
"""

from vendorlock.reports.diff import AuditDiff, diff_documents, load_audit_document, render_diff
from vendorlock.reports.terminal import terminal_summary
from vendorlock.reports.writer import ReportFormat, render, write_reports

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
