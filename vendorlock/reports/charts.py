"""The report charts as inline SVG strings, written directly (no plotting library).

Each chart is a few dozen ``<rect>``, ``<line>`` and ``<text>`` elements built with
:mod:`vendorlock.reports.svg`: microseconds per chart where matplotlib took tens of
milliseconds and ~0.4 s of imports, deterministic bytes by construction, text kept as text
(searchable, sharp at any zoom). Every label is escaped; a long one is wrapped between words or
ended with « … », its full text in a tooltip. A ``viewBox`` lets the page scale each chart to
its column (phones included). Each function takes plain values already pulled from the audit
document, so other reports (observatory, group, history) reuse them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from html import escape
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.reports import numbers, svg
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
#: One colour per criterion of the top-risks chart (matplotlib's "tab10" without its grey,
#: kept for the "other criteria" stack).
SERIES_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
)
BAR_COLOUR = "#4472c4"
GRID = "#e6e6e6"
#: Width of every chart's drawing, in points: the page scales it to its column.
WIDTH = 480
#: Top of the plot area (under the chart's title) and the label font size.
TOP = 26
SIZE = 9
SMALL = 8


def _level_of(score: float, levels: Mapping[str, float]) -> str:
    found = "low"
    for level in LEVELS[2:]:
        if level in levels and score >= float(levels[level]):
            found = level
    return found


def tip(label: str, value: str, lang: Lang) -> str:
    """A tooltip « label : value » punctuated for ``lang``."""
    return t("reports.chart.tip", lang, label=label, value=value)


def ticks(scale: tuple[float, float]) -> Iterator[tuple[float, float]]:
    """(share of the axis, value) of each tick of a ``(top value, step)`` scale: 0, step,
    2 × step… up to the top value."""
    top_value, step = scale
    k = 0
    while k * step <= top_value + 1e-9:
        yield k * step / top_value, k * step
        k += 1


def x_axis(
    left: float,
    plot_w: float,
    top: float,
    base: float,
    scale: tuple[float, float],
    lang: Lang,
    title: str | None = None,
) -> list[str]:
    """Vertical grid lines and tick values under horizontal bars, the axis title below
    (``base`` == ``top``: no plot above, the values only, under a chart's last panel)."""
    parts = []
    for share, value in ticks(scale):
        x = left + plot_w * share
        if base > top:
            parts.append(svg.line(x, top, x, base, GRID))
        parts.append(svg.text(x, base + 11, [number(value, lang)], anchor="middle", size=SMALL))
    if base > top:
        parts.append(svg.line(left, top, left, base))
    if title:
        parts.append(svg.text(left + plot_w / 2, base + 25, [title], anchor="middle"))
    return parts


def y_axis(
    left: float,
    plot_w: float,
    top: float,
    base: float,
    scale: tuple[float, float],
    lang: Lang,
    title: str | None = None,
) -> list[str]:
    """Horizontal grid lines and tick values left of vertical bars, the title turned up."""
    parts = []
    for share, value in ticks(scale):
        y = base - (base - top) * share
        parts.append(svg.line(left, y, left + plot_w, y, GRID))
        parts.append(svg.text(left - 4, y + 3, [number(value, lang)], anchor="end", size=SMALL))
    parts.append(svg.line(left, base, left + plot_w, base))
    if title:
        mid = (top + base) / 2
        parts.append(
            f'<text transform="translate(11 {svg.num(mid)}) rotate(-90)" text-anchor="middle">'
            f"{escape(svg.clean(title))}</text>"
        )
    return parts


def legend(
    x: float,
    y: float,
    room: float,
    entries: Sequence[tuple[str, str]],
    columns: int,
    size: float = SMALL,
) -> tuple[list[str], float]:
    """Colour swatches with their (wrapped, tooltipped) names in ``columns`` columns from
    (``x``, ``y``): the parts and the height used; names at ``size`` pt (a phone's chart,
    shown near 1:1, needs 9)."""
    col_w = room / max(columns, 1)
    line_h = size * 1.25
    parts: list[str] = []
    height = 0.0
    for start in range(0, len(entries), columns):
        row = entries[start : start + columns]
        wrapped = [svg.wrap(name, col_w - 18, size, 2) for _, name in row]
        for i, ((colour, name), lines) in enumerate(zip(row, wrapped, strict=True)):
            cx = x + i * col_w
            parts.append(svg.rect(cx, y + height + 1, 9, 9, colour))
            parts.append(
                svg.text(
                    cx + 13,
                    y + height + size + 0.5,
                    lines,
                    full=svg.clean(name) if svg.shortened(name, lines) else None,
                    size=size,
                    line_height=line_h,
                )
            )
        height += max(len(lines) for lines in wrapped) * line_h + 4
    return parts, height


def top_risks(apps: Sequence[Mapping[str, Any]], lang: Lang, max_rules: int = 8) -> str:
    """Horizontal bars of the riskiest applications, each criterion's points stacked.

    The ``max_rules`` criteria giving the most points get their own colour, the rest are
    stacked as "other". The legend lies under the bars, two columns of full criterion titles
    (wrapped, never cut at a fixed length); application names get two lines beside their bar.
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
    series: list[tuple[str, str, set[str]]] = [
        (SERIES_COLOURS[k % len(SERIES_COLOURS)], titles[r], {r}) for k, r in enumerate(rules)
    ]
    if other:
        series.append((UNKNOWN_COLOUR, t("reports.chart.other", lang), other))
    labels_w, right = 150, 14
    left = labels_w + 6
    plot_w = WIDTH - left - right
    names = [svg.wrap(a["name"], labels_w - 6, SIZE, 2) for a in apps]
    row = 24 if any(len(n) > 1 for n in names) else 18
    stacks = [
        [sum(c["points"] for c in a["criteria"] if c["rule_id"] in ids) for _, _, ids in series]
        for a in apps
    ]
    scale = (100.0, 20.0)
    most = max((sum(p) for p in stacks), default=0)
    if most > 100:
        scale = svg.nice_max(most, 5)
    base = TOP + row * max(len(apps), 1)
    parts = x_axis(left, plot_w, TOP, base, scale, lang, t("reports.chart.points", lang))
    for i, (a, points) in enumerate(zip(apps, stacks, strict=True)):
        y = TOP + i * row
        parts.append(
            svg.label(
                labels_w, y + row / 2 + 3, a["name"], labels_w - 6, SIZE, lines=2, anchor="end"
            )
        )
        x = left
        for (colour, title, _), p in zip(series, points, strict=True):
            if p <= 0:
                continue
            w = plot_w * p / scale[0]
            what = t(
                "reports.chart.points_of",
                lang,
                app=svg.clean(a["name"]),
                criterion=svg.clean(title),
                points=number(p, lang),
            )
            parts.append(svg.rect(x, y + (row - 13) / 2, w, 13, colour, what))
            x += w
    entries = [(colour, title) for colour, title, _ in series]
    keys, key_h = legend(6, base + 36, WIDTH - 12, entries, 2)
    parts.extend(keys)
    height = base + 36 + key_h + 4
    return svg.document(WIDTH, height, t("reports.chart.top_risks", lang), "".join(parts))


def concentration(
    editors: Sequence[tuple[str, float]], groups: Sequence[tuple[str, float]], lang: Lang
) -> str:
    """Spend share of the top editors, then of the top corporate groups, on one 0–100 % scale,
    each bar's share written at its end (names get the full width of a phone's screen)."""
    labels_w, right, row = 170, 44, 17
    left = labels_w + 6
    plot_w = WIDTH - left - right
    scale = (100.0, 25.0)
    parts: list[str] = []
    y = float(TOP)
    for k, items in enumerate((editors, groups)):
        if k:  # the second panel's heading, set like the chart's title
            heading = t("reports.chart.concentration_groups", lang)
            parts.append(svg.text(6, y + 16, [heading], size=10.5, extra='font-weight="bold"'))
            y += 24
        top, base = y, y + row * max(len(items), 1)
        parts.extend(_grid(left, plot_w, top, base, scale))
        for i, (name, share) in enumerate(items):
            mid = top + i * row + row / 2
            w = plot_w * min(max(share, 0.0), 1.0)
            parts.append(svg.label(labels_w, mid + 3, name, labels_w - 6, SIZE, anchor="end"))
            shown = numbers.share(share, lang)
            what = tip(svg.clean(name), shown, lang)
            parts.append(svg.rect(left, mid - row / 2 + 3, w, row - 6, BAR_COLOUR, what))
            parts.append(svg.text(left + w + 4, mid + 3, [shown], size=SMALL))
        y = base
    parts.extend(x_axis(left, plot_w, y, y, scale, lang, t("reports.chart.spend_share_pct", lang)))
    height = y + 32
    title = t("reports.chart.concentration_editors", lang)
    return svg.document(WIDTH, height, title, "".join(parts))


def _grid(
    left: float, plot_w: float, top: float, base: float, scale: tuple[float, float]
) -> list[str]:
    """Vertical grid lines at each tick of ``scale`` and the axis line, without tick values
    (the upper panel of a chart whose values are written under the lower one)."""
    top_value, step = scale
    count = round(top_value / step)
    xs = [left + plot_w * k / count for k in range(count + 1)]
    return [*(svg.line(x, top, x, base, GRID) for x in xs), svg.line(left, top, left, base)]


def contract_calendar(decisions: Sequence[tuple[str, str]], lang: Lang, quarters: int = 12) -> str:
    """Decisions due per quarter (the first ``quarters`` quarters that have any), stacked by
    level, each bar's total above it; the level legend under the axis."""
    by_quarter: dict[str, Counter[str]] = {}
    for day, level in decisions:
        q = f"{day[:4]}-{(int(day[5:7]) - 1) // 3 + 1}"
        by_quarter.setdefault(q, Counter())[level] += 1
    keys = sorted(by_quarter)[:quarters]
    # "T3 2025" / "Q3 2025": how each language writes a quarter (sorted on "2025-3").
    ticks = [t("reports.chart.quarter", lang, year=k[:4], quarter=k[5:]) for k in keys]
    left, right, plot_h = 44, 10, 150
    plot_w = WIDTH - left - right
    base = TOP + 12 + plot_h  # room above the tallest bar for its total
    scale = svg.nice_max(max((sum(c.values()) for c in by_quarter.values()), default=0))
    parts = y_axis(left, plot_w, TOP + 12, base, scale, lang, t("reports.chart.decisions", lang))
    slot = plot_w / max(len(keys), 1)
    bar_w = min(slot * 0.7, 40)
    turned = any(svg.width(tick, SMALL) > slot - 4 for tick in ticks)
    for i, (key, tick) in enumerate(zip(keys, ticks, strict=True)):
        cx = left + slot * (i + 0.5)
        y = float(base)
        for level in LEVELS:
            n = by_quarter[key][level]
            if not n:
                continue
            h = plot_h * n / scale[0]
            what = tip(f"{tick} — {t(f'reports.level.{level}', lang)}", number(n, lang), lang)
            parts.append(svg.rect(cx - bar_w / 2, y - h, bar_w, h, LEVEL_COLOURS[level], what))
            y -= h
        total = number(sum(by_quarter[key].values()), lang)
        parts.append(svg.text(cx, y - 3, [total], anchor="middle", size=SMALL))
        if turned:
            parts.append(
                f'<text transform="translate({svg.num(cx + 3)} {svg.num(base + 10)}) '
                f'rotate(-40)" text-anchor="end" font-size="{SMALL}">{escape(tick)}</text>'
            )
        else:
            parts.append(svg.text(cx, base + 12, [tick], anchor="middle", size=SMALL))
    under = base + (
        max((svg.width(x, SMALL) for x in ticks), default=0) * 0.65 + 16 if turned else 22
    )
    entries = [(LEVEL_COLOURS[lv], t(f"reports.level.{lv}", lang)) for lv in LEVELS]
    keys_parts, key_h = legend(left, under, plot_w, entries, 5)
    parts.extend(keys_parts)
    height = under + key_h + 4
    return svg.document(WIDTH, height, t("reports.chart.calendar", lang), "".join(parts))


