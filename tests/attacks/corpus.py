"""Builders of the attack corpus cases too big or too binary to commit.

Each function writes one hostile input into a folder and returns its path; the tests call
them into ``tmp_path``, and ``python -m tests.attacks.corpus DIR`` writes them all for manual
runs. Workbooks are the bundled demo inventory (a realistic, published-format workbook) with
the one hostile edit of the case, so every other row stays valid.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
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


BUILDERS = (
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
