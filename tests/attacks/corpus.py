"""Builders of the attack corpus cases too big or too binary to commit.

Each function writes one hostile input into a folder and returns its path; the tests call
them into ``tmp_path``, and ``python -m tests.attacks.corpus DIR`` writes them all for manual
runs. Workbooks are the bundled demo inventory (a realistic, published-format workbook) with
the one hostile edit of the case, so every other row stays valid.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from vendorlock.demo import bundled_demo_path

#: A name that tries every trick on every output: XML-invalid control characters, a newline
#: forging a terminal line, a bidi override, zero-width characters, a formula, HTML and DOT.
HOSTILE_NAME = (
    "Paie\x01\x08\x0b\x1f\x7f\nvendorlock: all clear\u202egnp.exe\u200b\u2066x\u2069"
    '=HYPERLINK("http://x") <script>alert(1)</script> "quoted" \\N'
)
#: Terminal-forging pieces: none of these may reach a terminal raw.
FORGERS = ("\n", "\x1b", "\u202e", "\u200b", "\u2066", "\x01")


def edited_demo(path: Path, edits: dict[tuple[str, int, int], Any]) -> Path:
    """The bundled demo workbook with ``{(sheet, row, column): value}`` cells replaced."""
    wb = openpyxl.load_workbook(bundled_demo_path())
    for (sheet, row, col), value in edits.items():
        wb[sheet].cell(row, col).value = value
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def small_csv_demo(folder: Path, members: int = 2) -> Path:
    """A small generated inventory as CSV files (one per table), in ``folder``."""
    from click.testing import CliRunner

    from vendorlock.cli import main

    args = ["demo-data", str(folder), "--format", "csv", "--members", str(members)]
    result = CliRunner().invoke(main, [*args, "--apps-per-member", "4", "--force"])
    assert result.exit_code == 0, result.output
    return folder


def edit_csv(path: Path, row: int, column: int, value: str) -> None:
    """Replace one cell (1-based data row, 0-based column) of a generated CSV file."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    rows[row][column] = value
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL).writerows(rows)


def hostile_names(folder: Path) -> Path:
    """A CSV inventory whose first application, editor and member carry :data:`HOSTILE_NAME`.

    CSV, because a spreadsheet cannot hold most control characters while a CSV export from
    another tool can.
    """
    small_csv_demo(folder)
    edit_csv(folder / "applications.csv", 1, 2, HOSTILE_NAME)
    edit_csv(folder / "editeurs.csv", 1, 1, HOSTILE_NAME)
    edit_csv(folder / "organisations.csv", 2, 1, HOSTILE_NAME)
    return folder


def notice_million_months(folder: Path) -> Path:
    """A contract with a notice of 10^6 months (decision date before year 1)."""
    return edited_demo(folder / "notice-1e6.xlsx", {("Contrats", 2, 9): 10**6})


def contract_year_one(folder: Path) -> Path:
    """A contract ending on 0001-01-31, given as ISO text."""
    return edited_demo(
        folder / "end-year-1.xlsx", {("Contrats", 2, 5): None, ("Contrats", 2, 6): "0001-01-31"}
    )


def contract_year_9999(folder: Path) -> Path:
    """A contract ending on the last day Python can hold."""
    return edited_demo(
        folder / "end-year-9999.xlsx", {("Contrats", 2, 6): dt.datetime(9999, 12, 31)}
    )


