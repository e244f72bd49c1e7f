"""The history page (`vendorlock history`) opened in headless Chromium: its tables fit a
1,400 px screen (the last column in view, no sideways scrolling) and a 390 px phone (no page
overflow), and printed to A4 every row of every table is there, under its header repeated on
each page, the charts whole, the words French."""

from __future__ import annotations

import copy
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.browser.conftest import flat, pdf_pages
from tests.browser.test_html_in_chromium import DESKTOP, PHONE, open_page  # noqa: F401
from tests.history.conftest import QUARTERS, demo_audit
from vendorlock.cli import main
from vendorlock.history import record_audit

#: Each table's column a row is counted by in the printed text (ids print whole).
KEY_COLUMN = {"decisions": 3, "moves": 3, "changes": 4, "bodies": 1}
NAMESAKE = "Syndicat des eaux"


def _quarters() -> list[dict[str, Any]]:
    """Four quarterly audits of the demo in which a body acted on a contract that fell due
    (its applications replaced by another editor's) and two bodies bear the same name."""
    docs = [demo_audit(d) for d in QUARTERS]
    before, after = docs[0], docs[1]
    due = [
        a
        for a in before["applications"]
        if a["contract_id"]
        and a["decision_date"]
        and before["as_of"] <= a["decision_date"]
        and a["decision_date"] < after["as_of"]
    ]
    gone = due[0]
    newcomer = dict(copy.deepcopy(gone), app_id="new-0001", contract_id="new-c001")
    newcomer["editor"] = "Libre SCIC"
    for doc in docs[1:]:
        doc["applications"] = [
            a for a in doc["applications"] if a["contract_id"] != gone["contract_id"]
        ] + [copy.deepcopy(newcomer)]
    held = sorted({a["org_id"] for a in before["applications"]})[:2]
    for doc in docs:
        for org in doc["organisations"]:
            if org["org_id"] in held:
                org["name"] = NAMESAKE
    return docs


