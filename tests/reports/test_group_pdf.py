"""aggregate.pdf, pool.pdf, compare.pdf: the group reports printed to A4 by WeasyPrint, with
text a reader can search and copy, a bounded number of pages, and never written unasked."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.group.render import ALL_FORMATS, GroupFormat
from vendorlock.reports import pdf

pytestmark = pytest.mark.skipif(not pdf.available(), reason="WeasyPrint or Pango not installed")

AS_OF = "2026-11-29"
#: Command line, bounds on its page count (the demo's 12 members and 605 applications).
COMMANDS = {
    "aggregate": (["aggregate", "--no-member-reports"], 5, 40),
    "pool": (["pool"], 20, 150),
    "compare": (["compare", "--domain", "finances"], 1, 8),
}
#: Reports whose summary is a few sentences: printed on the landscape page of the wide section
#: that follows (on a portrait page of its own, compare's was one sentence); the others open
#: on A4 portrait.
LANDSCAPE_FIRST = {"pool", "compare"}


@pytest.fixture(scope="module")
def group_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("group-pdf")
    runner = CliRunner()
    result = runner.invoke(main, ["demo-data", str(root / "demo"), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    out = {}
    for stem, (args, _low, _high) in COMMANDS.items():
        folder = root / stem
        result = runner.invoke(
            main, [*args, str(root / "demo"), "-o", str(folder), "--format", "pdf", "--lang", "fr"]
        )
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.pdf"]
        out[stem] = folder / f"{stem}.pdf"
    return out


def _pages(path: Path) -> list[tuple[int, int]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(path)], check=True, capture_output=True, text=True
    ).stdout
    found = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    return [(round(float(w)), round(float(h))) for w, h in found]


def _text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


@pytest.mark.parametrize("stem", sorted(COMMANDS))
def test_group_pdf_is_a4_with_a_bounded_page_count(group_pdfs: dict[str, Path], stem: str) -> None:
    _args, low, high = COMMANDS[stem]
    sizes = _pages(group_pdfs[stem])
    assert sizes[0] == ((842, 595) if stem in LANDSCAPE_FIRST else (595, 842))
    assert set(sizes) <= {(595, 842), (842, 595)}
    assert low <= len(sizes) <= high, len(sizes)


def test_group_pdf_text_is_extractable_summary_first(group_pdfs: dict[str, Path]) -> None:
    text = _text(group_pdfs["aggregate"])
    assert text.startswith("Vue d'ensemble des dépendances logicielles des membres")
    assert text.index("Synthèse") < text.index("Membres, du plus exposé au moins exposé")
    assert "Indice de dépendance de la structure" in text and "Mont-Tavernelle-en-Vallée" in text
    assert "Synthèse" in _text(group_pdfs["pool"]) and "Synthèse" in _text(group_pdfs["compare"])


def test_pdf_is_written_only_when_asked_for() -> None:
    assert GroupFormat.PDF not in ALL_FORMATS and GroupFormat.HTML in ALL_FORMATS
