"""Report sections described as data, rendered by one set of writers (HTML, Markdown, sheets).

A report is a title and a tuple of :class:`Section`; a section is an anchor, a title and
blocks (key figures, cards, paragraphs, bullet lists, SVG charts, tables). Commands build these
values and never write layout: :func:`page_html` lays them out with the audit's page shell,
CSS, sortable/filterable tables and print stylesheet, :func:`markdown_lines` writes them as
Markdown, and :func:`tables` hands their tables to the xlsx/ods writers. One writer per format
means a fix to the layout (phone width, print, escaping) reaches every report at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from vendorlock.i18n import Lang, t
from vendorlock.reports.cells import Table
from vendorlock.reports.html import page, section, table_html
from vendorlock.reports.markdown import md_table, md_text
from vendorlock.reports.numbers import display, number

#: Levels from worst to best, the order a strip's bar and legend show them in.
LEVELS_WORST_FIRST = ("critical", "high", "medium", "low", "insufficient_data")


@dataclass(frozen=True)
class Kpi:
    """One key figure: a heading, the value as shown, a note under it, an optional level colour
    and an optional bar of counts by level (``(level, count)`` pairs, worst first)."""

    title: str
    value: str
    note: str = ""
    level: str = ""
    unit: str = ""
    levels: tuple[tuple[str, int], ...] = ()


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
    """An inline SVG chart (made by the report's own chart module, already safe markup)."""

    svg: str


@dataclass(frozen=True)
class Facts:
    """A short two-column list of labelled values (already formatted), shown as a plain table."""

    rows: tuple[tuple[str, str], ...]


Block = KpiStrip | Cards | Paragraph | Bullets | Chart | Facts | Table


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
            f"{escape(t('group.level.' + lv, lang))} <b>{escape(number(n, lang))}</b></li>"
            for lv, n in k.levels
            if n
        )
        body = f'<p class="bar">{bar}</p><ul class="legend">{legend}</ul>'
    note = f"<p>{escape(k.note)}</p>" if k.note else ""
    return f'<div class="kpi{cls}"><h3>{escape(k.title)}</h3>{body}{note}</div>'


def _card_html(c: Card) -> str:
    lines = "".join(f"<p>{escape(line)}</p>" for line in c.lines)
    return (
        f'<div class="card lv-{escape(c.level)}"><h4>{escape(c.title)}</h4>'
        f'<p class="big">{escape(c.value)}</p>{lines}</div>'
    )


def block_html(block: Block, lang: Lang) -> str:
    """One block as escaped HTML."""
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
        case Chart(svg):
            return f'<figure class="chart">{svg}</figure>'
        case Table():
            return table_html(block, lang)
    raise TypeError(f"not a report block: {block!r}")


def section_html(s: Section, lang: Lang) -> str:
    """One section: its heading and its blocks in order."""
    return section(s.anchor, s.title, "".join(block_html(b, lang) for b in s.blocks), wide=s.wide)


def page_html(title: str, sections: Sequence[Section], lang: Lang) -> str:
    """A whole self-contained page (the audit's shell: CSP, no network, print stylesheet)."""
    body = "".join(section_html(s, lang) for s in sections)
    return page(title, lang, f"<main><h1>{escape(title)}</h1>{body}</main>")


# -- Markdown ----------------------------------------------------------------------------------

_MD_LIGHT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`", "*": "\\*"}
)


def md_prose(text: str) -> str:
    """A sentence for Markdown that stays readable when pasted raw: no HTML, link or emphasis
    can come through (``& < > [ ] ` *`` are neutralised), other punctuation is left alone."""
    return " ".join(str(text).split()).translate(_MD_LIGHT)


def _md_table(table: Table, lang: Lang) -> str:
    headers = [md_text(c.header) for c in table.columns]
    rows = [
        [md_text(display(v, c.kind, lang)) for v, c in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]
    return md_table(headers, rows)


def _block_md(block: Block, lang: Lang) -> list[str]:
    match block:
        case KpiStrip(items):
            return [
                f"- **{md_prose(k.title)}** : {md_prose(k.value + k.unit)}"
                if lang is Lang.FR
                else f"- **{md_prose(k.title)}**: {md_prose(k.value + k.unit)}"
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
        case Chart():
            return []
        case Table():
            if not block.rows:
                return []
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
