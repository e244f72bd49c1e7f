"""Printed tables of the demo's reports, laid out by Chromium on A4: no header is cut inside a
word (« Mem bres », « Applic ations » in the 20-column compare report) and no table runs past
the page's edge — for a browser printing the HTML (Ctrl+P) and for the HTML given to the PDF
writer (columns sized for paper)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.browser.conftest import AS_OF
from tests.browser.test_group_reports_in_chromium import COMMANDS, group_reports  # noqa: F401
from tests.browser.test_html_in_chromium import open_page  # noqa: F401
from vendorlock.cli import main

#: Width of the printed line in CSS px (96 per inch): A4 landscape and portrait less the
#: margins of reports/audit.css (277 mm, 190 mm).
LINE_PX = {True: 1047, False: 718}

#: Header pieces (text between spaces, soft hyphens and after a slash) printed on more than
#: one line, and tables much wider than the line, of the sections printed on ``wide`` pages or
#: not.
MEASURE = """(wide) => {
  const scope = wide ? 'section.wide' : 'section:not(.wide)';
  const cut = [];
  // the headers printed: a table printed as cards (compare's editors) names its columns
  // beside each value instead
  const printed = [...document.querySelectorAll(scope + ' th')]
    .filter((th) => th.getClientRects().length > 0);
  for (const th of printed) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\u00ad\\/]+\\/?/g;
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        // the line of the piece's first and last letters (the last box of each: a soft
        // hyphen shown at the end of the line before is counted with the letter after it)
        const top = (at) => {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const rects = [...range.getClientRects()];
          return Math.round(rects[rects.length - 1].top);
        };
        const tops = new Set([top(m.index), top(m.index + m[0].length - 1)]);
        if (tops.size > 1) cut.push(th.textContent.replace(/\\u00ad/g, '') + ' :: ' + m[0]);
      }
    }
  }
  // Chromium shrinks a page whose content is a little wider than the paper (the compare
  // table's longest words, « (SpreadsheetML) », take 5 % more): past a tenth, text would be tiny
  const line = document.documentElement.clientWidth * 1.1;
  const over = [...document.querySelectorAll(scope + ' table')]
    .filter((t) => t.getBoundingClientRect().right > line)
    .map((t) => t.id + ' ' + Math.round(t.getBoundingClientRect().width));
  return {cut, over, headers: printed.length};
}"""


def _measure(open_page: Any, html: Path) -> dict[bool, dict[str, Any]]:  # noqa: F811
    found = {}
    for wide, width in LINE_PX.items():
        page = open_page(html, {"width": width, "height": 900}).page
        page.emulate_media(media="print")
        found[wide] = page.evaluate(MEASURE, wide)
    return found


@pytest.fixture(scope="session")
def printed_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML each group command hands the PDF writer (``--format pdf``), caught before
    WeasyPrint lays it out: the tables carry the columns sized for paper."""
    import vendorlock.reports.pdf as pdf

    root = tmp_path_factory.mktemp("printed")
    runner = CliRunner()
    result = runner.invoke(main, ["demo-data", str(root / "demo"), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    caught: list[str] = []
    original = pdf.html_to_pdf

    def catch(html: str) -> bytes:
        caught.append(html)
        return b"%PDF-1.7\n"

    pdf.html_to_pdf = catch
    out: dict[str, Path] = {}
    try:
        for stem, args in COMMANDS.items():
            folder = root / stem
            options = ["--format", "pdf", "--lang", "fr", "--as-of", AS_OF, "-o", str(folder)]
            result = runner.invoke(main, [*args, str(root / "demo"), *options])
            assert result.exit_code == 0, result.output
            out[stem] = root / f"{stem}-printed.html"
            out[stem].write_text(caught.pop(), encoding="utf-8")
    finally:
        pdf.html_to_pdf = original
    return out


@pytest.mark.parametrize("stem", sorted(COMMANDS))
def test_printed_group_headers_break_only_between_words(
    open_page: Any,  # noqa: F811
    group_reports: dict[str, Path],  # noqa: F811
    printed_reports: dict[str, Path],
    stem: str,
) -> None:
    """Ctrl+P of the HTML and the PDF's HTML: every header piece on one line, tables within
    the page (the compare report's 20 headers printed « Mem bres », « Applic ations »)."""
    for html in (group_reports[stem], printed_reports[stem]):
        for wide, found in _measure(open_page, html).items():
            assert found["cut"] == [], (html.name, wide, found["cut"])
            assert found["over"] == [], (html.name, wide, found["over"])
    if stem == "compare":  # the PDF writer's 20-column table is measured, on a landscape
        # page (a browser prints the editors as cards: no header row)
        assert _measure(open_page, printed_reports[stem])[True]["headers"] >= 20
        assert _measure(open_page, group_reports[stem])[True]["headers"] == 0


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_printed_audit_headers_break_only_between_words(
    open_page: Any,  # noqa: F811
    demo_reports: dict[str, Path],
    lang: str,
) -> None:
    for wide, found in _measure(open_page, demo_reports[lang]).items():
        assert found["cut"] == [], (wide, found["cut"])
        assert found["over"] == [], (wide, found["over"])
