"""audit.md: the note for elected officials, in plain sentences, with escaped values."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from vendorlock.i18n import Lang
from vendorlock.reports.markdown import audit_markdown, md_text


def test_note_answers_the_three_questions_in_french(written: dict[str, Path]) -> None:
    note = written["md"].read_text(encoding="utf-8")
    assert note.startswith("# Dépendance aux éditeurs de logiciels")
    for heading in (
        "## Où nous sommes dépendants",
        "## Ce que coûterait une sortie",
        "## Ce qu'il faut décider, et avant quand",
    ):
        assert heading in note
    assert "190\u202f000\u00a0€ – 448\u202f000\u00a0€" in note
    assert "| 2026-12-31 | e\\.magnus Gestion financière |" in note
    assert "2 applications ont été notées avec des données manquantes" in note


def test_note_in_english_names_the_top_risk_with_its_first_reason(doc: dict[str, Any]) -> None:
    note = audit_markdown(doc, Lang.EN)
    assert "## Where we are locked in" in note
    assert (
        "- **e\\.magnus Gestion financière** (Berger\\-Levrault, 82.5/100): "
        "100 % of stored data is in closed formats\\." in note
    )


def test_hostile_values_cannot_format_link_or_inject_html(doc: dict[str, Any]) -> None:
    note = audit_markdown(doc, Lang.EN)
    assert not re.search(r"(?<!\\)[<>\[\]]", note)  # every bracket is backslash-escaped
    assert "http://" not in note
    assert md_text('=HYPERLINK("http://x","y")') == r"\=HYPERLINK\(\"http\://x\",\"y\"\)"
    assert md_text("<script>") == r"\<script\>"
    assert md_text("a|b\nc") == r"a\|b c"
