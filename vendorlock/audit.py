"""The audit: portfolio → metrics → scores → the audit document every report is written from.

:func:`audit_portfolio` is the one scoring path: `vendorlock audit`, `aggregate`, `pool`,
`compare` and `simulate` all go through it, so a member is scored exactly as its own audit
scores it. The result is a plain JSON-able dict (``vendorlock/schemas/audit.schema.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vendorlock import __version__
from vendorlock.audit_doc import clean, flow_records, format_records, input_hashes, records
from vendorlock.frames import row_dicts
from vendorlock.i18n import Lang
from vendorlock.metrics import Metrics, compute_metrics
from vendorlock.metrics.compute import CONTEXT_COLUMNS
from vendorlock.metrics.contracts import unlinked_contracts
from vendorlock.model.portfolio import Portfolio
from vendorlock.model.problems import Location, Problem, Severity, sort_problems
from vendorlock.readers.setaside import SetAsideRow, reason_counts, reason_label
from vendorlock.registry import Registries
from vendorlock.resources import data_dir
from vendorlock.scoring import (
    COST_ITEMS,
    COST_PARAMS,
    Contribution,
    ExitCosts,
    Rollup,
    RulePack,
    Scores,
    Status,
    WaiverSet,
    actions,
    exit_costs,
    explain_many,
    rollup,
    score_applications,
    shared_flow_counts,
)
from vendorlock.scoring.collect import per_application, per_organisation

SCHEMA_VERSION = "1"
LEVELS = ("insufficient_data", "low", "medium", "high", "critical")


@dataclass(frozen=True)
class AuditResult:
    """Everything one audit computed; ``document`` is what reports are written from."""

    metrics: Metrics
    scores: Scores
    costs: ExitCosts
    plan: pd.DataFrame
    totals: Rollup
    document: dict[str, Any]


if TYPE_CHECKING:
    from vendorlock.scan.exposure import MeasuredHeritage


def audit_portfolio(
    portfolio: Portfolio,
    registries: Registries,
    pack: RulePack,
    *,
    as_of: date,
    lang: Lang,
    waivers: WaiverSet | None = None,
    problems: Sequence[Problem] = (),
    inputs: Sequence[Path] = (),
    set_aside: Sequence[SetAsideRow] = (),
    heritage: MeasuredHeritage | None = None,
) -> dict[str, Any]:
    """The audit document of every organisation in ``portfolio``."""
    return run_audit(
        portfolio,
        registries,
        pack,
        as_of=as_of,
        lang=lang,
        waivers=waivers,
        problems=problems,
        inputs=inputs,
        set_aside=set_aside,
        heritage=heritage,
    ).document


def run_audit(
    portfolio: Portfolio,
    registries: Registries,
    pack: RulePack,
    *,
    as_of: date,
    lang: Lang,
    waivers: WaiverSet | None = None,
    problems: Sequence[Problem] = (),
    inputs: Sequence[Path] = (),
    set_aside: Sequence[SetAsideRow] = (),
    heritage: MeasuredHeritage | None = None,
) -> AuditResult:
    """Run every stage and keep the intermediate values (simulate compares two of them).

    ``heritage`` (a scan, ``audit --scan``) replaces the declared storage-format exposure by
    the measured one where the scan saw the application's formats.
    """
    # Costly metrics (betweenness) only when the pack scores or prints them.
    metrics = compute_metrics(portfolio, registries, as_of, on_demand=pack.metrics_read())
    sources = None
    if heritage is not None:
        from vendorlock.scan.exposure import apply_scan

        storage = portfolio.applications["storage_formats"].reset_index(drop=True)
        metrics, sources = apply_scan(metrics, storage, heritage, registries)
    scores = score_applications(metrics, pack, waivers)
    shared = shared_flow_counts(portfolio.flows, metrics.applications.index)
    costs = exit_costs(metrics, pack, _populations(portfolio), shared)
    plan = actions(metrics, scores, pack, lang)
    totals = rollup(metrics, scores, costs, pack)
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"vendorlock {__version__}",
        "as_of": as_of.isoformat(),
        "lang": lang.value,
        "rule_pack": _pack_json(pack),
        "inputs": input_hashes(inputs),
    }
    apps = _applications(portfolio, registries, pack, metrics, scores, costs, plan, lang)
    to_collect = per_organisation(scores, pack, metrics.applications["org_id"], lang)
    orgs = _organisations(portfolio, metrics, totals, apps, to_collect)
    unlinked = unlinked_contract_problems(portfolio)
    doc["summary"] = _summary(portfolio, apps, orgs, len(unlinked))
    doc["organisations"] = orgs
    doc["applications"] = apps
    doc["editors"] = _exposure(totals.editors, "editor_id", portfolio, registries, metrics.editors)
    doc["groups"] = _exposure(totals.groups, "group", portfolio, registries, metrics.groups)
    doc["flows"] = flow_records(portfolio, registries)
    doc["formats"] = format_records(portfolio, registries)
    doc["actions"] = _action_plan(apps)
    doc["waivers"] = _waivers(scores, as_of)
    warnings = [p for p in problems if p.severity is Severity.WARNING] + unlinked
    doc["problems"] = [p.to_json(lang) for p in sort_problems(warnings)]
    doc["set_aside"] = set_aside_section(set_aside, lang)
    if heritage is not None and sources is not None:
        from vendorlock.scan.exposure import annotate

        annotate(doc, sources, heritage, lang)
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


def unlinked_contract_problems(portfolio: Portfolio) -> list[Problem]:
    """A warning for each contract that covers no application: its cost still counts in the
    body's spend and editor concentration, but in no application's score."""
    contracts = portfolio.contracts
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


def _criterion_json(c: Contribution) -> dict[str, Any]:
    waiver = None
    if c.waiver is not None:
        w = c.waiver
        waiver = {
            "reason": w.reason,
            "author": w.author,
            "expiry": w.expires.isoformat(),
            "application": w.application,
        }
    return {
        "rule_id": c.rule_id,
        "title": c.title,
        "metric": c.metric,
        "value": clean(c.value),
        "points": round(c.points, 4),
        "max_points": round(c.max_points, 4),
        "status": c.status.value,
        "reason": c.reason,
        "remedy": c.remedy,
        "references": [r.title for r in c.references],
        "waiver": waiver,
    }


def _shown(c: Contribution) -> bool:
    """Criteria a report shows: those that gave points, rest on unknowns, or were waived."""
    return c.points > 0 or c.status in (Status.UNKNOWN, Status.WAIVED)


def _applications(
    portfolio: Portfolio,
    registries: Registries,
    pack: RulePack,
    metrics: Metrics,
    scores: Scores,
    costs: ExitCosts,
    plan: pd.DataFrame,
    lang: Lang,
) -> list[dict[str, Any]]:
    ids = sorted(metrics.applications.index.astype(str))
    apps = portfolio.applications.drop_duplicates("app_id").set_index("app_id")
    app_rows = row_dicts(apps, ids)
    metric_rows = row_dicts(metrics.applications, ids)
    cost_rows = row_dicts(costs.table, ids)
    plan_rows = row_dicts(plan, ids)
    score_of = dict(zip(ids, scores.score.loc[ids].tolist(), strict=True))
    level_of = dict(zip(ids, scores.level.loc[ids].astype(str).tolist(), strict=True))
    unknown_of = dict(zip(ids, scores.unknown_count.loc[ids].tolist(), strict=True))
    band = scores.score_low.loc[ids].tolist(), scores.score_high.loc[ids].tolist()
    low_of = dict(zip(ids, band[0], strict=True))
    high_of = dict(zip(ids, band[1], strict=True))
    coverage_of = dict(zip(ids, scores.coverage.loc[ids].tolist(), strict=True))
    missing_of = per_application(scores, pack, ids, lang)
    explained = explain_many(scores, metrics, pack, ids, lang, contributing_only=True)
    bases = costs.bases(ids, lang)
    drivers = costs.drivers(ids)
    assumed = costs.assumed.loc[ids]
    assumed_of = {
        app_id: [str(c) for c, flag in zip(assumed.columns, flags, strict=True) if flag]
        for app_id, flags in zip(ids, assumed.to_numpy(dtype=bool), strict=True)
    }
    editor_names = dict(zip(portfolio.editors["editor_id"], portfolio.editors["name"], strict=True))
    metric_cols = [c for c in metrics.applications.columns if c not in CONTEXT_COLUMNS]
    metric_values = _metric_dicts(metrics.applications, metric_cols, ids)
    clause_titles = {cid: c.title.get(lang) for cid, c in pack.clauses.items()}
    out: list[dict[str, Any]] = []
    for app_id in ids:
        a = app_rows[app_id]
        mrow = metric_rows[app_id]
        cost_row = cost_rows[app_id]
        act = plan_rows[app_id]
        editor_id = clean(mrow["editor_id"]) or "unknown"
        licence = clean(a["licence"])
        total_high = float(cost_row["high"])
        breakdown = [
            {
                "item": item,
                "low": round(float(cost_row[f"{item}_low"]), 2),
                "high": round(float(cost_row[f"{item}_high"]), 2),
                "share": round(float(cost_row[f"{item}_high"]) / total_high, 4)
                if total_high > 0
                else 0.0,
                "basis": bases[app_id][item],
                "drivers": drivers[app_id][item],
                "parameters": list(COST_PARAMS[item]),
            }
            for item in COST_ITEMS
        ]
        annual_cost = clean(mrow.get("annual_cost"))
        clause_ids = [c for c in str(clean(act["clauses"]) or "").split(";") if c]
        out.append(
            {
                "app_id": app_id,
                "org_id": str(mrow["org_id"]),
                "name": clean(a["name"]),
                "product": clean(a["product"]),
                "editor_id": editor_id,
                "editor": editor_names.get(editor_id, editor_id),
                "group": _group_name(clean(mrow["group"]), registries, editor_names),
                "domain": clean(a["domain"]) or "other",
                "domain_label": _domain_label(registries, clean(a["domain"]) or "other", lang),
                "hosting": clean(a["hosting"]),
                "criticality": clean(a["criticality"]),
                "licence": licence,
                "open_source": bool(licence and str(licence).lower() != "proprietary"),
                "annual_cost": annual_cost,
                "contract_id": clean(mrow.get("contract_id")),
                "contract_end": clean(mrow.get("contract_end")),
                "decision_date": clean(act["decision_date"]),
                "score": round(float(score_of[app_id]), 2),
                "score_low": round(float(low_of[app_id]), 2),
                "score_high": round(float(high_of[app_id]), 2),
                "coverage": round(float(coverage_of[app_id]), 4),
                "level": level_of[app_id],
                "unknown_criteria": int(unknown_of[app_id]),
                "to_collect": missing_of[app_id],
                "criteria": [_criterion_json(c) for c in explained[app_id] if _shown(c)],
                "exit_cost": {
                    **_exit_cost(float(cost_row["low"]), total_high, annual_cost),
                    "main_driver": max(breakdown, key=lambda b: (b["high"], b["item"]))["item"],
                    "breakdown": breakdown,
                    "assumed": assumed_of[app_id],
                },
                "action": {
                    "kind": str(act["kind"]),
                    "text": str(act["text"]),
                    "clauses": [clause_titles.get(c, c) for c in clause_ids],
                    "decision_date": clean(act["decision_date"]),
                },
                "metrics": metric_values[app_id],
            }
        )
    return out


def _domain_label(registries: Registries, domain: str, lang: Lang) -> str:
    entry = registries.domains.get(domain)
    return entry.label(lang) if entry else domain


def _metric_dicts(
    table: pd.DataFrame, columns: list[str], ids: list[str]
) -> dict[str, dict[str, float | None]]:
    """Each application's metric values, rounded, NaN as None (column-wise, not per cell)."""
    values = table.loc[ids, columns].apply(pd.to_numeric, errors="coerce").astype(float).round(6)
    out: dict[str, dict[str, float | None]] = row_dicts(
        values.astype(object).where(values.notna(), None), ids
    )
    return out


