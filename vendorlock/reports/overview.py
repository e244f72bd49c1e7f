"""What a director reads first: the key figures, the top risks, the next decisions, the members.

Every renderer (HTML, PDF, terminal, and later the spreadsheets and the note for elected
officials) shows the same summary; deriving it once here keeps them agreeing on what "the next
five decisions" or "the structure's index" mean. The per-application parts go through
:mod:`vendorlock.reports.tables` (``ranked_apps``, ``dated_actions``), which read a columnar
document's tables and build only the objects shown; the small sections are read as mappings.
Results are small frozen dataclasses of plain values; formatting (numbers, dates, labels) is
left to each renderer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from vendorlock.i18n import Lang, plural_key, t
from vendorlock.i18n import long_date as i18n_long_date
from vendorlock.reports import tables
from vendorlock.reports.numbers import number

Doc = Mapping[str, Any]

#: Levels from worst to best (the order a summary lists them in).
LEVELS_WORST_FIRST = ("critical", "high", "medium", "low", "insufficient_data")
INSUFFICIENT = "insufficient_data"
TOP_RISKS = 5
NEXT_DECISIONS = 5


@dataclass(frozen=True)
class Kpis:
    """The key figures of the strip: index, spend, exit cost, applications by level.

    ``index`` is the single organisation's lock-in index, or for a multi-organisation inventory
    the structure-wide index of :func:`structure_index` (``structure_wide`` is then true).
    """

    index: float | None
    level: str
    coverage: float | None
    structure_wide: bool
    annual_spend: float | None
    exit_low: float
    exit_high: float
    years_low: float | None
    years_high: float | None
    applications: int
    organisations: int
    levels: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Risk:
    """One of the top risks: the application, its organisation and its first reason."""

    rank: int
    org_id: str
    organisation: str
    app_id: str
    application: str
    editor: str
    score: float
    level: str
    reason: str
    exit_high: float


@dataclass(frozen=True)
class Decision:
    """A dated decision from the action plan; ``overdue`` when its date is before the audit's."""

    date: str
    overdue: bool
    org_id: str
    organisation: str
    app_id: str
    application: str
    kind: str
    text: str
    level: str


@dataclass(frozen=True)
class Decisions:
    """The next decisions after the audit date, and the overdue ones (earliest first)."""

    upcoming: tuple[Decision, ...]
    overdue: tuple[Decision, ...]


@dataclass(frozen=True)
class Member:
    """One organisation's card: index, level, coverage, size, spend and exit cost."""

    org_id: str
    name: str
    index: float | None
    level: str
    coverage: float | None
    applications: int
    scored: int
    annual_spend: float | None
    exit_low: float
    exit_high: float
    years_low: float | None
    years_high: float | None


@dataclass(frozen=True)
class Overview:
    """Everything a summary shows, in the order it shows it."""

    as_of: str
    kpis: Kpis
    risks: tuple[Risk, ...]
    decisions: Decisions
    members: tuple[Member, ...]


def level_of(value: float | None, thresholds: Mapping[str, float]) -> str:
    """The level a 0–100 value falls in, by the rule pack's thresholds (``medium``, ``high``…)."""
    if value is None:
        return INSUFFICIENT
    for name in ("critical", "high", "medium"):
        limit = thresholds.get(name)
        if limit is not None and value >= float(limit):
            return name
    return "low"


def _years(cost: Mapping[str, Any]) -> tuple[float | None, float | None]:
    years = cost.get("years_of_spend") or {}
    return years.get("low"), years.get("high")


def members(doc: Doc) -> tuple[Member, ...]:
    """Organisations with applications, worst first (no index last), then by name."""
    out = []
    for org in doc["organisations"]:
        if not org["applications"]:
            continue  # a mutualisation structure with nothing of its own to score
        cost = org["exit_cost"]
        low, high = _years(cost)
        out.append(
            Member(
                org_id=str(org["org_id"]),
                name=str(org.get("name") or org["org_id"]),
                index=org.get("lockin_index"),
                level=str(org["level"]),
                coverage=org.get("coverage"),
                applications=int(org["applications"]),
                scored=int(org.get("scored_applications", org["applications"])),
                annual_spend=org.get("annual_spend"),
                exit_low=float(cost["low"]),
                exit_high=float(cost["high"]),
                years_low=low,
                years_high=high,
            )
        )
    return tuple(sorted(out, key=lambda m: (m.index is None, -(m.index or 0.0), m.name)))


def structure_index(members: Iterable[tuple[float | None, int]]) -> float | None:
    """The one structure-wide lock-in index, from each member's (index, scored applications).

    Every report that shows a structure's index (the audit of a multi-organisation inventory,
    the ``aggregate`` view and all their renderers) calls this function, so the figure is the
    same everywhere. Each member's index weighs by its *scored* applications — those with
    enough data to be scored, the ones its own index rests on — so the result reads as "the
    index of the structure's average scored application": a commune of 80 applications counts
    eight times a syndicate of 10, and applications too little known to be scored count for
    no one (as in each member's own index). Members without an index are left out; a member
    with an index but a count of 0 (older documents) weighs 1. None when no member has an
    index. Rounded to 2 decimals like the members' indices.
    """
    pairs = [(float(i), float(n) or 1.0) for i, n in members if i is not None]
    total = sum(w for _i, w in pairs)
    if not pairs or total <= 0:
        return None
    return round(sum(i * w for i, w in pairs) / total, 2)


