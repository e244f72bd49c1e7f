"""Shared fixtures: the hand-written audit document and the reports written from it once."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from vendorlock.i18n import Lang
from vendorlock.reports import ReportFormat, pdf, write_reports
from vendorlock.reports.formats import DEFAULT_FORMATS

FIXTURES = Path(__file__).parent / "fixtures"
ASSETS = Path(__file__).parent.parent / "assets" / "reports"
SMALL = FIXTURES / "audit-small.json"

#: Hostile strings the fixture carries; every output must keep them inert and intact.
HYPERLINK = '=HYPERLINK("http://x","y")'
AT_SUM = "@SUM(A1)"
SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
EMOJI = "Gestion 📊 des salles 🇫🇷"
RTL = "نظام الأرشفة الإلكترونية"
LONG = "L" * 9990 + "-fin-long"
HOSTILE = (HYPERLINK, AT_SUM, SCRIPT, IMG, EMOJI, RTL, LONG)


def load_small() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SMALL.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def doc() -> dict[str, Any]:
    return copy.deepcopy(load_small())


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format written once in French (session-wide: the tests only read them)."""
    out = tmp_path_factory.mktemp("reports")
    formats = list(ReportFormat) if pdf.available() else list(DEFAULT_FORMATS)
    paths = write_reports(load_small(), out, formats, Lang.FR)
    found: dict[str, Path] = {}
    for p in paths:  # by format ("pdf" is audit.pdf, written first) and by file name
        found.setdefault(p.suffix.lstrip("."), p)
        found[p.name] = p
    return found
