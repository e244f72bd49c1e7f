"""Exit cost: what leaving an application would cost, as a euro range with its breakdown.

Five items, each computed with the low and the high parameters of ``rules/costs.yaml``
(formulas in docs/rules.md, "Exit cost"):

- ``data_migration`` = fixed + per_gb × volume × (1 + closed_surcharge × closed_storage_share)
- ``interfaces`` = per_platform_flow × platform flows + other flows × (open share ×
  per_open_standard_flow + (1 − open share) × per_other_flow)
- ``training`` = per_user × users
- ``parallel_run`` = months / 12 × share_of_annual_cost × annual cost
- ``contract_exit`` = remaining_share × annual cost × committed months / 12, where committed
  months = months to the end (≥ 0) + renewal_months when the contract renews tacitly and the
  notice date has passed.

Unknown inputs take the model's ``defaults`` and are flagged in ``ExitCosts.assumed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.frames import row_dicts
from vendorlock.i18n import Lang, t
from vendorlock.metrics.interface import Metrics
from vendorlock.scoring.model import CostModel, RulePack
from vendorlock.scoring.render import money, number, percent, trimmed
from vendorlock.scoring.score import metric_values

ITEMS = ("data_migration", "interfaces", "training", "parallel_run", "contract_exit")
BOUNDS = ("low", "high")


@dataclass(frozen=True)
class ExitCosts:
    """Exit costs per application (index ``app_id``).

    ``table`` has ``<item>_low`` / ``<item>_high`` for each of :data:`ITEMS`, then ``low`` and
    ``high`` (their sums). ``inputs`` holds the values used (defaults filled in) and
    ``assumed`` (bool, same columns) which of them were defaults.
    """

    table: pd.DataFrame
    inputs: pd.DataFrame
    assumed: pd.DataFrame
    model: CostModel

    def assumed_inputs(self, app_id: str) -> tuple[str, ...]:
        row = self.assumed.loc[app_id]
        return tuple(str(c) for c in self.assumed.columns if bool(row[c]))

    def basis(self, app_id: str, item: str, lang: Lang | str = Lang.EN) -> str:
        """The sentence saying how ``item`` was computed for ``app_id``."""
        x = self.inputs.loc[app_id].to_dict()
        a = self.assumed.loc[app_id].to_dict()
        return _basis(self.model, x, a, item, lang)

    def bases(
        self, app_ids: Sequence[str], lang: Lang | str = Lang.EN
    ) -> dict[str, dict[str, str]]:
        """:meth:`basis` of every item for many applications, rows fetched once."""
        ids = list(app_ids)
        inputs = row_dicts(self.inputs, ids)
        assumed = row_dicts(self.assumed, ids)
        return {
            app_id: {
                item: _basis(self.model, inputs[app_id], assumed[app_id], item, lang)
                for item in ITEMS
            }
            for app_id in ids
        }


def _input(metrics: Metrics, name: str, default: float) -> tuple[np.ndarray, np.ndarray]:
    values = metric_values(metrics, name)
    unknown = np.isnan(values)
    return np.where(unknown, default, values), unknown


def _flows(metrics: Metrics, default: float) -> tuple[np.ndarray, np.ndarray]:
    fan_in = metric_values(metrics, "fan_in")
    fan_out = metric_values(metrics, "fan_out")
    unknown = np.isnan(fan_in) & np.isnan(fan_out)
    total = np.nan_to_num(fan_in) + np.nan_to_num(fan_out)
    return np.where(unknown, default, total), unknown


def exit_costs(metrics: Metrics, pack: RulePack) -> ExitCosts:
    """Exit-cost ranges and breakdown of every application of ``metrics``."""
    model = pack.costs
    d = model.defaults
    inputs: dict[str, np.ndarray] = {}
    assumed: dict[str, np.ndarray] = {}
    for name in d:
        if name == "flows":
            inputs[name], assumed[name] = _flows(metrics, d[name])
        else:
            inputs[name], assumed[name] = _input(metrics, name, d[name])
    inputs["platform_flows"] = np.minimum(inputs["platform_flows"], inputs["flows"])
    renewal_months = model.scalars["contract_exit.renewal_months"]
    months_left = np.maximum(inputs["months_to_end"], 0.0)
    notice_missed = (inputs["tacit_renewal"] >= 0.5) & (
        inputs["months_to_end"] < inputs["notice_months"]
    )
    inputs["committed_months"] = months_left + np.where(notice_missed, renewal_months, 0.0)
    inputs["notice_missed"] = notice_missed.astype("float64")

    columns: dict[str, np.ndarray] = {}
    for bound in BOUNDS:
        for item in ITEMS:
            columns[f"{item}_{bound}"] = _item(item, bound, inputs, model)
    table = pd.DataFrame(
        {f"{item}_{bound}": columns[f"{item}_{bound}"] for item in ITEMS for bound in BOUNDS},
        index=metrics.applications.index,
    )
    for bound in BOUNDS:
        table[bound] = sum(columns[f"{item}_{bound}"] for item in ITEMS)
    index = metrics.applications.index
    return ExitCosts(
        table=table,
        inputs=pd.DataFrame(inputs, index=index),
        assumed=pd.DataFrame(assumed, index=index),
        model=model,
    )


def _item(item: str, bound: str, x: dict[str, np.ndarray], model: CostModel) -> np.ndarray:
    def p(name: str) -> float:
        return float(getattr(model.p(item, name), bound))

    if item == "data_migration":
        factor = 1.0 + p("closed_surcharge") * x["closed_storage_share"]
        return p("fixed") + p("per_gb") * x["data_volume_gb"] * factor
    if item == "interfaces":
        other = np.maximum(x["flows"] - x["platform_flows"], 0.0)
        share = x["open_standard_flow_share"]
        per_other = share * p("per_open_standard_flow") + (1 - share) * p("per_other_flow")
        return x["platform_flows"] * p("per_platform_flow") + other * per_other
    if item == "training":
        return p("per_user") * x["users"]
    if item == "parallel_run":
        return p("months") / 12.0 * p("share_of_annual_cost") * x["annual_cost"]
    if item == "contract_exit":
        return p("remaining_share") * x["annual_cost"] * x["committed_months"] / 12.0
    raise ValueError(f"unknown cost item {item!r}")  # pragma: no cover


def _range(model: CostModel, item: str, name: str, lang: Lang | str, fmt: str = "money") -> str:
    r = model.p(item, name)
    return _range_text(r.low, r.high, str(lang), fmt)


@lru_cache(maxsize=4096)
def _range_text(low: float, high: float, lang: str, fmt: str) -> str:
    """A parameter range as text; cached: the same few ranges appear in every basis sentence."""
    if fmt == "money":
        return f"{money(low, lang)}–{money(high, lang)}"
    if fmt == "percent":
        return f"{percent(low, lang)}–{percent(high, lang)}"
    return f"{trimmed(low, lang)}–{trimmed(high, lang)}"


def _basis(
    m: CostModel, x: Mapping[str, Any], a: Mapping[str, Any], item: str, lang: Lang | str
) -> str:
    mark = t("scoring.cost.assumed", lang)

    def flag(name: str) -> str:
        return mark if bool(a[name]) else ""

    key = f"scoring.cost.{item}"
    if item == "data_migration":
        return t(
            key,
            lang,
            volume=number(float(x["data_volume_gb"]), lang, 1),
            volume_assumed=flag("data_volume_gb"),
            closed=percent(float(x["closed_storage_share"]), lang),
            closed_assumed=flag("closed_storage_share"),
            fixed=_range(m, item, "fixed", lang),
            per_gb=_range(m, item, "per_gb", lang),
            surcharge=_range(m, item, "closed_surcharge", lang, "number"),
        )
    if item == "interfaces":
        return t(
            key,
            lang,
            flows=number(float(x["flows"]), lang),
            flows_assumed=flag("flows"),
            platform=number(float(x["platform_flows"]), lang),
            open=percent(float(x["open_standard_flow_share"]), lang),
            per_platform=_range(m, item, "per_platform_flow", lang),
            per_open=_range(m, item, "per_open_standard_flow", lang),
            per_other=_range(m, item, "per_other_flow", lang),
        )
    if item == "training":
        return t(
            key,
            lang,
            users=number(float(x["users"]), lang),
            users_assumed=flag("users"),
            per_user=_range(m, item, "per_user", lang),
        )
    if item == "parallel_run":
        return t(
            key,
            lang,
            months=_range(m, item, "months", lang, "number"),
            share=_range(m, item, "share_of_annual_cost", lang, "percent"),
            annual=money(float(x["annual_cost"]), lang),
            annual_assumed=flag("annual_cost"),
        )
    if item == "contract_exit":
        renewal = ""
        if float(x["notice_missed"]) >= 0.5:
            months = number(m.scalars["contract_exit.renewal_months"], lang)
            renewal = t("scoring.cost.renewal", lang, months=months)
        return t(
            key,
            lang,
            committed=number(float(x["committed_months"]), lang),
            months_to_end=number(max(float(x["months_to_end"]), 0.0), lang) + flag("months_to_end"),
            renewal=renewal,
            annual=money(float(x["annual_cost"]), lang) + flag("annual_cost"),
            share=_range(m, item, "remaining_share", lang, "percent"),
        )
    raise KeyError(item)
