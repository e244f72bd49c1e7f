"""The blank inventory workbook (``vendorlock template``), in xlsx or ods, French or English.

Everything in it comes from the published schemas (columns, types, enums, examples), the
spreadsheet connector (sheet names and headers the reader recognises) and the registries
(format and standard ids), so a filled template always reads back. Examples live only on the
instructions sheet, written down a column (never as a header row), so no reader takes them for
data; the dropdown lists live on a hidden sheet whose headers match no table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vendorlock.demo.labels import TableLabels, labels_for
from vendorlock.demo.market import DemoError
from vendorlock.demo.writers import fix_xlsx_properties, ods_finish
from vendorlock.fileio import atomic_write
from vendorlock.i18n import Lang, has, t, value_label
from vendorlock.model.schema import FieldSpec, FieldType, Table, describe, table_spec
from vendorlock.yamlio import load_yaml

TEMPLATE_DATA = Path(__file__).resolve().parent / "data" / "template.yaml"
#: Fields whose dropdown lists registry format ids / standard ids.
FORMAT_FIELDS = frozenset(
    {
        ("applications", "storage_formats"),
        ("applications", "export_formats"),
        ("contracts", "data_return_format"),
        ("flows", "format"),
    }
)
STANDARD_FIELDS = frozenset({("flows", "standard")})
#: Columns that name a row of another sheet (suggested from that sheet's id column).
REFERENCES = {
    "org_id": Table.ORGANISATIONS,
    "parent_id": Table.ORGANISATIONS,
    "editor_id": Table.EDITORS,
}
COLUMN_WIDTH_MIN, COLUMN_WIDTH_MAX = 14, 42


@dataclass(frozen=True)
class Choice:
    """A dropdown: the list name (a column of the lists sheet), its values, whether it binds."""

    name: str
    values: tuple[str, ...]
    strict: bool


@dataclass(frozen=True)
class ColumnPlan:
    """One column of a table sheet: its label and dropdown (if any)."""

    field: FieldSpec
    label: str
    choice: Choice | None
    reference: Table | None


@dataclass(frozen=True)
class TablePlan:
    """One table sheet."""

    table: Table
    labels: TableLabels
    columns: tuple[ColumnPlan, ...]


@cache
def _template_data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(TEMPLATE_DATA)
    return data


def registry_choices() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Format ids, standard ids and platform ids of the shipped registries, sorted."""
    from vendorlock.registry.load import load_registries

    reg = load_registries()
    return tuple(sorted(reg.formats)), tuple(sorted(reg.standards)), tuple(sorted(reg.platforms))


@cache
def _domain_labels(lang: Lang) -> dict[str, str]:
    from vendorlock.registry.load import load_registries

    return {d: entry.label(lang) for d, entry in load_registries().domains.items()}


def choice_label(table: Table, f: FieldSpec, value: str, lang: Lang) -> str:
    """What the template's dropdown offers for an enumerated value: its label in ``lang``
    (« sur site », « tacite »; a domain's registry name), which the reader maps back to the
    value (``connectors/values.yaml``, the domain registry); the value when it has none."""
    if f.name == "domain":
        return _domain_labels(lang).get(value, value)
    return value_label(table.value, f.name, value, lang)


def _licence_label(licence: str, lang: Lang) -> str:
    """An SPDX id as it is; « propriétaire » in French for ``proprietary``."""
    key = f"reports.licence.{licence}"
    return t(key, lang) if has(key) else licence


def _choice_for(
    table: Table, f: FieldSpec, lang: Lang, formats: tuple[str, ...], standards: tuple[str, ...]
) -> Choice | None:
    key = (table.value, f.name)
    if f.enum:
        labels = tuple(choice_label(table, f, v, lang) for v in f.enum)
        return Choice(f"{table.value}.{f.name}", labels, strict=not f.multivalued)
    if f.type is FieldType.BOOLEAN:
        return Choice("boolean", (t("template.yes", lang), t("template.no", lang)), strict=True)
    if key in FORMAT_FIELDS:
        return Choice("formats", formats, strict=False)
    if key in STANDARD_FIELDS:
        return Choice("standards", standards, strict=False)
    if f.name == "licence":
        licences = tuple(_template_data()["licences"])
        return Choice("licences", tuple(_licence_label(v, lang) for v in licences), strict=False)
    if f.name == "database":
        return Choice("databases", tuple(_template_data()["databases"]), strict=False)
    return None