@pytest.fixture(scope="module")
def history_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """history.html in each language, written by `vendorlock history`."""
    folder = tmp_path_factory.mktemp("history")
    db = folder / "dsi.sqlite"
    for doc in _quarters():
        record_audit(db, doc)
    out: dict[str, Path] = {}
    for lang in ("fr", "en"):
        result = CliRunner().invoke(
            main, ["history", str(db), "-o", str(folder / lang), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        out[lang] = folder / lang / "history.html"
    return out


def _table_cells(page: Any, table: str, column: int) -> list[str]:
    return page.evaluate(
        """([id, col]) => Array.from(document.querySelectorAll(`#t-${id} tbody tr`))
            .map(r => r.cells[col].textContent)""",
        [table, column],
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_history_tables_fit_a_desktop_and_a_phone(
    open_page: Any,  # noqa: F811
    history_pages: dict[str, Path],
    lang: str,
) -> None:
    opened = open_page(history_pages[lang], DESKTOP)
    assert opened.errors == []
    assert [u for u in opened.requests if not u.startswith(("file:", "data:"))] == []
    page = opened.page
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.tw')).map(w => {
            const last = w.querySelector('thead th:last-child').getBoundingClientRect();
            return {id: w.querySelector('table').id, scroll: w.scrollWidth, client: w.clientWidth,
                    lastRight: last.right, boxRight: w.getBoundingClientRect().right};
        })"""
    )
    assert {b["id"] for b in boxes} >= {f"t-{n}" for n in KEY_COLUMN}
    for box in boxes:
        # no sideways scrolling: the last column (« Décision », « Critères ») is in view
        assert box["scroll"] <= box["client"], box
        assert box["lastRight"] <= box["boxRight"] + 0.5, box
    phone = open_page(history_pages[lang], PHONE).page
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width} px wide on a {PHONE['width']} px screen"


def _sections(flat: list[str], headings: list[str]) -> list[list[str]]:
    """Each page's text cut at the section headings (``headings`` in page order, flattened):
    ``result[n][k]`` is what page ``n`` prints of section ``k`` ("" when nothing). Sections
    flow one after another, so a page may carry the end of one table and the next ones."""
    whole = "".join(flat)
    starts, at = [], 0
    for heading in headings:
        at = whole.index(heading, at)
        starts.append(at)
    bounds = [*starts[1:], len(whole)]
    out, offset = [], 0
    for text in flat:
        end = offset + len(text)
        out.append(
            [
                whole[max(a, offset) : min(b, end)] if a < end and b > offset else ""
                for a, b in zip(starts, bounds, strict=True)
            ]
        )
        offset = end
    return out


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils absent")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_printed_history_has_every_row_under_repeated_headers_and_whole_charts(
    open_page: Any,  # noqa: F811
    history_pages: dict[str, Path],
    tmp_path: Path,
    lang: str,
) -> None:
    page = open_page(history_pages[lang], DESKTOP).page
    tables = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('table.sortable'))
            .map(t => [t.id.slice(2), {
                headers: Array.from(t.tHead.rows[0].cells).map(c => c.textContent),
                rows: Array.from(t.tBodies[0].rows).map(r =>
                    Array.from(r.cells).map(c => c.textContent))}]))"""
    )
    assert set(KEY_COLUMN) <= set(tables)
    assert all(tables[name]["rows"] for name in KEY_COLUMN)  # the edits gave every table rows
    headings = page.evaluate(
        "() => Array.from(document.querySelectorAll('section')).map(s => [s.id, "
        "s.querySelector('h2').textContent])"
    )
    legends = page.evaluate(
        """() => Array.from(document.querySelectorAll('figure.chart svg')).map(s =>
            Array.from(s.querySelectorAll('text')).map(t => t.textContent)
                .filter(x => /[A-Za-zÀ-ÿ]/.test(x)))"""
    )
    page.emulate_media(media="print")
    pdf = tmp_path / "history.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    texts = pdf_pages(pdf)
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert set(re.findall(r"size: +([\d.]+ x [\d.]+) pts \(A4\)", sizes)) <= {
        "594.96 x 841.92",
        "841.92 x 594.96",
    }
    assert len(re.findall(r"Page +\d+ size", sizes)) == len(texts) <= 16
    flat_pages = [flat(text) for text in texts]
    ids = [sid for sid, _ in headings]
    cut = _sections(flat_pages, [flat(h) for _, h in headings])
    for name, column in KEY_COLUMN.items():
        spec = tables[name]
        headers = [flat(h) for h in spec["headers"]]
        keys = Counter(flat(row[column]) for row in spec["rows"])
        # the pages the table prints on each carry its header row (repeated), and together
        # they hold every row, counted by its id (ids print whole)
        mine = [page_cut[ids.index(name)] for page_cut in cut]
        on = [n for n, text in enumerate(mine) if all(h in text for h in headers)]
        assert on, name
        printed = "".join(mine[n] for n in on)
        assert {k: printed.count(k) for k in keys} == dict(keys), name
        assert all(any(k in mine[n] for k in keys) for n in on), name
        if name == "bodies":
            assert len(on) >= 2, "the 52 body rows span two landscape pages"
    # Sections flow one after another (the old sheet began each on a new page: 8 pages, most
    # of them nearly empty): the summary and the charts share the first page, the short
    # decisions, moves and changes sections the next one, and no page ends on a heading.
    assert len(texts) <= 5, len(texts)
    first = {ids[k] for k, part in enumerate(cut[0]) if part}
    assert {"summary", "charts"} <= first, first
    assert any(
        {"decisions", "moves", "changes"} <= {ids[k] for k, p in enumerate(c) if p} for c in cut
    )
    for n, text in enumerate(flat_pages):
        assert not any(text.endswith(flat(h)) for _, h in headings), f"page {n + 1}"
    # each chart on one page: its title, every body in its legend and every date on its axis
    assert len(legends) == 2
    for labels in legends:
        assert any(all(flat(label) in text for label in labels) for text in flat_pages), labels
    everything = " ".join(texts)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", everything)
    if lang == "fr":
        for english in ("medium", "missed", "taken", "added", "removed", "Body"):
            assert not re.search(rf"\b{english}\b", everything), english
        assert f"{NAMESAKE} (" in everything
