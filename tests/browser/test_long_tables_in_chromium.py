"""A body with more applications than the page writes as rows: every row is still there to
filter, sort and show, the page loads without error, and the printed page says what it leaves
out and where it is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_html_in_chromium import DESKTOP, PHONE, open_page  # noqa: F401
from tests.reports.conftest import load_small
from vendorlock.i18n import Lang
from vendorlock.reports.audit_report import audit_html
from vendorlock.reports.html import HTML_ROW_LIMIT, PAGE_ROWS

ROOT = Path(__file__).resolve().parents[2]
APPS = HTML_ROW_LIMIT + 600


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One body of 2,600 applications (the benchmark's generator, schema-valid)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_reports import inflate
    finally:
        sys.path.pop(0)
    doc = inflate(json.loads(json.dumps(load_small())), apps=APPS, flows=200)
    path = tmp_path_factory.mktemp("long") / "audit.html"
    path.write_text(audit_html(doc, Lang.FR), encoding="utf-8")
    return path


def _rows(page: Any) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#t-risk_register tbody tr'))
            .filter(r => !r.hidden).map(r => r.cells[5].textContent)"""
    )


def test_every_row_of_a_long_register_can_be_found_sorted_and_shown(
    open_page: Any,  # noqa: F811
    long_report: Path,
) -> None:
    opened = open_page(long_report, DESKTOP)
    page = opened.page
    assert opened.errors == []
    assert [u for u in opened.requests if not u.startswith(("file:", "data:"))] == []
    assert len(_rows(page)) == PAGE_ROWS
    # A row far beyond the old 2,000-row cap is found by the filter.
    box = page.locator('input[data-table="t-risk_register"]')
    box.fill(f"#{APPS - 1}")
    assert [r.rsplit(" ", 1)[-1] for r in _rows(page)] == [f"#{APPS - 1}"]
    assert page.locator('output[for="t-risk_register"]').inner_text() == f"1 lignes sur {APPS}"
    box.fill("")
    # Sorting orders every row, not only the page shown.
    page.locator("#t-risk_register th").first.click()
    scores = page.evaluate(
        """() => Array.from(document.querySelectorAll('#t-risk_register tbody tr'))
            .map(r => Number(r.cells[0].getAttribute('data-v')))"""
    )
    assert scores == sorted(scores) and scores[0] == 0
    # « Show more » until every row is in the page.
    more = page.locator('.paged[data-table="t-risk_register"] button')
    while more.is_visible():
        more.click()
    assert len(_rows(page)) == APPS
    status = page.locator('.paged[data-table="t-risk_register"] span').inner_text()
    assert status.startswith("2\u202f600 lignes sur 2\u202f600 affichées")
    assert opened.errors == []


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils absent")
def test_printed_long_register_says_what_is_left_out_and_where(
    open_page: Any,  # noqa: F811
    long_report: Path,
    tmp_path: Path,
) -> None:
    page = open_page(long_report, DESKTOP).page
    page.emulate_media(media="print")
    assert page.locator('.paged[data-table="t-risk_register"] button').is_hidden()
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert f"{PAGE_ROWS} lignes sur 2 600 affichées ici (et imprimées)" in flat.replace(
        "\u202f", " "
    )
    assert "classeurs (xlsx, ods)" in flat


def test_rows_a_long_register_shows_later_are_cards_on_a_phone(
    open_page: Any,  # noqa: F811
    long_report: Path,
) -> None:
    """The rows the script writes (filtered, then « show more ») name their columns on a
    phone's card as the rows written in the page do (they came without their names: values
    with no name before them)."""
    page = open_page(long_report, PHONE).page
    labels = """() => Array.from(document.querySelectorAll('#t-risk_register tbody tr'))
        .map(r => Array.from(r.cells).map(td => getComputedStyle(td, '::before').content))"""
    written = page.evaluate(labels)
    heads = written[0]
    # every value named but the card's title, its application (the 6th column)
    assert len(written) == PAGE_ROWS and len(heads) == 14 and heads[5] == "none"
    assert all(h.startswith('"') and len(h) > 2 for i, h in enumerate(heads) if i != 5)
    page.locator('input[data-table="t-risk_register"]').fill(f"#{APPS - 1}")
    assert page.evaluate(labels) == [heads]
    page.locator('input[data-table="t-risk_register"]').fill("")
    page.locator('.paged[data-table="t-risk_register"] button').click()
    shown = page.evaluate(labels)
    assert len(shown) == 2 * PAGE_ROWS and all(r == heads for r in shown)
    box = page.evaluate(
        "() => { const b = document.querySelector('#t-risk_register').closest('.tw');"
        " return b.scrollWidth - b.clientWidth; }"
    )
    assert box <= 0
