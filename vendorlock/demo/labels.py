"""Sheet names and column headers in French and English, from ``connectors/spreadsheet.yaml``.

The demo workbook and the blank template write exactly the labels the spreadsheet reader
recognises, so what vendorlock writes it can read back; the labels are data, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vendorlock.demo.market import DemoError
from vendorlock.i18n import Lang
from vendorlock.model.schema import Table, table_spec
from vendorlock.registry import slugify
from vendorlock.resources import data_dir
from vendorlock.yamlio import load_yaml


@dataclass(frozen=True)
class TableLabels:
    """One table's sheet name and column headers in one language (schema order)."""

    table: Table
    sheet: str
    headers: tuple[str, ...]
    fields: tuple[str, ...]

    @property
    def file_stem(self) -> str:
        """CSV / Parquet file name stem (``Éditeurs`` → ``editeurs``)."""
        return slugify(self.sheet)


@cache
def table_labels(lang: Lang = Lang.FR, path: Path | None = None) -> tuple[TableLabels, ...]:
    """Labels of every table in ``lang``; a field without a label keeps its schema name."""
    source = path or data_dir("connectors") / "spreadsheet.yaml"
    raw = load_yaml(source)
    if not isinstance(raw, dict) or "tables" not in raw:
        raise DemoError("demo.error.market", path=source, what="no 'tables' section")
    out: list[TableLabels] = []
    for table in Table:
        spec = table_spec(table)
        entry = raw["tables"].get(table.value) or {}
        columns = entry.get("columns") or {}
        sheet = (entry.get("sheet") or {}).get(lang.value) or table.value.capitalize()
        headers = tuple(
            str((columns.get(name) or {}).get(lang.value) or name) for name in spec.names
        )
        out.append(TableLabels(table, str(sheet), headers, spec.names))
    return tuple(out)


def labels_for(table: Table, lang: Lang = Lang.FR) -> TableLabels:
    """Labels of one table."""
    return next(lab for lab in table_labels(lang) if lab.table is table)
