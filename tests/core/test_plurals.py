"""Messages agree in number and write dates and durations as each language does: "1 warning",
"0 avertissement", "3 errors"; "29 novembre 2026", "1er mai 2027"; "0,1 s"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from string import Formatter

import pytest
import yaml

from vendorlock.i18n import Lang, _catalogue, keys, long_date, seconds, tn

LOCALE = Path(__file__).resolve().parents[2] / "vendorlock" / "locale"


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        (Lang.EN, 1, "1 inventory warning: `vendorlock validate` lists it;"),
        (Lang.EN, 2, "2 inventory warnings: `vendorlock validate` lists them;"),
        (Lang.EN, 0, "0 inventory warnings:"),
        (Lang.FR, 1, "1 avertissement sur l'inventaire : `vendorlock validate` le liste"),
        (Lang.FR, 0, "0 avertissement sur l'inventaire"),  # French: 0 takes the singular
        (Lang.FR, 5, "5 avertissements sur l'inventaire : `vendorlock validate` les liste"),
    ],
)
def test_audit_warning_count_agrees(lang: Lang, count: int, expected: str) -> None:
    assert tn("audit.warnings", count, lang).startswith(expected)


@pytest.mark.parametrize(
    ("key", "one", "many"),
    [
        ("graph.warnings", "1 warning in the inventory", "7 warnings in the inventory"),
        ("graph.refused", "1 error in the inventory", "7 errors in the inventory"),
        ("audit.invalid", "the inventory has 1 error: fix it", "has 7 errors: fix them"),
        ("setaside.summary", "1 row set aside", "7 rows set aside"),
    ],
)
def test_audit_and_graph_counts_agree_in_english(key: str, one: str, many: str) -> None:
    assert one in tn(key, 1, Lang.EN, reasons="x")
    assert many in tn(key, 7, Lang.EN, reasons="x")


def test_no_audit_or_graph_message_writes_a_bracketed_plural() -> None:
    for name in ("audit.yaml", "graph.yaml"):
        for key, texts in yaml.safe_load((LOCALE / name).read_text("utf-8")).items():
            for lang, text in texts.items():
                assert "(s)" not in text, (key, lang)


def test_every_singular_form_has_its_plural_and_both_languages() -> None:
    """Each ``KEY.one`` has its plural ``KEY``, both in both languages with the same
    placeholders, and neither writes a literal 1 where the count goes (French 0 is singular)."""
    catalogue = _catalogue()
    for key in keys():
        if not key.endswith(".one"):
            continue
        base = key.removesuffix(".one")
        assert base in catalogue, key
        for lang in ("en", "fr"):
            one, many = catalogue[key][lang], catalogue[base][lang]
            fields = {f for _, f, _, _ in Formatter().parse(one) if f}
            assert fields == {f for _, f, _, _ in Formatter().parse(many) if f}, (key, lang)
            assert not re.search(r"(^|[ \"…])1 ", one), (key, lang)  # "flux" may equal "flux"


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (date(2026, 11, 29), Lang.FR, "29 novembre 2026"),
        (date(2027, 5, 1), Lang.FR, "1er mai 2027"),
        (date(2027, 2, 28), Lang.FR, "28 février 2027"),
        (date(2026, 11, 29), Lang.EN, "29 November 2026"),
        (date(2027, 5, 1), Lang.EN, "1 May 2027"),
    ],
)
def test_long_date(day: date, lang: Lang, expected: str) -> None:
    assert long_date(day, lang) == expected


def test_seconds() -> None:
    assert seconds(0.06, Lang.EN) == "0.1 s"
    assert seconds(0.06, Lang.FR) == "0,1\u00a0s"
    assert seconds(12.34, Lang.FR) == "12,3\u00a0s"