def kpis(doc: Doc) -> Kpis:
    """The strip's figures; a structure-wide index when several organisations are audited."""
    s = doc["summary"]
    orgs = members(doc)
    # one organisation: its own index (the weighted mean of one value is that value)
    index = structure_index((m.index, m.scored) for m in orgs)
    thresholds = doc["rule_pack"].get("levels") or {"medium": 25, "high": 50, "critical": 75}
    level = orgs[0].level if len(orgs) == 1 else level_of(index, thresholds)
    counts = s.get("levels") or {}
    low, high = _years(s["exit_cost"])
    return Kpis(
        index=index,
        level=level,
        coverage=s.get("coverage"),
        structure_wide=len(orgs) > 1,
        annual_spend=s.get("annual_spend"),
        exit_low=float(s["exit_cost"]["low"]),
        exit_high=float(s["exit_cost"]["high"]),
        years_low=low,
        years_high=high,
        applications=int(s["applications"]),
        organisations=len(orgs),
        levels=tuple((lv, int(counts.get(lv, 0))) for lv in LEVELS_WORST_FIRST),
    )


def _names(doc: Doc) -> dict[str, str]:
    return {str(o["org_id"]): str(o.get("name") or o["org_id"]) for o in doc["organisations"]}


def _first_reason(app: Mapping[str, Any]) -> str:
    scored = [c for c in app["criteria"] if c.get("status") == "scored" and c.get("points", 0) > 0]
    if not scored:
        return ""
    return str(min(scored, key=lambda c: (-c["points"], c["rule_id"]))["reason"])


def top_risks(doc: Doc, n: int = TOP_RISKS) -> tuple[Risk, ...]:
    """The ``n`` riskiest applications with enough data (score, then organisation and id)."""
    names = _names(doc)
    ranked = tables.ranked_apps(doc, n)
    return tuple(
        Risk(
            rank=i,
            org_id=str(a["org_id"]),
            organisation=names.get(str(a["org_id"]), str(a["org_id"])),
            app_id=str(a["app_id"]),
            application=str(a["name"]),
            editor=str(a.get("editor") or ""),
            score=float(a["score"]),
            level=str(a["level"]),
            reason=_first_reason(a),
            exit_high=float(a["exit_cost"]["high"]),
        )
        for i, a in enumerate(ranked, start=1)
    )


def decisions(doc: Doc, n: int = NEXT_DECISIONS) -> Decisions:
    """The ``n`` next dated decisions on or after the audit date, and every overdue one.

    Overdue decisions (dated before the audit) are kept whole so a renderer can count them and
    show the earliest; ties on a date go by organisation and application (deterministic).
    """
    names = _names(doc)
    as_of = str(doc.get("as_of") or "")
    dated = sorted(
        tables.dated_actions(doc),
        key=lambda r: (r["decision_date"], r["org_id"], r["app_id"], r["kind"]),
    )
    rows = [
        Decision(
            date=str(r["decision_date"]),
            overdue=bool(as_of) and str(r["decision_date"]) < as_of,
            org_id=str(r["org_id"]),
            organisation=names.get(str(r["org_id"]), str(r["org_id"])),
            app_id=str(r["app_id"]),
            application=str(r.get("app_name") or r["app_id"]),
            kind=str(r["kind"]),
            text=str(r.get("text") or ""),
            level=str(r.get("level") or INSUFFICIENT),
        )
        for r in dated
    ]
    return Decisions(
        upcoming=tuple(d for d in rows if not d.overdue)[:n],
        overdue=tuple(d for d in rows if d.overdue),
    )


def overview(doc: Doc) -> Overview:
    """The whole summary of one audit document."""
    return Overview(
        as_of=str(doc.get("as_of") or ""),
        kpis=kpis(doc),
        risks=top_risks(doc),
        decisions=decisions(doc),
        members=members(doc),
    )


def long_date(iso: str | None, lang: Lang) -> str:
    """``2026-11-29`` as a reader writes it, « 29 novembre 2026 » / "29 November 2026", with
    non-breaking spaces so a date never breaks across lines (:func:`vendorlock.i18n.long_date`)."""
    if not iso:
        return "?"
    try:
        day = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return i18n_long_date(day, lang).replace(" ", "\u00a0")


def level_counts_text(levels: Sequence[tuple[str, int]], lang: Lang) -> str:
    """``critique 0 · élevé 134 · …`` (worst first), for the terminal and plain text."""
    return " · ".join(f"{t(f'reports.level.{lv}', lang)} {n}" for lv, n in levels)


def counted(n: int, noun: str, lang: Lang) -> str:
    """``1 application`` / ``3 applications``: French takes the singular for 0 and 1 too."""
    return t(plural_key(f"reports.count.{noun}", n, lang), lang, n=number(n, lang))
