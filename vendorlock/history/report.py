"""The history report: an HTML page (summary first, then charts and tables) and a workbook.

Both are written from a :class:`~vendorlock.history.trend.Trend`; the page reuses the audit
report's shell, tables and chart style, the workbook the audit's own xlsx writer.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from vendorlock.history.trend import TOP_MOVES, Trend
from vendorlock.i18n import Lang, has, plural_key, t
from vendorlock.reports import charts, svg
from vendorlock.reports.cells import Column, ColumnKind, Table
from vendorlock.reports.numbers import money, number
from vendorlock.reports.overview import long_date
from vendorlock.reports.sections import Bullets, Chart, Paragraph, Section, page_html
from vendorlock.reports.xlsx import xlsx_bytes

#: Bodies drawn on the index and spend charts (the largest spenders); tables list them all.
CHART_BODIES = 8


def _col(key: str, lang: Lang, kind: ColumnKind = ColumnKind.TEXT, width: int = 14) -> Column:
    return Column(t(f"history.col.{key}", lang), kind, width)


def _none(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and v != v) or v is pd.NA else v


def _rows(frame: pd.DataFrame, cols: Sequence[str]) -> list[list[Any]]:
    if frame.empty:
        return []
    return [[_none(v) for v in row] for row in frame[list(cols)].itertuples(index=False)]


_D, _TXT, _SC = ColumnKind.DATE, ColumnKind.TEXT, ColumnKind.SCORE
_INT, _EUR = ColumnKind.INT, ColumnKind.MONEY

#: Each table of the report, in the order the page and the workbook show them: per column, its
#: header (``history.col.*``), the trend column it shows, its kind and width (in characters: the
#: page shares its width between the columns in proportion, a printed date needs 14). One list,
#: so a header never drifts from its data. Bodies are shown by name (:func:`body_names`); the
#: bodies table alone also gives each one's id (SIREN).
TABLES: dict[str, tuple[tuple[str, str, ColumnKind, int], ...]] = {
    "bodies": (
        ("as_of", "as_of", _D, 14),
        ("org_id", "org_id", _TXT, 11),
        ("body", "name", _TXT, 30),
        ("index", "lockin_index", _SC, 12),
        ("level", "level_label", ColumnKind.LEVEL, 10),
        ("applications", "applications", _INT, 12),
        ("spend", "annual_spend", _EUR, 14),
        ("exit_low", "exit_cost_low", _EUR, 14),
        ("exit_high", "exit_cost_high", _EUR, 14),
    ),
    "decisions": (
        ("from", "from_as_of", _D, 14),
        ("to", "to_as_of", _D, 14),
        ("body", "body", _TXT, 19),
        ("contract", "contract_id", _TXT, 10),
        ("application", "name", _TXT, 19),
        ("editor", "editor", _TXT, 14),
        ("decision_date", "decision_date", _D, 14),
        ("end_before", "contract_end_before", _D, 14),
        ("end_after", "contract_end_after", _D, 14),
        ("outcome", "outcome_label", _TXT, 24),
    ),
    "moves": (
        ("from", "from_as_of", _D, 14),
        ("to", "to_as_of", _D, 14),
        ("body", "body", _TXT, 19),
        ("app_id", "app_id", _TXT, 10),
        ("application", "name", _TXT, 19),
        ("editor", "editor", _TXT, 14),
        ("before", "before", _SC, 8),
        ("after", "after", _SC, 8),
        ("delta", "delta", ColumnKind.NUMBER, 8),
        ("criteria", "criteria_label", _TXT, 36),
    ),
    "changes": (
        ("from", "from_as_of", _D, 14),
        ("to", "to_as_of", _D, 14),
        ("body", "body", _TXT, 19),
        ("change", "change_label", _TXT, 10),
        ("app_id", "app_id", _TXT, 10),
        ("application", "name", _TXT, 19),
        ("editor", "editor", _TXT, 14),
        ("score", "score", _SC, 8),
    ),
    "runs": (
        ("as_of", "as_of", _D, 14),
        ("run", "run_id", _INT, 10),
        ("generator", "generator", _TXT, 18),
        ("rule_pack", "rule_pack_version", _TXT, 12),
        ("applications", "applications", _INT, 12),
    ),
}


def body_names(trend: Trend) -> dict[str, str]:
    """Each body's name as the report shows it: the last name its audits gave (spaces
    collapsed; its id when none did), followed by its id when another body followed reads the
    same (two « Syndicat des eaux »), until no two bodies read alike: the names key the chart's
    series, so two bodies must never share one."""
    ids = trend.bodies["org_id"].astype(str)
    cleaned = trend.bodies["name"].map(lambda n: " ".join(n.split()) if isinstance(n, str) else "")
    given = cleaned != ""
    latest = dict(zip(ids[given], cleaned[given], strict=True))  # sorted by as_of: last wins
    shown = {i: latest.get(i, i) for i in dict.fromkeys(ids)}
    for _ in range(len(shown)):
        counts = Counter(shown.values())
        clashing = [
            i
            for i, name in shown.items()
            if counts[name] > 1 and name != i and not name.endswith(f" ({i})")
        ]
        if not clashing:
            break
        for i in clashing:
            shown[i] = f"{shown[i]} ({i})"
    return shown


def _named(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``frame`` with ``body``: the name of its ``org_id`` (:func:`body_names`)."""
    org = frame.get("org_id", pd.Series(dtype=str))
    return frame.assign(body=org.map(lambda o: names.get(o, o)))


