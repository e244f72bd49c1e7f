"""Group charts as inline SVG: dependency heatmap, pooled-tender calendar, editor comparison.

The heatmap and the editor comparison are drawn like the audit's charts
(:mod:`vendorlock.reports.charts`: matplotlib's SVG canvas, fixed hash salt, no metadata date,
labels cut and ``$`` escaped), so two runs give the same bytes. The pool calendar is a bar per
opportunity and a dot per decision: written as SVG directly it costs milliseconds where
matplotlib took seconds on 500 members (one patch and one marker path per row), and it is
deterministic by construction. matplotlib is imported only by the charts that need it, so the
pool command never loads it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from vendorlock.i18n import Lang, long_date, t, tn
from vendorlock.reports.cells import short

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Largest heatmap drawn (the tables and the workbook carry everything).
HEATMAP_EDITORS = 15
HEATMAP_MEMBERS = 40
_RC: Any = {"svg.hashsalt": "vendorlock", "svg.fonttype": "none", "font.size": 8}


def _figure(width: float, height: float) -> Figure:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        return Figure(figsize=(width, height), dpi=72, layout=None)


def heatmap(
    matrix: Mapping[str, Any],
    member_names: Mapping[str, str],
    editor_names: Mapping[str, str],
    lang: Lang,
) -> str:
    """Members × the editors most members share, shaded by the member's application count.

    Editors are taken in the matrix order (most members first); members are those depending on
    the most of these editors, so the shared core shows at a glance.
    """
    import matplotlib

    from vendorlock.reports.charts import label, to_svg

    editors = list(matrix["editors"])[:HEATMAP_EDITORS]
    counts: dict[tuple[str, str], int] = {
        (c["org_id"], c["editor_id"]): int(c["applications"]) for c in matrix["cells"]
    }
    reach = {m: sum(1 for e in editors if (m, e) in counts) for m in matrix["members"]}
    members = sorted(reach, key=lambda m: (-reach[m], m))[:HEATMAP_MEMBERS]
    grid = [[counts.get((m, e), 0) for e in editors] for m in members]
    width = 3.4 + 0.45 * max(len(editors), 1)
    height = 2.0 + 0.22 * max(len(members), 1)  # 1.5 in under the grid for the editor names
    fig = _figure(width, height)
    with matplotlib.rc_context(_RC):
        ax = fig.add_axes((2.2 / width, 1.5 / height, 1 - 3.0 / width, 1 - 1.9 / height))
        if grid and editors:
            image = ax.imshow(grid, aspect="auto", cmap="Blues", vmin=0, interpolation="nearest")
            fig.colorbar(image, ax=ax, fraction=0.05, pad=0.02).set_label(
                t("group.col.applications", lang)
            )
        ax.set_xticks(
            range(len(editors)),
            [label(editor_names.get(e, e), 22) for e in editors],
            rotation=60,
            ha="right",
        )
        ax.set_yticks(range(len(members)), [label(member_names.get(m, m), 28) for m in members])
        ax.set_title(t("group.chart.heatmap", lang), loc="left")
    return to_svg(fig)


_SVG_FONT = 'font-family="DejaVu Sans, sans-serif"'
_CONTROL = re.compile("[\x00-\x1f\x7f]")
#: Pool calendar geometry, in points: label column, plot margins, one row per opportunity.
_CAL_WIDTH, _CAL_LABELS, _CAL_RIGHT, _CAL_TOP, _CAL_ROW, _CAL_AXIS = 576, 246, 14, 26, 20, 40
#: At most this many quarter ticks on the time axis (more quarters: every second, third…).
_CAL_TICKS = 8


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _add_quarters(day: date, n: int) -> date:
    months = day.year * 12 + day.month - 1 + 3 * n
    return date(months // 12, months % 12 + 1, 1)


def pool_calendar(
    opportunities: Sequence[Mapping[str, Any]],
    lang: Lang,
    domains: Mapping[str, str] | None = None,
) -> str:
    """One row per opportunity: its window as a bar and each member's decision date as a dot.

    Rows are named by their domain in ``lang`` and their member count ("Cimetières — 4
    membres"), not by the opportunity id; ``domains`` maps domain ids to labels (by default the
    shipped registries' labels). The time axis runs over whole quarters, ticked "T1 2026".
    """
    if domains is None:
        from vendorlock.registry.load import load_registries

        domains = {d: e.label(lang) for d, e in load_registries().domains.items()}
    rows = []
    for opp in opportunities:
        start = date.fromisoformat(opp["window_start"])
        end = date.fromisoformat(opp["window_end"])
        days = sorted({date.fromisoformat(m["decision_date"]) for m in opp["members"]})
        name = domains.get(opp["domain"], opp["domain"])
        text = tn(
            "group.chart.pool_row",
            opp["member_count"],
            lang,
            domain=_CONTROL.sub(" ", short(name, 27)),
        )
        rows.append((text, start, end, days))
    everything = [d for _, s, e, days in rows for d in (s, e, *days)] or [date(2000, 1, 1)]
    first = _quarter_start(min(everything))
    quarters = _months_between(first, max(everything)) // 3 + 1
    step = max(1, math.ceil(quarters / _CAL_TICKS))
    quarters = math.ceil(quarters / step) * step
    last = _add_quarters(first, quarters)
    x0, span = first.toordinal(), last.toordinal() - first.toordinal()
    plot_w = _CAL_WIDTH - _CAL_LABELS - _CAL_RIGHT
    base = _CAL_TOP + _CAL_ROW * max(len(rows), 1)
    height = base + _CAL_AXIS

    def x(day: date) -> float:
        return _CAL_LABELS + plot_w * (day.toordinal() - x0) / span

    parts = []
    for q in range(0, quarters + 1, step):
        tick = _add_quarters(first, q)
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{_CAL_TOP}" y2="{base}" stroke="#e6e6e6"/>'
        )
        if q < quarters:
            quarter = (tick.month - 1) // 3 + 1
            word = t("reports.chart.quarter", lang, year=tick.year, quarter=quarter)
            parts.append(
                f'<text x="{tx:.1f}" y="{base + 13}" text-anchor="middle">{escape(word)}</text>'
            )
    for i, (text, start, end, days) in enumerate(rows):
        y = _CAL_TOP + i * _CAL_ROW
        left = x(start)
        width = max(x(end) - left, 3.0)
        period = t(
            "group.chart.pool_window",
            lang,
            row=text,
            start=long_date(start, lang),
            end=long_date(end, lang),
        )
        parts.append(
            f'<text x="{_CAL_LABELS - 6}" y="{y + 14}" text-anchor="end">{escape(text)}</text>'
            f'<rect x="{left:.1f}" y="{y + 4}" width="{width:.1f}" height="{_CAL_ROW - 8}" '
            f'fill="#9ecae1"><title>{escape(period)}</title></rect>'
        )
        parts.extend(
            f'<circle cx="{x(d):.1f}" cy="{y + _CAL_ROW / 2}" r="3" fill="#08519c"/>' for d in days
        )
    parts.append(
        f'<line x1="{_CAL_LABELS}" x2="{_CAL_LABELS + plot_w}" y1="{base}" y2="{base}" '
        'stroke="#333"/>'
        f'<text x="{_CAL_LABELS + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">'
        f"{escape(t('group.chart.decision_dates', lang))}</text>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_CAL_WIDTH}pt" height="{height}pt" '
        f'viewBox="0 0 {_CAL_WIDTH} {height}" {_SVG_FONT} font-size="9" role="img">'
        f'<text x="6" y="14" font-size="10.5">'
        f"{escape(t('group.chart.pool_calendar', lang))}</text>{''.join(parts)}</svg>"
    )


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def editor_comparison(rows: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    """Average and worst lock-in score per editor (editors in use), side by side."""
    import matplotlib

    from vendorlock.reports.charts import label, to_svg

    used = [r for r in rows if r["in_use"]]
    fig = _figure(7.0, 1.0 + 0.35 * max(len(used), 1))
    with matplotlib.rc_context(_RC):
        ax = fig.add_axes((0.3, 0.15, 0.6, 0.72))
        y = list(range(len(used)))
        ax.barh(
            [v - 0.18 for v in y],
            [r["average_score"] for r in used],
            height=0.35,
            color="#4472c4",
            label=t("group.col.average_score", lang),
        )
        ax.barh(
            [v + 0.18 for v in y],
            [r["worst_score"] for r in used],
            height=0.35,
            color="#d64545",
            label=t("group.col.worst_score", lang),
        )
        ax.set_yticks(y, [label(f"{r['name']} ({r['members']})", 30) for r in used])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.legend(loc="lower right", fontsize=7, frameon=False)
        ax.set_title(t("group.chart.compare", lang), loc="left")
    return to_svg(fig)
