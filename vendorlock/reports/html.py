"""The self-contained HTML page every report shares: page shell and sortable, filterable tables.

The shell (``reports/audit.html``), its CSS and the few lines of sorting JavaScript are data
files users may edit (``vendorlock.resources.data_dir("reports")``); they are filled with
:class:`string.Template`, which needs no dependency and cannot execute anything. Every value is
passed through :func:`html.escape` (attribute-safe); a Content-Security-Policy forbids any
network request, so the page works offline and a hostile name cannot load anything.
"""

from __future__ import annotations

from functools import cache, lru_cache
from html import escape
from string import Template
from typing import Any

from vendorlock.i18n import Lang, has, t
from vendorlock.reports import overview, tables
from vendorlock.reports.cells import ColumnKind, Table
from vendorlock.reports.numbers import display
from vendorlock.resources import data_dir

#: Rows shown per table in the page; the workbooks carry every row.
HTML_ROW_LIMIT = 2_000
_SORT_KEY_KINDS = frozenset(
    {ColumnKind.INT, ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.SHARE, ColumnKind.SCORE}
)


@cache
def _asset(name: str) -> str:
    return (data_dir("reports") / name).read_text(encoding="utf-8")


def page(title: str, lang: Lang, body: str) -> str:
    """The page shell around ``body`` (already-escaped HTML), with the CSS and JS inlined."""
    return Template(_asset("audit.html")).substitute(
        lang=escape(str(lang)),
        title=escape(title),
        css=_asset("audit.css"),
        js=_asset("sortable.js"),
        body=body,
    )


#: Tables with more rows than this get a filter box above them.
FILTER_FROM_ROWS = 8


def _th(column: Any) -> str:
    """A header cell; text columns get a width class from their width in characters."""
    cls = ""
    if column.kind in (ColumnKind.TEXT, ColumnKind.AUTO):
        cls = ' class="w-l"' if column.width >= 40 else ' class="w-m"' if column.width >= 20 else ""
    return f"<th{cls}>{escape(column.header)}</th>"


def empty_text(table_id: str, lang: Lang) -> str:
    """What an empty section says ("Aucune dérogation."), rather than a bare header row."""
    key = f"reports.empty.{table_id}"
    return t(key if has(key) else "reports.empty.rows", lang)


def table_html(table: Table, lang: Lang, limit: int | None = HTML_ROW_LIMIT) -> str:
    """A sortable, filterable table; numeric cells carry their raw value in ``data-v``.

    Dates show as a reader writes them (« 9 janvier 2027 ») and sort by their ISO value.
    """
    if not table.rows:
        return f'<p class="empty">{escape(empty_text(table.id, lang))}</p>'
    kinds = [c.kind for c in table.columns]
    head = "".join(_th(c) for c in table.columns)
    total_width = sum(max(c.width, 6) for c in table.columns) or 1
    cols = "".join(
        f'<col style="width:{100 * max(c.width, 6) / total_width:.1f}%">' for c in table.columns
    )
    rows = table.rows if limit is None else table.rows[:limit]
    level_col = table.level_col
    body = []
    for row in rows:
        cells = [
            _level_td(v, lang) if i == level_col and v is not None else _td(v, kinds[i], lang)
            for i, v in enumerate(row)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = table.note
    if limit is not None and len(table.rows) > limit:
        note = t("reports.note.capped", lang, shown=limit, total=len(table.rows))
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    tid = escape(table.id)
    search = ""
    if len(rows) >= FILTER_FROM_ROWS:
        label = escape(t("reports.html.filter", lang))
        template = escape(t("reports.html.filter_count", lang, shown="{shown}", total="{total}"))
        search = (
            f'<div class="filter"><input type="search" aria-label="{label}" '
            f'placeholder="{label}" data-table="t-{tid}" data-count="{template}">'
            f'<output for="t-{tid}"></output></div>'
        )
    return (
        f'{search}<div class="tw"><table class="sortable" id="t-{tid}"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note_html}"
    )


@lru_cache(maxsize=131_072, typed=True)
def _td_cached(value: Any, kind: ColumnKind, lang: Lang) -> str:
    if kind is ColumnKind.DATE and isinstance(value, str) and value:
        shown = escape(overview.long_date(value, lang))
        return f'<td data-v="{escape(value)}" class="dt">{shown}</td>'
    attrs = ""
    if kind in _SORT_KEY_KINDS and isinstance(value, int | float) and not isinstance(value, bool):
        attrs = f' data-v="{value!r}" class="num"'
    return f"<td{attrs}>{escape(display(value, kind, lang))}</td>"


def _td(value: Any, kind: ColumnKind, lang: Lang) -> str:
    """One escaped cell (cached: report columns repeat values)."""
    try:
        return _td_cached(value, kind, lang)
    except TypeError:  # unhashable value
        return f"<td>{escape(display(value, kind, lang))}</td>"


def _level_td(value: Any, lang: Lang) -> str:
    return f'<td class="lv lv-{_level_key(value, lang)}">{escape(str(value))}</td>'


def _level_key(shown: Any, lang: Lang) -> str:
    for level in tables.LEVELS:
        if shown in (level, t(f"reports.level.{level}", lang)):
            return level
    return "unknown"


def section(anchor: str, title: str, content: str, *, wide: bool = False) -> str:
    """A titled section; ``wide`` ones print on landscape pages (their tables need the width)."""
    cls = ' class="wide"' if wide else ""
    return f'<section id="{escape(anchor)}"{cls}><h2>{escape(title)}</h2>{content}</section>'
