"""Charts as inline SVG strings, drawn with matplotlib's SVG canvas (no pyplot, no global state).

Deterministic: a fixed ``svg.hashsalt``, no date in the metadata (the metadata block is dropped),
text kept as text (``svg.fonttype: none``: smaller files, labels stay searchable). Labels are
cut to a readable length and ``$`` is escaped so a name never triggers mathtext. Each function
takes plain values already pulled from the audit document, so other reports can reuse them.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from vendorlock.i18n import Lang, t
from vendorlock.reports.cells import short
from vendorlock.reports.numbers import number

LEVELS = ("insufficient_data", "low", "medium", "high", "critical")
LEVEL_COLOURS = {
    "insufficient_data": "#bdbdbd",
    "low": "#63be7b",
    "medium": "#f2c94c",
    "high": "#f2994a",
    "critical": "#d64545",
}
OPENNESS_COLOURS = {
    "open_standard": "#2e7d32",
    "open_specification": "#66bb6a",
    "documented_proprietary": "#f2994a",
    "closed_proprietary": "#d64545",
}
UNKNOWN_COLOUR = "#9e9e9e"
_RC: Any = {  # typed Any: matplotlib types rc keys as a Literal union
    "svg.hashsalt": "vendorlock",
    "svg.fonttype": "none",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.S)
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def label(text: Any, limit: int = 36) -> str:
    """A chart label: cut, with ``$`` escaped (mathtext) and a leading ``_`` defused (legends)."""
    s = _CONTROL.sub(" ", short(text, limit)).replace("$", r"\$")
    return "\u200b" + s if s.startswith("_") else s


def to_svg(fig: Figure) -> str:
    """The figure as an ``<svg>`` element ready to inline (no XML prologue, doctype or metadata)."""
    buf = io.StringIO()
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs (emoji, RTL) only affect layout width
        FigureCanvasSVG(fig)
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return _METADATA.sub("", _PROLOGUE.sub("", buf.getvalue()), count=1)


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(_RC):
        return Figure(figsize=(width, height), dpi=72, layout=None)


def score_distribution_mpl(scores: Sequence[float], levels: Mapping[str, float], lang: Lang) -> str:
    """The matplotlib drawing of :func:`score_distribution` (kept to measure against)."""
    counts = Counter(min(int(s // 10), 9) for s in scores)
    fig = _figure(6.5, 2.8)
    with matplotlib.rc_context(_RC):
        ax = fig.add_axes((0.09, 0.18, 0.88, 0.72))
        xs = list(range(10))
        colours = [LEVEL_COLOURS[_level_of(x * 10 + 5, levels)] for x in xs]
        ax.bar([x * 10 + 5 for x in xs], [counts.get(x, 0) for x in xs], width=9, color=colours)
        ax.set_xlim(0, 100)
        ax.set_xlabel(t("reports.chart.score", lang))
        ax.set_ylabel(t("reports.col.applications", lang))
        ax.set_title(t("reports.chart.score_distribution", lang), loc="left")
    return to_svg(fig)


def _level_of(score: float, levels: Mapping[str, float]) -> str:
    found = "low"
    for level in LEVELS[2:]:
        if level in levels and score >= float(levels[level]):
            found = level
    return found


def top_risks(apps: Sequence[Mapping[str, Any]], lang: Lang, max_rules: int = 8) -> str:
    """Horizontal bars of the riskiest applications, each criterion's points stacked.

    The ``max_rules`` criteria giving the most points get their own colour, the rest are
    stacked as "other" (each series costs a set of SVG patches; legibility wins too).
    """
    totals: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for a in apps:
        for c in a["criteria"]:
            if c["points"] > 0:
                totals[c["rule_id"]] += c["points"]
                titles[c["rule_id"]] = c.get("title") or c["rule_id"]
    ranked = sorted(totals, key=lambda r: (-totals[r], r))
    rules = sorted(ranked[:max_rules])
    other = set(ranked[max_rules:])
    # The legend goes under the bars, in two columns, with its own rows of height: to the
    # right of the bars it had 1.6 inches for 40-character criterion titles and was cut off.
    entries = len(rules) + (1 if other else 0)
    legend_in = 0.2 * -(-entries // 2) + 0.1
    bars_in = 0.3 * max(len(apps), 1)
    top_in, axis_in = 0.35, 0.55  # title above; tick labels and axis title below
    height = top_in + bars_in + axis_in + legend_in
    fig = _figure(7.5, height)
    with matplotlib.rc_context(_RC):
        bottom = (axis_in + legend_in) / height
        ax = fig.add_axes((0.3, bottom, 0.66, bars_in / height))
        names = [label(a["name"], 30) for a in apps]
        y = list(range(len(apps)))
        left = [0.0] * len(apps)
        cmap = matplotlib.colormaps["tab20"]
        for k, rule in enumerate(rules):
            pts = [sum(c["points"] for c in a["criteria"] if c["rule_id"] == rule) for a in apps]
            name = label(titles[rule], 40)
            ax.barh(y, pts, left=left, color=cmap(k % 20), label=name, height=0.7)
            left = [a + b for a, b in zip(left, pts, strict=True)]
        if other:
            pts = [sum(c["points"] for c in a["criteria"] if c["rule_id"] in other) for a in apps]
            ax.barh(
                y,
                pts,
                left=left,
                color=UNKNOWN_COLOUR,
                label=t("reports.chart.other", lang),
                height=0.7,
            )
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(t("reports.chart.points", lang))
        ax.set_title(t("reports.chart.top_risks", lang), loc="left")
        if rules:
            fig.legend(
                loc="lower left",
                bbox_to_anchor=(0.02, 0.05 / height),
                ncols=2,
                fontsize=7,
                frameon=False,
            )
    return to_svg(fig)


#: Room for tick labels and the axis title below horizontal bar charts, and the title above
#: them, in inches: fractions of a variable-height figure would clip them on short charts.
_BOTTOM_IN = 0.6
_TOP_IN = 0.35


def _bar_rows_figure(width: float, rows: int, row_in: float) -> tuple[Figure, float, float]:
    """A figure sized for ``rows`` horizontal bars, with the axes' bottom and height fractions."""
    height = _BOTTOM_IN + _TOP_IN + row_in * max(rows, 1)
    return _figure(width, height), _BOTTOM_IN / height, 1 - (_BOTTOM_IN + _TOP_IN) / height