def _labelled(frame: pd.DataFrame, column: str, prefix: str, lang: Lang) -> pd.DataFrame:
    """``frame`` with ``<column>_label``: each value's text under ``prefix``."""
    values = frame.get(column, pd.Series(dtype=str))
    return frame.assign(**{f"{column}_label": values.map(lambda c: t(f"{prefix}.{c}", lang))})


def _level_labelled(bodies: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """``bodies`` with ``level_label``: each level in ``lang`` (« moyen »), as audits word it."""

    def word(level: Any) -> Any:
        key = f"reports.level.{level}"
        return t(key, lang) if isinstance(level, str) and has(key) else _none(level)

    return bodies.assign(level_label=bodies["level"].map(word))


def _criteria_labelled(
    moves: pd.DataFrame, lang: Lang, overlays: Sequence[Path] = ()
) -> pd.DataFrame:
    """``moves`` with ``criteria_label``: each rule that moved, by its title in ``lang`` and its
    points in the report's number format (« Fin de contrat proche (+1,5) »).

    The titles stored with each audit are in the language it was written in; the rule pack
    (the shipped one with the ``overlays`` of ``--rules`` applied, as the audits were) gives
    every rule's title in both, and a rule it does not know keeps the stored text.
    """
    if moves.empty:
        return moves.assign(criteria_label=pd.Series(dtype=str))
    from vendorlock.scoring import load_pack

    titles = {c.id: c.title.get(lang) for c in load_pack(overlays).criteria}

    def label(rules: str, deltas: str, stored: str) -> str:
        if not rules or rules.count(";") != deltas.count(";"):
            return stored
        stored_parts = stored.split("; ")
        parts = []
        for i, (rule, delta) in enumerate(zip(rules.split(";"), deltas.split(";"), strict=True)):
            title = titles.get(rule)
            if title is None:  # not in the shipped pack: its stored title, if the split holds
                title = stored_parts[i].rsplit(" (", 1)[0] if len(stored_parts) > i else rule
            points = float(delta)
            parts.append(f"{title} ({'+' if points > 0 else ''}{number(points, lang)})")
        return t("loc.semicolon", lang).join(parts)

    keys = list(zip(moves["rules"], moves["rule_deltas"], moves["criteria"], strict=True))
    worded = {k: label(*k) for k in dict.fromkeys(keys)}
    return moves.assign(criteria_label=[worded[k] for k in keys])


def tables(trend: Trend, lang: Lang, overlays: Sequence[Path] = ()) -> list[Table]:
    """The report's tables (:data:`TABLES`), in the order the page and the workbook show them;
    ``overlays``: the ``--rules`` files whose criteria titles the moves table uses."""
    names = body_names(trend)
    frames = {
        "bodies": _level_labelled(trend.bodies, lang),
        "decisions": _named(_labelled(trend.decisions, "outcome", "history.outcome", lang), names),
        "moves": _named(_criteria_labelled(trend.moves, lang, overlays), names),
        "changes": _named(_labelled(trend.changes, "change", "history.change", lang), names),
        "runs": trend.runs,
    }
    return [
        Table(
            name,
            t(f"history.sheet.{name}", lang),
            tuple(_col(key, lang, kind, width) for key, _, kind, width in spec),
            _rows(frames[name], [source for _, source, _, _ in spec]),
            level_col=4 if name == "bodies" else None,
        )
        for name, spec in TABLES.items()
    ]


def history_xlsx(trend: Trend, lang: Lang, overlays: Sequence[Path] = ()) -> bytes:
    """The workbook: every table of the page, every row."""
    labels = {lv: (t(f"reports.level.{lv}", lang),) for lv in charts.LEVELS}
    return xlsx_bytes(tables(trend, lang, overlays), level_labels=labels, lang=str(lang))


def _line_chart(
    series: dict[str, list[tuple[str, float]]], title: str, ylabel: str, lang: Lang
) -> str:
    """One line per body over the audit dates (evenly spaced, in date order), a dot per
    audit with its value as tooltip, the bodies' names in a legend under the plot."""
    dates = sorted({str(d) for points in series.values() for d, _ in points})
    left, right, plot_h = 48, 16, 150
    plot_w = charts.WIDTH - left - right
    base = charts.TOP + plot_h
    values = [float(v) for points in series.values() for _, v in points if v == v]
    scale = svg.nice_max(max(values, default=0.0))
    parts = charts.y_axis(left, plot_w, charts.TOP, base, scale, lang, ylabel)
    slot = plot_w / max(len(dates), 1)
    where = {d: left + slot * (k + 0.5) for k, d in enumerate(dates)}
    # each date as the report's tables and sentences write it (« 1er avril 2026 »), the labels
    # a fixed stride apart so the widest clears its neighbours; one that would stick out of
    # the chart (the last of many dates) is left out rather than cut
    shown = {d: long_date(d, lang) for d in dates}
    widths = {d: svg.width(s, charts.SMALL) for d, s in shown.items()}
    stride = max(1, math.ceil(max(widths.values(), default=0.0) * 1.2 / slot))
    for k, d in enumerate(dates):
        half = widths[d] / 2
        if k % stride == 0 and half <= where[d] <= charts.WIDTH - half:
            parts.append(
                svg.text(where[d], base + 12, [shown[d]], anchor="middle", size=charts.SMALL)
            )
    entries = []
    for k, (name, points) in enumerate(series.items()):
        colour = charts.SERIES_COLOURS[k % len(charts.SERIES_COLOURS)]
        xy = [
            (where[str(d)], base - plot_h * float(v) / scale[0], str(d), float(v))
            for d, v in points
            if v == v
        ]
        line = " ".join(f"{svg.num(x)},{svg.num(y)}" for x, y, _, _ in xy)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
        )
        for x, y, d, v in xy:
            what = charts.tip(f"{svg.clean(name)} — {shown[d]}", number(v, lang, 2), lang)
            parts.append(
                f'<circle cx="{svg.num(x)}" cy="{svg.num(y)}" r="2.5" fill="{colour}">'
                f"<title>{escape(what)}</title></circle>"
            )
        entries.append((colour, name))
    keys, key_h = charts.legend(left, base + 22, plot_w, entries, 2)
    parts.extend(keys)
    height = base + 22 + key_h + 4
    return svg.document(charts.WIDTH, height, title, "".join(parts))


