"""The note for elected officials: what the audit means, in two pages of plain language.

The note is content first: :func:`build_note` reads the audit document (as a Mapping, the way
every report reads it) and returns a frozen :class:`Note` whose every field is already
localised, plain text — no markup, no ids, no ISO dates. Three renderers share it:
:func:`note_markdown` (``audit.md``), :func:`note_docx` (``note.docx``, editable in any office
suite) and :func:`note_html` (a printable page, the source of ``note.pdf``). Writing the
content once keeps the three in step and keeps escaping a renderer's concern only.

What goes in, and why: a mayor reads the situation (how dependent, how much is spent, what
leaving would cost in euros and in years of that spend), the three decisions to take next with
their dates and what is at stake, and the contract clauses to demand at every renewal with the
legal texts the rule pack cites. Everything else (per-application detail) stays in the workbook
and the HTML report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from vendorlock.i18n import Lang, has, t, tn
from vendorlock.letters.docx import Para, Run, docx_bytes, para
from vendorlock.letters.plan import long_date
from vendorlock.reports import overview, tables
from vendorlock.reports.numbers import money_headline, number, score, share, years_text

#: Decisions the note details; the rest are counted and left to the action plan.
DECISIONS = 3
#: Most dependent applications named in the situation.
TOP_APPS = 3
#: Clauses the note asks for (the most often missing first).
CLAUSES = 5
#: Horizon, in days, of the "other decisions coming" count.
HORIZON_DAYS = 365
#: Actions that are a decision for the elected officials (``keep`` needs none).
DECIDING = frozenset({"renegotiate", "prepare_exit", "pool", "collect_data"})

Doc = Mapping[str, Any]


@dataclass(frozen=True)
class Decision:
    """One decision to take: by when, on what, and what is at stake."""

    when: str  # "11 août 2025"
    overdue: bool
    action: str  # "Renégocier le contrat"
    application: str
    organisation: str
    editor: str
    stakes: str  # yearly cost and exit cost, in words


@dataclass(frozen=True)
class Demand:
    """A clause to demand at the next renewals, why, and the texts it rests on."""

    text: str
    missing: str  # "absent for 120 applications"
    references: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    """The note's content, localised plain text."""

    lang: Lang
    title: str
    subtitle: str
    situation_heading: str
    situation: tuple[str, ...]
    top_heading: str
    top: tuple[str, ...]
    decisions_heading: str
    decisions_intro: str
    decisions: tuple[Decision, ...]
    decisions_after: str
    demands_heading: str
    demands_intro: str
    demands: tuple[Demand, ...]
    collect_heading: str
    collect: tuple[str, ...]  # inventory columns to fill in first, when data is too thin
    limits: tuple[str, ...]


def money_words(value: Any, lang: Lang) -> str:
    """An amount as a director reads it in a headline: « 3,8 M€ », « 448 k€ », "€3.8M"
    (:func:`vendorlock.reports.numbers.money_headline`, the one rounding of every headline)."""
    return money_headline(value or 0, None, lang)


def _money_range(low: Any, high: Any, lang: Lang) -> str:
    """« entre 3,8 M€ et 27,8 M€ » / "between €3.8M and €27.8M"; one amount when both round
    to the same figure."""
    lo, hi = money_words(low, lang), money_words(high, lang)
    if lo == hi:
        return lo
    return t("note.between", lang, low=lo, high=hi)


def _years(years: Mapping[str, Any] | None, lang: Lang) -> str:
    if not years:
        return ""
    return years_text("note.years_of_spend", years.get("low"), years.get("high"), lang)


def note_title(doc: Doc, lang: Lang) -> str:
    """ "Dépendance aux éditeurs de logiciels — <body>": the body, or the structure heading
    a group (the organisation every other one belongs to), never a list of members."""
    orgs = list(doc["organisations"])
    if len(orgs) == 1:
        who = orgs[0].get("name") or orgs[0]["org_id"]
    else:
        ids = {o["org_id"] for o in orgs}
        roots = [o for o in orgs if o.get("parent_id") not in ids]
        heads = [o for o in roots if any(x.get("parent_id") == o["org_id"] for x in orgs)]
        if len(roots) == 1:
            who = roots[0].get("name") or roots[0]["org_id"]
        elif len(heads) == 1:
            who = t("note.title_group", lang, name=heads[0].get("name"), n=len(orgs))
        else:
            who = t("note.title_orgs", lang, n=len(orgs))
    return t("note.title", lang, who=who)


