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
from functools import cache, lru_cache
from html import escape
from string import Template
from typing import Any

from vendorlock.i18n import Lang, has, t
from vendorlock.reports import charts, overview, tables
from vendorlock.reports.cells import ColumnKind, Table, short
from vendorlock.reports.depmap import dependency_map, organisation_maps
from vendorlock.reports.numbers import (
    SCORE_SCALE,
    cost_headline,
    cost_range,
    display,
    money_headline,
    money_range,
    number,
    score,
    share,
)
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


#: Tables with more rows than this get a filter box above them.
FILTER_FROM_ROWS = 8


def _th(column: Any) -> str:
    """A header cell; text columns get a width class from their width in characters."""
    cls = ""
    if column.kind in (ColumnKind.TEXT, ColumnKind.AUTO):
        cls = ' class="w-l"' if column.width >= 40 else ' class="w-m"' if column.width >= 20 else ""
    return f"<th{cls}>{escape(column.header)}</th>"


def empty_text(table_id: str, lang: Lang) -> str:
    """What an empty section says ("Aucune dérogation."), rather than a bare header row."""
    key = f"reports.empty.{table_id}"
    return t(key if has(key) else "reports.empty.rows", lang)


def table_html(table: Table, lang: Lang, limit: int | None = HTML_ROW_LIMIT) -> str:
    """A sortable, filterable table; numeric cells carry their raw value in ``data-v``.

    Dates show as a reader writes them (« 9 janvier 2027 ») and sort by their ISO value.
    """
    if not table.rows:
        return f'<p class="empty">{escape(empty_text(table.id, lang))}</p>'
    kinds = [c.kind for c in table.columns]
    head = "".join(_th(c) for c in table.columns)
    total_width = sum(max(c.width, 6) for c in table.columns) or 1
    cols = "".join(
        f'<col style="width:{100 * max(c.width, 6) / total_width:.1f}%">' for c in table.columns
    )
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
    tid = escape(table.id)
    search = ""
    if len(rows) >= FILTER_FROM_ROWS:
        label = escape(t("reports.html.filter", lang))
        template = escape(t("reports.html.filter_count", lang, shown="{shown}", total="{total}"))
        search = (
            f'<div class="filter"><input type="search" aria-label="{label}" '
            f'placeholder="{label}" data-table="t-{tid}" data-count="{template}">'
            f'<output for="t-{tid}"></output></div>'
        )
    return (
        f'{search}<div class="tw"><table class="sortable" id="t-{tid}"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note_html}"
    )


@lru_cache(maxsize=131_072, typed=True)
def _td_cached(value: Any, kind: ColumnKind, lang: Lang) -> str:
    if kind is ColumnKind.DATE and isinstance(value, str) and value:
        shown = escape(overview.long_date(value, lang))
        return f'<td data-v="{escape(value)}" class="dt">{shown}</td>'
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


def section(anchor: str, title: str, content: str, *, wide: bool = False) -> str:
    """A titled section; ``wide`` ones print on landscape pages (their tables need the width)."""
    cls = ' class="wide"' if wide else ""
    return f'<section id="{escape(anchor)}"{cls}><h2>{escape(title)}</h2>{content}</section>'


def _badge(level: str, text: str) -> str:
    return f'<span class="badge lv-{escape(level)}">{escape(text)}</span>'


def _kpi_strip(k: overview.Kpis, lang: Lang) -> str:
    """Index with coverage, spend, exit cost in euros and years, applications by level."""
    coverage = t("reports.kpi.coverage", lang, coverage=share(k.coverage, lang) or "?")
    if k.index is None:
        value = escape(t("reports.ov.no_index", lang))
    else:
        value = escape(score(k.index, lang)) + f"<small>{SCORE_SCALE}</small>"
    head = "reports.kpi.structure_index" if k.structure_wide else "reports.kpi.index"
    index_note = escape(t("reports.level." + k.level, lang)) + " · " + escape(coverage)
    if k.structure_wide:
        index_note += f"<br><small>{escape(t('reports.kpi.structure_note', lang))}</small>"
    spend = money_headline(k.annual_spend, None, lang) or t("reports.kpi.unknown_spend", lang)
    apps = overview.counted(k.applications, "applications", lang)
    size = (
        t(
            "reports.kpi.spend_note",
            lang,
            apps=apps,
            orgs=overview.counted(k.organisations, "organisations", lang),
        )
        if k.organisations > 1
        else apps
    )
    years = ""
    if k.years_low is not None and k.years_high is not None:
        years = t(
            "reports.kpi.years",
            lang,
            low=number(k.years_low, lang),
            high=number(k.years_high, lang),
        )
    total = sum(n for _lv, n in k.levels) or 1
    bar = "".join(
        f'<span class="lv-{lv}" style="width:{100 * n / total:.2f}%"></span>'
        for lv, n in k.levels
        if n
    )
    legend = "".join(
        f'<li><span class="dot lv-{lv}"></span>{escape(t("reports.level." + lv, lang))} '
        f"<b>{escape(number(n, lang))}</b></li>"
        for lv, n in k.levels
        if n or lv != overview.INSUFFICIENT
    )
    return (
        '<div class="kpis">'
        f'<div class="kpi lv-{escape(k.level)}"><h3>{escape(t(head, lang))}</h3>'
        f'<p class="v">{value}</p><p>{index_note}</p></div>'
        f'<div class="kpi"><h3>{escape(t("reports.kpi.spend", lang))}</h3>'
        f'<p class="v">{escape(spend)}</p><p>{escape(size)}</p></div>'
        f'<div class="kpi"><h3>{escape(t("reports.kpi.exit_cost", lang))}</h3>'
        f'<p class="v v-s">{escape(money_headline(k.exit_low, k.exit_high, lang))}</p>'
        f"<p>{escape(years)}</p></div>"
        f'<div class="kpi"><h3>{escape(t("reports.kpi.levels", lang))}</h3>'
        f'<p class="bar">{bar}</p><ul class="legend">{legend}</ul></div>'
        "</div>"
    )


