"""The note for elected officials (``audit.md``) and markdown helpers other reports can reuse.

Plain sentences and one small table per question: where the body is locked in, what leaving
would cost, what to decide before which date. Every value taken from the inventory goes through
:func:`md_text`, which backslash-escapes markdown and HTML punctuation so that a name can
neither format the note, inject HTML nor become a link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.reports import tables
from vendorlock.reports.numbers import cost_range, number, share

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&\"'=@:$])")
_LINE_BREAKS = re.compile(r"[\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f]+")

TOP = 5
DECISIONS = 10


def md_text(value: Any) -> str:
    """``value`` as inert markdown text on one line (every special character escaped)."""
    if value is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A pipe table; cells must already be escaped with :func:`md_text`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _set_aside(doc: Mapping[str, Any], lang: Lang) -> list[str]:
    """The rows left out of the audit: a count per reason and where they are."""
    aside = doc.get("set_aside") or {}
    if not aside.get("rows"):
        return []
    out = ["", f"## {t('reports.md.set_aside', lang)}", ""]
    out.append(t("reports.md.set_aside_sentence", lang, n=aside["rows"]))
    out.append("")
    out.append(
        md_table(
            [
                t("reports.col.file", lang),
                t("reports.col.row", lang),
                t("reports.col.message", lang),
            ],
            [
                [
                    md_text(r["file"] + (f" ({r['sheet']})" if r.get("sheet") else "")),
                    "" if r.get("row") is None else str(r["row"]),
                    md_text(
                        "; ".join(
                            t("setaside.cell", lang, column=x["column"], message=x["message"])
                            if x.get("column")
                            else x["message"]
                            for x in r["reasons"]
                        )
                    ),
                ]
                for r in aside.get("list", [])
            ],
        )
    )
    return out


def audit_markdown(doc: Mapping[str, Any], lang: Lang) -> str:
    """The short note, in ``lang``."""
    names = tables.org_names(doc)
    s = doc["summary"]
    out = [
        f"# {md_text(t('reports.md.title', lang, orgs=', '.join(names.values())))}",
        "",
        md_text(t("reports.md.as_of", lang, as_of=doc.get("as_of") or "?")),
        "",
    ]
    for org in doc["organisations"]:
        counts = org.get("levels") or {}
        coverage = share(org.get("coverage"), lang) or "?"
        if org["lockin_index"] is None:
            out += [
                t(
                    "reports.md.no_index",
                    lang,
                    org=md_text(org["name"]),
                    apps=org["applications"],
                    coverage=coverage,
                ),
                "",
            ]
            continue
        out.append(
            t(
                "reports.md.org_sentence",
                lang,
                org=md_text(org["name"]),
                index=number(org["lockin_index"], lang),
                level=t(f"reports.level.{org['level']}", lang),
                apps=org["applications"],
                risky=int(counts.get("high", 0)) + int(counts.get("critical", 0)),
            )
            + " "
            + t(
                "reports.md.coverage",
                lang,
                coverage=coverage,
                scored=org.get("scored_applications", org["applications"]),
                apps=org["applications"],
            )
        )
        out.append("")
    # Levels rise with the score: the high and critical ones lead the ranking.
    ranked = tables.ranked_apps(doc, TOP)
    if ranked:
        out += [f"## {t('reports.md.where', lang)}", ""]
    top = [a for a in ranked if a["level"] in ("high", "critical")]
    for a in top[:TOP] or ranked[:TOP]:
        first = tables.first_criterion(a)
        reason = md_text(first["reason"]) if first else md_text(t("reports.md.no_reason", lang))
        score = f"{number(a['score'], lang)}/100"
        band = tables.score_range(a, lang)
        if band and band != number(a["score"], lang):
            score += ", " + t("reports.md.range", lang, range=band)
        out.append(
            f"- **{md_text(a['name'])}** ({md_text(a.get('editor'))}, {score}) : {reason}"
            if lang == Lang.FR
            else f"- **{md_text(a['name'])}** ({md_text(a.get('editor'))}, {score}): {reason}"
        )
    out += _to_collect(doc, lang)
    out += ["", f"## {t('reports.md.cost', lang)}", ""]
    out.append(
        t(
            "reports.md.cost_sentence",
            lang,
            range=cost_range(s["exit_cost"], lang),
        )
    )
    out.append("")
    costly = tables.costliest_apps(doc, TOP)
    out.append(
        md_table(
            [
                t("reports.col.application", lang),
                t("reports.col.editor", lang),
                t("reports.md.exit_range", lang),
                t("reports.col.main_driver", lang),
            ],
            [
                [
                    md_text(a["name"]),
                    md_text(a.get("editor")),
                    cost_range(a["exit_cost"], lang),
                    tables.label("cost", a["exit_cost"].get("main_driver"), lang) or "",
                ]
                for a in costly
            ],
        )
    )
    out += ["", f"## {t('reports.md.decide', lang)}", ""]
    dated = tables.dated_actions(doc)
    if dated:
        out.append(
            md_table(
                [
                    t("reports.col.decision_date", lang),
                    t("reports.col.application", lang),
                    t("reports.col.editor", lang),
                    t("reports.col.action_text", lang),
                ],
                [
                    [
                        str(r["decision_date"]),
                        md_text(r.get("app_name", r["app_id"])),
                        md_text(r.get("editor")),
                        md_text(r["text"]),
                    ]
                    for r in dated[:DECISIONS]
                ],
            )
        )
        if len(dated) > DECISIONS:
            out += ["", t("reports.md.more_decisions", lang, n=len(dated) - DECISIONS)]
    else:
        out.append(t("reports.md.no_decisions", lang))
    unknown = s.get("apps_with_unknowns") or 0
    if unknown:
        out += ["", t("reports.md.unknowns", lang, n=unknown)]
    if s.get("unlinked_contracts"):
        out += ["", t("reports.md.unlinked", lang, n=s["unlinked_contracts"])]
    out += _set_aside(doc, lang)
    out.append("")
    return "\n".join(out)


def _to_collect(doc: Mapping[str, Any], lang: Lang) -> list[str]:
    """« What to collect next »: each organisation's columns settling the most points."""
    items = [(org, item) for org in doc["organisations"] for item in org.get("to_collect") or []]
    if not items:
        return []
    out = ["", f"## {t('reports.md.to_collect', lang)}", "", t("reports.md.to_collect_intro", lang)]
    out.append("")
    many = len({org["org_id"] for org, _ in items}) > 1
    for org, item in items:
        prefix = f"{md_text(org['name'])} — " if many else ""
        text = t(
            "reports.md.to_collect_item",
            lang,
            column=md_text(item["column"]),
            points=number(item["points"], lang),
            apps=item["applications"],
        )
        out.append(f"- {prefix}{text}")
    return out
