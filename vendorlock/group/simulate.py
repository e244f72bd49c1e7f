"""What replacing product P with Q would break, change and cost.

The portfolio is rebuilt with the replacement (the applications running P take Q's name,
editor, licence, API, export formats and hosting from the catalogue; what the catalogue cannot
say — storage formats, database, client platform, the new contract's terms — becomes unknown;
a Q missing from the catalogue keeps only its name, everything else unknown) and re-audited with
the same ``audit_portfolio`` as ``vendorlock audit``. Flow by flow, :mod:`.support` judges on the
standards and formats both products support whether the flow keeps working, breaks, or is to
check (the data is silent).

Switching cost of one application = its exit cost without the ``interfaces`` item (every
interface is not rebuilt, only the broken ones) + for each broken flow the cost model's
interface price (``costs.interfaces.per_platform_flow`` to a platform,
``per_open_standard_flow`` on an open standard, ``per_other_flow`` otherwise); flows to check
add their price to the high bound only.

The yearly cost after the switch is estimated from what audited bodies pay per named user for
Q; it rests on other bodies' prices, so it follows the k-anonymity rule
(:mod:`.anonymity`): shown when the price is the body's own or rests on at least k bodies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vendorlock.group.anonymity import KAnonymity, count_suppressed
from vendorlock.group.audits import subset_portfolio
from vendorlock.group.frames import apps_frame, clean, flows_frame, money
from vendorlock.group.standards import other_kind, touching_flows
from vendorlock.group.support import (
    VERDICT_ORDER,
    FlowFacts,
    Switch,
    Verdict,
    judge_flow,
    reason_text,
)
from vendorlock.i18n import Lang
from vendorlock.model.portfolio import MULTI_SEP, Portfolio, conform
from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.model.schema import Table
from vendorlock.registry import normalise_key, slugify
from vendorlock.registry.entries import Kind, Openness, ProductEntry
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
    """A replacement with the applications it touches.

    ``new`` is the catalogue entry of the new product, ``None`` when the catalogue does not know
    it (then only ``new_name`` is known and every flow is to check).
    """

    old: str
    old_id: str | None
    new: ProductEntry | None
    org_id: str | None
    app_ids: tuple[str, ...]
    new_name: str = ""

    @property
    def new_id(self) -> str:
        """Catalogue id of the new product, or a slug of its name when it is not catalogued."""
        return self.new.id if self.new is not None else slugify(self.new_name) or "product"

    @property
    def display_name(self) -> str:
        return self.new.name if self.new is not None else self.new_name


def _where(option: str) -> Location:
    return Location(file=option)


def resolve_replacements(
    replacements: Sequence[Replacement], portfolio: Portfolio, registries: Registries
) -> tuple[list[ResolvedReplacement], list[Problem]]:
    """Match each pair to the catalogue and to the applications that run the old product.

    A pair whose old product nobody runs or whose ``--org`` is unknown gives a located error
    and is skipped; a new product the catalogue does not know gives a warning and is simulated
    with everything but its name unknown. The others proceed.
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
        if new_id is None:
            problems.append(
                Problem.make(
                    Severity.WARNING, "group_new_product_not_catalogued", loc, product=rep.new
                )
            )
        new = registries.products[new_id] if new_id is not None else None
        resolved.append(
            ResolvedReplacement(rep.old, old_id, new, rep.org_id, app_ids, rep.new.strip())
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
        apps.loc[mask, "product"] = rep.display_name
        for col in ("storage_formats", "database", "client_platform"):
            apps.loc[mask, col] = pd.NA
        if p is None:  # not catalogued: only the name is known
            for col in ("editor_id", "licence", "api", "export_formats"):
                apps.loc[mask, col] = pd.NA
            contracts, added = _move_contracts(contracts, apps[mask], rep.new_id, None)
            new_contracts.extend(added)
            continue
        apps.loc[mask, "editor_id"] = p.editor_id
        apps.loc[mask, "licence"] = p.licence
        apps.loc[mask, "api"] = p.api if p.api else pd.NA
        apps.loc[mask, "export_formats"] = MULTI_SEP.join(sorted(p.export_formats)) or pd.NA
        keep_hosting = apps["hosting"].isin(set(p.hosting))
        apps.loc[mask & ~keep_hosting, "hosting"] = p.hosting[0] if p.hosting else pd.NA
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
        contracts, added = _move_contracts(contracts, apps[mask], p.id, p.editor_id)
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
    contracts: pd.DataFrame, moved: pd.DataFrame, product_id: str, editor_id: str | None
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
            "contract_id": f"simulated:{org_id}:{product_id}",
            "org_id": org_id,
            "editor_id": editor_id,
            "app_ids": MULTI_SEP.join(sorted(part["app_id"].astype(str))),
        }
        for org_id, part in moved.groupby("org_id", sort=True)
    ]
    return out, added


