"""Saying what was understood of an inventory: each sheet's table and why, each header's field.

A user whose export is read wrongly must see it before trusting an audit: ``validate`` prints these
lines (and ``--format json`` the same facts), so a misread column is caught, then fixed once in a
mapping file. Labels are the user's words: the template's column names in the chosen language,
never schema ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from vendorlock.i18n import Lang, quote, t, tn
from vendorlock.model.schema import Table
from vendorlock.readers.connector import Connector
from vendorlock.readers.headers import Target
from vendorlock.readers.recognise import ColumnReading, SheetReading


def table_name(connector: Connector, table: Table, lang: Lang | str) -> str:
    """A table as the user names it ("Contrats", "Contracts")."""
    return connector.table_label(table, str(lang))


def target_label(connector: Connector, target: Target, lang: Lang | str) -> str:
    return connector.label(target.table, target.field, str(lang))


def _labels(connector: Connector, targets: Sequence[Target], lang: Lang | str) -> str:
    return ", ".join(quote(target_label(connector, x, lang), lang) for x in targets)


def _where(reading: SheetReading, lang: Lang | str) -> str:
    if reading.sheet is None:
        return reading.file
    return f"{reading.file}, {t('understood.sheet', lang, sheet=reading.sheet)}"


def _column_line(
    connector: Connector, sheet: SheetReading, col: ColumnReading, lang: Lang | str
) -> str:
    header = quote(col.header, lang)
    if col.status in ("field", "unused", "duplicate") and col.target is not None:
        label = quote(target_label(connector, col.target, lang), lang)
        key = f"understood.column_{col.status}"
        params: dict[str, Any] = {"header": header, "field": label}
        if col.status == "field" and col.target.table is not sheet.table:
            key = "understood.column_flat"
            params["table"] = table_name(connector, col.target.table, lang)
        line = t(key, lang, **params)
        if col.how in ("mapping", "typo"):
            line += t(f"understood.how_{col.how}", lang)
        quals = [t(f"understood.qualifier.{q}", lang) for q in col.qualifiers]
        if quals:
            line += t("understood.qualifiers", lang, qualifiers=", ".join(quals))
        return line
    if col.status == "ignored":
        return t("understood.column_ignored", lang, header=header)
    if col.status == "ambiguous":
        return t(
            "understood.column_ambiguous",
            lang,
            header=header,
            fields=_labels(connector, col.candidates, lang),
        )
    if col.candidates:
        return t(
            "understood.column_suggest",
            lang,
            header=header,
            fields=_labels(connector, col.candidates, lang),
        )
    return t("understood.column_unknown", lang, header=header)


def _as_named(
    connector: Connector, sheet: SheetReading, col: ColumnReading, lang: Lang | str
) -> bool:
    """A header that is the field's own label (a template's column): nothing to say about it
    but that it was read, so such headers share one line instead of « X » → « X » each."""
    return (
        col.status == "field"
        and col.target is not None
        and col.target.table is sheet.table
        and col.how not in ("mapping", "typo")
        and not col.qualifiers
        and col.header == target_label(connector, col.target, lang)
    )


def _column_lines(connector: Connector, sheet: SheetReading, lang: Lang | str) -> list[str]:
    """One line per header read otherwise than under its own name, in the sheet's order; the
    headers read under their own name on one line, where the first of them stands."""
    lines: list[str] = []
    named: list[str] = []
    at = -1
    for col in sheet.columns:
        if _as_named(connector, sheet, col, lang):
            if not named:
                at = len(lines)
                lines.append("")
            named.append(quote(col.header, lang))
        else:
            lines.append(f"  {_column_line(connector, sheet, col, lang)}")
    if named:
        headers = ", ".join(named)
        lines[at] = "  " + tn("understood.columns_as_named", len(named), lang, headers=headers)
    return lines


def explain_lines(
    connector: Connector, readings: Iterable[SheetReading], lang: Lang | str
) -> list[str]:
    """Lines saying, per sheet, the table it was read as and why, then header → field."""
    lines: list[str] = []
    for r in readings:
        if r.reason == "skipped":
            continue
        where = _where(r, lang)
        if r.table is None:
            lines.append(t("understood.sheet_none", lang, where=where))
            lines += [f"  {_column_line(connector, r, c, lang)}" for c in r.columns]
            continue
        table = table_name(connector, r.table, lang)
        matched = len(r.matched())
        lines.append(
            tn(
                f"understood.sheet_{r.reason}",
                matched,
                lang,
                where=where,
                table=table,
                row=r.header_row or 1,
            )
        )
        if r.alternatives:
            others = ", ".join(table_name(connector, x, lang) for x in r.alternatives)
            lines.append(t("understood.sheet_also", lang, tables=others))
        lines += _column_lines(connector, r, lang)
    return lines


def _target_json(target: Target | None) -> str | None:
    return None if target is None else f"{target.table.value}.{target.field}"


def explain_json(
    connector: Connector, readings: Iterable[SheetReading], lang: Lang | str
) -> list[dict[str, Any]]:
    """The same facts as :func:`explain_lines`, for ``validate --format json``."""
    out: list[dict[str, Any]] = []
    for r in readings:
        if r.reason == "skipped":
            continue
        out.append(
            {
                "file": r.file,
                "sheet": r.sheet,
                "table": r.table.value if r.table else None,
                "table_label": table_name(connector, r.table, lang) if r.table else None,
                "reason": r.reason,
                "alternatives": [x.value for x in r.alternatives],
                "header_row": r.header_row,
                "columns": [
                    {
                        "position": c.position + 1,
                        "header": c.header,
                        "status": c.status,
                        "field": _target_json(c.target),
                        "label": target_label(connector, c.target, lang) if c.target else None,
                        "how": c.how,
                        "score": c.score,
                        "qualifiers": list(c.qualifiers),
                        "candidates": [_target_json(x) for x in c.candidates],
                    }
                    for c in r.columns
                ],
            }
        )
    return out
