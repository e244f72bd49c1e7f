"""What replacing product P with Q would break, change and cost.

The portfolio is rebuilt with the replacement (the applications running P take Q's name,
editor, licence, API, export formats and hosting from the catalogue; what the catalogue cannot
say — storage formats, database, client platform, the new contract's terms — becomes unknown)
and re-audited with the same ``audit_portfolio`` as ``vendorlock audit``. Flow by flow, a flow
keeps working when Q supports its standard (for a national platform: one of the standards the
platform mandates) or, when no standard is named, exports its format.

Switching cost of one application = its exit cost without the ``interfaces`` item (every
interface is not rebuilt, only the broken ones) + for each broken flow the cost model's
interface price (``costs.interfaces.per_platform_flow`` to a platform,
``per_open_standard_flow`` on an open standard, ``per_other_flow`` otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vendorlock.group.audits import subset_portfolio
from vendorlock.group.frames import apps_frame, clean, flows_frame, money
from vendorlock.group.standards import other_kind, touching_flows
from vendorlock.model.portfolio import MULTI_SEP, Portfolio, conform
from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.model.schema import Table
from vendorlock.registry import normalise_key
from vendorlock.registry.entries import Kind, ProductEntry
from vendorlock.registry.registries import Registries
from vendorlock.scoring.model import CostModel, Range

Auditor = Callable[[Portfolio], dict[str, Any]]


@dataclass(frozen=True)
class Replacement:
    """One ``--replace OLD --with NEW`` pair, optionally limited to one organisation."""

    old: str
    new: str
    org_id: str | None = None


@dataclass(frozen=True)
class ResolvedReplacement:
    """A replacement whose products were found, with the applications it touches."""

    old: str
    old_id: str | None
    new: ProductEntry
    org_id: str | None
    app_ids: tuple[str, ...]


def _where(option: str) -> Location:
    return Location(file=option)


def resolve_replacements(
    replacements: Sequence[Replacement], portfolio: Portfolio, registries: Registries
) -> tuple[list[ResolvedReplacement], list[Problem]]:
    """Match each pair to the catalogue and to the applications that run the old product.

    A pair whose new product the catalogue does not know, whose old product nobody runs, or
    whose ``--org`` is unknown gives a located problem and is skipped; the others proceed.
    """
    apps = portfolio.applications
    product_ids = registries.resolve_series(Kind.PRODUCT, apps["product"])
    product_keys = apps["product"].map(
        lambda v: normalise_key(v) if isinstance(v, str) else "", na_action="ignore"
    )
    orgs = set(portfolio.org_ids())
    resolved: list[ResolvedReplacement] = []
    problems: list[Problem] = []
    for n, rep in enumerate(replacements, start=1):
        loc = _where(f"--replace #{n}")
        new_id = registries.resolve(Kind.PRODUCT, rep.new)
        if new_id is None:
            problems.append(
                Problem.make(Severity.ERROR, "group_unknown_new_product", loc, product=rep.new)
            )
            continue
        if rep.org_id is not None and rep.org_id not in orgs:
            problems.append(Problem.make(Severity.ERROR, "group_unknown_org", loc, org=rep.org_id))
            continue
        old_id = registries.resolve(Kind.PRODUCT, rep.old)
        hit = (product_keys == normalise_key(rep.old)).fillna(False)
        if old_id is not None:
            hit = hit | (product_ids == old_id).fillna(False)
        if rep.org_id is not None:
            hit = hit & (apps["org_id"] == rep.org_id).fillna(False)
        app_ids = tuple(sorted(apps.loc[hit.astype(bool), "app_id"].astype(str)))
        if not app_ids:
            code = "group_product_not_run" if old_id else "group_unknown_old_product"
            problems.append(Problem.make(Severity.ERROR, code, loc, product=rep.old))
            continue
        resolved.append(
            ResolvedReplacement(rep.old, old_id, registries.products[new_id], rep.org_id, app_ids)
        )
    return resolved, problems


def apply_replacements(
    portfolio: Portfolio, resolved: Sequence[ResolvedReplacement], registries: Registries
) -> Portfolio:
    """The portfolio as it would be after the replacements (inputs are not modified)."""
    apps = portfolio.applications.copy()
    contracts = portfolio.contracts.copy()
    editors = portfolio.editors.copy()
    new_contracts: list[dict[str, Any]] = []
    for rep in resolved:
        p = rep.new
        mask = apps["app_id"].isin(set(rep.app_ids))
        apps.loc[mask, "product"] = p.name
        apps.loc[mask, "editor_id"] = p.editor_id
        apps.loc[mask, "licence"] = p.licence
        apps.loc[mask, "api"] = p.api if p.api else pd.NA
        apps.loc[mask, "export_formats"] = MULTI_SEP.join(sorted(p.export_formats)) or pd.NA
        keep_hosting = apps["hosting"].isin(set(p.hosting))
        apps.loc[mask & ~keep_hosting, "hosting"] = p.hosting[0] if p.hosting else pd.NA
        for col in ("storage_formats", "database", "client_platform"):
            apps.loc[mask, col] = pd.NA
        if p.editor_id not in set(editors["editor_id"]):
            entry = registries.editors.get(p.editor_id)
            editors = pd.concat(
                [
                    editors,
                    pd.DataFrame(
                        [
                            {
                                "editor_id": p.editor_id,
                                "name": entry.name if entry else p.editor_id,
                                "group": entry.group if entry else None,
                                "country": entry.country if entry else None,
                                "siren": entry.siren if entry else None,
                            }
                        ]
                    ),
                ],
                ignore_index=True,
            )
        contracts, added = _move_contracts(contracts, apps[mask], p)
        new_contracts.extend(added)
    if new_contracts:
        contracts = pd.concat([contracts, pd.DataFrame(new_contracts)], ignore_index=True)
    return Portfolio(
        organisations=portfolio.organisations,
        editors=conform(Table.EDITORS, editors),
        applications=conform(Table.APPLICATIONS, apps),
        contracts=conform(Table.CONTRACTS, contracts),
        flows=portfolio.flows,
        sources=portfolio.sources,
    )


def _move_contracts(
    contracts: pd.DataFrame, moved: pd.DataFrame, product: ProductEntry
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Move applications out of their contracts; one new contract per org, terms unknown."""
    moved_ids = set(moved["app_id"].astype(str))
    out = contracts.copy()
    covered = out["app_ids"].fillna("").astype(str).str.split(MULTI_SEP)
    remaining = covered.map(lambda ids: [i for i in ids if i and i not in moved_ids])
    touched = covered.map(lambda ids: any(i in moved_ids for i in ids))
    out.loc[touched, "app_ids"] = remaining[touched].map(lambda ids: MULTI_SEP.join(sorted(ids)))
    out = out[~(touched & (remaining.map(len) == 0))]
    added = [
        {
            "contract_id": f"simulated:{org_id}:{product.id}",
            "org_id": org_id,
            "editor_id": product.editor_id,
            "app_ids": MULTI_SEP.join(sorted(part["app_id"].astype(str))),
        }
        for org_id, part in moved.groupby("org_id", sort=True)
    ]
    return out, added


