"""The HTML reports opened in a real browser: offline, no error, phone-sized, sortable,
filterable, and printed to A4 with every row of the risk register."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}
#: The demo's 618 applications, 1,547 flows: about 260 pages printed (the register's amount
#: columns as wide as their amounts, its headers whole); far more means a table lost its widths
#: (one word per line), far fewer that rows went missing.
MAX_PAGES = 275


class Opened:
    """A page with every console error and every non-file request recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def opener(path: Path, viewport: dict[str, int] = DESKTOP) -> Opened:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        opened = Opened(context.new_page())
        opened.page.goto(path.as_uri())
        return opened

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_demo_report_loads_offline_without_error(
    open_page: Any, demo_reports: dict[str, Path], lang: str
) -> None:
    opened = open_page(demo_reports[lang])
    assert opened.errors == []
    assert [u for u in opened.requests if not u.startswith(("file:", "data:"))] == []
    heading = opened.page.locator("#summary h3").first.inner_text()
    assert (
        heading
        == {"fr": "Indice de dépendance de la structure", "en": "Lock-in index, whole structure"}[
            lang
        ]
    )


def test_hostile_names_run_nothing_and_load_nothing(open_page: Any, hostile_report: Path) -> None:
    opened = open_page(hostile_report)
    assert opened.errors == []
    assert [u for u in opened.requests if not u.startswith(("file:", "data:"))] == []
    assert opened.page.evaluate("document.scripts.length") == 1
    assert opened.page.locator("img, iframe, object, embed").count() == 0


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_horizontal_overflow_on_a_phone(
    open_page: Any, demo_reports: dict[str, Path], lang: str
) -> None:
    page = open_page(demo_reports[lang], PHONE).page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width} px wide on a {PHONE['width']} px screen"
    # Chart labels stay readable on a phone: a chart keeps a minimum width and pans inside its
    # box (the page above stays 390 px wide) rather than shrinking its text to ~7 px.
    smallest = page.evaluate(
        """() => Math.min(...Array.from(document.querySelectorAll('.charts svg text'))
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0))"""
    )
    assert smallest >= 10, smallest
    # The dependency map pans in its box too, its smallest names (11 pt) at 9 px or more (they
    # were 7 px: the map was shrunk to 640 px).
    names = page.evaluate(
        """() => Array.from(document.querySelectorAll('.map svg text')).map(t =>
            parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)"""
    )
    assert names and min(names) >= 9, min(names)


