"""The one-screen terminal summary: index and level, top risks, next decisions, unknowns.

Lines only, no printing (the CLI prints them and adds where the reports are). User text is
passed through :func:`~vendorlock.reports.cells.terminal_text` so a name with escape sequences
or bidi overrides cannot rewrite the terminal, and every line is cut to ``width``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from vendorlock.i18n import Lang, long_date, plural_key, t
from vendorlock.reports import tables
from vendorlock.reports.cells import terminal_text
from vendorlock.reports.numbers import cost_range, money, number, share

TOP_RISKS = 5
NEXT_DECISIONS = 5
COLLECT_COLUMNS = 5


#: Organisations listed by name; the others are counted.
MAX_ORGS = 8


def terminal_summary(doc: Mapping[str, Any], lang: Lang, width: int = 100) -> list[str]:
    """The summary lines, each at most ``width`` characters."""
    s = doc["summary"]
    lines = [
        t(
            "reports.term.header",
            lang,
            as_of=_date(doc.get("as_of"), lang),
            pack=doc["rule_pack"]["id"],
            version=doc["rule_pack"]["version"],
        )
    ]
    orgs = [o for o in doc["organisations"] if o["applications"]]
    shown = sorted(
        orgs,
        key=lambda o: (o["lockin_index"] is None, -(o["lockin_index"] or 0.0), o["name"]),
    )[:MAX_ORGS]
    for org in shown:
        coverage = share(org.get("coverage"), lang) or "?"
        if org["lockin_index"] is None:
            lines.append(
                t(
                    "reports.term.org_no_index",
                    lang,
                    org=terminal_text(org["name"], 40),
                    coverage=coverage,
                    apps=org["applications"],
                    spend=money(org.get("annual_spend"), lang) or "?",
                )
            )
            continue
        lines.append(
            t(
                "reports.term.org",
                lang,
                org=terminal_text(org["name"], 40),
                index=number(org["lockin_index"], lang),
                level=t(f"reports.level.{org['level']}", lang),
                apps=org["applications"],
                spend=money(org.get("annual_spend"), lang) or "?",
            )
        )
        lines.append(
            "  "
            + t(
                "reports.term.coverage",
                lang,
                coverage=coverage,
                scored=org.get("scored_applications", org["applications"]),
                apps=org["applications"],
            )
        )
    if len(orgs) > len(shown):
        more = len(orgs) - len(shown)
        lines.append(t(plural_key("reports.term.more_orgs", more, lang), lang, n=more))
    counts = s.get("levels") or {}
    lines.append(
        t("reports.term.levels", lang)
        + " "
        + " · ".join(
            f"{t(f'reports.level.{lv}', lang)} {int(counts.get(lv, 0))}"
            for lv in reversed(tables.LEVELS)
        )
    )
    lines.append(
        t(
            "reports.term.exit_cost",
            lang,
            range=cost_range(s["exit_cost"], lang),
        )
    )
    lines += ["", t("reports.term.top_risks", lang)]
    top = tables.ranked_apps(doc, TOP_RISKS)
    for i, a in enumerate(top, start=1):
        first = tables.first_criterion(a)
        level = t("reports.level." + a["level"], lang)
        head = (
            f"  {i}. {number(a['score'], lang):>5} {level:<9}"
            f" [{tables.score_range(a, lang)}, {share(a.get('coverage'), lang)}]"
            f" {terminal_text(a['name'], 30)} ({terminal_text(a.get('editor') or '?', 20)})"
        )
        lines.append(head)
        if first:
            lines.append("       " + terminal_text(first["reason"]))
    if not top:
        lines.append(t("reports.term.no_ranked", lang))
    collect = _collect_lines(doc, lang)
    if collect:
        lines += ["", t("reports.term.to_collect", lang), *collect]
    lines += ["", t("reports.term.next_decisions", lang)]
    as_of = str(doc.get("as_of") or "")
    dated = tables.dated_actions(doc)
    overdue = [r for r in dated if as_of and r["decision_date"] < as_of]
    if overdue:
        lines.append(
            "  "
            + t(
                plural_key("reports.term.overdue", len(overdue), lang),
                lang,
                n=len(overdue),
                first=_date(overdue[0]["decision_date"], lang),
            )
        )
    dated = [r for r in dated if r not in overdue]
    for r in dated[:NEXT_DECISIONS]:
        lines.append(
            t(
                "reports.term.decision",
                lang,
                date=_date(r["decision_date"], lang, short=True),
                app=terminal_text(r.get("app_name", r["app_id"]), 30),
                action=tables.label("action", r["kind"], lang),
                text=terminal_text(r["text"]),
            )
        )
    if not dated and not overdue:
        lines.append("  " + t("reports.term.no_decisions", lang))
    unknown = s.get("apps_with_unknowns") or 0
    lines += ["", t("reports.term.unknowns", lang, n=unknown, total=s["applications"])]
    aside = (doc.get("set_aside") or {}).get("rows") or 0
    if aside:
        lines.append(t("reports.term.set_aside", lang, line=tables.set_aside_line(doc, lang)))
    if s.get("unlinked_contracts"):
        unlinked = s["unlinked_contracts"]
        lines.append(t(plural_key("reports.term.unlinked", unlinked, lang), lang, n=unlinked))
    return [terminal_text(line, width) if len(line) > width else line for line in lines]


def _date(iso: str | None, lang: Lang, short: bool = False) -> str:
    """An ISO date of the document as the language writes it: unchanged in English; in French
    "29 novembre 2026" in a sentence, "29/11/2026" in a column (``short``)."""
    if not iso:
        return "?"
    if lang != Lang.FR:
        return iso
    day = date.fromisoformat(iso[:10])
    return day.strftime("%d/%m/%Y") if short else long_date(day, lang)


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
