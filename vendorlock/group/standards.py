"""What a replacement must support: the standards and formats pinned by a set of applications.

A flow between one of the applications and a national platform pins the standard the flow uses
or, when the inventory does not say, every standard the platform mandates (registry
``platforms[id].standards``). A flow to another application pins its standard, or its format
when no standard is named. Each requirement keeps who needs it (platform, or the domain of the
application at the other end), how many flows and how many members.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vendorlock.registry.registries import Registries


def touching_flows(flows: pd.DataFrame, app_ids: Iterable[str]) -> pd.DataFrame:
    """Flows with one end in ``app_ids``, with ``end`` (that app) and ``other`` columns."""
    ids = set(app_ids)
    out_side = flows[flows["source"].isin(ids)].assign(end=lambda f: f["source"])
    out_side = out_side.assign(other=out_side["target"], direction="out")
    in_side = flows[flows["target"].isin(ids) & ~flows["source"].isin(ids)]
    in_side = in_side.assign(end=in_side["target"], other=in_side["source"], direction="in")
    both = pd.concat([out_side, in_side], ignore_index=True)
    return both.sort_values(["org_id", "flow_id"]).reset_index(drop=True)


def other_kind(other: pd.Series, registries: Registries, known_apps: set[str]) -> pd.Series:
    """``platform`` / ``application`` / ``unknown`` for the far end of each flow."""
    kinds = pd.Series("unknown", index=other.index, dtype="string")
    kinds[other.isin(known_apps)] = "application"
    kinds[other.isin(set(registries.platforms))] = "platform"
    return kinds


@dataclass(frozen=True)
class FlowIndex:
    """Each application's flows with the far end classified, built once per document.

    ``by_app[app_id]`` lists ``(flow_id, org_id, other, other_kind, standard, format)``;
    ``domain_of`` names each application's domain. Requirement lookups for many groups of
    applications (one per pooled tender) then cost a few dictionary reads each.
    """

    by_app: Mapping[str, tuple[tuple[str, str, str, str, str | None, str | None], ...]]
    domain_of: Mapping[str, str]


def build_flow_index(apps: pd.DataFrame, flows: pd.DataFrame, registries: Registries) -> FlowIndex:
    """Index the flows of a document by each application end (see :class:`FlowIndex`)."""
    app_ids = set(apps["app_id"].dropna().astype(str))
    platforms = set(registries.platforms)
    by_app: dict[str, list[tuple[str, str, str, str, str | None, str | None]]] = {}

    def kind(end: str) -> str:
        return "platform" if end in platforms else "application" if end in app_ids else "unknown"

    cols = [
        flows[c].astype(object).where(flows[c].notna(), None).tolist()
        for c in ("flow_id", "org_id", "source", "target", "standard", "format")
    ]
    for flow_id, org_id, source, target, std, fmt in zip(*cols, strict=True):
        if source in app_ids:
            by_app.setdefault(source, []).append(
                (flow_id, org_id, target, kind(str(target)), std, fmt)
            )
        if target in app_ids and target != source:
            by_app.setdefault(target, []).append(
                (flow_id, org_id, source, kind(str(source)), std, fmt)
            )
    domain_of = dict(zip(apps["app_id"].astype(str), apps["domain"].astype(str), strict=True))
    return FlowIndex({k: tuple(v) for k, v in by_app.items()}, domain_of)


def required_standards(
    app_ids: Iterable[str],
    apps: pd.DataFrame,
    flows: pd.DataFrame,
    registries: Registries,
) -> dict[str, list[dict[str, Any]]]:
    """Standards (and bare formats) any product replacing ``app_ids`` must support.

    ``apps`` is the applications frame of the whole document (to name the far end's domain),
    ``flows`` its flows frame. Returns ``{"standards": [...], "formats": [...]}`` sorted by id.
    For many groups over one document build the index once and call
    :func:`required_from_index`.
    """
    return required_from_index(app_ids, build_flow_index(apps, flows, registries), registries)


def required_from_index(
    app_ids: Iterable[str], index: FlowIndex, registries: Registries
) -> dict[str, list[dict[str, Any]]]:
    """:func:`required_standards` over a prebuilt :class:`FlowIndex`."""
    ids = set(app_ids)
    rows: list[tuple[str, str, str, str, str, bool]] = []  # (what, id, by_kind, by_id, org, one_of)
    seen: set[str] = set()
    for app_id in sorted(ids):
        for flow_id, org_id, other, kind, std, fmt in index.by_app.get(app_id, ()):
            if flow_id in seen:  # a flow between two of the applications counts once
                continue
            seen.add(flow_id)
            if kind == "platform":
                by = ("platform", other)
                pinned = (std,) if std else registries.platforms[other].standards
                for s in pinned:
                    rows.append(("standard", s, *by, org_id, std is None and len(pinned) > 1))
                if not pinned and fmt:
                    rows.append(("format", fmt, *by, org_id, False))
                continue
            by = (
                ("application", index.domain_of.get(other, "unknown"))
                if kind == "application"
                else ("unknown", other)
            )
            if std:
                rows.append(("standard", std, *by, org_id, False))
            elif fmt:
                rows.append(("format", fmt, *by, org_id, False))
    return {
        "standards": _collect(rows, "standard", registries),
        "formats": _collect(rows, "format", registries),
    }


def _collect(
    rows: list[tuple[str, str, str, str, str, bool]], what: str, registries: Registries
) -> list[dict[str, Any]]:
    """Group requirement rows by id, then by who needs them (plain dicts: called per group)."""
    by_id: dict[str, list[tuple[str, str, str, bool]]] = {}
    for kind, ident, by_kind, by_id_, org_id, one_of in rows:
        if kind == what:
            by_id.setdefault(ident, []).append((by_kind, by_id_, org_id, one_of))
    out: list[dict[str, Any]] = []
    for ident in sorted(by_id):
        part = by_id[ident]
        needers: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        for by_kind, by_id_, org_id, one_of in part:
            needers.setdefault((by_kind, by_id_), []).append((org_id, one_of))
        out.append(
            {
                "id": ident,
                "name": _name(what, ident, registries),
                "open": _open(what, ident, registries),
                "flows": len(part),
                "members": len({org for _, _, org, _ in part}),
                "needed_by": [
                    {
                        "kind": by_kind,
                        "id": by_id_,
                        "name": _by_name(by_kind, by_id_, registries),
                        "flows": len(items),
                        "members": len({org for org, _ in items}),
                        "one_of_platform_standards": any(o for _, o in items),
                    }
                    for (by_kind, by_id_), items in sorted(needers.items())
                ],
            }
        )
    return out


def _name(what: str, ident: str, registries: Registries) -> str:
    if what == "standard":
        s = registries.standards.get(ident)
        return s.name if s else ident
    f = registries.formats.get(ident)
    return f.name if f else ident


def _open(what: str, ident: str, registries: Registries) -> bool | None:
    if what == "standard":
        s = registries.standards.get(ident)
        return s.open if s else None
    f = registries.formats.get(ident)
    return f.is_open if f else None


def _by_name(kind: str, ident: str, registries: Registries) -> str:
    if kind == "platform":
        p = registries.platforms.get(ident)
        return p.name if p else ident
    if kind == "application":
        d = registries.domains.get(ident)
        return d.en if d else ident
    return ident


def alternatives(
    domain: str, registries: Registries, exclude: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Catalogue products for ``domain`` (open-source marked), minus ``exclude`` product ids."""
    skip = set(exclude)
    return [
        {
            "product_id": p.id,
            "name": p.name,
            "editor_id": p.editor_id,
            "open_source": p.open_source,
            "licence": p.licence,
            "standards": sorted(p.standards),
        }
        for p in registries.products_for_domain(domain)
        if p.id not in skip
    ]