def _group_name(group: Any, registries: Registries, editor_names: dict[str, str]) -> str | None:
    if group is None or group is pd.NA:
        return None
    gid = str(group)
    entry = registries.editors.get(gid)
    return entry.name if entry else editor_names.get(gid, gid)


def _organisations(
    portfolio: Portfolio,
    metrics: Metrics,
    totals: Rollup,
    apps: list[dict[str, Any]],
    to_collect: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    info = portfolio.organisations.drop_duplicates("org_id").set_index("org_id")
    roll = (
        totals.organisations.set_index("org_id")
        if "org_id" in totals.organisations
        else (totals.organisations)
    )
    morg = metrics.organisations
    names = _display_names(apps)
    by_org: dict[str, list[dict[str, Any]]] = {}
    for app in apps:
        by_org.setdefault(app["org_id"], []).append(app)
    out: list[dict[str, Any]] = []
    for org_id in sorted(set(by_org) | set(info.index.astype(str))):
        org_apps = by_org.get(org_id, [])
        r = roll.loc[org_id] if org_id in roll.index else None
        mo = morg.loc[org_id] if org_id in morg.index else None
        levels = dict.fromkeys(LEVELS, 0)
        for app in org_apps:
            levels[app["level"]] += 1
        # Spend is what the contracts cost, linked to an application or not (issue 7 point 10):
        # the same contracts the concentration indices are computed from.
        org_spend = clean(mo["org_spend"]) if mo is not None else None
        editor_spend = _spend_by(metrics.editors, org_id, "editor_id", names)
        group_spend = _spend_by(metrics.groups, org_id, "group", names)
        name = info.loc[org_id, "name"] if org_id in info.index else org_id
        out.append(
            {
                "org_id": org_id,
                "name": clean(name) or org_id,
                "kind": clean(info.loc[org_id, "kind"]) if org_id in info.index else None,
                "population": clean(info.loc[org_id, "population"])
                if org_id in info.index
                else None,
                "parent_id": clean(info.loc[org_id, "parent_id"]) if org_id in info.index else None,
                "lockin_index": _index(r),
                "level": str(r["level"]) if r is not None else "insufficient_data",
                "coverage": round(float(r["coverage"]), 4) if r is not None else None,
                "applications": len(org_apps),
                "scored_applications": sum(1 for a in org_apps if a["level"] != LEVELS[0]),
                "annual_spend": round(org_spend, 2) if org_spend is not None else None,
                "hhi_editor": clean(mo["hhi_editor_spend"]) if mo is not None else None,
                "hhi_group": clean(mo["hhi_group_spend"]) if mo is not None else None,
                "hhi_editor_apps": clean(mo["hhi_editor_apps"]) if mo is not None else None,
                "hhi_group_apps": clean(mo["hhi_group_apps"]) if mo is not None else None,
                "levels": levels,
                "unknown_share": _unknown_share(org_apps),
                "exit_cost": _exit_cost(
                    sum(a["exit_cost"]["low"] for a in org_apps),
                    sum(a["exit_cost"]["high"] for a in org_apps),
                    org_spend,
                ),
                "top_editor": _top(editor_spend),
                "top_group": _top(group_spend),
                "to_collect": to_collect.get(org_id, []),
            }
        )
    return out


def _display_names(apps: list[dict[str, Any]]) -> dict[str, str]:
    """Editor and group ids → the names applications show them under (for ``top_editor``)."""
    names: dict[str, str] = {}
    for a in apps:
        if a["editor_id"]:
            names.setdefault(a["editor_id"], a["editor"] or a["editor_id"])
        if a["group"]:
            names.setdefault(a["group"], a["group"])
    return names


def _spend_by(
    table: pd.DataFrame, org_id: str, key: str, names: dict[str, str]
) -> dict[str, float]:
    """Known spend of each editor (or group) of one organisation, by display name."""
    part = table[(table["org_id"] == org_id) & table["spend"].notna()]
    out: dict[str, float] = {}
    for ident, spend in zip(part[key].astype(str), part["spend"].astype(float), strict=True):
        name = names.get(ident, ident)
        out[name] = out.get(name, 0.0) + spend
    return out


def _index(row: Any) -> float | None:
    """The organisation index; None when no application has enough data to be counted."""
    if row is None or pd.isna(row["lockin_index"]):
        return None
    return round(float(row["lockin_index"]), 2)


def _unknown_share(apps: list[dict[str, Any]]) -> float | None:
    if not apps:
        return None
    return round(sum(1 for a in apps if a["unknown_criteria"] > 0) / len(apps), 4)


def _top(spend: dict[str, float]) -> str | None:
    if not spend or max(spend.values()) <= 0:
        return None
    return sorted(spend.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _summary(
    portfolio: Portfolio, apps: list[dict[str, Any]], orgs: list[dict[str, Any]], unlinked: int
) -> dict[str, Any]:
    levels = dict.fromkeys(LEVELS, 0)
    for app in apps:
        levels[app["level"]] += 1
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
            sum(a["exit_cost"]["low"] for a in apps),
            sum(a["exit_cost"]["high"] for a in apps),
            spend,
        ),
        "apps_with_unknowns": sum(1 for a in apps if a["unknown_criteria"] > 0),
        "coverage": round(sum(a["coverage"] for a in apps) / len(apps), 4) if apps else None,
    }