def _switches(
    rep: ResolvedReplacement, apps: pd.DataFrame, registries: Registries
) -> dict[str, Switch]:
    """Each replaced application's switch: old and new catalogue entries, same editor or not."""
    old = registries.products.get(rep.old_id) if rep.old_id else None
    new = rep.new
    editor = registries.editors.get(new.editor_id) if new is not None else None
    editors = apps.set_index("app_id")["editor_id"]
    out: dict[str, Switch] = {}
    for app_id in rep.app_ids:
        was = clean(editors.get(app_id)) if app_id in editors.index else None
        if was is None and old is not None:
            was = old.editor_id
        same = (
            new is not None
            and was is not None
            and new.editor_id not in ("", "unknown")
            and str(was) == new.editor_id
        )
        out[app_id] = Switch(
            old,
            new,
            rep.display_name,
            same,
            editor.name if editor is not None else (new.editor_id if new else None),
        )
    return out


def flow_impact(
    resolved: Sequence[ResolvedReplacement],
    doc: Mapping[str, Any],
    registries: Registries,
    lang: Lang = Lang.EN,
) -> list[dict[str, Any]]:
    """Each flow of a replaced application: works / to check / broken, and why.

    Sorted by verdict (broken first, then to check, then works), then organisation,
    application and flow.
    """
    apps = apps_frame(doc)
    flows = flows_frame(doc)
    names = apps.set_index("app_id")["name"]
    out: list[dict[str, Any]] = []
    for rep in resolved:
        touched = touching_flows(flows, rep.app_ids)
        if touched.empty:
            continue
        touched["kind"] = other_kind(touched["other"], registries, set(apps["app_id"]))
        switches = _switches(rep, apps, registries)
        new = rep.new
        open_exports = [x for x in (new.export_formats if new else ()) if _is_open(x, registries)]
        for f in touched.itertuples(index=False):
            switch = switches[str(f.end)]
            std, fmt = clean(f.standard), clean(f.format)
            facts = FlowFacts(
                std, fmt, str(f.direction), str(f.other) if f.kind == "platform" else None
            )
            judged = judge_flow(facts, switch, registries)
            status = judged.verdict
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
                    "standard": std,
                    "format": fmt,
                    "required": list(judged.standards),
                    "supported": list(judged.supported),
                    "status": status.value,
                    "basis": judged.basis,
                    "reason": judged.reason,
                    "reason_text": reason_text(judged, switch, fmt, registries, lang),
                    "same_editor": switch.same_editor,
                    "new_product": rep.new_id,
                    "fix": None
                    if status is not Verdict.BROKEN
                    else ("converter" if open_exports else "new_interface"),
                }
            )
    order = {v.value: n for n, v in enumerate(VERDICT_ORDER)}
    return sorted(out, key=lambda r: (order[r["status"]], r["org_id"], r["app_id"], r["flow_id"]))


def _is_open(fmt: str, registries: Registries) -> bool:
    entry = registries.formats.get(fmt)
    return bool(entry and entry.is_open)


def _other_name(other: str, kind: str, names: pd.Series, registries: Registries) -> str:
    if kind == "platform" and other in registries.platforms:
        return registries.platforms[other].name
    value = clean(names.get(other))
    return str(value) if value is not None else other