def _situation(doc: Doc, lang: Lang) -> tuple[str, ...]:
    s = doc["summary"]
    orgs = list(doc["organisations"])
    levels = s.get("levels") or {}
    risky = int(levels.get("high", 0)) + int(levels.get("critical", 0))
    apps = int(s.get("applications") or 0)
    out = []
    if len(orgs) == 1:
        org = orgs[0]
        if org.get("lockin_index") is None:
            out.append(
                t("note.no_index", lang, apps=apps, coverage=share(org.get("coverage"), lang))
            )
        else:
            out.append(
                t(
                    "note.index_one",
                    lang,
                    index=score(org["lockin_index"], lang),
                    level=tables.level_label(org["level"], lang),
                    coverage=share(org.get("coverage"), lang),
                )
            )
    else:
        scored = [o for o in orgs if o.get("lockin_index") is not None]
        if scored:
            worst = max(scored, key=lambda o: (o["lockin_index"], o["org_id"]))
            best = min(scored, key=lambda o: (o["lockin_index"], o["org_id"]))
            out.append(
                t(
                    "note.index_many",
                    lang,
                    n=len(orgs),
                    index=score(overview.kpis(doc).index, lang),
                    low=score(best["lockin_index"], lang),
                    high=score(worst["lockin_index"], lang),
                    worst=worst.get("name") or worst["org_id"],
                    level=tables.level_label(worst["level"], lang),
                )
            )
    out.append(
        t(
            "note.apps_risky" if risky != 1 else "note.apps_risky_one",
            lang,
            apps=apps,
            risky=risky,
            share=share(risky / apps if apps else None, lang) or "0",
        )
    )
    spend = s.get("annual_spend")
    if spend:
        sentence = t("note.spend", lang, spend=money_words(spend, lang))
        top = _top_group(doc)
        if top is not None:
            sentence += " " + t(
                "note.top_group", lang, name=top[0], share=share(top[1] / spend, lang)
            )
        out.append(sentence)
    cost = s.get("exit_cost") or {}
    if cost.get("high"):
        years = _years(cost.get("years_of_spend"), lang)
        out.append(
            t(
                "note.exit",
                lang,
                range=_money_range(cost.get("low"), cost.get("high"), lang),
                years=years,
            )
        )
    return tuple(out)


def _top_group(doc: Doc) -> tuple[str, float] | None:
    """The corporate group taking the largest part of the spend, all members together."""
    totals: dict[str, float] = {}
    names: dict[str, str] = {}
    for g in doc.get("groups") or []:
        key = str(g.get("group") or g.get("name") or "")
        if not key or not g.get("annual_spend"):
            continue
        totals[key] = totals.get(key, 0.0) + float(g["annual_spend"])
        names.setdefault(key, str(g.get("name") or key))
    if not totals:
        return None
    key = min(totals, key=lambda k: (-totals[k], k))
    return names[key], totals[key]


def _top(doc: Doc, lang: Lang) -> tuple[str, ...]:
    names = tables.org_names(doc)
    many = len(names) > 1
    out = []
    for a in tables.ranked_apps(doc, TOP_APPS):
        first = tables.first_criterion(a)
        why = first["title"] if first else t("note.no_reason", lang)
        where = f", {names.get(a['org_id'], a['org_id'])}" if many else ""
        out.append(
            t(
                "note.top_item",
                lang,
                app=a["name"],
                where=where,
                editor=a.get("editor") or t("note.unknown_editor", lang),
                score=score(a["score"], lang, scale=True),
                why=_lower_first(why) if lang == Lang.FR else why,
            )
        )
    return tuple(out)


