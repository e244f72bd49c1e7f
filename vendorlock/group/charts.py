"""Group charts as inline SVG: dependency heatmap, pooled-tender calendar, editor comparison.

Written as SVG directly with :mod:`vendorlock.reports.svg`, like the audit's charts: a cell or a
bar is one ``<rect>``, so 500 members cost milliseconds where matplotlib took seconds, the group
commands never import a plotting library, and the bytes are deterministic by construction.
Member, editor and domain names come from users' inventories: escaped, and when too long for
their room wrapped between words or ended with « … », the full name in a tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from vendorlock.i18n import Lang, long_date, t, tn
from vendorlock.reports import svg
from vendorlock.reports.charts import (
    BAR_COLOUR,
    GRID,
    SIZE,
    SMALL,
    TOP,
    WIDTH,
    legend,
    ticks,
    tip,
    x_axis,
)
from vendorlock.reports.numbers import number, score

#: Largest heatmap drawn (the tables and the workbook carry everything).
HEATMAP_EDITORS = 15
HEATMAP_MEMBERS = 40
#: The "Blues" sequential scale (ColorBrewer), light to dark: a cell's shade is interpolated
#: on it by its count over the largest count drawn.
BLUES = (
    (0xF7, 0xFB, 0xFF),
    (0xDE, 0xEB, 0xF7),
    (0xC6, 0xDB, 0xEF),
    (0x9E, 0xCA, 0xE1),
    (0x6B, 0xAE, 0xD6),
    (0x42, 0x92, 0xC6),
    (0x21, 0x71, 0xB5),
    (0x08, 0x51, 0x9C),
    (0x08, 0x30, 0x6B),
)
#: Heatmap geometry, in points: member names, cell height, room of a (slanted) editor name.
_HM_LABELS, _HM_ROW, _HM_HEAD, _HM_SLANT = 200, 16, 120, 55


def shade(fraction: float) -> str:
    """The colour of ``fraction`` (0–1) of the way along :data:`BLUES`."""
    f = min(max(fraction, 0.0), 1.0) * (len(BLUES) - 1)
    i = min(int(f), len(BLUES) - 2)
    a, b = BLUES[i], BLUES[i + 1]
    r, g, bl = (round(x + (y - x) * (f - i)) for x, y in zip(a, b, strict=True))
    return f"#{r:02x}{g:02x}{bl:02x}"


def heatmap(
    matrix: Mapping[str, Any],
    member_names: Mapping[str, str],
    editor_names: Mapping[str, str],
    lang: Lang,
) -> str:
    """Members × the editors most members share, shaded by the member's application count,
    the count written in each cell.

    Editors are taken in the matrix order (most members first); members are those depending on
    the most of these editors, so the shared core shows at a glance. Editor names stand slanted
    above their column, member names beside their row (full names in tooltips when shortened).
    """
    editors = list(matrix["editors"])[:HEATMAP_EDITORS]
    counts: dict[tuple[str, str], int] = {
        (c["org_id"], c["editor_id"]): int(c["applications"]) for c in matrix["cells"]
    }
    reach = {m: sum(1 for e in editors if (m, e) in counts) for m in matrix["members"]}
    members = sorted(reach, key=lambda m: (-reach[m], m))[:HEATMAP_MEMBERS]
    most = max((counts.get((m, e), 0) for m in members for e in editors), default=0)
    unit = t("group.col.applications", lang)
    # editor names slanted above their column: the longest sets the header's height and the
    # room kept on the right; member names set the label column (both within bounds)
    heads = [svg.wrap(editor_names.get(e, e), _HM_HEAD, SMALL, 1)[0] for e in editors]
    longest = max((svg.width(h, SMALL) for h in heads), default=0.0)
    slant = math.radians(_HM_SLANT)
    names = [svg.clean(member_names.get(m, m)) for m in members]
    labels_w = min(_HM_LABELS, max((svg.width(n, SIZE) for n in names), default=0.0) + 8)
    labels_w = max(labels_w, 60.0)
    left = labels_w + 6
    right = longest * math.cos(slant) + 6
    cell = min(40.0, (WIDTH - left - right) / max(len(editors), 1))
    top = TOP + longest * math.sin(slant) + 8
    base = top + _HM_ROW * max(len(members), 1)
    parts = []
    for j, (e, head) in enumerate(zip(editors, heads, strict=True)):
        x = left + cell * (j + 0.5) - 2
        name = svg.clean(editor_names.get(e, e))
        full = f"<title>{escape(name)}</title>" if svg.shortened(name, [head]) else ""
        parts.append(
            f'<text transform="translate({svg.num(x)} {svg.num(top - 4)}) rotate(-{_HM_SLANT})" '
            f'font-size="{SMALL}">{escape(head)}{full}</text>'
        )
    for i, (m, member) in enumerate(zip(members, names, strict=True)):
        y = top + i * _HM_ROW
        parts.append(
            svg.label(labels_w, y + _HM_ROW / 2 + 3, member, labels_w - 6, SIZE, anchor="end")
        )
        for j, e in enumerate(editors):
            n = counts.get((m, e), 0)
            x = left + cell * j
            what = tip(
                f"{member} — {svg.clean(editor_names.get(e, e))} — {unit}", number(n, lang), lang
            )
            parts.append(
                svg.rect(
                    x + 0.5, y + 0.5, cell - 1, _HM_ROW - 1, shade(n / most if most else 0.0), what
                )
            )
            if n:
                ink = "#fff" if most and n / most > 0.55 else "#1a1a1a"
                parts.append(
                    svg.text(
                        x + cell / 2,
                        y + _HM_ROW / 2 + 2.5,
                        [number(n, lang)],
                        anchor="middle",
                        size=7,
                        extra=f'fill="{ink}"',
                    )
                )
    # the scale: the lightest, a middle and the darkest shade with the counts they stand for
    steps = sorted({1, max(1, round(most / 2)), most}) if most else []
    entries = [(shade(v / most), number(v, lang)) for v in steps]
    parts.append(svg.text(left, base + 14, [unit], size=SMALL))
    keys, key_h = legend(
        left + svg.width(unit, SMALL) + 8,
        base + 5,
        52 * max(len(entries), 1),
        entries,
        max(len(entries), 1),
    )
    parts.extend(keys)
    height = base + 5 + max(key_h, 14) + 4
    return svg.document(WIDTH, height, t("group.chart.heatmap", lang), "".join(parts))


#: Pool calendar geometry, in points: label column, plot margins, one row per opportunity.
_CAL_WIDTH, _CAL_LABELS, _CAL_RIGHT, _CAL_TOP, _CAL_ROW, _CAL_AXIS = 576, 246, 14, 26, 20, 40
#: At most this many quarter ticks on the time axis (more quarters: every second, third…).
_CAL_TICKS = 8
#: At most this many opportunities per calendar chart: more make several charts, so none is
#: a figure taller than a screen (57 pools drew one chart 1,548 pt tall).
CAL_ROWS = 20
#: The tallest calendar chart printed whole under its section heading: the calendar's section
#: prints on landscape A4 pages (210 mm less 22 mm of margins: 533 pt), less the heading and
#: the figure's margins. A taller chart is moved to the next page, the heading left alone, and
#: still cut by the page edge; rows of two lines (26 pt) so put fewer rows in each chart.
_CAL_PAGE = 470


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _add_quarters(day: date, n: int) -> date:
    months = day.year * 12 + day.month - 1 + 3 * n
    return date(months // 12, months % 12 + 1, 1)


@dataclass(frozen=True)
class _PoolRow:
    """One opportunity as the calendar draws it: its name in words, that name's lines, its
    window and the distinct decision dates of its members."""

    text: str
    lines: tuple[str, ...]
    name: str
    tail: str
    start: date
    end: date
    days: tuple[date, ...]

    def window(self, lang: Lang) -> str:
        """Its bar's tooltip: the opportunity and its window, dates in words."""
        return t(
            "group.chart.pool_window",
            lang,
            row=self.text,
            start=long_date(self.start, lang),
            end=long_date(self.end, lang),
        )


