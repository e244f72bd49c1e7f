"""Writing a group report: JSON (the view), Markdown, self-contained HTML, xlsx and ods.

A command builds a :class:`GroupReport` (sections of paragraphs, bullet lists, tables from
:mod:`vendorlock.reports.cells` and inline SVG charts); this module serialises it with the
audit report's shared pieces — the HTML page shell and sortable tables, markdown escaping, the
xlsx/ods sheet writers — so escaping and formula neutralisation live in one place.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape
from pathlib import Path
from typing import Any, assert_never

from vendorlock import jsonio
from vendorlock.fileio import atomic_write, check_targets, normalise_zip
from vendorlock.i18n import Lang
from vendorlock.reports.cells import Table
from vendorlock.reports.html import page, section, table_html
from vendorlock.reports.markdown import md_table, md_text
from vendorlock.reports.numbers import display
from vendorlock.reports.ods import ods_bytes
from vendorlock.reports.xlsx import xlsx_bytes


class GroupFormat(StrEnum):
    """Files the group commands can write (``--format``)."""

    JSON = "json"
    XLSX = "xlsx"
    ODS = "ods"
    HTML = "html"
    MD = "md"


ALL_FORMATS = tuple(GroupFormat)


@dataclass(frozen=True)
class Section:
    """One part of a report; ``chart`` is an SVG string made by :mod:`.charts`."""

    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: Table | None = None
    chart: str | None = None


@dataclass(frozen=True)
class GroupReport:
    """A rendered-to-be report: its view (the JSON), title, lead paragraphs and sections."""

    stem: str
    title: str
    view: Mapping[str, Any]
    lead: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()


def report_json(report: GroupReport) -> bytes:
    """The view: sorted keys, UTF-8, final newline; the outer levels indented by two spaces and
    each deeper item (a member of an opportunity, an editor's row) on one line, written by the
    C encoder (:func:`jsonio.dumps_lines`: the 12 MB pool of 500 members in a tenth of the time
    of an ``indent=2`` dump)."""
    return (jsonio.dumps_lines(report.view) + "\n").encode("utf-8")


_MD_LIGHT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`", "*": "\\*"}
)


def md_prose(text: str) -> str:
    """A sentence for Markdown that stays readable when pasted raw: no HTML, link or emphasis
    can come through (``& < > [ ] ` *`` are neutralised), other punctuation is left alone."""
    return " ".join(str(text).split()).translate(_MD_LIGHT)


def report_markdown(report: GroupReport, lang: Lang) -> str:
    """Markdown a buyer or an elected official can paste (every value neutralised)."""
    out = [f"# {md_prose(report.title)}", ""]
    out += [md_prose(p) + "\n" for p in report.lead]
    for s in report.sections:
        out += [f"## {md_prose(s.title)}", ""]
        out += [md_prose(p) + "\n" for p in s.paragraphs]
        if s.bullets:
            out += [f"- {md_prose(b)}" for b in s.bullets]
            out.append("")
        if s.table is not None and s.table.rows:
            out.append(_md_table(s.table, lang))
            out.append("")
            if s.table.note:
                out += [f"_{md_text(s.table.note)}_", ""]
    return "\n".join(out).rstrip() + "\n"


def _md_table(table: Table, lang: Lang) -> str:
    headers = [md_text(c.header) for c in table.columns]
    rows = [
        [md_text(display(v, c.kind, lang)) for v, c in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]
    return md_table(headers, rows)


def report_html(report: GroupReport, lang: Lang) -> str:
    """One self-contained page (the audit's shell: CSP, no network, sortable tables)."""
    parts = [f"<h1>{escape(report.title)}</h1>"]
    parts += [f"<p>{escape(p)}</p>" for p in report.lead]
    for s in report.sections:
        body = "".join(f"<p>{escape(p)}</p>" for p in s.paragraphs)
        if s.bullets:
            body += "<ul>" + "".join(f"<li>{escape(b)}</li>" for b in s.bullets) + "</ul>"
        if s.chart:
            body += f'<figure class="chart">{s.chart}</figure>'
        if s.table is not None:
            body += table_html(s.table, lang)
        parts.append(section(s.id, s.title, body))
    return page(report.title, lang, "<main>" + "".join(parts) + "</main>")


def _tables(report: GroupReport) -> list[Table]:
    return [s.table for s in report.sections if s.table is not None]


def render(report: GroupReport, fmt: GroupFormat, lang: Lang) -> bytes:
    """The bytes of one file of the report."""
    match fmt:
        case GroupFormat.JSON:
            return report_json(report)
        case GroupFormat.MD:
            return report_markdown(report, lang).encode("utf-8")
        case GroupFormat.HTML:
            return report_html(report, lang).encode("utf-8")
        case GroupFormat.XLSX:
            return normalise_zip(xlsx_bytes(_tables(report)), first="[Content_Types].xml")
        case GroupFormat.ODS:
            return normalise_zip(ods_bytes(_tables(report)), first="mimetype")
        case _:
            assert_never(fmt)


def write_report(
    report: GroupReport,
    out_dir: Path,
    formats: Sequence[GroupFormat],
    lang: Lang,
    protected: Collection[Path] = (),
) -> list[Path]:
    """Render every wanted format first, then write them atomically (no half report)."""
    wanted = [f for f in GroupFormat if f in set(formats)]
    check_targets([out_dir / f"{report.stem}.{f.value}" for f in wanted], protected)
    rendered = [(out_dir / f"{report.stem}.{f.value}", render(report, f, lang)) for f in wanted]
    return [atomic_write(path, data, protected) for path, data in rendered]
