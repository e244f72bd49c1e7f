"""Rebuild the user guide's screenshots of the HTML report (docs/img/*.png).

Each picture is one part of the demo audit's ``audit.html`` opened in headless Chromium
(Playwright from the test extra driving the system's chromium: no browser download), taken as
an element screenshot so the page scrolls to it. Run by hand after the report's look changes;
not part of the tests (the browser tests in tests/browser check behaviour, not pixels)::

    vendorlock audit -o /tmp/guide-report --format html --as-of 2026-11-28 --lang en
    python docs/img/screenshots.py /tmp/guide-report/audit.html docs/img/
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Shot:
    """One picture: the elements it spans, the viewport width, and what to do first."""

    name: str
    first: str
    last: str | None = None
    width: int = 1280
    fill: tuple[str, str] | None = None  # (input selector, text typed)
    open_first: str | None = None  # a <details> to unfold


SHOTS = (
    Shot("report-summary", "#summary .kpis", "#summary .ov"),
    Shot("report-members", "#summary .cards"),
    Shot("report-charts", "#summary .charts"),
    Shot("report-risk-register", '#risks .filter', "#risks .tw"),
    Shot(
        "report-filter",
        "#risks .filter",
        "#risks .tw",
        fill=('input[data-table="t-risk_register"]', "cimeti"),
    ),
    Shot("report-why", "#risks details", open_first="#risks details"),
    Shot("report-action-plan", "#actions .filter", "#actions .tw"),
    Shot("report-dependency-map", "#map .legend", "#map .map"),
    Shot("report-dependency-map-org", "#map details", open_first="#map details"),
    Shot("report-phone", "header", "#summary .kpis", width=390),
)


def _box(page: Any, first: str, last: str | None) -> dict[str, float]:
    a = page.locator(first).first.bounding_box()
    b = page.locator(last).first.bounding_box() if last else a
    sx, sy = page.evaluate("[window.scrollX, window.scrollY]")  # boxes are viewport-relative
    x, y = min(a["x"], b["x"]) + sx, a["y"] + sy
    right = max(a["x"] + a["width"], b["x"] + b["width"])
    return {"x": x, "y": y, "width": right + sx - x, "height": b["y"] + sy + b["height"] - y}


def main(html: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=binary, args=["--no-sandbox"])
        for shot in SHOTS:
            page = browser.new_page(viewport={"width": shot.width, "height": 900})
            page.goto(html.resolve().as_uri())
            if shot.fill:
                page.locator(shot.fill[0]).fill(shot.fill[1])
            if shot.open_first:
                page.locator(shot.open_first).first.evaluate("d => d.setAttribute('open', '')")
            box = _box(page, shot.first, shot.last)
            pad = 8
            clip = {
                "x": max(box["x"] - pad, 0),
                "y": max(box["y"] - pad, 0),
                "width": min(box["width"] + 2 * pad, shot.width),
                "height": min(box["height"] + 2 * pad, 2000),
            }
            page.screenshot(path=str(out / f"{shot.name}.png"), clip=clip, full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