def concentration(
    editors: Sequence[tuple[str, float]], groups: Sequence[tuple[str, float]], lang: Lang
) -> str:
    """Spend share of the top editors and of the top corporate groups, side by side."""
    fig, bottom, height = _bar_rows_figure(8.0, max(len(editors), len(groups)), 0.28)
    with matplotlib.rc_context(_RC):
        for i, (items, key) in enumerate(((editors, "editors"), (groups, "groups"))):
            ax = fig.add_axes((0.2 + i * 0.5, bottom, 0.27, height))
            y = list(range(len(items)))
            ax.barh(y, [v * 100 for _, v in items], color="#4472c4", height=0.7)
            ax.set_yticks(y, [label(n, 24) for n, _ in items])
            ax.invert_yaxis()
            ax.set_xlim(0, 100)
            ax.set_xlabel(t("reports.chart.spend_share_pct", lang))
            ax.set_title(t(f"reports.chart.concentration_{key}", lang), loc="left")
    return to_svg(fig)


def contract_calendar(decisions: Sequence[tuple[str, str]], lang: Lang, quarters: int = 12) -> str:
    """Decisions due per quarter (the first ``quarters`` quarters that have any), by level."""
    by_quarter: dict[str, Counter[str]] = {}
    for day, level in decisions:
        q = f"{day[:4]}-{(int(day[5:7]) - 1) // 3 + 1}"
        by_quarter.setdefault(q, Counter())[level] += 1
    keys = sorted(by_quarter)[:quarters]
    # "T3 2025" / "Q3 2025": how each language writes a quarter (sorted on "2025-3").
    ticks = [t("reports.chart.quarter", lang, year=k[:4], quarter=k[5:]) for k in keys]
    fig = _figure(7.0, 2.8)
    with matplotlib.rc_context(_RC):
        ax = fig.add_axes((0.08, 0.2, 0.75, 0.68))
        x = list(range(len(keys)))
        bottom = [0] * len(keys)
        for level in LEVELS:
            vals = [by_quarter[k][level] for k in keys]
            ax.bar(
                x,
                vals,
                bottom=bottom,
                color=LEVEL_COLOURS[level],
                label=t(f"reports.level.{level}", lang),
                width=0.7,
            )
            bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
        ax.set_xticks(x, ticks, rotation=45, ha="right", fontsize=7)
        ax.set_ylabel(t("reports.chart.decisions", lang))
        ax.set_title(t("reports.chart.calendar", lang), loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    return to_svg(fig)


def format_openness_mpl(counts: Mapping[str | None, int], lang: Lang) -> str:
    """The matplotlib drawing of :func:`format_openness` (kept to measure against)."""
    order = [*OPENNESS_COLOURS, None]
    keys = [k for k in order if counts.get(k)] + sorted(
        k for k in counts if k not in order and k is not None
    )
    fig, bottom, height = _bar_rows_figure(6.5, len(keys), 0.35)
    with matplotlib.rc_context(_RC):
        ax = fig.add_axes((0.32, bottom, 0.63, height))
        y = list(range(len(keys)))
        ax.barh(
            y,
            [counts[k] for k in keys],
            color=[OPENNESS_COLOURS.get(k or "", UNKNOWN_COLOUR) for k in keys],
            height=0.7,
        )
        names = [
            t(f"reports.openness.{k}", lang)
            if k in OPENNESS_COLOURS
            else (t("reports.unknown", lang) if k is None else label(k))
            for k in keys
        ]
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlabel(t("reports.sheet.flows", lang))
        ax.set_title(t("reports.chart.format_openness", lang), loc="left")
    return to_svg(fig)


# Simple bars need no plotting library: written as SVG directly they cost microseconds instead
# of ~40 ms of matplotlib each, stay text (searchable, readable when scaled) and are
# deterministic by construction. matplotlib keeps the stacked and grouped charts.

_SVG_FONT = 'font-family="DejaVu Sans, sans-serif"'


def _svg(width: int, height: int, title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
        f'viewBox="0 0 {width} {height}" {_SVG_FONT} font-size="9" role="img">'
        f'<text x="6" y="13" font-size="10.5">{escape(title)}</text>{body}</svg>'
    )


def _nice_max(value: float) -> tuple[float, float]:
    """An axis top at or above ``value`` and a round step for its ticks."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(value / step), step


def score_distribution(scores: Sequence[float], levels: Mapping[str, float], lang: Lang) -> str:
    """Histogram of application scores in ten-point bins, bars coloured by level thresholds."""
    counts = Counter(min(int(s // 10), 9) for s in scores)
    width, height, left, right, top, bottom = 468, 202, 44, 10, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step = _nice_max(max(counts.values(), default=0))
    parts = []
    tick = 0.0
    while tick <= top_value + 1e-9:
        y = top + plot_h - plot_h * tick / top_value
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e6e6e6"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">'
            f"{escape(number(tick, lang))}</text>"
        )
        tick += step
    for b in range(10):
        n = counts.get(b, 0)
        h = plot_h * n / top_value
        x = left + plot_w * b / 10 + 2
        colour = LEVEL_COLOURS[_level_of(b * 10 + 5, levels)]
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{plot_w / 10 - 4:.1f}" '
            f'height="{h:.1f}" fill="{colour}"><title>{b * 10}–{b * 10 + 10}: {n}</title></rect>'
        )
    for v in range(0, 101, 20):
        x = left + plot_w * v / 100
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 13}" text-anchor="middle">{v}</text>')
    parts.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        'stroke="#333"/>'
        f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle">'
        f"{escape(t('reports.chart.score', lang))}</text>"
        f'<text transform="translate(11 {top + plot_h / 2}) rotate(-90)" text-anchor="middle">'
        f"{escape(t('reports.col.applications', lang))}</text>"
    )
    return _svg(width, height, t("reports.chart.score_distribution", lang), "".join(parts))


def format_openness(counts: Mapping[str | None, int], lang: Lang) -> str:
    """Flows per format openness class (unknown format counted apart), as horizontal bars."""
    order = [*OPENNESS_COLOURS, None]
    keys = [k for k in order if counts.get(k)] + sorted(
        k for k in counts if k not in order and k is not None
    )
    names = [
        t(f"reports.openness.{k}", lang)
        if k in OPENNESS_COLOURS
        else (t("reports.unknown", lang) if k is None else label(k))
        for k in keys
    ]
    row, left, right, top = 22, 150, 40, 24
    width, height = 468, top + row * max(len(keys), 1) + 30
    plot_w = width - left - right
    top_value, _step = _nice_max(max((counts[k] for k in keys), default=0))
    parts = []
    for i, (k, name) in enumerate(zip(keys, names, strict=True)):
        y = top + i * row
        w = plot_w * counts[k] / top_value
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{OPENNESS_COLOURS.get(k or "", UNKNOWN_COLOUR)}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + 14}">{escape(number(counts[k], lang))}</text>'
        )
    base = top + row * max(len(keys), 1)
    parts.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{base}" stroke="#333"/>'
        f'<text x="{left + plot_w / 2}" y="{base + 18}" text-anchor="middle">'
        f"{escape(t('reports.sheet.flows', lang))}</text>"
    )
    return _svg(width, height, t("reports.chart.format_openness", lang), "".join(parts))
