"""Write generated inventories as xlsx, ods, French CSV or Parquet, byte-for-byte reproducibly.

Spreadsheets (one workbook, one sheet per table, French sheet names and headers) are for people
and hold the small demo; CSV (French conventions: ``;``, UTF-8 with BOM, decimal commas,
dd/mm/yyyy, Oui/Non) and Parquet (canonical names and types) stream chunk by chunk and hold
the country-scale sets. Every file appears complete or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from vendorlock.demo.generate import (
    DEFAULT_FLOWS_PER_APP,
    DemoOptions,
    Progress,
    arrow_schema,
    draw_members,
    editors_table,
    generate_tables,
    iter_chunks,
)
from vendorlock.demo.labels import TableLabels, labels_for
from vendorlock.demo.market import DemoError, load_market
from vendorlock.fileio import atomic_write, normalise_zip
from vendorlock.i18n import Lang
from vendorlock.model.schema import FieldType, Table, table_spec

#: Creation and modification date written into workbook properties (never "now").
FIXED_TIMESTAMP = dt.datetime(2026, 1, 1, 0, 0, 0)
#: Rows a spreadsheet sheet can take (Excel's limit, header included).
MAX_SHEET_ROWS = 1_048_575
WORKBOOK_STEM = "inventaire"
UTF8_BOM = b"\xef\xbb\xbf"


class OutputFormat(StrEnum):
    """What ``demo-data`` writes."""

    XLSX = "xlsx"
    ODS = "ods"
    CSV = "csv"
    PARQUET = "parquet"


def output_paths(out_dir: Path, fmt: OutputFormat) -> list[Path]:
    """The files a run writes into ``out_dir`` (checked before any work is done)."""
    match fmt:
        case OutputFormat.XLSX | OutputFormat.ODS:
            return [out_dir / f"{WORKBOOK_STEM}.{fmt.value}"]
        case OutputFormat.CSV | OutputFormat.PARQUET:
            return [out_dir / f"{labels_for(t).file_stem}.{fmt.value}" for t in Table]


def _check_targets(paths: Sequence[Path], force: bool) -> None:
    existing = [str(p) for p in paths if p.exists()]
    if existing and not force:
        raise DemoError("demo.error.exists", path=", ".join(existing))


# --- spreadsheets ---------------------------------------------------------------------------


def _cell_values(df: pd.DataFrame, table: Table) -> list[list[Any]]:
    """Rows of Python values a spreadsheet writer takes (None for missing, date for dates)."""
    cols: list[list[Any]] = []
    for f in table_spec(table).fields:
        s = df[f.name]
        values: list[Any]
        if f.type is FieldType.DATE:
            values = [None if pd.isna(v) else v.date() for v in s]
        elif f.type is FieldType.INTEGER:
            values = [None if pd.isna(v) else int(v) for v in s]
        elif f.type is FieldType.NUMBER:
            values = [None if pd.isna(v) else float(v) for v in s]
        elif f.type is FieldType.BOOLEAN:
            values = [None if pd.isna(v) else bool(v) for v in s]
        else:
            values = [None if pd.isna(v) else str(v) for v in s]
        cols.append(values)
    return [list(row) for row in zip(*cols, strict=True)] if cols else []


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")
_CREATED = re.compile(rb"<dcterms:created([^>]*)>[^<]*</dcterms:created>")


def fix_xlsx_properties(data: bytes) -> bytes:
    """Pin the created/modified dates openpyxl stamps with the clock, then normalise the zip."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = io.BytesIO(data)
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name == "docProps/core.xml":
                body = _MODIFIED.sub(
                    rb"<dcterms:modified\1>" + stamp + rb"</dcterms:modified>", body
                )
                body = _CREATED.sub(rb"<dcterms:created\1>" + stamp + rb"</dcterms:created>", body)
            zout.writestr(name, body)
    return normalise_zip(out.getvalue())


