"""Report sections described as data, rendered by one set of writers (HTML, Markdown, sheets).

A report is a title and a tuple of :class:`Section`; a section is an anchor, a title and
blocks (key figures, cards, paragraphs, bullet lists, SVG charts, tables). Commands build these
values and never write layout: :func:`page_html` lays them out with the audit's page shell,
CSS, sortable/filterable tables and print stylesheet, :func:`markdown_lines` writes them as
Markdown, and :func:`tables` hands their tables to the xlsx/ods writers. One writer per format
means a fix to the layout (phone width, print, escaping) reaches every report at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.reports.cells import ColumnKind, Table, map_column
from vendorlock.reports.html import PRINT_LINE_CH, empty_text, page, section, table_html
from vendorlock.reports.markdown import md_table, md_text
from vendorlock.reports.numbers import display, number

#: Levels from worst to best, the order a strip's bar and legend show them in.
LEVELS_WORST_FIRST = ("critical", "high", "medium", "low", "insufficient_data")
INSUFFICIENT = "insufficient_data"


@dataclass(frozen=True)
class Kpi:
    """One key figure: a heading, the value as shown, a note under it (``small`` adds a finer
    line), an optional level colour and an optional bar of counts by level (``(level, count)``
    pairs, worst first; the legend omits only an empty « insufficient data »)."""

    title: str
    value: str
    note: str = ""
    level: str = ""
    unit: str = ""
    levels: tuple[tuple[str, int], ...] = ()
    small: str = ""


@dataclass(frozen=True)
class KpiStrip:
    """The row of key figures a director reads first."""

    items: tuple[Kpi, ...]


@dataclass(frozen=True)
class Card:
    """One body's card: its name, its big figure and a few short lines, coloured by level."""

    title: str
    value: str
    level: str
    lines: tuple[str, ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class Cards:
    """Cards under a sub-heading, in the order given (callers sort them worst first)."""

    title: str
    items: tuple[Card, ...]


@dataclass(frozen=True)
class Paragraph:
    """A sentence or two of plain text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bullet list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart (made by the report's own chart module, already safe markup);
    ``phone``, the same chart laid out for a phone's screen, shown there instead (never
    printed)."""

    svg: str
    phone: str = ""


@dataclass(frozen=True)
class ChartSet:
    """Charts of one series (a calendar in parts): side by side on a wide screen, one under
    the other on a phone and in print (each then whole on its page)."""

    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class Facts:
    """A short two-column list of labelled values (already formatted), shown as a plain table."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section."""

    text: str


@dataclass(frozen=True)
class Note:
    """A small grey line (a caveat, a cap, a pointer); ``href`` makes it a link to an anchor."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class Badge:
    """A short coloured label (a score, « en retard »)."""

    level: str
    text: str


@dataclass(frozen=True)
class Alert:
    """A line to act on, flagged by a badge, linking to where the details are."""

    badge: Badge
    text: str
    href: str = ""


@dataclass(frozen=True)
class Entry:
    """One item of a ranked or dated list: an optional date (ISO, shown as ``shown_date``) and
    badges, the name in bold, its context after a dash, and the reason under it."""

    title: str
    context: str = ""
    why: str = ""
    badges: tuple[Badge, ...] = ()
    date: str = ""
    shown_date: str = ""


@dataclass(frozen=True)
class Entries:
    """A list of entries, numbered when ``ordered`` (a ranking) or plain (a calendar)."""

    items: tuple[Entry, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Line:
    """A rich bullet: a term in bold, plain text, then a remark in italics (each optional)."""

    strong: str = ""
    text: str = ""
    em: str = ""


@dataclass(frozen=True)
class Lines:
    """A bullet list of rich lines."""

    items: tuple[Line, ...]


@dataclass(frozen=True)
class Charts:
    """Several inline SVG charts side by side, each scaled to its box (a chart panel)."""

    svgs: tuple[str, ...]


@dataclass(frozen=True)
class Legend:
    """The colour key of the levels, in the order given."""

    levels: tuple[str, ...]


@dataclass(frozen=True)
class Map:
    """A large inline SVG (the dependency map) panned inside its own box."""

    svg: str


@dataclass(frozen=True)
class Detail:
    """A collapsible part: a one-line summary, its blocks shown when opened (always in print)."""

    summary: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Details:
    """Collapsible parts one under the other."""

    items: tuple[Detail, ...]


@dataclass(frozen=True)
class Columns:
    """Blocks laid out in columns on a wide screen, one under the other on a phone."""

    columns: tuple[tuple[Block, ...], ...]


Block = (
    KpiStrip
    | Cards
    | Paragraph
    | Bullets
    | Chart
    | ChartSet
    | Facts
    | Table
    | Heading
    | Note
    | Alert
    | Entries
    | Lines
    | Charts
    | Legend
    | Map
    | Details
    | Columns
)


@dataclass(frozen=True)
class Section:
    """A titled part of a report; ``wide`` sections print on landscape pages."""

    anchor: str
    title: str
    blocks: tuple[Block, ...] = ()
    wide: bool = False


def paragraphs(texts: Iterable[str]) -> tuple[Paragraph, ...]:
    """Plain sentences as blocks."""
    return tuple(Paragraph(x) for x in texts)


# -- HTML --------------------------------------------------------------------------------------


def _kpi_html(k: Kpi, lang: Lang) -> str:
    cls = f" lv-{escape(k.level)}" if k.level else ""
    unit = f"<small>{escape(k.unit)}</small>" if k.unit else ""
    size = " v-s" if len(k.value) > 12 else ""
    body = f'<p class="v{size}">{escape(k.value)}{unit}</p>'
    if k.levels:
        total = sum(n for _lv, n in k.levels) or 1
        bar = "".join(
            f'<span class="lv-{escape(lv)}" style="width:{100 * n / total:.2f}%"></span>'
            for lv, n in k.levels
            if n
        )
        legend = "".join(
            f'<li><span class="dot lv-{escape(lv)}"></span>'
            f"{escape(t('reports.level.' + lv, lang))} <b>{escape(number(n, lang))}</b></li>"
            for lv, n in k.levels
            if n or lv != INSUFFICIENT
        )
        body = f'<p class="bar">{bar}</p><ul class="legend">{legend}</ul>'
    small = f"<br><small>{escape(k.small)}</small>" if k.small else ""
    note = f"<p>{escape(k.note)}{small}</p>" if k.note or k.small else ""
    return f'<div class="kpi{cls}"><h3>{escape(k.title)}</h3>{body}{note}</div>'


def _card_html(c: Card) -> str:
    lines = "".join(f"<p>{escape(line)}</p>" for line in c.lines)
    unit = f"<small>{escape(c.unit)}</small>" if c.unit else ""
    return (
        f'<div class="card lv-{escape(c.level)}"><h4>{escape(c.title)}</h4>'
        f'<p class="big">{escape(c.value)}{unit}</p>{lines}</div>'
    )


def _badge_html(b: Badge) -> str:
    return f'<span class="badge lv-{escape(b.level)}">{escape(b.text)}</span>'


def _entry_html(e: Entry) -> str:
    head = ""
    if e.date:
        head = f'<time datetime="{escape(e.date)}">{escape(e.shown_date or e.date)}</time>'
    for b in e.badges:
        head += (" " if head else "") + _badge_html(b)
    context = f" — {escape(e.context)}" if e.context else ""
    why = f'<br><span class="why">{escape(e.why)}</span>' if e.why else ""
    return f"<li>{head}{' ' if head else ''}<b>{escape(e.title)}</b>{context}{why}</li>"


def _line_html(line: Line) -> str:
    parts = [
        *((f"<b>{escape(line.strong)}</b>",) if line.strong else ()),
        *((escape(line.text),) if line.text else ()),
        *((f"<i>{escape(line.em)}</i>",) if line.em else ()),
    ]
    return f"<li>{' '.join(parts)}</li>"


def _link(text: str, href: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)


def block_html(
    block: Block, lang: Lang, *, printed: bool = False, line_ch: float = PRINT_LINE_CH[False]
) -> str:
    """One block as escaped HTML; ``printed`` opens every collapsible part (no script in a PDF)
    and sizes table columns for a printed line ``line_ch`` digits wide."""
    match block:
        case KpiStrip(items):
            return f'<div class="kpis">{"".join(_kpi_html(k, lang) for k in items)}</div>'
        case Cards(title, items):
            cards = "".join(_card_html(c) for c in items)
            return f'<h3>{escape(title)}</h3><div class="cards">{cards}</div>'
        case Paragraph(text):
            return f"<p>{escape(text)}</p>"
        case Bullets(items):
            return "<ul>" + "".join(f"<li>{escape(b)}</li>" for b in items) + "</ul>"
        case Facts(rows):
            cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
            return f"<table>{cells}</table>"
        case Chart(svg, phone):
            if not phone or printed:
                return f'<figure class="chart">{svg}</figure>'
            return (
                f'<figure class="chart dual"><div class="on-wide">{svg}</div>'
                f'<div class="on-phone">{phone}</div></figure>'
            )
        case ChartSet(items):
            inner = "".join(block_html(c, lang, printed=printed) for c in items)
            return f'<div class="chart-set">{inner}</div>'
        case Table():
            return table_html(block, lang, printed=printed, line_ch=line_ch)
        case Heading(text):
            return f"<h3>{escape(text)}</h3>"
        case Note(text, href):
            return f'<p class="note">{_link(text, href)}</p>'
        case Alert(badge, text, href):
            return f'<p class="overdue">{_badge_html(badge)} {_link(text, href)}</p>'
        case Entries(items, ordered):
            tag = "ol" if ordered else "ul"
            return f'<{tag} class="ov-list">{"".join(_entry_html(e) for e in items)}</{tag}>'
        case Lines(items):
            return f"<ul>{''.join(_line_html(x) for x in items)}</ul>"
        case Charts(svgs):
            return f'<div class="charts">{"".join(f"<figure>{s}</figure>" for s in svgs)}</div>'
        case Legend(levels):
            items_html = "".join(
                f'<li><span class="dot lv-{escape(lv)}"></span>'
                f"{escape(t('reports.level.' + lv, lang))}</li>"
                for lv in levels
            )
            return f'<ul class="legend">{items_html}</ul>'
        case Map(svg):
            return f'<div class="map">{svg}</div>'
        case Details(items):
            opened = " open" if printed else ""
            return "".join(
                f"<details{opened}><summary>{escape(d.summary)}</summary>"
                + "".join(block_html(b, lang, printed=printed, line_ch=line_ch) for b in d.blocks)
                + "</details>"
                for d in items
            )
        case Columns(columns):
            cols = "".join(
                "<div>"
                + "".join(
                    block_html(b, lang, printed=printed, line_ch=line_ch / len(columns))
                    for b in col
                )
                + "</div>"
                for col in columns
            )
            return f'<div class="ov">{cols}</div>'
    raise TypeError(f"not a report block: {block!r}")


def section_html(s: Section, lang: Lang, *, printed: bool = False) -> str:
    """One section: its heading and its blocks in order."""
    line_ch = PRINT_LINE_CH[s.wide]
    body = "".join(block_html(b, lang, printed=printed, line_ch=line_ch) for b in s.blocks)
    return section(s.anchor, s.title, body, wide=s.wide)


#: Reports with at least this many sections get a navigation bar under their title.
NAV_FROM_SECTIONS = 4


def page_html(
    title: str,
    sections: Sequence[Section],
    lang: Lang,
    *,
    subtitle: str = "",
    printed: bool = False,
) -> str:
    """A whole self-contained page (the audit's shell: CSP, no network, print stylesheet): the
    title and subtitle, a navigation bar to the sections when there are several, the sections."""
    sub = f"<p>{escape(subtitle)}</p>" if subtitle else ""
    nav = ""
    if len(sections) >= NAV_FROM_SECTIONS:
        links = "".join(f'<a href="#{escape(s.anchor)}">{escape(s.title)}</a>' for s in sections)
        nav = f"<nav>{links}</nav>"
    landscape = _opens_landscape(sections)
    if landscape:
        sections = [replace(sections[0], wide=True), *sections[1:]]
    body = "\n".join(section_html(s, lang, printed=printed) for s in sections)
    head = '<header class="wide">' if landscape else "<header>"
    return page(
        title, lang, f"{head}<h1>{escape(title)}</h1>{sub}</header>{nav}<main>{body}</main>"
    )


def _opens_landscape(sections: Sequence[Section]) -> bool:
    """Whether the title and a summary of sentences only print on the landscape page of the
    wide section that follows them: on a portrait page of their own they were a sentence or
    three alone on the first sheet (compare, simulate, pool), the browser starting a new page
    where the page's orientation changes."""
    return (
        len(sections) > 1
        and sections[1].wide
        and not sections[0].wide
        and all(isinstance(b, Paragraph) for b in sections[0].blocks)
    )


# -- Markdown ----------------------------------------------------------------------------------

#: What :func:`md_prose` neutralises, ``&`` first (the entities add ampersands of their own).
_MD_LIGHT = (
    ("\\", "\\\\"),  # first: a backslash given would otherwise undo the escapes below
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ("[", "\\["),
    ("]", "\\]"),
    ("`", "\\`"),
    ("*", "\\*"),
)


#: Runs of ASCII whitespace (line breaks, tabs, doubled spaces) a pasted sentence folds into one
#: space; never the no-break spaces French binds to « : ; ? ! » and groups thousands with
#: (U+00A0, U+202F), which ``str.split()`` would fold too.
_MD_SPACES = re.compile(r"\s{2,}|[^\S ]", re.ASCII)


def md_prose(text: str) -> str:
    """A sentence for Markdown that stays readable when pasted raw: no HTML, link or emphasis
    can come through (``\\ & < > [ ] ` *`` are neutralised), other punctuation is left alone.

    Eight ``str.replace`` passes, not ``str.translate`` with a dict: translating looks every
    character up in the dict (~10× slower), and a pool report has ~15,000 bullets."""
    out = str(text).strip()
    if _MD_SPACES.search(out):  # most sentences hold no run to fold: skip the rewrite
        out = _MD_SPACES.sub(" ", out)
    for char, escaped in _MD_LIGHT:
        if char in out:
            out = out.replace(char, escaped)
    return out


def _md_table(table: Table, lang: Lang) -> str:
    """Column by column, each distinct value of a column rendered and escaped once (a long
    group table repeats its names, dates and levels thousands of times)."""
    headers = [md_text(c.header) for c in table.columns]
    if not table.rows:
        return md_table(headers, [])

    def cell(kind: ColumnKind) -> Callable[[Any], str]:
        return lambda v: md_text(display(v, kind, lang))

    columns = [
        map_column(values, cell(c.kind))
        for values, c in zip(zip(*table.rows, strict=True), table.columns, strict=True)
    ]
    return md_table(headers, list(zip(*columns, strict=True)))


def _entry_md(e: Entry, marker: str) -> str:
    head = " ".join(
        [
            *((md_prose(e.shown_date or e.date),) if e.date else ()),
            *(f"**{md_prose(b.text)}**" for b in e.badges),
            f"**{md_prose(e.title)}**" + (f" — {md_prose(e.context)}" if e.context else ""),
        ]
    )
    why = f"  \n   {md_prose(e.why)}" if e.why else ""
    return f"{marker} {head}{why}"


def _line_md(line: Line) -> str:
    parts = [
        *((f"**{md_prose(line.strong)}**",) if line.strong else ()),
        *((md_prose(line.text),) if line.text else ()),
        *((f"*{md_prose(line.em)}*",) if line.em else ()),
    ]
    return "- " + " ".join(parts)


def _block_md(block: Block, lang: Lang) -> list[str]:
    match block:
        case KpiStrip(items):
            colon = t("loc.colon", lang)  # « **Membres** : 12 », the space a no-break one
            return [
                f"- **{md_prose(k.title)}**{colon}{md_prose(k.value + k.unit)}"
                for k in items
                if not k.levels
            ] + [""]
        case Cards(title, items):
            return [
                f"### {md_prose(title)}",
                "",
                *(
                    f"- {md_prose(c.title)} — {md_prose(c.value)}"
                    + "".join(f" · {md_prose(line)}" for line in c.lines)
                    for c in items
                ),
                "",
            ]
        case Paragraph(text):
            return [md_prose(text), ""]
        case Bullets(items):
            return [*(f"- {md_prose(b)}" for b in items), ""] if items else []
        case Facts(rows):
            return [*(f"- {md_prose(k)} : {md_prose(v)}" for k, v in rows), ""]
        case Chart() | ChartSet():
            return []
        case Heading(text):
            return [f"### {md_prose(text)}", ""]
        case Note(text, _href):
            return [f"*{md_prose(text)}*", ""]
        case Alert(badge, text, _href):
            return [f"**{md_prose(badge.text)}** {md_prose(text)}", ""]
        case Entries(items, ordered):
            return [
                *(_entry_md(e, f"{i}." if ordered else "-") for i, e in enumerate(items, 1)),
                "",
            ]
        case Lines(items):
            return [*(_line_md(x) for x in items), ""]
        case Charts() | Legend() | Map():
            return []
        case Details(items):
            out: list[str] = []
            for d in items:
                out += [f"#### {md_prose(d.summary)}", ""]
                for b in d.blocks:
                    out += _block_md(b, lang)
            return out
        case Columns(columns):
            return [line for col in columns for b in col for line in _block_md(b, lang)]
        case Table():
            if not block.rows:  # said, as the page says it (« Aucun flux rompu. »)
                return [md_text(empty_text(block.id, lang)), ""]
            out = [_md_table(block, lang), ""]
            if block.note:
                out += [f"_{md_text(block.note)}_", ""]
            return out
    raise TypeError(f"not a report block: {block!r}")


def markdown(title: str, sections: Sequence[Section], lang: Lang) -> str:
    """Markdown a buyer or an elected official can paste (every value neutralised)."""
    out = [f"# {md_prose(title)}", ""]
    for s in sections:
        out += [f"## {md_prose(s.title)}", ""]
        for b in s.blocks:
            out += _block_md(b, lang)
    return "\n".join(out).rstrip() + "\n"


# -- spreadsheets ------------------------------------------------------------------------------


def tables(sections: Sequence[Section]) -> list[Table]:
    """Every table of the sections, in order (one sheet each in the xlsx/ods writers)."""
    return [b for s in sections for b in s.blocks if isinstance(b, Table)]