def _lower_first(text: str) -> str:
    """ "Pas de clause" → "pas de clause" after a colon; "API fermée" keeps its acronym."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _actionable(doc: Doc) -> list[Mapping[str, Any]]:
    """Dated decisions still open at the audit date (the contract has not ended yet)."""
    as_of = str(doc.get("as_of") or "")
    return [
        r
        for r in tables.dated_actions(doc)
        if r.get("kind") in DECIDING
        and (not r.get("contract_end") or str(r["contract_end"]) >= as_of)
    ]


def _decisions(doc: Doc, lang: Lang) -> tuple[tuple[Decision, ...], str]:
    names = tables.org_names(doc)
    as_of = str(doc.get("as_of") or "")
    open_ = _actionable(doc)
    apps = tables.apps_by_key(doc, {(r["org_id"], r["app_id"]) for r in open_[:DECISIONS]})
    out = []
    for r in open_[:DECISIONS]:
        app = apps.get((r["org_id"], r["app_id"])) or {}
        cost = app.get("exit_cost") or {}
        parts = []
        if app.get("annual_cost"):
            parts.append(t("note.stake_spend", lang, spend=money_words(app["annual_cost"], lang)))
        if cost.get("high"):
            parts.append(
                t("note.stake_exit", lang, range=_money_range(cost["low"], cost["high"], lang))
            )
        if r.get("contract_end"):
            parts.append(t("note.stake_end", lang, end=long_date(str(r["contract_end"]), lang)))
        out.append(
            Decision(
                when=long_date(str(r["decision_date"]), lang),
                overdue=bool(as_of) and str(r["decision_date"]) < as_of,
                action=t(f"note.action.{r['kind']}", lang),
                application=str(r.get("app_name") or r["app_id"]),
                organisation=names.get(r["org_id"], r["org_id"]),
                editor=str(r.get("editor") or t("note.unknown_editor", lang)),
                stakes=_sentence(parts, lang),
            )
        )
    rest = open_[DECISIONS:]
    after = ""
    if as_of and rest:
        horizon = date.fromisoformat(as_of).toordinal() + HORIZON_DAYS
        soon = [
            r for r in rest if date.fromisoformat(str(r["decision_date"])).toordinal() <= horizon
        ]
        risky = sum(1 for r in soon if r.get("level") in ("high", "critical"))
        key = "note.after" if len(soon) > 1 else "note.after_one" if soon else "note.after_none"
        after = t(key, lang, n=len(soon), risky=risky)
    elif not open_:
        after = t("note.no_decisions", lang)
    return tuple(out), after


def _sentence(parts: list[str], lang: Lang) -> str:
    """Parts joined by semicolons, as one sentence: capital first, full stop last."""
    if not parts:
        return ""
    text = t("loc.semicolon", lang).join(parts)
    return text[:1].upper() + text[1:] + "."


def short_reference(ref_id: str, title: str, lang: Lang) -> str:
    """A legal reference as a reader names it (« RGI v2 », "Data Act, art. 25"), never its id."""
    key = f"note.ref.{ref_id}"
    if has(key):
        return t(key, lang)
    return title.split(" — ", 1)[0]


def _demands(doc: Doc, lang: Lang) -> tuple[Demand, ...]:
    """Clauses of the rule pack, the ones most often missing first (then the ones answering
    the heaviest criteria), with their legal texts.

    How often a clause is missing is read from the document: an application lacks it when a
    criterion answered by that clause scored points.
    """
    from vendorlock.scoring.load import load_pack  # the pack's clauses and legal references

    pack = load_pack()
    by_rule = {c.id: c.clause for c in pack.criteria if c.clause}
    missing: dict[str, set[tuple[str, str]]] = {cid: set() for cid in pack.clauses}
    for key, rule_id in tables.scored_criteria(doc):
        cid = by_rule.get(rule_id)
        if cid in missing:
            missing[cid].add(key)
    weight = {cid: sum(c.weight for c in pack.criteria if c.clause == cid) for cid in missing}
    ranked = sorted(missing, key=lambda cid: (-len(missing[cid]), -weight[cid], cid))[:CLAUSES]
    total = tables.count(doc, "applications")
    return tuple(
        Demand(
            text=pack.clauses[cid].title.get(lang),
            missing=t("note.missing", lang, n=len(missing[cid]), total=total)
            if missing[cid]
            else "",
            references=tuple(
                short_reference(
                    r, pack.references[r].label(lang) if r in pack.references else r, lang
                )
                for r in pack.clauses[cid].references
            ),
        )
        for cid in ranked
    )


def _collect(doc: Doc, lang: Lang) -> tuple[str, ...]:
    """When an organisation has no index, the inventory columns settling the most points:
    completing them is then the first decision."""
    orgs = [o for o in doc["organisations"] if o.get("lockin_index") is None]
    many = len(doc["organisations"]) > 1
    out = []
    for org in orgs:
        for item in (org.get("to_collect") or [])[:TOP_APPS]:
            text = t(
                "note.collect_item",
                lang,
                column=item["column"],
                points=number(item["points"], lang),
                apps=item["applications"],
            )
            out.append(f"{org.get('name') or org['org_id']} — {text}" if many else text)
    return tuple(out)


def _limits(doc: Doc, lang: Lang) -> tuple[str, ...]:
    s = doc["summary"]
    out = []
    unknown = int(s.get("apps_with_unknowns") or 0)
    if unknown:
        out.append(t("note.unknowns", lang, n=unknown))
    rows, unreadable = tables.set_aside_split(doc)
    if rows:
        out.append(tn("note.set_aside", rows, lang, n=rows))
    if unreadable:
        out.append(tn("note.unreadable", unreadable, lang, n=unreadable))
    out.append(t("note.details", lang))
    return tuple(out)


def build_note(doc: Doc, lang: Lang) -> Note:
    """The note's content from the audit document (built once per document and language: the
    Markdown, DOCX and PDF notes of one command share it)."""
    return tables.per_document(doc, ("note", lang), lambda: _build_note(doc, lang))


def _build_note(doc: Doc, lang: Lang) -> Note:
    decisions, after = _decisions(doc, lang)
    as_of = doc.get("as_of")
    return Note(
        lang=lang,
        title=note_title(doc, lang),
        subtitle=t("note.subtitle", lang, date=long_date(str(as_of), lang) if as_of else "?"),
        situation_heading=t("note.h.situation", lang),
        situation=_situation(doc, lang),
        top_heading=t("note.h.top", lang),
        top=_top(doc, lang),
        decisions_heading=t("note.h.decisions", lang),
        decisions_intro=t("note.decisions_intro", lang) if decisions else "",
        decisions=decisions,
        decisions_after=after,
        demands_heading=t("note.h.demands", lang),
        demands_intro=t("note.demands_intro", lang),
        demands=_demands(doc, lang),
        collect_heading=t("note.h.collect", lang),
        collect=_collect(doc, lang),
        limits=_limits(doc, lang),
    )


def _refs(dm: Demand, lang: Lang) -> str:
    return t("loc.semicolon", lang).join(same_text_articles(dm.references, lang))


def same_text_articles(references: Sequence[str], lang: Lang) -> list[str]:
    """Articles of one text named once: « Data Act (…), art. 25 and 29 », not the title twice
    (the references stay in their order, each text where it first appears)."""
    articles: dict[str, list[str]] = {}
    for ref in references:
        text, sep, article = ref.rpartition(", art. ")
        if sep:
            articles.setdefault(text, []).append(article)
        else:
            articles.setdefault(ref, [])
    joiner = " et " if lang == Lang.FR else " and "
    out = []
    for text, arts in articles.items():
        if not arts:
            out.append(text)
        elif len(arts) == 1:
            out.append(f"{text}, art. {arts[0]}")
        else:
            out.append(f"{text}, art. {', '.join(arts[:-1])}{joiner}{arts[-1]}")
    return out


def _decision_head(d: Decision, lang: Lang) -> str:
    late = f" ({t('note.overdue', lang)})" if d.overdue else ""
    colon = "\u00a0:" if lang == Lang.FR else ":"
    return f"{d.when}{late}{colon}"


def _decision_body(d: Decision, lang: Lang) -> str:
    # after the head's colon: « 16 décembre 2025 (en retard) : renégocier le contrat », French
    # taking no capital there (the English keeps "…(overdue): Renegotiate the contract")
    action = d.action[:1].lower() + d.action[1:] if lang == Lang.FR else d.action
    return t(
        "note.decision",
        lang,
        action=action,
        app=d.application,
        org=d.organisation,
        editor=d.editor,
    )


# --- Markdown -------------------------------------------------------------------------------

_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")
_LINE_BREAKS = re.compile(r"[\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f]+")


def md_plain(value: Any) -> str:
    """``value`` as inert Markdown that reads as written: only the characters that could
    format, link or open HTML are escaped (``* _ ` [ ] < > | \\``, an entity's ``&``, a line
    start a parser would take for a heading or list, ``://`` and ``www.``), so "Pont-Uzevalle"
    and "l'éditeur" stay as they are."""
    text = _LINE_BREAKS.sub(" ", "" if value is None else str(value))
    text = _MD_ACTIVE.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    text = text.replace("://", r":\/\/").replace("www.", r"www\.")
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    return _MD_LINE_START.sub(r"\1\\\2", text)


def note_markdown(note: Note) -> str:
    """The note as Markdown (``audit.md``)."""
    lang = note.lang
    out = [f"# {md_plain(note.title)}", "", f"_{md_plain(note.subtitle)}_", ""]
    out += [f"## {md_plain(note.situation_heading)}", ""]
    for p in note.situation:
        out += [md_plain(p), ""]
    if note.top:
        out += [md_plain(note.top_heading), ""]
        out += [f"- {md_plain(x)}" for x in note.top]
        out.append("")
    out += [f"## {md_plain(note.decisions_heading)}", ""]
    if note.decisions_intro:
        out += [md_plain(note.decisions_intro), ""]
    for i, d in enumerate(note.decisions, start=1):
        out.append(
            f"{i}. **{md_plain(_decision_head(d, lang))}** {md_plain(_decision_body(d, lang))}"
        )
        out.append(f"   {md_plain(d.stakes)}")
    if note.decisions:
        out.append("")
    if note.decisions_after:
        out += [md_plain(note.decisions_after), ""]
    out += [f"## {md_plain(note.demands_heading)}", "", md_plain(note.demands_intro), ""]
    for dm in note.demands:
        refs = md_plain(_refs(dm, lang))
        missing = f" — {md_plain(dm.missing)}" if dm.missing else ""
        out.append(f"- **{md_plain(dm.text)}**{missing}")
        if refs:
            out.append(f"  _{md_plain(t('note.basis', lang))} {refs}_")
    out.append("")
    if note.collect:
        out += [f"## {md_plain(note.collect_heading)}", ""]
        out += [f"- {md_plain(x)}" for x in note.collect]
        out.append("")
    out += ["---", ""]
    for p in note.limits:
        out += [md_plain(p), ""]
    return "\n".join(out)


# --- DOCX -----------------------------------------------------------------------------------


def note_paragraphs(note: Note) -> list[Para]:
    """The note as the paragraphs of :mod:`vendorlock.letters.docx`."""
    lang = note.lang
    ps = [para(note.title, style="Title"), para(Run(note.subtitle, bold=False), style="Note")]
    ps.append(para(note.situation_heading, style="Heading1"))
    ps += [para(p) for p in note.situation]
    if note.top:
        ps.append(para(Run(note.top_heading, bold=True)))
        ps += [para("– " + x) for x in note.top]
    ps.append(para(note.decisions_heading, style="Heading1"))
    if note.decisions_intro:
        ps.append(para(note.decisions_intro))
    for i, d in enumerate(note.decisions, start=1):
        ps.append(
            para(
                Run(f"{i}. {_decision_head(d, lang)} ", bold=True),
                _decision_body(d, lang) + "\n" + d.stakes,
            )
        )
    if note.decisions_after:
        ps.append(para(note.decisions_after))
    ps.append(para(note.demands_heading, style="Heading1"))
    ps.append(para(note.demands_intro))
    for dm in note.demands:
        runs: list[str | Run] = [Run("– " + dm.text, bold=True)]
        if dm.missing:
            runs.append(" — " + dm.missing)
        if dm.references:
            runs.append("\n" + t("note.basis", lang) + " " + _refs(dm, lang))
        ps.append(para(*runs))
    if note.collect:
        ps.append(para(note.collect_heading, style="Heading1"))
        ps += [para("– " + x) for x in note.collect]
    ps += [para(p, style="Small") for p in note.limits]
    return ps


def note_docx(note: Note) -> bytes:
    """``note.docx``: editable, A4, reproducible bytes."""
    return docx_bytes(note_paragraphs(note), "fr-FR" if note.lang == Lang.FR else "en-GB")


# --- HTML -----------------------------------------------------------------------------------

NOTE_CSS = """
@page { size: A4; margin: 18mm 18mm 16mm 18mm; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4;
  color: #1a1a1a; max-width: 46em; margin: 2em auto; padding: 0 1em; }
@media print { body { margin: 0; padding: 0; max-width: none; } }
h1 { font-size: 15pt; margin: 0 0 .2em; }
.sub { color: #555; margin: 0 0 1em; }
h2 { font-size: 12pt; margin: 1.1em 0 .4em; border-bottom: 1px solid #bbb; break-after: avoid; }
ol, ul { padding-left: 1.4em; } li { margin-bottom: .35em; break-inside: avoid; }
.late { color: #9c0006; font-weight: bold; }
.refs, .stakes { color: #444; font-size: 9.5pt; display: block; }
.limits { color: #555; font-size: 9pt; border-top: 1px solid #bbb; margin-top: 1.2em; }
"""


def note_html(note: Note) -> str:
    """The note as one self-contained, printable HTML page (A4; the source of ``note.pdf``)."""
    lang = note.lang
    e = html.escape
    out = [
        f'<!DOCTYPE html><html lang="{lang.value}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(note.title)}</title><style>{NOTE_CSS}</style></head><body>",
        f'<h1>{e(note.title)}</h1><p class="sub">{e(note.subtitle)}</p>',
        f"<h2>{e(note.situation_heading)}</h2>",
    ]
    out += [f"<p>{e(p)}</p>" for p in note.situation]
    if note.top:
        out.append(f"<p><strong>{e(note.top_heading)}</strong></p><ul>")
        out += [f"<li>{e(x)}</li>" for x in note.top]
        out.append("</ul>")
    out.append(f"<h2>{e(note.decisions_heading)}</h2>")
    if note.decisions_intro:
        out.append(f"<p>{e(note.decisions_intro)}</p>")
    if note.decisions:
        out.append("<ol>")
        for d in note.decisions:
            late = f' <span class="late">({e(t("note.overdue", lang))})</span>' if d.overdue else ""
            colon = "&nbsp;:" if lang == Lang.FR else ":"
            out.append(
                f"<li><strong>{e(d.when)}</strong>{late}{colon} {e(_decision_body(d, lang))}"
                f'<span class="stakes">{e(d.stakes)}</span></li>'
            )
        out.append("</ol>")
    if note.decisions_after:
        out.append(f"<p>{e(note.decisions_after)}</p>")
    out.append(f"<h2>{e(note.demands_heading)}</h2><p>{e(note.demands_intro)}</p><ul>")
    for dm in note.demands:
        refs = ""
        if dm.references:
            refs = f'<span class="refs">{e(t("note.basis", lang))} {e(_refs(dm, lang))}</span>'
        missing = f" — {e(dm.missing)}" if dm.missing else ""
        out.append(f"<li><strong>{e(dm.text)}</strong>{missing}{refs}</li>")
    out.append("</ul>")
    if note.collect:
        out.append(f"<h2>{e(note.collect_heading)}</h2><ul>")
        out += [f"<li>{e(x)}</li>" for x in note.collect]
        out.append("</ul>")
    out.append('<div class="limits">')
    out += [f"<p>{e(p)}</p>" for p in note.limits]
    out.append("</div></body></html>\n")
    return "".join(out)


def note_pdf(note: Note) -> bytes:
    """``note.pdf``: :func:`note_html` through the report PDF writer (``vendorlock.reports.pdf``,
    WeasyPrint; imported on use, as ``--format pdf`` is the only path that needs it)."""
    from vendorlock.reports.pdf import html_to_pdf

    return html_to_pdf(note_html(note))
