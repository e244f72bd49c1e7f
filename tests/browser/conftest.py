"""One headless Chromium for the whole session, and the demo's HTML reports in French and English.

The browser is Debian's ``chromium`` (``.ci/run`` installs it when missing) driven by Playwright
from pip through ``executable_path``: no browser download. The tests skip only when no chromium
binary or no Playwright is present at all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.reports.conftest import load_small
from vendorlock.cli import main
from vendorlock.i18n import Lang
from vendorlock.reports.audit_report import audit_html

#: The audit date the demo is placed around (its contract dates follow it).
AS_OF = "2026-11-29"


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (poppler's pdftotext, one call), words joined by one
    space."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")  # a form feed ends each page
    if text.endswith("\f"):
        pages.pop()
    return [" ".join(page.split()) for page in pages]


def flat(text: str) -> str:
    """``text`` without spaces and hyphens: a cell wrapped or hyphenated over two printed
    lines reads as in the page."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]", "", text)


def chromium_path() -> str | None:
    """``$VENDORLOCK_CHROMIUM`` or the first chromium on the PATH (Debian, Ubuntu names)."""
    for name in (os.environ.get("VENDORLOCK_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (found := shutil.which(name)):
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    binary = chromium_path()
    if binary is None:
        pytest.skip("no chromium binary (.ci/run installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=binary, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """audit.html of the bundled demo in each language (two audits, HTML only)."""
    out: dict[str, Path] = {}
    for lang in Lang:
        folder = tmp_path_factory.mktemp(f"demo-{lang}")
        result = CliRunner().invoke(
            main,
            ["audit", "--format", "html", "--lang", str(lang), "--as-of", AS_OF, "-o", str(folder)],
        )
        assert result.exit_code == 0, result.output
        out[str(lang)] = folder / "audit.html"
    return out


@pytest.fixture(scope="session")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written fixture with hostile names (script tags, formulas, RTL, 10 kB name)."""
    path = tmp_path_factory.mktemp("hostile") / "audit.html"
    path.write_text(audit_html(load_small(), Lang.FR), encoding="utf-8")
    return path
