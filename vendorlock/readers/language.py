"""The language a sheet is written in, from its own words (headers and sheet name).

A few readings depend on it: « 3,000 » is 3000 in an English register and 3 in a French
one (:func:`vendorlock.readers.values.parse_number`). The cue is the words of the template's
French and English column and sheet labels that belong to one language only (« cost »,
« supplier », « renewal » / « coût », « fournisseur », « reconduction »), plus the function
words hand-written headers carry (« of », « the » / « de », « du »): hand-kept registers
rarely repeat the template's labels, but they use its vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vendorlock.registry import normalise_key

#: Function words of headers ("Cost of licences", "Date de fin") that name one language.
_FUNCTION_WORDS = {
    "en": ("the", "of", "and", "per", "by", "with"),
    "fr": ("de", "du", "des", "la", "le", "les", "et", "par", "avec", "d", "l"),
}


def label_words(labels: Iterable[Mapping[str, str]]) -> Mapping[str, frozenset[str]]:
    """Per language (``en``, ``fr``), the normalised words found in its labels only."""
    words: dict[str, set[str]] = {lang: set(extra) for lang, extra in _FUNCTION_WORDS.items()}
    for label in labels:
        for lang, text in label.items():
            if lang in words:
                words[lang].update(normalise_key(text).split())
    shared = words["en"] & words["fr"]
    return {lang: frozenset(w - shared) for lang, w in words.items()}


def text_language(texts: Iterable[object], words: Mapping[str, frozenset[str]]) -> str | None:
    """``"en"`` or ``"fr"`` when more of the words of ``texts`` are that language's, else None."""
    counts = dict.fromkeys(words, 0)
    for text in texts:
        if not text:
            continue
        for word in normalise_key(text).split():
            for lang, own in words.items():
                counts[lang] += word in own
    en, fr = counts.get("en", 0), counts.get("fr", 0)
    if en == fr:
        return None
    return "en" if en > fr else "fr"