def plan(lang: Lang) -> tuple[tuple[TablePlan, ...], tuple[Choice, ...], tuple[str, ...]]:
    """What the template holds: table sheets, dropdown lists and platform ids."""
    formats, standards, platforms = registry_choices()
    tables: list[TablePlan] = []
    choices: dict[str, Choice] = {}
    for table in Table:
        labels = labels_for(table, lang)
        cols: list[ColumnPlan] = []
        for f, label in zip(table_spec(table).fields, labels.headers, strict=True):
            choice = _choice_for(table, f, lang, formats, standards)
            if choice is not None:
                choices.setdefault(choice.name, choice)
            ref = None if f.name == table_spec(table).primary_key else REFERENCES.get(f.name)
            cols.append(ColumnPlan(f, label, choice, ref))
        tables.append(TablePlan(table, labels, tuple(cols)))
    return tuple(tables), tuple(choices.values()), platforms


def _allowed(table: Table, col: ColumnPlan, lang: Lang, platforms: Sequence[str]) -> str:
    f = col.field
    parts: list[str] = []
    if col.choice is not None:
        if col.choice.name == "formats":
            parts.append(t("template.allowed.formats", lang))
        elif col.choice.name == "standards":
            parts.append(t("template.allowed.standards", lang))
        elif col.choice.name == "licences":
            parts.append(t("template.allowed.licence", lang))
        else:
            # « · » between choices: a label may hold a comma (« Assemblées, délibérations… »)
            parts.append(" · ".join(col.choice.values))
    if col.reference is not None:
        parts.append(
            t("template.allowed.reference", lang, sheet=labels_for(col.reference, lang).sheet)
        )
    if table is Table.FLOWS and f.name == "target":
        parts.append(t("template.allowed.target", lang, platforms=", ".join(platforms)))
    if f.minimum is not None:
        parts.append(t("template.allowed.minimum", lang, minimum=f"{f.minimum:g}"))
    if f.multivalued:
        parts.append(t("template.allowed.multi", lang))
    return t("loc.semicolon", lang).join(parts)


def _example(table: Table, f: FieldSpec, lang: Lang) -> str:
    value = f.example
    if value is None:
        return ""
    if f.enum and isinstance(value, str):
        return choice_label(table, f, value, lang)  # as the dropdown offers it
    if isinstance(value, bool):
        return t("template.yes" if value else "template.no", lang)
    if f.type is FieldType.DATE and isinstance(value, str) and len(value) == 10:
        y, m, d = value.split("-")
        return f"{d}/{m}/{y}" if lang is Lang.FR else value
    if isinstance(value, float) and lang is Lang.FR:
        return f"{value:g}".replace(".", ",")  # as a French reader writes 12,5
    return str(value)


def instruction_rows(lang: Lang) -> list[tuple[str, list[str]]]:
    """The instructions sheet as (kind, cells) rows; kind is title, section, head or "".

    Examples sit in the last column, one row per field, so no row looks like a table header.
    """
    tables, _, platforms = plan(lang)
    rows: list[tuple[str, list[str]]] = [("title", [t("template.title", lang)]), ("", [])]
    rows += [("", [t(f"template.intro.{i}", lang)]) for i in range(1, 6)]
    head = [
        t(f"template.col.{k}", lang)
        for k in ("column", "description", "type", "required", "allowed", "example")
    ]
    for tp in tables:
        description = describe(tp.table, lang)
        rows.append(("", []))
        rows.append(
            (
                "section",
                [t("template.section", lang, sheet=tp.labels.sheet, description=description)],
            )
        )
        rows.append(("head", head))
        for col in tp.columns:
            f = col.field
            rows.append(
                (
                    "",
                    [
                        col.label,
                        describe(tp.table, lang, f.name),
                        t(f"template.type.{f.type.value}", lang),
                        t("template.yes" if f.required else "template.no", lang),
                        _allowed(tp.table, col, lang, platforms),
                        _example(tp.table, f, lang),
                    ],
                )
            )
    return rows


