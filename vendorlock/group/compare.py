"""The editors of one domain side by side, from the members' data and the catalogue.

What members observe (applications, spend, flows, scores, exit costs) and what the catalogue
declares (standards, export formats, API, hosting, licence) are kept in separate columns, so a
buyer sees both what an editor promises and what its customers actually run. Money figures
(spend, its medians, exit costs) follow the k-anonymity rule of :mod:`.anonymity`: an editor
whose figures rest on fewer than k members shows them suppressed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from vendorlock.errors import GroupError
from vendorlock.group.anonymity import SUPPRESSED_FIELDS, KAnonymity, count_suppressed
from vendorlock.group.frames import money
from vendorlock.group.standards import touching_flows
from vendorlock.group.tables import GroupTables, as_tables
from vendorlock.i18n import Lang, t
from vendorlock.model.portfolio import split_multi
from vendorlock.registry.entries import Kind
from vendorlock.registry.registries import Registries


def resolve_domain(text: str, registries: Registries, lang: Lang = Lang.EN) -> str:
    """Domain id for what the user typed (id, English or French label, alias: "paie").

    Raises :class:`GroupError` naming the option and listing the known domains.
    """
    found = registries.resolve(Kind.DOMAIN, text)
    if found is None:
        known = ", ".join(sorted(registries.domains))
        raise GroupError(t("group.unknown_domain", lang, domain=text, known=known))
    return found


def _domain_label(domain: str, registries: Registries, lang: Lang) -> str:
    entry = registries.domains.get(domain)
    if entry is None:
        return domain
    return entry.fr if lang is Lang.FR else entry.en


def _median(values: pd.Series) -> float | None:
    v = values.dropna()
    return None if v.empty else round(float(v.median()), 2)


def _observed(portfolio_apps: pd.DataFrame | None, app_ids: set[str], column: str) -> list[str]:
    if portfolio_apps is None or column not in portfolio_apps.columns:
        return []
    rows = portfolio_apps[portfolio_apps["app_id"].isin(app_ids)][column]
    values = split_multi(rows.astype("string")) if column == "export_formats" else rows.dropna()
    return sorted({str(v) for v in values if str(v)})


def compare_view(
    source: GroupTables | Mapping[str, Any],
    members: Sequence[str],
    registries: Registries,
    domain: str,
    portfolio_apps: pd.DataFrame | None = None,
    lang: Lang = Lang.EN,
    anonymity: KAnonymity | None = None,
) -> dict[str, Any]:
    """One row per editor serving ``domain`` (members' editors first, then catalogue-only)."""
    rule = anonymity or KAnonymity()
    tables = as_tables(source)
    all_apps = tables.applications
    apps = all_apps[all_apps["org_id"].isin(set(members)) & (all_apps["domain"] == domain)]
    flows = tables.flows
    pop = tables.organisations.set_index("org_id")["population"]
    catalogue = [p for p in registries.products_for_domain(domain)]
    rows: list[dict[str, Any]] = []
    for editor_id, part in apps.groupby("editor_id", sort=True):
        row = _editor_row(str(editor_id), part, flows, pop, registries, catalogue, portfolio_apps)
        _anonymise(row, part, pop, rule)
        rows.append(row)
    in_use = {r["editor_id"] for r in rows}
    for editor_id in sorted({p.editor_id for p in catalogue} - in_use):
        rows.append(_catalogue_only(editor_id, registries, catalogue))
    rows.sort(key=lambda r: (-r["members"], r["editor_id"]))
    return {
        "kind": "compare",
        "as_of": tables.as_of,
        "domain": domain,
        "domain_label": _domain_label(domain, registries, lang),
        "members": len(members),
        "editors": rows,
        "anonymity": rule.block(count_suppressed(rows)),
    }


def _anonymise(
    row: dict[str, Any], part: pd.DataFrame, population: pd.Series, rule: KAnonymity
) -> None:
    """Suppress the row's money figures resting on fewer than k members (see module doc).

    The members behind each figure are those ``_editor_row`` computed it from: members with a
    known cost (spend and its median), of them those with a population (per inhabitant) or
    with named users (per user), every member for the exit costs.
    """
    spend_orgs = set(part.loc[part["annual_cost"].notna(), "org_id"].dropna().astype(str))
    users = part[part["users"] > 0]["org_id"].dropna().astype(str)
    rule.apply(row, ("total_spend", "median_spend"), spend_orgs)
    rule.apply(
        row,
        ("median_per_inhabitant",),
        {o for o in spend_orgs if (population.get(o) or 0) > 0},
    )
    rule.apply(row, ("median_per_user",), spend_orgs & set(users))
    rule.apply(row, ("exit_cost",), part["org_id"].dropna())


def _catalogue_fields(
    editor_id: str, registries: Registries, catalogue: Sequence[Any]
) -> dict[str, Any]:
    products = [p for p in catalogue if p.editor_id == editor_id]
    fmt_open = {f: registries.formats[f].is_open for f in registries.formats}
    exports = sorted({f for p in products for f in p.export_formats})
    return {
        "catalogue_products": [p.name for p in products],
        "catalogue_standards": sorted({s for p in products for s in p.standards}),
        "catalogue_export_formats": exports,
        "open_export_formats": [f for f in exports if fmt_open.get(f)],
        "catalogue_api": sorted({p.api for p in products if p.api}),
        "catalogue_hosting": sorted({h for p in products for h in p.hosting}),
        "catalogue_open_source": any(p.open_source for p in products),
    }


def _editor_name(editor_id: str, registries: Registries, fallback: Any = None) -> str:
    entry = registries.editors.get(editor_id)
    if entry is not None:
        return entry.name
    return str(fallback) if fallback is not None and not pd.isna(fallback) else editor_id


def _editor_row(
    editor_id: str,
    part: pd.DataFrame,
    flows: pd.DataFrame,
    population: pd.Series,
    registries: Registries,
    catalogue: Sequence[Any],
    portfolio_apps: pd.DataFrame | None,
) -> dict[str, Any]:
    per_member = part.groupby("org_id").agg(
        spend=("annual_cost", "sum"),
        costed=("annual_cost", "count"),
        users=("users", "sum"),
        counted=("users", "count"),
    )
    # a member with no known cost (users) has an unknown figure, not 0
    per_member["spend"] = per_member["spend"].where(per_member.pop("costed") > 0)
    per_member["users"] = per_member["users"].where(per_member.pop("counted") > 0)
    pop = per_member.index.map(population).astype("float64")
    per_member["per_inhabitant"] = per_member["spend"] / pop.where(pop > 0)
    per_member["per_user"] = per_member["spend"] / per_member["users"].where(
        per_member["users"] > 0
    )
    ids = set(part["app_id"])
    touched = touching_flows(flows, ids)
    fmt_open = {f: registries.formats[f].is_open for f in registries.formats}
    observed_exports = _observed(portfolio_apps, ids, "export_formats")
    row: dict[str, Any] = {
        "editor_id": editor_id,
        "name": _editor_name(editor_id, registries, part["editor"].iloc[0]),
        "group": registries.group_of(editor_id),
        "in_use": True,
        "members": int(part["org_id"].nunique()),
        "applications": len(part),
        "products": sorted(part["product"].dropna().unique().tolist()),
        "total_spend": money(part["annual_cost"].sum(min_count=1)),
        "median_spend": _median(per_member["spend"]),
        "median_per_inhabitant": _median(per_member["per_inhabitant"]),
        "median_per_user": _median(per_member["per_user"]),
        "observed_standards": sorted(set(touched["standard"].dropna())),
        "observed_export_formats": observed_exports,
        "observed_api": _observed(portfolio_apps, ids, "api"),
        "observed_hosting": sorted(set(part["hosting"].dropna())),
        # None when no application of the product has enough data to be scored
        "average_score": _score(part["score"].mean()),
        "worst_score": _score(part["score"].max()),
        "exit_cost": {
            "low": money(part["exit_low"].min()),
            "high": money(part["exit_high"].max()),
        },
        "open_source": bool(part["open_source"].fillna(False).any()),
    }
    row.update(_catalogue_fields(editor_id, registries, catalogue))
    row["open_export_formats"] = sorted(
        set(row["open_export_formats"]) | {f for f in observed_exports if fmt_open.get(f)}
    )
    row["open_source"] = row["open_source"] or row["catalogue_open_source"]
    return row


def _catalogue_only(
    editor_id: str, registries: Registries, catalogue: Sequence[Any]
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "editor_id": editor_id,
        "name": _editor_name(editor_id, registries),
        "group": registries.group_of(editor_id),
        "in_use": False,
        "members": 0,
        "applications": 0,
        "products": [],
        "total_spend": None,
        "median_spend": None,
        "median_per_inhabitant": None,
        "median_per_user": None,
        "observed_standards": [],
        "observed_export_formats": [],
        "observed_api": [],
        "observed_hosting": [],
        "average_score": None,
        "worst_score": None,
        "exit_cost": {"low": None, "high": None},
        "open_source": False,
        SUPPRESSED_FIELDS: [],
    }
    row.update(_catalogue_fields(editor_id, registries, catalogue))
    row["open_source"] = row["catalogue_open_source"]
    return row


def _score(value: float) -> float | None:
    return None if pd.isna(value) else round(float(value), 1)
