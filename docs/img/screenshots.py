"""Rebuild the user guide's screenshots of the HTML report (docs/img/*.png).

The guide shows parts of the demo audit's ``audit.html``. A browser cannot be scrolled to a
section of a long page reliably in headless mode, so each picture is taken of a trimmed copy
of the report holding only the part shown (same styles, same markup, fewer table rows), then
cropped to its content. Run by hand after the report's look changes; not part of the tests
(it needs Chromium and a fresh audit)::

    vendorlock audit -o /tmp/guide-report --as-of 2026-11-28 --lang en
    python docs/img/screenshots.py /tmp/guide-report/audit.html docs/img/
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

#: Chromium flags: headless, no network, no profile left behind.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)

SECTION_RE = re.compile(r'<section id="(?P<id>\w+)">.*?</section>', re.S)


@dataclass(frozen=True)
class Shot:
    """One picture: which sections to keep, how many table rows, how wide, how to crop."""

    name: str
    sections: tuple[str, ...]
    width: int = 1280
    height: int = 2400
    rows: int = 6
    open_details: int = 0
    keep_details: int = 0
    drop_tables: bool = False
    crop_top: int = 0
    crop_height: int | None = None
    scale: float = 1.0
    extra_css: str = ""


SHOTS = (
    Shot("report-summary-cards.png", ("summary",), height=1200, crop_height=880, scale=0.75),
    Shot("report-charts.png", ("summary",), height=3600, crop_top=1085, scale=0.75),
    Shot("report-risk-register.png", ("risks",), height=1400, rows=5, keep_details=4, scale=0.75),
    Shot(
        "report-why.png",
        ("risks",),
        height=1400,
        open_details=1,
        keep_details=3,
        drop_tables=True,
        crop_height=900,
        scale=0.75,
    ),
    Shot("report-action-plan.png", ("actions",), height=1200, rows=6, scale=0.75),
    Shot("report-dependency-map.png", ("map",), width=1400, height=1200, crop_height=1000),
    Shot(
        "report-dependency-map-whole.png",
        ("map",),
        width=3140,
        height=2000,
        scale=0.45,
        extra_css="body { max-width: none; }",
    ),
)


def trimmed_report(html: str, shot: Shot) -> str:
    """The report with only ``shot.sections``, each table cut to its first rows."""
    head_end = html.index('<section id="')
    tail_start = html.rindex("</section>") + len("</section>")
    kept = [m.group(0) for m in SECTION_RE.finditer(html) if m.group("id") in shot.sections]
    body = "".join(_trim_section(section, shot) for section in kept)
    head = html[:head_end]
    if shot.extra_css:
        head = head.replace("</style>", shot.extra_css + "\n</style>", 1)
    return head + body + html[tail_start:]


def _trim_section(section: str, shot: Shot) -> str:
    if shot.drop_tables:
        section = re.sub(r'<div class="tw">.*?</div>', "", section, flags=re.S)
    section = re.sub(
        r"<tbody>(.*?)</tbody>",
        lambda m: (
            "<tbody>"
            + "".join(re.findall(r"<tr>.*?</tr>", m.group(1), re.S)[: shot.rows])
            + "</tbody>"
        ),
        section,
        flags=re.S,
    )
    details = list(re.finditer(r"<details>.*?</details>", section, re.S))
    if shot.keep_details and details:
        pieces = [
            d.group(0).replace("<details>", "<details open>", 1)
            if i < shot.open_details
            else d.group(0)
            for i, d in enumerate(details[: shot.keep_details])
        ]
        section = section[: details[0].start()] + "".join(pieces) + section[details[-1].end() :]
    return section


def take(browser: str, html_file: Path, png: Path, width: int, height: int) -> None:
    """Screenshot ``html_file`` at ``width`` × ``height`` pixels with headless Chromium."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                html_file.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )


def crop(png: Path, shot: Shot) -> None:
    """Cut to the shot's band, trim the white margin below, scale, save as a small PNG."""
    image = Image.open(png).convert("RGB")
    bottom = image.height if shot.crop_height is None else shot.crop_top + shot.crop_height
    image = image.crop((0, shot.crop_top, image.width, min(bottom, image.height)))
    background = Image.new("RGB", image.size, (255, 255, 255))
    box = ImageChops.difference(image, background).getbbox()
    if box is not None:
        right = min(image.width, box[2] + 16)
        image = image.crop((0, 0, right, min(image.height, box[3] + 16)))
    if shot.scale != 1.0:
        size = (round(image.width * shot.scale), round(image.height * shot.scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
    image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    image.save(png, optimize=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    report, out_dir = Path(argv[0]), Path(argv[1])
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("screenshots: chromium not found", file=sys.stderr)
        return 1
    html = report.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as work:
        for shot in SHOTS:
            page = Path(work) / f"{shot.name}.html"
            page.write_text(trimmed_report(html, shot), encoding="utf-8")
            png = out_dir / shot.name
            take(browser, page, png, shot.width, shot.height)
            crop(png, shot)
            print(f"{png} {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
