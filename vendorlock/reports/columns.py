"""Report tables built column-wise from a columnar :class:`~vendorlock.document.AuditDocument`.

Same rows, in the same order, as the dict-walking builders of :mod:`.tables` (which dispatch
here): each column is one vectorised expression over the document's tables, labels are
looked up once per distinct value, and per-application objects are built only for the few
rows a report details (top risks, costliest exits).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.distinct import per_distinct
from vendorlock.document import AuditDocument, py_values
from vendorlock.i18n import Lang
from vendorlock.reports.numbers import score

INSUFFICIENT = "insufficient_data"


def mapped(values: list[Any], render: Callable[[Any], Any]) -> list[Any]:
    """``render`` applied once per distinct value, the results taken by value in C (a label
    column repeats a handful of levels, kinds or statuses)."""
    memo = {v: render(v) for v in dict.fromkeys(values)}
    return list(map(memo.__getitem__, values))


def _nan_none(digits: int) -> Callable[[float], float | None]:
    return lambda v: None if v != v else round(v, digits)


def risk_positions(doc: AuditDocument, ranked_only: bool = False) -> np.ndarray:
    """Application positions by risk: highest score first, insufficient data last, ties by
    organisation and id (:func:`.tables.risk_order`)."""
    apps = doc.applications
    insufficient = (apps["level"].astype(str) == INSUFFICIENT).to_numpy()
    order: np.ndarray = np.lexsort(
        (
            apps["app_id"].astype(str).to_numpy(),
            apps["org_id"].astype(str).to_numpy(),
            -apps["score"].to_numpy(dtype=float),
            insufficient,
        )
    )
    if ranked_only:
        order = order[~insufficient[order]]
    return order


def costliest_positions(doc: AuditDocument) -> np.ndarray:
    """Application positions by exit cost (high bound, as published), highest first."""
    apps = doc.applications
    high = np.array(
        per_distinct(apps["exit_high"].tolist(), partial(round, ndigits=2)), dtype=float
    )
    order: np.ndarray = np.lexsort(
        (apps["app_id"].astype(str).to_numpy(), apps["org_id"].astype(str).to_numpy(), -high)
    )
    return order


def first_reasons(doc: AuditDocument) -> tuple[list[Any], list[Any]]:
    """Per application, the reason and remedy of the criterion that gave the most points
    (ties by rule id), ``None`` when no criterion scored (:func:`.tables.first_criterion`)."""
    crit = doc.criteria
    scored = crit[(crit["status"].astype(str) == "scored") & (crit["points"] > 0)]
    # The long table is sorted by app, -points, rule id: the first row of each app wins.
    first = scored.drop_duplicates("app", keep="first")
    n = len(doc.applications)
    reason: list[Any] = [None] * n
    remedy: list[Any] = [None] * n
    for app, r, m in zip(
        first["app"].tolist(),
        first["reason"].astype(str).tolist(),
        first["remedy"].astype(str).tolist(),
        strict=True,
    ):
        reason[app] = r
        remedy[app] = m
    return reason, remedy


def score_ranges(low: list[Any], high: list[Any], lang: Lang) -> list[str]:
    """:func:`.tables.score_range` for whole columns."""
    out = []
    for lo, hi in zip(low, high, strict=True):
        if lo is None or hi is None:
            out.append("")
        elif hi - lo < 0.05:
            out.append(score(lo, lang))
        else:
            out.append(f"{score(lo, lang)}–{score(hi, lang)}")
    return out


def rounded(series: pd.Series, digits: int) -> list[Any]:
    """Python-rounded values (as the JSON has them), ``None`` for missing."""
    return per_distinct(series.to_numpy(dtype=float).tolist(), _nan_none(digits))


def unknown_items(doc: AuditDocument) -> dict[int, list[str]]:
    """Per application position, its unknown criteria heaviest first (ties by rule id)."""
    crit = doc.criteria
    unknown = crit[crit["status"].astype(str) == "unknown"]
    order = doc.collect
    sets: dict[int, list[str]] = {}
    for app, rule_id in zip(unknown["app"].tolist(), unknown["rule_id"].tolist(), strict=True):
        sets.setdefault(app, []).append(str(rule_id))
    return {app: sorted(rules, key=lambda r: (-order[r][0], r)) for app, rules in sets.items()}


def collect_columns(doc: AuditDocument, limit: int = 3) -> list[str]:
    """Per application, the first columns to fill in (heaviest unknown criteria first), once
    per distinct set of unknown criteria (:func:`.tables.collect_columns`)."""
    out = [""] * len(doc.applications)
    memo: dict[tuple[str, ...], str] = {}
    for app, rules in unknown_items(doc).items():
        key = tuple(rules)
        if key not in memo:
            seen: list[str] = []
            for rule in key:
                for column in doc.collect[rule][1]:
                    if column not in seen:
                        seen.append(column)
            memo[key] = ", ".join(seen[:limit])
        out[app] = memo[key]
    return out


def values(doc: AuditDocument, column: str) -> list[Any]:
    return py_values(doc.applications[column])


def org_name_column(doc: AuditDocument, org_ids: list[Any]) -> list[Any]:
    names = {o["org_id"]: o.get("name") or o["org_id"] for o in doc.sections["organisations"]}
    return [names.get(o, o) for o in org_ids]


def risk_register_rows(
    doc: AuditDocument, lang: Lang, level_label: Callable[[Any], Any]
) -> list[tuple[Any, ...]]:
    order = risk_positions(doc)
    apps = doc.applications.iloc[order]
    reason, remedy = first_reasons(doc)
    idx = order.tolist()
    low, high = py_values(apps["score_low"]), py_values(apps["score_high"])
    domain = [
        lab or d
        for lab, d in zip(py_values(apps["domain_label"]), py_values(apps["domain"]), strict=True)
    ]
    return list(
        zip(
            py_values(apps["score"]),
            mapped(py_values(apps["level"]), level_label),
            score_ranges(low, high, lang),
            py_values(apps["coverage"]),
            org_name_column(doc, py_values(apps["org_id"])),
            py_values(apps["name"]),
            py_values(apps["editor"]),
            py_values(apps["group"]),
            domain,
            [reason[i] for i in idx],
            [remedy[i] for i in idx],
            rounded(apps["exit_low"], 2),
            rounded(apps["exit_high"], 2),
            py_values(apps["decision_date"]),
            strict=True,
        )
    )


def application_rows(
    doc: AuditDocument,
    level_label: Callable[[Any], Any],
    action_label: Callable[[Any], Any],
    labels: Mapping[int, Callable[[Any], Any]] | None = None,
) -> list[tuple[Any, ...]]:
    """The Applications sheet's rows; ``labels`` (column → function) applied once per
    distinct value before the one zip into rows (:func:`labelled_rows`)."""
    apps = doc.applications
    domain = [
        lab or d
        for lab, d in zip(py_values(apps["domain_label"]), py_values(apps["domain"]), strict=True)
    ]
    return labelled_rows(
        [
            py_values(apps["org_id"]),
            py_values(apps["app_id"]),
            py_values(apps["name"]),
            py_values(apps["product"]),
            py_values(apps["editor"]),
            py_values(apps["group"]),
            domain,
            py_values(apps["hosting"]),
            py_values(apps["criticality"]),
            py_values(apps["licence"]),
            py_values(apps["open_source"]),
            py_values(apps["annual_cost"]),
            py_values(apps["contract_id"]),
            py_values(apps["contract_end"]),
            py_values(apps["decision_date"]),
            py_values(apps["score"]),
            mapped(py_values(apps["level"]), level_label),
            py_values(apps["unknown_criteria"]),
            mapped(py_values(apps["action_kind"]), action_label),
            py_values(apps["score_low"]),
            py_values(apps["score_high"]),
            py_values(apps["coverage"]),
            collect_columns(doc),
        ],
        labels,
    )


def labelled_rows(
    cols: list[list[Any]], labels: Mapping[int, Callable[[Any], Any]] | None
) -> list[tuple[Any, ...]]:
    """Rows from columns, the columns in ``labels`` put into words once per distinct value
    first: what :func:`.tables.relabel` does to rows, without zipping them back to columns
    and to rows again."""
    for k, fn in (labels or {}).items():
        cols[k] = mapped(cols[k], fn)
    return list(zip(*cols, strict=True))


def as_str_array(series: pd.Series) -> np.ndarray:
    """``series.astype(str)`` as an object array; a categorical column's categories are
    converted once and taken by code (a missing value is ``"nan"``, as ``astype(str)`` gives),
    not each of its values."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        names = series.cat.categories.astype(str).to_numpy(dtype=object)
        out: np.ndarray = np.append(names, "nan")[series.cat.codes.to_numpy()]
        return out
    return series.astype(str).to_numpy(dtype=object)