@dataclass(frozen=True)
class _TimeAxis:
    """The quarters every chart of a calendar shares: the first, how many, one tick in
    ``step``."""

    first: date
    quarters: int
    step: int


def pool_calendars(
    opportunities: Sequence[Mapping[str, Any]],
    lang: Lang,
    domains: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The pooled-tender calendar: one row per opportunity, its window as a bar and each
    member's decision date as a dot, in the order given.

    Rows are named by their domain in ``lang`` and their member count ("Cimetières — 4
    membres"), not by the opportunity id; ``domains`` maps domain ids to labels (by default the
    shipped registries' labels). Many opportunities make several charts of at most
    :data:`CAL_ROWS` rows, as many in each as can be, each short enough to print whole on a
    page (:data:`_CAL_PAGE`) and titled « (1/3) », « (2/3) »…; they share one time axis over
    whole quarters, ticked "T1 2026", drawn under each, so a bar's place compares across them.
    """
    return tuple(wide for wide, _phone in pool_calendar_pairs(opportunities, lang, domains))


def pool_calendar_pairs(
    opportunities: Sequence[Mapping[str, Any]],
    lang: Lang,
    domains: Mapping[str, str] | None = None,
) -> tuple[tuple[str, str], ...]:
    """Each chart of :func:`pool_calendars` with the same rows drawn for a phone's screen.

    The printed and wide-screen chart keeps names left of their bars (a row reads across the
    page); scaled down to a 390 px screen its names would be 5 px high, and panned in its box
    they hid the bars. The phone's chart, 340 pt wide, sets each name on its own line above a
    bar as wide as the screen, fewer ticks under the same time axis: its text is as large as
    the page's at full width. The page shows one or the other (CSS), never both.
    """
    if domains is None:
        from vendorlock.registry.load import load_registries

        domains = {d: e.label(lang) for d, e in load_registries().domains.items()}
    room = _CAL_LABELS - 8
    rows = []
    for opp in opportunities:
        name = svg.clean(domains.get(opp["domain"], opp["domain"]))
        count = opp["member_count"]
        # « — 3 membres » is never broken nor dropped: a domain too long gives way
        head, _, tail = tn("group.chart.pool_row", count, lang, domain="\0").partition("\0")
        rows.append(
            _PoolRow(
                tn("group.chart.pool_row", count, lang, domain=name),
                tuple(svg.wrap_keeping(head + name, tail, room, SIZE, 2)),
                head + name,
                tail,
                date.fromisoformat(opp["window_start"]),
                date.fromisoformat(opp["window_end"]),
                tuple(sorted({date.fromisoformat(m["decision_date"]) for m in opp["members"]})),
            )
        )
    row_h = 26 if any(len(r.lines) > 1 for r in rows) else _CAL_ROW
    everything = [d for r in rows for d in (r.start, r.end, *r.days)] or [date(2000, 1, 1)]
    first = _quarter_start(min(everything))
    quarters = _months_between(first, max(everything)) // 3 + 1
    step = max(1, math.ceil(quarters / _CAL_TICKS))
    axis = _TimeAxis(first, math.ceil(quarters / step) * step, step)
    fits = min(CAL_ROWS, (_CAL_PAGE - _CAL_TOP - _CAL_AXIS) // row_h)
    parts = max(1, math.ceil(len(rows) / fits))
    # as even as can be (57 rows: 15, 14, 14, 14), the longer charts first
    size, longer = divmod(len(rows), parts)
    cuts = [k * size + min(k, longer) for k in range(parts + 1)]
    out = []
    for k in range(parts):
        title = (
            t("group.chart.pool_calendar", lang)
            if parts == 1
            else t("group.chart.pool_calendar_part", lang, part=k + 1, parts=parts)
        )
        some = rows[cuts[k] : cuts[k + 1]]
        wide = _pool_chart(some, row_h, axis, title, lang)
        out.append((wide, _pool_phone(some, axis, title, lang)))
    return tuple(out)


#: The phone's calendar, in points: its width (shown at 100 % of a 366 px column: about 1.08 px
#: a point, so 9 pt labels are 9.7 px), the plot's side margins (the first tick's quarter is
#: centred on the left edge: half of « T4 2026 » must fit), at most this many labelled ticks.
_PHONE_WIDTH, _PHONE_LEFT, _PHONE_RIGHT, _PHONE_TICKS = 340, 20, 14, 4
#: The bold title's font size, and how much wider bold DejaVu Sans runs than the regular
#: widths :func:`svg.width` measures.
_TITLE_SIZE, _BOLD = 10.5, 1.12


def _pool_phone(rows: Sequence[_PoolRow], axis: _TimeAxis, title: str, lang: Lang) -> str:
    """One chart of the calendar for a phone: each name on its own line(s) above its bar."""
    plot_w = _PHONE_WIDTH - _PHONE_LEFT - _PHONE_RIGHT
    room = _PHONE_WIDTH - 6 - _PHONE_RIGHT  # names start at the title's margin
    heads = svg.wrap(title, (_PHONE_WIDTH - 12) / _BOLD, _TITLE_SIZE, 3)
    top = 14 + 13 * len(heads)
    last = _add_quarters(axis.first, axis.quarters)
    x0, span = axis.first.toordinal(), last.toordinal() - axis.first.toordinal()

    def x(day: date) -> float:
        return _PHONE_LEFT + plot_w * (day.toordinal() - x0) / span

    line_h = 10.8
    body: list[str] = []
    y = float(top)
    for row in rows:
        lines = svg.wrap_keeping(row.name, row.tail, room, SIZE, 2)
        body.append(
            svg.text(
                6,
                y + SIZE,
                lines,
                full=row.text if svg.shortened(row.text, lines) else None,
                line_height=line_h,
            )
        )
        bar = y + line_h * len(lines) + 2
        left = x(row.start)
        period = row.window(lang)
        body.append(svg.rect(left, bar, max(x(row.end) - left, 3.0), 10, "#9ecae1", period))
        body.extend(
            f'<circle cx="{svg.num(x(d))}" cy="{svg.num(bar + 5)}" r="3" fill="#08519c"/>'
            for d in row.days
        )
        y = bar + 10 + 8
    base = y
    labelled = axis.step * max(1, math.ceil(axis.quarters / axis.step / _PHONE_TICKS))
    grid: list[str] = []
    for q in range(0, axis.quarters + 1, axis.step):
        tick = _add_quarters(axis.first, q)
        grid.append(svg.line(x(tick), top, x(tick), base, GRID))
        if q % labelled == 0 and q < axis.quarters:
            quarter = (tick.month - 1) // 3 + 1
            word = t("reports.chart.quarter", lang, year=tick.year, quarter=quarter)
            # 9 pt like the names: SMALL is 8.6 px on a phone
            grid.append(svg.text(x(tick), base + 12, [word], anchor="middle"))
    grid.append(svg.line(_PHONE_LEFT, base, _PHONE_LEFT + plot_w, base))
    grid.append(
        svg.text(
            _PHONE_LEFT + plot_w / 2,
            base + 27,
            [t("group.chart.decision_dates", lang)],
            anchor="middle",
        )
    )
    height = base + 33
    return svg.document(
        _PHONE_WIDTH, height, title, "".join(grid) + "".join(body), title_lines=heads
    )


def _pool_chart(
    rows: Sequence[_PoolRow], row_h: int, axis: _TimeAxis, title: str, lang: Lang
) -> str:
    """One chart of the calendar: ``rows`` over the shared time ``axis``."""
    last = _add_quarters(axis.first, axis.quarters)
    x0, span = axis.first.toordinal(), last.toordinal() - axis.first.toordinal()
    plot_w = _CAL_WIDTH - _CAL_LABELS - _CAL_RIGHT
    base = _CAL_TOP + row_h * max(len(rows), 1)
    height = base + _CAL_AXIS

    def x(day: date) -> float:
        return _CAL_LABELS + plot_w * (day.toordinal() - x0) / span

    parts = []
    for q in range(0, axis.quarters + 1, axis.step):
        tick = _add_quarters(axis.first, q)
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{_CAL_TOP}" y2="{base}" stroke="#e6e6e6"/>'
        )
        if q < axis.quarters:
            quarter = (tick.month - 1) // 3 + 1
            word = t("reports.chart.quarter", lang, year=tick.year, quarter=quarter)
            parts.append(
                f'<text x="{tx:.1f}" y="{base + 13}" text-anchor="middle" font-size="{SMALL}">'
                f"{escape(word)}</text>"
            )
    for i, row in enumerate(rows):
        y = _CAL_TOP + i * row_h
        mid = y + row_h / 2
        left = x(row.start)
        width = max(x(row.end) - left, 3.0)
        period = row.window(lang)
        parts.append(
            svg.text(
                _CAL_LABELS - 6,
                mid + 3 - 5.4 * (len(row.lines) - 1),
                row.lines,
                full=row.text if svg.shortened(row.text, row.lines) else None,
                anchor="end",
                line_height=10.8,
            )
        )
        parts.append(svg.rect(left, mid - 6, width, 12, "#9ecae1", period))
        parts.extend(
            f'<circle cx="{svg.num(x(d))}" cy="{svg.num(mid)}" r="3" fill="#08519c"/>'
            for d in row.days
        )
    parts.append(
        f'<line x1="{_CAL_LABELS}" x2="{_CAL_LABELS + plot_w}" y1="{base}" y2="{base}" '
        'stroke="#333"/>'
        f'<text x="{_CAL_LABELS + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">'
        f"{escape(t('group.chart.decision_dates', lang))}</text>"
    )
    return svg.document(_CAL_WIDTH, height, title, "".join(parts))


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _comparison_series(lang: Lang) -> tuple[tuple[str, str, str], ...]:
    """The two bars of each editor: (row key, colour, localised name)."""
    return (
        ("average_score", BAR_COLOUR, t("group.col.average_score", lang)),
        ("worst_score", "#d64545", t("group.col.worst_score", lang)),
    )


def editor_comparison_pair(rows: Sequence[Mapping[str, Any]], lang: Lang) -> tuple[str, str]:
    """:func:`editor_comparison` and the same editors drawn for a phone's screen.

    Scaled to a 390 px screen the page's chart (names left of the bars) would set its text
    at 5 px; panned in a 560 px box it hid the bars' right half and the second legend entry.
    The phone's chart, :data:`_PHONE_WIDTH` pt wide like the pool calendar's, sets each
    editor's name on its own line above its two bars, which take the screen's width, their
    values and the axis at 9 pt (about 9.7 px)."""
    return editor_comparison(rows, lang), _comparison_phone(rows, lang)


def _comparison_phone(rows: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    used = [r for r in rows if r["in_use"]]
    title = t("group.chart.compare", lang)
    heads = svg.wrap(title, (_PHONE_WIDTH - 12) / _BOLD, _TITLE_SIZE, 3)
    left, right, bar, line_h = 6.0, 30.0, 11.0, 10.8
    plot_w = _PHONE_WIDTH - left - right
    room = _PHONE_WIDTH - 12
    top = 14 + 13 * len(heads)
    series = _comparison_series(lang)
    body: list[str] = []
    y = float(top)
    for r in used:
        name = f"{svg.clean(r['name'])} ({r['members']})"
        lines = svg.wrap_keeping(svg.clean(r["name"]), f" ({r['members']})", room, SIZE, 2)
        full = name if svg.shortened(name, lines) else None
        body.append(svg.text(left, y + SIZE, lines, full=full, line_height=line_h))
        by = y + line_h * len(lines) + 2
        for k, (key, colour, label) in enumerate(series):
            value = r[key]
            w = plot_w * min(max(float(value or 0), 0.0), 100.0) / 100
            shown = score(value, lang)
            top_k = by + k * (bar + 1)
            hint = tip(f"{name} — {label}", shown, lang)
            body.append(svg.rect(left, top_k, w, bar, colour, hint))
            body.append(svg.text(left + w + 3, top_k + bar - 2, [shown]))
        y = by + 2 * (bar + 1) + 8
    base = y
    grid = [
        svg.line(left + plot_w * share, top, left + plot_w * share, base, GRID)
        for share, _value in ticks((100.0, 25.0))
    ]
    grid += [
        svg.text(left + plot_w * share, base + 12, [number(value, lang)], anchor="middle")
        for share, value in ticks((100.0, 25.0))
        if share < 1  # « 100 » centred on the right edge would be cut
    ]
    # no dark axis line at the left edge: it would cross the names' first letters
    keys, key_h = legend(left, base + 20, plot_w, [(c, n) for _, c, n in series], 2, SIZE)
    height = base + 20 + key_h + 4
    return svg.document(
        _PHONE_WIDTH,
        height,
        title,
        "".join(grid) + "".join(body) + "".join(keys),
        title_lines=heads,
    )


def editor_comparison(rows: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    """Average and worst lock-in score per editor in use, two bars each, values at their end."""
    used = [r for r in rows if r["in_use"]]
    labels_w, right, row, bar = 170, 30, 28, 10
    left = labels_w + 6
    plot_w = WIDTH - left - right
    base = TOP + row * max(len(used), 1)
    scale = (100.0, 20.0)
    parts = x_axis(left, plot_w, TOP, base, scale, lang)
    series = _comparison_series(lang)
    for i, r in enumerate(used):
        y = TOP + i * row
        name = f"{svg.clean(r['name'])} ({r['members']})"
        lines = svg.wrap_keeping(svg.clean(r["name"]), f" ({r['members']})", labels_w - 6, SIZE)
        parts.append(
            svg.text(
                labels_w,
                y + row / 2 + 3 - 5.4 * (len(lines) - 1),
                lines,
                full=name if svg.shortened(name, lines) else None,
                anchor="end",
                line_height=10.8,
            )
        )
        for k, (key, colour, title) in enumerate(series):
            value = r[key]
            by = y + row / 2 - bar - 0.5 + k * (bar + 1)
            w = plot_w * min(max(float(value or 0), 0.0), 100.0) / 100
            shown = score(value, lang)
            parts.append(svg.rect(left, by, w, bar, colour, tip(f"{name} — {title}", shown, lang)))
            parts.append(svg.text(left + w + 3, by + bar - 2, [shown], size=7))
    keys, key_h = legend(left, base + 20, plot_w, [(c, title) for _, c, title in series], 2)
    parts.extend(keys)
    height = base + 20 + key_h + 4
    return svg.document(WIDTH, height, t("group.chart.compare", lang), "".join(parts))
