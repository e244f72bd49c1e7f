"""Cell values made safe for every output, and the table model the writers share.

A report table is a :class:`Table`: columns (with a :class:`ColumnKind` that decides number
format and alignment) and rows of plain Python values. The xlsx, ods, html and markdown writers
serialise the same tables, so a future ``aggregate`` / ``compare`` report only has to build tables.

Safety lives here once: :func:`xml_text` drops the characters XML 1.0 cannot carry,
:func:`is_formula_like` tells which strings a spreadsheet would evaluate, :func:`terminal_text`
(from :mod:`vendorlock.textsafe`) strips control sequences a terminal would obey.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from vendorlock.textsafe import terminal_text as terminal_text  # the one terminal sanitiser
from vendorlock.textsafe import xml_clean

#: Longest text a spreadsheet cell holds (Excel's limit); longer text is cut with a marker.
MAX_CELL_CHARS = 32_767

#: First characters that make a spreadsheet read a string as a formula (ASCII and full width).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_EXCEL_EPOCH = date(1899, 12, 30)


class ColumnKind(StrEnum):
    """How a column's values are stored and shown."""

    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    MONEY = "money"
    SHARE = "share"
    SCORE = "score"
    LEVEL = "level"
    DATE = "date"
    BOOL = "bool"
    AUTO = "auto"  # by Python type: key/value blocks such as the summary


@dataclass(frozen=True)
class Column:
    """One column: its header (already localised), kind and width in characters."""

    header: str
    kind: ColumnKind = ColumnKind.TEXT
    width: int = 14


@dataclass(frozen=True)
class Table:
    """Columns and rows of plain values (str, int, float, bool, None; ISO date strings).

    ``level_col`` / ``score_col`` name the columns that get level colours and a score colour
    scale; ``note`` is a localised line shown under a capped table. ``row_kinds`` gives the
    kind of the AUTO cells of some rows (0-based), so a key/value block such as the summary
    stores its money, shares and dates with their formats.
    """

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Any]]
    level_col: int | None = None
    score_col: int | None = None
    note: str | None = None
    row_kinds: Mapping[int, ColumnKind] | None = None


def map_column(values: Sequence[Any], render: Callable[[Any], str]) -> list[str]:
    """``render`` applied to each value, once per distinct value (report columns repeat a lot).

    Keys carry the type so ``True``, ``1`` and ``1.0`` stay apart; an unhashable value (a list
    in an AUTO column) is rendered without the memo.
    """
    memo: dict[tuple[type, Any], str] = {}
    get = memo.get
    out: list[str] = []
    append = out.append
    for v in values:
        try:
            key = (v.__class__, v)
            text = get(key)
            if text is None:
                text = memo[key] = render(v)
        except TypeError:
            text = render(v)
        append(text)
    return out


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula if typed into a cell."""
    return text.startswith(FORMULA_PREFIXES)


@lru_cache(maxsize=65_536)
def xml_text(value: str) -> str:
    """``value`` escaped for XML text and attributes; illegal XML characters become U+FFFD."""
    if len(value) > MAX_CELL_CHARS:
        value = value[: MAX_CELL_CHARS - 1] + "…"
    return xml_clean(value).translate(_XML_ESCAPES)


def short(text: object, limit: int = 40) -> str:
    """A label cut to ``limit`` characters for charts and map boxes (tables show it in full)."""
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def excel_serial(iso: str) -> int | None:
    """Days since 1899-12-30 (spreadsheet date serial) of an ISO date, None when unparsable."""
    try:
        return (date.fromisoformat(iso) - _EXCEL_EPOCH).days
    except ValueError:
        return None


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
