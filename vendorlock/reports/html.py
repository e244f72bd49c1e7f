"""The self-contained HTML page every report shares: page shell and sortable, filterable tables.

The shell (``reports/audit.html``), its CSS and the few lines of sorting JavaScript are data
files users may edit (``vendorlock.resources.data_dir("reports")``); they are filled with
:class:`string.Template`, which needs no dependency and cannot execute anything. Every value is
passed through :func:`html.escape` (attribute-safe); a Content-Security-Policy forbids any
network request, so the page works offline and a hostile name cannot load anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from html import escape
from string import Template
from typing import Any

import numpy as np

from vendorlock.distinct import distinct, memo_loop
from vendorlock.i18n import Lang, has, t
from vendorlock.reports import overview, tables
from vendorlock.reports.cells import ColumnKind, Table, padded_rows
from vendorlock.reports.hyphenate import MIN_WORD, SOFT_HYPHEN, soft_hyphenated
from vendorlock.reports.numbers import display, number
from vendorlock.resources import data_dir

#: Tables up to this many rows are written as HTML rows (printed whole, readable without
#: script); longer ones are embedded once as JSON and shown a page at a time (every row stays
#: searchable and sortable, the page stays quick: 20,000 rendered rows take Chromium ~1 min).
HTML_ROW_LIMIT = 2_000
#: Rows a long table shows at first and adds at each « show more ».
PAGE_ROWS = 500
#: Rows a printed document (the PDF, where no script runs) carries per table, with a note.
PRINT_ROW_LIMIT = 2_000
#: Digits a printed table line holds (table font of the print stylesheet, reports/audit.css:
#: 6.8 pt DejaVu Sans, a digit 0.636 em) on an A4 landscape page (277 mm) and portrait (190 mm).
PRINT_LINE_CH = {True: 180.0, False: 124.0}
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


def _th(column: Any, lang: Lang) -> str:
    """A header cell; text columns get a width class from their width in characters. Long
    words carry soft hyphens between syllables: a printed header breaks only there or between
    words (reports/audit.css), never « Applic ations »."""
    cls = ""
    if column.kind in (ColumnKind.TEXT, ColumnKind.AUTO):
        cls = ' class="w-l"' if column.width >= 40 else ' class="w-m"' if column.width >= 20 else ""
    return f"<th{cls}>{escape(soft_hyphenated(column.header, lang))}</th>"


def empty_text(table_id: str, lang: Lang) -> str:
    """What an empty section says ("Aucune dérogation."), rather than a bare header row."""
    key = f"reports.empty.{table_id}"
    return t(key if has(key) else "reports.empty.rows", lang)


def pan_hint(lang: Lang) -> str:
    """« Faire défiler → » over a table, chart or map that a phone's screen shows in part: the
    script (reports/sortable.js) shows it while the box pans and more lies to the right, with
    a fading right edge; a wide screen and paper never see it (the PDF writer's page has none)."""
    return f'<p class="pan-hint" aria-hidden="true">{escape(t("reports.html.pan_hint", lang))}</p>'


def table_html(
    table: Table, lang: Lang, *, printed: bool = False, line_ch: float = PRINT_LINE_CH[False]
) -> str:
    """A sortable, filterable table; numeric cells carry their raw value in ``data-v``.

    Dates show as a reader writes them (« 9 janvier 2027 ») and sort by their ISO value. A
    table longer than :data:`HTML_ROW_LIMIT` rows shows its first :data:`PAGE_ROWS` and carries
    every row as JSON for the script (filter, sort, show more); ``printed`` (a PDF) keeps the
    first :data:`PRINT_ROW_LIMIT` rows and says where the others are, its columns sized for a
    printed line ``line_ch`` digits wide (:func:`_print_cols`).

    Rendered column by column: each distinct value of a column is formatted and escaped once
    (report columns repeat organisations, levels, editors, formats), then each row joined once.
    """
    if not table.rows:
        return f'<p class="empty">{escape(empty_text(table.id, lang))}</p>'
    head = "".join(_th(c, lang) for c in table.columns)
    total = len(table.rows)
    paged = not printed and total > HTML_ROW_LIMIT
    limit = PRINT_ROW_LIMIT if printed else PAGE_ROWS if paged else total
    cols = _cols(table, limit, lang, line_ch, printed=printed)
    renderers = [
        _td_renderer(c.kind, i == table.level_col, lang) for i, c in enumerate(table.columns)
    ]
    lead = _lead(table, printed)
    if lead is not None:
        renderers[lead] = _lead_td(renderers[lead])
    # WeasyPrint (``printed``) hyphenates by itself; a browser printing the page does not
    narrow = [None] * len(renderers) if printed else _narrow_words(table, limit, lang, line_ch)
    renderers = [
        render if word is None or i == table.level_col else _hyphenating(render, word, lang)
        for i, (render, word) in enumerate(zip(renderers, narrow, strict=True))
    ]
    body = "".join(_joined(table, renderers, 0, limit, "<tr>", "</tr>", ""))
    note = table.note
    if printed and total > limit:
        note = t("reports.note.capped", lang, shown=number(limit, lang), total=number(total, lang))
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    tid = escape(table.id)
    search = ""
    if total >= FILTER_FROM_ROWS:
        label = escape(t("reports.html.filter", lang))
        template = escape(t("reports.html.filter_count", lang, shown="{shown}", total="{total}"))
        search = (
            f'<div class="filter"><input type="search" aria-label="{label}" '
            f'placeholder="{label}" data-table="t-{tid}" data-count="{template}">'
            f'<output for="t-{tid}"></output></div>'
        )
    data = _paged_data(table, tid, lang) if paged else ""
    classes = "sortable"
    if table.stacked and not printed:
        # a card per row on a phone; on paper too when its rows are a few (compare's editors:
        # 20 columns 3 to 9 letters wide cut « d'Échang / e », « aucun / e API »)
        classes += " stack" if total >= FILTER_FROM_ROWS else " stack cards"
    hint = "" if printed else pan_hint(lang)
    labels = _card_labels(table, tid) if table.stacked and not printed else ""
    return (
        f'{search}<div class="tw">{hint}{labels}<table class="{classes}" id="t-{tid}">'
        f"<colgroup>{cols}</colgroup>"
        f"<thead><tr>{head}"
        f"</tr></thead><tbody>{body}</tbody></table></div>{data}{note_html}"
    )


def _card_labels(table: Table, tid: str) -> str:
    """Each column's name for a phone's (or a printed page's) card, as one ``--h`` custom
    property per column of table ``tid``, which reports/audit.css shows before each value
    (``table.stack td::before``). One rule per column, not a ``data-h`` attribute on every cell:
    the 2,000-application register and plan grew 1 MB (+17 %) that way, and the rows the script
    writes later (filter, « show more ») are named by the same rules."""
    rules = "".join(
        f"#t-{tid}>tbody>tr>td:nth-child({i}){{--h:{_css_string(c.header)}}}"
        for i, c in enumerate(table.columns, start=1)
    )
    return f"<style>{rules}</style>"


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string, the rule or the
    ``<style>`` element: every character but letters, digits, spaces and plain punctuation
    written as a CSS escape (« \\3c  », « \\22  »)."""
    safe = "".join(
        ch if ch.isalnum() or ch in " -'’.,:()/%€«»" else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{safe}"'


def _cols(table: Table, limit: int, lang: Lang, line_ch: float, *, printed: bool) -> str:
    """The ``<col>`` widths: a PDF's for paper (:func:`_print_cols`); a page's for the screen,
    each with its width for paper in ``--pw``, which the print stylesheet applies when a
    browser prints the page (Ctrl+P): the nominal widths, a column narrower than its header's
    longest piece widened to it (so that no header breaks inside a word) at the expense of
    the others, as shares of the line (Chromium takes a width mixing % and ch as « auto »)."""
    if printed:  # WeasyPrint resolves « calc(ch + %) » column widths
        paper = _print_cols(table, limit, lang, line_ch)
        widths = _css_widths(paper) if paper else _screen_cols(table)
        return "".join(f'<col style="width:{w}">' for w in widths)
    screen = _screen_cols(table)
    fitted = _browser_print_widths(table, limit, lang, line_ch)
    if fitted is None:
        return "".join(f'<col style="width:{w}">' for w in screen)
    return "".join(
        f'<col style="width:{w};--pw:{100 * p / line_ch:.2f}%">'
        for w, p in zip(screen, fitted, strict=True)
    )


def _browser_print_widths(
    table: Table, limit: int, lang: Lang, line_ch: float
) -> list[float] | None:
    """Each column's width in ``ch`` when a browser prints the page (:func:`_cols`); None
    when even the headers do not fit and the nominal widths are kept."""
    heads = [header_piece(c.header, lang) + PRINT_PAD for c in table.columns]
    if sum(heads) > line_ch:
        return None
    # an amount wider than its column would run into the next cell (« 225 484 €non »): numbers
    # never wrap, so their columns are floored at their widest number too, when that fits
    floors = [
        max(h, _widest_number(table, i, limit, lang) + PRINT_PAD) for i, h in enumerate(heads)
    ]
    if sum(floors) > line_ch:
        floors = heads
    nominal = [max(c.width, 6) for c in table.columns]
    total = sum(nominal)
    wanted = [line_ch * n / total for n in nominal]
    # a column narrower than its header takes what it lacks from the others, each in
    # proportion to what it has beyond its own header
    lacking = sum(max(f - w, 0.0) for w, f in zip(wanted, floors, strict=True))
    spare = sum(max(w - f, 0.0) for w, f in zip(wanted, floors, strict=True)) or 1.0
    return [
        max(w, f) - lacking * max(w - f, 0.0) / spare for w, f in zip(wanted, floors, strict=True)
    ]


def _narrow_words(table: Table, limit: int, lang: Lang, line_ch: float) -> list[str | None]:
    """For each text column of a page a browser may print, the expression of a word too long
    for its printed width (None for other columns).

    Chromium has no French hyphenation dictionary: ``hyphens: auto`` does nothing and
    ``overflow-wrap`` cuts a word that does not fit its cell where the line ends (« électroniq
    ue »). The cells holding such a word get soft hyphens where the language breaks it
    (:func:`soft_hyphenated`), and only those: the few long words of narrow columns, not every
    cell of every table. On screen a soft hyphen is invisible."""
    fitted = _browser_print_widths(table, limit, lang, line_ch)
    if fitted is None:
        total = sum(max(c.width, 6) for c in table.columns) or 1
        fitted = [line_ch * max(c.width, 6) / total for c in table.columns]
    out: list[str | None] = []
    for column, width in zip(table.columns, fitted, strict=True):
        room = max(int(width - PRINT_PAD), MIN_WORD - 1)  # shorter words are never broken
        text = column.kind in (ColumnKind.TEXT, ColumnKind.AUTO)
        out.append(rf"[^\W\d_]{{{room + 1},}}" if text else None)
    return out


def _hyphenating(render: Callable[[Any], str], word: str, lang: Lang) -> Callable[[Any], str]:
    """``render`` of a text with a word matching ``word`` given soft hyphens first."""
    long_word = re.compile(word)

    def hyphenated(value: Any) -> str:
        if type(value) is str and long_word.search(value):
            value = soft_hyphenated(value, lang)
        return render(value)

    return hyphenated


#: Columns whose cells never wrap when printed (td.num): amounts, counts, scores, shares.
_NUMBER_KINDS = frozenset(
    {ColumnKind.INT, ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.SHARE, ColumnKind.SCORE}
)


def _widest_number(table: Table, index: int, limit: int, lang: Lang) -> float:
    """Width in ``ch`` of the widest printed number of a numeric column (its smallest and
    largest values formatted: the widest text is one of them); 0 for other columns."""
    column = table.columns[index]
    if column.kind not in _NUMBER_KINDS:
        return 0.0
    values = [
        v
        for row in table.rows[:limit]
        if index < len(row) and isinstance(v := row[index], int | float) and v == v
    ]
    if not values:
        return 0.0
    return max(_digits_width(display(v, column.kind, lang)) for v in (min(values), max(values)))


#: Characters of a printed number narrower than a digit: group and decimal separators.
_NARROW_IN_NUMBERS = frozenset(" \u202f\u00a0\u2009,.'")


def _digits_width(text: str) -> float:
    """Width of a printed number in ``ch`` (a digit): its separators count half."""
    return sum(0.5 if c in _NARROW_IN_NUMBERS else 1.0 for c in text)


def _css_widths(paper: list[tuple[float, float]]) -> list[str]:
    """``(ch, share)`` widths as CSS: ``ch`` plus ``share`` of what the ``ch`` leave."""
    short = sum(least for least, _ in paper)
    out = []
    for least, part in paper:
        if not part:
            out.append(f"{least:.1f}ch")
        elif not least:
            out.append(f"calc((100% - {short:.1f}ch) * {part:.4f})")
        else:
            out.append(f"calc({least:.1f}ch + (100% - {short:.1f}ch) * {part:.4f})")
    return out


def _screen_cols(table: Table) -> list[str]:
    """Column widths in proportion to the columns' nominal widths in characters."""
    total_width = sum(max(c.width, 6) for c in table.columns) or 1
    return [f"{100 * max(c.width, 6) / total_width:.1f}%" for c in table.columns]


#: A printed column whose longest shown text is at most this many characters (ids, codes,
#: levels, scores, amounts) is given that width, so its cells take one line.
PRINT_SHORT_CHARS = 12
#: ... and so does one whose every text is a single word up to this many characters (dates
#: and amounts hold no-break spaces: narrower, they would break inside a number).
PRINT_WHOLE_CHARS = 18
#: Width in ``ch`` (a regular digit) of the bold letters of a printed header (DejaVu Sans
#: Bold): narrow ones, wide ones, other capitals, the rest. « Membres » is 8.2 ch, not 7.
_HEADER_NARROW = frozenset("fijlrtIJ/'-().,:;!|")
_HEADER_WIDE = frozenset("mwMW%")
_HEADER_CH = (0.7, 1.6, 1.25, 1.1)
#: Most characters a text column keeps whatever its share: its longest word up to this, so
#: that a sparse column (few, long cells) does not break words letter by letter.
PRINT_WORD_CHARS = 7
#: Cell padding and border, in ``ch``.
PRINT_PAD = 1.5
#: Share of a printed line the fixed widths may take together: past it (many columns on a
#: narrow page) the nominal widths are kept rather than crushing the text columns.
PRINT_FIXED_SHARE = 0.85


def _print_cols(
    table: Table, limit: int, lang: Lang, line_ch: float
) -> list[tuple[float, float]] | None:
    """Column widths for paper, from what the printed rows show.

    A printed row is as tall as its tallest cell, and the layout of a PDF costs per line of
    text: an id or a date broken over two lines doubles a row for nothing. So a short column
    gets the width of its longest text (in ``ch``, the width of a digit: an upper bound for
    digits, dates and most ids, plus the cell padding); the text columns start at their
    longest word (up to :data:`PRINT_WORD_CHARS`) and share the rest of the line one ``ch``
    at a time, each to the column that saves the most printed lines over the table's rows
    (lines of a cell estimated as its length over its width). Tables where the fixed widths
    do not fit are sized by :func:`_crowded_cols`.

    Each width is ``(ch, share)``: ``ch`` plus ``share`` of the line the ``ch`` leave; None
    keeps the nominal widths (:func:`_screen_cols`).
    """
    width = len(table.columns)
    rows = padded_rows(table.rows[:limit], width)
    by_column = list(zip(*rows, strict=True)) or [()] * width
    fixed: dict[int, float] = {}
    text_cols: list[int] = []
    floors: list[float] = []
    lengths: list[np.ndarray] = []
    heads = [header_piece(c.header, lang) for c in table.columns]
    for i, column in enumerate(table.columns):
        per_row, longest, word = _shown_lengths(list(by_column[i]), column, i, table, lang)
        if longest <= PRINT_SHORT_CHARS or word == longest <= PRINT_WHOLE_CHARS:
            fixed[i] = max(longest, heads[i], 2) + PRINT_PAD
            continue
        text_cols.append(i)
        # + 0.5: wide letters
        floors.append(max(min(word, PRINT_WORD_CHARS) + 0.5, heads[i]) + PRINT_PAD)
        lengths.append(per_row)
    budget = sum(fixed.values()) + sum(floors)
    if not text_cols or budget > PRINT_FIXED_SHARE * line_ch:
        text_floors = dict(zip(text_cols, floors, strict=True))
        return _crowded_cols(table, fixed, text_floors, heads, line_ch)
    widths = _shared_widths(
        np.column_stack(lengths), np.array(floors), line_ch - sum(fixed.values())
    )
    shares = dict(zip(text_cols, widths / widths.sum(), strict=True))
    return [
        (0.0, float(shares[i])) if i in shares else (fixed[i], 0.0)
        for i in range(len(table.columns))
    ]


def header_piece(header: str, lang: Lang) -> float:
    """Width in ``ch`` of the longest piece a printed header shows on one line: its words,
    cut at their soft hyphens (:func:`soft_hyphenated`; a cut piece shows its hyphen)."""
    pieces = [
        piece + ("-" if n < len(parts) - 1 else "")
        for word in soft_hyphenated(header, lang).split()
        for parts in [word.split(SOFT_HYPHEN)]
        for n, piece in enumerate(parts)
    ]
    return max(map(_bold_width, pieces), default=0.0)


def _bold_width(text: str) -> float:
    narrow, wide, capital, other = _HEADER_CH
    return sum(
        narrow
        if c in _HEADER_NARROW
        else wide
        if c in _HEADER_WIDE
        else capital
        if c.isupper()
        else other
        for c in text
    )


def _crowded_cols(
    table: Table,
    fixed: dict[int, float],
    floors: dict[int, float],
    heads: list[float],
    line_ch: float,
) -> list[tuple[float, float]] | None:
    """Widths of a table whose columns do not leave their text columns room to share (the
    compare report's 20 columns). Short columns keep their text's width and text columns their
    floor when all fit, the rest of the line going to the text columns in proportion to their
    nominal widths; else every column is as wide as its header's longest piece (no header
    breaks inside a word) and the rest goes in proportion to the nominal widths. When even the
    headers do not fit, the nominal widths."""
    width = len(table.columns)
    nominal = [float(max(c.width, 6)) for c in table.columns]
    least = [fixed.get(i, floors.get(i, 0.0)) for i in range(width)]
    if sum(least) <= line_ch and floors:
        share = [nominal[i] if i in floors else 0.0 for i in range(width)]
    else:
        least = [h + PRINT_PAD for h in heads]
        share = nominal
        if sum(least) > line_ch:
            return None
    total = sum(share)
    return [(floor, n / total) for floor, n in zip(least, share, strict=True)]


def _shared_widths(lengths: np.ndarray, floors: np.ndarray, room: float) -> np.ndarray:
    """Widths (``ch``) of the text columns: ``floors`` first, then the ``room`` left handed out
    one ``ch`` at a time to the column whose widening saves the most lines (a row is as tall
    as its tallest cell). ``lengths`` holds one row per table row, one column per text column.
    """
    widths = floors.astype(float)
    pad = PRINT_PAD

    def total(w: np.ndarray) -> float:
        lines = lengths / np.maximum(w - pad, 1.0)  # smooth: no plateau for the greedy
        return float(np.maximum(lines.max(axis=1), 1.0).sum())

    steps = int(room - widths.sum())
    step = max(1, steps // 120)  # at most ~120 rounds whatever the page
    current = total(widths)
    for _ in range(0, max(steps, 0), step):
        best, best_total = 0, np.inf
        for j in range(len(widths)):
            widths[j] += step
            candidate = total(widths)
            widths[j] -= step
            if candidate < best_total:
                best, best_total = j, candidate
        if best_total >= current:  # no single widening helps: grow the widest need
            best = int(np.argmax(lengths.mean(axis=0) / widths))
        widths[best] += step
        current = min(current, best_total)
    return widths


#: Where a line may break (not at a no-break space: « 7 août 2029 » is one word).
_BREAKS = re.compile(r"[ \t\n]+")


def _shown_lengths(
    values: list[Any], column: Any, index: int, table: Table, lang: Lang
) -> tuple[np.ndarray, int, int]:
    """The length of each printed cell of a column, the longest and the longest word (each
    distinct value formatted once)."""
    level = index == table.level_col

    def text(v: Any) -> str:
        if v is None:
            return ""
        if level:
            return str(v)
        if column.kind is ColumnKind.DATE and isinstance(v, str) and v:
            return overview.long_date(v, lang)
        return display(v, column.kind, lang)

    found = distinct(values)
    if found is None:  # an unhashable value (a list in an AUTO column): one by one
        texts = [text(v) for v in values]
        per_row = np.fromiter(map(len, texts), dtype=float, count=len(texts))
    else:
        texts = [text(v) for v in found.uniques]
        per_row = np.fromiter(map(len, texts), dtype=float, count=len(texts))[found.codes]
    words = max((len(w) for cell in texts for w in _BREAKS.split(cell)), default=0)
    return per_row, int(per_row.max(initial=0)), words


#: Rows transposed and rendered at a time: the columns of a 500,000-row flows table are never
#: held whole beside its rows (a chunk's columns are a few MB), the memo of each column is kept
#: across chunks.
CHUNK_ROWS = 20_000


def _joined(
    table: Table,
    renderers: Sequence[Callable[[Any], str]],
    start: int,
    stop: int,
    head: str,
    tail: str,
    sep: str,
) -> Iterator[str]:
    """Rows ``start:stop`` as text, chunk by chunk: each column of a chunk rendered with its
    renderer once per distinct value (the memo of a column lasts the whole table), each row
    ``head`` + its cells joined by ``sep`` + ``tail``."""
    width = len(renderers)
    memos: list[_Memo] = [({}, {}) for _ in range(width)]
    for lo in range(start, stop, CHUNK_ROWS):
        rows = padded_rows(table.rows[lo : min(stop, lo + CHUNK_ROWS)], width)
        columns = [
            _mapped(values, render, memo)
            for values, render, memo in zip(zip(*rows, strict=True), renderers, memos, strict=True)
        ]
        if sep:
            yield from (head + sep.join(cells) + tail for cells in zip(*columns, strict=True))
        else:
            yield from (head + "".join(cells) + tail for cells in zip(*columns, strict=True))


def _mapped(values: Sequence[Any], render: Callable[[Any], str], memo: _Memo) -> list[str]:
    """``render`` of each value, once per distinct value (``memo`` kept by the caller).

    A column of hashable values of one type (and None) is looked up by value, at C speed, in
    that type's memo (a later chunk holding another type gets its own); a column mixing types
    keys each value with its type, so ``True``, ``1`` and ``1.0`` (equal in Python) keep their
    own cells; an unhashable value and a float zero (``0.0`` and ``-0.0`` are equal keys) are
    rendered without the memo.
    """
    plain, typed = memo
    try:
        distinct = set(values)
    except TypeError:  # an unhashable value (a list in an AUTO column)
        distinct = None
    if distinct is not None and len(distinct) * 2 > len(values):
        # Mostly distinct (flow ids, names): a memo would save little and hold every text of
        # the column until the table is done (a 500,000-row flows table: hundreds of MB).
        return list(map(render, values))
    if sum(map(len, plain.values())) + len(typed) > MEMO_LIMIT:
        plain.clear()
        typed.clear()
    types = set(map(type, values)) - {type(None)}
    if distinct is not None and len(types) <= 1 and not (float in types and 0.0 in distinct):
        one = plain.setdefault(next(iter(types), type(None)), {})
        for v in distinct.difference(one):
            one[v] = render(v)
        return list(map(one.__getitem__, values))
    return memo_loop(values, render, typed)


#: Most texts a column's memo keeps across chunks (cleared past it: memory stays bounded).
MEMO_LIMIT = 50_000
#: A column's memo: texts by value for each type (one-type chunks), and by (type, value).
_Memo = tuple[dict[type, dict[Any, str]], dict[Any, str]]


def _td_renderer(kind: ColumnKind, level: bool, lang: Lang) -> Callable[[Any], str]:
    """The ``<td>`` of one value of a column of ``kind`` (``level``: the level colour column).
    A string outside a date column shows as written (:func:`display`), with no sort key: its
    cell is written straight away, without the cell's dispatch."""
    if level:
        return lambda v: _td(v, kind, lang) if v is None else _level_td(v, lang)
    if kind is ColumnKind.DATE:
        return lambda v: _td(v, kind, lang)
    return lambda v: f"<td>{escape(v)}</td>" if type(v) is str else _td(v, kind, lang)


def _lead(table: Table, printed: bool) -> int | None:
    """The column heading each card of a page's stacked table (``td.lead``, set first by
    reports/audit.css on a phone and on paper), if any."""
    return table.lead_col if table.stacked and not printed else None


def _lead_td(render: Callable[[Any], str]) -> Callable[[Any], str]:
    """``render`` of a text cell, marked as its card's heading."""
    return lambda v: f'<td class="lead">{escape(v)}</td>' if type(v) is str else render(v)


def _paged_data(table: Table, tid: str, lang: Lang) -> str:
    """Every row of a long table as JSON (cells as shown, with their sort key and class), the
    « show more » button and the line that says, on screen and on paper, how many are shown."""
    renderers = [
        _json_renderer(c.kind, i == table.level_col, lang) for i, c in enumerate(table.columns)
    ]
    lead = _lead(table, printed=False)
    if lead is not None:
        plain = renderers[lead]
        renderers[lead] = lambda v: _ENCODE([v, None, "lead"]) if type(v) is str else plain(v)
    # Built column by column (each distinct cell encoded once, already inert for the script
    # tag), rows joined once: the same bytes as one json.dumps of the nested lists, without
    # holding them (a 500,000-row flows table as lists of cell lists took ~0.8 GiB at the
    # peak of a 100,000-application run).
    total = len(table.rows)
    payload = script_safe("[" + ",".join(_joined(table, renderers, 0, total, "[", "]", ",")) + "]")
    shown = min(PAGE_ROWS, total)
    more = escape(t("reports.html.more", lang, n="{n}"))
    status = escape(t("reports.html.paged", lang, shown="{shown}", total="{total}"))
    first = t("reports.html.paged", lang, shown=number(shown, lang), total=number(total, lang))
    return (
        f'<script type="application/json" id="d-t-{tid}">{payload}</script>'
        f'<p class="note paged" data-table="t-{tid}" data-template="{status}" '
        f'data-more="{more}" data-page="{PAGE_ROWS}"><span>{escape(first)}</span> '
        f'<button type="button" class="no-print">'
        f"{escape(t('reports.html.more', lang, n=number(min(PAGE_ROWS, total - shown), lang)))}"
        "</button></p>"
    )


#: The page's JSON: compact, characters as they are (made inert for the script tag after).
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
#: What ``_ENCODE`` does with a string (the C encoder, called without the dispatch).
_ENCODE_STR: Callable[[str], str] = json.encoder.encode_basestring


def script_safe(payload: str) -> str:
    """JSON text made inert inside <script>: no "</script>", no "<!--" can close or comment
    it out. The JSON structure itself never holds ``<``, ``>`` or ``&``, so escaping them in
    the whole text is escaping them in each string: done once on the payload (three C
    replaces), not cell by cell (``str.translate`` looks each character up in a dict)."""
    return payload.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _json_renderer(kind: ColumnKind, level: bool, lang: Lang) -> Callable[[Any], str]:
    """One value of a column as the JSON text of its cell (:func:`script_safe` is applied to
    the whole payload). A string in a column that is neither a date nor the level shows as
    written (:func:`display`): encoded straight away, without the cell's dispatch."""
    plain = not level and kind is not ColumnKind.DATE

    def render(value: Any) -> str:
        if plain and type(value) is str:
            return _ENCODE_STR(value)
        return _ENCODE(_json_cell(value, kind, lang, level=level and value is not None))

    return render


def _json_cell(value: Any, kind: ColumnKind, lang: Lang, *, level: bool) -> Any:
    """A cell for the script: its text, or ``[text, sort key, class]`` when it has either."""
    if level:
        return [str(value), None, f"lv lv-{_level_key(value, lang)}"]
    if kind is ColumnKind.DATE and isinstance(value, str) and value:
        return [overview.long_date(value, lang), value, "dt"]
    shown = display(value, kind, lang)
    if kind in _SORT_KEY_KINDS and isinstance(value, int | float) and not isinstance(value, bool):
        return [shown, repr(value), "num"]
    return shown


def _td(value: Any, kind: ColumnKind, lang: Lang) -> str:
    """One escaped cell."""
    if kind is ColumnKind.DATE and isinstance(value, str) and value:
        shown = escape(overview.long_date(value, lang))
        return f'<td data-v="{escape(value)}" class="dt">{shown}</td>'
    attrs = ""
    if kind in _SORT_KEY_KINDS and isinstance(value, int | float) and not isinstance(value, bool):
        attrs = f' data-v="{value!r}" class="num"'
    return f"<td{attrs}>{escape(display(value, kind, lang))}</td>"


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