def _scores(page: Any) -> list[float]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#t-risk_register tbody tr'))
            .filter(r => !r.hidden).map(r => Number(r.cells[0].getAttribute('data-v')))"""
    )


def test_sorting_and_filtering_the_register(open_page: Any, demo_reports: dict[str, Path]) -> None:
    page = open_page(demo_reports["fr"]).page
    header = page.locator("#t-risk_register th").first
    header.click()
    ascending = _scores(page)
    assert ascending == sorted(ascending) and len(ascending) == 618
    header.click()
    assert _scores(page) == sorted(ascending, reverse=True)

    box = page.locator('input[data-table="t-risk_register"]')
    box.fill("mont marsillon cimetieres")  # accents and case ignored, every word required
    rows = page.locator("#t-risk_register tbody tr:not([hidden])")
    # the text as read: the soft hyphens a printed cell may break at are invisible (the filter
    # matches « cimetieres » across them)
    shown = [r.replace("\u00ad", "") for r in rows.all_inner_texts()]
    assert 1 <= len(shown) < 618
    assert all("Mont-Marsillon" in r and "imeti" in r for r in shown)
    count = page.locator('output[for="t-risk_register"]').inner_text()
    assert count == f"{len(shown)}\u00a0lignes sur 618" or count == f"{len(shown)} lignes sur 618"
    box.fill("")
    assert len(_scores(page)) == 618


def test_action_plan_filter(open_page: Any, demo_reports: dict[str, Path]) -> None:
    page = open_page(demo_reports["en"]).page
    page.locator('input[data-table="t-actions"]').fill("renegotiate")
    rows = page.locator("#t-actions tbody tr:not([hidden])").all_inner_texts()
    assert rows and all("renegotiate" in r.lower() for r in rows)


#: A table's box and rows as laid out: its sideways overflow, whether its header row shows, and
#: per row shown its height and its cells' names as written before them (a card's ::before).
CARDS = """id => {
    const box = document.getElementById(id).closest('.tw');
    const heads = Array.from(box.querySelectorAll('thead th'))
        .map(th => th.textContent.replace(/\\u00ad/g, ''));
    const rows = Array.from(box.querySelectorAll('tbody tr'));
    const shown = rows.filter(r => r.getClientRects().length > 0);
    return {overflow: box.scrollWidth - box.clientWidth, heads,
            headShown: box.querySelector('thead').getClientRects().length > 0,
            rows: rows.length, shown: shown.length,
            unhidden: rows.filter(r => !r.hidden).length,
            labels: shown.slice(0, 20).map(r => Array.from(r.cells).map(td =>
                getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''))),
            // per row shown, the column of the cell laid out highest (the card's title)
            top: shown.slice(0, 20).map(r => Array.from(r.cells).filter(td =>
                td.getClientRects().length > 0).reduce((a, b) =>
                b.getBoundingClientRect().top < a.getBoundingClientRect().top ? b : a).cellIndex)};
}"""


@pytest.mark.parametrize(
    ("table", "word", "lead"),
    [("t-risk_register", "cimetieres", "Application"), ("t-actions", "renegocier", "Application")],
)
def test_register_and_plan_are_cards_on_a_phone_and_still_filter(
    open_page: Any, demo_reports: dict[str, Path], table: str, word: str, lead: str
) -> None:
    """At 390 px the risk register and the action plan read one card per row, titled by its
    application (not by its score or date, the table's first column), each other value on its
    line after its column's name, nothing to pan (were 14 and 10 columns in a 1,900 px and a
    1,200 px box, rows 120 to 400 px tall showing three columns); the filter box still keeps
    only the matching cards; a wide screen keeps the sortable table, in its column order."""
    wide = open_page(demo_reports["fr"], DESKTOP).page.evaluate(CARDS, table)
    assert wide["headShown"] and all(x in ("none", "normal") for r in wide["labels"] for x in r)
    page = open_page(demo_reports["fr"], PHONE).page
    phone = page.evaluate(CARDS, table)
    assert phone["overflow"] <= 0 and not phone["headShown"]
    assert phone["shown"] == phone["rows"] == wide["rows"] >= 100
    title = phone["heads"].index(lead)
    assert set(phone["top"]) == {title} and title > 0
    assert set(wide["top"]) == {0}  # a wide screen's row: every cell on one line, in order
    # the title has no name before it; a score or a date first keeps its name, as every
    # other value
    named = [h if i != title else "none" for i, h in enumerate(phone["heads"])]
    assert all(r == named for r in phone["labels"]) and phone["labels"]
    page.locator(f'input[data-table="{table}"]').fill(word)
    filtered = page.evaluate(CARDS, table)
    assert 1 <= filtered["shown"] == filtered["unhidden"] < filtered["rows"]


def _pdf_text(path: Path) -> tuple[str, list[tuple[int, int]]]:
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(path)], check=True, capture_output=True, text=True
    ).stdout
    sizes = [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    ]
    return " ".join(text.split()), sizes


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils absent")
def test_print_to_pdf_gives_a4_pages_with_every_register_row(
    open_page: Any, demo_reports: dict[str, Path], tmp_path: Path
) -> None:
    page = open_page(demo_reports["fr"]).page
    names = page.evaluate(
        """() => Array.from(document.querySelectorAll('#t-risk_register tbody tr'))
            .map(r => [r.cells[4].textContent, r.cells[5].textContent])"""
    )
    page.emulate_media(media="print")
    assert page.locator("nav").is_hidden()
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    text, sizes = _pdf_text(pdf)
    assert set(sizes) <= {(595, 842), (842, 595)} and sizes[0] == (595, 842)
    assert 20 <= len(sizes) <= MAX_PAGES, len(sizes)
    register = text[text.index("Registre des risques") : text.index("Données à collecter")]
    assert len(names) == 618
    missing = [app for _org, app in names if app[:12] not in register]
    assert missing == []
    # Every application row carries its organisation.
    assert all(org for org, _app in names)


#: Words of the register's cells that carry soft hyphens and are laid out over two lines.
SPLIT_WORDS = """() => {
    const split = [];
    for (const td of document.querySelectorAll('#t-risk_register tbody td')) {
        const node = td.firstChild;
        if (!node || node.nodeType !== 3 || !node.data.includes('\\u00ad')) continue;
        const range = document.createRange();
        for (const m of node.data.matchAll(/\\S+/g)) {
            range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
            const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
            if (lines.size > 1) split.push(m[0]);
        }
    }
    return split;
}"""


def test_soft_hyphens_are_for_paper_not_the_screen(
    open_page: Any, demo_reports: dict[str, Path]
) -> None:
    """The soft hyphens of narrow printed cells do not reach the screen: on a 1,400 px screen
    the register keeps its columns (the domain column was squeezed into « Cemeter-ies »,
    « Child-hood »), no word broken at one."""
    page = open_page(demo_reports["en"]).page
    assert page.evaluate("document.querySelectorAll('#t-risk_register td').length") > 100
    assert page.evaluate(
        "Array.from(document.querySelectorAll('#t-risk_register td'))"
        ".some(td => td.textContent.includes('\\u00ad'))"
    )
    assert page.evaluate(SPLIT_WORDS) == []


def test_an_undated_decision_card_has_no_empty_line_under_its_title(
    open_page: Any, demo_reports: dict[str, Path]
) -> None:
    """An action without a decision date (119 of the demo's 618) is titled by its application
    like the others; its empty date cell is no line at all, not a second bold strip (review)."""
    page = open_page(demo_reports["fr"], PHONE).page
    undated = page.evaluate(
        """() => Array.from(document.querySelectorAll('#t-actions tbody tr'))
            .filter(r => r.cells[0].textContent === '')
            .map(r => ({date: r.cells[0].getClientRects().length,
                        title: getComputedStyle(r.cells[2]).fontWeight}))"""
    )
    assert len(undated) >= 100
    assert all(r["date"] == 0 and r["title"] == "700" for r in undated)
