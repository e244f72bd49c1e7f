"""The audit report described as sections: what it shows, in what order, never how it looks.

The summary a director reads first (key figures, top risks, next decisions, members, charts),
then the risk register, the data to collect, the action plan, the exit costs, the dependency
map and the detailed tables. Each part is a :class:`~vendorlock.reports.sections.Section` of
blocks rendered by the writers every report shares (:mod:`vendorlock.reports.sections`), so
the audit and the group reports get the same page shell, phone layout and print stylesheet.
The figures come from :mod:`vendorlock.reports.overview` and :mod:`vendorlock.reports.tables`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.reports import charts, overview, tables
from vendorlock.reports.cells import short
from vendorlock.reports.depmap import dependency_map, organisation_maps
from vendorlock.reports.html import PRINT_ROW_LIMIT
from vendorlock.reports.numbers import (
    SCORE_SCALE,
    cost_headline,
    cost_range,
    money_headline,
    money_range,
    number,
    score,
    share,
    years_text,
)
from vendorlock.reports.sections import (
    Alert,
    Badge,
    Block,
    Card,
    Cards,
    Charts,
    Columns,
    Detail,
    Details,
    Entries,
    Entry,
    Heading,
    Kpi,
    KpiStrip,
    Legend,
    Line,
    Lines,
    Map,
    Note,
    Section,
    page_html,
)

#: Applications detailed under the register (criteria) and under the exit costs.
TOP_RISKS = 15


def kpi_strip(k: overview.Kpis, lang: Lang) -> KpiStrip:
    """Index with coverage, spend, exit cost in euros and years, applications by level."""
    coverage = t("reports.kpi.coverage", lang, coverage=share(k.coverage, lang) or "?")
    head = "reports.kpi.structure_index" if k.structure_wide else "reports.kpi.index"
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
        years = years_text("reports.kpi.years", k.years_low, k.years_high, lang)
    return KpiStrip(
        (
            Kpi(
                t(head, lang),
                t("reports.ov.no_index", lang) if k.index is None else score(k.index, lang),
                t("reports.level." + k.level, lang) + " · " + coverage,
                level=k.level,
                unit="" if k.index is None else SCORE_SCALE,
                small=t(
                    "reports.kpi.structure_note",
                    lang,
                    orgs=overview.counted(k.organisations, "organisations", lang),
                )
                if k.structure_wide
                else "",
            ),
            Kpi(
                t("reports.kpi.spend", lang),
                money_headline(k.annual_spend, None, lang) or t("reports.kpi.unknown_spend", lang),
                size,
            ),
            Kpi(
                t("reports.kpi.exit_cost", lang),
                money_headline(k.exit_low, k.exit_high, lang),
                years,
            ),
            Kpi(t("reports.kpi.levels", lang), "", levels=k.levels),
        )
    )


def _risks(risks: Sequence[overview.Risk], lang: Lang) -> tuple[Block, ...]:
    if not risks:
        return (Note(t("reports.ov.no_risks", lang)),)
    entries = tuple(
        Entry(
            r.application,
            r.organisation + (f" · {r.editor}" if r.editor else ""),
            r.reason,
            badges=(Badge(r.level, score(r.score, lang)),),
        )
        for r in risks
    )
    return (Entries(entries, ordered=True),)


def _decisions(ds: overview.Decisions, lang: Lang) -> tuple[Block, ...]:
    out: list[Block] = []
    overdue = Badge("critical", t("reports.ov.overdue", lang))
    if ds.overdue:
        first = overview.long_date(ds.overdue[0].date, lang)
        key = "reports.ov.overdue_one" if len(ds.overdue) == 1 else "reports.ov.overdue_line"
        line = t(key, lang, n=number(len(ds.overdue), lang), first=first)
        out.append(Alert(overdue, line, "#actions"))
    if ds.upcoming:
        entries = tuple(
            Entry(
                d.application,
                f"{d.organisation} · {tables.label('action', d.kind, lang)}",
                d.text,
                badges=(overdue,) if d.overdue else (),
                date=d.date,
                shown_date=overview.long_date(d.date, lang),
            )
            for d in ds.upcoming
        )
        out.append(Entries(entries))
    elif not ds.overdue:
        out.append(Note(t("reports.ov.no_decisions", lang)))
    return tuple(out)


def _member_cards(members: Sequence[overview.Member], lang: Lang) -> Cards:
    """One card per organisation, worst first (already sorted by :func:`overview.members`)."""
    cards = []
    for m in members:
        # the coverage's lowercase message, as in the index's headline and the group's cards:
        # a fragment after « · » is mid-line (« moyen · 12 applications · couverture 95,2 % »)
        coverage = t("reports.kpi.coverage", lang, coverage=share(m.coverage, lang) or "?")
        cost = {
            "low": m.exit_low,
            "high": m.exit_high,
            "years_of_spend": (
                {"low": m.years_low, "high": m.years_high}
                if m.years_low is not None and m.years_high is not None
                else None
            ),
        }
        lines = (
            f"{t('reports.level.' + m.level, lang)} · "
            f"{overview.counted(m.applications, 'applications', lang)} · {coverage}",
            f"{t('reports.html.exit_cost', lang)} {cost_headline(cost, lang)}",
        )
        value, unit = (score(m.index, lang), SCORE_SCALE) if m.index is not None else ("–", "")
        cards.append(Card(m.name, value, m.level, lines, unit=unit))
    return Cards(t("reports.ov.members", lang), tuple(cards))


def summary_blocks(doc: Mapping[str, Any], lang: Lang) -> tuple[Block, ...]:
    """The summary a director reads first: key figures, top risks, next decisions, members."""
    ov = overview.overview(doc)
    risks = (Heading(t("reports.ov.top_risks", lang)), *_risks(ov.risks, lang))
    decisions = (Heading(t("reports.ov.next_decisions", lang)), *_decisions(ov.decisions, lang))
    members = (_member_cards(ov.members, lang),) if len(ov.members) > 1 else ()
    return (kpi_strip(ov.kpis, lang), Columns((risks, decisions)), *members)


def _criteria_details(apps: Sequence[Mapping[str, Any]], lang: Lang) -> Details:
    """Why each of the riskiest applications scores what it scores, criterion by criterion."""
    items = []
    for a in apps:
        lines = tuple(
            Line(
                c["title"],
                f"({number(c['points'], lang)}/{number(c['max_points'], lang)}, "
                f"{tables.label('status', c['status'], lang)}) — {c['reason']}",
                c["remedy"],
            )
            for c in sorted(a["criteria"], key=lambda c: (-c["points"], c["rule_id"]))
            if c["points"] > 0 or c["status"] in tables.KEPT_STATUSES
        )
        summary = f"{score(a['score'], lang)} · {a['name']} ({a.get('editor') or ''})"
        items.append(Detail(summary, (Lines(lines),)))
    return Details(tuple(items))


def _exit_cost_details(apps: Sequence[Mapping[str, Any]], lang: Lang) -> Details:
    """The costliest applications to leave, each with its items, their share and basis."""
    costly = sorted(apps, key=lambda a: (-a["exit_cost"]["high"], a["org_id"], a["app_id"]))
    items = []
    for a in costly[:TOP_RISKS]:
        cost = a["exit_cost"]
        lines = [
            Line(
                str(tables.label("cost", b["item"], lang)),
                f"{money_range(b['low'], b['high'], lang)} ({share(b.get('share'), lang)})"
                f" — {b['basis']}",
            )
            for b in sorted(cost["breakdown"], key=lambda b: (-b["high"], b["item"]))
        ]
        assumed = cost.get("assumed") or []
        if assumed:
            lines.append(Line(em=t("reports.html.assumed", lang, inputs=", ".join(assumed))))
        summary = f"{cost_range(cost, lang)} · {a['name']} ({a.get('editor') or ''})"
        items.append(Detail(summary, (Lines(tuple(lines)),)))
    return Details(tuple(items))


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
    editors = tables.spend_shares(doc["editors"], "editor_id")
    groups = tables.spend_shares(doc["groups"], "group")
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


def _input_notes(doc: Mapping[str, Any], lang: Lang) -> tuple[Block, ...]:
    """Rows set aside and contracts covering no application: one short line each, when any."""
    notes: list[Block] = []
    notes += [Note(line, "#problems") for line in tables.set_aside_notes(doc, lang)]
    unlinked = doc["summary"].get("unlinked_contracts")
    if unlinked:
        notes.append(Note(t("reports.term.unlinked", lang, n=unlinked)))
    return tuple(notes)


def _map_blocks(doc: Mapping[str, Any], lang: Lang) -> tuple[Block, ...]:
    """The structure-wide map by editor, then one map per organisation, worst first."""
    names = tables.org_names(doc)
    rows, flows = tables.map_rows(doc), tables.map_flow_rows(doc)
    dmap = dependency_map(rows, flows, names, lang=lang)
    out: list[Block] = [
        Note(t("reports.html.map_legend", lang)),
        Legend(overview.LEVELS_WORST_FIRST),
        Map(dmap.svg),
    ]
    if dmap.shown < dmap.total:
        out.append(Note(t("reports.note.map_capped", lang, shown=dmap.shown, total=dmap.total)))
    order = [m.org_id for m in overview.members(doc)]
    if len(order) >= 2:
        maps = organisation_maps(rows, flows, names, order, lang)
        out.append(Heading(t("reports.map.per_org", lang)))
        out.append(
            Details(
                tuple(
                    Detail(
                        f"{names.get(org, org)} · "
                        f"{overview.counted(m.total, 'applications', lang)}",
                        (Map(m.svg),),
                    )
                    for org, m in maps
                )
            )
        )
    return tuple(out)


def audit_sections(doc: Mapping[str, Any], lang: Lang, *, printed: bool = False) -> list[Section]:
    """Every part of the audit report, in reading order (``printed``: flows capped for a PDF)."""
    top = tables.ranked_apps(doc, TOP_RISKS)
    summary = (
        *summary_blocks(doc, lang),
        *_input_notes(doc, lang),
        Heading(t("reports.ov.details", lang)),
        Charts(tuple(chart_svgs(doc, lang))),
    )
    return [
        Section("summary", t("reports.sheet.summary", lang), summary),
        Section(
            "risks",
            t("reports.sheet.risk_register", lang),
            (
                tables.risk_register(doc, lang),
                Heading(t("reports.html.why", lang)),
                _criteria_details(top, lang),
            ),
            wide=True,
        ),
        Section(
            "to_collect",
            t("reports.sheet.to_collect", lang),
            (tables.to_collect(doc, lang),),
            wide=True,
        ),
        Section(
            "actions", t("reports.sheet.actions", lang), (tables.actions(doc, lang),), wide=True
        ),
        Section(
            "exit-costs",
            t("reports.sheet.exit_costs", lang),
            (
                Note(t("reports.html.exit_note", lang)),
                _exit_cost_details(tables.costliest_apps(doc, TOP_RISKS), lang),
            ),
        ),
        Section("map", t("reports.html.map", lang), _map_blocks(doc, lang)),
        Section(
            "editors", t("reports.sheet.editors", lang), (tables.editors(doc, lang),), wide=True
        ),
        Section("groups", t("reports.sheet.groups", lang), (tables.groups(doc, lang),), wide=True),
        Section(
            "flows",
            t("reports.sheet.flows", lang),
            (tables.flows(doc, lang, limit=PRINT_ROW_LIMIT if printed else None),),
            wide=True,
        ),
        Section("formats", t("reports.sheet.formats", lang), (tables.formats(doc, lang),)),
        Section("waivers", t("reports.sheet.waivers", lang), (tables.waivers(doc, lang),)),
        Section(
            "problems", t("reports.sheet.problems", lang), (tables.problems(doc, lang),), wide=True
        ),
    ]


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
    if printed:
        doc = _bounded(doc)
    pack = doc["rule_pack"]
    subtitle = t(
        "reports.html.as_of",
        lang,
        as_of=overview.long_date(doc.get("as_of"), lang),
        pack=pack["id"],
        version=pack["version"],
    )
    return page_html(
        report_title(doc, lang),
        audit_sections(doc, lang, printed=printed),
        lang,
        subtitle=subtitle,
        printed=printed,
    )
