"""The pooled-tender calendar: plain SVG, rows named in words, deterministic, valid XML."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
from lxml import etree

from tests.group.builders import app, doc, org, registries
from vendorlock.group import charts
from vendorlock.group.pool import PoolOptions, pool_view
from vendorlock.group.present import pool_report
from vendorlock.group.render import GroupFormat, render
from vendorlock.i18n import Lang
from vendorlock.reports import pdf, svg
from vendorlock.reports.sections import Chart, Paragraph, Section, page_html

SVG = "{http://www.w3.org/2000/svg}"


def _view() -> dict[str, Any]:
    """Two finance opportunities 2026 / 2029 and a council-acts one, six members."""
    members = ("a", "b", "c", "d", "e", "f")
    apps = [
        app("a1", "a", decision_date="2026-03-01"),
        app("b1", "b", decision_date="2026-09-15"),
        app("c1", "c", decision_date="2027-01-01"),
        app("d1", "d", decision_date="2029-02-01"),
        app("e1", "e", decision_date="2029-05-01"),
        app("f1", "f", decision_date="2029-05-01"),
        app("a2", "a", domain="council_acts", product=None, decision_date="2026-06-01"),
        app("b2", "b", domain="council_acts", product=None, decision_date="2026-07-01"),
        app("c2", "c", domain="council_acts", product=None, decision_date="2026-07-01"),
    ]
    return pool_view(
        doc([org(o) for o in members], apps), list(members), registries(), PoolOptions(18, 3)
    )


def _shown(text: Any) -> str:
    """What a ``<text>`` shows: its lines (tspans) joined, no-break spaces as spaces."""
    lines = [s.text or "" for s in text.iter(f"{SVG}tspan")] or [text.text or ""]
    return " ".join(lines).replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("lang", "rows", "ticks", "window"),
    [
        (
            Lang.FR,
            [
                "Finances et comptabilité — 3 membres",
                "Assemblées, délibérations et actes — 3 membres",
                "Finances et comptabilité — 3 membres",
            ],
            ("T1 2026", "T3 2026", "T1 2029"),
            "Finances et comptabilité — 3 membres\u00a0: décisions du 1er mars 2026 au 1er janvier 2027",
        ),
        (
            Lang.EN,
            [
                "Finance and accounting — 3 members",
                "Council meetings, deliberations and acts — 3 members",
                "Finance and accounting — 3 members",
            ],
            ("Q1 2026", "Q3 2026", "Q1 2029"),
            "Finance and accounting — 3 members: decisions from 1 March 2026 to 1 January 2027",
        ),
    ],
)
def test_rows_are_named_by_domain_and_member_count_in_the_reports_language(
    lang: Lang, rows: list[str], ticks: tuple[str, ...], window: str
) -> None:
    opps = _view()["opportunities"]
    svg = charts.pool_calendars(opps, lang)[0]
    root = etree.fromstring(svg.encode())  # valid XML, an <svg> root
    assert root.tag == f"{SVG}svg"
    texts = [_shown(e) for e in root.iter(f"{SVG}text")]
    assert [x for x in texts if x and "—" in x] == rows  # whole names, no cut at 25 characters
    assert not [x for x in texts if x and re.search(r"pool-\d|_|\d{4}-\d{2}", x)]
    assert all(tick in texts for tick in ticks)
    titles = [e.text for e in root.iter(f"{SVG}title")]
    assert window in titles
    # one bar per opportunity, one dot per distinct decision date of each
    assert len(root.findall(f"{SVG}rect")) == 3
    assert len(root.findall(f"{SVG}circle")) == 3 + 2 + 2  # 2029-05-01 twice: one dot
    assert charts.pool_calendars(opps, lang) == (svg,)  # one chart, same bytes on every run


def test_dots_and_bars_sit_on_one_time_axis() -> None:
    opps = _view()["opportunities"]
    root = etree.fromstring(charts.pool_calendars(opps, Lang.EN)[0].encode())
    bars = root.findall(f"{SVG}rect")
    dots = [float(c.get("cx")) for c in root.findall(f"{SVG}circle")]
    first_row = dots[:3]  # 2026-03-01, 2026-09-15, 2027-01-01
    assert first_row == sorted(first_row)
    start = float(bars[0].get("x"))
    assert first_row[0] == pytest.approx(start, abs=0.1)
    assert first_row[-1] == pytest.approx(start + float(bars[0].get("width")), abs=0.1)
    assert float(bars[2].get("x")) > first_row[-1]  # the 2029 window lies to the right


def test_labels_are_escaped_and_one_member_is_singular() -> None:
    opp = {
        "domain": "odd",
        "window_start": "2026-01-01",
        "window_end": "2026-01-01",
        "member_count": 1,
        "members": [{"decision_date": "2026-01-01"}],
    }
    svg = charts.pool_calendars([opp], Lang.FR, {"odd": "<b>R&D</b>\x07"})[0]
    root = etree.fromstring(svg.encode())
    assert "&lt;b&gt;R&amp;D&lt;/b&gt; —\u00a01\u00a0membre<" in svg
    assert root.findall(f"{SVG}rect")[0].get("width") == "3"  # a one-day window stays visible
    unknown = charts.pool_calendars([opp], Lang.EN, {})[0]
    assert (
        ">odd —\u00a01\u00a0member<" in unknown
    )  # a domain the registries do not know keeps its id


def _opps(n: int, domain: str = "finances") -> list[dict[str, Any]]:
    """``n`` opportunities of ``domain``, a month apart from January 2027, 3 to 5 members."""
    return [
        {
            "domain": domain,
            "window_start": f"{2027 + k // 12}-{k % 12 + 1:02d}-01",
            "window_end": f"{2028 + k // 12}-{k % 12 + 1:02d}-01",
            "member_count": 3 + k % 3,
            "members": [{"decision_date": f"{2027 + k // 12}-{k % 12 + 1:02d}-01"}],
        }
        for k in range(n)
    ]


def _parts(svgs: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each chart's title, height in points, row names and axis ticks."""
    out = []
    for one in svgs:
        root = etree.fromstring(one.encode())
        texts = [_shown(e) for e in root.iter(f"{SVG}text")]
        out.append(
            {
                "label": root.get("aria-label"),
                "title": texts[0],
                "height": float(root.get("height").removesuffix("pt")),
                "rows": [x for x in texts if "—" in x],
                "ticks": [x for x in texts if re.fullmatch(r"[TQ]\d \d{4}", x)],
                "bars": len(root.findall(f"{SVG}rect")),
            }
        )
    return out