def xlsx_bytes(tables: dict[Table, pd.DataFrame], lang: Lang = Lang.FR) -> bytes:
    """One workbook, one sheet per table, headers in ``lang`` (openpyxl write-only mode)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "vendorlock"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    for table in Table:
        labels = labels_for(table, lang)
        ws = wb.create_sheet(labels.sheet)
        ws.freeze_panes = "A2"
        ws.append(list(labels.headers))
        for row in _cell_values(tables[table], table):
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return fix_xlsx_properties(buf.getvalue())


def ods_bytes(tables: dict[Table, pd.DataFrame], lang: Lang = Lang.FR) -> bytes:
    """The same workbook as ODS (odfpy), typed cells (float, date, boolean, string)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for table in Table:
        labels = labels_for(table, lang)
        sheet = OdsTable(name=labels.sheet)
        header = TableRow()
        for text in labels.headers:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=text))
            header.addElement(cell)
        sheet.addElement(header)
        for row in _cell_values(tables[table], table):
            tr = TableRow()
            for value in row:
                tr.addElement(_ods_cell(value, TableCell, P))
            sheet.addElement(tr)
        doc.spreadsheet.addElement(sheet)
    buf = io.BytesIO()
    doc.write(buf)
    return ods_finish(buf.getvalue())


def ods_finish(data: bytes) -> bytes:
    """Reproducible ODS bytes from odfpy output (no clock dates, fixed zip layout)."""
    return normalise_zip(_strip_ods_meta(data), first="mimetype")


def _ods_cell(value: Any, cell_cls: Any, p_cls: Any) -> Any:
    if value is None:
        return cell_cls()
    if isinstance(value, bool):
        cell = cell_cls(valuetype="boolean", booleanvalue="true" if value else "false")
        text = "VRAI" if value else "FAUX"
    elif isinstance(value, int | float):
        cell = cell_cls(valuetype="float", value=value)
        text = str(value)
    elif isinstance(value, dt.date):
        cell = cell_cls(valuetype="date", datevalue=value.isoformat())
        text = value.isoformat()
    else:
        cell = cell_cls(valuetype="string")
        text = str(value)
    cell.addElement(p_cls(text=text))
    return cell


_ODS_DATES = re.compile(rb"<(meta:creation-date|dc:date)>[^<]*</\1>")


#: OpenFormula namespace: ``table:condition="of:..."`` values name it, so it must be declared.
OF_NS = "urn:oasis:names:tc:opendocument:xmlns:of:1.2"


def _clean_xml(body: bytes) -> bytes:
    """Drop unused namespace declarations (odfpy's set depends on earlier documents), and
    declare the OpenFormula prefix that validation conditions use inside attribute values."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    root = etree.fromstring(body, parser)
    keep: list[str] = []
    if b'condition="of:' in body:
        keep = ["of"]
        if root.nsmap.get("of") != OF_NS:
            new = etree.Element(
                root.tag, attrib=dict(root.attrib), nsmap={**root.nsmap, "of": OF_NS}
            )
            new.extend(list(root))
            root = new
    etree.cleanup_namespaces(root, keep_ns_prefixes=keep)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return out


def _strip_ods_meta(data: bytes) -> bytes:
    """Make an odfpy document reproducible: no clock dates, no run-dependent namespaces."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name == "meta.xml":
                body = _ODS_DATES.sub(b"", body)
            if name.endswith(".xml") and not name.startswith("META-INF"):
                body = _clean_xml(body)
            zout.writestr(name, body)
    return out.getvalue()


# --- columnar files -------------------------------------------------------------------------


def french_csv_table(table: Table, data: pa.Table, labels: TableLabels) -> pa.Table:
    """Strings as French users write them: 12,5 · 31/12/2027 · Oui/Non; French headers."""
    out = []
    for f in table_spec(table).fields:
        col = data.column(f.name)
        match f.type:
            case FieldType.STRING:
                text = col
            case FieldType.INTEGER:
                text = pc.cast(col, pa.string())
            case FieldType.NUMBER:
                text = pc.replace_substring(pc.cast(col, pa.string()), ".", ",")
            case FieldType.DATE:
                text = pc.strftime(col, format="%d/%m/%Y")
            case FieldType.BOOLEAN:
                text = pc.if_else(col, "Oui", "Non")
        out.append(text)
    return pa.Table.from_arrays(out, names=list(labels.headers))


