"""The one-screen terminal summary: key figures, top risks, next decisions, members, unknowns.

Lines only, no printing (the CLI prints them and adds where the reports are). User text is
passed through :func:`~vendorlock.reports.cells.terminal_text` so a name with escape sequences
or bidi overrides cannot rewrite the terminal, and every line is cut to ``width``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from vendorlock.i18n import Lang, plural_key, t
from vendorlock.reports import overview, tables
from vendorlock.reports.cells import terminal_text
from vendorlock.reports.numbers import cost_headline, money_headline, number, score, share

COLLECT_COLUMNS = 5
#: Lines a decision may take (its date, application and action first, then its sentence).
DECISION_LINES = 2


#: Organisations listed by name; the others are counted.
MAX_ORGS = 8


def _org_lines(org: overview.Member, lang: Lang) -> list[str]:
    coverage = share(org.coverage, lang) or "?"
    spend = money_headline(org.annual_spend, None, lang) or "?"
    if org.index is None:
        return [
            t(
                "reports.term.org_no_index",
                lang,
                org=terminal_text(org.name, 40),
                coverage=coverage,
                apps=org.applications,
                spend=spend,
            )
        ]
    return [
        t(
            "reports.term.org",
            lang,
            org=terminal_text(org.name, 40),
            index=score(org.index, lang, scale=True),
            level=t(f"reports.level.{org.level}", lang),
            apps=org.applications,
            spend=spend,
        ),
        "  "
        + t(
            "reports.term.coverage",
            lang,
            coverage=coverage,
            scored=org.scored,
            apps=org.applications,
        ),
    ]


def _kpi_lines(k: overview.Kpis, lang: Lang) -> list[str]:
    """The key figures: the structure's index (several members), spend, exit cost, levels."""
    lines = []
    if k.structure_wide:
        index = score(k.index, lang, scale=True) or "–"
        lines.append(
            t(
                "reports.term.structure",
                lang,
                index=index,
                level=t(f"reports.level.{k.level}", lang),
                coverage=share(k.coverage, lang) or "?",
                orgs=k.organisations,
            )
        )
    if k.structure_wide:  # one organisation's line already gives its spend and applications
        lines.append(
            t(
                "reports.term.spend",
                lang,
                spend=money_headline(k.annual_spend, None, lang)
                or t("reports.kpi.unknown_spend", lang),
                apps=k.applications,
            )
        )
    cost = {"low": k.exit_low, "high": k.exit_high}
    if k.years_low is not None and k.years_high is not None:
        cost["years_of_spend"] = {"low": k.years_low, "high": k.years_high}  # type: ignore[assignment]
    lines.append(t("reports.term.exit_cost", lang, range=cost_headline(cost, lang)))
    shown = [(lv, n) for lv, n in k.levels if n or lv != overview.INSUFFICIENT]
    lines.append(t("reports.term.levels", lang) + " " + overview.level_counts_text(shown, lang))
    return lines


def _band(app: Mapping[str, Any], lang: Lang) -> str:
    """`` [60,9–65,9 ; 95,0 %]``: the score's range and the data coverage, parted so that a
    decimal comma cannot read as the list's (nothing when neither is known)."""
    band, coverage = tables.score_range(app, lang), share(app.get("coverage"), lang)
    if band and coverage:
        return " " + t("reports.term.band", lang, range=band, coverage=coverage)
    return f" [{band or coverage}]" if band or coverage else ""


def _wrapped(line: str, width: int, indent: str, max_lines: int | None = None) -> list[str]:
    """A line that says what to do, wrapped at spaces instead of cut mid-word (« agir
    maintenant ou acce… » lost the instruction); dates and amounts hold non-breaking spaces,
    so they never split."""
    if len(line) <= width:
        return [line]
    return textwrap.wrap(
        line, width, subsequent_indent=indent, max_lines=max_lines, placeholder=" …"
    )


