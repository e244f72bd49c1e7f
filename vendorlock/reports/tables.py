"""The audit document as report tables: one :class:`~vendorlock.reports.cells.Table` per sheet.

The spreadsheet, HTML and markdown writers all start from these tables, so the register in the
workbook and the one in the HTML page always show the same rows in the same order. Rows are
built straight from the document's lists (already one body's aggregates, not raw national data).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np

from vendorlock.document import AuditDocument, py_values
from vendorlock.i18n import Lang, has, t, tn
from vendorlock.metrics.interface import METRIC_INPUTS
from vendorlock.reports import columns
from vendorlock.reports.cells import Column, Table
from vendorlock.reports.cells import ColumnKind as K
from vendorlock.reports.numbers import score, share
from vendorlock.scoring.collect import column_label

LEVELS = ("insufficient_data", "low", "medium", "high", "critical")
#: The level of an application whose coverage is below the rule pack's ``min_coverage``.
INSUFFICIENT = LEVELS[0]

#: Criteria statuses kept in the Criteria sheet besides criteria that scored points: a
#: 2,000-application body × 20 criteria would otherwise give 40,000 mostly-zero rows.
KEPT_STATUSES = frozenset({"unknown", "waived"})

Doc = Mapping[str, Any]
T = TypeVar("T")


#: Per audit document (by identity, while it lives): what several writers of one run read
#: alike — application objects by position, the risk order, the dated actions, the note.
_PER_DOC: dict[int, tuple[weakref.ref[AuditDocument], dict[Any, Any]]] = {}


def per_document(doc: Doc, key: Any, build: Callable[[], T]) -> T:
    """``build()`` once per columnar document and ``key`` (a plain mapping: every time).

    The html page, the Markdown note and the DOCX note of one command read the same top risks,
    costliest exits and dated actions: building those objects from the columns once per
    document, not once per writer and part, is a third of the page's time outside its charts.
    The memo goes with the document (weak reference). Values are shared: callers never mutate
    them (report writers only read).
    """
    if not isinstance(doc, AuditDocument):
        return build()
    ident = id(doc)
    entry = _PER_DOC.get(ident)
    if entry is None or entry[0]() is not doc:

        def forget(ref: weakref.ref[AuditDocument], ident: int = ident) -> None:
            if (held := _PER_DOC.get(ident)) is not None and held[0] is ref:
                del _PER_DOC[ident]

        entry = _PER_DOC[ident] = (weakref.ref(doc, forget), {})
    memo = entry[1]
    if key not in memo:
        memo[key] = build()
    return cast(T, memo[key])


#: Most application objects a document keeps built for its writers (a few top-15 lists).
KEPT_RECORDS = 200


def _records(doc: AuditDocument, positions: Sequence[int] | np.ndarray) -> list[Mapping[str, Any]]:
    """The application objects at ``positions``, each built once per document (the ones not
    built yet in one call); a long selection is built and not kept (memory stays bounded)."""
    if len(positions) > KEPT_RECORDS:
        return list(doc.records(positions))
    built: dict[int, Mapping[str, Any]] = per_document(doc, "records", dict)
    wanted = [int(p) for p in positions]
    missing = sorted({p for p in wanted if p not in built})
    if missing:
        built.update(zip(missing, doc.records(missing), strict=True))
    return [built[p] for p in wanted]


def _risk_positions(doc: AuditDocument) -> np.ndarray:
    return per_document(doc, "risk_positions", lambda: columns.risk_positions(doc, True))


def ranked_apps(doc: Doc, limit: int | None = None) -> list[Mapping[str, Any]]:
    """:func:`ranked` of the document's applications, the first ``limit`` only; a columnar
    document builds the objects of those applications alone."""
    if isinstance(doc, AuditDocument):
        order = _risk_positions(doc)
        return _records(doc, order if limit is None else order[:limit])
    out = ranked(doc["applications"])
    return out if limit is None else out[:limit]


def costliest_apps(doc: Doc, limit: int) -> list[Mapping[str, Any]]:
    """The ``limit`` applications most costly to leave (high bound), ties by org and id."""
    if isinstance(doc, AuditDocument):
        order = per_document(doc, "costliest", lambda: columns.costliest_positions(doc))
        return _records(doc, order[:limit])
    return sorted(
        doc["applications"], key=lambda a: (-a["exit_cost"]["high"], a["org_id"], a["app_id"])
    )[:limit]


def dated_actions(doc: Doc) -> list[Mapping[str, Any]]:
    """Action-plan rows with a decision date, in plan order (built once per document)."""
    if isinstance(doc, AuditDocument):
        return list(per_document(doc, "dated_actions", lambda: _dated_actions(doc)))
    return [r for r in action_order(doc["actions"]) if r.get("decision_date")]


def _dated_actions(doc: AuditDocument) -> list[Mapping[str, Any]]:
    apps = doc.applications
    order = doc.action_order
    dated = apps["decision_date"].iloc[order].notna().to_numpy()
    return list(doc.action_records(order[dated]))


def apps_by_key(
    doc: Doc, keys: Collection[tuple[str, str]]
) -> dict[tuple[str, str], Mapping[str, Any]]:
    """The applications whose (org_id, app_id) is in ``keys``; a columnar document builds
    the objects of those applications alone."""
    if not isinstance(doc, AuditDocument):
        return {
            (a["org_id"], a["app_id"]): a
            for a in doc["applications"]
            if (a["org_id"], a["app_id"]) in keys
        }
    pairs = zip(app_values(doc, "org_id"), app_values(doc, "app_id"), strict=True)
    positions = [i for i, pair in enumerate(pairs) if pair in keys]
    return {(a["org_id"], a["app_id"]): a for a in _records(doc, positions)}


def scored_criteria(doc: Doc) -> list[tuple[tuple[str, str], str]]:
    """((org_id, app_id), rule_id) of every criterion that scored points."""
    if not isinstance(doc, AuditDocument):
        return [
            ((a["org_id"], a["app_id"]), c["rule_id"])
            for a in doc["applications"]
            for c in a["criteria"]
            if c.get("status") == "scored" and c.get("points", 0) > 0
        ]
    crit = doc.criteria
    hit = ((crit["status"].astype(str) == "scored") & (crit["points"] > 0)).to_numpy()
    rows = crit.loc[hit]
    orgs = app_values(doc, "org_id")
    ids = app_values(doc, "app_id")
    return [
        ((orgs[p], ids[p]), str(r))
        for p, r in zip(rows["app"].tolist(), rows["rule_id"].tolist(), strict=True)
    ]


def count(doc: Doc, key: str) -> int:
    """Items in a section of the document, without materialising a columnar one."""
    return doc.count(key) if isinstance(doc, AuditDocument) else len(doc[key])


def app_values(doc: Doc, key: str) -> list[Any]:
    """One published field of every application (a column of a columnar document)."""
    if isinstance(doc, AuditDocument):
        return columns.values(doc, key)
    return [a.get(key) for a in doc["applications"]]


def flow_values(doc: Doc, key: str) -> list[Any]:
    """One published field of every flow (a column of a columnar document)."""
    if isinstance(doc, AuditDocument):
        return py_values(doc.flows[key])
    return [f.get(key) for f in doc["flows"]]


#: What the dependency map reads of each application and flow.
MAP_APP_FIELDS = ("org_id", "app_id", "name", "editor", "group", "level", "score", "annual_cost")
MAP_FLOW_FIELDS = ("org_id", "source", "target", "target_kind")


def map_rows(doc: Doc) -> list[Mapping[str, Any]]:
    """Every application as the few fields the dependency map draws (a columnar document
    builds these small rows from its columns, not each application's full object)."""
    if not isinstance(doc, AuditDocument):
        return list(doc["applications"])
    cols = [app_values(doc, k) for k in MAP_APP_FIELDS]
    return [dict(zip(MAP_APP_FIELDS, row, strict=True)) for row in zip(*cols, strict=True)]


def map_flow_rows(doc: Doc) -> list[Mapping[str, Any]]:
    """Every flow as the fields the dependency map counts (see :func:`map_rows`)."""
    if not isinstance(doc, AuditDocument):
        return list(doc["flows"])
    cols = [flow_values(doc, k) for k in MAP_FLOW_FIELDS]
    return [dict(zip(MAP_FLOW_FIELDS, row, strict=True)) for row in zip(*cols, strict=True)]


def col(key: str, kind: K, width: int, lang: Lang) -> Column:
    """A column whose header is the message ``reports.col.<key>``."""
    return Column(t(f"reports.col.{key}", lang), kind, width)


def label(prefix: str, value: Any, lang: Lang) -> Any:
    """Localised label of an enumerated value (``reports.<prefix>.<value>``), else the value."""
    if isinstance(value, str) and has(f"reports.{prefix}.{value}"):
        return t(f"reports.{prefix}.{value}", lang)
    return value


def level_label(level: Any, lang: Lang) -> Any:
    return label("level", level, lang)


def org_names(doc: Doc) -> dict[str, str]:
    return {o["org_id"]: o.get("name") or o["org_id"] for o in doc["organisations"]}


def first_criterion(app: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The criterion that gave the most points (ties by rule id): the application's first reason."""
    scored = [c for c in app["criteria"] if c.get("status") == "scored" and c.get("points", 0) > 0]
    if not scored:
        return None
    return min(scored, key=lambda c: (-c["points"], c["rule_id"]))


def risk_order(apps: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Applications by score, highest first, those with insufficient data last; ties by
    organisation and id (deterministic)."""
    return sorted(
        apps,
        key=lambda a: (a.get("level") == INSUFFICIENT, -a["score"], a["org_id"], a["app_id"]),
    )


def ranked(apps: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The applications that may appear among top risks (enough data), riskiest first."""
    return [a for a in risk_order(apps) if a.get("level") != INSUFFICIENT]


def score_range(app: Mapping[str, Any], lang: Lang) -> str:
    """``31.0–58.4``: the band the unknown criteria leave open (a single score when none),
    each end with one decimal as the score beside it (« 66,0 », never « 66 »)."""
    low, high = app.get("score_low"), app.get("score_high")
    if low is None or high is None:
        return ""
    if high - low < 0.05:
        return score(low, lang)
    return f"{score(low, lang)}–{score(high, lang)}"


def index_text(org: Mapping[str, Any], lang: Lang) -> str:
    """``26.4 / 100 (medium), coverage 83%``; the level alone when there is no index."""
    level = str(level_label(org["level"], lang))
    coverage = org.get("coverage")
    shown = share(coverage, lang) if coverage is not None else "?"
    if org.get("lockin_index") is None:
        return f"{level} ({shown})"
    return t(
        "reports.sum.index_value",
        lang,
        index=score(org["lockin_index"], lang, scale=True),
        level=level,
        coverage=shown,
    )


def collect_columns(app: Mapping[str, Any], limit: int = 3) -> str:
    """The first columns to fill in for an application (heaviest unknown criteria first)."""
    seen: list[str] = []
    for item in app.get("to_collect") or []:
        for column in item.get("columns") or []:
            if column not in seen:
                seen.append(column)
    return ", ".join(seen[:limit])


def action_order(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Actions by decision date (unknown dates last), then organisation and application."""
    return sorted(
        rows,
        key=lambda r: (
            r.get("decision_date") is None,
            r.get("decision_date") or "",
            r["org_id"],
            r["app_id"],
        ),
    )


def exit_range(obj: Mapping[str, Any]) -> tuple[Any, Any]:
    cost = obj.get("exit_cost") or {}
    return cost.get("low"), cost.get("high")


def spend_shares(
    rows: Sequence[Mapping[str, Any]], key: str, limit: int = 10
) -> list[tuple[str, float]]:
    """The ``limit`` largest shares of the known spend by editor (``key="editor_id"``) or
    corporate group (``"group"``), summed across organisations: (name, share), largest first.

    Exposure rows are per (organisation, editor), their ``spend_share`` a share of that one
    organisation's spend; a structure-wide summary must not list the same editor once per
    member with shares adding up past 100 %. Here every share has one denominator, the known
    spend of all the rows, so the shares of all editors add up to 1 and those shown to at most 1.
    Editors with no known spend are left out.
    """
    spend: dict[str, float] = {}
    names: dict[str, str] = {}
    for row in rows:
        value = row.get("annual_spend")
        if not value or value <= 0:
            continue
        ident = str(row.get(key) or row.get("name") or "")
        spend[ident] = spend.get(ident, 0.0) + float(value)
        names.setdefault(ident, str(row.get("name") or ident))
    total = sum(spend.values())
    if total <= 0:
        return []
    shares = [(names[i], v / total) for i, v in spend.items()]
    return sorted(shares, key=lambda x: (-x[1], x[0]))[:limit]


@dataclass(frozen=True)
class SummaryBlocks:
    """The Summary table and where its chart data sit (0-based row index of the first data row)."""

    table: Table
    levels_row: int
    levels_count: int
    editors_row: int
    editors_count: int


def summary(doc: Doc, lang: Lang, top_editors: int = 10) -> SummaryBlocks:
    """Key figures, then the level counts and the top editors by share of spend (the charts'
    data): each editor once, its share of all the audited organisations' known spend
    (:func:`spend_shares`), so the shares never add up past 100 %."""
    s = doc["summary"]
    rows: list[list[Any]] = [
        [t("reports.sum.as_of", lang), doc.get("as_of")],
        [
            t("reports.sum.rule_pack", lang),
            f"{doc['rule_pack']['id']} {doc['rule_pack']['version']}",
        ],
        [t("reports.sum.organisations", lang), s["organisations"]],
        [t("reports.sum.applications", lang), s["applications"]],
        [t("reports.sum.flows", lang), s["flows"]],
        [t("reports.sum.annual_spend", lang), s["annual_spend"]],
        [t("reports.sum.exit_low", lang), s["exit_cost"]["low"]],
        [t("reports.sum.exit_high", lang), s["exit_cost"]["high"]],
        [t("reports.sum.apps_with_unknowns", lang), s.get("apps_with_unknowns")],
        [t("reports.sum.unlinked_contracts", lang), s.get("unlinked_contracts") or 0],
        [t("reports.sum.set_aside", lang), set_aside_count(doc)],
        *set_aside_reasons(doc, lang),
    ]
    kinds: dict[int, K] = {0: K.DATE, 2: K.INT, 3: K.INT, 4: K.INT, 5: K.MONEY, 6: K.MONEY}
    kinds.update({i: K.INT for i in range(7, len(rows))})  # the counts, right-aligned numbers
    kinds[7] = K.MONEY
    kinds[len(rows)] = K.SHARE
    rows.append([t("reports.sum.coverage", lang), s.get("coverage")])
    from vendorlock.reports import overview  # overview builds on this module

    k = overview.kpis(doc)
    if k.structure_wide:  # the one structure-wide figure, as on the page and in the terminal
        index = score(k.index, lang, scale=True) or t("reports.ov.no_index", lang)
        rows.append(
            [
                t("reports.kpi.structure_index", lang),
                t(
                    "reports.sum.index_value",
                    lang,
                    index=index,
                    level=level_label(k.level, lang),
                    coverage=share(k.coverage, lang) or "?",
                ),
            ]
        )
    for org in doc["organisations"]:
        rows.append([t("reports.sum.org_index", lang, org=org["name"]), index_text(org, lang)])
    rows.append([None, None])
    levels_row = len(rows) + 1  # +1: the header row
    rows.append([t("reports.col.level", lang), t("reports.col.applications", lang)])
    counts = s.get("levels") or {}
    kinds.update({len(rows) + i: K.INT for i in range(len(LEVELS))})
    rows += [[level_label(lv, lang), int(counts.get(lv, 0))] for lv in LEVELS]
    rows.append([None, None])
    editors = spend_shares(doc["editors"], "editor_id", top_editors)
    editors_row = len(rows) + 1
    several = sum(1 for o in doc["organisations"] if o["applications"]) > 1
    share_head = "reports.sum.structure_share" if several else "reports.col.spend_share"
    rows.append([t("reports.col.editor", lang), t(share_head, lang)])
    kinds.update({len(rows) + i: K.SHARE for i in range(len(editors))})
    rows += [[name, value] for name, value in editors]
    table = Table(
        "summary",
        t("reports.sheet.summary", lang),
        (
            Column(t("reports.sum.item", lang), K.TEXT, 60),
            Column(t("reports.sum.value", lang), K.AUTO, 36),
        ),
        rows,
        row_kinds=kinds,
    )
    return SummaryBlocks(table, levels_row + 1, len(LEVELS), editors_row + 1, len(editors))


def risk_register(doc: Doc, lang: Lang) -> Table:
    names = org_names(doc)
    rows: list[tuple[Any, ...]] = []
    if isinstance(doc, AuditDocument):
        rows = columns.risk_register_rows(doc, lang, lambda v: level_label(v, lang))
    for a in [] if isinstance(doc, AuditDocument) else risk_order(doc["applications"]):
        first = first_criterion(a) or {}
        low, high = exit_range(a)
        rows.append(
            (
                a["score"],
                level_label(a["level"], lang),
                score_range(a, lang),
                a.get("coverage"),
                names.get(a["org_id"], a["org_id"]),
                a["name"],
                a.get("editor"),
                a.get("group"),
                a.get("domain_label") or a["domain"],
                first.get("reason"),
                first.get("remedy"),
                low,
                high,
                a.get("decision_date"),
            )
        )
    groups_ = group_names(doc)
    rows = relabel(rows, {7: lambda v: groups_.get(v, v)})
    cols = (
        col("score", K.SCORE, 8, lang),
        col("level", K.LEVEL, 10, lang),
        col("score_range", K.TEXT, 10, lang),
        col("coverage", K.SHARE, 10, lang),
        col("organisation", K.TEXT, 24, lang),
        col("application", K.TEXT, 30, lang),
        col("editor", K.TEXT, 20, lang),
        col("group", K.TEXT, 18, lang),
        col("domain", K.TEXT, 16, lang),
        col("first_reason", K.TEXT, 50, lang),
        col("remedy", K.TEXT, 50, lang),
        col("exit_low", K.MONEY, 13, lang),
        col("exit_high", K.MONEY, 13, lang),
        col("decision_date", K.DATE, 12, lang),
    )
    return Table(
        "risk_register",
        t("reports.sheet.risk_register", lang),
        cols,
        rows,
        level_col=1,
        score_col=0,
        stacked=True,  # a card per application on a phone: 14 columns, rows 140 px tall
        lead_col=5,  # each card titled by its application, not by its score
    )


def applications(doc: Doc, lang: Lang) -> Table:
    orgs, groups_, products = org_names(doc), group_names(doc), product_names(lang)
    names = {
        0: lambda v: orgs.get(v, v),
        3: lambda v: products.get(v, v),
        5: lambda v: groups_.get(v, v),
        7: lambda v: label("hosting", v, lang),
        8: lambda v: label("criticality", v, lang),
        9: lambda v: label("licence", v, lang),
    }
    if isinstance(doc, AuditDocument):
        rows = columns.application_rows(
            doc, lambda v: level_label(v, lang), lambda v: label("action", v, lang), names
        )
    else:
        rows = relabel(_application_rows(doc, lang), names)
    cols = (
        col("organisation", K.TEXT, 24, lang),
        col("app_id", K.TEXT, 12, lang),
        col("application", K.TEXT, 30, lang),
        col("product", K.TEXT, 20, lang),
        col("editor", K.TEXT, 20, lang),
        col("group", K.TEXT, 18, lang),
        col("domain", K.TEXT, 16, lang),
        col("hosting", K.TEXT, 14, lang),
        col("criticality", K.TEXT, 11, lang),
        col("licence", K.TEXT, 14, lang),
        col("open_source", K.BOOL, 10, lang),
        col("annual_cost", K.MONEY, 13, lang),
        col("contract_id", K.TEXT, 12, lang),
        col("contract_end", K.DATE, 12, lang),
        col("decision_date", K.DATE, 12, lang),
        col("score", K.SCORE, 8, lang),
        col("level", K.LEVEL, 10, lang),
        col("unknown_criteria", K.INT, 10, lang),
        col("action", K.TEXT, 16, lang),
        col("score_low", K.SCORE, 8, lang),
        col("score_high", K.SCORE, 8, lang),
        col("coverage", K.SHARE, 10, lang),
        col("to_collect", K.TEXT, 40, lang),
    )
    return Table(
        "applications",
        t("reports.sheet.applications", lang),
        cols,
        rows,
        level_col=16,
        score_col=15,
    )


def criteria(doc: Doc, lang: Lang) -> Table:
    """Criteria that scored points, or are unknown or waived (see :data:`KEPT_STATUSES`)."""
    if isinstance(doc, AuditDocument):
        orgs = org_names(doc)
        names = {0: lambda v: orgs.get(v, v), 5: lambda v: metric_inputs(v, lang)}
        rows = columns.criteria_rows(doc, lambda v: label("status", v, lang), names)
        return _criteria_table(doc, rows, lang, named=True)
    rows = [
        (
            a["org_id"],
            a["app_id"],
            a["name"],
            c["rule_id"],
            c["title"],
            c["metric"],
            c["value"],
            c["points"],
            c["max_points"],
            label("status", c["status"], lang),
            c["reason"],
            c["remedy"],
        )
        for a in doc["applications"]
        for c in a["criteria"]
        if c["points"] > 0 or c["status"] in KEPT_STATUSES
    ]
    return _criteria_table(doc, rows, lang)


def metric_inputs(metric: Any, lang: Lang) -> Any:
    """The inventory columns a metric reads ("Contrats › Reconduction"), else the metric."""
    inputs = METRIC_INPUTS.get(str(metric), ())
    return ", ".join(column_label(tb, fd, lang) for tb, fd in inputs) if inputs else metric


def assumed_text(metrics: Any, lang: Lang) -> Any:
    """ "annual_cost, months_to_end" as the inventory columns an exit cost assumed."""
    if not isinstance(metrics, str) or not metrics:
        return metrics
    sep = t("loc.semicolon", lang)
    return sep.join(str(metric_inputs(m.strip(), lang)) for m in metrics.split(","))


def _criteria_table(
    doc: Doc, rows: Sequence[Sequence[Any]], lang: Lang, named: bool = False
) -> Table:
    """The criteria sheet: organisations by name and metrics as the inventory columns they
    read (``named``: ``rows`` already show them so); the rule id stays, as the key a waivers
    file names."""
    if not named:
        orgs = org_names(doc)
        rows = relabel(rows, {0: lambda v: orgs.get(v, v), 5: lambda v: metric_inputs(v, lang)})
    cols = (
        col("organisation", K.TEXT, 24, lang),
        col("app_id", K.TEXT, 12, lang),
        col("application", K.TEXT, 28, lang),
        col("rule_id", K.TEXT, 22, lang),
        col("criterion", K.TEXT, 28, lang),
        col("metric_inputs", K.TEXT, 30, lang),
        col("value", K.AUTO, 10, lang),
        col("points", K.NUMBER, 8, lang),
        col("max_points", K.NUMBER, 8, lang),
        col("status", K.TEXT, 11, lang),
        col("reason", K.TEXT, 50, lang),
        col("remedy", K.TEXT, 50, lang),
    )
    return Table(
        "criteria",
        t("reports.sheet.criteria", lang),
        cols,
        rows,
        note=t("reports.note.criteria_capped", lang),
    )


def _exposure(doc: Doc, key: str, lang: Lang) -> Table:
    orgs = org_names(doc)
    group_names = {g.get("group"): g.get("name") for g in doc["groups"]}
    rows = []
    for e in doc[key]:
        low, high = exit_range(e)
        rows.append(
            (
                orgs.get(e["org_id"], e["org_id"]),
                e.get("name"),
                group_names.get(e.get("group")) or e.get("group"),
                e["applications"],
                e.get("annual_spend"),
                e.get("spend_share"),
                e.get("app_share"),
                e.get("worst_score"),
                e.get("weighted_score"),
                level_label(e.get("worst_level"), lang),
                low,
                high,
                e.get("scored_applications"),
                e.get("coverage"),
            )
        )
    cols = (
        col("organisation", K.TEXT, 24, lang),
        col("name", K.TEXT, 24, lang),
        col("group", K.TEXT, 20, lang),
        col("applications", K.INT, 10, lang),
        col("annual_spend", K.MONEY, 13, lang),
        col("spend_share", K.SHARE, 10, lang),
        col("app_share", K.SHARE, 10, lang),
        col("worst_score", K.SCORE, 9, lang),
        col("weighted_score", K.SCORE, 9, lang),
        col("worst_level", K.LEVEL, 10, lang),
        col("exit_low", K.MONEY, 13, lang),
        col("exit_high", K.MONEY, 13, lang),
        col("scored_applications", K.INT, 10, lang),
        col("coverage", K.SHARE, 10, lang),
    )
    return Table(key, t(f"reports.sheet.{key}", lang), cols, rows, level_col=9, score_col=7)


def editors(doc: Doc, lang: Lang) -> Table:
    return _exposure(doc, "editors", lang)


def groups(doc: Doc, lang: Lang) -> Table:
    return _exposure(doc, "groups", lang)


FLOW_KEYS = (
    "org_id",
    "flow_id",
    "source",
    "source_name",
    "target",
    "target_name",
    "target_kind",
    "data",
    "format",
    "format_openness",
    "standard",
    "standard_open",
    "protocol",
    "frequency",
)


def flows(doc: Doc, lang: Lang, limit: int | None = None) -> Table:
    """Every flow (``limit`` caps the rows for the HTML page; the workbooks carry them all).

    Organisations, formats and standards by name, transports and frequencies in words: a
    reader never meets ``299000018``, ``pes_v2_xml`` or ``file_share``."""
    kinds = {k: t(f"reports.target_kind.{k}", lang) for k in ("application", "platform", "unknown")}
    if isinstance(doc, AuditDocument):
        # Column by column from the flows table, every label applied per distinct value,
        # zipped into rows once (not rows, back to columns to relabel, and rows again).
        total = doc.count("flows")
        frame = doc.flows if limit is None else doc.flows.iloc[:limit]
        values = [py_values(frame[k]) for k in FLOW_KEYS]
        names = _flow_labels(doc, lang)
        names[6] = lambda k: kinds.get(k, k)
        names[9] = lambda k: label("openness", k, lang)
        for k, fn in names.items():
            values[k] = columns.mapped(values[k], fn)
        rows = list(zip(*values, strict=True))
    else:
        rows, total = _flow_rows(doc, limit, kinds, lang)
        rows = _named_flow_rows(doc, rows, lang)
    widths = (20, 10, 12, 26, 12, 26, 12, 24, 20, 18, 20, 8, 12, 12)
    kinds_ = [K.TEXT] * len(FLOW_KEYS)
    kinds_[11] = K.BOOL
    keys = ("organisation", *FLOW_KEYS[1:])
    cols = tuple(col(k, kd, w, lang) for k, kd, w in zip(keys, kinds_, widths, strict=True))
    note = None
    if limit is not None and total > limit:
        note = t("reports.note.capped", lang, shown=limit, total=total)
    return Table("flows", t("reports.sheet.flows", lang), cols, rows, note=note)


def _named_flow_rows(doc: Doc, rows: Sequence[Sequence[Any]], lang: Lang) -> list[tuple[Any, ...]]:
    """Flow rows with the organisation (0), platform target (4), format (8), standard (10),
    protocol (12) and frequency (13) columns in words, each distinct value rendered once."""
    if not rows:
        return []
    return relabel(rows, _flow_labels(doc, lang))


def _flow_labels(doc: Doc, lang: Lang) -> dict[int, Callable[[Any], Any]]:
    """What puts each named column of a flow row into words (see :func:`_named_flow_rows`)."""
    orgs = org_names(doc)
    formats = format_names(doc, lang)
    standards, platforms = registry_names(lang)
    # a platform target's name as the document carries it (the registry's English name) in
    # the report's language: « Hélios (comptabilité publique, DGFiP) », not « (DGFiP public
    # accounting) » beside it
    renamed = platform_names_by_name(lang)
    return {
        0: lambda v: orgs.get(v, v),
        4: lambda v: platforms.get(v, v),
        5: lambda v: renamed.get(v, v),
        8: lambda v: formats.get(v, v),
        10: lambda v: standards.get(v, v),
        12: lambda v: label("protocol", v, lang),
        13: lambda v: label("frequency", v, lang),
    }


def relabel(
    rows: Sequence[Sequence[Any]], render: Mapping[int, Callable[[Any], Any]]
) -> list[tuple[Any, ...]]:
    """``rows`` with the columns in ``render`` put into words, each distinct value once."""
    if not rows:
        return []
    cols = [list(c) for c in zip(*rows, strict=True)]
    for k, fn in render.items():
        cols[k] = columns.mapped(cols[k], fn)
    return list(zip(*cols, strict=True))


def group_names(doc: Doc) -> dict[str, str]:
    """Corporate groups' names by id ("Bain Capital" for ``bain-capital``)."""
    return {g["group"]: g.get("name") or g["group"] for g in doc["groups"] if g.get("group")}


def registry_names(lang: Lang) -> tuple[dict[str, str], dict[str, str]]:
    """Exchange standards' and national platforms' names by id in the report's language, from
    the bundled registry (``rules/standards.yaml``): a flow to Chorus Pro names it, not
    ``chorus_pro``; a French report shows ``name_fr`` where the registry gives one."""
    from vendorlock.registry.load import load_registries

    reg = load_registries()
    standards = {sid: s.label(lang) for sid, s in reg.standards.items()}
    return standards, {pid: p.label(lang) for pid, p in reg.platforms.items()}


def platform_names_by_name(lang: Lang) -> dict[str, str]:
    """National platforms' names in the report's language by their registry (English) name,
    for the documents that carry the name rather than the id."""
    from vendorlock.registry.load import load_registries

    return {p.name: p.label(lang) for p in load_registries().platforms.values()}


def product_names(lang: Lang) -> dict[str, str]:
    """Catalogue products' names in the report's language by their catalogue (English) name:
    an application whose product is written as the catalogue names it (the demo, a scan, a
    source reconciled with the catalogue) shows the French name in a French report ("PVe
    (logiciel de verbalisation électronique de l'ANTAI)"); any other product text is the
    user's and is shown as written. Only names that differ are kept."""
    from vendorlock.registry.load import load_registries

    products = load_registries().products.values()
    return {p.name: p.label(lang) for p in products if p.label(lang) != p.name}


def format_names(doc: Doc, lang: Lang) -> dict[str, str]:
    """Formats' names by id in the report's language: a French report shows the bundled
    registry's French name ("Texte OpenDocument") when the document's format is that entry (same
    English name); a format only a user's rules file knows keeps the name the document carries."""
    from vendorlock.registry.load import load_registries

    reg = load_registries()
    names = {}
    for f in doc["formats"]:
        fid = f["format_id"]
        name = f.get("name") or fid
        entry = reg.formats.get(fid)
        names[fid] = entry.label(lang) if entry is not None and entry.name == name else name
    return names


def formats(doc: Doc, lang: Lang) -> Table:
    names = format_names(doc, lang)
    rows = [
        (
            names[f["format_id"]],
            label("openness", f["openness"], lang),
            label("rgi", f.get("rgi_status"), lang),
            f.get("storage_apps"),
            f.get("export_apps"),
            f.get("flows"),
        )
        for f in doc["formats"]
    ]
    cols = (
        col("format", K.TEXT, 36, lang),
        col("format_openness", K.TEXT, 20, lang),
        col("rgi_status", K.TEXT, 14, lang),
        col("storage_apps", K.INT, 10, lang),
        col("export_apps", K.INT, 10, lang),
        col("flows", K.INT, 8, lang),
    )
    return Table("formats", t("reports.sheet.formats", lang), cols, rows)


COST_ITEMS = (
    "reimplementation",
    "data_migration",
    "interfaces",
    "training",
    "parallel_run",
    "contract_exit",
)


def exit_costs(doc: Doc, lang: Lang) -> Table:
    """One row per application: total range, years of spend, main driver and assumed inputs,
    then low / high per cost item.

    Wide rather than one row per item: a sixth of the rows to write; the basis of each figure
    is in audit.json and the HTML report.
    """
    rows: list[list[Any]] = []
    orgs = org_names(doc)
    names = {0: lambda v: orgs.get(v, v), 8: lambda v: assumed_text(v, lang)}
    named: list[tuple[Any, ...]] = []
    if isinstance(doc, AuditDocument):
        cost_label = lambda v: label("cost", v, lang)  # noqa: E731
        named = columns.exit_cost_rows(doc, COST_ITEMS, cost_label, names)
    for a in [] if isinstance(doc, AuditDocument) else doc["applications"]:
        cost = a["exit_cost"]
        items = {b["item"]: b for b in cost["breakdown"]}
        years = cost.get("years_of_spend") or {}
        row: list[Any] = [
            a["org_id"],
            a["app_id"],
            a["name"],
            cost["low"],
            cost["high"],
            years.get("low"),
            years.get("high"),
            label("cost", cost.get("main_driver"), lang),
            ", ".join(cost.get("assumed") or []),
        ]
        for item in COST_ITEMS:
            b = items.get(item) or {}
            row += [b.get("low"), b.get("high")]
        rows.append(row)
    if not isinstance(doc, AuditDocument):
        named = relabel(rows, names)
    cols = [
        col("organisation", K.TEXT, 24, lang),
        col("app_id", K.TEXT, 12, lang),
        col("application", K.TEXT, 30, lang),
        col("exit_low", K.MONEY, 13, lang),
        col("exit_high", K.MONEY, 13, lang),
        col("years_low", K.NUMBER, 10, lang),
        col("years_high", K.NUMBER, 10, lang),
        col("main_driver", K.TEXT, 18, lang),
        col("assumed_inputs", K.TEXT, 24, lang),
    ]
    for item in COST_ITEMS:
        name = t(f"reports.cost.{item}", lang)
        name = name[:1].upper() + name[1:]  # a header, like the others (the word is lower case)
        cols += [
            Column(t("reports.col.item_low", lang, item=name), K.MONEY, 14),
            Column(t("reports.col.item_high", lang, item=name), K.MONEY, 14),
        ]
    return Table("exit_costs", t("reports.sheet.exit_costs", lang), tuple(cols), named)


def actions(doc: Doc, lang: Lang) -> Table:
    names = org_names(doc)
    if isinstance(doc, AuditDocument):
        rows = columns.action_rows(
            doc, lambda v: level_label(v, lang), lambda v: label("action", v, lang)
        )
    else:
        rows = _action_rows(doc, names, lang)
    return _actions_table(rows, lang)


def _action_rows(doc: Doc, names: dict[str, str], lang: Lang) -> list[tuple[Any, ...]]:
    return [
        (
            r.get("decision_date"),
            names.get(r["org_id"], r["org_id"]),
            r.get("app_name", r["app_id"]),
            r.get("editor"),
            label("action", r["kind"], lang),
            r["text"],
            r.get("contract_end"),
            r.get("notice_months"),
            level_label(r.get("level"), lang),
            r.get("score"),
        )
        for r in action_order(doc["actions"])
    ]


def _actions_table(rows: Sequence[Sequence[Any]], lang: Lang) -> Table:
    cols = (
        col("decision_date", K.DATE, 12, lang),
        col("organisation", K.TEXT, 24, lang),
        col("application", K.TEXT, 30, lang),
        col("editor", K.TEXT, 20, lang),
        col("action", K.TEXT, 16, lang),
        col("action_text", K.TEXT, 60, lang),
        col("contract_end", K.DATE, 12, lang),
        col("notice_months", K.INT, 9, lang),
        col("level", K.LEVEL, 10, lang),
        col("score", K.SCORE, 8, lang),
    )
    # a card per decision on a phone (10 columns panned, an action's sentence wrapped into rows
    # up to 400 px tall)
    return Table(
        "actions",
        t("reports.sheet.actions", lang),
        cols,
        rows,
        level_col=8,
        score_col=9,
        stacked=True,
        lead_col=2,  # each card titled by its application, its date on the next line
    )


def waivers(doc: Doc, lang: Lang) -> Table:
    rows = [
        (
            w["rule_id"],
            w["app_id"],
            w["reason"],
            w["author"],
            w.get("expiry"),
            w["expired"],
            w["matched"],
        )
        for w in doc["waivers"]
    ]
    cols = (
        col("rule_id", K.TEXT, 22, lang),
        col("app_id", K.TEXT, 12, lang),
        col("reason", K.TEXT, 50, lang),
        col("author", K.TEXT, 16, lang),
        col("expiry", K.DATE, 12, lang),
        col("expired", K.BOOL, 9, lang),
        col("matched", K.BOOL, 9, lang),
    )
    return Table("waivers", t("reports.sheet.waivers", lang), cols, rows)


#: The reason of a whole file or sheet that could not be read (counted apart from rows).
UNREADABLE = "input"


def set_aside_line(doc: Doc, lang: Lang) -> str:
    """``3 — date unreadable (2), required value missing (1)`` or ``0``: the rows set aside,
    without the unreadable files or sheets (:func:`set_aside_split`)."""
    aside = doc.get("set_aside") or {}
    count, unreadable = set_aside_split(doc)
    if not count:
        return "0"
    reasons = ", ".join(
        f"{r['label']} ({r['rows']})"
        for r in aside.get("reasons", [])
        if r["code"] != UNREADABLE or not unreadable
    )
    return f"{count} — {reasons}"


def set_aside_notes(doc: Doc, lang: Lang) -> list[str]:
    """The lines saying what was left out: the rows set aside with their reasons, then the
    files or sheets that could not be read (none when nothing was)."""
    rows, unreadable = set_aside_split(doc)
    out = [t("reports.term.set_aside", lang, line=set_aside_line(doc, lang))] if rows else []
    if unreadable:
        out.append(tn("reports.term.unreadable", unreadable, lang))
    return out


def set_aside_split(doc: Doc) -> tuple[int, int]:
    """(rows set aside, whole files or sheets that could not be read): a damaged file is not
    a row (« 1 ligne de l'inventaire comporte des erreurs »)."""
    aside = doc.get("set_aside") or {}
    unreadable = sum(1 for r in aside.get("list", []) if r.get("row") is None)
    return int(aside.get("rows") or 0) - unreadable, unreadable


def set_aside_count(doc: Doc) -> int:
    """How many input rows were set aside (not audited), unreadable files or sheets apart."""
    return set_aside_split(doc)[0]


def set_aside_reasons(doc: Doc, lang: Lang) -> list[list[Any]]:
    """One summary row per reason rows were set aside: « dont date illisible » and its count,
    a number cell like every other count of the summary (not a sentence holding numbers)."""
    reasons = (doc.get("set_aside") or {}).get("reasons", [])
    unreadable = set_aside_split(doc)[1]
    rows = [
        [t("reports.sum.set_aside_reason", lang, reason=r["label"]), int(r["rows"])]
        for r in reasons
        if r["code"] != UNREADABLE or not unreadable
    ]
    return rows + ([[t("reports.sum.unreadable", lang), unreadable]] if unreadable else [])


def set_aside_rows(doc: Doc, lang: Lang) -> list[tuple[Any, ...]]:
    """Set-aside rows as problem-sheet rows: the located row, its reasons' codes and texts."""
    out = []
    for r in (doc.get("set_aside") or {}).get("list", []):
        reasons = r["reasons"]
        out.append(
            (
                t("reports.set_aside", lang),
                ", ".join(sorted({x["code"] for x in reasons})) or "input",
                r.get("file"),
                r.get("sheet"),
                r.get("row"),
                ", ".join(dict.fromkeys(x["column"] for x in reasons if x.get("column"))) or None,
                t("loc.semicolon", lang).join(x["message"] for x in reasons),
            )
        )
    return out


def problems(doc: Doc, lang: Lang) -> Table:
    """Rows set aside first (they are not in the audit), then the warnings."""
    rows = set_aside_rows(doc, lang) + [
        (
            label("severity", p["severity"], lang),
            p["code"],
            p.get("file"),
            p.get("sheet"),
            p.get("row"),
            p.get("column"),
            p["message"],
        )
        for p in doc["problems"]
    ]
    cols = (
        col("severity", K.TEXT, 12, lang),
        col("code", K.TEXT, 20, lang),
        col("file", K.TEXT, 20, lang),
        col("sheet", K.TEXT, 14, lang),
        col("row", K.INT, 7, lang),
        col("column", K.TEXT, 14, lang),
        col("message", K.TEXT, 80, lang),
    )
    return Table("problems", t("reports.sheet.problems", lang), cols, rows)


def workbook_tables(doc: Doc, lang: Lang) -> list[Table]:
    """Every sheet after Summary, in workbook order."""
    return [
        risk_register(doc, lang),
        applications(doc, lang),
        criteria(doc, lang),
        editors(doc, lang),
        groups(doc, lang),
        flows(doc, lang),
        formats(doc, lang),
        exit_costs(doc, lang),
        actions(doc, lang),
        waivers(doc, lang),
        problems(doc, lang),
        to_collect(doc, lang),
    ]


def to_collect(doc: Doc, lang: Lang) -> Table:
    """What to collect next: per organisation, the columns that would settle the most points;
    then, for each application with insufficient data, its heaviest unknown criteria."""
    names = org_names(doc)
    rows: list[tuple[Any, ...]] = []
    for org in doc["organisations"]:
        for item in org.get("to_collect") or []:
            rows.append(
                (
                    names.get(org["org_id"], org["org_id"]),
                    None,
                    item["column"],
                    item["points"],
                    item["applications"],
                )
            )
    if isinstance(doc, AuditDocument):
        rows += columns.to_collect_rows(doc)
    for a in [] if isinstance(doc, AuditDocument) else doc["applications"]:
        if a.get("level") != INSUFFICIENT:
            continue
        for item in a.get("to_collect") or []:
            rows.append(
                (
                    names.get(a["org_id"], a["org_id"]),
                    a["name"],
                    ", ".join(item["columns"]),
                    item["points"],
                    1,
                )
            )
    cols = (
        col("organisation", K.TEXT, 24, lang),
        col("application", K.TEXT, 30, lang),
        col("column_to_fill", K.TEXT, 44, lang),
        col("open_points", K.NUMBER, 12, lang),
        col("applications", K.INT, 10, lang),
    )
    return Table("to_collect", t("reports.sheet.to_collect", lang), cols, rows)


def _application_rows(doc: Doc, lang: Lang) -> list[tuple[Any, ...]]:
    return [
        (
            a["org_id"],
            a["app_id"],
            a["name"],
            a.get("product"),
            a.get("editor"),
            a.get("group"),
            a.get("domain_label") or a["domain"],
            a.get("hosting"),
            a.get("criticality"),
            a.get("licence"),
            a.get("open_source"),
            a.get("annual_cost"),
            a.get("contract_id"),
            a.get("contract_end"),
            a.get("decision_date"),
            a["score"],
            level_label(a["level"], lang),
            a.get("unknown_criteria"),
            label("action", a["action"]["kind"], lang),
            a.get("score_low"),
            a.get("score_high"),
            a.get("coverage"),
            collect_columns(a),
        )
        for a in doc["applications"]
    ]


def _flow_rows(
    doc: Doc, limit: int | None, kinds: dict[str, str], lang: Lang
) -> tuple[list[tuple[Any, ...]], int]:
    src = doc["flows"]
    shown = src if limit is None else src[:limit]
    openness = {k: label("openness", k, lang) for k in {f.get("format_openness") for f in shown}}
    rows = [
        (
            f["org_id"],
            f["flow_id"],
            f["source"],
            f.get("source_name"),
            f["target"],
            f.get("target_name"),
            kinds.get(f["target_kind"], f["target_kind"]),
            f.get("data"),
            f.get("format"),
            openness[f.get("format_openness")],
            f.get("standard"),
            f.get("standard_open"),
            f.get("protocol"),
            f.get("frequency"),
        )
        for f in shown
    ]
    return rows, len(src)