#: The height a chart may take on a landscape A4 page (210 mm less 22 mm of margins: 533 pt)
#: with its section heading above it.
PAGE_UNDER_HEADING = 533 - 60


@pytest.mark.parametrize(
    ("n", "domains", "sizes"),
    [
        (20, {}, [20]),  # one-line rows: 20 to a chart
        (21, {}, [11, 10]),  # one more: two charts, as even as can be
        (57, {}, [19, 19, 19]),
        # rows of two lines are taller: fewer to a chart, so that each still fits a page
        (
            57,
            {"finances": "Dématérialisation, télétransmission et signature électronique"},
            [15, 14, 14, 14],
        ),
    ],
)
def test_many_pools_make_several_charts_each_fitting_a_printed_page(
    n: int, domains: dict[str, str], sizes: list[int]
) -> None:
    opps = _opps(n)
    svgs = charts.pool_calendars(opps, Lang.FR, domains or None)
    assert charts.pool_calendars(opps, Lang.FR, domains or None) == svgs  # deterministic
    parts = _parts(svgs)
    counts = [len(p["rows"]) for p in parts]
    assert counts == sizes
    assert max(counts) <= charts.CAL_ROWS and max(counts) - min(counts) <= 1
    assert all(p["height"] <= PAGE_UNDER_HEADING for p in parts), [p["height"] for p in parts]
    assert [p["bars"] for p in parts] == counts  # one bar per row, every pool drawn once
    # the rows in the order given, none lost nor repeated
    names = [_shown_name(o, domains) for o in opps]
    assert [r for p in parts for r in p["rows"]] == names
    # each chart says which part it is, on screen and to a screen reader, in words
    total = len(parts)
    for k, p in enumerate(parts, start=1):
        expected = (
            f"Fenêtres d'achat groupé ({k}/{total}\u00a0; points\u00a0: date de décision de chaque membre)"
            if total > 1
            else "Fenêtres d'achat groupé (points\u00a0: date de décision de chaque membre)"
        )
        # drawn text read with its no-break spaces as spaces (_shown); the label keeps them
        assert p["title"] == expected.replace("\u00a0", " ") and p["label"] == expected
    # one time axis shared by all, drawn under each: a bar's place compares across charts
    assert parts[0]["ticks"] and all(p["ticks"] == parts[0]["ticks"] for p in parts)


