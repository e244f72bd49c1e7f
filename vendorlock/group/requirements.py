"""Interoperability and reversibility requirements for a tender in one domain.

Derived from data, not boilerplate: the standards come from the national platforms whose
mandated standards belong to the domain (registry) and, with an inventory, from the members'
actual flows (platform and application ends, see :mod:`.standards`); the open export formats
from what the domain's catalogue products offer and what members exchange; the contractual
clauses (reversibility, open data return, documented API, no tacit renewal) and their legal
references from the rule pack (``rules/lockin.yaml``: ``clauses`` and ``references``), so a
user's overlay changes the tender text too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from vendorlock.group.standards import required_standards
from vendorlock.group.tables import GroupTables, as_tables
from vendorlock.i18n import Lang
from vendorlock.model.portfolio import split_multi
from vendorlock.registry.registries import Registries
from vendorlock.scoring.model import Clause, Reference

#: Pack clauses a tender should carry, in the order a buyer reads them.
TENDER_CLAUSES = (
    "open-standards",
    "open-formats",
    "open-export",
    "documented-api",
    "reversibility",
    "open-data-return",
    "no-tacit-renewal",
)


def platform_standards(domain: str, registries: Registries) -> list[dict[str, Any]]:
    """Standards of ``domain`` that a national platform mandates, with the platforms."""
    found: dict[str, list[str]] = {}
    for platform in registries.platforms.values():
        for sid in platform.standards:
            std = registries.standards.get(sid)
            if std is not None and std.domain == domain:
                found.setdefault(sid, []).append(platform.id)
    return [
        {
            "id": sid,
            "name": registries.standards[sid].name,
            "open": registries.standards[sid].open,
            "mandatory": registries.standards[sid].mandatory,
            "needed_by": [
                {"kind": "platform", "id": p, "name": registries.platforms[p].name}
                for p in sorted(pids)
            ],
            "flows": 0,
            "members": 0,
        }
        for sid, pids in sorted(found.items())
    ]


def _merge(base: list[dict[str, Any]], extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {e["id"]: dict(e) for e in base}
    for e in extra:
        current = by_id.get(e["id"])
        if current is None:
            by_id[e["id"]] = dict(e)
            continue
        seen = {(n["kind"], n["id"]) for n in current["needed_by"]}
        current["needed_by"] = current["needed_by"] + [
            n for n in e["needed_by"] if (n["kind"], n["id"]) not in seen
        ]
        current["flows"] = current.get("flows", 0) + e.get("flows", 0)
        current["members"] = max(current.get("members", 0), e.get("members", 0))
    return [by_id[k] for k in sorted(by_id)]


def _market_support(sid: str, domain: str, registries: Registries) -> dict[str, int]:
    products = registries.products_for_domain(domain)
    supporting = [p for p in products if sid in p.standards]
    return {
        "products": len(supporting),
        "open_source": sum(1 for p in supporting if p.open_source),
        "of": len(products),
    }


def open_formats(
    domain: str, registries: Registries, observed: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Open formats to demand for export: offered by the domain's products or used by members."""
    offered: dict[str, int] = {}
    for p in registries.products_for_domain(domain):
        for f in p.export_formats:
            offered[f] = offered.get(f, 0) + 1
    ids = sorted(set(offered) | set(observed))
    return [
        {
            "id": f,
            "name": registries.formats[f].name,
            "products": offered.get(f, 0),
            "observed": f in set(observed),
        }
        for f in ids
        if f in registries.formats and registries.formats[f].is_open
    ]


def tender_clauses(
    clauses: Mapping[str, Clause], references: Mapping[str, Reference], lang: Lang
) -> list[dict[str, Any]]:
    """The pack's clauses a tender should carry, each with its legal references."""
    out = []
    for cid in TENDER_CLAUSES:
        clause = clauses.get(cid)
        if clause is None:
            continue
        out.append(
            {
                "id": cid,
                "text": clause.title.get(lang),
                "references": [
                    {
                        "id": r,
                        "title": references[r].label(lang) if r in references else r,
                        "url": references[r].url if r in references else None,
                        "verified": references[r].verified if r in references else False,
                    }
                    for r in clause.references
                ],
            }
        )
    return out


def requirements_view(
    domain: str,
    registries: Registries,
    clauses: Mapping[str, Clause],
    references: Mapping[str, Reference],
    lang: Lang,
    doc: GroupTables | Mapping[str, Any] | None = None,
    members: Sequence[str] = (),
    portfolio_apps: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """What to write in the tender for ``domain`` (JSON-able)."""
    standards = platform_standards(domain, registries)
    observed_formats: list[str] = []
    api_seen: dict[str, int] = {}
    applications = 0
    if doc is not None:
        tables = as_tables(doc)
        apps = tables.applications
        mine = apps[apps["org_id"].isin(set(members)) & (apps["domain"] == domain)]
        applications = len(mine)
        needed = required_standards(mine["app_id"], apps, tables.flows, registries)
        for s in needed["standards"]:
            s.setdefault("mandatory", None)
        standards = _merge(standards, needed["standards"])
        observed_formats = [f["id"] for f in needed["formats"]]
        if portfolio_apps is not None:
            rows = portfolio_apps[portfolio_apps["app_id"].isin(set(mine["app_id"]))]
            observed_formats += list(split_multi(rows["export_formats"].astype("string")))
            api_seen = {
                str(k): int(v) for k, v in rows["api"].dropna().value_counts().sort_index().items()
            }
    for s in standards:
        s["market_support"] = _market_support(s["id"], domain, registries)
    return {
        "kind": "requirements",
        "domain": domain,
        "domain_label": _label(domain, registries, lang),
        "from_inventory": doc is not None,
        "members": len(members),
        "applications": applications,
        "standards": standards,
        "formats": open_formats(domain, registries, sorted(set(observed_formats))),
        "api_observed": api_seen,
        "clauses": tender_clauses(clauses, references, lang),
    }


def _label(domain: str, registries: Registries, lang: Lang) -> str:
    entry = registries.domains.get(domain)
    if entry is None:
        return domain
    return entry.fr if lang is Lang.FR else entry.en