class _Staged:
    """Temp files beside their targets, renamed into place together once all are written."""

    def __init__(self, targets: Sequence[Path]) -> None:
        self.targets = [p.resolve() for p in targets]
        self.temps: list[Path] = []
        for target in self.targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            self.temps.append(Path(name))

    def commit(self) -> list[Path]:
        for tmp, target in zip(self.temps, self.targets, strict=True):
            os.replace(tmp, target)
        return list(self.targets)

    def discard(self) -> None:
        for tmp in self.temps:
            tmp.unlink(missing_ok=True)


@contextmanager
def _staged(targets: Sequence[Path]) -> Iterator[_Staged]:
    staged = _Staged(targets)
    try:
        yield staged
    except BaseException:
        staged.discard()
        raise


def _stream(
    out_dir: Path,
    options: DemoOptions,
    fmt: OutputFormat,
    progress: Progress | None,
) -> list[Path]:
    market = load_market()
    tables = list(Table)
    targets = output_paths(out_dir, fmt)
    with _staged(targets) as staged:
        files: dict[Table, BinaryIO] = {
            t: open(tmp, "wb")  # noqa: SIM115 - closed in the finally below
            for t, tmp in zip(tables, staged.temps, strict=True)
        }
        writers: dict[Table, Any] = {}
        try:
            write = (
                _csv_writer(files, writers)
                if fmt is OutputFormat.CSV
                else _pq_writer(files, writers)
            )
            used = np.zeros(len(market.editors), dtype=bool)
            for chunk in iter_chunks(options, market, progress):
                used |= chunk.editors_used
                for table, data in chunk.tables.items():
                    write(table, data)
            write(Table.EDITORS, editors_table(market, used))
            for table in tables:
                if table not in writers:  # a table with no rows still gets its header
                    write(table, arrow_schema(table).empty_table())
        finally:
            for w in writers.values():
                w.close()
            for fh in files.values():
                fh.close()
        return staged.commit()


def _csv_writer(
    files: dict[Table, BinaryIO], writers: dict[Table, Any]
) -> Callable[[Table, pa.Table], None]:
    def write(table: Table, data: pa.Table) -> None:
        labels = labels_for(table)
        text = french_csv_table(table, data, labels)
        if table not in writers:
            files[table].write(UTF8_BOM)
            writers[table] = pacsv.CSVWriter(
                files[table],
                text.schema,
                write_options=pacsv.WriteOptions(delimiter=";", quoting_style="needed"),
            )
        writers[table].write_table(text)

    return write


def _pq_writer(
    files: dict[Table, BinaryIO], writers: dict[Table, Any]
) -> Callable[[Table, pa.Table], None]:
    def write(table: Table, data: pa.Table) -> None:
        if table not in writers:
            writers[table] = pq.ParquetWriter(files[table], arrow_schema(table), compression="zstd")
        writers[table].write_table(data)

    return write


def expected_rows(options: DemoOptions) -> int:
    """About how many rows the largest table will have (applications or flows), cheaply."""
    apps = int(draw_members(options, load_market()).n_apps.sum())
    fpa = DEFAULT_FLOWS_PER_APP if options.flows_per_app is None else options.flows_per_app
    return int(max(apps, apps * fpa))


def _check_sheet_rows(rows: int) -> None:
    if rows > MAX_SHEET_ROWS:
        raise DemoError("demo.error.sheet_rows", rows=f"{rows:,}", maximum=f"{MAX_SHEET_ROWS:,}")


def write_demo(
    out_dir: Path,
    options: DemoOptions,
    fmt: OutputFormat = OutputFormat.XLSX,
    force: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """Generate the inventory described by ``options`` into ``out_dir``; return the files."""
    options.check()
    targets = output_paths(out_dir, fmt)
    _check_targets(targets, force)
    match fmt:
        case OutputFormat.XLSX | OutputFormat.ODS:
            _check_sheet_rows(expected_rows(options))
            tables = generate_tables(options)
            _check_sheet_rows(max(len(df) for df in tables.values()))
            data = xlsx_bytes(tables) if fmt is OutputFormat.XLSX else ods_bytes(tables)
            if progress is not None:
                progress(options.members, options.members)
            return [atomic_write(targets[0], data)]
        case OutputFormat.CSV | OutputFormat.PARQUET:
            return _stream(out_dir, options, fmt, progress)
