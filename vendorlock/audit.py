"""The audit: portfolio → metrics → scores → the audit document every report is written from.

:func:`audit_portfolio` is the one scoring path: `vendorlock audit`, `aggregate`, `pool`,
`compare` and `simulate` all go through it, so a member is scored exactly as its own audit
scores it. The result is a plain JSON-able dict (``vendorlock/schemas/audit.schema.json``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vendorlock import __version__
from vendorlock.audit_doc import (
    clean,
    clean_column,
    flow_dicts,
    flow_table,
    format_records,
    input_hashes,
)
from vendorlock.audit_json import (
    Both,
    Layout,
    Listed,
    Rounded,
    Same,
    clause_column,
    column_fragments,
    column_texts,
    column_values,
    criteria_lines,
    flow_lines,
    layout_texts,
    layout_values,
    metric_lines,
    spans,
)
from vendorlock.columns import as_strings, categorical, positions, python_round, unique_rows
from vendorlock.distinct import per_category, relabel
from vendorlock.document import AuditDocument, Deferred, py_values
from vendorlock.dtypes import STR
from vendorlock.frames import row_dicts
from vendorlock.i18n import Lang, t
from vendorlock.jsonio import encode, objects
from vendorlock.metrics import Metrics, compute_metrics
from vendorlock.metrics.compute import CONTEXT_COLUMNS
from vendorlock.metrics.contracts import unlinked_contracts
from vendorlock.metrics.interface import METRIC_INPUTS
from vendorlock.model.portfolio import UNKNOWN, Portfolio
from vendorlock.model.problems import Location, Problem, Severity, sort_problems
from vendorlock.readers.setaside import SetAsideRow, reason_counts, reason_label
from vendorlock.registry import Registries
from vendorlock.resources import data_dir
from vendorlock.scoring import (
    COST_ITEMS,
    COST_PARAMS,
    ExitCosts,
    Rollup,
    RulePack,
    Scores,
    Status,
    WaiverSet,
    action_texts,
    actions,
    exit_costs,
    rollup,
    score_applications,
    shared_flow_counts,
)
from vendorlock.scoring.collect import column_label, per_organisation
from vendorlock.scoring.explain import explain_table

SCHEMA_VERSION = "1"
LEVELS = ("insufficient_data", "low", "medium", "high", "critical")


@dataclass(frozen=True)
class AuditResult:
    """Everything one audit computed; ``document`` is what reports are written from."""

    metrics: Metrics
    scores: Scores
    costs: ExitCosts
    #: The action plan, one row per application; its ``text`` column is empty: the sentences
    #: are written into the document's application table when a report first reads it
    #: (:func:`vendorlock.scoring.action_texts` gives them from this plan).
    plan: pd.DataFrame
    totals: Rollup
    #: The columnar document; a plain dict tree when a scan annotated it (``audit --scan``).
    document: AuditDocument | dict[str, Any]


if TYPE_CHECKING:
    from vendorlock.scan.exposure import MeasuredHeritage


@dataclass(frozen=True)
class AuditOptions:
    """How one audit runs, besides what it audits (portfolio, registries, rule pack): the one
    set of settings :func:`run_audit`, :func:`audit_document` and :func:`audit_portfolio` take,
    so a new setting is added here once instead of to every signature and call on the way."""

    #: The reference date: contract deadlines, waiver expiry, the document's ``as_of``.
    as_of: date
    #: The language of every text in the document.
    lang: Lang
    #: Accepted risks (``--waivers``); none by default.
    waivers: WaiverSet | None = None
    #: The reading's problems; its warnings are listed in the document.
    problems: Sequence[Problem] = ()
    #: The files read, hashed into the document's ``inputs``.
    inputs: Sequence[Path] = ()
    #: Rows the lenient reading set aside, listed with their reasons.
    set_aside: Sequence[SetAsideRow] = ()
    #: A scan (``audit --scan``): measured storage formats replace declared ones where seen.
    heritage: MeasuredHeritage | None = None


def audit_portfolio(
    portfolio: Portfolio, registries: Registries, pack: RulePack, options: AuditOptions
) -> dict[str, Any]:
    """The audit document of every organisation in ``portfolio`` as a plain dict tree (for
    code that edits it, e.g. the group commands); :func:`audit_document` keeps it columnar."""
    doc = audit_document(portfolio, registries, pack, options)
    return doc.to_dict() if isinstance(doc, AuditDocument) else doc


def audit_document(
    portfolio: Portfolio, registries: Registries, pack: RulePack, options: AuditOptions
) -> AuditDocument | dict[str, Any]:
    """The audit document, columnar (a dict tree only when a scan annotated it)."""
    return run_audit(portfolio, registries, pack, options).document


def run_audit(
    portfolio: Portfolio, registries: Registries, pack: RulePack, options: AuditOptions
) -> AuditResult:
    """Run every stage and keep the intermediate values (simulate compares two of them).

    ``heritage`` (a scan, ``audit --scan``) replaces the declared storage-format exposure by
    the measured one where the scan saw the application's formats.
    """
    as_of, lang, heritage = options.as_of, options.lang, options.heritage
    # Costly metrics (betweenness) only when the pack scores or prints them.
    metrics = compute_metrics(portfolio, registries, as_of, on_demand=pack.metrics_read())
    sources = None
    if heritage is not None:
        from vendorlock.scan.exposure import apply_scan

        storage = portfolio.applications["storage_formats"].reset_index(drop=True)
        metrics, sources = apply_scan(metrics, storage, heritage, registries)
    scores = score_applications(metrics, pack, options.waivers)
    shared = shared_flow_counts(portfolio.flows, metrics.applications.index)
    costs = exit_costs(metrics, pack, _populations(portfolio), shared)
    # the action sentences are written when a report first reads them (_with_action_texts)
    plan = actions(metrics, scores, pack, lang, text=False)
    totals = rollup(metrics, scores, costs, pack)
    sections: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"vendorlock {__version__}",
        "as_of": as_of.isoformat(),
        "lang": lang.value,
        "rule_pack": _pack_json(pack),
        "inputs": input_hashes(options.inputs),
    }
    ids = sorted(metrics.applications.index.astype(str))
    apps = _app_table(portfolio, registries, metrics, scores, costs, plan, lang, ids)
    complete = cache(partial(_with_action_texts, apps, plan, metrics, scores, pack, lang, ids))
    # Built when a report first reads them (the document's lazy tables).
    criteria = cache(partial(explain_table, scores, metrics, pack, ids, lang))
    to_collect = per_organisation(scores, pack, metrics.applications["org_id"], lang)
    orgs = _organisations(portfolio, metrics, totals, apps, to_collect)
    unlinked = unlinked_contract_problems(portfolio, metrics.contract_cover)
    sections["summary"] = _summary(portfolio, apps, orgs, len(unlinked))
    sections["organisations"] = orgs
    # the sections only reports show: built at their first read
    exposure = partial(_exposure, portfolio=portfolio, registries=registries, lang=lang)
    sections["editors"] = Deferred(
        partial(exposure, totals.editors, "editor_id", spent=metrics.editors)
    )
    sections["groups"] = Deferred(partial(exposure, totals.groups, "group", spent=metrics.groups))
    sections["formats"] = Deferred(partial(format_records, portfolio, registries))
    sections["waivers"] = _waivers(scores, as_of)
    warnings = [p for p in options.problems if p.severity is Severity.WARNING] + unlinked
    sections["problems"] = [p.to_json(lang) for p in sort_problems(warnings)]
    sections["set_aside"] = set_aside_section(options.set_aside, lang)
    build_records, encode_records = _records_builder(
        complete, ids, criteria, pack, metrics, scores, costs, lang
    )
    notice = cache(partial(_notice, metrics, ids))
    action_records, encode_actions = _action_builder(complete, notice, pack, lang)
    doc = AuditDocument(
        sections=sections,
        make_applications=complete,
        make_criteria=criteria,
        make_flows=partial(flow_table, portfolio, registries),
        make_action_order=partial(_action_order, apps),
        build_records=build_records,
        encode_records=encode_records,
        encode_flows=flow_lines,
        flow_records=flow_dicts,
        action_records=action_records,
        encode_actions=encode_actions,
        collect={
            c.id: (
                round(c.weight, 4),
                tuple(column_label(tb, fd, lang) for tb, fd in METRIC_INPUTS.get(c.metric, ())),
            )
            for c in pack.criteria
        },
        rule_info={c.id: (c.title.get(lang), c.metric, round(c.weight, 4)) for c in pack.criteria},
        make_assumed=partial(_assumed_text, costs, ids),
        make_notice=notice,
    )
    if heritage is not None and sources is not None:
        from vendorlock.scan.exposure import annotate

        tree = doc.to_dict()
        annotate(tree, sources, heritage, lang)
        return AuditResult(metrics, scores, costs, plan, totals, tree)
    return AuditResult(metrics, scores, costs, plan, totals, doc)


def _populations(portfolio: Portfolio) -> pd.Series:
    """Inhabitants per organisation: the size proxy of the cost model's defaults."""
    orgs = portfolio.organisations.drop_duplicates("org_id")
    if "population" not in orgs:
        return pd.Series(dtype="float64")
    values = pd.to_numeric(orgs["population"], errors="coerce").to_numpy(dtype="float64")
    return pd.Series(values, index=orgs["org_id"].astype(str).to_numpy())