def _required(flow: Any, kind: str, registries: Registries) -> tuple[str, ...]:
    """Standards of which the new product must support at least one for the flow to work.

    A national platform accepts any of the standards it mandates (plus the one the flow uses);
    between two applications the flow's own standard is needed.
    """
    std = flow.standard if isinstance(flow.standard, str) and flow.standard else None
    if kind == "platform" and flow.other in registries.platforms:
        mandated = registries.platforms[flow.other].standards
        return tuple(dict.fromkeys((*((std,) if std else ()), *mandated)))
    return (std,) if std else ()


def flow_impact(
    resolved: Sequence[ResolvedReplacement],
    doc: Mapping[str, Any],
    registries: Registries,
) -> list[dict[str, Any]]:
    """Each flow of a replaced application: works / broken / unknown, and why."""
    apps = apps_frame(doc)
    flows = flows_frame(doc)
    names = apps.set_index("app_id")["name"]
    out: list[dict[str, Any]] = []
    for rep in resolved:
        touched = touching_flows(flows, rep.app_ids)
        if touched.empty:
            continue
        touched["kind"] = other_kind(touched["other"], registries, set(apps["app_id"]))
        new = rep.new
        for f in touched.itertuples(index=False):
            required = _required(f, str(f.kind), registries)
            fmt = clean(f.format)
            if required:
                ok = bool(set(required) & set(new.standards))
                basis = "standard"
            elif fmt:
                ok = fmt in new.export_formats
                basis = "format"
            else:
                ok, basis = False, "unknown"
            status = "works" if ok else ("unknown" if basis == "unknown" else "broken")
            open_exports = [x for x in new.export_formats if _is_open(x, registries)]
            out.append(
                {
                    "flow_id": str(f.flow_id),
                    "org_id": str(f.org_id),
                    "app_id": str(f.end),
                    "app_name": clean(names.get(f.end)),
                    "direction": str(f.direction),
                    "other": str(f.other),
                    "other_kind": str(f.kind),
                    "other_name": _other_name(str(f.other), str(f.kind), names, registries),
                    "standard": clean(f.standard),
                    "format": fmt,
                    "required": list(required),
                    "status": status,
                    "basis": basis,
                    "new_product": new.id,
                    "fix": None
                    if status != "broken"
                    else ("converter" if open_exports else "new_interface"),
                }
            )
    return sorted(out, key=lambda r: (r["org_id"], r["app_id"], r["flow_id"]))