def _exposure(
    table: pd.DataFrame,
    key: str,
    portfolio: Portfolio,
    registries: Registries,
    spent: pd.DataFrame,
) -> list[dict[str, Any]]:
    # Spend and its share come from the contracts (every one, linked or not), like the HHI.
    by_key = spent.set_index(["org_id", key])[["spend", "spend_share"]]
    table = table.drop(columns=[c for c in ("spend", "spend_share") if c in table.columns])
    wanted = pd.MultiIndex.from_arrays([table["org_id"].astype(str), table[key].astype(str)])
    found = by_key.reindex(wanted)
    table = table.assign(
        spend=found["spend"].to_numpy(dtype=float), spend_share=found["spend_share"].to_numpy()
    )
    editor_names = dict(zip(portfolio.editors["editor_id"], portfolio.editors["name"], strict=True))
    out: list[dict[str, Any]] = []
    cols = [c for c in table.columns]
    for rec in records(table, cols):
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


def _action_plan(apps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {
            "decision_date": a["decision_date"],
            "org_id": a["org_id"],
            "app_id": a["app_id"],
            "app_name": a["name"],
            "editor": a["editor"],
            "kind": a["action"]["kind"],
            "text": a["action"]["text"],
            "clauses": a["action"]["clauses"],
            "contract_end": a["contract_end"],
            "notice_months": a["metrics"].get("notice_months"),
            "level": a["level"],
            "score": a["score"],
        }
        for a in apps
    ]
    return sorted(
        rows,
        key=lambda r: (
            r["decision_date"] is None,
            r["decision_date"] or "",
            r["org_id"],
            r["app_id"],
        ),
    )


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