def years_of_spend(low: float, high: float, spend: float | None) -> dict[str, float] | None:
    """Exit cost in years of yearly spend (``None`` when the spend is unknown or zero)."""
    if spend is None or not spend > 0:
        return None
    return {"low": round(low / spend, 2), "high": round(high / spend, 2)}


def _exit_cost(low: float, high: float, spend: float | None) -> dict[str, Any]:
    return {
        "low": round(low, 2),
        "high": round(high, 2),
        "years_of_spend": years_of_spend(low, high, spend),
    }


def unlinked_contract_problems(
    portfolio: Portfolio, cover: np.ndarray | None = None
) -> list[Problem]:
    """A warning for each contract that covers no application: its cost still counts in the
    body's spend and editor concentration, but in no application's score. ``cover`` is the
    metrics' ``contract_cover`` (what the search would find again), when known."""
    contracts = portfolio.contracts
    if cover is not None and len(cover) == len(contracts):
        mask = cover == 0
    else:
        mask = unlinked_contracts(portfolio.applications, contracts)
    out = []
    for i in np.flatnonzero(mask):
        row = contracts.iloc[i]
        loc = Location(
            "" if pd.isna(row["_file"]) else str(row["_file"]),
            None if pd.isna(row["_sheet"]) else str(row["_sheet"]),
            None if pd.isna(row["_row"]) else int(row["_row"]),
        )
        cost = row["annual_cost"]
        out.append(
            Problem.make(
                Severity.WARNING,
                "contract_without_application",
                loc,
                contract=str(row["contract_id"]),
                cost="?" if pd.isna(cost) else f"{float(cost):,.2f}".replace(",", "\u202f"),
            )
        )
    return out


