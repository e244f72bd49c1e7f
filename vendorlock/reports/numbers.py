"""Numbers, money, shares and dates as a French or English reader expects to see them."""

from __future__ import annotations

import math
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.reports.cells import ColumnKind

NNBSP = "\u202f"  # French thousands separator (narrow no-break space)


def _group(value: float, decimals: int, lang: Lang) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == Lang.FR:
        return text.replace(",", NNBSP).replace(".", ",")
    return text


def money(value: Any, lang: Lang) -> str:
    """``12 345 €`` (fr) / ``€12,345`` (en); empty for unknown."""
    if not _finite(value):
        return ""
    text = _group(round(float(value)), 0, lang)
    return f"{text}\u00a0€" if lang == Lang.FR else f"€{text}"


def money_range(low: Any, high: Any, lang: Lang) -> str:
    """A euro range, low – high."""
    return f"{money(low, lang)} – {money(high, lang)}"


def cost_range(cost: Any, lang: Lang) -> str:
    """An exit-cost range in euros, followed by its years of spend when the spend is known:
    "€12,000 – €30,000 (1.4–3.6 years of spend)"."""
    text = money_range(cost["low"], cost["high"], lang)
    years = cost.get("years_of_spend")
    if not years:
        return text
    low, high = number(years["low"], lang), number(years["high"], lang)
    return f"{text} {t('reports.years_of_spend', lang, low=low, high=high)}"


def share(value: Any, lang: Lang) -> str:
    if not _finite(value):
        return ""
    text = _group(float(value) * 100, 1, lang)
    return f"{text}\u00a0%" if lang == Lang.FR else f"{text}%"


def number(value: Any, lang: Lang, decimals: int = 1) -> str:
    if not _finite(value):
        return ""
    if float(value).is_integer():
        return _group(float(value), 0, lang)
    return _group(float(value), decimals, lang)


def _finite(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def display(value: Any, kind: ColumnKind, lang: Lang) -> str:
    """Text shown for a cell value of ``kind`` (HTML, markdown, terminal)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("reports.yes" if value else "reports.no", lang)
    if isinstance(value, str):  # a note in a numeric column ("suppressed ...") shows as written
        return value
    if kind is ColumnKind.MONEY:
        return money(value, lang)
    if kind is ColumnKind.SHARE:
        return share(value, lang)
    if isinstance(value, int | float):
        return number(value, lang)
    return str(value)
