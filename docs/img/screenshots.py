"""Rebuild the user guide's screenshots of the HTML reports (docs/img/*.png).

The script writes the bundled demo's reports itself, offline, in a temporary folder — the
audit (``vendorlock audit``, the demo placed around the audit date), and the group reports
``aggregate`` and ``pool`` of the same demo (``vendorlock demo-data``) — in English and in
French, then takes each picture as an element screenshot of one part of a page opened in
headless Chromium (Playwright from the test extra driving the system's chromium: no browser
download). Pictures are reduced to 128 colours (Pillow, which WeasyPrint of the test and pdf
extras requires): a few tens of kB each. Run by hand after a report's look changes; not part
of the tests (the browser tests in tests/browser check behaviour, not pixels)::

    python docs/img/screenshots.py docs/img/
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The audit date every report is placed around (the guide quotes it).
AS_OF = "2026-11-28"


@dataclass(frozen=True)
class Shot:
    """One picture: the report it is taken from, the elements it spans, the viewport width,
    and what to do first."""

    name: str
    report: str  # "audit", "aggregate" or "pool"
    first: str
    last: str | None = None
    width: int = 1280
    lang: str = "en"
    fill: tuple[str, str] | None = None  # (input selector, text typed)
    open_first: str | None = None  # a <details> to unfold


#: The pooled-tender calendar's first row of charts, and one pooled tender's section.
CALENDAR = (
    "#calendar .chart-set > figure:nth-child(1)",
    "#calendar .chart-set > figure:nth-child(2)",
)
WINDOW = 'section[id^="pool-0"]'

SHOTS = (
    Shot("report-summary", "audit", "#summary .kpis", "#summary .ov"),
    Shot("report-summary-fr", "audit", "#summary .kpis", "#summary .ov", lang="fr"),
    Shot("report-members", "audit", "#summary .cards"),
    Shot("report-members-fr", "audit", "#summary .cards", lang="fr"),
    Shot("report-charts", "audit", "#summary .charts"),
    Shot("report-risk-register", "audit", "#risks .filter", "#risks .tw"),
    Shot(
        "report-filter",
        "audit",
        "#risks .filter",
        "#risks .tw",
        fill=('input[data-table="t-risk_register"]', "cimeti"),
    ),
    Shot("report-why", "audit", "#risks details", open_first="#risks details"),
    Shot("report-action-plan", "audit", "#actions .filter", "#actions .tw"),
    Shot("report-dependency-map", "audit", "#map .legend", "#map .map"),
    Shot("report-dependency-map-org", "audit", "#map details", open_first="#map details"),
    Shot("report-phone", "audit", "header", "#summary .kpis", width=390),
    Shot("group-aggregate-summary", "aggregate", "#summary .kpis", "#summary > p:last-of-type"),
    Shot(
        "group-aggregate-summary-fr",
        "aggregate",
        "#summary .kpis",
        "#summary > p:last-of-type",
        lang="fr",
    ),
    Shot("group-aggregate-members", "aggregate", "#summary .cards"),
    Shot("group-aggregate-members-fr", "aggregate", "#summary .cards", lang="fr"),
    Shot("group-pool-calendar", "pool", *CALENDAR),
    Shot("group-pool-calendar-fr", "pool", *CALENDAR, lang="fr"),
    Shot("group-pool-window", "pool", WINDOW),
    Shot("group-pool-window-fr", "pool", WINDOW, lang="fr"),
    Shot("group-pool-phone-fr", "pool", "#calendar > h2", "#calendar figure", width=390, lang="fr"),
)


def _run(*args: str) -> None:
    """One vendorlock command, by the interpreter running this script (no network)."""
    subprocess.run([sys.executable, "-m", "vendorlock", *args], check=True, capture_output=True)


def build_reports(work: Path) -> dict[tuple[str, str], Path]:
    """The demo's audit, aggregate and pool pages in English and French, by (report, lang)."""
    _run("demo-data", str(work / "demo"), "--as-of", AS_OF)
    pages: dict[tuple[str, str], Path] = {}
    for lang in ("en", "fr"):
        common = ["--format", "html", "--lang", lang, "--as-of", AS_OF]
        _run("audit", "-o", str(work / f"audit-{lang}"), *common)
        pages["audit", lang] = work / f"audit-{lang}" / "audit.html"
        for command, extra in (("aggregate", ["--no-member-reports"]), ("pool", [])):
            folder = work / f"{command}-{lang}"
            _run(command, *extra, str(work / "demo"), "-o", str(folder), *common)
            pages[command, lang] = folder / f"{command}.html"
    return pages


def _box(page: Any, first: str, last: str | None) -> dict[str, float]:
    a = page.locator(first).first.bounding_box()
    b = page.locator(last).first.bounding_box() if last else a
    sx, sy = page.evaluate("[window.scrollX, window.scrollY]")  # boxes are viewport-relative
    x, y = min(a["x"], b["x"]) + sx, min(a["y"], b["y"]) + sy
    right = max(a["x"] + a["width"], b["x"] + b["width"])
    bottom = max(a["y"] + a["height"], b["y"] + b["height"])
    return {"x": x, "y": y, "width": right + sx - x, "height": bottom + sy - y}


def _reduce(path: Path) -> None:
    """The PNG in 128 colours, without dithering (flat report colours stay flat); by octree,
    which keeps a colour only a few pixels wear (median cut turned the orange "high" dots
    yellow)."""
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(
            128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
    reduced.save(path, optimize=True)


def shoot(pages: dict[tuple[str, str], Path], out: Path) -> None:
    """Every picture of :data:`SHOTS`, written to ``out``."""
    from playwright.sync_api import sync_playwright

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=binary, args=["--no-sandbox"])
        for shot in SHOTS:
            page = browser.new_page(viewport={"width": shot.width, "height": 900})
            page.goto(pages[shot.report, shot.lang].resolve().as_uri())
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
            target = out / f"{shot.name}.png"
            page.screenshot(path=str(target), clip=clip, full_page=True)
            _reduce(target)
            page.close()
        browser.close()


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="vendorlock-shots-") as work:
        shoot(build_reports(Path(work)), out)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