def set_aside_section(rows: Sequence[SetAsideRow], lang: Lang) -> dict[str, Any]:
    """Rows left out of the audit (lenient reading): a count per reason and the located list."""
    return {
        "rows": len(rows),
        "reasons": [
            {"code": code, "label": reason_label(code, lang), "rows": n}
            for code, n in reason_counts(rows).items()
        ],
        "list": [r.to_json(lang) for r in rows],
    }


def _pack_json(pack: RulePack) -> dict[str, Any]:
    """The pack's settings; file names only (no local paths in a shareable document)."""
    data = pack.as_json()
    data["costs"] = pack.costs.as_json()
    builtin = data_dir("rules").resolve()
    files = [Path(f) for f in data.get("files", [])]
    data["overlays"] = [f.name for f in files if f.resolve().parent != builtin]
    data["files"] = [f.name for f in files]
    return data


def _waiver_json(w: Any) -> dict[str, Any] | None:
    if w is None:
        return None
    return {
        "reason": w.reason,
        "author": w.author,
        "expiry": w.expires.isoformat(),
        "application": w.application,
    }


def _criteria_json(
    criteria: pd.DataFrame, pack: RulePack, lang: Lang, positions: np.ndarray
) -> dict[int, list[dict[str, Any]]]:
    """The ``criteria`` list of the applications at ``positions``, from the long table."""
    part = criteria.iloc[spans(criteria["app"].to_numpy(), np.unique(positions))[0]]
    crits = pack.criteria
    static = [
        (
            c.id,
            c.title.get(lang),
            c.metric,
            round(c.weight, 4),
            [pack.references[r].label(lang) for r in c.references],
        )
        for c in crits
    ]
    out: dict[int, list[dict[str, Any]]] = {int(p): [] for p in positions}
    columns = zip(
        part["app"].tolist(),
        part["rule"].tolist(),
        part["value"].tolist(),
        part["points"].tolist(),
        part["status"].astype(str).tolist(),
        part["reason"].astype(str).tolist(),
        part["remedy"].astype(str).tolist(),
        part["waiver"].tolist(),
        strict=True,
    )
    for app, rule, value, points, status, reason, remedy, waiver in columns:
        target = out.get(app)
        if target is None:
            continue
        rule_id, title, metric, max_points, references = static[rule]
        target.append(
            {
                "rule_id": rule_id,
                "title": title,
                "metric": metric,
                "value": clean(value),
                "points": round(points, 4),
                "max_points": max_points,
                "status": status,
                "reason": reason,
                "remedy": remedy,
                "references": list(references),
                "waiver": _waiver_json(waiver),
            }
        )
    return out


def _cleaned(values: Sequence[Any]) -> list[Any]:
    return [clean(v) for v in values]


def _positions(index: pd.Index, ids: list[str], known: dict[int, np.ndarray]) -> np.ndarray:
    """Positions of ``ids`` in ``index`` (what ``.loc[ids]`` selects), computed once per
    distinct index: the metrics, scores, costs and plan tables share one."""
    for key, pos in known.items():
        if key == id(index):
            return pos
    pos = positions(index, ids)
    known[id(index)] = pos
    return pos


def _app_table(
    portfolio: Portfolio,
    registries: Registries,
    metrics: Metrics,
    scores: Scores,
    costs: ExitCosts,
    plan: pd.DataFrame,
    lang: Lang,
    ids: list[str],
) -> pd.DataFrame:
    """One row per application, flat and JSON-ready (``clean`` values, rounded as published)."""
    raw = portfolio.applications
    first = np.flatnonzero(~raw["app_id"].duplicated().to_numpy())
    apos = first[positions(pd.Index(raw["app_id"].array.take(first)), ids)]
    known: dict[int, np.ndarray] = {}
    mpos = _positions(metrics.applications.index, ids, known)

    def app(column: str) -> list[Any]:
        return clean_column(raw[column].take(apos))

    def metric(column: str) -> list[Any]:
        if column not in metrics.applications:
            return [None] * len(ids)
        return clean_column(metrics.applications[column].take(mpos))

    def score(series: pd.Series, digits: int) -> list[float]:
        pos = _positions(series.index, ids, known)
        return python_round(series.to_numpy(dtype=float)[pos], digits)

    def act(column: str) -> pd.Series:
        return plan[column].take(_positions(plan.index, ids, known))

    def cost(column: str) -> np.ndarray:
        values: np.ndarray = costs.table[column].to_numpy(dtype=float)
        return values[_positions(costs.table.index, ids, known)]

    editor_names = _editor_names(portfolio, lang)
    editor_id = [v or "unknown" for v in metric("editor_id")]
    licence = app("licence")
    domain = [v or "other" for v in app("domain")]
    labels = {d: _domain_label(registries, d, lang) for d in set(domain)}
    groups = metric("group")
    group_names = {g: _group_name(g, registries, editor_names) for g in set(groups)}
    level = scores.level.take(_positions(scores.level.index, ids, known))
    clauses = act("clauses")
    editor_ids, editors = _categoricals(editor_id, lambda e: editor_names.get(e, e))
    domains, domain_labels = _categoricals(domain, labels.__getitem__)
    out = pd.DataFrame(
        {
            "app_id": _typed(ids, "str"),
            "org_id": categorical(metrics.applications["org_id"].take(mpos).astype(str).to_numpy()),
            "name": _typed(app("name"), "str"),
            "product": _typed(app("product"), "str"),
            "editor_id": editor_ids,
            "editor": editors,
            "group": _categoricals(groups, group_names.__getitem__)[1],
            "domain": domains,
            "domain_label": domain_labels,
            "hosting": _typed(app("hosting"), "str"),
            "criticality": _typed(app("criticality"), "str"),
            "licence": _typed(licence, "str"),
            "open_source": _typed(
                [bool(v and str(v).lower() != "proprietary") for v in licence], "bool"
            ),
            "annual_cost": _typed(metric("annual_cost"), "float64"),
            "contract_id": _typed(metric("contract_id"), "str"),
            "contract_end": _typed(metric("contract_end"), "str"),
            "decision_date": _typed(clean_column(act("decision_date")), "str"),
            "score": _typed(score(scores.score, 2), "float64"),
            "score_low": _typed(score(scores.score_low, 2), "float64"),
            "score_high": _typed(score(scores.score_high, 2), "float64"),
            "coverage": _typed(score(scores.coverage, 4), "float64"),
            "level": relabel(level, LEVELS),
            "unknown_criteria": scores.unknown_count.to_numpy(dtype=np.int64)[
                _positions(scores.unknown_count.index, ids, known)
            ],
            "action_kind": as_strings(act("kind")),
            "action_clauses": _typed(per_category(clauses, lambda v: str(clean(v) or "")), "str"),
            "exit_low": cost("low"),
            "exit_high": cost("high"),
            # one frame built from every column (12 insertions afterwards cost ~4 ms)
            **{
                f"{item}_{end}": cost(f"{item}_{end}")
                for item in COST_ITEMS
                for end in ("low", "high")
            },
        }
    )
    return out