def test_each_chart_has_a_phone_drawing_of_the_same_rows_that_fits_its_width() -> None:
    """The phone's chart of each part: the same pools in the same order, the same title
    (wrapped within the drawing's width), labels set within the 340 pt the page scales to the
    screen, and each pool's window as one bar."""
    domains = {"finances": "Dématérialisation, télétransmission et signature électronique"}
    pairs = charts.pool_calendar_pairs(_opps(57), Lang.FR, domains)
    assert [w for w, _ in pairs] == list(charts.pool_calendars(_opps(57), Lang.FR, domains))
    wide, phone = _parts(tuple(w for w, _ in pairs)), _parts(tuple(p for _, p in pairs))
    assert [p["label"] for p in phone] == [p["label"] for p in wide]
    assert [p["rows"] for p in phone] == [p["rows"] for p in wide]
    assert [p["bars"] for p in phone] == [p["bars"] for p in wide]
    for _, one in pairs:
        root = etree.fromstring(one.encode())
        assert root.get("viewBox").split()[2] == "340"
        title = next(root.iter(f"{SVG}text"))
        lines = [s.text or "" for s in title.iter(f"{SVG}tspan")]
        assert len(lines) == 2 and " ".join(lines) == root.get("aria-label")
        for e in root.iter(f"{SVG}text"):
            size = float(e.get("font-size") or 9)
            bold = 1.12 if e.get("font-weight") == "bold" else 1.0
            x = float(e.get("x"))
            for line in [s.text or "" for s in e.iter(f"{SVG}tspan")] or [e.text or ""]:
                shown = svg.width(line, size) * bold
                left = x - shown / 2 if e.get("text-anchor") == "middle" else x
                assert left >= 0 and left + shown <= 340, line
        # ticks under the phone's narrower axis: fewer, all quarters of the wide chart's
        assert set(_parts((one,))[0]["ticks"]) <= set(wide[0]["ticks"])


def _shown_name(opp: dict[str, Any], domains: dict[str, str]) -> str:
    name = domains.get(opp["domain"], "Finances et comptabilité")
    return f"{name} — {opp['member_count']} membres"


def test_a_chart_in_english_says_which_part_it_is() -> None:
    parts = _parts(charts.pool_calendars(_opps(45), Lang.EN))
    assert [p["title"] for p in parts] == [
        f"Pooled tender windows ({k} of 3; dots: each member's decision date)" for k in (1, 2, 3)
    ]


def test_the_pool_page_carries_the_calendar_without_ids() -> None:
    html = render(pool_report(_view(), Lang.FR), GroupFormat.HTML, Lang.FR).decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None and "Finances et comptabilité — 3 membres" in svg.group(0)
    assert "pool-001" not in svg.group(0)


HOSTILE = "<script>alert(1)</script> & Fils"
LONG = "Communauté d'agglomération du Grand Val-de-Rivelonde et des Trois Vallées"


def test_the_heatmap_writes_each_count_in_its_cell_with_escaped_whole_names() -> None:
    matrix = {
        "editors": ["e1", "e2"],
        "members": ["m1", "m2", "m3"],
        "cells": [
            {"org_id": "m1", "editor_id": "e1", "applications": 12},
            {"org_id": "m1", "editor_id": "e2", "applications": 1},
            {"org_id": "m2", "editor_id": "e1", "applications": 3},
        ],
    }
    names = {"m1": HOSTILE, "m2": LONG, "m3": "Bourg"}
    svg = charts.heatmap(matrix, names, {"e1": "Berger-Levrault", "e2": HOSTILE}, Lang.FR)
    assert svg == charts.heatmap(matrix, names, {"e1": "Berger-Levrault", "e2": HOSTILE}, Lang.FR)
    root = etree.fromstring(svg.encode())  # well-formed: the names did not break the markup
    assert not list(root.iter(f"{SVG}script")) and "&lt;script&gt;" in svg
    cells = {
        r.findtext(f"{SVG}title"): r.get("fill")
        for r in root.iter(f"{SVG}rect")
        if r.findtext(f"{SVG}title")
    }
    assert len(cells) == 3 * 2  # members × editors, empty cells included
    top = cells[f"{HOSTILE} — Berger-Levrault — Applications\u00a0: 12"]
    assert top == charts.shade(1.0) == "#08306b"  # the largest count, darkest
    assert cells["Bourg — Berger-Levrault — Applications\u00a0: 0"] == charts.shade(0.0)
    written = [e.text for e in root.iter(f"{SVG}text") if e.get("font-size") == "7"]
    assert sorted(written) == ["1", "12", "3"]  # every non-empty cell shows its count
    # a member name too long for its column is cut between words, whole in its tooltip
    label = next(e for e in root.iter(f"{SVG}text") if (e.text or "").startswith("Communauté"))
    assert label.text.endswith("…") and label.findtext(f"{SVG}title") == LONG
    assert label.text[:-1].rstrip() + " " in LONG + " "


