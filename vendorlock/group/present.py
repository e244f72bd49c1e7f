"""Views → reports: the tables, charts and sentences of each group command, localised.

Each ``*_report`` takes the JSON-able view its command computed and returns a
:class:`~vendorlock.group.render.GroupReport`; nothing here computes a figure, it only lays
them out, so the JSON and every other format always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from vendorlock.group import anonymity, charts
from vendorlock.group.render import GroupReport
from vendorlock.i18n import Lang, has, plural_key, t
from vendorlock.model.portfolio import UNKNOWN
from vendorlock.reports import overview, tables
from vendorlock.reports.cells import Column, ColumnKind, Table
from vendorlock.reports.note import short_reference
from vendorlock.reports.numbers import (
    SCORE_SCALE,
    money,
    money_headline,
    number,
    score,
    share,
)
from vendorlock.reports.sections import (
    Bullets,
    Card,
    Cards,
    Chart,
    Kpi,
    KpiStrip,
    Paragraph,
    Section,
    paragraphs,
)

K = ColumnKind


def col(key: str, kind: ColumnKind, width: int, lang: Lang) -> Column:
    return Column(t(f"group.col.{key}", lang), kind, width)


def _yes(value: Any, lang: Lang) -> str:
    if value is None:
        return t("group.unknown", lang)
    return t("group.yes", lang) if value else t("group.no", lang)


def _join(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def _summary(lang: Lang, lead: Sequence[str], *blocks: Any) -> Section:
    """The first section of every group report: key figures (when given), then the lead."""
    strips = tuple(b for b in blocks if isinstance(b, KpiStrip))
    rest = tuple(b for b in blocks if not isinstance(b, KpiStrip))
    return Section("summary", t("group.summary", lang), (*strips, *paragraphs(lead), *rest))


# -- aggregate ---------------------------------------------------------------------------------


def structure_index(view: Mapping[str, Any]) -> float | None:
    """The aggregate view's structure-wide index (computed once, by
    :func:`vendorlock.reports.overview.structure_index`); every format shows this figure."""
    value = view.get("structure_index")
    return None if value is None else float(value)


def structure_line(view: Mapping[str, Any], lang: Lang) -> str:
    """The terminal's line for the structure's index: « Indice … : 35,4 / 100 »."""
    index = structure_index(view)
    value = score(index, lang, scale=True) if index is not None else t("reports.ov.no_index", lang)
    return t("group.term.structure_index", lang, index=value)


def _structure_kpis(view: Mapping[str, Any], k: int, lang: Lang) -> KpiStrip:
    """Structure-wide figures: members, index, spend, exit cost, members by level."""
    conc = view["concentration"]
    ranking = view["member_ranking"]
    index = structure_index(view)
    hidden = anonymity.is_suppressed(conc, "total_spend")
    spend = conc["total_spend"]
    low = sum(float(e["exit_cost"]["low"] or 0) for e in view["editors"])
    high = sum(float(e["exit_cost"]["high"] or 0) for e in view["editors"])
    years = ""
    if spend and not hidden:
        years = t(
            "reports.kpi.years",
            lang,
            low=number(low / spend, lang),
            high=number(high / spend, lang),
        )
    levels = [m["level"] or "insufficient_data" for m in ranking]
    worst_first = ("critical", "high", "medium", "low", "insufficient_data")
    return KpiStrip(
        (
            Kpi(
                t("group.kpi.members", lang),
                number(view["members"], lang) or "0",
                overview.counted(int(conc["applications"]), "applications", lang),
            ),
            Kpi(
                t("reports.kpi.structure_index", lang),
                score(index, lang) if index is not None else t("reports.ov.no_index", lang),
                t("reports.kpi.structure_note", lang)
                + " · "
                + t("reports.kpi.coverage", lang, coverage=share(conc["coverage"], lang) or "?"),
                unit=SCORE_SCALE if index is not None else "",
            ),
            Kpi(
                t("reports.kpi.spend", lang),
                anonymity.cell_text(k, lang)
                if hidden
                else money_headline(spend, None, lang) or t("reports.kpi.unknown_spend", lang),
            ),
            Kpi(
                t("reports.kpi.exit_cost", lang),
                anonymity.cell_text(k, lang) if hidden else money_headline(low, high, lang),
                years,
            ),
            Kpi(
                t("group.kpi.member_levels", lang),
                "",
                levels=tuple((lv, levels.count(lv)) for lv in worst_first),
            ),
        )
    )


def _member_cards(view: Mapping[str, Any], k: int, lang: Lang) -> Cards:
    """One card per member, most locked in first (no index last), then by name."""
    ranking = sorted(
        view["member_ranking"],
        key=lambda m: (m["lockin_index"] is None, -(m["lockin_index"] or 0.0), m["name"] or ""),
    )
    cards = []
    for m in ranking:
        level = m["level"] or "insufficient_data"
        lines = [
            t(f"group.level.{level}", lang)
            + " · "
            + overview.counted(int(m["applications"]), "applications", lang)
            + " · "
            + t("reports.kpi.coverage", lang, coverage=share(m.get("coverage"), lang) or "?")
        ]
        if m["annual_spend"] is not None and not anonymity.is_suppressed(m, "annual_spend"):
            spend = money_headline(m["annual_spend"], None, lang)
            lines.append(t("group.kpi.member_spend", lang, spend=spend))
        value = score(m["lockin_index"], lang, scale=True) or "–"
        cards.append(Card(m["name"] or m["org_id"], value, level, tuple(lines)))
    return Cards(t("reports.ov.members", lang), tuple(cards))


def _ranking_table(tid: str, rows: Sequence[Mapping[str, Any]], k: int, lang: Lang) -> Table:
    return Table(
        tid,
        t(f"group.sheet.{tid}", lang),
        (
            col("rank", K.INT, 6, lang),
            col("name", K.TEXT, 30, lang),
            col("members", K.INT, 10, lang),
            col("applications", K.INT, 12, lang),
            col("spend", K.MONEY, 14, lang),
            col("spend_share", K.SHARE, 10, lang),
            col("average_score", K.SCORE, 10, lang),
            col("worst_score", K.SCORE, 10, lang),
            col("exit_low", K.MONEY, 14, lang),
            col("exit_high", K.MONEY, 14, lang),
            col("coverage", K.SHARE, 10, lang),
        ),
        [
            (
                r["rank"],
                r["name"],
                r["members"],
                r["applications"],
                anonymity.shown(r, "spend", r["spend"], k, lang),
                anonymity.shown(r, "spend_share", r["spend_share"], k, lang),
                r["average_score"],
                r["worst_score"],
                anonymity.shown(r, "exit_cost", r["exit_cost"]["low"], k, lang),
                anonymity.shown(r, "exit_cost", r["exit_cost"]["high"], k, lang),
                r.get("coverage"),
            )
            for r in rows
        ],
        score_col=6,
        note=anonymity.note(k, lang),
    )


def domain_names(lang: Lang) -> dict[str, str]:
    """Domains by their label in ``lang`` ("Petite enfance", not ``childhood_education``)."""
    return {d: e.label(lang) for d, e in _registries().domains.items()}


@cache
def _registries() -> Any:
    from vendorlock.registry.load import load_registries

    return load_registries()


@dataclass(frozen=True)
class Words:
    """Registry and schema ids put into the reader's words: a domain's label in ``lang``, a
    standard's, format's or platform's name, hosting and API kinds as labels. The views keep
    their ids (the JSON is for programs); every other format shows these words. An id the
    bundled registries do not know (a local overlay) is shown as it is."""

    lang: Lang

    def domain(self, ident: Any) -> str:
        entry = _registries().domains.get(ident)
        return entry.label(self.lang) if entry else str(ident)

    def standard(self, ident: Any) -> str:
        reg = _registries()
        entry = reg.standards.get(ident) or reg.platforms.get(ident)
        return entry.label(self.lang) if entry else str(ident)

    def standard_named(self, ident: Any, name: Any) -> str:
        """A standard or platform the views name: its bundled registry name in ``lang`` when the
        view's name is that entry's (a user's rules file may rename or add one: kept as it is)."""
        reg = _registries()
        entry = reg.standards.get(ident) or reg.platforms.get(ident)
        if entry is not None and (name is None or name == entry.name):
            return entry.label(self.lang)
        return str(name if name is not None else ident)

    def format(self, ident: Any) -> str:
        entry = _registries().formats.get(ident)
        return entry.label(self.lang) if entry else str(ident)

    def editor(self, ident: Any, name: Any = None) -> str:
        """An editor's name; the ``unknown`` editor in ``lang``, not the registry's English."""
        if ident == UNKNOWN:
            return t("group.unknown_editor", self.lang)
        entry = _registries().editors.get(ident)
        return str(name) if name else entry.name if entry else str(ident)

    def hosting(self, ident: Any) -> str:
        return str(tables.label("hosting", ident, self.lang))

    def api(self, ident: Any) -> str:
        key = f"group.api.{ident}"
        return t(key, self.lang) if has(key) else str(ident)

    def needer(self, n: Mapping[str, Any]) -> str:
        """Who needs a standard: a domain's applications (in ``lang``) or a platform."""
        if n.get("kind") == "application":
            return self.domain(n["id"])
        if n.get("kind") == "platform":
            return self.standard_named(n["id"], n.get("name"))
        return str(n.get("name") or n["id"])

    def many(self, kind: str, idents: Iterable[Any]) -> str:
        name = getattr(self, kind)
        return ", ".join(name(i) for i in idents)


def _bench_cell(cell: Mapping[str, Any], key: str, lang: Lang, k: int) -> Any:
    if cell["suppressed"]:
        return t("group.suppressed", lang, k=k) if key == "median" else None
    return cell[key]


def _bench_table(
    tid: str, rows: Sequence[Mapping[str, Any]], keys: Sequence[str], k: int, lang: Lang
) -> Table:
    columns = [col(key, K.TEXT, 22, lang) for key in keys]
    for unit in ("per_inhabitant", "per_user"):
        columns += [
            col(f"{unit}_members", K.INT, 10, lang),
            col(f"{unit}_median", K.AUTO, 16, lang),
            col(f"{unit}_p25", K.NUMBER, 10, lang),
            col(f"{unit}_p75", K.NUMBER, 10, lang),
        ]
    body = []
    domains = domain_names(lang)
    for r in rows:
        line: list[Any] = [
            domains.get(r[key], r[key]) if key == "domain" else r[key] for key in keys
        ]
        for unit in ("per_inhabitant", "per_user"):
            cell = r[unit]
            line += [
                cell["members"],
                _bench_cell(cell, "median", lang, k),
                _bench_cell(cell, "p25", lang, k),
                _bench_cell(cell, "p75", lang, k),
            ]
        body.append(tuple(line))
    return Table(
        tid,
        t(f"group.sheet.{tid}", lang),
        tuple(columns),
        body,
        note=t("group.bench_note", lang, k=k),
    )


def aggregate_report(
    view: Mapping[str, Any], lang: Lang, left_out: Sequence[str] = ()
) -> GroupReport:
    conc = view["concentration"]
    k = view["anonymity"]["min_group"]
    members = {m["org_id"]: m["name"] or m["org_id"] for m in view["member_ranking"]}
    editors = {e["id"]: e["name"] for e in view["editors"]}

    def figure(field: str, text: str | None) -> str:
        if anonymity.is_suppressed(conc, field):
            return anonymity.cell_text(k, lang)
        return text or t("group.unknown", lang)

    lead = (
        t(
            "group.agg.lead",
            lang,
            members=view["members"],
            apps=conc["applications"],
            spend=figure("total_spend", money_headline(conc["total_spend"], None, lang)),
        ),
        t(
            "group.agg.hhi",
            lang,
            editor=figure("hhi_editor_spend", number(conc["hhi_editor_spend"], lang)),
            group=figure("hhi_group_spend", number(conc["hhi_group_spend"], lang)),
            editor_apps=number(conc["hhi_editor_apps"], lang) or t("group.unknown", lang),
        ),
        anonymity.note(k, lang),
    )
    sections = []
    if left_out:
        sections.append(
            Section("left-out", t("group.agg.left_out", lang), (Bullets(tuple(left_out)),))
        )
    matrix = view["matrix"]
    sections += [
        Section(
            "editors",
            t("group.sheet.editors", lang),
            (
                Paragraph(t("group.agg.editors_intro", lang)),
                Chart(charts.heatmap(matrix, members, editors, lang)),
                _ranking_table("editors", view["editors"], k, lang),
            ),
            wide=True,
        ),
        Section(
            "groups",
            t("group.sheet.groups", lang),
            (_ranking_table("groups", view["groups"], k, lang),),
            wide=True,
        ),
        Section(
            "members",
            t("group.sheet.members", lang),
            (
                Table(
                    "members",
                    t("group.sheet.members", lang),
                    (
                        col("rank", K.INT, 6, lang),
                        col("member", K.TEXT, 30, lang),
                        col("kind", K.TEXT, 12, lang),
                        col("population", K.INT, 12, lang),
                        col("lockin_index", K.SCORE, 10, lang),
                        col("level", K.TEXT, 10, lang),
                        col("applications", K.INT, 12, lang),
                        col("spend", K.MONEY, 14, lang),
                        col("hhi_editor", K.NUMBER, 10, lang),
                        col("hhi_group", K.NUMBER, 10, lang),
                        col("coverage", K.SHARE, 10, lang),
                    ),
                    [
                        (
                            m["rank"],
                            m["name"],
                            m["kind"],
                            m["population"],
                            m["lockin_index"],
                            t(f"group.level.{m['level']}", lang) if m["level"] else None,
                            m["applications"],
                            anonymity.shown(m, "annual_spend", m["annual_spend"], k, lang),
                            m["hhi_editor"],
                            m["hhi_group"],
                            m.get("coverage"),
                        )
                        for m in view["member_ranking"]
                    ],
                    score_col=4,
                    note=anonymity.note(k, lang),
                ),
            ),
            wide=True,
        ),
        Section(
            "matrix",
            t("group.sheet.matrix", lang),
            (
                Table(
                    "matrix",
                    t("group.sheet.matrix", lang),
                    (
                        col("member", K.TEXT, 30, lang),
                        col("editor", K.TEXT, 30, lang),
                        col("applications", K.INT, 12, lang),
                        col("spend", K.MONEY, 14, lang),
                    ),
                    [
                        (
                            members.get(c["org_id"], c["org_id"]),
                            editors.get(c["editor_id"], c["editor_id"]),
                            c["applications"],
                            anonymity.shown(c, "spend", c["spend"], k, lang),
                        )
                        for c in matrix["cells"]
                    ],
                    note=anonymity.note(k, lang),
                ),
            ),
        ),
    ]
    bench = view["benchmark"]
    sections += [
        Section(
            "bench-domain",
            t("group.sheet.bench_domain", lang),
            (
                Paragraph(t("group.bench_intro", lang, k=k)),
                _bench_table("bench_domain", bench["by_domain"], ("domain",), k, lang),
            ),
            wide=True,
        ),
        Section(
            "bench-product",
            t("group.sheet.bench_product", lang),
            (_bench_table("bench_product", bench["by_product"], ("domain", "product"), k, lang),),
            wide=True,
        ),
    ]
    summary = _summary(lang, lead, _structure_kpis(view, k, lang), _member_cards(view, k, lang))
    return GroupReport(
        "aggregate",
        t("group.agg.title", lang),
        anonymity.with_note(view, lang),
        lead,
        (summary, *sections),
    )


# -- pool --------------------------------------------------------------------------------------


def opportunity_label(o: Mapping[str, Any], n: int, lang: Lang) -> str:
    """« Achat groupé n° 3 : Archives »: the opportunity's rank and domain, never its id."""
    return t("group.pool.opp_label", lang, n=n, domain=Words(lang).domain(o["domain"]))


def _requirement_lines(req: Mapping[str, Any], lang: Lang) -> list[str]:
    words = Words(lang)
    lines = []
    for s in req["standards"]:
        needers = _join(
            words.needer(n)
            + (f" ({t('group.one_of', lang)})" if n.get("one_of_platform_standards") else "")
            for n in s["needed_by"]
        )
        lines.append(
            t(
                plural_key("group.pool.standard", s["members"], lang),
                lang,
                name=words.standard_named(s["id"], s["name"]),
                by=needers,
                members=s["members"],
            )
        )
    for f in req["formats"]:
        key = plural_key("group.pool.format", f["members"], lang)
        lines.append(t(key, lang, name=words.format(f["id"]), members=f["members"]))
    return lines


def pool_report(view: Mapping[str, Any], lang: Lang) -> GroupReport:
    opps = view["opportunities"]
    k = view["anonymity"]["min_group"]
    words = Words(lang)
    labels = {o["id"]: opportunity_label(o, n, lang) for n, o in enumerate(opps, start=1)}
    lead = (
        t(
            plural_key("group.pool.lead", len(opps), lang),
            lang,
            n=len(opps),
            members=view["members"],
            window=view["window_months"],
            min_members=view["min_members"],
        ),
        t("group.pool.algorithm", lang),
    )
    summary = Table(
        "opportunities",
        t("group.sheet.opportunities", lang),
        (
            col("opportunity", K.TEXT, 24, lang),
            col("domain", K.TEXT, 18, lang),
            col("window_start", K.DATE, 12, lang),
            col("window_end", K.DATE, 12, lang),
            col("members", K.INT, 10, lang),
            col("applications", K.INT, 12, lang),
            col("spend", K.MONEY, 14, lang),
            col("editors", K.TEXT, 30, lang),
            col("standards", K.TEXT, 30, lang),
        ),
        [
            (
                labels[o["id"]],
                words.domain(o["domain"]),
                o["window_start"],
                o["window_end"],
                o["member_count"],
                o["applications"],
                anonymity.shown(o, "annual_spend", o["annual_spend"], k, lang),
                words.many("editor", (e["id"] for e in o["editors"])),
                _join(s["name"] for s in o["requirements"]["standards"]),
            )
            for o in opps
        ],
        note=anonymity.note(k, lang),
    )
    sections = [
        Section(
            "calendar",
            t("group.sheet.opportunities", lang),
            (Chart(charts.pool_calendar(opps, lang)), summary)
            if opps
            else (Paragraph(t("group.pool.none", lang)), summary),
            wide=True,
        )
    ]
    member_rows = []
    for o in opps:
        bullets = [
            t(
                "group.pool.member_hidden"
                if anonymity.is_suppressed(m, "annual_spend")
                else "group.pool.member",
                lang,
                name=m["name"],
                date=overview.long_date(m["decision_date"], lang),
                end=overview.long_date(m["contract_end"], lang)
                if m["contract_end"]
                else t("group.unknown", lang),
                editors=words.many("editor", m["editors"]),
                products=_join(m["products"]) or t("group.unknown", lang),
                spend=money(m["annual_spend"], lang) or t("group.unknown", lang),
            )
            + (" — " + t("group.pool.overdue", lang) if m.get("overdue") else "")
            for m in o["members"]
        ]
        bullets += _requirement_lines(o["requirements"], lang)
        bullets += [
            t(
                "group.pool.alternative",
                lang,
                name=a["name"],
                oss=t("group.open_source", lang)
                if a["open_source"]
                else tables.label("licence", a["licence"], lang),
            )
            for a in o["alternatives"]
        ]
        sections.append(
            Section(
                o["id"],
                labels[o["id"]],
                (
                    Paragraph(
                        t(
                            "group.pool.opp_lead",
                            lang,
                            n=o["member_count"],
                            start=overview.long_date(o["window_start"], lang),
                            end=overview.long_date(o["window_end"], lang),
                            spend=anonymity.cell_text(k, lang)
                            if anonymity.is_suppressed(o, "annual_spend")
                            else money(o["annual_spend"], lang) or t("group.unknown", lang),
                        )
                    ),
                    Bullets(tuple(bullets)),
                ),
            )
        )
        member_rows += [
            (
                labels[o["id"]],
                m["name"],
                m["decision_date"],
                m["contract_end"],
                words.many("editor", m["editors"]),
                _join(m["products"]),
                anonymity.shown(m, "annual_spend", m["annual_spend"], k, lang),
            )
            for m in o["members"]
        ]
    sections.append(
        Section(
            "pool-members",
            t("group.sheet.pool_members", lang),
            (
                Table(
                    "pool_members",
                    t("group.sheet.pool_members", lang),
                    (
                        col("opportunity", K.TEXT, 24, lang),
                        col("member", K.TEXT, 30, lang),
                        col("decision_date", K.DATE, 12, lang),
                        col("contract_end", K.DATE, 12, lang),
                        col("editors", K.TEXT, 24, lang),
                        col("products", K.TEXT, 24, lang),
                        col("spend", K.MONEY, 14, lang),
                    ),
                    member_rows,
                    note=anonymity.note(k, lang),
                ),
            ),
            wide=True,
        )
    )
    return GroupReport(
        "pool",
        t("group.pool.title", lang),
        anonymity.with_note(view, lang),
        lead,
        (_summary(lang, lead), *sections),
    )


# -- compare -----------------------------------------------------------------------------------


def compare_report(view: Mapping[str, Any], lang: Lang) -> GroupReport:
    rows = view["editors"]
    words = Words(lang)
    k = view["anonymity"]["min_group"]
    table = Table(
        "compare",
        t("group.sheet.compare", lang),
        (
            col("editor", K.TEXT, 26, lang),
            col("in_use", K.TEXT, 8, lang),
            col("members", K.INT, 10, lang),
            col("applications", K.INT, 12, lang),
            col("products", K.TEXT, 26, lang),
            col("spend", K.MONEY, 14, lang),
            col("median_spend", K.MONEY, 14, lang),
            col("median_per_inhabitant", K.NUMBER, 12, lang),
            col("median_per_user", K.NUMBER, 12, lang),
            col("observed_standards", K.TEXT, 24, lang),
            col("catalogue_standards", K.TEXT, 24, lang),
            col("export_formats", K.TEXT, 24, lang),
            col("open_export_formats", K.TEXT, 24, lang),
            col("api", K.TEXT, 16, lang),
            col("hosting", K.TEXT, 24, lang),
            col("average_score", K.SCORE, 10, lang),
            col("worst_score", K.SCORE, 10, lang),
            col("exit_low", K.MONEY, 14, lang),
            col("exit_high", K.MONEY, 14, lang),
            col("open_source", K.TEXT, 10, lang),
        ),
        [
            (
                words.editor(r.get("editor_id"), r["name"]),
                _yes(r["in_use"], lang),
                r["members"],
                r["applications"],
                _join(r["products"] or r["catalogue_products"]),
                anonymity.shown(r, "total_spend", r["total_spend"], k, lang),
                anonymity.shown(r, "median_spend", r["median_spend"], k, lang),
                anonymity.shown(r, "median_per_inhabitant", r["median_per_inhabitant"], k, lang),
                anonymity.shown(r, "median_per_user", r["median_per_user"], k, lang),
                words.many("standard", r["observed_standards"]),
                words.many("standard", r["catalogue_standards"]),
                words.many(
                    "format",
                    sorted(set(r["observed_export_formats"]) | set(r["catalogue_export_formats"])),
                ),
                words.many("format", r["open_export_formats"]),
                words.many("api", sorted(set(r["observed_api"]) | set(r["catalogue_api"]))),
                words.many(
                    "hosting", sorted(set(r["observed_hosting"]) | set(r["catalogue_hosting"]))
                ),
                r["average_score"],
                r["worst_score"],
                anonymity.shown(r, "exit_cost", r["exit_cost"]["low"], k, lang),
                anonymity.shown(r, "exit_cost", r["exit_cost"]["high"], k, lang),
                _yes(r["open_source"], lang),
            )
            for r in rows
        ],
        score_col=15,
        note=anonymity.note(k, lang),
    )
    in_use = [r for r in rows if r["in_use"]]
    lead = (
        t(
            "group.compare.lead",
            lang,
            n=len(in_use),
            members=view["members"],
            catalogue=len(rows) - len(in_use),
        ),
    )
    return GroupReport(
        "compare",
        t("group.compare.title", lang, domain=view.get("domain_label") or view["domain"]),
        anonymity.with_note(view, lang),
        lead,
        (
            _summary(lang, lead),
            Section(
                "compare",
                t("group.sheet.compare", lang),
                (Chart(charts.editor_comparison(rows, lang)), table) if in_use else (table,),
                wide=True,
            ),
        ),
    )


# -- simulate ----------------------------------------------------------------------------------


def _flow_table(tid: str, title: str, rows: Sequence[Mapping[str, Any]], lang: Lang) -> Table:
    words = Words(lang)
    return Table(
        tid,
        title,
        (
            col("application", K.TEXT, 26, lang),
            col("direction", K.TEXT, 8, lang),
            col("other", K.TEXT, 26, lang),
            col("standard", K.TEXT, 14, lang),
            col("format", K.TEXT, 12, lang),
            col("status", K.TEXT, 14, lang),
            col("reason", K.TEXT, 48, lang),
            col("fix", K.TEXT, 16, lang),
        ),
        [
            (
                f["app_name"],
                t(f"group.direction.{f['direction']}", lang),
                f["other_name"],
                words.standard(f["standard"])
                if f["standard"]
                else words.many("standard", f["required"]),
                words.format(f["format"]) if f["format"] else None,
                t(f"group.status.{f['status']}", lang),
                f["reason_text"],
                t(f"group.fix.{f['fix']}", lang) if f["fix"] else None,
            )
            for f in rows
        ],
    )


def _flow_sections(flows: Sequence[Mapping[str, Any]], lang: Lang) -> list[Section]:
    """One section per verdict — breaks, to check, keeps working — each with its reasons."""
    out = []
    for status in ("broken", "to_check", "works"):
        rows = [f for f in flows if f["status"] == status]
        sheet = t(f"group.sheet.sim_{status}", lang)
        out.append(
            Section(
                f"flows-{status.replace('_', '-')}",
                t(f"group.sim.group.{status}", lang, n=len(rows)),
                (
                    Paragraph(t(f"group.sim.group_intro.{status}", lang)),
                    _flow_table(f"flows_{status}", sheet, rows, lang),
                ),
                wide=True,
            )
        )
    return out


def simulate_report(view: Mapping[str, Any], lang: Lang) -> GroupReport:
    reps = view["replacements"]
    lead = [
        t(
            plural_key("group.sim.pair", len(r["applications"]), lang),
            lang,
            old=r["old"],
            new=r["new"],
            apps=len(r["applications"]),
            oss=f" ({t('group.open_source', lang)})" if r["new_open_source"] else "",
        )
        for r in reps
    ]
    json_view = anonymity.with_note(view, lang)
    if not reps:
        lead.append(t("group.sim.nothing", lang))
        return GroupReport(
            "simulate", t("group.sim.title", lang), json_view, tuple(lead), (_summary(lang, lead),)
        )
    counts = view["flow_counts"]
    totals = view["totals"]
    k = view["anonymity"]["min_group"]
    lead.append(t("group.sim.flows", lang, **counts))
    lead.append(
        t(
            "group.sim.cost",
            lang,
            cost=money_headline(
                totals["switching_cost"]["low"], totals["switching_cost"]["high"], lang
            ),
            diff=money(totals["annual_difference"], lang) or t("group.unknown", lang),
        )
    )
    if totals["priced_by_others"]:
        lead.append(t("group.sim.priced_by_others", lang, n=totals["price_bodies"]))
    if totals["annual_difference_suppressed_for"]:
        lead.append(
            t(
                "group.sim.price_suppressed",
                lang,
                n=totals["annual_difference_suppressed_for"],
                k=k,
            )
        )
    obligations = tuple(
        t(
            "group.sim.obligation" if o["status"] == "broken" else "group.sim.obligation_check",
            lang,
            org=o["org_id"],
            app=o["app_id"],
            platform=o["platform_name"],
            standards=_join(o["standards"]),
        )
        for o in view["obligations"]
    )
    costs = Table(
        "costs",
        t("group.sheet.sim_costs", lang),
        (
            col("application", K.TEXT, 26, lang),
            col("broken_flows", K.INT, 10, lang),
            col("to_check_flows", K.INT, 10, lang),
            col("exit_low", K.MONEY, 14, lang),
            col("exit_high", K.MONEY, 14, lang),
            col("interface_low", K.MONEY, 14, lang),
            col("interface_high", K.MONEY, 14, lang),
            col("switch_low", K.MONEY, 14, lang),
            col("switch_high", K.MONEY, 14, lang),
            col("annual_before", K.MONEY, 14, lang),
            col("annual_after", K.MONEY, 14, lang),
            col("annual_difference", K.MONEY, 14, lang),
        ),
        [
            (
                c["app_name"],
                c["broken_flows"],
                c["to_check_flows"],
                c["exit_cost_without_interfaces"]["low"],
                c["exit_cost_without_interfaces"]["high"],
                c["interface_work"]["low"],
                c["interface_work"]["high"],
                c["switching_cost"]["low"],
                c["switching_cost"]["high"],
                c["annual_cost_before"],
                anonymity.shown(
                    c, "annual_cost_after_estimate", c["annual_cost_after_estimate"], k, lang
                ),
                anonymity.shown(c, "annual_difference", c["annual_difference"], k, lang),
            )
            for c in view["costs"]
        ],
        note=t("group.sim.cost_note", lang, k=k),
    )
    scores = Table(
        "scores",
        t("group.sheet.sim_scores", lang),
        (
            col("application", K.TEXT, 26, lang),
            col("product_before", K.TEXT, 20, lang),
            col("product_after", K.TEXT, 20, lang),
            col("score_before", K.SCORE, 10, lang),
            col("score_after", K.SCORE, 10, lang),
        ),
        [
            (
                s["name"],
                s["product_before"],
                s["product_after"],
                s["score_before"],
                s["score_after"],
            )
            for s in view["scores"]["applications"]
        ],
    )
    orgs = Table(
        "org_scores",
        t("group.sheet.sim_orgs", lang),
        (
            col("member", K.TEXT, 26, lang),
            col("index_before", K.SCORE, 10, lang),
            col("index_after", K.SCORE, 10, lang),
        ),
        [
            (o["name"], o["lockin_index_before"], o["lockin_index_after"])
            for o in view["scores"]["organisations"]
        ],
    )
    sections = (
        *_flow_sections(view["flows"], lang),
        Section(
            "obligations",
            t("group.sim.obligations", lang),
            (Bullets(obligations or (t("group.sim.no_obligation", lang),)),),
        ),
        Section("costs", t("group.sheet.sim_costs", lang), (costs,), wide=True),
        Section(
            "scores",
            t("group.sheet.sim_scores", lang),
            (Paragraph(t("group.sim.unknown_terms", lang)), scores),
        ),
        Section("org-scores", t("group.sheet.sim_orgs", lang), (orgs,)),
    )
    return GroupReport(
        "simulate",
        t("group.sim.title", lang),
        json_view,
        tuple(lead),
        (_summary(lang, lead), *sections),
    )


# -- requirements ------------------------------------------------------------------------------


def requirements_report(view: Mapping[str, Any], lang: Lang) -> GroupReport:
    label = view["domain_label"]
    lead = [t("group.req.lead", lang, domain=label)]
    if view["from_inventory"]:
        lead.append(
            t("group.req.from_data", lang, apps=view["applications"], members=view["members"])
        )
    else:
        lead.append(t("group.req.from_catalogue", lang))
    words = Words(lang)
    std_lines = []
    for n, s in enumerate(view["standards"], start=1):
        by = _join(
            words.needer(n_)
            + (f" ({t('group.one_of', lang)})" if n_.get("one_of_platform_standards") else "")
            for n_ in s["needed_by"]
        )
        ms = s["market_support"]
        std_lines.append(
            t(
                "group.req.standard",
                lang,
                n=n,
                name=words.standard_named(s["id"], s["name"]),
                by=by,
                products=ms["products"],
                of=ms["of"],
            )
        )
    fmt_lines = [
        t(
            plural_key("group.req.format", f["products"], lang),
            lang,
            name=Words(lang).format(f["id"]),
            id=f["id"],
            products=f["products"],
        )
        + (t("group.req.format_observed", lang) if f["observed"] else "")
        for f in view["formats"]
    ]
    api = [t("group.req.api", lang)]
    if view["api_observed"]:
        api.append(
            t(
                "group.req.api_observed",
                lang,
                kinds=_join(f"{words.api(k)} ({v})" for k, v in view["api_observed"].items()),
            )
        )
    clause_lines = []
    refs: dict[str, Mapping[str, Any]] = {}
    for c in view["clauses"]:
        clause_lines.append(
            f"{c['text']} — "
            + t(
                "group.req.basis",
                lang,
                refs=_join(short_reference(r["id"], r["title"], lang) for r in c["references"]),
            )
        )
        for r in c["references"]:
            refs[r["id"]] = r
    clause_lines.append(t("group.req.switching", lang))
    ref_lines = [
        f"{short_reference(r['id'], r['title'], lang)} : {r['title']}"
        if lang is Lang.FR
        else f"{short_reference(r['id'], r['title'], lang)}: {r['title']}"
        + (f" <{r['url']}>" if r["url"] else "")
        + ("" if r["verified"] else f" ({t('group.req.unverified', lang)})")
        for _, r in sorted(refs.items())
    ]
    sections = (
        Section(
            "standards",
            t("group.req.standards", lang),
            (Bullets(tuple(std_lines) or (t("group.req.no_standard", lang),)),),
        ),
        Section(
            "formats",
            t("group.req.formats", lang),
            (Paragraph(t("group.req.formats_intro", lang)), Bullets(tuple(fmt_lines))),
        ),
        Section("api", t("group.req.api_title", lang), (Bullets(tuple(api)),)),
        Section("clauses", t("group.req.clauses", lang), (Bullets(tuple(clause_lines)),)),
        Section("references", t("group.req.references", lang), (Bullets(tuple(ref_lines)),)),
    )
    return GroupReport(
        "requirements",
        t("group.req.title", lang, domain=label),
        view,
        tuple(lead),
        (_summary(lang, lead), *sections),
    )