def _series(trend: Trend, column: str, scale: float = 1.0) -> dict[str, list[tuple[str, float]]]:
    b = trend.bodies[trend.bodies[column].notna()]
    top = (
        trend.bodies.groupby("org_id")["annual_spend"]
        .max()
        .fillna(0)
        .sort_values(ascending=False, kind="stable")
        .index[:CHART_BODIES]
    )
    names = body_names(trend)
    out: dict[str, list[tuple[str, float]]] = {}
    for org_id, part in b[b["org_id"].isin(top)].groupby("org_id", sort=True):
        out[names[str(org_id)]] = list(zip(part["as_of"], part[column] / scale, strict=True))
    return out


def _summary(trend: Trend, lang: Lang) -> Bullets:
    first, last = trend.runs["as_of"].iloc[0], trend.runs["as_of"].iloc[-1]
    d = trend.decisions
    outcome = d["outcome"].value_counts() if not d.empty else pd.Series(dtype=int)
    c = trend.changes
    change = c["change"].value_counts() if not c.empty else pd.Series(dtype=int)
    b = trend.bodies
    first_b, last_b = b[b["as_of"] == first], b[b["as_of"] == last]
    spend_a, spend_b = first_b["annual_spend"].sum(), last_b["annual_spend"].sum()
    items = [
        t(
            "history.summary.span",
            lang,
            runs=len(trend.runs),
            first=long_date(first, lang),
            last=long_date(last, lang),
        )
        if len(trend.runs) > 1
        else t("history.summary.span_one", lang, first=long_date(first, lang)),
        t(
            plural_key("history.summary.bodies", len(trend.orgs), lang),
            lang,
            bodies=len(trend.orgs),
        ),
        t(
            "history.summary.spend",
            lang,
            before=money(spend_a, lang),
            after=money(spend_b, lang),
        ),
        t(
            "history.summary.changes",
            lang,
            added=int(change.get("added", 0)),
            removed=int(change.get("removed", 0)),
        ),
        t("history.summary.moves", lang, moves=len(trend.moves)),
        t(
            "history.summary.decisions",
            lang,
            due=len(d),
            taken=int(outcome.get("taken", 0)),
            missed=int(outcome.get("missed", 0)),
            open=int(outcome.get("open", 0)),
        ),
    ]
    worst = _index_moves(trend, first, last, lang)
    return Bullets((*items, *worst))


