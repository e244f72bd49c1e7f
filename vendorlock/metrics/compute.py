"""compute_metrics: every metric of a portfolio of one or many organisations, vectorised.

Each family of metrics lives in its own module and returns float arrays aligned with the
applications table; this module only assembles them into :class:`Metrics`. Nothing here builds
a Python object per application or a networkx graph, so the same call serves one body and the
50,000-body national set.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.columns import objects
from vendorlock.distinct import float_per_distinct
from vendorlock.dtypes import STRING
from vendorlock.graph.groups import editor_groups
from vendorlock.metrics.attributes import attribute_metrics
from vendorlock.metrics.concentration import exposure_rows, hhi_of
from vendorlock.metrics.contracts import covering_contracts
from vendorlock.metrics.flowgraph import flow_graph_metrics
from vendorlock.metrics.flows import flow_ends, flow_metrics
from vendorlock.metrics.formats import FloatArray, closedness_share, export_capability, over_ids
from vendorlock.metrics.grouped import Grouping
from vendorlock.metrics.interface import METRICS, Metrics, Scope
from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries

log = logging.getLogger(__name__)

#: Context columns of ``Metrics.applications``, before the metric columns.
CONTEXT_COLUMNS = ("org_id", "editor_id", "group", "domain", "contract_id", "contract_end")


#: Costly metrics that no built-in rule reads: computed only when asked for (``on_demand``).
#: Betweenness is all-pairs shortest paths, ~100× the rest of the flow-graph metrics (0.2–0.8 s
#: of a 2,000-application audit) for a value the default pack never scores nor prints.
ON_DEMAND: frozenset[str] = frozenset({"betweenness"})


def application_metric_ids() -> list[str]:
    """Ids of the application-scope metrics, in catalogue order (the table's column order)."""
    return [m.id for m in METRICS.values() if m.scope is Scope.APPLICATION]


def _take(table: pd.DataFrame, column: str, rows: np.ndarray) -> FloatArray:
    """``table[column]`` at ``rows`` as float64, NaN where a row is -1."""
    values = table[column].to_numpy(dtype=np.float64, na_value=np.nan)
    out = np.full(len(rows), np.nan)
    hit = rows >= 0
    out[hit] = values[rows[hit]]
    return out


def _text(column: pd.Series) -> pd.Series:
    """``column.astype("string")``, skipped when it already is one (~20 µs a call)."""
    return column if column.dtype == STRING else column.astype(STRING)


def _group_of(editor: pd.Series, lookup: dict[str, str | None]) -> tuple[Any, np.ndarray]:
    """``editor.map(groups_of).astype("string")``'s values (the corporate group of each row's
    editor; missing where the editor is or has none), and the same as Python objects (None
    when missing): each distinct editor looked up once in ``lookup`` (:func:`_lookup` of
    ``groups_of``) instead of ``Series.map`` (~0.3 ms a column)."""
    codes, uniques = pd.factorize(editor.array)
    found = [lookup.get(u) for u in uniques.tolist()] + [None]
    rows = np.where(codes < 0, len(found) - 1, codes)
    return pd.array(found, dtype=STRING).take(rows), np.array(found, dtype=object)[rows]


def _lookup(groups_of: pd.Series) -> dict[str, str | None]:
    """``groups_of`` (a group per editor id, missing for none) as a dict, None for missing."""
    return {
        editor: None if group is pd.NA else group
        for editor, group in zip(groups_of.index.tolist(), groups_of.tolist(), strict=True)
    }


def _organisations(
    portfolio: Portfolio, app_orgs: np.ndarray, editors: pd.DataFrame, groups: pd.DataFrame
) -> pd.DataFrame:
    """One row per organisation (of the organisations table or of an application), sorted:
    its HHIs, application count and spend. ``app_orgs``: each application's organisation id
    (None when missing). Organisations are matched in Python dicts (a body has one, a group
    a few hundred) instead of an index per column (~1.5 ms of pandas calls)."""
    listed = objects(_text(portfolio.organisations["org_id"]))
    # applications per organisation (groupby("org_id").size(), a missing org in none)
    codes, uniques = pd.factorize(app_orgs)
    counted = np.bincount(codes[codes >= 0], minlength=len(uniques)).tolist()
    counts = dict(zip(uniques.tolist(), counted, strict=True))
    ids = sorted({o for o in listed.tolist() if o is not None} | set(counts))
    index = pd.Index(pd.array(ids, dtype=STRING), name="org_id")
    contracts = portfolio.contracts
    by_editor_org = Grouping.of(editors["org_id"])
    by_group_org = Grouping.of(groups["org_id"])
    if by_editor_org is None or by_group_org is None:  # pragma: no cover - keys never missing
        raise ValueError("exposure table without an organisation")

    def per_org(values: np.ndarray, by: Grouping) -> np.ndarray:
        """``values`` (one per group of ``by``) at each of ``ids``, NaN where absent."""
        position = {key: i for i, key in enumerate(by.keys[0].tolist())}
        found = np.array([position.get(i, -1) for i in ids], dtype=np.int64)
        out = np.full(len(ids), np.nan)
        out[found >= 0] = values[found[found >= 0]]
        return out

    # one frame from its columns (set one by one, each cost ~0.3 ms)
    columns = {
        "hhi_editor_spend": per_org(hhi_of(editors, "spend_share", by_editor_org), by_editor_org),
        "hhi_group_spend": per_org(hhi_of(groups, "spend_share", by_group_org), by_group_org),
        "hhi_editor_apps": per_org(hhi_of(editors, "app_share", by_editor_org), by_editor_org),
        "hhi_group_apps": per_org(hhi_of(groups, "app_share", by_group_org), by_group_org),
    }
    columns["org_applications"] = np.array([counts.get(i, 0) for i in ids], dtype=np.float64)
    cost = contracts["annual_cost"]
    by_contract_org = Grouping.of(contracts["org_id"], dropna=True)
    if cost.dtype == np.float64 and by_contract_org is not None:
        spend = by_contract_org.sum(cost.to_numpy(), min_count=1)
        columns["org_spend"] = per_org(spend, by_contract_org)
    else:  # an extension dtype: pandas' masked kernels
        columns["org_spend"] = (
            contracts.groupby("org_id")["annual_cost"].sum(min_count=1).reindex(index)
        ).to_numpy(dtype=np.float64, na_value=np.nan)
    return pd.DataFrame(columns, index=index)


def compute_metrics(
    portfolio: Portfolio,
    registries: Registries,
    as_of: date,
    *,
    on_demand: Collection[str] = ON_DEMAND,
) -> Metrics:
    """Every metric of :data:`METRICS` for the applications, editors, groups and organisations
    of ``portfolio`` (one organisation or many), as of ``as_of``. NaN means "unknown".

    Of the costly :data:`ON_DEMAND` metrics, only those in ``on_demand`` are computed (all by
    default); the others have no column. The audit asks for the ones its rule pack reads.
    """
    apps = portfolio.applications.reset_index(drop=True)
    n = len(apps)
    contracts = portfolio.contracts.reset_index(drop=True)
    groups_of = editor_groups(
        portfolio.editors,
        pd.concat([apps["editor_id"], contracts["editor_id"]], ignore_index=True),
        registries,
    )
    org, editor, domain = _text(apps["org_id"]), _text(apps["editor_id"]), _text(apps["domain"])
    group_lookup = _lookup(groups_of)
    group, group_objects = _group_of(editor, group_lookup)
    org_objects, editor_objects = objects(org), objects(editor)
    values: dict[str, FloatArray] = {}
    values["closed_storage_share"] = float_per_distinct(
        apps["storage_formats"], over_ids(closedness_share(registries))
    )
    # Declared until a scan measures it (vendorlock.scan.exposure replaces it, per application).
    values["heritage_closed_share"] = values["closed_storage_share"].copy()
    values["export_capability"] = float_per_distinct(
        apps["export_formats"], over_ids(export_capability(registries))
    )
    values |= attribute_metrics(apps, registries)

    ends = flow_ends(portfolio.flows, apps["app_id"], registries)
    values |= flow_metrics(portfolio.flows, ends, n, registries)
    org_codes = pd.factorize(org.fillna(""))[0].astype(np.int64)
    log.info("flow graph metrics: %d applications, %d flows", n, len(portfolio.flows))
    graph = flow_graph_metrics(
        n, ends.src, ends.tgt, org_codes, betweenness="betweenness" in on_demand
    )
    if graph.betweenness is not None:
        values["betweenness"] = graph.betweenness
    values["blast_radius_apps"] = graph.blast_radius_apps
    values["blast_radius_flows"] = graph.blast_radius_flows

    covering, cover = covering_contracts(apps, contracts, registries, as_of)
    for col in covering.columns:
        if col not in ("contract_id", "contract_end", "purchasing_group"):
            values[col] = covering[col].to_numpy(dtype=np.float64)

    c_editor = _text(contracts["editor_id"])
    # the exposure tables' inputs as Python objects, converted once for both tables
    on_apps = {
        "org_id": org_objects,
        "editor_id": editor_objects,
        "group": group_objects,
    }
    on_contracts = {
        "org_id": objects(_text(contracts["org_id"])),
        "editor_id": objects(c_editor),
        "group": _group_of(c_editor, group_lookup)[1],
        "annual_cost": contracts["annual_cost"].to_numpy(dtype=np.float64, na_value=np.nan),
    }
    editors, editor_rows = exposure_rows(on_apps, on_contracts, "editor_id")
    groups, group_rows = exposure_rows(on_apps, on_contracts, "group")
    values["editor_spend_share"] = _take(editors, "spend_share", editor_rows)
    values["group_spend_share"] = _take(groups, "spend_share", group_rows)
    values["editor_app_share"] = _take(editors, "app_share", editor_rows)
    values["group_app_share"] = _take(groups, "app_share", group_rows)

    columns = {
        "org_id": org.array,
        "editor_id": editor.array,
        "group": group,
        "domain": domain.array,
    }
    columns["contract_id"] = covering["contract_id"].array
    columns["contract_end"] = covering["contract_end"].array
    # the renewal action does not propose pooling with bodies already buying together
    columns["purchasing_group"] = covering["purchasing_group"].array
    for metric in application_metric_ids():
        if metric in values:  # an on-demand metric not asked for has no column
            columns[metric] = values[metric]
    # one frame built from all its columns (inserting ~30 columns one by one cost ~10 ms)
    table = pd.DataFrame(columns, index=pd.Index(_text(apps["app_id"]).array, name="app_id"))
    return Metrics(
        as_of=as_of,
        applications=table,
        editors=editors,
        groups=groups,
        organisations=_organisations(portfolio, org_objects, editors, groups),
        contract_cover=cover,
    )
