"""User-facing text in French and English.

Messages live in ``vendorlock/locale/*.yaml`` (one file per area, merged at load time), each key
mapping to ``{en: ..., fr: ...}`` with ``str.format`` placeholders. Code and identifiers stay
English; only what the user reads goes through :func:`t`.
"""

from __future__ import annotations

import locale
import os
import re
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class Lang(StrEnum):
    """Languages of user-facing text."""

    EN = "en"
    FR = "fr"


def default_lang() -> Lang:
    """Language from the environment (LC_ALL, LC_MESSAGES, LANG), English when unknown."""
    for var in ("VENDORLOCK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return Lang.FR if value.lower().startswith("fr") else Lang.EN
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return Lang.FR if loc.lower().startswith("fr") else Lang.EN


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    # here, not at start: `vendorlock --help` prints no catalogue message
    from vendorlock import yamlcache

    def parse(raw: bytes) -> Any:
        import yaml

        #: libyaml's safe loader when available: the catalogue is read on every run (10× faster).
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(yamlcache.decoded(raw, "utf-8"), Loader=loader)

    merged: dict[str, dict[str, str]] = {}
    for path in sorted(_LOCALE_DIR.glob("*.yaml")):
        # parsed once per version of the file: later runs read the cache (yamlcache)
        data = yamlcache.load(path, path.read_bytes(), "catalogue", parse) or {}
        for key, texts in data.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice ({path.name})")
            merged[key] = texts
    return merged


def has(key: str) -> bool:
    """Whether a message key exists."""
    return key in _catalogue()


#: The spaces French typography binds to a sign: before the high punctuation ; : ? ! and
#: inside the guillemets « », so a line of a report never starts with « : », « ; » or a closing
#: guillemet, nor ends with an opening one (browsers and word processors break at a plain space).
#: One no-break space (U+00A0) for all of them, the Imprimerie nationale's « espace insécable »
#: inside guillemets and before the colon: every renderer (fonts of a terminal, a spreadsheet,
#: Word) has the glyph, which the narrow U+202F lacks in some.
_FRENCH_SPACES = re.compile(r" (?=[:;?!»])|(?<=«) ")
_NBSP = "\u00a0"


@lru_cache(maxsize=8192)
def french_spaces(text: str) -> str:
    """``text`` with the spaces French typography binds to a sign made non-breaking
    (``valide : 3`` → ``valide\u00a0: 3``, ``« {value} »`` → ``«\u00a0{value}\u00a0»``); applied
    to the messages' own words, never to the values filled into them (a user's application name
    is left as written)."""
    return _FRENCH_SPACES.sub(_NBSP, text)


def quote(text: str, lang: Lang | str) -> str:
    """``text`` quoted as ``lang`` quotes: « text » in French, its guillemets held to it by
    no-break spaces (a line never ends with « nor starts with »), 'text' in English. The one
    way code quotes a word for the user; ``text`` itself is left as written."""
    return f"«{_NBSP}{text}{_NBSP}»" if str(lang) == Lang.FR.value else f"'{text}'"


#: Label key prefix of an enumerated field's values, when it is not the field's name.
_VALUE_LABEL_PREFIXES = {("organisations", "kind"): "org_kind"}


def value_label(table: str, field: str, value: str, lang: Lang | str) -> str:
    """An enumerated value as the user writes it: its label in ``lang`` (« sur site »,
    « tacite »), which the template's dropdown offers and the reader maps back to the value
    (``connectors/values.yaml``); the value itself when it has none."""
    key = f"reports.{_VALUE_LABEL_PREFIXES.get((table, field), field)}.{value}"
    return t(key, lang) if has(key) else value


@cache
def _template(key: str, lang: str) -> str:
    entry = _catalogue().get(key)
    if entry is None:
        raise KeyError(f"no message {key!r}")
    template = entry.get(lang) or entry["en"]
    return french_spaces(template) if lang == "fr" else template


def t(key: str, lang: Lang | str = Lang.EN, /, **params: Any) -> str:
    """Render message ``key`` in ``lang`` with ``params`` filled in."""
    return _template(key, str(lang)).format(**params)


def plural_key(key: str, count: float, lang: Lang | str) -> str:
    """``key`` or its singular form ``key.one`` when it exists: in French the plural starts at
    two ("0 erreur", "1 avertissement", « 1,5 année »), in English only 1 takes the singular
    ("0 errors", "1.5 years")."""
    one = count < 2 if str(lang) == "fr" else count == 1
    return f"{key}.one" if one and has(f"{key}.one") else key


def tn(key: str, count: float, lang: Lang | str = Lang.EN, /, **params: Any) -> str:
    """:func:`t` agreeing in number with ``count`` (passed as ``{count}`` unless given)."""
    params.setdefault("count", count)
    return t(plural_key(key, count, lang), lang, **params)


def t_counted(key: str, lang: Lang | str = Lang.EN, /, **params: Any) -> str:
    """:func:`t` agreeing in number with its ``count`` parameter when it has a numeric one: for
    messages built from stored parameters (problems, reconciliations), whose caller does not
    know which message takes a count."""
    count = params.get("count")
    if isinstance(count, (int, float)) and not isinstance(count, bool):
        key = plural_key(key, count, lang)
    return t(key, lang, **params)


def long_date(value: date | None, lang: Lang | str = Lang.EN) -> str:
    """A date as prose writes it: "29 November 2026" / "29 novembre 2026", "1er mai 2027"."""
    if value is None:
        return "?"
    month = t("core.months", lang).split(",")[value.month - 1]
    day = "1er" if value.day == 1 and str(lang) == "fr" else str(value.day)
    return f"{day} {month} {value.year}"


def date_text(value: date | None, lang: Lang | str = Lang.EN) -> str:
    """A date in a CLI or report sentence: "29 novembre 2026" in French (an ISO date reads as
    English there), ISO in English, where it is unambiguous and what scripts grep for."""
    if value is None:
        return "?"
    return long_date(value, lang) if str(lang) == "fr" else value.isoformat()


def seconds(value: float, lang: Lang | str = Lang.EN) -> str:
    """A duration in seconds, one decimal: "0.1 s" / "0,1 s" (non-breaking space)."""
    text = f"{value:.1f}"
    return f"{text.replace('.', ',')}\u00a0s" if str(lang) == "fr" else f"{text} s"


def keys() -> list[str]:
    """All message keys (tests check both languages exist for each)."""
    return sorted(_catalogue())