def criteria_rows(
    doc: AuditDocument,
    status_label: Callable[[Any], Any],
    labels: Mapping[int, Callable[[Any], Any]] | None = None,
) -> list[tuple[Any, ...]]:
    """The Criteria sheet's rows, built column by column: per-row values taken by index from
    the applications and rules (a rule's title, metric and maximum looked up once per rule),
    and ``labels`` (column → function, e.g. organisation names) applied once per distinct
    value before the one zip into rows (not rows, back to columns and rows again)."""
    crit = doc.criteria
    apps = doc.applications
    pos = crit["app"].to_numpy()
    rules = doc.rule_info
    rule_codes = crit["rule_id"].cat.codes.to_numpy()
    rule_names = crit["rule_id"].cat.categories.astype(str).tolist()
    if (rule_codes < 0).any():  # a criterion without rule id: as astype(str) gives it
        rule_codes = np.where(rule_codes < 0, len(rule_names), rule_codes)
        rule_names.append("nan")

    def by_rule(k: int) -> list[Any]:
        return object_array([rules[r][k] if r in rules else None for r in rule_names])[
            rule_codes
        ].tolist()

    cols: list[list[Any]] = [
        as_str_array(apps["org_id"])[pos].tolist(),
        as_str_array(apps["app_id"])[pos].tolist(),
        object_array(py_values(apps["name"]))[pos].tolist(),
        object_array(rule_names)[rule_codes].tolist(),
        by_rule(0),
        by_rule(1),
        per_distinct(crit["value"].tolist(), _nan_none(6)),
        per_distinct(crit["points"].tolist(), partial(round, ndigits=4)),
        by_rule(2),
        mapped(as_str_array(crit["status"]).tolist(), status_label),
        as_str_array(crit["reason"]).tolist(),
        as_str_array(crit["remedy"]).tolist(),
    ]
    return labelled_rows(cols, labels)


