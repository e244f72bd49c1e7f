"""The group reports (aggregate, pool, compare, simulate, requirements) of the bundled demo
opened in a real browser: offline, no error, no horizontal overflow on a phone, the
structure-wide summary first and the members' cards sorted from the most to the least locked
in, members and applications named, counts in words."""

from __future__ import annotations

import re
import subprocess
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.browser.conftest import AS_OF, flat, pdf_pages
from tests.browser.test_html_in_chromium import DESKTOP, PHONE, open_page  # noqa: F401
from vendorlock.cli import main

COMMANDS = {
    "aggregate": ["aggregate", "--no-member-reports"],
    "pool": ["pool"],
    "compare": ["compare", "--domain", "finances"],
    # a finance product for another whose catalogue entry lacks the Chorus Pro standards: flows
    # break, platform obligations are at risk
    "simulate": [
        "simulate",
        "--replace",
        "e.magnus Gestion financière",
        "--with",
        "JVS-Mairistem paie / finances range",
    ],
    "requirements": ["requirements", "--domain", "finances"],
}


@pytest.fixture(scope="session")
def group_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo inventory (demo-data at the fixed audit date) through three group commands."""
    root = tmp_path_factory.mktemp("group-demo")
    runner = CliRunner()
    result = runner.invoke(main, ["demo-data", str(root / "demo"), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    out: dict[str, Path] = {}
    for stem, args in COMMANDS.items():
        folder = root / stem
        # --as-of: the decision dates the demo was placed around, not today's
        options = ["--format", "html", "--lang", "fr", "--as-of", AS_OF]
        result = runner.invoke(main, [*args, str(root / "demo"), "-o", str(folder), *options])
        assert result.exit_code == 0, result.output
        out[stem] = folder / f"{stem}.html"
    return out


@pytest.mark.parametrize("stem", sorted(COMMANDS))
def test_group_report_loads_offline_and_fits_a_phone(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
    stem: str,
) -> None:
    opened = open_page(group_reports[stem], PHONE)
    assert opened.errors == []
    assert [u for u in opened.requests if not u.startswith(("file:", "data:"))] == []
    width = opened.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{stem}: page is {width} px wide on a 390 px screen"
    # The summary is the first section, whatever the command.
    first = opened.page.locator("main section").first
    assert first.get_attribute("id") == "summary"
    assert first.locator("h2").inner_text() == "Synthèse"


def test_aggregate_opens_on_structure_figures_then_members_worst_first(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
) -> None:
    page = open_page(group_reports["aggregate"], DESKTOP).page
    headings = page.locator("#summary .kpi h3").all_inner_texts()
    assert headings == [
        "Membres",
        "Indice de dépendance de la structure",
        "Dépense annuelle",
        "Coût de sortie",
        "Membres par niveau",
    ]
    # The key figures come before the per-member cards, which come before any other section.
    order = page.evaluate(
        """() => Array.from(document.querySelectorAll('.kpis, .cards, section'))
            .map(e => (e.tagName === 'SECTION' ? e.id : e.className))"""
    )
    assert order.index("kpis") < order.index("cards") < order.index("editors")
    cards = page.locator("#summary .card .big").all_inner_texts()
    assert len(cards) == 12  # the demo's 12 members
    # « 35,4 / 100 »: one decimal, the French comma, the scale (reports.numbers.score)
    assert all(re.fullmatch(r"\d+,\d[\u00a0 ]/[\u00a0 ]100", c) for c in cards), cards
    indices = [float(c[: c.index(",") + 2].replace(",", ".")) for c in cards]
    assert indices == sorted(indices, reverse=True)
    # Members are named, never shown as their SIREN.
    names = page.locator("#summary .card h4").all_inner_texts()
    assert not any(n.isdigit() for n in names)
    # Long tables get a filter box that filters.
    box = page.locator('input[data-table="t-matrix"]')
    rows = page.locator("#t-matrix tbody tr")
    total = rows.count()
    box.fill(names[0])
    visible = page.evaluate(
        """() => Array.from(document.querySelectorAll('#t-matrix tbody tr'))
            .filter(r => r.offsetParent !== null).length"""
    )
    assert 0 < visible < total


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils absent")
def test_printed_pool_sections_share_pages(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
    tmp_path: Path,
) -> None:
    """The pool report's short per-pool sections flow one after another when printed (the old
    sheet began each on a new A4 page: 57 pools, 78 pages, most of them a third full)."""
    page = open_page(group_reports["pool"], DESKTOP).page
    titles = page.evaluate(
        "() => Array.from(document.querySelectorAll('section[id^=\"pool-\"] > h2'))"
        ".map(h => h.textContent + (h.nextElementSibling?.textContent ?? '').slice(0, 30))"
    )
    assert len(titles) >= 20
    page.emulate_media(media="print")
    pdf = tmp_path / "pool.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [re.sub(r"\s+", "", p) for p in text.split("\f") if p.strip()]
    names = [re.sub(r"\s+", "", t) for t in titles]
    # every pool printed (its heading with the line below), several pools to a page on average
    holding = [[n for n, p in enumerate(pages) if t in p] for t in names]
    assert all(holding), [t for t, h in zip(titles, holding, strict=True) if not h]
    assert len({n for h in holding for n in h}) <= len(titles) // 2


@pytest.fixture(scope="session")
def pool_reports(group_reports: dict[str, Path]) -> dict[str, Path]:
    """pool.html of the demo in French (the report above) and in English."""
    folder = group_reports["pool"].parent.parent / "pool-en"
    demo = group_reports["pool"].parent.parent / "demo"
    result = CliRunner().invoke(
        main,
        [
            "pool",
            str(demo),
            "-o",
            str(folder),
            "--format",
            "html",
            "--lang",
            "en",
            "--as-of",
            AS_OF,
        ],
    )
    assert result.exit_code == 0, result.output
    return {"fr": group_reports["pool"], "en": folder / "pool.html"}


#: The height of a landscape A4 page inside its margins (210 mm less 10 + 12 mm), in CSS px.
LANDSCAPE_PAGE_PX = (210 - 22) / 25.4 * 96


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils absent")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_printed_pool_calendar_is_charts_whole_on_a_page_with_the_heading_on_the_first(
    open_page: Any,  # noqa: F811
    pool_reports: dict[str, Path],
    tmp_path: Path,
    lang: str,
) -> None:
    """The pooled-tender calendar (57 pools on the demo) is several charts, each printed whole
    on one page, the section heading on the first one's page (the old single chart, 1,548 pt
    tall, ran over 3 pages and left the heading alone at the foot of the page before)."""
    page = open_page(pool_reports[lang], DESKTOP).page
    heading = page.locator("#calendar > h2").inner_text()
    headings = page.locator("section > h2").all_inner_texts()
    charts = page.evaluate(
        """() => Array.from(document.querySelectorAll('#calendar figure.chart svg')).map(s =>
            Array.from(s.querySelectorAll('text')).map(t => t.textContent))"""
    )
    assert len(charts) >= 3
    part = "(1/" if lang == "fr" else "(1 of "
    assert part in charts[0][0]  # each chart says which part it is
    page.emulate_media(media="print")
    heights = page.evaluate(
        """() => Array.from(document.querySelectorAll('#calendar figure.chart'))
            .map(f => f.getBoundingClientRect().height)"""
    )
    assert max(heights) <= LANDSCAPE_PAGE_PX, heights  # no chart taller than a printed page
    pdf = tmp_path / "pool.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    printed = [flat(text) for text in pdf_pages(pdf)]
    # each chart on one page: its title, every row's name and every tick of its axis
    on = [
        [n for n, text in enumerate(printed) if all(flat(x) in text for x in texts if x.strip())]
        for texts in charts
    ]
    assert all(on), [texts[0] for texts, pages in zip(charts, on, strict=True) if not pages]
    # the heading is printed on the page of the first chart, and no page ends on a heading
    assert flat(heading) in printed[on[0][0]]
    for n, text in enumerate(printed):
        assert not any(text.endswith(flat(h)) for h in headings), f"page {n + 1}"


#: How each visible calendar chart sits on the screen: its box, the box of the drawing shown,
#: the size its 9 pt labels are drawn at (CSS px), and its row names.
CALENDAR_ON_SCREEN = """() => Array.from(document.querySelectorAll('#calendar figure.chart')).map(f => {
    const svg = Array.from(f.querySelectorAll('svg')).find(s => s.getClientRects().length > 0);
    const box = f.getBoundingClientRect(), drawn = svg.getBoundingClientRect();
    const texts = Array.from(svg.querySelectorAll('text'))
        .filter(t => !t.getAttribute('font-size'))
        .map(t => (t.querySelector('title') ?? t).textContent);
    return {left: box.left, top: box.top, right: box.right, overflow: f.scrollWidth - f.clientWidth,
            drawnRight: drawn.right, label: 9 * drawn.width / svg.viewBox.baseVal.width, texts,
            smallest: Math.min(...Array.from(svg.querySelectorAll('text')).map(t =>
                parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a))};
})"""


def _row_names(texts: list[str]) -> list[str]:
    """The opportunities' names (« Cimetières — 5 membres ») among a chart's texts."""
    return [x for x in map(flat, texts) if re.search(r"—\d+(membres?|members?)$", x)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pool_calendar_side_by_side_on_a_wide_screen_and_whole_on_a_phone(
    open_page: Any,  # noqa: F811
    pool_reports: dict[str, Path],
    lang: str,
) -> None:
    """At 1,400 px the calendar's charts stand two to a row (they stacked: four charts, a
    3,000 px scroll); on a 390 px phone each chart is drawn for the screen — names above their
    bars, labels at least 9 px, nothing to pan (the page's chart was 560 px wide, panned in its
    box, its bars hidden right of the names), ticks included — and names every pool of the
    printed charts."""
    wide = open_page(pool_reports[lang], DESKTOP).page.evaluate(CALENDAR_ON_SCREEN)
    assert len(wide) >= 3
    assert wide[0]["top"] == wide[1]["top"] and wide[1]["left"] >= wide[0]["right"]
    assert all(c["label"] >= 9 for c in wide), [c["label"] for c in wide]
    phone = open_page(pool_reports[lang], PHONE).page.evaluate(CALENDAR_ON_SCREEN)
    assert len(phone) == len(wide)
    for chart in phone:
        assert chart["overflow"] <= 0 and chart["drawnRight"] <= PHONE["width"]
        assert chart["label"] >= 9, chart["label"]
        assert chart["smallest"] >= 9, chart["smallest"]  # the quarters' ticks too (were 8.6)
    # the same pools in the same order, none left out on the phone
    names = [n for c in wide for n in _row_names(c["texts"])]
    assert len(names) >= 40
    assert [n for c in phone for n in _row_names(c["texts"])] == names


def test_simulate_names_the_member_of_every_flow_cost_score_and_obligation(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
) -> None:
    """The flows, costs and scores name the member each application belongs to (the demo's 17
    « Gestion financière » of 12 members were told apart by nothing), and an obligation at
    risk reads « Les Belvézou-les-Bains / Gestion financière », not « 21000005 / app-0123 »."""
    page = open_page(group_reports["simulate"], DESKTOP).page
    members = set(page.locator("#org-scores tbody tr td:first-child").all_inner_texts())
    assert len(members) >= 5 and not any(re.search(r"\d{5}", m) for m in members)
    for section in ("flows-broken", "flows-to-check", "flows-works", "costs", "scores"):
        table = page.locator(f"#{section} table")
        assert table.locator("thead th").first.inner_text() == "Membre", section
        cells = table.locator("tbody tr td:first-child").all_inner_texts()
        assert cells and set(cells) <= members, section
    obligations = page.locator("#obligations li").all_inner_texts()
    assert len(obligations) >= 3  # Chorus Pro flows the new product cannot carry
    for line in obligations:
        member, _, rest = line.partition(" / ")
        assert member in members and rest.startswith("Gestion financière\u00a0: Chorus Pro"), line
        assert not re.search(r"\d{5}|app-|_", line), line


def test_requirements_counts_in_words_and_references_with_their_links(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
) -> None:
    """French tender requirements say « Aucun des 7 produits du catalogue ne le déclare », not
    « 0 des 7 produits … le déclarent », « proposé par aucun produit », not « par 0 produit »;
    each reference keeps its address (the French list dropped every link and every « non
    vérifié » mark) and starts with a capital."""
    page = open_page(group_reports["requirements"], DESKTOP).page
    text = page.locator("main").inner_text()
    assert not re.search(r"\(0 des|par 0 produit", text)
    assert re.search(r"\(Aucun des \d+ produits du catalogue ne le déclare\.\)", text)
    assert "proposé par aucun produit du catalogue" in text
    references = page.locator("#references li").all_inner_texts()
    assert len(references) >= 5
    assert all(re.search(r" <https?://[^ >]+>", r) for r in references), references
    assert all(r[0].isupper() for r in references), references


MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"


def test_pooled_tender_lists_its_members_by_decision_date(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
) -> None:
    """Each pooled tender's members read in the order the buyer meets their decisions
    (« décider avant le 28 novembre 2026 » first), not in the inventory's order."""
    page = open_page(group_reports["pool"], DESKTOP).page
    sections = page.evaluate(
        """() => Array.from(document.querySelectorAll('section[id^="pool-0"] li'))
            .map(li => [li.closest('section').id, li.textContent])"""
    )
    dates: dict[str, list[tuple[int, int, int]]] = {}
    for anchor, line in sections:
        found = re.search(r"décider avant le (\d+)(?:er)?\s(\w+)\s(\d{4})", line)
        if found:
            day, month, year = found.groups()
            dates.setdefault(anchor, []).append((int(year), MONTHS.split().index(month), int(day)))
    assert len(dates) >= 20 and all(len(d) >= 3 for d in dates.values())
    assert all(d == sorted(d) for d in dates.values())
    assert any(len(set(d)) > 1 for d in dates.values())  # not all on one day


