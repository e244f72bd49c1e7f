"""Renewal letters: one DOCX model per contract falling due, and the workbook listing them."""

from __future__ import annotations

from collections.abc import Sequence

from vendorlock.i18n import Lang, t
from vendorlock.letters.plan import Letter, letter_paragraphs, letter_plan, write_letter
from vendorlock.reports.cells import Column, ColumnKind, Table
from vendorlock.reports.xlsx import xlsx_bytes


def letters_xlsx(letters: Sequence[Letter], lang: Lang) -> bytes:
    """Every letter with its send-by date, in the order to send them."""

    def col(key: str, kind: ColumnKind = ColumnKind.TEXT, width: int = 14) -> Column:
        return Column(t(f"letters.col.{key}", lang), kind, width)

    table = Table(
        "letters",
        t("letters.sheet", lang),
        (
            col("send_by", ColumnKind.DATE, 12),
            col("org", width=30),
            col("contract"),
            col("editor", width=24),
            col("applications", width=40),
            col("decision_date", ColumnKind.DATE, 12),
            col("notice_deadline", ColumnKind.DATE, 12),
            col("contract_end", ColumnKind.DATE, 12),
            col("request", width=40),
            col("annual_cost", ColumnKind.MONEY),
            col("score", ColumnKind.SCORE),
            col("file", width=30),
        ),
        [
            [
                x.send_by,
                x.org_name,
                x.contract_id,
                x.editor,
                ", ".join(x.applications),
                x.decision_date,
                x.notice_deadline,
                x.contract_end,
                t("loc.semicolon", lang).join(
                    t(f"letters.request.{r}", lang)
                    for r, on in (
                        ("nonrenewal", x.non_renewal),
                        ("clauses", bool(x.clauses)),
                        ("export", True),
                    )
                    if on
                ),
                x.annual_cost,
                x.score,
                x.file_name,
            ]
            for x in letters
        ],
    )
    return xlsx_bytes([table], lang=str(lang))


__all__ = ["Letter", "letter_paragraphs", "letter_plan", "letters_xlsx", "write_letter"]