def _index_moves(trend: Trend, first: str, last: str, lang: Lang) -> list[str]:
    """The bodies whose index moved most between the first and the last run."""
    b = trend.bodies.dropna(subset=["lockin_index"])
    a = b[b["as_of"] == first].set_index("org_id")
    z = b[b["as_of"] == last].set_index("org_id")
    delta = (z["lockin_index"] - a["lockin_index"]).dropna().round(2)
    delta = delta[delta != 0]
    order = delta.abs().sort_values(ascending=False, kind="stable").index[:3]
    names = body_names(trend)
    return [
        t(
            "history.summary.index_move",
            lang,
            body=names[str(o)],
            before=number(a.loc[o, "lockin_index"], lang, 2),
            after=number(z.loc[o, "lockin_index"], lang, 2),
        )
        for o in order
    ]


def history_html(trend: Trend, lang: Lang, overlays: Sequence[Path] = ()) -> str:
    """The page: the summary, the two trend charts, then the tables (moves limited)."""
    tbl = {tb.id: tb for tb in tables(trend, lang, overlays)}
    moves = tbl["moves"]
    top = Table(moves.id, moves.title, moves.columns, list(moves.rows)[:TOP_MOVES])
    idx = _line_chart(
        _series(trend, "lockin_index"),
        t("history.chart.index", lang),
        t("history.col.index", lang),
        lang,
    )
    spend = _line_chart(
        _series(trend, "annual_spend", 1000.0),
        t("history.chart.spend", lang),
        t("history.chart.spend_unit", lang),
        lang,
    )

    def shown(table: Table, *before: Paragraph) -> tuple[Paragraph | Table, ...]:
        # an empty table says what did not happen (« Aucune application ajoutée ni retirée »)
        if not table.rows:
            return (Paragraph(t(f"history.empty.{table.id}", lang)),)
        return (*before, table)

    note = (Paragraph(t("history.moves_note", lang, n=TOP_MOVES)),)
    sections = (
        Section("summary", t("history.section.summary", lang), (_summary(trend, lang),)),
        Section("charts", t("history.section.charts", lang), (Chart(idx), Chart(spend))),
        Section("decisions", tbl["decisions"].title, shown(tbl["decisions"]), wide=True),
        Section(
            "moves",
            moves.title,
            shown(top, *(note if len(moves.rows) > TOP_MOVES else ())),
            wide=True,
        ),
        Section("changes", tbl["changes"].title, shown(tbl["changes"]), wide=True),
        Section("bodies", tbl["bodies"].title, shown(tbl["bodies"]), wide=True),
        Section("runs", tbl["runs"].title, (tbl["runs"],)),
    )
    return page_html(t("history.title", lang), sections, lang)
