"""The self-contained HTML report: page shell, sortable tables, inline SVG charts, the map.

The shell (``reports/audit.html``), its CSS and the few lines of sorting JavaScript are data
files users may edit (``vendorlock.resources.data_dir("reports")``); they are filled with
:class:`string.Template`, which needs no dependency and cannot execute anything. Every value is
passed through :func:`html.escape` (attribute-safe); a Content-Security-Policy forbids any
network request, so the page works offline and a hostile name cannot load anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from html import escape
from string import Template
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.reports import charts, tables
from vendorlock.reports.cells import ColumnKind, Table
from vendorlock.reports.depmap import dependency_map
from vendorlock.reports.numbers import cost_range, display, money_range, number, share
from vendorlock.resources import data_dir

#: Rows shown per table in the page; the workbooks carry every row.
HTML_ROW_LIMIT = 2_000
TOP_RISKS = 15
_SORT_KEY_KINDS = frozenset(
    {ColumnKind.INT, ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.SHARE, ColumnKind.SCORE}
)


@cache
def _asset(name: str) -> str:
    return (data_dir("reports") / name).read_text(encoding="utf-8")


def page(title: str, lang: Lang, body: str) -> str:
    """The page shell around ``body`` (already-escaped HTML), with the CSS and JS inlined."""
    return Template(_asset("audit.html")).substitute(
        lang=escape(str(lang)),
        title=escape(title),
        css=_asset("audit.css"),
        js=_asset("sortable.js"),
        body=body,
    )


def table_html(table: Table, lang: Lang, limit: int | None = HTML_ROW_LIMIT) -> str:
    """A sortable table; numeric cells carry their raw value in ``data-v`` for sorting."""
    kinds = [c.kind for c in table.columns]
    head = "".join(f"<th>{escape(c.header)}</th>" for c in table.columns)
    rows = table.rows if limit is None else table.rows[:limit]
    level_col = table.level_col
    body = []
    for row in rows:
        cells = [
            _level_td(v, lang) if i == level_col and v is not None else _td(v, kinds[i], lang)
            for i, v in enumerate(row)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = table.note
    if limit is not None and len(table.rows) > limit:
        note = t("reports.note.capped", lang, shown=limit, total=len(table.rows))
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return (
        f'<div class="tw"><table class="sortable" id="t-{escape(table.id)}"><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note_html}"
    )


@lru_cache(maxsize=131_072, typed=True)
def _td_cached(value: Any, kind: ColumnKind, lang: Lang) -> str:
    attrs = ""
    if kind in _SORT_KEY_KINDS and isinstance(value, int | float) and not isinstance(value, bool):
        attrs = f' data-v="{value!r}" class="num"'
    return f"<td{attrs}>{escape(display(value, kind, lang))}</td>"


def _td(value: Any, kind: ColumnKind, lang: Lang) -> str:
    """One escaped cell (cached: report columns repeat values)."""
    try:
        return _td_cached(value, kind, lang)
    except TypeError:  # unhashable value
        return f"<td>{escape(display(value, kind, lang))}</td>"


def _level_td(value: Any, lang: Lang) -> str:
    return f'<td class="lv lv-{_level_key(value, lang)}">{escape(str(value))}</td>'


def _level_key(shown: Any, lang: Lang) -> str:
    for level in tables.LEVELS:
        if shown in (level, t(f"reports.level.{level}", lang)):
            return level
    return "unknown"


def section(anchor: str, title: str, content: str) -> str:
    return f'<section id="{escape(anchor)}"><h2>{escape(title)}</h2>{content}</section>'


def _cards(doc: Mapping[str, Any], lang: Lang) -> str:
    cards = []
    for org in doc["organisations"]:
        if not org["applications"]:
            continue  # e.g. the mutualisation structure itself: nothing of its own to score
        cost = org["exit_cost"]
        index = org["lockin_index"]
        big = escape(number(index, lang)) + "<small>/100</small>" if index is not None else "–"
        coverage = share(org.get("coverage"), lang) or "?"
        cards.append(
            f'<div class="card lv-{escape(org["level"])}"><h3>{escape(org["name"])}</h3>'
            f'<p class="big">{big}</p>'
            f"<p>{escape(t('reports.level.' + org['level'], lang))} · "
            f"{escape(t('reports.html.apps_count', lang, n=org['applications']))} · "
            f"{escape(t('reports.col.coverage', lang))} {escape(coverage)}</p>"
            f"<p>{escape(t('reports.html.exit_cost', lang))} "
            f"{escape(cost_range(cost, lang))}</p></div>"
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def _criteria_details(apps: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    out = []
    for a in apps:
        items = "".join(
            f"<li><b>{escape(c['title'])}</b> ({escape(number(c['points'], lang))}/"
            f"{escape(number(c['max_points'], lang))}, "
            f"{escape(str(tables.label('status', c['status'], lang)))})"
            f" — {escape(c['reason'])} <i>{escape(c['remedy'])}</i></li>"
            for c in sorted(a["criteria"], key=lambda c: (-c["points"], c["rule_id"]))
            if c["points"] > 0 or c["status"] in tables.KEPT_STATUSES
        )
        out.append(
            f"<details><summary>{escape(number(a['score'], lang))} · {escape(a['name'])} "
            f"({escape(a.get('editor') or '')})</summary><ul>{items}</ul></details>"
        )
    return "".join(out)


def _exit_cost_details(apps: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    """The costliest applications to leave, each with its items, their share and basis."""
    costly = sorted(apps, key=lambda a: (-a["exit_cost"]["high"], a["org_id"], a["app_id"]))
    out = [f'<p class="note">{escape(t("reports.html.exit_note", lang))}</p>']
    for a in costly[:TOP_RISKS]:
        cost = a["exit_cost"]
        items = "".join(
            f"<li><b>{escape(str(tables.label('cost', b['item'], lang)))}</b> "
            f"{escape(money_range(b['low'], b['high'], lang))} "
            f"({escape(share(b.get('share'), lang))}) — {escape(b['basis'])}</li>"
            for b in sorted(cost["breakdown"], key=lambda b: (-b["high"], b["item"]))
        )
        assumed = cost.get("assumed") or []
        if assumed:
            listed = ", ".join(assumed)
            items += f"<li><i>{escape(t('reports.html.assumed', lang, inputs=listed))}</i></li>"
        out.append(
            f"<details><summary>{escape(cost_range(cost, lang))} · {escape(a['name'])} "
            f"({escape(a.get('editor') or '')})</summary><ul>{items}</ul></details>"
        )
    return "".join(out)


def _spend_shares(rows: Sequence[Mapping[str, Any]], key: str) -> list[tuple[str, float]]:
    """Top-10 share of total spend by editor or group name, summed across organisations.

    Exposure rows are per (organisation, editor): with many organisations the same editor
    would otherwise appear once per member.
    """
    spend: dict[str, float] = {}
    for row in rows:
        if row.get("annual_spend"):
            name = str(row.get("name") or row.get(key) or "")
            spend[name] = spend.get(name, 0.0) + float(row["annual_spend"])
    total = sum(spend.values())
    if total <= 0:
        return []
    shares = [(name, value / total) for name, value in spend.items()]
    return sorted(shares, key=lambda x: (-x[1], x[0]))[:10]


def report_title(doc: Mapping[str, Any], lang: Lang) -> str:
    """The organisation(s) a report is about: names when few, the structure when many."""
    orgs = [o for o in doc["organisations"] if o["applications"]]
    if len(orgs) <= 3:
        return t("reports.html.title", lang, orgs=", ".join(o["name"] for o in orgs))
    parents = {o.get("parent_id") for o in orgs}
    by_id = {o["org_id"]: o["name"] for o in doc["organisations"]}
    parent = by_id.get(next(iter(parents))) if len(parents) == 1 else None
    label = t("reports.html.n_orgs", lang, n=len(orgs))
    return t("reports.html.title", lang, orgs=f"{parent} ({label})" if parent else label)


def chart_svgs(doc: Mapping[str, Any], lang: Lang) -> list[str]:
    """The five report charts, in page order (reusable by other reports)."""
    levels = doc["rule_pack"].get("levels") or {"medium": 25, "high": 50, "critical": 75}
    top = tables.ranked_apps(doc, TOP_RISKS)
    level_of = tables.app_values(doc, "level")
    dates = tables.app_values(doc, "decision_date")
    editors = _spend_shares(doc["editors"], "editor_id")
    groups = _spend_shares(doc["groups"], "group")
    decisions = sorted((d, lv) for d, lv in zip(dates, level_of, strict=True) if d)
    openness = Counter(tables.flow_values(doc, "format_openness"))
    return [
        charts.score_distribution(
            [
                s
                for s, lv in zip(tables.app_values(doc, "score"), level_of, strict=True)
                if lv != tables.INSUFFICIENT
            ],
            levels,
            lang,
        ),
        charts.top_risks(top, lang),
        charts.concentration(editors, groups, lang),
        charts.contract_calendar(decisions, lang),
        charts.format_openness(openness, lang),
    ]


def _input_notes(doc: Mapping[str, Any], lang: Lang) -> str:
    """Rows set aside and contracts covering no application: one short line each, when any."""
    notes = []
    if (doc.get("set_aside") or {}).get("rows"):
        line = t("reports.term.set_aside", lang, line=tables.set_aside_line(doc, lang))
        notes.append(f'<p class="note"><a href="#problems">{escape(line)}</a></p>')
    unlinked = doc["summary"].get("unlinked_contracts")
    if unlinked:
        notes.append(f'<p class="note">{escape(t("reports.term.unlinked", lang, n=unlinked))}</p>')
    return "".join(notes)


def audit_html(doc: Mapping[str, Any], lang: Lang) -> str:
    """The whole audit page."""
    names = tables.org_names(doc)
    title = report_title(doc, lang)
    svgs = chart_svgs(doc, lang)
    map_apps, map_flows, total = tables.map_inputs(doc, 150)
    dmap = replace(dependency_map(map_apps, map_flows, names), total=total)
    map_note = ""
    if dmap.shown < dmap.total:
        note = t("reports.note.map_capped", lang, shown=dmap.shown, total=dmap.total)
        map_note = f'<p class="note">{escape(note)}</p>'
    top = tables.ranked_apps(doc, TOP_RISKS)
    pack = doc["rule_pack"]
    subtitle = t(
        "reports.html.as_of",
        lang,
        as_of=doc.get("as_of") or "?",
        pack=pack["id"],
        version=pack["version"],
    )
    sections = [
        f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>",
        _nav(lang),
        section(
            "summary",
            t("reports.sheet.summary", lang),
            _cards(doc, lang)
            + _input_notes(doc, lang)
            + f'<div class="charts">{"".join(f"<figure>{s}</figure>" for s in svgs)}</div>',
        ),
        section(
            "risks",
            t("reports.sheet.risk_register", lang),
            table_html(tables.risk_register(doc, lang), lang)
            + f"<h3>{escape(t('reports.html.why', lang))}</h3>"
            + _criteria_details(top, lang),
        ),
        section(
            "to_collect",
            t("reports.sheet.to_collect", lang),
            table_html(tables.to_collect(doc, lang), lang),
        ),
        section(
            "actions", t("reports.sheet.actions", lang), table_html(tables.actions(doc, lang), lang)
        ),
        section(
            "exit-costs",
            t("reports.sheet.exit_costs", lang),
            _exit_cost_details(tables.costliest_apps(doc, TOP_RISKS), lang),
        ),
        section(
            "map",
            t("reports.html.map", lang),
            f'<div class="map">{dmap.svg}</div>{map_note}'
            + f'<p class="note">{escape(t("reports.html.map_legend", lang))}</p>',
        ),
        section(
            "editors", t("reports.sheet.editors", lang), table_html(tables.editors(doc, lang), lang)
        ),
        section(
            "groups", t("reports.sheet.groups", lang), table_html(tables.groups(doc, lang), lang)
        ),
        section(
            "flows",
            t("reports.sheet.flows", lang),
            table_html(tables.flows(doc, lang, limit=HTML_ROW_LIMIT), lang, limit=None),
        ),
        section(
            "formats", t("reports.sheet.formats", lang), table_html(tables.formats(doc, lang), lang)
        ),
        section(
            "waivers", t("reports.sheet.waivers", lang), table_html(tables.waivers(doc, lang), lang)
        ),
        section(
            "problems",
            t("reports.sheet.problems", lang),
            table_html(tables.problems(doc, lang), lang),
        ),
    ]
    return page(title, lang, "\n".join(sections))


def _nav(lang: Lang) -> str:
    items = [
        ("summary", "reports.sheet.summary"),
        ("risks", "reports.sheet.risk_register"),
        ("to_collect", "reports.sheet.to_collect"),
        ("actions", "reports.sheet.actions"),
        ("exit-costs", "reports.sheet.exit_costs"),
        ("map", "reports.html.map"),
        ("editors", "reports.sheet.editors"),
        ("groups", "reports.sheet.groups"),
        ("flows", "reports.sheet.flows"),
        ("formats", "reports.sheet.formats"),
        ("waivers", "reports.sheet.waivers"),
        ("problems", "reports.sheet.problems"),
    ]
    links = "".join(f'<a href="#{a}">{escape(t(k, lang))}</a>' for a, k in items)
    return f"<nav>{links}</nav>"