def _risks_html(risks: Sequence[overview.Risk], lang: Lang) -> str:
    if not risks:
        return f'<p class="note">{escape(t("reports.ov.no_risks", lang))}</p>'
    items = "".join(
        f"<li>{_badge(r.level, score(r.score, lang))} <b>{escape(r.application)}</b> — "
        f"{escape(r.organisation)}"
        + (f" · {escape(r.editor)}" if r.editor else "")
        + (f'<br><span class="why">{escape(r.reason)}</span>' if r.reason else "")
        + "</li>"
        for r in risks
    )
    return f'<ol class="ov-list">{items}</ol>'


def _decision_li(d: overview.Decision, lang: Lang) -> str:
    flag = f" {_badge('critical', t('reports.ov.overdue', lang))}" if d.overdue else ""
    action = str(tables.label("action", d.kind, lang))
    return (
        f'<li><time datetime="{escape(d.date)}">{escape(overview.long_date(d.date, lang))}</time>'
        f"{flag} <b>{escape(d.application)}</b> — {escape(d.organisation)} · {escape(action)}"
        f'<br><span class="why">{escape(d.text)}</span></li>'
    )


def _decisions_html(ds: overview.Decisions, lang: Lang) -> str:
    out = []
    if ds.overdue:
        first = overview.long_date(ds.overdue[0].date, lang)
        key = "reports.ov.overdue_one" if len(ds.overdue) == 1 else "reports.ov.overdue_line"
        line = t(key, lang, n=number(len(ds.overdue), lang), first=first)
        out.append(
            f'<p class="overdue">{_badge("critical", t("reports.ov.overdue", lang))} '
            f'<a href="#actions">{escape(line)}</a></p>'
        )
    if ds.upcoming:
        out.append(
            f'<ul class="ov-list">{"".join(_decision_li(d, lang) for d in ds.upcoming)}</ul>'
        )
    elif not ds.overdue:
        out.append(f'<p class="note">{escape(t("reports.ov.no_decisions", lang))}</p>')
    return "".join(out)


def _member_cards(members: Sequence[overview.Member], lang: Lang) -> str:
    """One card per organisation, worst first (already sorted by :func:`overview.members`)."""
    cards = []
    for m in members:
        big = "–"
        if m.index is not None:
            big = escape(score(m.index, lang)) + f"<small>{SCORE_SCALE}</small>"
        coverage = share(m.coverage, lang) or "?"
        cost = {
            "low": m.exit_low,
            "high": m.exit_high,
            "years_of_spend": (
                {"low": m.years_low, "high": m.years_high}
                if m.years_low is not None and m.years_high is not None
                else None
            ),
        }
        cards.append(
            f'<div class="card lv-{escape(m.level)}"><h4>{escape(m.name)}</h4>'
            f'<p class="big">{big}</p>'
            f"<p>{escape(t('reports.level.' + m.level, lang))} · "
            f"{escape(overview.counted(m.applications, 'applications', lang))} · "
            f"{escape(t('reports.col.coverage', lang))} {escape(coverage)}</p>"
            f"<p>{escape(t('reports.html.exit_cost', lang))} "
            f"{escape(cost_headline(cost, lang))}</p></div>"
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def summary_html(doc: Mapping[str, Any], lang: Lang) -> str:
    """The summary a director reads first: key figures, top risks, next decisions, members."""
    ov = overview.overview(doc)
    members = ""
    if len(ov.members) > 1:
        members = f"<h3>{escape(t('reports.ov.members', lang))}</h3>" + _member_cards(
            ov.members, lang
        )
    return (
        _kpi_strip(ov.kpis, lang)
        + '<div class="ov">'
        + f"<div><h3>{escape(t('reports.ov.top_risks', lang))}</h3>"
        + _risks_html(ov.risks, lang)
        + "</div>"
        + f"<div><h3>{escape(t('reports.ov.next_decisions', lang))}</h3>"
        + _decisions_html(ov.decisions, lang)
        + "</div></div>"
        + members
    )


def _criteria_details(apps: Sequence[Mapping[str, Any]], lang: Lang, opened: str = "") -> str:
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
            f"<details{opened}><summary>{escape(score(a['score'], lang))} · {escape(a['name'])} "
            f"({escape(a.get('editor') or '')})</summary><ul>{items}</ul></details>"
        )
    return "".join(out)