def _with_action_texts(
    apps: pd.DataFrame,
    plan: pd.DataFrame,
    metrics: Metrics,
    scores: Scores,
    pack: RulePack,
    lang: Lang,
    ids: list[str],
) -> pd.DataFrame:
    """``apps`` with its ``action_text`` column (after ``action_kind``), added in place: the
    sentences are written when a report first reads the table, not in every audit."""
    texts = np.array(action_texts(plan, metrics, scores, pack, lang), dtype=object)
    at = apps.columns.get_loc("action_kind") + 1
    apps.insert(at, "action_text", texts[positions(plan.index, ids)])
    return apps


def _categoricals(
    values: list[Any], name: Callable[[Any], Any]
) -> tuple[pd.Categorical, pd.Categorical]:
    """:func:`~vendorlock.columns.categorical` of ``values`` and of their names
    (``name(value)``), from one factorisation: the names are looked up once per distinct value
    and the second column's codes follow from the first's."""
    codes, uniques = pd.factorize(np.array(values, dtype=object), sort=True)
    base = pd.Categorical.from_codes(
        codes, dtype=pd.CategoricalDtype(pd.Index(uniques, dtype=STR), ordered=False)
    )
    named = np.array([name(u) for u in uniques.tolist()], dtype=object)
    if any(v is None for v in values):
        named = np.append(named, name(None))  # code -1 (a missing value): its name
    name_codes, names = pd.factorize(named, sort=True)
    mapped = pd.Categorical.from_codes(
        name_codes[codes] if len(codes) else codes,
        dtype=pd.CategoricalDtype(pd.Index(names, dtype=STR), ordered=False),
    )
    return base, mapped


def _typed(values: list[Any], dtype: str) -> Any:
    """``values`` as the column ``pd.DataFrame`` would infer from the list (``str`` for
    strings and None, ``float64`` for floats and None, ``bool``), built as that dtype at once:
    the inference pass over a Python list costs ~0.6 ms a column. A list pandas would infer
    otherwise (empty, or nothing but None: ``object``) is left to it."""
    if not any(v is not None for v in values):
        return values
    if dtype == "str":
        return pd.array(values, dtype=STR)
    return np.array(values, dtype=dtype)


def _numbers(column: pd.Series) -> np.ndarray:
    """A metric column as float64 (``pd.to_numeric(errors="coerce")`` unless already float)."""
    if column.dtype == np.float64:
        return column.to_numpy()
    values: np.ndarray = pd.to_numeric(column, errors="coerce").astype(float).to_numpy()
    return values


#: The keys of a published application object that are columns of the application table,
#: taken as they are, in the object's order; :func:`_records_builder`'s objects and their
#: column-wise JSON both read this one list, so they cannot disagree on it.
FLAT_KEYS = (
    *("app_id", "org_id", "name", "product", "editor_id", "editor", "group", "domain"),
    *("domain_label", "hosting", "criticality", "licence", "open_source", "annual_cost"),
    *("contract_id", "contract_end", "decision_date", "score", "score_low", "score_high"),
    *("coverage", "level", "unknown_criteria"),
)


@dataclass(frozen=True)
class _CriteriaIndex:
    """What the per-application objects read of the criteria table, derived once from it."""

    app: np.ndarray
    unknown: np.ndarray
    rule_ids: np.ndarray
    lines: Callable[[np.ndarray], list[str]]