def deep_yaml(folder: Path, depth: int = 5000) -> Path:
    """A rules file nested ``depth`` flow sequences deep (10 KB)."""
    path = folder / "rules-deep.yaml"
    path.write_text("criteria: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    return path


def big_yaml(folder: Path, megabytes: int = 19) -> Path:
    """A syntactically valid rules file of ``megabytes`` MB (the campaign's 19 MB case)."""
    path = folder / "rules-big.yaml"
    item = "  - id: c{i}\n    enabled: false\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("criteria:\n")
        i = 0
        while fh.tell() < megabytes * 1024 * 1024:
            fh.write(item.format(i=i))
            i += 1
    return path


def deep_json(folder: Path, depth: int = 100_000) -> Path:
    """An audit-looking document whose summary is nested ``depth`` arrays deep."""
    path = folder / "deep.json"
    body = "[" * depth + "]" * depth
    path.write_text(
        '{"schema_version": "1", "summary": ' + body + ', "organisations": [], '
        '"applications": [], "actions": []}',
        encoding="utf-8",
    )
    return path


def rewrite_member(path: Path, member: str, edit: Callable[[str], str]) -> Path:
    """Rewrite one member of a zip container (an xlsx) with ``edit`` applied to its text."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == member:
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    return path


def far_cell(folder: Path, ref: str = "XFD1048576") -> Path:
    """A demo-headed sheet with one stray cell at ``ref`` (also its ``<dimension>``).

    openpyxl writes references within Excel's grid; a reference beyond it (``ZZZZ99999999``)
    is written into the sheet XML afterwards, as a hostile generator would.
    """
    path = folder / f"far-cell-{ref}.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Applications"
    ws.append(["Nom", "Éditeur", "Utilisateurs"])
    ws.append(["Paie", "Civitas", 120])
    ws["C3"] = "x"
    wb.save(path)
    return rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:{ref}"', xml).replace(
            'r="C3"', f'r="{ref}"'
        ),
    )


def repeated_cell_row(folder: Path, repeat: int = 16_385) -> Path:
    """A demo-headed sheet whose second row repeats the cell ``B2`` ``repeat`` times, in a
    sheet with room for them (``<dimension ref="A1:C10000">``: 30,000 cells), so only a count
    per row, not the sheet's cell total, shows the row is wider than a row may be."""
    path = folder / "repeated-cell-row.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Applications"
    ws.append(["Nom", "Éditeur", "Utilisateurs"])
    ws.append(["Paie", "Civitas", 120])
    ws["C10000"] = 1
    wb.save(path)
    cell = '<c r="B2" t="inlineStr"><is><t>Civitas</t></is></c>'
    return rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(cell, cell * repeat, 1),
    )


def huge_shared_strings_count(folder: Path, count: int = 2**32 - 1) -> Path:
    """A small workbook whose shared-strings part (ECMA-376 ``sst``) announces ``count``
    strings while holding two; the header cells refer to them."""
    path = folder / "sst-count.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Nom", "Éditeur"])
    ws.append(["Paie", "Civitas"])
    wb.save(path)
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}"><si><t>Nom</t></si><si><t>Éditeur</t></si></sst>'
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", sst)
    rewrite_member(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    )
    return rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            '<c r="A1" t="inlineStr"><is><t>Nom</t></is></c>', '<c r="A1" t="s"><v>0</v></c>'
        ),
    )


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Applications">
<table:table-column table:number-columns-repeated="3"/>
<table:table-row>{header}</table:table-row>
<table:table-row table:number-rows-repeated="{repeat}">{row}</table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>
"""
ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def _ods_cell(text: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def ods_repeated_rows(folder: Path, repeat: int = 2**31 - 1) -> Path:
    """An ODS spreadsheet (OpenDocument 1.2 layout) whose data row is repeated ``repeat`` times."""
    path = folder / "rows-repeated.ods"
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    header = "".join(_ods_cell(x) for x in ("Nom", "Éditeur", "Utilisateurs"))
    row = "".join(_ods_cell(x) for x in ("Paie", "Civitas", "120"))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mime, zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST.format(mime=mime))
        archive.writestr("content.xml", ODS_CONTENT.format(header=header, repeat=repeat, row=row))
    return path


def huge_csv_cell(folder: Path, size: int = 200_000) -> Path:
    """A generated CSV inventory whose first application name is ``size`` characters long."""
    small_csv_demo(folder)
    edit_csv(folder / "applications.csv", 1, 2, "A" * size)
    return folder / "applications.csv"


def wide_csv(folder: Path, columns: int = 10_000) -> Path:
    """A CSV file with ``columns`` header cells (far wider than the first 64 KiB)."""
    path = folder / "wide.csv"
    header = ["Nom", "Éditeur"] + [f"Colonne supplémentaire {i}" for i in range(columns - 3)]
    header.append("Utilisateurs")
    row = ["Paie", "Civitas"] + [""] * (columns - 3) + ["120"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([header, row])
    return path


BUILDERS = (
    far_cell,
    repeated_cell_row,
    huge_shared_strings_count,
    ods_repeated_rows,
    wide_csv,
    hostile_names,
    notice_million_months,
    contract_year_one,
    contract_year_9999,
    deep_yaml,
    big_yaml,
    deep_json,
)


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "tests/assets/attacks/built")
    folder.mkdir(parents=True, exist_ok=True)
    for build in BUILDERS:
        target = folder / "hostile-names" if build is hostile_names else folder
        target.mkdir(exist_ok=True)
        print(build(target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
