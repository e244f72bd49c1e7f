"""Group charts as inline SVG: dependency heatmap, pooled-tender calendar, editor comparison.

Drawn like the audit's charts (:mod:`vendorlock.reports.charts`: matplotlib's SVG canvas, fixed
hash salt, no metadata date, labels cut and ``$`` escaped), so two runs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from vendorlock.i18n import Lang, t
from vendorlock.reports.charts import label, to_svg

#: Largest heatmap drawn (the tables and the workbook carry everything).
HEATMAP_EDITORS = 15
HEATMAP_MEMBERS = 40
_RC: Any = {"svg.hashsalt": "vendorlock", "svg.fonttype": "none", "font.size": 8}


def _figure(width: float, height: float) -> Figure:
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


def pool_calendar(opportunities: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    """One row per opportunity: its window as a bar and each member's decision date as a dot."""
    fig = _figure(8.0, 1.2 + 0.35 * max(len(opportunities), 1))
    with matplotlib.rc_context(_RC):
        ax = fig.add_axes((0.28, 0.18, 0.68, 0.7))
        for y, opp in enumerate(opportunities):
            start = date.fromisoformat(opp["window_start"]).toordinal()
            end = date.fromisoformat(opp["window_end"]).toordinal()
            ax.barh(y, max(end - start, 10), left=start, height=0.5, color="#9ecae1")
            days = [date.fromisoformat(m["decision_date"]).toordinal() for m in opp["members"]]
            ax.plot(days, [y] * len(days), "o", color="#08519c", markersize=4)
        ax.set_yticks(
            range(len(opportunities)),
            [label(f"{o['id']} ({o['member_count']})", 30) for o in opportunities],
        )
        ax.invert_yaxis()
        ticks = ax.get_xticks()
        ax.set_xticks(ticks, [date.fromordinal(max(1, int(x))).isoformat()[:7] for x in ticks])
        ax.set_xlabel(t("group.chart.decision_dates", lang))
        ax.set_title(t("group.chart.pool_calendar", lang), loc="left")
    return to_svg(fig)


def editor_comparison(rows: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    """Average and worst lock-in score per editor (editors in use), side by side."""
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