#: Each chart of the compare section as shown: its figure's sideways overflow, the drawing's
#: right edge, the smallest text rendered (CSS px) and its texts.
COMPARE_ON_SCREEN = """() => Array.from(document.querySelectorAll('#compare figure.chart')).map(f => {
    const svg = Array.from(f.querySelectorAll('svg')).find(s => s.getClientRects().length > 0);
    const texts = Array.from(svg.querySelectorAll('text'));
    const px = texts.map(t => parseFloat(getComputedStyle(t).fontSize)
        * svg.getScreenCTM().a);
    return {overflow: f.scrollWidth - f.clientWidth, right: svg.getBoundingClientRect().right,
            smallest: Math.min(...px), texts: texts.map(t => t.textContent)};
})"""


def test_compare_chart_whole_and_readable_on_a_phone(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
) -> None:
    """At 390 px the editors' comparison is drawn for the screen: nothing to pan (the page's
    chart sat in a 560 px box, its bars' right half and second legend entry out of view),
    text at least 9 px, every editor and both series named as on a wide screen."""
    wide = open_page(group_reports["compare"], DESKTOP).page.evaluate(COMPARE_ON_SCREEN)
    phone = open_page(group_reports["compare"], PHONE).page.evaluate(COMPARE_ON_SCREEN)
    assert len(phone) == len(wide) == 1
    chart = phone[0]
    assert chart["overflow"] <= 0 and chart["right"] <= PHONE["width"], chart
    assert chart["smallest"] >= 9, chart["smallest"]
    named = [x for x in wide[0]["texts"] if re.search(r"\(\d+\)$|Score|score", x)]
    assert len(named) >= 4  # three editors in use on the demo, two series
    assert [x for x in chart["texts"] if x in named] == named


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils absent")
@pytest.mark.parametrize("stem", ["compare", "simulate"])
def test_printed_short_summary_shares_the_first_landscape_page(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
    tmp_path: Path,
    stem: str,
) -> None:
    """A summary of a sentence or three printed on the landscape page of the wide section that
    follows it: on a portrait page of its own it was one sentence alone on the first sheet
    (the browser starts a new page where the orientation changes)."""
    page = open_page(group_reports[stem], DESKTOP).page
    headings = page.locator("main section > h2").all_inner_texts()
    page.emulate_media(media="print")
    pdf = tmp_path / f"{stem}.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    first = flat(pdf_pages(pdf)[0])
    assert flat(headings[0]) in first and flat(headings[1]) in first, headings[:2]
    size = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", size)
    assert found
    width, height = map(float, found.groups())
    assert width > height  # landscape, the wide section's page


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils absent")
def test_printed_narrow_cells_break_words_where_french_does(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
    tmp_path: Path,
) -> None:
    """The compare table's 20 columns printed by the browser: a long word of a narrow cell is
    broken at a French hyphenation point with its hyphen (« élec-tronique »), never cut where
    the line ends (« électroniq / ue », « propri / étaire »: Chromium has no French
    hyphenation dictionary)."""
    page = open_page(group_reports["compare"], DESKTOP).page
    cells = page.locator("#compare tbody td").all_inner_texts()
    words = {w for c in cells for w in re.findall(r"[^\W\d_]{9,}", c.replace("\u00ad", ""))}
    assert {"électronique", "propriétaire"} <= words
    pdf = tmp_path / "compare.pdf"
    lines, cut = _printed_cuts(page, pdf, words)
    assert cut == []
    # the words are all printed, whole or hyphenated
    joined = re.sub(r"[\u00ad\u2010-]*\n", "", "\n".join(lines)).replace("\u00ad", "")
    assert "électronique" in joined and "propriétaire" in joined


