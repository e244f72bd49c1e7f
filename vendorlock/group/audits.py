"""Scoring many members: every member goes through ``vendorlock.audit.audit_portfolio``.

By default one ``audit_portfolio`` call scores every member, exactly as ``vendorlock audit``
over the same inventory. For very large sets (a national observatory) ``workers > 1`` cuts the
organisations into round-robin partitions audited in worker processes and merges the
documents: scores, levels, criteria, exit costs and concentration indices are per organisation
and come out identical, but the audit's ``pool`` renewal action looks for other members'
contracts in the same domain and only sees those of its own partition (a test pins this).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vendorlock.i18n import Lang
from vendorlock.model.portfolio import Portfolio
from vendorlock.model.problems import Problem

#: Lists of an audit document and the keys they are sorted by.
_LIST_KEYS: Mapping[str, tuple[str, ...]] = {
    "organisations": ("org_id",),
    "applications": ("org_id", "app_id"),
    "editors": ("org_id", "editor_id"),
    "groups": ("org_id", "group"),
    "flows": ("org_id", "flow_id"),
    "actions": ("decision_date", "org_id", "app_id"),
    "waivers": ("rule_id", "app_id"),
    "problems": ("file", "sheet", "row", "column", "code"),
}


@dataclass(frozen=True)
class AuditRequest:
    """Everything ``audit_portfolio`` needs besides the portfolio (picklable for workers)."""

    rules: tuple[Path, ...]
    as_of: date
    lang: Lang


def _sort_key(keys: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[str, ...]]:
    return lambda row: tuple("" if row.get(k) is None else str(row.get(k)) for k in keys)


def merge_documents(docs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One audit document from several audits of disjoint organisation partitions."""
    if not docs:
        raise ValueError("merge_documents needs at least one document")
    merged: dict[str, Any] = dict(docs[0])
    for key, sort_keys in _LIST_KEYS.items():
        rows = [row for d in docs for row in d.get(key, [])]
        merged[key] = sorted(rows, key=_sort_key(sort_keys))
    merged["formats"] = _merge_formats(docs)
    merged["summary"] = _merge_summary(docs)
    return merged


