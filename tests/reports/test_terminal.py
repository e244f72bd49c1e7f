"""The one-screen terminal summary."""

from __future__ import annotations

import re
from typing import Any

from vendorlock.i18n import Lang
from vendorlock.reports import terminal_summary


def test_summary_shows_indices_top_risks_decisions_and_unknowns(doc: dict[str, Any]) -> None:
    lines = terminal_summary(doc, Lang.EN)
    text = "\n".join(lines)
    assert "Commune de Saint-Exemple: lock-in index 68.3/100 (high)" in text
    assert "Applications by level: critical 1 · high 3 · medium 2 · low 2" in text
    top = lines.index("Top risks:")
    assert "82.5 critical" in lines[top + 1] and "e.magnus" in lines[top + 1]
    assert lines[top + 2].strip() == "100 % of stored data is in closed formats."
    decisions = lines[lines.index("Next decisions:") + 1 :][:5]
    dates = [line.split()[0] for line in decisions]
    assert dates == sorted(dates) and dates[0] == "2026-12-31"
    assert lines[-1] == "2 of 8 applications were scored with unknown input."


def test_every_line_fits_the_width_and_carries_no_control_character(doc: dict[str, Any]) -> None:
    doc["applications"][0]["name"] = "evil\x1b[2J\x1b]0;owned\x07 name\u202e"
    for width in (60, 100):
        lines = terminal_summary(doc, Lang.FR, width=width)
        assert all(len(line) <= width for line in lines)
        assert not any(ch in line for line in lines for ch in ("\x1b", "\x07", "\u202e", "\t"))
    assert any("evil\ufffd[2J" in line for line in terminal_summary(doc, Lang.FR, width=200))


def test_summary_in_french(doc: dict[str, Any]) -> None:
    lines = terminal_summary(doc, Lang.FR)
    assert lines[0] == "Audit vendorlock au 15 juin 2026 (jeu de règles lockin 1.0)"
    assert "Principaux risques :" in lines
    assert not any(re.search(r"\d{4}-\d\d-\d\d|\(s\)", line) for line in lines), lines


def test_summary_in_english_keeps_iso_dates(doc: dict[str, Any]) -> None:
    assert terminal_summary(doc, Lang.EN)[0].startswith("vendorlock audit as of 2026-06-15 ")
