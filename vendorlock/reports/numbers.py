"""Numbers, money, shares and dates as a French or English reader expects to see them."""

from __future__ import annotations

import math
from typing import Any

from vendorlock.i18n import Lang, plural_key, t
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
    return _with_years(text, cost, lang)


def _with_years(text: str, cost: Any, lang: Lang) -> str:
    """``text`` followed by the cost's years of spend, when they are known."""
    years = cost.get("years_of_spend") or {}
    tail = years_text("reports.years_of_spend", years.get("low"), years.get("high"), lang)
    return f"{text} {tail}" if years and tail else text


def years_text(key: str, low: Any, high: Any, lang: Lang) -> str:
    """Message ``key`` filled with a range of years of spend, both ends with one decimal
    (« 1,0 à 7,7 années de dépense », never « 1 à 7,7 » beside « 1,0 à 7,2 »: the exit cost
    over the yearly spend is a ratio, rounded one way in every report) and agreeing in number
    with its upper end (« 0,4 à 0,8 année », « 1,2 à 1,9 année »: the French plural starts
    at two)."""
    a, b = score(low, lang), score(high, lang)  # a ratio rounded as a score: one decimal
    if not (a and b):  # an end unknown (no spend): no range rather than a crash
        return ""
    return t(plural_key(key, round(float(high), 1), lang), lang, low=a, high=b)


#: The scale after a score where a reader needs it: « 35,4 / 100 » (no line break inside).
SCORE_SCALE = "\u00a0/\u00a0100"


def score(value: Any, lang: Lang, *, scale: bool = False) -> str:
    """A 0–100 score or lock-in index as every report shows it: one decimal, always (« 35,4 »
    in French, "35.4" in English, « 70,0 » not « 70 », so a column of scores lines up and two
    reports never show the same index as « 35 » and « 35,4 »), followed by « / 100 » when
    ``scale`` (a headline, a card: where the reader needs the scale). Empty for unknown.
    """
    if not _finite(value):
        return ""
    text = _group(round(float(value), 1), 1, lang)
    return text + SCORE_SCALE if scale else text


def _short(value: float, lang: Lang) -> tuple[str, str]:
    """``value`` (≥ 0) rounded as a headline shows it: (digits, unit), unit ``""``, ``k`` or
    ``M``. Euros under a thousand; thousands (one decimal under 10 k€) under a million; then
    millions (one decimal under 100 M€). The unit is chosen after rounding, so 999 999 € is
    « 1 M€ », never « 1 000 k€ ». A trailing « ,0 » is dropped (« 1 M€ », not « 1,0 M€ »)."""
    euros = round(value)
    if euros < 1000:
        return _group(euros, 0, lang), ""
    thousands = value / 1000
    digits = 1 if thousands < 10 else 0
    if round(thousands, digits) < 1000:
        return _trim(_group(round(thousands, digits), digits, lang)), "k"
    millions = value / 1_000_000
    digits = 1 if millions < 100 else 0
    return _trim(_group(round(millions, digits), digits, lang)), "M"


def _trim(text: str) -> str:
    return text[:-2] if text.endswith((",0", ".0")) else text


def _money_short(digits: str, unit: str, lang: Lang) -> str:
    if lang == Lang.FR:
        return f"{digits}\u00a0{unit}€"
    return f"€{digits}{unit}"


def money_headline(low: Any, high: Any, lang: Lang) -> str:
    """Euros as a director reads them in a headline: « 3,8 à 27,8 M€ » / "€3.8M to €27.8M",
    « 380 k€ » under a million, « 850 € » under a thousand; one value when ``high`` is None or
    rounds to the same text as ``low``. A negative amount never shows (it reads 0): a cost
    below zero is a data error, not a saving. Empty when ``low`` is unknown. The exact figures
    stay in the tables and workbooks (:func:`money`)."""
    if not _finite(low):
        return ""
    a = _short(max(float(low), 0.0), lang)
    if not _finite(high):
        return _money_short(*a, lang)
    b = _short(max(float(high), 0.0), lang)
    if a == b:
        return _money_short(*a, lang)
    if lang == Lang.FR:
        first = a[0] if a[1] == b[1] else _money_short(*a, lang)
        return f"{first} à {_money_short(*b, lang)}"
    return f"{_money_short(*a, lang)} to {_money_short(*b, lang)}"


def cost_headline(cost: Any, lang: Lang) -> str:
    """An exit-cost range for a headline, with its years of spend when known:
    « 3,8 à 27,8 M€ (soit 1,1 à 8,0 années de dépense) » (:func:`money_headline`)."""
    text = money_headline(cost["low"], cost["high"], lang)
    return _with_years(text, cost, lang)


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
    if kind is ColumnKind.SCORE and isinstance(value, int | float):
        return score(value, lang)
    if kind is ColumnKind.INT and isinstance(value, int | float):
        # a whole-number reading (a count, an HHI on 0–10,000) even of a value kept unrounded
        return number(value, lang, 0)
    if isinstance(value, int | float):
        return number(value, lang)
    return str(value)