def _records_builder(
    table_of: Callable[[], pd.DataFrame],
    all_ids: list[str],
    criteria: Callable[[], pd.DataFrame],
    pack: RulePack,
    metrics: Metrics,
    scores: Scores,
    costs: ExitCosts,
    lang: Lang,
) -> tuple[Callable[[np.ndarray], list[dict[str, Any]]], Callable[[np.ndarray], list[str]]]:
    """The functions turning positions of the application table (``table_of()``, whose
    ``app_id`` column is ``all_ids``) into the published per-application objects, and into
    their JSON text (built on demand, a chunk at a time: the JSON writer never holds them all).
    ``criteria`` gives the criteria table when first needed; the metric values and criteria
    indexes are likewise computed at the first call, once."""
    clause_titles = {cid: c.title.get(lang) for cid, c in pack.clauses.items()}

    @cache
    def metric_table() -> pd.DataFrame:
        # Computed once, sliced per chunk: a chunk of 5 applications (a report's top rows)
        # must not pay for a pass over every application.
        metric_cols = [c for c in metrics.applications.columns if c not in CONTEXT_COLUMNS]
        mpos = positions(metrics.applications.index, all_ids)
        return pd.DataFrame(
            {c: _numbers(metrics.applications[c])[mpos] for c in metric_cols}, index=all_ids
        ).round(6)

    collect_item = {}
    for crit in pack.criteria:
        inputs = METRIC_INPUTS.get(crit.metric, ())
        collect_item[crit.id] = {
            "rule_id": crit.id,
            "title": crit.title.get(lang),
            "points": round(crit.weight, 4),
            "columns": [column_label(tb, fd, lang) for tb, fd in inputs],
            "inputs": [f"{tb}.{fd}" for tb, fd in inputs],
        }
    heaviest = {c.id: (-c.weight, c.id) for c in pack.criteria}

    @cache
    def indexed() -> _CriteriaIndex:
        table = criteria()
        return _CriteriaIndex(
            app=table["app"].to_numpy(),
            unknown=as_strings(table["status"]) == Status.UNKNOWN.value,
            rule_ids=as_strings(table["rule_id"]),
            lines=criteria_lines(table, pack, lang, _waiver_json),
        )

    def to_collect(positions: np.ndarray) -> dict[int, list[dict[str, Any]]]:
        """The unknown criteria of each application, heaviest first (ties by rule id)."""
        index = indexed()
        crit_app, rule_ids = index.app, index.rule_ids
        rows = np.arange(len(crit_app))[spans(crit_app, np.unique(positions))[0]]
        out: dict[int, list[dict[str, Any]]] = {int(p): [] for p in positions}
        for k in rows[index.unknown[rows]]:
            target = out.get(int(crit_app[k]))
            if target is not None:
                target.append(collect_item[rule_ids[k]])
        for items in out.values():
            items.sort(key=lambda item: heaviest[item["rule_id"]])
        return out

    assumed_cols = [str(c) for c in costs.assumed.columns]
    assumed_flags = costs.assumed.to_numpy(dtype=bool)[positions(costs.assumed.index, all_ids)]
    where = "$.applications[]"

    def nested(part: pd.DataFrame, ids: list[str], rows: np.ndarray) -> dict[str, Layout]:
        """The ``exit_cost`` and ``action`` objects of the applications of ``part``: their one
        layout, read as objects by :func:`build` and as JSON text by :func:`encode_lines`."""
        n = len(ids)
        total_low = part["exit_low"].to_numpy(dtype=float)
        total_high = part["exit_high"].to_numpy(dtype=float)
        bases = costs.basis_columns(ids, lang)
        drivers = cache(lambda: costs.drivers(ids))  # each form built once, if read
        driver_texts = cache(lambda: costs.driver_json(ids))
        items: list[Layout] = []
        rounded_high: list[list[float]] = []
        for item in COST_ITEMS:
            highs = part[f"{item}_high"].to_numpy(dtype=float)
            rounded_high.append([round(v, 2) for v in highs.tolist()])
            # h / t where t > 0, else 0.0: the same division as Python's, in numpy
            shares = np.divide(highs, total_high, out=np.zeros_like(highs), where=total_high > 0)
            items.append(
                {
                    "item": Same(item, n),
                    "low": Rounded(part[f"{item}_low"].to_numpy(dtype=float), 2),
                    "high": Rounded(highs, 2),
                    "share": Rounded(shares, 4),
                    "basis": bases[item],
                    "drivers": Both(
                        partial(lambda it: [drivers()[a][it] for a in ids], item),
                        partial(lambda it: driver_texts()[it], item),
                    ),
                    "parameters": Same(list(COST_PARAMS[item]), n),
                }
            )
        # the highest item, ties to the last name (as ``max`` over (high, item) gives it)
        main_driver = [
            max(zip(highs, COST_ITEMS, strict=True))[1] for highs in zip(*rounded_high, strict=True)
        ]
        spend = py_values(part["annual_cost"])
        patterns, inverse = unique_rows(assumed_flags[rows])
        names = [[c for c, f in zip(assumed_cols, p, strict=True) if f] for p in patterns.tolist()]
        which = inverse.reshape(-1).tolist()

        def assumed_texts() -> list[str]:
            texts = [encode(v, f"{where}.exit_cost.assumed") for v in names]
            return [texts[i] for i in which]

        return {
            "exit_cost": {
                "low": Rounded(total_low, 2),
                "high": Rounded(total_high, 2),
                "years_of_spend": [
                    years_of_spend(lo, hi, sp)
                    for lo, hi, sp in zip(
                        total_low.tolist(), total_high.tolist(), spend, strict=True
                    )
                ],
                "main_driver": main_driver,
                "breakdown": Listed(tuple(items)),
                "assumed": Both(lambda: [list(names[i]) for i in which], assumed_texts),
            },
            "action": {
                "kind": part["action_kind"],
                "text": part["action_text"],
                "clauses": clause_column(
                    part["action_clauses"], clause_titles, f"{where}.action.clauses"
                ),
                "decision_date": part["decision_date"],
            },
        }

    def build(positions: np.ndarray) -> list[dict[str, Any]]:
        """The objects of ``positions`` (the reports' few applications; the JSON of all of
        them is written column-wise by :func:`encode_lines`, same bytes: tested)."""
        if not len(positions):
            return []
        part = table_of().iloc[positions]
        ids = [all_ids[p] for p in positions.tolist()]
        flat = {key: py_values(part[key]) for key in FLAT_KEYS}
        missing_of = to_collect(positions)
        crit_of = _criteria_json(criteria(), pack, lang, positions)
        inner = {key: column_values(c) for key, c in nested(part, ids, positions).items()}
        part_metrics = metric_table().iloc[positions]
        metric_values = row_dicts(
            part_metrics.astype(object).where(part_metrics.notna(), None), ids
        )
        return [
            {
                **{key: flat[key][i] for key in FLAT_KEYS},
                "to_collect": missing_of[p],
                "criteria": crit_of[p],
                "exit_cost": inner["exit_cost"][i],
                "action": inner["action"][i],
                "metrics": metric_values[app_id],
            }
            for i, (p, app_id) in enumerate(zip(positions.tolist(), ids, strict=True))
        ]

    def encode_lines(positions: np.ndarray) -> list[str]:
        """The compact JSON text of each object of ``positions``, the same as encoding
        :func:`build`'s objects, written column by column: each key's values encoded at once
        (a distinct sentence, clause list or pattern once), then one template per row."""
        if not len(positions):
            return []
        part = table_of().iloc[positions]
        ids = [all_ids[p] for p in positions.tolist()]
        columns = {c: column_fragments(part[c], f"{where}.{c}") for c in FLAT_KEYS}
        columns["criteria"] = indexed().lines(positions)
        columns["metrics"] = metric_lines(metric_table().iloc[positions])
        missing_of = to_collect(positions)
        collect_text: dict[tuple[str, ...], str] = {}
        collected = []
        for p in positions.tolist():
            items = missing_of[p]
            key = tuple(item["rule_id"] for item in items)
            text = collect_text.get(key)
            if text is None:
                text = collect_text[key] = encode(items, f"{where}.to_collect")
            collected.append(text)
        columns["to_collect"] = collected
        for name, column in nested(part, ids, positions).items():
            columns[name] = column_texts(column, f"{where}.{name}")
        return objects(columns)

    return build, encode_lines