def object_array(items: list[Any]) -> np.ndarray:
    """A 1-D object array of ``items`` (``np.array`` would nest a list of tuples)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def exit_cost_rows(
    doc: AuditDocument,
    items: tuple[str, ...],
    cost_label: Callable[[Any], Any],
    labels: Mapping[int, Callable[[Any], Any]] | None = None,
) -> list[tuple[Any, ...]]:
    """The Exit costs sheet's rows, column by column; ``labels`` as in :func:`labelled_rows`."""
    apps = doc.applications
    low, high = rounded(apps["exit_low"], 2), rounded(apps["exit_high"], 2)
    spend = py_values(apps["annual_cost"])
    item_low = {i: rounded(apps[f"{i}_low"], 2) for i in items}
    item_high = {i: rounded(apps[f"{i}_high"], 2) for i in items}
    years_low = [
        round(lo / s, 2) if s is not None and s > 0 else None
        for lo, s in zip(apps["exit_low"].tolist(), spend, strict=True)
    ]
    years_high = [
        round(hi / s, 2) if s is not None and s > 0 else None
        for hi, s in zip(apps["exit_high"].tolist(), spend, strict=True)
    ]
    # The main driver: the item with the highest (rounded) high bound, ties by item name.
    highs = list(zip(*(item_high[i] for i in items), strict=True)) if items else []
    main = [max(zip(row, items, strict=True))[1] for row in highs]
    cols: list[list[Any]] = [
        py_values(apps["org_id"]),
        py_values(apps["app_id"]),
        py_values(apps["name"]),
        low,
        high,
        years_low,
        years_high,
        mapped(main, cost_label),
        list(doc.assumed),
    ]
    for i in items:
        cols += [item_low[i], item_high[i]]
    return labelled_rows(cols, labels)


def action_rows(
    doc: AuditDocument,
    level_label: Callable[[Any], Any],
    action_label: Callable[[Any], Any],
) -> list[tuple[Any, ...]]:
    order = doc.action_order
    apps = doc.applications.iloc[order]
    return list(
        zip(
            py_values(apps["decision_date"]),
            org_name_column(doc, py_values(apps["org_id"])),
            py_values(apps["name"]),
            py_values(apps["editor"]),
            mapped(py_values(apps["action_kind"]), action_label),
            py_values(apps["action_text"]),
            py_values(apps["contract_end"]),
            py_values(doc.notice_months.iloc[order]),
            mapped(py_values(apps["level"]), level_label),
            py_values(apps["score"]),
            strict=True,
        )
    )


def to_collect_rows(doc: AuditDocument) -> list[tuple[Any, ...]]:
    """Rows for the applications with insufficient data (after the organisations' rows)."""
    apps = doc.applications
    insufficient = (apps["level"].astype(str) == INSUFFICIENT).to_numpy()
    items = unknown_items(doc)
    names = py_values(apps["name"])
    orgs = org_name_column(doc, py_values(apps["org_id"]))
    rows: list[tuple[Any, ...]] = []
    for k in np.flatnonzero(insufficient).tolist():
        for rule in items.get(k, []):
            points, columns = doc.collect[rule]
            rows.append((orgs[k], names[k], ", ".join(columns), points, 1))
    return rows