def _exit_cost_details(apps: Sequence[Mapping[str, Any]], lang: Lang, opened: str = "") -> str:
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
            f"<details{opened}><summary>{escape(cost_range(cost, lang))} · {escape(a['name'])} "
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


#: Longest text a printed page shows in one place: a 10,000-character name cut to a line or
#: two instead of hundreds of broken lines (which also costs a PDF layout minutes).
PRINT_TEXT_LIMIT = 300


def _bounded(value: Any) -> Any:
    """``value`` with every string longer than :data:`PRINT_TEXT_LIMIT` cut (copies only)."""
    if isinstance(value, str):
        return short(value, PRINT_TEXT_LIMIT) if len(value) > PRINT_TEXT_LIMIT else value
    if isinstance(value, Mapping):
        return {k: _bounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_bounded(v) for v in value]
    return value


def audit_html(doc: Mapping[str, Any], lang: Lang, *, printed: bool = False) -> str:
    """The whole audit page; ``printed`` opens every ``<details>`` (for a PDF: no script runs)."""
    opened = ""
    if printed:
        opened = " open"
        doc = _bounded(doc)
    names = tables.org_names(doc)
    title = report_title(doc, lang)
    svgs = chart_svgs(doc, lang)
    dmap = dependency_map(tables.map_rows(doc), tables.map_flow_rows(doc), names, lang=lang)
    map_note = ""
    if dmap.shown < dmap.total:
        note = t("reports.note.map_capped", lang, shown=dmap.shown, total=dmap.total)
        map_note = f'<p class="note">{escape(note)}</p>'
    top = tables.ranked_apps(doc, TOP_RISKS)
    pack = doc["rule_pack"]
    subtitle = t(
        "reports.html.as_of",
        lang,
        as_of=overview.long_date(doc.get("as_of"), lang),
        pack=pack["id"],
        version=pack["version"],
    )
    sections = [
        f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>",
        _nav(lang),
        section(
            "summary",
            t("reports.sheet.summary", lang),
            summary_html(doc, lang)
            + _input_notes(doc, lang)
            + f"<h3>{escape(t('reports.ov.details', lang))}</h3>"
            + f'<div class="charts">{"".join(f"<figure>{s}</figure>" for s in svgs)}</div>',
        ),
        section(
            "risks",
            t("reports.sheet.risk_register", lang),
            table_html(tables.risk_register(doc, lang), lang)
            + f"<h3>{escape(t('reports.html.why', lang))}</h3>"
            + _criteria_details(top, lang, opened),
            wide=True,
        ),
        section(
            "to_collect",
            t("reports.sheet.to_collect", lang),
            table_html(tables.to_collect(doc, lang), lang),
            wide=True,
        ),
        section(
            "actions",
            t("reports.sheet.actions", lang),
            table_html(tables.actions(doc, lang), lang),
            wide=True,
        ),
        section(
            "exit-costs",
            t("reports.sheet.exit_costs", lang),
            _exit_cost_details(tables.costliest_apps(doc, TOP_RISKS), lang, opened),
        ),
        section(
            "map",
            t("reports.html.map", lang),
            f'<p class="note">{escape(t("reports.html.map_legend", lang))}</p>'
            + _level_legend(lang)
            + f'<div class="map">{dmap.svg}</div>{map_note}'
            + _organisation_maps(doc, names, lang, opened),
        ),
        section(
            "editors",
            t("reports.sheet.editors", lang),
            table_html(tables.editors(doc, lang), lang),
            wide=True,
        ),
        section(
            "groups",
            t("reports.sheet.groups", lang),
            table_html(tables.groups(doc, lang), lang),
            wide=True,
        ),
        section(
            "flows",
            t("reports.sheet.flows", lang),
            table_html(tables.flows(doc, lang, limit=HTML_ROW_LIMIT), lang, limit=None),
            wide=True,
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
            wide=True,
        ),
    ]
    return page(title, lang, "\n".join(sections))


def _level_legend(lang: Lang) -> str:
    items = "".join(
        f'<li><span class="dot lv-{lv}"></span>{escape(t("reports.level." + lv, lang))}</li>'
        for lv in overview.LEVELS_WORST_FIRST
    )
    return f'<ul class="legend">{items}</ul>'


def _organisation_maps(
    doc: Mapping[str, Any], names: Mapping[str, str], lang: Lang, opened: str
) -> str:
    """Per-organisation maps with named boxes, worst organisation first (several members)."""
    order = [m.org_id for m in overview.members(doc)]
    if len(order) < 2:
        return ""
    maps = organisation_maps(tables.map_rows(doc), tables.map_flow_rows(doc), names, order, lang)
    out = [f"<h3>{escape(t('reports.map.per_org', lang))}</h3>"]
    for org, dmap in maps:
        out.append(
            f"<details{opened}><summary>{escape(names.get(org, org))} · "
            f"{escape(overview.counted(dmap.total, 'applications', lang))}</summary>"
            f'<div class="map">{dmap.svg}</div></details>'
        )
    return "".join(out)


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