def _is_open(fmt: str, registries: Registries) -> bool:
    entry = registries.formats.get(fmt)
    return bool(entry and entry.is_open)


def _other_name(other: str, kind: str, names: pd.Series, registries: Registries) -> str:
    if kind == "platform" and other in registries.platforms:
        return registries.platforms[other].name
    value = clean(names.get(other))
    return str(value) if value is not None else other


def platform_obligations(impact: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """National-platform exchanges the new product could not carry."""
    return [
        {
            "org_id": r["org_id"],
            "app_id": r["app_id"],
            "platform": r["other"],
            "platform_name": r["other_name"],
            "standards": r["required"],
            "flow_id": r["flow_id"],
        }
        for r in impact
        if r["other_kind"] == "platform" and r["status"] == "broken"
    ]


def interface_price(row: Mapping[str, Any], costs: CostModel, registries: Registries) -> Range:
    """Cost-model price of rebuilding one broken flow."""
    if row["other_kind"] == "platform":
        return costs.p("interfaces", "per_platform_flow")
    std = registries.standards.get(row["standard"] or "")
    if std is not None and std.open:
        return costs.p("interfaces", "per_open_standard_flow")
    return costs.p("interfaces", "per_other_flow")


def switching_costs(
    resolved: Sequence[ResolvedReplacement],
    doc: Mapping[str, Any],
    impact: Sequence[Mapping[str, Any]],
    costs: CostModel,
    registries: Registries,
) -> list[dict[str, Any]]:
    """Per replaced application: one-off switching cost and yearly spend difference."""
    apps = apps_frame(doc).set_index("app_id")
    new_cost_per_user = _cost_per_user_by_product(apps)
    out: list[dict[str, Any]] = []
    for rep in resolved:
        for app_id in rep.app_ids:
            if app_id not in apps.index:
                continue
            a = apps.loc[app_id]
            broken = [r for r in impact if r["app_id"] == app_id and r["status"] == "broken"]
            prices = [interface_price(r, costs, registries) for r in broken]
            iface_low = sum(p.low for p in prices)
            iface_high = sum(p.high for p in prices)
            base_low = float(a["exit_low"]) - _zero(a["exit_interfaces_low"])
            base_high = float(a["exit_high"]) - _zero(a["exit_interfaces_high"])
            old_cost = clean(a["annual_cost"])
            rate = new_cost_per_user.get(normalise_key(rep.new.name))
            users = clean(a["users"])
            new_cost = None if rate is None or users is None else round(rate * users, 2)
            out.append(
                {
                    "org_id": str(a["org_id"]),
                    "app_id": app_id,
                    "app_name": clean(a["name"]),
                    "old_product": clean(a["product"]),
                    "new_product": rep.new.name,
                    "broken_flows": len(broken),
                    "exit_cost_without_interfaces": {
                        "low": round(base_low, 2),
                        "high": round(base_high, 2),
                    },
                    "interface_work": {"low": round(iface_low, 2), "high": round(iface_high, 2)},
                    "switching_cost": {
                        "low": round(base_low + iface_low, 2),
                        "high": round(base_high + iface_high, 2),
                    },
                    "annual_cost_before": money(old_cost),
                    "annual_cost_after_estimate": new_cost,
                    "annual_difference": None
                    if new_cost is None or old_cost is None
                    else round(new_cost - float(old_cost), 2),
                }
            )
    return out


def _zero(value: Any) -> float:
    v = clean(value)
    return 0.0 if v is None else float(v)


def _cost_per_user_by_product(apps: pd.DataFrame) -> dict[str, float]:
    """Median known annual cost per named user of each product among the audited bodies."""
    known = apps[apps["annual_cost"].notna() & (apps["users"] > 0) & apps["product"].notna()]
    if known.empty:
        return {}
    rate = known["annual_cost"] / known["users"]
    keys = known["product"].map(normalise_key)
    return {str(k): float(v) for k, v in rate.groupby(keys).median().items()}


def score_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], org_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Scores before and after, for the applications and organisations concerned."""
    orgs = set(org_ids)
    b_apps = {a["app_id"]: a for a in before["applications"] if a["org_id"] in orgs}
    a_apps = {a["app_id"]: a for a in after["applications"] if a["org_id"] in orgs}
    apps = [
        {
            "org_id": b_apps[k]["org_id"],
            "app_id": k,
            "name": b_apps[k]["name"],
            "product_before": b_apps[k].get("product"),
            "product_after": a_apps[k].get("product") if k in a_apps else None,
            "score_before": b_apps[k]["score"],
            "score_after": a_apps[k]["score"] if k in a_apps else None,
            "level_before": b_apps[k]["level"],
            "level_after": a_apps[k]["level"] if k in a_apps else None,
        }
        for k in sorted(b_apps)
        if k not in a_apps
        or a_apps[k]["score"] != b_apps[k]["score"]
        or a_apps[k].get("product") != b_apps[k].get("product")
    ]
    b_orgs = {o["org_id"]: o for o in before["organisations"] if o["org_id"] in orgs}
    a_orgs = {o["org_id"]: o for o in after["organisations"] if o["org_id"] in orgs}
    organisations = [
        {
            "org_id": k,
            "name": b_orgs[k]["name"],
            "lockin_index_before": b_orgs[k]["lockin_index"],
            "lockin_index_after": a_orgs[k]["lockin_index"] if k in a_orgs else None,
            "level_before": b_orgs[k]["level"],
            "level_after": a_orgs[k]["level"] if k in a_orgs else None,
        }
        for k in sorted(b_orgs)
    ]
    return {"applications": apps, "organisations": organisations}


def simulate_view(
    portfolio: Portfolio,
    registries: Registries,
    costs: CostModel,
    replacements: Sequence[Replacement],
    audit: Auditor,
) -> tuple[dict[str, Any], list[Problem]]:
    """The whole simulation: only the organisations concerned are audited, before and after."""
    resolved, problems = resolve_replacements(replacements, portfolio, registries)
    touched_orgs = sorted(
        set(
            portfolio.applications.loc[
                portfolio.applications["app_id"].isin({a for r in resolved for a in r.app_ids}),
                "org_id",
            ].astype(str)
        )
    )
    view: dict[str, Any] = {
        "kind": "simulate",
        "replacements": [
            {
                "old": r.old,
                "old_product_id": r.old_id,
                "new": r.new.name,
                "new_product_id": r.new.id,
                "new_editor_id": r.new.editor_id,
                "new_open_source": r.new.open_source,
                "org_id": r.org_id,
                "applications": list(r.app_ids),
            }
            for r in resolved
        ],
        "organisations": touched_orgs,
    }
    if not resolved:
        view.update(
            flows=[], obligations=[], costs=[], scores={"applications": [], "organisations": []}
        )
        return view, problems
    scope = subset_portfolio(portfolio, touched_orgs)
    before = audit(scope)
    after = audit(apply_replacements(scope, resolved, registries))
    impact = flow_impact(resolved, before, registries)
    view["as_of"] = before.get("as_of")
    view["flows"] = impact
    view["flow_counts"] = {
        s: sum(1 for r in impact if r["status"] == s) for s in ("works", "broken", "unknown")
    }
    view["obligations"] = platform_obligations(impact)
    view["costs"] = switching_costs(resolved, before, impact, costs, registries)
    view["totals"] = _totals(view["costs"])
    view["scores"] = score_changes(before, after, touched_orgs)
    return view, problems


def _totals(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    diffs = [r["annual_difference"] for r in rows]
    return {
        "switching_cost": {
            "low": round(sum(r["switching_cost"]["low"] for r in rows), 2),
            "high": round(sum(r["switching_cost"]["high"] for r in rows), 2),
        },
        "annual_difference": None
        if any(d is None for d in diffs) or not diffs
        else round(sum(diffs), 2),
        "annual_difference_known_for": sum(1 for d in diffs if d is not None),
        "applications": len(rows),
    }
