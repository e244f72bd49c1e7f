"""The dependency map, drawn to answer "who holds us": applications grouped by editor.

Each corporate group is a band (its editors under it when it has several), each editor a row:
its name, how many applications and organisations depend on it and what they spend a year,
then one box per application coloured by level. Groups and editors come worst exposure first
(applications, then spend). The overview draws small unnamed squares so a 600-application
structure fits one page; the per-organisation maps draw named boxes. Every SVG has a fixed
``viewBox`` width and scales to its container (and to the printed page); full names, scores and
flows sit in ``<title>`` tooltips, so the map needs no script and no network. Flows between
applications are listed in the flows table: drawn as curves they crossed every row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.reports.cells import short
from vendorlock.reports.numbers import money, score
from vendorlock.reports.overview import counted

WIDTH = 1000
LABEL_W = 300
MARGIN = 8
ROW_GAP = 8
GROUP_HEAD = 22
SQUARE, SQUARE_GAP = 13, 3
BOX_W, BOX_H, BOX_GAP = 170, 20, 5
LEVEL_FILL = {
    "low": "#63be7b",
    "medium": "#f2c94c",
    "high": "#f2994a",
    "critical": "#d64545",
    "insufficient_data": "#bdbdbd",
}
NAMED_FILL = {
    "low": "#d8f0dc",
    "medium": "#fff1bf",
    "high": "#fbd9bd",
    "critical": "#f7c3c3",
    "insufficient_data": "#eeeeee",
}


@dataclass(frozen=True)
class DepMap:
    """The SVG and how many applications it shows out of how many."""

    svg: str
    shown: int
    total: int


@dataclass(frozen=True)
class _Editor:
    name: str
    group: str
    apps: tuple[Mapping[str, Any], ...]
    spend: float
    organisations: int


def _editors(apps: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[_Editor]]]:
    """Groups with their editors, most applications (then spend) first; ties by name."""
    by_editor: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for a in apps:
        editor = str(a.get("editor") or "?")
        group = str(a.get("group") or editor)
        by_editor[(group, editor)].append(a)
    groups: dict[str, list[_Editor]] = defaultdict(list)
    for (group, editor), members in by_editor.items():
        ordered = sorted(members, key=lambda a: (-a["score"], a["org_id"], a["app_id"]))
        groups[group].append(
            _Editor(
                name=editor,
                group=group,
                apps=tuple(ordered),
                spend=sum(float(a.get("annual_cost") or 0.0) for a in members),
                organisations=len({a["org_id"] for a in members}),
            )
        )

    def weight(eds: Sequence[_Editor]) -> tuple[int, float]:
        return (-sum(len(e.apps) for e in eds), -sum(e.spend for e in eds))

    for eds in groups.values():
        eds.sort(key=lambda e: (*weight([e]), e.name))
    return sorted(groups.items(), key=lambda g: (*weight(g[1]), g[0]))


class _Tips:
    """The tooltip of each application box: its name, organisation, score and level, flows.
    A map draws up to 2,000 boxes that share a few levels, scores and flow counts: each of
    those texts is written once (a catalogue lookup and a number format per box were most of
    the map's time)."""

    def __init__(self, org_names: Mapping[str, str], flows: Counter[Any], lang: Lang) -> None:
        self.org_names, self.flows, self.lang = org_names, flows, lang
        self.levels: dict[str, str] = {}
        self.scores: dict[Any, str] = {}
        self.counts: dict[int, str] = {}

    def __call__(self, a: Mapping[str, Any]) -> str:
        lang = self.lang
        level, value = a["level"], a["score"]
        if (shown := self.levels.get(level)) is None:
            shown = self.levels[level] = t("reports.level." + level, lang)
        key = (type(value), repr(value))  # 0.0 and -0.0 apart
        if (points := self.scores.get(key)) is None:
            points = self.scores[key] = score(value, lang, scale=True)
        org = self.org_names.get(a["org_id"], a["org_id"])
        parts = [str(a["name"]), str(org), f"{points} ({shown})"]
        n = self.flows.get((a["org_id"], a["app_id"]), 0)
        if n:
            if (said := self.counts.get(n)) is None:
                said = self.counts[n] = t("reports.map.flows", lang, n=n)
            parts.append(said)
        return " — ".join(parts)


def _editor_label(e: _Editor, lang: Lang) -> str:
    text = t(
        "reports.map.editor_line",
        lang,
        apps=counted(len(e.apps), "applications", lang),
        orgs=counted(e.organisations, "organisations", lang),
    )
    spend = money(e.spend, lang) if e.spend else ""
    return f"{text} · {spend}" if spend else text


def dependency_map(
    apps: Sequence[Mapping[str, Any]],
    flows: Sequence[Mapping[str, Any]],
    org_names: Mapping[str, str],
    max_apps: int = 2_000,
    *,
    named: bool = False,
    lang: Lang = Lang.EN,
) -> DepMap:
    """The editor map of ``apps`` (at most ``max_apps``, riskiest first).

    ``named`` draws application boxes with their names (a per-organisation map); otherwise
    small squares (the overview). Flows only count in each application's tooltip.
    """
    chosen = sorted(apps, key=lambda a: (-a["score"], a["org_id"], a["app_id"]))[:max_apps]
    fan: Counter[Any] = Counter()
    for f in flows:
        fan[(f["org_id"], f["source"])] += 1
        if f.get("target_kind") == "application":
            fan[(f["org_id"], f["target"])] += 1
    cell_w, cell_h, gap = (BOX_W, BOX_H, BOX_GAP) if named else (SQUARE, SQUARE, SQUARE_GAP)
    per_line = max(1, (WIDTH - LABEL_W - MARGIN) // (cell_w + gap))
    parts: list[str] = []
    tips = _Tips(org_names, fan, lang)
    y = MARGIN
    for group, editors in _editors(chosen):
        banded = len(editors) > 1 or editors[0].name != group
        indent = MARGIN + (12 if banded else 0)
        top = y
        if banded:
            count = sum(len(e.apps) for e in editors)
            head = t(
                "reports.map.group_line",
                lang,
                group=short(group, 60),
                apps=counted(count, "applications", lang),
            )
            parts.append(
                f'<text x="{MARGIN}" y="{y + 15}" font-size="13" font-weight="bold" '
                f'fill="#1f4e99">{escape(head)}</text>'
            )
            y += GROUP_HEAD
        for e in editors:
            lines = -(-len(e.apps) // per_line)
            height = max(34, lines * (cell_h + gap))
            parts.append(
                f'<g class="editor"><title>{escape(e.name)}</title>'
                f'<text x="{indent}" y="{y + 12}" font-size="12" font-weight="bold">'
                f"{escape(short(e.name, 40))}</text>"
                f'<text x="{indent}" y="{y + 27}" font-size="11" fill="#555">'
                f"{escape(_editor_label(e, lang))}</text></g>"
            )
            for i, a in enumerate(e.apps):
                x = LABEL_W + (i % per_line) * (cell_w + gap)
                by = y + (i // per_line) * (cell_h + gap)
                tip = escape(tips(a))
                level = str(a["level"])
                if named:
                    parts.append(
                        f'<g class="app"><title>{tip}</title>'
                        f'<rect x="{x}" y="{by}" width="{cell_w}" height="{cell_h}" rx="3" '
                        f'fill="{NAMED_FILL.get(level, "#eee")}" stroke="{LEVEL_FILL.get(level)}"'
                        ' stroke-width="1.2"/>'
                        f'<text x="{x + 5}" y="{by + 14}" font-size="11">'
                        f"{escape(short(a['name'], 26))}</text></g>"
                    )
                else:
                    parts.append(
                        f'<g class="app"><title>{tip}</title>'
                        f'<rect x="{x}" y="{by}" width="{cell_w}" height="{cell_h}" rx="2" '
                        f'fill="{LEVEL_FILL.get(level, "#ccc")}"/></g>'
                    )
            y += height + ROW_GAP
            parts.append(
                f'<line x1="{indent}" x2="{WIDTH - MARGIN}" y1="{y - ROW_GAP / 2}" '
                f'y2="{y - ROW_GAP / 2}" stroke="#e4e4e4"/>'
            )
        if banded:
            parts.append(
                f'<line x1="{MARGIN + 3}" x2="{MARGIN + 3}" y1="{top + GROUP_HEAD}" '
                f'y2="{y - ROW_GAP}" stroke="#1f4e99" stroke-width="3"/>'
            )
    height = y + MARGIN
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="depmap" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif" role="img">'
        + "".join(parts)
        + "</svg>"
    )
    return DepMap(svg, len(chosen), len(apps))


def organisation_maps(
    apps: Sequence[Mapping[str, Any]],
    flows: Sequence[Mapping[str, Any]],
    org_names: Mapping[str, str],
    order: Sequence[str],
    lang: Lang = Lang.EN,
    max_apps: int = 300,
) -> list[tuple[str, DepMap]]:
    """One named map per organisation, in ``order`` (the summary's worst-first order)."""
    by_org: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for a in apps:
        by_org[str(a["org_id"])].append(a)
    flows_by_org: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for f in flows:
        flows_by_org[str(f["org_id"])].append(f)
    return [
        (
            org,
            dependency_map(
                by_org[org], flows_by_org[org], org_names, max_apps, named=True, lang=lang
            ),
        )
        for org in order
        if by_org.get(org)
    ]
