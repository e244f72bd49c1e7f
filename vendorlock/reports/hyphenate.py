"""Soft hyphens in the long words of printed table headers, between French syllables.

A printed report with many columns (the compare report has 20) gives each column a few
characters: a header word longer than its column is cut where the line ends, « Applic ations »
or « Mem bres », because Chromium has no French hyphenation dictionary. The print stylesheet
therefore never breaks a header inside a word (``hyphens: manual``) and the columns are at least
as wide as a header's longest piece; this module makes those pieces short the right way, with a
soft hyphen (U+00AD, invisible unless the line breaks there) between syllables: « Appli­cations ».

The syllable rule and its letters are data (``reports/hyphenation.yaml``): a consonant between
two vowels starts the next syllable, two consonants are split unless they form an inseparable
group (``pl``, ``tr``, ``ch``...), which starts the next syllable. English headers get the same
breaks; they are between syllables too for the Latin words report headers use.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from vendorlock.resources import data_dir

SOFT_HYPHEN = "\u00ad"
#: Runs of letters (a word piece between spaces, apostrophes, slashes, hyphens or digits).
_LETTERS = re.compile(r"[^\W\d_]+")


@cache
def _rules() -> dict[str, Any]:
    path = data_dir("reports") / "hyphenation.yaml"
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(rules, dict)
    return rules


def _breaks(word: str) -> list[int]:
    """Indices of ``word`` before which a syllable starts (none near either end)."""
    rules = _rules()
    vowels: str = rules["vowels"]
    groups = frozenset(rules["inseparable"])
    side = int(rules["min_side"])
    lower = word.lower()
    is_vowel = [c in vowels for c in lower]
    # "qu" and "gu" before a vowel: the u belongs to the consonant
    for i in range(1, len(lower)):
        if lower[i] == "u" and lower[i - 1] in "qg" and i + 1 < len(lower) and is_vowel[i + 1]:
            is_vowel[i] = False
    out: list[int] = []
    i = 0
    n = len(lower)
    while i < n:
        if not is_vowel[i]:
            i += 1
            continue
        j = i + 1
        while j < n and not is_vowel[j]:
            j += 1
        if j >= n:  # the consonants end the word: no syllable after them
            break
        run = j - (i + 1)  # consonants between the vowel at i and the vowel at j
        if run == 1:
            cut = j - 1
        elif run >= 2:
            cut = j - 2 if lower[j - 2 : j] in groups else j - 1
        else:  # two vowels side by side stay together
            i = j
            continue
        if side <= cut <= n - side:
            out.append(cut)
        i = j
    return out


def soft_hyphenated(text: str) -> str:
    """``text`` with a soft hyphen between the syllables of each word of at least
    ``min_word`` letters; shorter words and text without such words are returned unchanged."""
    shortest = int(_rules()["min_word"])

    def word(match: re.Match[str]) -> str:
        piece = match.group(0)
        if len(piece) < shortest:
            return piece
        cuts = _breaks(piece)
        if not cuts:
            return piece
        parts = [piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)], strict=True)]
        return SOFT_HYPHEN.join(parts)

    return _LETTERS.sub(word, text)