def flow_counts(impact: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Flows per verdict (every verdict present, zero included)."""
    return {v.value: sum(1 for r in impact if r["status"] == v.value) for v in VERDICT_ORDER}


def platform_obligations(impact: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """National-platform exchanges the new product could not carry (or may not: to check)."""
    return [
        {
            "org_id": r["org_id"],
            "app_id": r["app_id"],
            "platform": r["other"],
            "platform_name": r["other_name"],
            "standards": r["required"],
            "flow_id": r["flow_id"],
            "status": r["status"],
        }
        for r in impact
        if r["other_kind"] == "platform" and r["status"] != Verdict.WORKS.value
    ]


def interface_price(row: Mapping[str, Any], costs: CostModel, registries: Registries) -> Range:
    """Cost-model price of rebuilding one flow, as the exit-cost model prices it.

    To a platform ``per_platform_flow``; on an open standard ``per_open_standard_flow``;
    otherwise ``per_other_flow``, times ``open_format_factor`` when the flow's format is open
    (its files can be read without the editor) — on the low bound only when the format's
    openness is unknown.
    """
    if row["other_kind"] == "platform":
        return costs.p("interfaces", "per_platform_flow")
    std = registries.standards.get(row["standard"] or "")
    if std is not None and std.open:
        return costs.p("interfaces", "per_open_standard_flow")
    other = costs.p("interfaces", "per_other_flow")
    factor = costs.params.get("interfaces", {}).get("open_format_factor")
    if factor is None:
        return other
    fmt = registries.formats.get(row["format"] or "")
    if fmt is not None and fmt.is_open:
        return Range(other.low * factor.low, other.high * factor.high)
    if fmt is None or fmt.openness is Openness.UNKNOWN:
        return Range(other.low * factor.low, other.high)
    return other


@dataclass(frozen=True)
class UserPrice:
    """Median known yearly cost per named user of one product, and the bodies it rests on."""

    per_user: float
    bodies: frozenset[str]


def switching_costs(
    resolved: Sequence[ResolvedReplacement],
    doc: Mapping[str, Any],
    impact: Sequence[Mapping[str, Any]],
    costs: CostModel,
    registries: Registries,
    anonymity: KAnonymity | None = None,
) -> list[dict[str, Any]]:
    """Per replaced application: one-off switching cost and yearly spend difference.

    Broken flows are priced in both bounds, flows to check in the high bound only. The yearly
    cost after the switch is priced on the bodies paying for the new product; it is suppressed
    (with the difference) when it rests on fewer than k bodies other than the application's own.
    """
    rule = anonymity or KAnonymity()
    apps = apps_frame(doc).set_index("app_id")
    prices = _price_per_user_by_product(apps, registries)
    out: list[dict[str, Any]] = []
    for rep in resolved:
        price = prices.get(_product_key(rep))
        for app_id in rep.app_ids:
            if app_id not in apps.index:
                continue
            a = apps.loc[app_id]
            mine = [r for r in impact if r["app_id"] == app_id]
            broken = [
                interface_price(r, costs, registries) for r in mine if r["status"] == "broken"
            ]
            unsure = [
                interface_price(r, costs, registries) for r in mine if r["status"] == "to_check"
            ]
            iface_low = sum(p.low for p in broken)
            iface_high = sum(p.high for p in broken) + sum(p.high for p in unsure)
            base_low = float(a["exit_low"]) - _zero(a["exit_interfaces_low"])
            base_high = float(a["exit_high"]) - _zero(a["exit_interfaces_high"])
            old_cost = clean(a["annual_cost"])
            users = clean(a["users"])
            new_cost = None if price is None or users is None else round(price.per_user * users, 2)
            org_id = str(a["org_id"])
            row: dict[str, Any] = {
                "org_id": org_id,
                "app_id": app_id,
                "app_name": clean(a["name"]),
                "old_product": clean(a["product"]),
                "new_product": rep.display_name,
                "broken_flows": len(broken),
                "to_check_flows": len(unsure),
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
                "price_bodies": len(price.bodies) if price else 0,
            }
            shown = rule.apply(
                row,
                ("annual_cost_after_estimate", "annual_difference"),
                price.bodies if price else (),
                viewer=org_id,
            )
            row["priced_by_others"] = bool(
                shown and new_cost is not None and price and price.bodies - {org_id}
            )
            out.append(row)
    return out


def _zero(value: Any) -> float:
    v = clean(value)
    return 0.0 if v is None else float(v)


def _product_key(rep: ResolvedReplacement) -> str:
    """How a new product is found among the audited applications: catalogue id, else name."""
    return rep.new.id if rep.new is not None else normalise_key(rep.new_name)


def _product_keys(products: pd.Series, registries: Registries) -> pd.Series:
    """Catalogue id of each application's product, else its normalised name."""
    ids = registries.resolve_series(Kind.PRODUCT, products)
    names = products.map(lambda v: normalise_key(v) if isinstance(v, str) else "")
    return ids.astype("string").fillna(names.astype("string"))


def _price_per_user_by_product(apps: pd.DataFrame, registries: Registries) -> dict[str, UserPrice]:
    """Median known annual cost per named user of each product among the audited bodies."""
    known = apps[apps["annual_cost"].notna() & (apps["users"] > 0) & apps["product"].notna()]
    if known.empty:
        return {}
    rate = known["annual_cost"] / known["users"]
    keys = _product_keys(known["product"], registries)
    medians = rate.groupby(keys).median()
    bodies = known["org_id"].astype(str).groupby(keys).agg(lambda s: frozenset(s))
    return {str(k): UserPrice(float(medians[k]), bodies[k]) for k in medians.index}


def _pricing_orgs(
    portfolio: Portfolio, resolved: Sequence[ResolvedReplacement], registries: Registries
) -> set[str]:
    """Organisations running one of the new products: their prices estimate the new cost."""
    apps = portfolio.applications
    wanted = {_product_key(r) for r in resolved}
    runs = _product_keys(apps["product"], registries).isin(wanted).fillna(False)
    return set(apps.loc[runs.astype(bool), "org_id"].astype(str))


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
    lang: Lang = Lang.EN,
    anonymity: KAnonymity | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """The whole simulation: only the organisations concerned are audited, before and after.

    Before the switch, the bodies already running a new product are audited as well: what
    they pay per user prices the new product (subject to the k-anonymity rule).
    """
    rule = anonymity or KAnonymity()
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
                "new": r.display_name,
                "new_product_id": r.new.id if r.new is not None else None,
                "new_in_catalogue": r.new is not None,
                "new_editor_id": r.new.editor_id if r.new is not None else None,
                "new_open_source": r.new.open_source if r.new is not None else None,
                "org_id": r.org_id,
                "applications": list(r.app_ids),
            }
            for r in resolved
        ],
        "organisations": touched_orgs,
        "anonymity": rule.block(0),
    }
    if not resolved:
        view.update(
            flows=[],
            flow_counts=flow_counts([]),
            obligations=[],
            costs=[],
            scores={"applications": [], "organisations": []},
        )
        return view, problems
    scope = subset_portfolio(portfolio, touched_orgs)
    # the bodies already running a new product are audited too, for their prices only
    pricing = sorted(_pricing_orgs(portfolio, resolved, registries) | set(touched_orgs))
    before = audit(subset_portfolio(portfolio, pricing) if pricing != touched_orgs else scope)
    after = audit(apply_replacements(scope, resolved, registries))
    impact = flow_impact(resolved, before, registries, lang)
    view["as_of"] = before.get("as_of")
    view["flows"] = impact
    view["flow_counts"] = flow_counts(impact)
    view["obligations"] = platform_obligations(impact)
    view["costs"] = switching_costs(resolved, before, impact, costs, registries, rule)
    view["anonymity"] = rule.block(count_suppressed(view["costs"]))
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
        "annual_difference_suppressed_for": sum(
            1 for r in rows if "annual_difference" in r.get("suppressed_fields", ())
        ),
        "priced_by_others": any(r["priced_by_others"] for r in rows),
        "price_bodies": max((r["price_bodies"] for r in rows if r["priced_by_others"]), default=0),
        "applications": len(rows),
        "broken_flows": sum(r["broken_flows"] for r in rows),
        "to_check_flows": sum(r["to_check_flows"] for r in rows),
    }