def _printed_cuts(page: Any, pdf: Path, words: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The page printed by the browser on A4 into ``pdf``: its text lines, and each pair of
    lines where one of ``words`` was cut (its start ending a line, its rest starting the next)."""
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    lines = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    cut = [
        (a, b)
        for a, b in pairwise(lines)
        if (end := re.search(r"[^\W\d_]+$", a))
        and (start := re.match(r"[^\W\d_]+", b))
        and end.group() + start.group() in words
    ]
    return lines, cut


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils absent")
def test_printed_compare_is_its_editors_cards_with_no_word_cut(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
    tmp_path: Path,
) -> None:
    """Printed by the browser on A4, compare's editors are cards (each value after its
    column's name), so no word, however short, is cut where a narrow column's line ended
    (« d'Échang / e », « aucun / e API », « membr / es » in the 20-column table); the same
    three pages."""
    page = open_page(group_reports["compare"], DESKTOP).page
    cells = page.locator("#compare tbody td").all_inner_texts()
    words = {w for c in cells for w in re.findall(r"[^\W\d_]{4,}", c.replace("\u00ad", ""))}
    assert {"Échange", "aucune", "membres"} <= words
    pdf = tmp_path / "compare.pdf"
    _, cut = _printed_cuts(page, pdf, words)
    assert cut == []
    pages = pdf_pages(pdf)
    assert len(pages) <= 3
    printed = flat(" ".join(pages))
    assert flat("Coût de sortie (haut) 235 366 €") in printed  # a value after its name
    assert flat("aucune API") in printed and flat("d'Échange") in printed


#: The compare table on the screen: the box's sideways overflow, and per row its cells' names
#: as shown before them (the ::before of a stacked card) with the cells' boxes.
STACKED_TABLE = """id => {
    const box = document.querySelector(`#${id} .tw`);
    const heads = Array.from(box.querySelectorAll('thead th'))
        .map(th => th.textContent.replace(/\\u00ad/g, ''));
    const rows = Array.from(box.querySelectorAll('tbody tr')).map(tr =>
        Array.from(tr.cells).map(td => {
            const r = td.getBoundingClientRect();
            return {label: getComputedStyle(td, '::before').content, text: td.textContent,
                    left: r.left, right: r.right, height: r.height,
                    shown: td.getClientRects().length > 0};
        }));
    return {overflow: box.scrollWidth - box.clientWidth, heads, rows,
            headShown: box.querySelector('thead').getClientRects().length > 0};
}"""


@pytest.mark.parametrize(
    ("stem", "section", "columns"),
    [("compare", "compare", 20), ("simulate", "flows-broken", 9), ("simulate", "costs", 13)],
)
def test_wide_tables_of_few_rows_are_one_card_per_row_on_a_phone(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],
    stem: str,
    section: str,
    columns: int,
) -> None:
    """At 390 px the editors' comparison reads as one card per editor, each value on its line
    under its column's name, nothing to pan (its 20 columns, a few words wide, wrapped word by
    word into rows 230 px tall in a 2,800 px box); so do simulate's flows (a reason sentence
    made rows 250 px tall) and costs; a wide screen keeps the sortable table. An empty value
    shows no line (was its column's name with nothing after it)."""
    wide = open_page(group_reports[stem], DESKTOP).page.evaluate(STACKED_TABLE, section)
    assert wide["headShown"] and len(wide["heads"]) == columns
    assert all(c["label"] in ("none", "normal") for row in wide["rows"] for c in row)
    phone = open_page(group_reports[stem], PHONE).page.evaluate(STACKED_TABLE, section)
    assert phone["overflow"] <= 0 and not phone["headShown"]
    assert len(phone["rows"]) == len(wide["rows"]) >= 3
    for row in phone["rows"]:
        name, *cells = row
        assert name["text"].strip() and name["label"] in ("none", "normal")  # the card's title
        # each value after its column's name, inside the screen
        assert [c["label"].strip('"') for c in cells] == wide["heads"][1:]
        assert all(c["left"] >= 0 and c["right"] <= PHONE["width"] for c in row)
        # a short value holds on one line (was one word a line in a column 60 px wide)
        assert min(c["height"] for c in cells if c["shown"]) < 30
        # an empty value is no line: no column name with nothing after it
        assert [c["shown"] for c in cells] == [bool(c["text"].strip()) for c in cells]
    if stem == "compare":  # the demo's editors with no member have empty figures
        assert any(not c["text"] for row in phone["rows"] for c in row)


#: Every chart, map or table box shown on the page, whether it pans sideways, its hint's text and
#: whether the hint shows, before and after the box is panned to its end.
PANNED = """() => Array.from(document.querySelectorAll('.charts figure, figure.chart, .map, .tw'))
    .filter(box => box.getClientRects().length > 0)
    .map(box => {
        const hint = box.querySelector(':scope > .pan-hint');
        const shown = () => !!hint && getComputedStyle(hint).display !== 'none'
            && getComputedStyle(hint).visibility !== 'hidden';
        const pans = box.scrollWidth > box.clientWidth + 1;
        const before = shown();
        const top = box.getBoundingClientRect().height;
        box.scrollLeft = box.scrollWidth;
        box.dispatchEvent(new Event('scroll'));
        return {pans, before, after: shown(), text: hint ? hint.textContent : null,
                section: box.closest('section').id,
                still: box.getBoundingClientRect().height === top};
    })"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_panned_chart_says_so_on_a_phone(
    open_page: Any,  # noqa: F811
    demo_reports: dict[str, Path],
    group_reports: dict[str, Path],
    lang: str,
) -> None:
    """On a 390 px phone a chart, map or table wider than the screen (the audit's editors,
    groups, decisions per quarter, the aggregate's heatmap) says « Faire
    défiler → » / "Scroll →" until panned to its end (it panned with no visible cue); a box
    that fits (a table in cards: the register, the plan), a wide screen and paper show no
    hint. Panned to its end, the hint goes invisible but keeps its line (it collapsed, and the
    page jumped 21 px under the reader's thumb)."""
    hint = {"fr": "Faire défiler\u00a0→", "en": "Scroll →"}[lang]
    reports = [demo_reports[lang]] + ([group_reports["aggregate"]] if lang == "fr" else [])
    for report in reports:
        phone = open_page(report, PHONE).page.evaluate(PANNED)
        panned = [box for box in phone if box["pans"]]
        assert len(panned) >= (8 if report.stem == "audit" else 3), phone
        assert {"summary", "map"} <= {b["section"] for b in panned} or (report.stem != "audit")
        # the risk register and the action plan are cards: nothing to pan
        assert not any(b["section"] in ("risks", "actions") for b in panned)
        assert all(b["before"] and b["text"] == hint and not b["after"] for b in panned), panned
        # the hint keeps its line once the box is panned to its end: nothing below it jumps
        assert all(b["still"] for b in panned), panned
        assert not any(b["before"] for b in phone if not b["pans"])
        page = open_page(report, DESKTOP).page
        assert not any(b["before"] for b in page.evaluate(PANNED))
        page.emulate_media(media="print")
        assert not any(b["before"] for b in page.evaluate(PANNED))
