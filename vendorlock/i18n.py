"""User-facing text in French and English.

Messages live in ``vendorlock/locale/*.yaml`` (one file per area, merged at load time), each key
mapping to ``{en: ..., fr: ...}`` with ``str.format`` placeholders. Code and identifiers stay
English; only what the user reads goes through :func:`t`.
"""

from __future__ import annotations

import locale
import os
from enum import StrEnum
from functools import cache
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
    import yaml  # here, not at start: `vendorlock --help` prints no catalogue message

    #: libyaml's safe loader when available: the catalogue is read on every run (10× faster).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(_LOCALE_DIR.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        for key, texts in data.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice ({path.name})")
            merged[key] = texts
    return merged


def has(key: str) -> bool:
    """Whether a message key exists."""
    return key in _catalogue()


def t(key: str, lang: Lang | str = Lang.EN, /, **params: Any) -> str:
    """Render message ``key`` in ``lang`` with ``params`` filled in."""
    entry = _catalogue().get(key)
    if entry is None:
        raise KeyError(f"no message {key!r}")
    template = entry.get(str(lang)) or entry["en"]
    return template.format(**params)


def keys() -> list[str]:
    """All message keys (tests check both languages exist for each)."""
    return sorted(_catalogue())
