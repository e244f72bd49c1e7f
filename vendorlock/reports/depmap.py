"""The dependency map: a hand-laid SVG of applications grouped by organisation and domain.

matplotlib or a force layout would be slower and far less legible at 50–200 applications;
here each organisation is a band, each domain a column of application boxes coloured by level,
national platforms (and unresolved targets) a column on the right, and flows curves coloured by
the openness of their format. Above ``max_apps`` the riskiest applications are kept and the
caller shows a note. Every text is escaped; full names sit in ``<title>`` tooltips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from vendorlock.reports.cells import short

BOX_W, BOX_H, GAP, COL_W, BAND_HEAD, MARGIN = 190, 20, 6, 215, 26, 10
LEVEL_FILL = {"low": "#d8f0dc", "medium": "#fff1bf", "high": "#fbd9bd", "critical": "#f7c3c3"}
EDGE_COLOURS = {
    "open_standard": "#2e7d32",
    "open_specification": "#66bb6a",
    "documented_proprietary": "#f2994a",
    "closed_proprietary": "#d64545",
}


@dataclass(frozen=True)
class DepMap:
    """The SVG and how many applications it shows out of how many."""

    svg: str
    shown: int
    total: int


def _box(x: float, y: float, text: str, title: str, fill: str, cls: str) -> str:
    return (
        f'<g class="{cls}"><title>{escape(title)}</title>'
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="3" fill="{fill}" '
        'stroke="#666" stroke-width="0.6"/>'
        f'<text x="{x + 5}" y="{y + 14}" font-size="11">{escape(short(text, 30))}</text></g>'
    )


def dependency_map(
    apps: Sequence[Mapping[str, Any]],
    flows: Sequence[Mapping[str, Any]],
    org_names: Mapping[str, str],
    max_apps: int = 150,
) -> DepMap:
    """Lay out ``apps`` (at most ``max_apps``, riskiest first) and the flows between them."""
    chosen = sorted(apps, key=lambda a: (-a["score"], a["org_id"], a["app_id"]))[:max_apps]
    keys = {(a["org_id"], a["app_id"]) for a in chosen}
    pos: dict[tuple[str, str], tuple[float, float]] = {}
    parts: list[str] = []
    y = MARGIN
    max_cols = 1
    labels = {a["domain"]: a.get("domain_label") or a["domain"] for a in chosen}
    for org in sorted({a["org_id"] for a in chosen}):
        org_apps = [a for a in chosen if a["org_id"] == org]
        domains = sorted({a["domain"] for a in org_apps})
        max_cols = max(max_cols, len(domains))
        parts.append(
            f'<text x="{MARGIN}" y="{y + 16}" font-size="13" font-weight="bold">'
            f"{escape(short(org_names.get(org, org), 80))}</text>"
        )
        top = y + BAND_HEAD
        height = 0
        for ci, domain in enumerate(domains):
            x = MARGIN + ci * COL_W
            parts.append(
                f'<text x="{x}" y="{top + 12}" font-size="11" fill="#555">'
                f"{escape(short(labels.get(domain, domain), 30))}</text>"
            )
            col = sorted(
                (a for a in org_apps if a["domain"] == domain),
                key=lambda a: (-a["score"], a["app_id"]),
            )
            for ri, a in enumerate(col):
                by = top + 18 + ri * (BOX_H + GAP)
                pos[(org, a["app_id"])] = (x, by)
                title = f"{a['name']} — {a.get('editor') or ''} — {a['score']:g}"
                parts.append(
                    _box(x, by, a["name"], title, LEVEL_FILL.get(a["level"], "#eee"), "app")
                )
            height = max(height, 18 + len(col) * (BOX_H + GAP))
        y = top + height + 2 * GAP
        parts.append(
            f'<line x1="{MARGIN}" x2="{MARGIN + max_cols * COL_W}" y1="{y - GAP}" '
            f'y2="{y - GAP}" stroke="#ccc"/>'
        )
    plat_x = MARGIN + max_cols * COL_W + 40
    shown_flows = [
        f
        for f in flows
        if (f["org_id"], f["source"]) in keys
        and (f["target_kind"] != "application" or (f["org_id"], f["target"]) in keys)
    ]
    platforms = sorted(
        {
            (f["target"], f.get("target_name") or f["target"])
            for f in shown_flows
            if f["target_kind"] != "application"
        }
    )
    plat_pos: dict[str, tuple[float, float]] = {}
    for i, (pid, pname) in enumerate(platforms):
        py = MARGIN + BAND_HEAD + i * (BOX_H + GAP)
        plat_pos[pid] = (plat_x, py)
        parts.append(_box(plat_x, py, pname, pname, "#e3ecfa", "platform"))
    edges = []
    for f in shown_flows:
        sx, sy = pos[(f["org_id"], f["source"])]
        if f["target_kind"] == "application":
            tx, ty = pos[(f["org_id"], f["target"])]
        else:
            tx, ty = plat_pos[f["target"]]
        x1, y1 = (sx + BOX_W, sy + BOX_H / 2) if tx > sx else (sx, sy + BOX_H / 2)
        x2, y2 = (tx, ty + BOX_H / 2) if tx > sx else (tx + BOX_W, ty + BOX_H / 2)
        if tx == sx:  # same column: loop out to the right
            x1, x2 = sx + BOX_W, tx + BOX_W
        bend = max(abs(x2 - x1) / 2, 40)
        c1 = x1 + bend if x2 >= x1 or tx == sx else x1 - bend
        c2 = x2 - bend if x2 > x1 else x2 + bend
        colour = EDGE_COLOURS.get(f.get("format_openness") or "", "#9e9e9e")
        tip = " · ".join(
            str(v)
            for v in (f.get("data"), f.get("format"), f.get("standard"), f.get("protocol"))
            if v
        )
        edges.append(
            f'<path d="M{x1:.0f},{y1:.0f} C{c1:.0f},{y1:.0f} {c2:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" '
            f'stroke="{colour}" fill="none" stroke-width="1.2" opacity="0.65">'
            f"<title>{escape(tip)}</title></path>"
        )
    width = plat_x + BOX_W + MARGIN
    height = max(y, MARGIN + BAND_HEAD + len(platforms) * (BOX_H + GAP)) + MARGIN
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="depmap" width="{width}" '
        f'height="{height:.0f}" viewBox="0 0 {width} {height:.0f}" font-family="sans-serif">'
        + "".join(edges)
        + "".join(parts)
        + "</svg>"
    )
    return DepMap(svg, len(chosen), len(apps))
