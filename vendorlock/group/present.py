"""Views → reports: the tables, charts and sentences of each group command, localised.

Each ``*_report`` takes the JSON-able view its command computed and returns a
:class:`~vendorlock.group.render.GroupReport`; nothing here computes a figure, it only lays
them out, so the JSON and every other format always agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vendorlock.group import anonymity, charts
from vendorlock.group.render import GroupReport
from vendorlock.group.tablespec import Context, spec_table
from vendorlock.group.tablespec import Words as Words  # the terminal lines use it too
from vendorlock.group.tablespec import join as _join
from vendorlock.i18n import Lang, has, plural_key, t, tn
from vendorlock.registry import fold
from vendorlock.reports import overview, tables
from vendorlock.reports.note import same_text_articles, short_reference
from vendorlock.reports.numbers import (
    SCORE_SCALE,
    money,
    money_headline,
    number,
    score,
    share,
    years_text,
)
from vendorlock.reports.sections import (
    Bullets,
    Card,
    Cards,
    Chart,
    ChartSet,
    Kpi,
    KpiStrip,
    Paragraph,
    Section,
    paragraphs,
)

#: Said of a concentration index that cannot be computed (feminine in French: « inconnue »).
HHI_NONE = "group.agg.hhi_unknown"


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
        years = years_text("reports.kpi.years", low / spend, high / spend, lang)
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
                t(
                    "group.kpi.structure_note",
                    lang,
                    members=overview.counted(int(view["members"]), "members", lang),
                )
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


def aggregate_report(
    view: Mapping[str, Any], lang: Lang, left_out: Sequence[str] = ()
) -> GroupReport:
    conc = view["concentration"]
    k = view["anonymity"]["min_group"]
    members = {m["org_id"]: m["name"] or m["org_id"] for m in view["member_ranking"]}
    editors = {e["id"]: e["name"] for e in view["editors"]}
    ctx = Context(lang, k, {"members": members, "editors": editors})

    def figure(field: str, text: str | None, missing: str = "group.unknown") -> str:
        if anonymity.is_suppressed(conc, field):
            return anonymity.cell_text(k, lang)
        return text or t(missing, lang)

    spend = money_headline(conc["total_spend"], None, lang)
    lead = (
        t(
            "group.agg.lead",
            lang,
            members=overview.counted(view["members"], "members", lang),
            apps=overview.counted(conc["applications"], "applications", lang),
            spend=(
                t("group.agg.spend", lang, spend=figure("total_spend", spend))
                if spend or anonymity.is_suppressed(conc, "total_spend")
                else t("group.agg.spend_unknown", lang)
            ),
        ),
        t(
            "group.agg.hhi",
            lang,
            # the concentration (feminine in French) is what is unknown; an HHI reads whole
            editor=figure("hhi_editor_spend", number(conc["hhi_editor_spend"], lang, 0), HHI_NONE),
            group=figure("hhi_group_spend", number(conc["hhi_group_spend"], lang, 0), HHI_NONE),
            editor_apps=number(conc["hhi_editor_apps"], lang, 0) or t(HHI_NONE, lang),
        ),
        anonymity.note(k, lang),
    )
    anon = anonymity.note(k, lang)
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
                spec_table("editors", view["editors"], ctx, score_col=6, note=anon),
            ),
            wide=True,
        ),
        Section(
            "groups",
            t("group.sheet.groups", lang),
            (spec_table("groups", view["groups"], ctx, score_col=6, note=anon),),
            wide=True,
        ),
        Section(
            "members",
            t("group.sheet.members", lang),
            (spec_table("members", view["member_ranking"], ctx, score_col=4, note=anon),),
            wide=True,
        ),
        Section(
            "matrix",
            t("group.sheet.matrix", lang),
            (spec_table("matrix", matrix["cells"], ctx, note=anon),),
        ),
    ]
    bench = view["benchmark"]
    bench_note = t("group.bench_note", lang, k=k)
    sections += [
        Section(
            "bench-domain",
            t("group.sheet.bench_domain", lang),
            (
                Paragraph(t("group.bench_intro", lang, k=k)),
                spec_table("bench_domain", bench["by_domain"], ctx, note=bench_note),
            ),
            wide=True,
        ),
        Section(
            "bench-product",
            t("group.sheet.bench_product", lang),
            (spec_table("bench_product", bench["by_product"], ctx, note=bench_note),),
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
    inventory_names = view.get("editor_names") or {}
    ctx = Context(lang, k, {"opportunities": labels, "editors": inventory_names})
    summary = spec_table("opportunities", opps, ctx, note=anonymity.note(k, lang))
    sections = [
        Section(
            "calendar",
            t("group.sheet.opportunities", lang),
            (
                ChartSet(tuple(Chart(w, p) for w, p in charts.pool_calendar_pairs(opps, lang))),
                summary,
            )
            if opps
            else (Paragraph(t("group.pool.none", lang)), summary),
            wide=True,
        )
    ]
    member_rows: list[dict[str, Any]] = []
    # hundreds of members per opportunity share a few dates and editor lists: each is put
    # into words once
    unknown = t("group.unknown", lang)
    overdue = " — " + t("group.pool.overdue", lang)
    dates: dict[Any, str] = {}
    editor_lists: dict[tuple[Any, ...], str] = {}

    def day(iso: Any) -> str:
        if iso not in dates:
            dates[iso] = overview.long_date(iso, lang)
        return dates[iso]

    def editors(ids: Sequence[Any]) -> str:
        key = tuple(ids)
        if key not in editor_lists:
            editor_lists[key] = _join(words.editor(e, inventory_names.get(e)) for e in key)
        return editor_lists[key]

    for o in opps:
        bullets = [
            t(
                "group.pool.member_hidden"
                if anonymity.is_suppressed(m, "annual_spend")
                else "group.pool.member",
                lang,
                name=m["name"],
                date=day(m["decision_date"]),
                end=day(m["contract_end"]) if m["contract_end"] else unknown,
                editors=editors(m["editors"]),
                products=_join(words.product(p) for p in m["products"]) or unknown,
                spend=money(m["annual_spend"], lang) or unknown,
            )
            + (overdue if m.get("overdue") else "")
            # by decision date, the order the buyer meets them in (then by name)
            for m in sorted(o["members"], key=lambda m: (m["decision_date"] or "", m["name"] or ""))
        ]
        bullets += _requirement_lines(o["requirements"], lang)
        bullets += [
            t(
                "group.pool.alternative",
                lang,
                name=words.product(a["name"]),
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
        member_rows += [dict(m, opportunity=o["id"]) for m in o["members"]]
    sections.append(
        Section(
            "pool-members",
            t("group.sheet.pool_members", lang),
            (spec_table("pool_members", member_rows, ctx, note=anonymity.note(k, lang)),),
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
    k = view["anonymity"]["min_group"]
    table = spec_table(
        "compare",
        rows,
        Context(lang, k),
        score_col=15,
        note=anonymity.note(k, lang),
        stacked=True,  # an editor a card on a phone: 20 columns, a few editors
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
                (Chart(*charts.editor_comparison_pair(rows, lang)), table) if in_use else (table,),
                wide=True,
            ),
        ),
    )


# -- simulate ----------------------------------------------------------------------------------


def _flow_sections(flows: Sequence[Mapping[str, Any]], ctx: Context) -> list[Section]:
    """One section per verdict — breaks, to check, keeps working — each with its reasons and
    the member whose application it is (several members run an application of one name)."""
    lang = ctx.lang
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
                    # a flow a card on a phone: its reason, a sentence, made rows 250 px tall
                    spec_table(
                        f"flows_{status}", rows, ctx, spec="flows", title=sheet, stacked=True
                    ),
                ),
                wide=True,
            )
        )
    return out


def simulate_report(view: Mapping[str, Any], lang: Lang) -> GroupReport:
    reps = view["replacements"]
    words = Words(lang)
    lead = [
        t(
            plural_key("group.sim.pair", len(r["applications"]), lang),
            lang,
            old=words.product(r["old"]),
            new=words.product(r["new"]),
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
    # each count agrees with its verb (« 1 est rompu », « aucun n'est rompu », « 96 sont à
    # vérifier »), not « 1 sont rompus »
    lead.append(
        t(
            "group.sim.flows",
            lang,
            **{
                status: t(f"group.sim.flows.{status}.none", lang)
                if not counts[status]
                else tn(f"group.sim.flows.{status}", counts[status], lang)
                for status in ("works", "to_check", "broken")
            },
        )
    )
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
    # members and applications by name, never by their SIREN or inventory id
    members = {o["org_id"]: o["name"] or o["org_id"] for o in view["scores"]["organisations"]}
    apps = {f["app_id"]: f["app_name"] or f["app_id"] for f in view["flows"]}
    obligations = tuple(
        t(
            "group.sim.obligation" if o["status"] == "broken" else "group.sim.obligation_check",
            lang,
            org=members.get(o["org_id"], o["org_id"]),
            app=apps.get(o["app_id"], o["app_id"]),
            platform=words.standard_named(o["platform"], o["platform_name"]),
            standards=words.many("standard", o["standards"]),
        )
        for o in view["obligations"]
    )
    ctx = Context(lang, k, {"members": members})
    costs = spec_table(
        "costs",
        view["costs"],
        ctx,
        title=t("group.sheet.sim_costs", lang),
        note=t("group.sim.cost_note", lang, k=k),
        stacked=True,
    )
    scores = spec_table(
        "scores", view["scores"]["applications"], ctx, title=t("group.sheet.sim_scores", lang)
    )
    orgs = spec_table(
        "org_scores", view["scores"]["organisations"], ctx, title=t("group.sheet.sim_orgs", lang)
    )
    sections = (
        *_flow_sections(view["flows"], ctx),
        Section(
            "obligations",
            t("group.sim.obligations", lang),
            (Bullets(obligations or (t("group.sim.no_obligation", lang),)),),
        ),
        Section("costs", t("group.sheet.sim_costs", lang), (costs,), wide=True),
        Section(
            "scores",
            t("group.sheet.sim_scores", lang),
            (
                Paragraph(t("group.sim.unknown_terms", lang)),
                *(
                    (Paragraph(t("group.sim.others_move", lang)),)
                    if any(
                        a["product_before"] == a["product_after"]
                        for a in view["scores"]["applications"]
                    )
                    else ()
                ),
                scores,
            ),
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


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _counted(key: str, count: int, lang: Lang, of: int | None = None) -> str:
    """``key`` agreeing with ``count``: its ``.none`` form for zero (« aucun des 7 produits »,
    not « 0 des 7 »), its ``.all`` form, where it has one, for all ``of`` of two or more
    (« les 7 produits », not « 7 des 7 »), else its singular or plural."""
    if count == 0:
        return f"{key}.none"
    if of is not None and count == of >= 2 and has(f"{key}.all"):
        return f"{key}.all"
    return plural_key(key, count, lang)


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
                _counted("group.req.standard", ms["products"], lang, ms["of"]),
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
            _counted("group.req.format", f["products"], lang),
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
    semicolon = t("loc.semicolon", lang)
    for c in view["clauses"]:
        # as the note names them: a text cited for two articles once (« règlement (UE)
        # 2023/2854 sur les données, art. 25 et 29 »), references apart by semicolons (their
        # titles hold commas)
        shorts = [short_reference(r["id"], r["title"], lang) for r in c["references"]]
        basis = semicolon.join(same_text_articles(shorts, lang))
        clause_lines.append(f"{c['text']} — " + t("group.req.basis", lang, refs=basis))
        for r in c["references"]:
            refs[r["id"]] = r
    clause_lines.append(t("group.req.switching", lang))
    # each reference named once, by its full title in the report's language (« CCAG-TIC 2021
    # (arrêté du 30 mars 2021), art. 28 — lorsque… », was « CCAG-TIC 2021, art. 28 : CCAG-TIC
    # 2021 (arrêté…), art. 28 — … »: the short name a clause cites, then the title it opens),
    # in the order a reader looks them up
    ref_lines = [
        _capital(r["title"])
        + (f" <{r['url']}>" if r["url"] else "")
        + ("" if r["verified"] else f" ({t('group.req.unverified', lang)})")
        # as a dictionary orders them: « Référentiel » after « Règlement », not after « RGPD »
        for r in sorted(refs.values(), key=lambda r: (fold(r["title"]), r["id"]))
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
