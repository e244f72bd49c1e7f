"""What the commands print in French writes dates, durations and counts the French way: no
ISO date in a sentence ("du 15 janvier 2026 au 1er mars 2026"), "0,1 s", "6 765 liens", and
no "(s)" plural."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from vendorlock.cli import main

ROOT = Path(__file__).resolve().parents[2]
ISO = re.compile(r"\b\d{4}-\d\d-\d\d\b")


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--lang", "fr"])
    assert result.exit_code == 0, result.output
    return result.output


def _clean(output: str, folder: Path) -> str:
    """The output without the paths (a temporary folder may hold anything)."""
    return output.replace(str(folder), "DOSSIER")


def test_letters_write_the_period_in_words(tmp_path: Path) -> None:
    out = _run("letters", "--as-of", "2026-01-15", "--before", "2026-03-01", "-o", str(tmp_path))
    assert "décisions dues du 15 janvier 2026 au 1er mars 2026 écrits dans" in out
    assert not ISO.search(_clean(out, tmp_path))


def test_scan_writes_seconds_with_a_decimal_comma(tmp_path: Path) -> None:
    share = tmp_path / "partage"
    share.mkdir()
    shutil.copy(ROOT / "tests" / "assets" / "readers" / "workbook_fr.xlsx", share)
    result = CliRunner().invoke(
        main, ["scan", str(share), "-o", str(tmp_path / "out"), "--lang", "fr", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"1 fichiers? analysés? \(.*\) en \d+,\d\u00a0s\u00a0;", result.output), (
        result.output
    )


def test_graph_counts_are_grouped_the_french_way(tmp_path: Path) -> None:
    from vendorlock.demo import bundled_demo_path

    out = _run("graph", str(bundled_demo_path()), "-o", str(tmp_path / "g"))  # 6,765 links
    assert re.search(r"\(\d+ nœuds, \d[\u00a0\u202f]\d{3} liens\)", out), out


def test_audit_prints_no_iso_date_nor_bracketed_plural(tmp_path: Path) -> None:
    inventory = ROOT / "tests" / "assets" / "graph" / "inventory"
    out = _clean(_run("audit", str(inventory), "-o", str(tmp_path), "--as-of", "2026-06-15"),
                 tmp_path)  # fmt: skip
    assert "Audit vendorlock au 15\u00a0juin\u00a02026" in out  # never broken across lines
    assert not ISO.search(out), out
    assert "(s)" not in out, out
