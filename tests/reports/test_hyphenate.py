"""Soft hyphens where the report's language breaks long printed header words (« Appli-cations »,
never « Applic ations »): French and English breaks, short words left alone, no lone letters."""

from __future__ import annotations

import pytest

from vendorlock.i18n import Lang
from vendorlock.reports.hyphenate import SOFT_HYPHEN, soft_hyphenated


def _shown(text: str, lang: Lang = Lang.FR) -> str:
    return soft_hyphenated(text, lang).replace(SOFT_HYPHEN, "-")


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("Applications", "Appli-ca-tions"),  # « pl » stays with the vowel after it
        ("Hébergement", "Héber-ge-ment"),  # « rg » is split; « Hé- » too short a piece
        ("électronique", "élec-tro-nique"),  # « tr » starts the syllable; « -que » whole
        ("Organisation", "Orga-ni-sa-tion"),  # « io » is never split
        ("correspondance", "cor-res-pon-dance"),  # double consonants are split
        ("identifiant", "iden-ti-fiant"),
        ("quelquefois", "quel-que-fois"),  # « qu » is one consonant
    ],
)
def test_long_words_break_between_french_syllables(word: str, syllables: str) -> None:
    assert _shown(word) == syllables


def test_english_headers_break_where_english_does() -> None:
    # not the French syllables (« Swit-ching », « Orga-ni-sa-tions »)
    assert _shown("Switching", Lang.EN) == "Switch-ing"
    assert _shown("Organisations", Lang.EN) == "Organ-isa-tions"
    assert _shown("Organisations", Lang.FR) == "Orga-ni-sa-tions"


def test_short_words_numbers_and_punctuation_stay_whole() -> None:
    # under 9 letters: whole; « €/utilisateur » breaks in its word only
    assert soft_hyphenated("Dépense médiane par membre") == "Dépense médiane par membre"
    assert _shown("Médiane €/utilisateur") == "Médiane €/uti-li-sa-teur"
    assert soft_hyphenated("Flux PES V2 (XML, Hélios), 2026-11-28") == (
        "Flux PES V2 (XML, Hélios), 2026-11-28"
    )
    # never fewer than 3 letters at either end of a word (« é-lectronique », « applicati-on »)
    for word in ("Applications", "Hébergement", "électronique", "Interopérabilité"):
        pieces = soft_hyphenated(word).split(SOFT_HYPHEN)
        assert len(pieces) > 1 and len(pieces[0]) >= 3 and len(pieces[-1]) >= 3, pieces


def test_html_headers_carry_the_soft_hyphens_and_cells_do_not() -> None:
    from vendorlock.reports.cells import Column, ColumnKind, Table
    from vendorlock.reports.html import table_html

    columns = (
        Column("Applications", ColumnKind.TEXT, 20),
        Column("Hébergement", ColumnKind.TEXT, 20),
    )
    page = table_html(Table("t", "T", columns, [["Applications", "Hébergement"]]), Lang.FR)
    assert f'<th class="w-m">Appli{SOFT_HYPHEN}ca{SOFT_HYPHEN}tions</th>' in page
    assert "<td>Applications</td>" in page