def _merge_formats(docs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Format rows of every document, their usage counts summed per format id."""
    by_id: dict[str, dict[str, Any]] = {}
    for d in docs:
        for row in d.get("formats", []):
            fid = row["format_id"]
            if fid not in by_id:
                by_id[fid] = dict(row)
                continue
            for count in ("storage_apps", "export_apps", "flows"):
                if count in row:
                    by_id[fid][count] = by_id[fid].get(count, 0) + row[count]
    return [by_id[k] for k in sorted(by_id)]


def _merge_summary(docs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in docs:
        for key, value in d.get("summary", {}).items():
            if isinstance(value, bool):
                out[key] = value
            elif isinstance(value, (int, float)):
                out[key] = out.get(key, 0) + value
            elif isinstance(value, dict):
                sub = out.setdefault(key, {})
                for k, v in value.items():
                    if isinstance(v, (int, float)):
                        sub[k] = sub.get(k, 0) + v
            else:
                out.setdefault(key, value)
    return out


def split_document(doc: Mapping[str, Any], org_id: str) -> dict[str, Any]:
    """The part of a many-organisation document about one member (for its own report)."""
    out: dict[str, Any] = dict(doc)
    for key in _LIST_KEYS:
        if key == "problems":
            continue
        out[key] = [row for row in doc.get(key, []) if row.get("org_id") == org_id]
    apps = out["applications"]
    orgs = out["organisations"]
    summary = dict(doc.get("summary", {}))
    summary["organisations"] = len(orgs)
    summary["applications"] = len(apps)
    summary["flows"] = len(out["flows"])
    summary["annual_spend"] = float(sum(o.get("annual_spend") or 0 for o in orgs))
    summary["exit_cost"] = {
        "low": float(sum(a["exit_cost"]["low"] for a in apps)),
        "high": float(sum(a["exit_cost"]["high"] for a in apps)),
    }
    levels: dict[str, int] = {}
    for a in apps:
        levels[a["level"]] = levels.get(a["level"], 0) + 1
    summary["levels"] = levels
    out["summary"] = summary
    return out


def partitions(org_ids: Sequence[str], parts: int) -> list[list[str]]:
    """Organisation ids dealt round-robin into ``parts`` lists (sorted ids, stable)."""
    ids = sorted(org_ids)
    n = max(1, min(parts, len(ids)))
    return [ids[i::n] for i in range(n)]


def _audit_part(
    portfolio: Portfolio, request: AuditRequest, problems: Sequence[Problem]
) -> dict[str, Any]:
    """Audit one partition (runs in a worker process; loads registries and pack itself)."""
    from vendorlock.audit import AuditOptions, audit_portfolio
    from vendorlock.registry import load_registries
    from vendorlock.scoring import load_pack

    registries = load_registries(request.rules)
    pack = load_pack(request.rules)
    options = AuditOptions(as_of=request.as_of, lang=request.lang, problems=problems)
    return audit_portfolio(portfolio, registries, pack, options)


def subset_portfolio(portfolio: Portfolio, org_ids: Sequence[str]) -> Portfolio:
    """The organisations ``org_ids`` of a portfolio with their editors, contracts and flows."""
    keep = set(org_ids)
    apps = portfolio.applications[portfolio.applications["org_id"].isin(keep)]
    contracts = portfolio.contracts[portfolio.contracts["org_id"].isin(keep)]
    eds = set(apps["editor_id"].dropna()) | set(contracts["editor_id"].dropna())
    return Portfolio(
        organisations=portfolio.organisations[portfolio.organisations["org_id"].isin(keep)],
        editors=portfolio.editors[portfolio.editors["editor_id"].isin(eds)],
        applications=apps,
        contracts=contracts,
        flows=portfolio.flows[portfolio.flows["org_id"].isin(keep)],
        sources=portfolio.sources,
    )


def audit_members(
    portfolio: Portfolio,
    request: AuditRequest,
    problems: Sequence[Problem] = (),
    workers: int = 1,
) -> dict[str, Any]:
    """Audit every organisation of ``portfolio`` (see the module docstring for ``workers``).

    Each worker audits a round-robin partition of organisations (loading the registries and
    rule pack once) and the documents are merged and re-sorted; problems are attached once.
    """
    org_ids = portfolio.org_ids()
    n = min(workers, os.cpu_count() or 1)
    if n <= 1 or len(org_ids) <= 1:
        return _audit_part(portfolio, request, problems)
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only for workers

    parts = [subset_portfolio(portfolio, ids) for ids in partitions(org_ids, n)]
    with ProcessPoolExecutor(max_workers=n) as pool:
        docs = list(pool.map(_audit_part, parts, [request] * len(parts), [()] * len(parts)))
    merged = merge_documents(docs)
    merged["problems"] = sorted(
        [p.to_json(request.lang) for p in problems], key=_sort_key(_LIST_KEYS["problems"])
    )
    return merged


def member_folders(org_ids: Sequence[str]) -> dict[str, str]:
    """A distinct folder name for each organisation's own audit (``aggregate --member-reports``).

    The name is the id's slug; ids whose slugs coincide (``Mairie A`` and ``mairie-a``, or two
    ids with no letter or digit) all get a suffix from a hash of the id itself, so no member's
    reports overwrite another's and the same ids always give the same folders, whatever their
    order.
    """
    from vendorlock.registry import slugify

    slugs = {org: slugify(org) or "member" for org in org_ids}
    counts: dict[str, int] = {}
    for slug in slugs.values():
        counts[slug] = counts.get(slug, 0) + 1
    out: dict[str, str] = {}
    taken = {slug for slug, n in counts.items() if n == 1}
    for org in sorted(slugs):
        slug = slugs[org]
        if counts[slug] == 1:
            out[org] = slug
            continue
        digest = hashlib.sha256(org.encode("utf-8")).hexdigest()
        size = 8
        while f"{slug}-{digest[:size]}" in taken:  # a plain slug that looks like a suffixed one
            size += 4
        out[org] = f"{slug}-{digest[:size]}"
        taken.add(out[org])
    return out
