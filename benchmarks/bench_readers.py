"""Benchmark: read + validate an inventory vs the fastest plain reader of the same file.

Generates its own data in a temporary folder (nothing is kept):
- a 100,000-row flat applications sheet (with contract columns) as .xlsx and as .ods;
- a 1,000,000-row French CSV (``;``, cp1252, decimal commas, dd/mm/yyyy dates).
For each, times ``load_inventory`` (detect, read, recognise, parse, assemble, validate) beside
the plain reader (python-calamine ``to_python`` for workbooks; ``pyarrow.csv.read_csv`` with the
encoding and separator given for CSV), medians of 3 runs, and prints rows/s and the ratio.
Goal: ratio <= 1.5.

    python benchmarks/bench_readers.py [--rows-workbook N] [--rows-csv N] [--runs 3]
        [--cases xlsx,ods,csv]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pyarrow.csv as pacsv
import python_calamine as calamine

from vendorlock.readers import load_inventory
from vendorlock.registry import load_registries

HEADER = [
    "Nom",
    "Éditeur",
    "Domaine",
    "Hébergement",
    "Criticité",
    "Utilisateurs",
    "Volume (Go)",
    "Formats de stockage",
    "Formats d'export",
    "Coût annuel",
    "Date de début",
    "Date de fin",
    "Reconduction",
    "Préavis (mois)",
    "Réversibilité",
    "Version",
    "Licence",
    "Base de données",
    "Poste client",
    "API",
]
EDITORS = ["Berger-Levrault", "Ciril GROUP", "JVS-Mairistem", "Microsoft", "Dupont SARL"]
DOMAINS = ["Finances", "RH", "État civil", "Urbanisme", "GED", "Courrier"]


def rows(n: int, seed: int = 1, text_dates: bool = False) -> Iterator[list[Any]]:
    """Plausible flat-inventory rows (numbers as numbers for workbooks, text for CSV)."""
    rnd = random.Random(seed)
    for i in range(n):
        start = 44000 + rnd.randint(0, 1500)
        end = start + rnd.randint(365, 2000)
        cost = rnd.randint(100, 90000) + rnd.randint(0, 99) / 100
        row: list[Any] = [
            f"Application {i}",
            rnd.choice(EDITORS),
            rnd.choice(DOMAINS),
            rnd.choice(["SaaS", "sur site", "hébergé éditeur"]),
            rnd.choice(["Haute", "moyenne", "faible"]),
            rnd.randint(1, 400),
            round(rnd.random() * 100, 2),
            "ODT; PDF",
            "CSV, PDF/A",
            cost,
            start,
            end,
            rnd.choice(["tacite", "expresse"]),
            rnd.randint(1, 6),
            rnd.choice(["Oui", "Non"]),
            "2024.2",
            "propriétaire",
            "PostgreSQL",
            "web",
            "documentée",
        ]
        if text_dates:
            row[9] = f"{cost:_.2f}".replace("_", " ").replace(".", ",") + " €"
            row[6] = str(row[6]).replace(".", ",")
            row[10] = _ddmmyyyy(start)
            row[11] = _ddmmyyyy(end)
            row[7] = "ODT, PDF"  # ';' is the CSV separator
        yield row


def _ddmmyyyy(serial: int) -> str:
    d = time.gmtime((serial - 25569) * 86400)
    return f"{d.tm_mday:02d}/{d.tm_mon:02d}/{d.tm_year}"


def _col(i: int) -> str:
    s, i = "", i + 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(path: Path, n: int) -> None:
    """Streamed minimal xlsx (inline strings), one sheet "Applications"."""
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'
    )
    rel = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/{t}" Target="{target}"/>'
        "</Relationships>"
    )
    wb = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><sheets><sheet name="Applications" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rel.format(t="officeDocument", target="xl/workbook.xml"))
        z.writestr("xl/workbook.xml", wb)
        z.writestr(
            "xl/_rels/workbook.xml.rels", rel.format(t="worksheet", target="worksheets/sheet1.xml")
        )
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            for r, row in enumerate([HEADER, *rows(n)], 1):
                cells = []
                for c, v in enumerate(row):
                    ref = f"{_col(c)}{r}"
                    if isinstance(v, int | float):
                        cells.append(f'<c r="{ref}"><v>{v}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
                f.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
            f.write(b"</sheetData></worksheet>")


def write_ods(path: Path, n: int) -> None:
    """Streamed minimal ods, one sheet "Applications"."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
        'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
        'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet>'
        '<table:table table:name="Applications">'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-'
            'entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument'
            '.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-'
            'type="text/xml"/></manifest:manifest>',
        )
        with z.open("content.xml", "w") as f:
            f.write(head.encode())
            for row in [HEADER, *rows(n)]:
                cells = []
                for v in row:
                    if isinstance(v, int | float):
                        cells.append(
                            f'<table:table-cell office:value-type="float" office:value="{v}">'
                            f"<text:p>{v}</text:p></table:table-cell>"
                        )
                    else:
                        cells.append(
                            '<table:table-cell office:value-type="string">'
                            f"<text:p>{escape(v)}</text:p></table:table-cell>"
                        )
                f.write(f"<table:table-row>{''.join(cells)}</table:table-row>".encode())
            f.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")


