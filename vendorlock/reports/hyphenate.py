"""Soft hyphens in the long words of printed table headers, where the language breaks them.

A printed report with many columns (the compare report has 20) gives each column a few
characters: a header word longer than its column is cut where the line ends, « Applic ations »
or « Mem bres », because Chromium has no French hyphenation dictionary. The print stylesheet
therefore never breaks a header inside a word (``hyphens: manual``) and the columns are at least
as wide as a header's longest piece; this module makes those pieces short the right way, with a
soft hyphen (U+00AD, invisible unless the line breaks there) where the report's language breaks
the word: « Appli­ca­tions », « Or­ga­ni­sa­tions » in French, « Or­gan­i­sa­tions » in English.

The breaks come from pyphen, which carries the hyphenation dictionaries of LibreOffice (the
ones WeasyPrint uses for ``--format pdf``): French and English typography do not break words at
the same places, and no rule of thumb written here would know their exceptions.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pyphen

from vendorlock.i18n import Lang

SOFT_HYPHEN = "\u00ad"
#: Runs of letters (a word piece between spaces, apostrophes, slashes, hyphens or digits).
_LETTERS = re.compile(r"[^\W\d_]+")
#: Words shorter than this are never broken ("Membres", "Échéance" fit a printed column).
MIN_WORD = 9
#: A break leaves at least this many letters on each side (« é-lectronique » reads badly).
MIN_SIDE = 3
#: The dictionary of each report language.
DICTIONARIES = {Lang.FR: "fr_FR", Lang.EN: "en_GB"}


@cache
def _dictionary(lang: Lang) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=DICTIONARIES[lang], left=MIN_SIDE, right=MIN_SIDE)


@lru_cache(maxsize=4096)  # a report repeats its few dozen headers over many tables
def soft_hyphenated(text: str, lang: Lang | str = Lang.FR) -> str:
    """``text`` with a soft hyphen at each break ``lang`` allows in its words of at least
    :data:`MIN_WORD` letters; shorter words and text without such words are unchanged."""
    dictionary = _dictionary(Lang(lang))

    def word(match: re.Match[str]) -> str:
        piece = match.group(0)
        if len(piece) < MIN_WORD:
            return piece
        return str(dictionary.inserted(piece, hyphen=SOFT_HYPHEN))

    return _LETTERS.sub(word, text)