def format_openness(counts: Mapping[str | None, int], lang: Lang) -> str:
    """Flows per format openness class (unknown format counted apart), as horizontal bars."""
    order = [*OPENNESS_COLOURS, None]
    keys = [k for k in order if counts.get(k)] + sorted(
        k for k in counts if k not in order and k is not None
    )
    names = [
        t(f"reports.openness.{k}", lang)
        if k in OPENNESS_COLOURS
        else (t("reports.unknown", lang) if k is None else str(k))
        for k in keys
    ]
    row, labels_w, right = 22, 150, 40
    left = labels_w + 6
    plot_w = WIDTH - left - right
    top_value, _step = svg.nice_max(max((counts[k] for k in keys), default=0))
    parts = []
    for i, (k, name) in enumerate(zip(keys, names, strict=True)):
        mid = TOP + i * row + row / 2
        w = plot_w * counts[k] / top_value
        parts.append(svg.label(labels_w, mid + 3, name, labels_w - 6, SIZE, anchor="end"))
        parts.append(
            svg.rect(
                left, mid - row / 2 + 3, w, row - 6, OPENNESS_COLOURS.get(k or "", UNKNOWN_COLOUR)
            )
        )
        parts.append(svg.text(left + w + 4, mid + 3, [number(counts[k], lang)]))
    base = TOP + row * max(len(keys), 1)
    parts.append(svg.line(left, TOP, left, base))
    parts.append(
        svg.text(left + plot_w / 2, base + 18, [t("reports.sheet.flows", lang)], anchor="middle")
    )
    height = base + 26
    return svg.document(WIDTH, height, t("reports.chart.format_openness", lang), "".join(parts))