def write_csv(path: Path, n: int) -> None:
    """French CSV: ';', cp1252, decimal commas, dd/mm/yyyy, a title line above the header."""
    with path.open("w", encoding="cp1252", newline="\n") as f:
        f.write("Inventaire applicatif;;;\n")
        f.write(";".join(HEADER) + "\n")
        for row in rows(n, text_dates=True):
            f.write(";".join(str(v) for v in row) + "\n")


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def plain_workbook(path: Path) -> object:
    with path.open("rb") as fh:
        return calamine.CalamineWorkbook.from_filelike(fh).get_sheet_by_index(0).to_python()


def plain_csv(path: Path) -> object:
    return pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding="cp1252", skip_rows=1),
        parse_options=pacsv.ParseOptions(delimiter=";"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-workbook", type=int, default=100_000)
    parser.add_argument("--rows-csv", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", default="xlsx,ods,csv", help="comma-separated inputs to time")
    args = parser.parse_args()
    wanted = set(args.cases.split(","))
    # Timed under the garbage-collector setting the commands run with (see GC_GEN0), so the
    # read costs what a command pays for it.
    from vendorlock.cli.app import GC_GEN0

    gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])
    print(f"garbage collector's thresholds {gc.get_threshold()}, as the commands run")
    registries = load_registries()
    with tempfile.TemporaryDirectory(prefix="vendorlock-bench-") as tmp:
        cases = [
            ("xlsx", Path(tmp) / "apps.xlsx", write_xlsx, plain_workbook, args.rows_workbook),
            ("ods", Path(tmp) / "apps.ods", write_ods, plain_workbook, args.rows_workbook),
            ("csv", Path(tmp) / "apps.csv", write_csv, plain_csv, args.rows_csv),
        ]
        print(
            f"{'input':<6}{'rows':>10}{'plain s':>10}{'plain rows/s':>14}"
            f"{'vendorlock s':>14}{'rows/s':>12}{'ratio':>8}"
        )
        for name, path, write, plain, n in cases:
            if name not in wanted:
                continue
            write(path, n)
            result = load_inventory([path], registries)
            assert len(result.portfolio.applications) == n, result.problems[:3]
            assert not result.errors(), result.errors()[:3]
            t_plain = median_time(lambda p=path, f=plain: f(p), args.runs)  # type: ignore[misc]
            t_ours = median_time(lambda p=path: load_inventory([p], registries), args.runs)  # type: ignore[misc]
            print(
                f"{name:<6}{n:>10}{t_plain:>10.2f}{n / t_plain:>14,.0f}"
                f"{t_ours:>14.2f}{n / t_ours:>12,.0f}{t_ours / t_plain:>8.2f}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
