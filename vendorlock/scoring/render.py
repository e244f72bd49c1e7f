"""Metric values as people read them in a sentence, in English or French.

Shares become percentages, months and counts integers, money gets thousands separators and a
euro sign where each language puts it; an unknown value says so. Used only for the few
applications a report shows, never on the bulk scoring path.
"""

from __future__ import annotations

import math
from functools import lru_cache

from vendorlock.i18n import Lang, t
from vendorlock.metrics.interface import METRICS

#: French typography: non-breaking space before % and €, and as the thousands separator.
NBSP = "\u00a0"

_COUNT_UNITS = frozenset(("flows", "applications", "products", "users", "months"))


def _is_fr(lang: Lang | str) -> bool:
    return lang == "fr"  # Lang is a StrEnum: no str() call (this runs a million times at scale)


def number(value: float, lang: Lang | str, decimals: int = 0) -> str:
    """``12,345.5`` in English, ``12 345,5`` in French."""
    text = f"{value:,.{decimals}f}"
    if _is_fr(lang):
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)
    return text


def percent(share: float, lang: Lang | str) -> str:
    """A 0–1 share as a whole percentage: ``42%`` / ``42 %``."""
    return (
        f"{number(share * 100, lang)}{NBSP}%" if _is_fr(lang) else f"{number(share * 100, lang)}%"
    )


def money(value: float, lang: Lang | str) -> str:
    """Euros, rounded to the euro: ``€12,345`` / ``12 345 €``."""
    amount = number(round(value), lang)
    return f"{amount}{NBSP}€" if _is_fr(lang) else f"€{amount}"


@lru_cache(maxsize=65536)
def metric_value(metric: str, value: float | None, lang: Lang | str) -> str:
    """One metric value formatted by its unit (see ``METRICS``).

    Cached: flags, counts and shares repeat across thousands of applications.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("scoring.value.unknown", lang)
    spec = METRICS.get(metric)
    unit = spec.unit if spec else ""
    if unit == "share":
        return percent(value, lang)
    if unit == "flag":
        return t("scoring.value.yes" if value >= 0.5 else "scoring.value.no", lang)
    if unit == "EUR/year":
        return money(value, lang)
    if unit in _COUNT_UNITS or unit == "level":
        return number(round(value), lang)
    if unit == "GB":
        return f"{number(value, lang, 1)}{NBSP}{'Go' if _is_fr(lang) else 'GB'}"
    return trimmed(value, lang)


def trimmed(value: float, lang: Lang | str, decimals: int = 2) -> str:
    """At most ``decimals`` decimals, trailing zeros dropped: ``0.5``, ``0.67``, ``1``."""
    text = number(value, lang, decimals)
    sep = "," if _is_fr(lang) else "."
    return text.rstrip("0").rstrip(sep) if sep in text else text