def terminal_summary(doc: Mapping[str, Any], lang: Lang, width: int = 100) -> list[str]:
    """The summary lines, each at most ``width`` characters: key figures first, then the top
    risks with their organisation, the next decisions (overdue flagged), then the members."""
    s = doc["summary"]
    ov = overview.overview(doc)
    lines = [
        t(
            "reports.term.header",
            lang,
            as_of=overview.long_date(ov.as_of, lang),
            pack=doc["rule_pack"]["id"],
            version=doc["rule_pack"]["version"],
        )
    ]
    if len(ov.members) == 1:
        lines += _org_lines(ov.members[0], lang)
    lines += _kpi_lines(ov.kpis, lang)
    lines += ["", t("reports.term.top_risks", lang)]
    apps = tables.apps_by_key(doc, {(r.org_id, r.app_id) for r in ov.risks})
    for r in ov.risks:
        a = apps[(r.org_id, r.app_id)]
        level = t("reports.level." + r.level, lang)
        where = terminal_text(r.organisation, 28) if len(ov.members) > 1 else ""
        owner = ", ".join(x for x in (where, terminal_text(r.editor or "?", 20)) if x)
        lines.append(
            f"  {r.rank}. {score(r.score, lang):>5} {level:<9}{_band(a, lang)}"
            f" {terminal_text(r.application, 30)} ({owner})"
        )
        if r.reason:
            lines.append("       " + terminal_text(r.reason))
    if not ov.risks:
        lines.append(t("reports.term.no_ranked", lang))
    lines += ["", t("reports.term.next_decisions", lang)]
    overdue = ov.decisions.overdue
    if overdue:
        said = t(
            plural_key("reports.term.overdue", len(overdue), lang),
            lang,
            n=len(overdue),
            first=overview.long_date(overdue[0].date, lang),
        )
        lines += _wrapped("  " + said, width, "    ")
    for d in ov.decisions.upcoming:
        action, text = tables.label("action", d.kind, lang), terminal_text(d.text)
        # « mutualiser : Mutualiser l'achat avant… »: the sentence names its action already
        named = str(text).casefold().startswith(str(action).casefold())
        said = t(
            "reports.term.decision_said" if named else "reports.term.decision",
            lang,
            date=overview.long_date(d.date, lang),
            app=terminal_text(d.application, 30),
            action=action,
            text=text,
        )
        lines += _wrapped(said, width, "      ", DECISION_LINES)
    if not ov.decisions.upcoming and not overdue:
        lines.append("  " + t("reports.term.no_decisions", lang))
    if len(ov.members) > 1:
        lines += ["", t("reports.term.members", lang)]
        for org in ov.members[:MAX_ORGS]:
            lines += _org_lines(org, lang)
        if len(ov.members) > MAX_ORGS:
            lines.append(t("reports.term.more_orgs", lang, n=len(ov.members) - MAX_ORGS))
    collect = _collect_lines(doc, lang)
    if collect:
        lines += ["", t("reports.term.to_collect", lang), *collect]
    unknown = s.get("apps_with_unknowns") or 0
    lines += ["", t("reports.term.unknowns", lang, n=unknown, total=s["applications"])]
    lines += tables.set_aside_notes(doc, lang)
    if s.get("unlinked_contracts"):
        unlinked = s["unlinked_contracts"]
        lines.append(t(plural_key("reports.term.unlinked", unlinked, lang), lang, n=unlinked))
    return [terminal_text(line, width) if len(line) > width else line for line in lines]


def _collect_lines(doc: Mapping[str, Any], lang: Lang) -> list[str]:
    """The columns that would settle the most points, over all organisations shown."""
    totals: dict[str, list[float]] = {}
    for org in doc["organisations"]:
        for item in org.get("to_collect") or []:
            entry = totals.setdefault(item["column"], [0.0, 0.0])
            entry[0] += item["points"]
            entry[1] += item["applications"]
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0]))[:COLLECT_COLUMNS]
    return [
        t(
            "reports.term.to_collect_item",
            lang,
            column=terminal_text(column, 50),
            points=number(points, lang),
            apps=int(apps),
        )
        for column, (points, apps) in ordered
    ]