def _domain_label(registries: Registries, domain: str, lang: Lang) -> str:
    entry = registries.domains.get(domain)
    return entry.label(lang) if entry else domain


def _editor_names(portfolio: Portfolio, lang: Lang) -> dict[str, str]:
    """Editor id → name, the unknown editor in ``lang`` (not the registry's English name)."""
    names = dict(zip(portfolio.editors["editor_id"], portfolio.editors["name"], strict=True))
    return names | {UNKNOWN: t("reports.unknown_editor", lang)}


def _group_name(group: Any, registries: Registries, editor_names: dict[str, str]) -> str | None:
    if group is None or group is pd.NA:
        return None
    gid = str(group)
    entry = None if gid == UNKNOWN else registries.editors.get(gid)
    return entry.name if entry else editor_names.get(gid, gid)


def _organisations(
    portfolio: Portfolio,
    metrics: Metrics,
    totals: Rollup,
    apps: pd.DataFrame,
    to_collect: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    # Every table read once into per-organisation lookups (one ``.loc`` per organisation and
    # field, and a filter of the editor and group tables per organisation, cost ~1 ms each).
    info_df = portfolio.organisations.drop_duplicates("org_id")
    info_row = {str(o): i for i, o in enumerate(info_df["org_id"].tolist())}
    info = {c: info_df[c].tolist() for c in ("name", "kind", "population", "parent_id")}
    roll_df = totals.organisations
    roll_ids = roll_df["org_id"].tolist() if "org_id" in roll_df else roll_df.index.tolist()
    roll_row = {o: i for i, o in enumerate(roll_ids)}
    roll = {c: roll_df[c].tolist() for c in ("lockin_index", "level", "coverage")}
    morg = metrics.organisations
    morg_row = {o: i for i, o in enumerate(morg.index.tolist())}
    mo_columns = ("org_spend", "hhi_editor_spend", "hhi_group_spend", "hhi_editor_apps")
    mo_values = {c: morg[c].tolist() for c in (*mo_columns, "hhi_group_apps")}
    names = _display_names(apps)
    editor_spend_of = _spend_rows(metrics.editors, "editor_id", names)
    group_spend_of = _spend_rows(metrics.groups, "group", names)
    org_of = apps["org_id"].astype(str).to_numpy()
    levels_of = apps["level"].astype(str).to_numpy()
    low_of = python_round(apps["exit_low"].to_numpy(), 2)
    high_of = python_round(apps["exit_high"].to_numpy(), 2)
    unknown_of = apps["unknown_criteria"].to_numpy()
    by_org: dict[str, np.ndarray] = {
        str(k): v for k, v in pd.Series(np.arange(len(apps))).groupby(org_of).indices.items()
    }
    out: list[dict[str, Any]] = []
    for org_id in sorted(set(by_org) | set(info_row)):
        rows = by_org.get(org_id, np.array([], dtype=np.int64))
        r = roll_row.get(org_id)
        m = morg_row.get(org_id)
        i = info_row.get(org_id)
        levels = dict.fromkeys(LEVELS, 0)
        for level, n in zip(*np.unique(levels_of[rows], return_counts=True), strict=True):
            levels[str(level)] = int(n)
        # Spend is what the contracts cost, linked to an application or not (issue 7 point 10):
        # the same contracts the concentration indices are computed from.
        org_spend = clean(mo_values["org_spend"][m]) if m is not None else None
        editor_spend = _spend_sum(editor_spend_of.get(org_id, ()))
        group_spend = _spend_sum(group_spend_of.get(org_id, ()))
        name = info["name"][i] if i is not None else org_id

        def mo(column: str, m: int | None = m) -> Any:
            return clean(mo_values[column][m]) if m is not None else None

        lockin: Any = roll["lockin_index"][r] if r is not None else None
        out.append(
            {
                "org_id": org_id,
                "name": clean(name) or org_id,
                "kind": clean(info["kind"][i]) if i is not None else None,
                "population": clean(info["population"][i]) if i is not None else None,
                "parent_id": clean(info["parent_id"][i]) if i is not None else None,
                "lockin_index": None if r is None or pd.isna(lockin) else round(float(lockin), 2),
                "level": str(roll["level"][r]) if r is not None else "insufficient_data",
                "coverage": round(float(roll["coverage"][r]), 4) if r is not None else None,
                "applications": len(rows),
                "scored_applications": int((levels_of[rows] != LEVELS[0]).sum()),
                "annual_spend": round(org_spend, 2) if org_spend is not None else None,
                "hhi_editor": mo("hhi_editor_spend"),
                "hhi_group": mo("hhi_group_spend"),
                "hhi_editor_apps": mo("hhi_editor_apps"),
                "hhi_group_apps": mo("hhi_group_apps"),
                "levels": levels,
                "unknown_share": round(float((unknown_of[rows] > 0).sum()) / len(rows), 4)
                if len(rows)
                else None,
                "exit_cost": _exit_cost(
                    sum(low_of[i] for i in rows.tolist()),
                    sum(high_of[i] for i in rows.tolist()),
                    org_spend,
                ),
                "top_editor": _top(editor_spend),
                "top_group": _top(group_spend),
                "to_collect": to_collect.get(org_id, []),
            }
        )
    return out


def _display_names(apps: pd.DataFrame) -> dict[str, str]:
    """Editor and group ids → the names applications show them under (for ``top_editor``)."""
    names: dict[str, str] = {}
    columns = zip(
        py_values(apps["editor_id"]),
        py_values(apps["editor"]),
        py_values(apps["group"]),
        strict=True,
    )
    for editor_id, editor, group in columns:
        if editor_id:
            names.setdefault(editor_id, editor or editor_id)
        if group:
            names.setdefault(group, group)
    return names


def _spend_rows(
    table: pd.DataFrame, key: str, names: dict[str, str]
) -> dict[str, list[tuple[str, float]]]:
    """Per organisation, the (display name, spend) of each editor (or group) row of known
    spend, in table order: what :func:`_spend_sum` adds up."""
    known = table["spend"].notna().to_numpy(dtype=bool)
    out: dict[str, list[tuple[str, float]]] = {}
    columns = zip(
        table["org_id"].astype(str).to_numpy()[known].tolist(),
        table[key].astype(str).to_numpy()[known].tolist(),
        table["spend"].astype(float).to_numpy()[known].tolist(),
        strict=True,
    )
    for org_id, ident, spend in columns:
        out.setdefault(org_id, []).append((names.get(ident, ident), spend))
    return out


def _spend_sum(rows: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Known spend of each editor (or group) of one organisation, by display name."""
    out: dict[str, float] = {}
    for name, spend in rows:
        out[name] = out.get(name, 0.0) + spend
    return out


def _top(spend: dict[str, float]) -> str | None:
    if not spend or max(spend.values()) <= 0:
        return None
    return sorted(spend.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _summary(
    portfolio: Portfolio, apps: pd.DataFrame, orgs: list[dict[str, Any]], unlinked: int
) -> dict[str, Any]:
    levels = dict.fromkeys(LEVELS, 0)
    for level, n in apps["level"].astype(str).value_counts().items():
        levels[str(level)] = int(n)
    # Every contract's cost, linked to an application or not (issue 7 point 10).
    spend = round(float(portfolio.contracts["annual_cost"].sum()), 2)
    return {
        "organisations": len(orgs),
        "applications": len(apps),
        "flows": len(portfolio.flows),
        "contracts": len(portfolio.contracts),
        "annual_spend": spend,
        "unlinked_contracts": unlinked,
        "levels": levels,
        "exit_cost": _exit_cost(
            sum(python_round(apps["exit_low"].to_numpy(), 2)),
            sum(python_round(apps["exit_high"].to_numpy(), 2)),
            spend,
        ),
        "apps_with_unknowns": int((apps["unknown_criteria"] > 0).sum()),
        "coverage": round(sum(apps["coverage"].tolist()) / len(apps), 4) if len(apps) else None,
    }


def _exposure(
    table: pd.DataFrame,
    key: str,
    portfolio: Portfolio,
    registries: Registries,
    spent: pd.DataFrame,
    lang: Lang,
) -> list[dict[str, Any]]:
    # Spend and its share come from the contracts (every one, linked or not), like the HHI:
    # looked up by (org_id, key) in a dict (the keys are unique; a MultiIndex and two frame
    # copies cost more than the whole table on one body).
    row_of = {
        pair: i
        for i, pair in enumerate(zip(spent["org_id"].tolist(), spent[key].tolist(), strict=True))
    }
    wanted = zip(table["org_id"].astype(str).tolist(), table[key].astype(str).tolist(), strict=True)
    found = np.array([row_of.get(pair, -1) for pair in wanted], dtype=np.int64)
    columns = {
        c: table[c].tolist()
        for c in (
            *("org_id", key, "applications", "scored_applications", "coverage", "app_share"),
            *("worst_score", "worst_level", "weighted_score", "level"),
            *("exit_cost_low", "exit_cost_high"),
        )
        if c in table.columns
    }
    columns["spend"] = _found(spent["spend"].to_numpy(dtype=float), found).tolist()
    columns["spend_share"] = _found(spent["spend_share"].to_numpy(dtype=float), found).tolist()
    editor_names = _editor_names(portfolio, lang)
    out: list[dict[str, Any]] = []
    names = list(columns)
    for values in zip(*columns.values(), strict=True):
        rec = {name: clean(v) for name, v in zip(names, values, strict=True)}
        ident = str(rec[key])
        name = (
            _group_name(ident, registries, editor_names)
            if key == "group"
            else (editor_names.get(ident, ident))
        )
        item: dict[str, Any] = {
            "org_id": rec["org_id"],
            key if key == "editor_id" else "group": ident,
            "name": name,
            "applications": int(rec["applications"]),
            "scored_applications": int(rec["scored_applications"]),
            "coverage": round(float(rec["coverage"]), 4),
            "annual_spend": rec.get("spend"),
            "spend_share": rec.get("spend_share"),
            "app_share": rec.get("app_share"),
            "worst_score": rec.get("worst_score"),
            "worst_level": rec.get("worst_level"),
            "weighted_score": rec.get("weighted_score"),
            "level": rec.get("level"),
            "exit_cost": _exit_cost(
                rec.get("exit_cost_low") or 0.0,
                rec.get("exit_cost_high") or 0.0,
                rec.get("spend"),
            ),
        }
        if key == "editor_id":
            entry = registries.editors.get(ident)
            item["group"] = registries.group_of(ident) if entry else None
        out.append(item)
    return sorted(out, key=lambda d: (d["org_id"], d.get("editor_id") or d.get("group") or ""))


def _found(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``values`` at ``positions``, NaN where a position is -1 (not found)."""
    out = np.full(len(positions), np.nan)
    hit = positions >= 0
    out[hit] = values[positions[hit]]
    return out


def _action_order(apps: pd.DataFrame) -> np.ndarray:
    """Positions of the applications in action-plan order: by decision date (unknown dates
    last), then organisation and application."""
    dates = pd.Series(py_values(apps["decision_date"]), dtype=object)
    order: np.ndarray = np.lexsort(
        (
            apps["app_id"].astype(str).to_numpy(),
            apps["org_id"].astype(str).to_numpy(),
            dates.fillna("").astype(str).to_numpy(),
            dates.isna().to_numpy(),
        )
    )
    return order


def _assumed_text(costs: ExitCosts, ids: list[str]) -> list[str]:
    """Per application, its assumed cost inputs ``", "``-joined (once per distinct pattern)."""
    flags = costs.assumed.to_numpy(dtype=bool)[positions(costs.assumed.index, ids)]
    names = [str(c) for c in costs.assumed.columns]
    patterns, inverse = unique_rows(flags)
    texts = [", ".join(n for n, f in zip(names, p, strict=True) if f) for p in patterns.tolist()]
    return [texts[i] for i in inverse.reshape(-1).tolist()]


def _notice(metrics: Metrics, ids: list[str]) -> pd.Series:
    """Notice months per application (positions of ``ids``), rounded as published."""
    if "notice_months" not in metrics.applications:
        return pd.Series(np.full(len(ids), np.nan))
    values = pd.to_numeric(metrics.applications["notice_months"], errors="coerce").astype(float)
    return pd.Series(values.loc[ids].round(6).to_numpy())


def _action_builder(
    apps_of: Callable[[], pd.DataFrame],
    notice_of: Callable[[], pd.Series],
    pack: RulePack,
    lang: Lang,
) -> tuple[Callable[[np.ndarray], list[dict[str, Any]]], Callable[[np.ndarray], list[str]]]:
    """The functions turning positions into the published ``actions`` rows, and into their
    JSON text (one layout, :func:`vendorlock.audit_json.layout_values` / ``layout_texts``).
    ``apps_of`` and ``notice_of`` give the application table and its notice months (each
    built once, when first read)."""
    clause_titles = {cid: c.title.get(lang) for cid, c in pack.clauses.items()}
    where = "$.actions[]"

    def layout(positions: np.ndarray) -> Layout:
        part = apps_of().iloc[positions]
        return {
            "decision_date": part["decision_date"],
            "org_id": part["org_id"],
            "app_id": part["app_id"],
            "app_name": part["name"],
            "editor": part["editor"],
            "kind": part["action_kind"],
            "text": part["action_text"],
            "clauses": clause_column(part["action_clauses"], clause_titles, f"{where}.clauses"),
            "contract_end": part["contract_end"],
            "notice_months": notice_of().iloc[positions],
            "level": part["level"],
            "score": part["score"],
        }

    def build(positions: np.ndarray) -> list[dict[str, Any]]:
        return layout_values(layout(positions)) if len(positions) else []

    def encode_rows(positions: np.ndarray) -> list[str]:
        return layout_texts(layout(positions), where) if len(positions) else []

    return build, encode_rows


def _waivers(scores: Scores, as_of: date) -> list[dict[str, Any]]:
    out = [
        {
            "rule_id": o.waiver.criterion,
            "app_id": o.waiver.application,
            "reason": o.waiver.reason,
            "author": o.waiver.author,
            "expiry": o.waiver.expires.isoformat(),
            "expired": o.waiver.is_expired(as_of),
            "matched": o.matched > 0,
            "outcome": o.kind.value,
        }
        for o in scores.waivers
    ]
    return sorted(out, key=lambda w: (w["rule_id"], w["app_id"], w["expiry"]))
