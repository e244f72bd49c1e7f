"""audit.pdf: A4 pages laid out by WeasyPrint from the HTML report, every register row, same bytes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from vendorlock.errors import ReportError
from vendorlock.i18n import Lang
from vendorlock.reports import pdf
from vendorlock.reports.audit_report import audit_html

RTL_CHARS = re.compile("[\u0600-\u06ff]")
pytestmark = pytest.mark.skipif(not pdf.available(), reason="WeasyPrint or Pango not installed")


def _info(path: Path) -> str:
    return subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(path)], check=True, capture_output=True, text=True
    ).stdout


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_is_a4_with_the_summary_first_and_every_register_row(
    written: dict[str, Path], doc: dict[str, Any]
) -> None:
    assert written["pdf"].read_bytes().startswith(b"%PDF-")
    found = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", _info(written["pdf"]))
    sizes = [(round(float(w)), round(float(h))) for w, h in found]
    assert sizes[0] == (595, 842)  # the summary on A4 portrait
    assert (842, 595) in sizes  # wide tables on A4 landscape
    assert set(sizes) == {(595, 842), (842, 595)}
    assert len(sizes) <= 25
    text = " ".join(_text(written["pdf"]).split())
    assert text.index("Synthèse") < text.index("Registre des risques")
    assert "Indice de dépendance de la structure" in text
    register = text[text.index("Registre des risques") :]
    latin = [a["name"] for a in doc["applications"] if not RTL_CHARS.search(a["name"])]
    assert len(latin) == len(doc["applications"]) - 1  # pdftotext reshapes Arabic letters
    for name in latin:
        assert name[:10] in register, name


def test_format_pdf_also_prints_the_note_for_elected_officials(written: dict[str, Path]) -> None:
    note = written["note.pdf"]
    assert note.read_bytes().startswith(b"%PDF-")
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", _info(note))
    assert 1 <= len(sizes) <= 2  # two pages of plain French at most
    text = " ".join(_text(note).split())
    assert text.startswith("Dépendance aux éditeurs de logiciels")
    assert "Registre des risques" not in text  # the note, not the audit again


def test_same_html_gives_the_same_bytes_without_a_timestamp(
    doc: dict[str, Any], tmp_path: Path
) -> None:
    page = audit_html(doc, Lang.EN, printed=True)
    one, two = pdf.html_to_pdf(page), pdf.html_to_pdf(page)
    assert one == two
    (tmp_path / "a.pdf").write_bytes(one)
    assert "CreationDate:    Sat Jan  1 00:00:00 2000 UTC" in _info(tmp_path / "a.pdf")


def test_external_resources_are_never_fetched() -> None:
    page = '<html><body><img src="http://127.0.0.1:9/x.png"><p>offline</p></body></html>'
    assert pdf.html_to_pdf(page).startswith(b"%PDF-")


def test_missing_weasyprint_is_a_message_in_the_run_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(ReportError) as caught:
        pdf.html_to_pdf("<p>x</p>")
    assert "pip install 'vendorlock[pdf]'" in caught.value.message("fr")
    assert caught.value.message("fr").startswith("La sortie PDF nécessite WeasyPrint")
    assert str(caught.value).startswith("PDF output needs WeasyPrint")