def _width(label: str) -> int:
    return max(COLUMN_WIDTH_MIN, min(COLUMN_WIDTH_MAX, len(label) + 4))


def _col_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(index)
    return letter


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _ods_sheet(name: str) -> str:
    """A sheet name as OpenFormula references write it (quoted only when it must be)."""
    return name if name.isalnum() else _quote_sheet(name)


def xlsx_template(lang: Lang) -> bytes:
    """The template as xlsx bytes (openpyxl), reproducible."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    tables, choices, _ = plan(lang)
    rows_max = int(_template_data()["rows"]) + 1
    wb = Workbook()
    wb.properties.creator = "vendorlock"
    info = wb.active
    info.title = t("template.sheet.instructions", lang)
    bold = Font(bold=True)
    fonts = {"title": Font(bold=True, size=14), "section": bold, "head": bold}
    for r, (kind, row) in enumerate(instruction_rows(lang), start=1):
        info.append(row)
        if kind in fonts:
            for c in range(1, len(row) + 1):
                info.cell(row=r, column=c).font = fonts[kind]
    for i, width in enumerate((30, 60, 18, 12, 50, 28), start=1):
        info.column_dimensions[_col_letter(i)].width = width

    list_name = t("template.sheet.lists", lang)
    lists = wb.create_sheet(list_name)
    refs: dict[str, str] = {}
    for i, choice in enumerate(choices, start=1):
        letter = _col_letter(i)
        lists.cell(row=1, column=i, value=t("template.list_header", lang, field=choice.name))
        for r, value in enumerate(choice.values, start=2):
            lists.cell(row=r, column=i, value=value)
        refs[choice.name] = (
            f"{_quote_sheet(list_name)}!${letter}$2:${letter}${len(choice.values) + 1}"
        )
    lists.sheet_state = "hidden"

    header_fill = PatternFill("solid", start_color="DDE7F0")
    required_fill = PatternFill("solid", start_color="F6D5A8")
    for tp in tables:
        ws = wb.create_sheet(tp.labels.sheet, index=len(wb.sheetnames) - 1)
        ws.append(list(tp.labels.headers))
        ws.freeze_panes = "A2"
        for i, col in enumerate(tp.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = bold
            cell.fill = required_fill if col.field.required else header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            letter = _col_letter(i)
            ws.column_dimensions[letter].width = _width(col.label)
            area = f"{letter}2:{letter}{rows_max}"
            formula = None
            strict = False
            if col.choice is not None:
                formula, strict = refs[col.choice.name], col.choice.strict
            elif col.reference is not None:
                ref_sheet = labels_for(col.reference, lang).sheet
                formula = f"{_quote_sheet(ref_sheet)}!$A$2:$A${rows_max}"
            if formula is not None:
                dv = DataValidation(
                    type="list",
                    formula1=formula,
                    allow_blank=True,
                    showErrorMessage=strict,
                    errorStyle="stop" if strict else "information",
                    showDropDown=False,
                )
                dv.add(area)
                ws.add_data_validation(dv)
    # Tables between instructions (first) and the hidden lists (last).
    wb.move_sheet(list_name, offset=len(wb.sheetnames))
    buf = io.BytesIO()
    wb.save(buf)
    return fix_xlsx_properties(buf.getvalue())


def ods_template(lang: Lang) -> bytes:
    """The template as ODS bytes (odfpy): same sheets, headers and dropdown lists.

    ODS gets content validations (dropdowns) on the first rows of each column, column widths,
    a bold header and a hidden lists sheet; not a frozen header row (odfpy has no API for the
    view settings that hold it).
    """
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TableProperties, TextProperties
    from odf.table import (
        ContentValidation,
        ContentValidations,
        ErrorMessage,
        TableCell,
        TableColumn,
        TableRow,
    )
    from odf.table import Table as OdsTable
    from odf.text import P

    tables, choices, _ = plan(lang)
    rows_max = int(_template_data()["rows"])
    doc = OpenDocumentSpreadsheet()
    hidden = Style(name="taHidden", family="table")
    hidden.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden)
    bold = Style(name="ceHeader", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    widths: dict[int, Style] = {}

    def width_style(chars: int) -> Style:
        if chars not in widths:
            st = Style(name=f"co{chars}", family="table-column")
            st.addElement(TableColumnProperties(columnwidth=f"{chars * 0.21:.2f}cm"))
            doc.automaticstyles.addElement(st)
            widths[chars] = st
        return widths[chars]

    def text_cell(text: str, header: bool = False) -> Any:
        cell = (
            TableCell(valuetype="string", stylename=bold)
            if header
            else TableCell(valuetype="string")
        )
        cell.addElement(P(text=text))
        return cell

    list_name = t("template.sheet.lists", lang)
    refs: dict[str, str] = {}
    for i, choice in enumerate(choices, start=1):
        letter = _col_letter(i)
        refs[choice.name] = (
            f"${_ods_sheet(list_name)}.${letter}$2:.${letter}${len(choice.values) + 1}"
        )

    validations = ContentValidations()
    info = OdsTable(name=t("template.sheet.instructions", lang))
    for chars in (30, 60, 18, 12, 50, 28):
        info.addElement(TableColumn(stylename=width_style(chars)))
    for kind, row in instruction_rows(lang):
        tr = TableRow()
        for text in row:
            tr.addElement(text_cell(text, header=bool(kind)))
        info.addElement(tr)
    doc.spreadsheet.addElement(validations)
    doc.spreadsheet.addElement(info)

    for tp in tables:
        sheet = OdsTable(name=tp.labels.sheet)
        for col in tp.columns:
            sheet.addElement(TableColumn(stylename=width_style(_width(col.label))))
        header = TableRow()
        for col in tp.columns:
            header.addElement(text_cell(col.label, header=True))
        sheet.addElement(header)
        body = TableRow(numberrowsrepeated=rows_max)
        for i, col in enumerate(tp.columns, start=1):
            condition = None
            strict = False
            if col.choice is not None:
                condition, strict = refs[col.choice.name], col.choice.strict
            elif col.reference is not None:
                ref_sheet = labels_for(col.reference, lang).sheet
                condition = f"${_ods_sheet(ref_sheet)}.$A$2:.$A${rows_max + 1}"
            if condition is None:
                body.addElement(TableCell())
                continue
            name = f"val_{tp.table.value}_{col.field.name}"
            cv = ContentValidation(
                name=name,
                condition=f"of:cell-content-is-in-list([{condition}])",
                allowemptycell="true",
                basecelladdress=f"{_ods_sheet(tp.labels.sheet)}.{_col_letter(i)}2",
                displaylist="unsorted",
            )
            cv.addElement(
                ErrorMessage(
                    display="true" if strict else "false",
                    messagetype="stop" if strict else "information",
                )
            )
            validations.addElement(cv)
            body.addElement(TableCell(contentvalidationname=name))
        sheet.addElement(body)
        doc.spreadsheet.addElement(sheet)

    lists = OdsTable(name=list_name, stylename=hidden)
    longest = max(len(c.values) for c in choices)
    grid = [[t("template.list_header", lang, field=c.name) for c in choices]]
    grid += [[c.values[r] if r < len(c.values) else "" for c in choices] for r in range(longest)]
    for row in grid:
        tr = TableRow()
        for text in row:
            tr.addElement(text_cell(text) if text else TableCell())
        lists.addElement(tr)
    doc.spreadsheet.addElement(lists)
    buf = io.BytesIO()
    doc.write(buf)
    return ods_finish(buf.getvalue())


def write_template(path: Path, lang: Lang = Lang.FR, force: bool = False) -> Path:
    """Write the blank inventory workbook to ``path`` (.xlsx or .ods); never overwrite unless
    ``force``."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".ods"):
        raise DemoError("demo.error.template_suffix", path=path)
    if path.exists() and not force:
        raise DemoError("demo.error.exists", path=path)
    data = xlsx_template(lang) if suffix == ".xlsx" else ods_template(lang)
    return atomic_write(path, data)