def score_distribution(scores: Sequence[float], levels: Mapping[str, float], lang: Lang) -> str:
    """Histogram of application scores in ten-point bins, bars coloured by level thresholds."""
    counts = Counter(min(int(s // 10), 9) for s in scores)
    left, right, plot_h = 44, 10, 140
    plot_w = WIDTH - left - right
    base = TOP + plot_h
    scale = svg.nice_max(max(counts.values(), default=0))
    title = t("reports.col.applications", lang)
    parts = y_axis(left, plot_w, TOP, base, scale, lang, title)
    for b in range(10):
        n = counts.get(b, 0)
        h = plot_h * n / scale[0]
        colour = LEVEL_COLOURS[_level_of(b * 10 + 5, levels)]
        what = tip(f"{b * 10}–{b * 10 + 10}", number(n, lang), lang)
        parts.append(
            svg.rect(left + plot_w * b / 10 + 2, base - h, plot_w / 10 - 4, h, colour, what)
        )
    for v in range(0, 101, 20):
        parts.append(
            svg.text(left + plot_w * v / 100, base + 12, [str(v)], anchor="middle", size=SMALL)
        )
    parts.append(svg.line(left, base, left + plot_w, base))
    parts.append(
        svg.text(left + plot_w / 2, base + 26, [t("reports.chart.score", lang)], anchor="middle")
    )
    height = base + 32
    return svg.document(WIDTH, height, t("reports.chart.score_distribution", lang), "".join(parts))
