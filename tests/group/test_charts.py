"""The pooled-tender calendar: plain SVG, rows named in words, deterministic, valid XML."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lxml import etree

from tests.group.builders import app, doc, org, registries
from vendorlock.group import charts
from vendorlock.group.pool import PoolOptions, pool_view
from vendorlock.group.present import pool_report
from vendorlock.group.render import GroupFormat, render
from vendorlock.i18n import Lang

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


@pytest.mark.parametrize(
    ("lang", "rows", "ticks", "window"),
    [
        (
            Lang.FR,
            [
                "Finances et comptabilité — 3 membres",
                "Assemblées, délibérations … — 3 membres",
                "Finances et comptabilité — 3 membres",
            ],
            ("T1 2026", "T3 2026", "T1 2029"),
            "Finances et comptabilité — 3 membres : décisions du 1er mars 2026 au 1er janvier 2027",
        ),
        (
            Lang.EN,
            [
                "Finance and accounting — 3 members",
                "Council meetings, delibera… — 3 members",
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
    svg = charts.pool_calendar(opps, lang)
    root = etree.fromstring(svg.encode())  # valid XML, an <svg> root
    assert root.tag == f"{SVG}svg"
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert [x for x in texts if x and "—" in x] == rows
    assert not [x for x in texts if x and re.search(r"pool-\d|_|\d{4}-\d{2}", x)]
    assert all(tick in texts for tick in ticks)
    titles = [e.text for e in root.iter(f"{SVG}title")]
    assert window in titles
    # one bar per opportunity, one dot per distinct decision date of each
    assert len(root.findall(f"{SVG}rect")) == 3
    assert len(root.findall(f"{SVG}circle")) == 3 + 2 + 2  # 2029-05-01 twice: one dot
    assert svg == charts.pool_calendar(opps, lang)  # same bytes on every run


def test_dots_and_bars_sit_on_one_time_axis() -> None:
    opps = _view()["opportunities"]
    root = etree.fromstring(charts.pool_calendar(opps, Lang.EN).encode())
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
    svg = charts.pool_calendar([opp], Lang.FR, {"odd": "<b>R&D</b>\x07"})
    root = etree.fromstring(svg.encode())
    assert "&lt;b&gt;R&amp;D&lt;/b&gt;  — 1 membre<" in svg
    assert root.findall(f"{SVG}rect")[0].get("width") == "3.0"  # a one-day window stays visible
    unknown = charts.pool_calendar([opp], Lang.EN, {})
    assert ">odd — 1 member<" in unknown  # a domain the registries do not know keeps its id


def test_the_pool_page_carries_the_calendar_without_ids() -> None:
    html = render(pool_report(_view(), Lang.FR), GroupFormat.HTML, Lang.FR).decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None and "Finances et comptabilité — 3 membres" in svg.group(0)
    assert "pool-001" not in svg.group(0)