def test_the_editor_comparison_shows_both_scores_with_decimal_commas() -> None:
    rows = [
        {"name": LONG, "members": 9, "in_use": True, "average_score": 42.66, "worst_score": 59.0},
        {"name": HOSTILE, "members": 2, "in_use": True, "average_score": 10, "worst_score": 12},
        {"name": "Catalogue", "members": 0, "in_use": False, "average_score": 0, "worst_score": 0},
    ]
    svg = charts.editor_comparison(rows, Lang.FR)
    root = etree.fromstring(svg.encode())
    assert "Catalogue" not in svg  # only editors in use
    bars = [r for r in root.iter(f"{SVG}rect") if r.findtext(f"{SVG}title")]
    assert len(bars) == 4
    assert ">42,7<" in svg and ">59,0<" in svg  # scores as every report writes them
    assert f"{HOSTILE} (2) — Pire score\u00a0: 12,0" in [b.findtext(f"{SVG}title") for b in bars]
    # the two bars of a row: average first, worst below, lengths on one 0–100 scale
    avg, worst = (float(b.get("width")) for b in bars[:2])
    assert worst / avg == pytest.approx(59.0 / 42.66, rel=0.01)
    # the long editor name wraps on two lines, cut between words, whole in the tooltip
    label = next(e for e in root.iter(f"{SVG}text") if e.find(f"{SVG}tspan") is not None)
    lines = [s.text for s in label.iter(f"{SVG}tspan")]
    assert len(lines) == 2 and lines[0] + " " in LONG
    assert lines[1].endswith("… (9)")  # the member count is never the part cut
    assert label.findtext(f"{SVG}title") == LONG + " (9)"


@pytest.mark.skipif(not pdf.available(), reason="WeasyPrint or Pango not installed")
def test_a_long_calendar_prints_every_row_with_its_heading_on_the_first_page() -> None:
    """Printed to PDF (``--format pdf``), 57 pools in charts of one page each: every row on
    paper, each chart whole on a page, the section heading with the first (one chart 1,548 pt
    tall printed its first 21 rows, the rest cut off by the page edge, the heading alone on
    the page before)."""
    domains = {"finances": "Dématérialisation, télétransmission et signature électronique"}
    opps = _opps(57)
    svgs = charts.pool_calendars(opps, Lang.FR, domains)
    report = (
        Section("summary", "Synthèse", (Paragraph("57 opportunités parmi 12 membres."),)),
        Section("calendar", "Achats groupés", tuple(Chart(s) for s in svgs), wide=True),
    )
    printed = pdf.html_to_pdf(page_html("Achats groupés", report, Lang.FR, printed=True))
    pages = [
        re.sub(r"\s", "", page)
        for page in subprocess.run(
            ["pdftotext", "-", "-"], input=printed, check=True, capture_output=True
        )
        .stdout.decode()
        .split("\f")
    ]
    rows = [re.sub(r"\s", "", r) for p in _parts(svgs) for r in p["rows"]]
    assert sum(p.count("—") for p in pages) == len(rows) == 57  # every row printed, once
    for part in _parts(svgs):
        wanted = [re.sub(r"\s", "", x) for x in (part["title"], *part["rows"], *part["ticks"])]
        assert any(all(w in p for w in wanted) for p in pages), part["title"]
    first = next(n for n, p in enumerate(pages) if re.sub(r"\s", "", _parts(svgs)[0]["title"]) in p)
    assert pages[first].startswith("Achatsgroupés")  # the heading, then its first chart
