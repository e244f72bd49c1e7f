"""Exit cost: what leaving an application would cost, as a euro range with its drivers.

Six items, each computed once with the low parameters and inputs of ``rules/costs.yaml`` and
once with the high ones (formulas and sources in docs/metrics.md, "Exit cost"):

- ``reimplementation`` = annual_cost × multiple_of_annual_cost × (1 + customisation_uplift ×
  customisation_level / 3): setting up the replacement costs in proportion to what the
  application costs a year (a €300-a-year tool is replaced for hundreds, not tens of thousands);
- ``data_migration`` = day_rate × days × size + per_gb × volume × (1 + closed_surcharge ×
  closed share);
- ``interfaces`` = per_platform_flow × platform flows + other flows × (open share ×
  per_open_standard_flow + (1 − open share) × per_other_flow × (open_format_factor + (1 −
  open_format_factor) × closed_flow_share)), where a flow between two applications of the
  portfolio counts half at each end: it is rebuilt once, so the organisation's total (the sum
  over its applications) does not pay it twice; the whole item × size;
- ``training`` = users × days_per_user × cost_per_trainee_day;
- ``parallel_run`` = months / 12 × share_of_annual_cost × annual_cost;
- ``contract_exit`` = remaining_share × annual_cost × committed months / 12, where committed
  months = months to the end (≥ 0) + renewal_months when the contract renews tacitly and the
  notice date has passed.

size = clip(population / full_scale_population, small_body_share, 1): a small body's packaged
software comes with its connectors and data take-over, so its day-work is a fraction of a
city's (the re-implementation and training items already scale with yearly cost and users).

Unknown drivers are not one made-up number: users come from the organisation's staff (population
× staff_per_1000_inhabitants / 1000) × the domain's user share, data volume and yearly cost from
the users (a fraction of it for free software: support, not licences), flows from the domain;
the low estimate takes the low end of each, the high estimate the high end, so an unknown
widens the range, and ``ExitCosts.assumed`` flags it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.columns import frame_of, positions, python_round
from vendorlock.dtypes import STRING
from vendorlock.frames import row_dicts
from vendorlock.i18n import Lang, t
from vendorlock.metrics.interface import Metrics
from vendorlock.scoring.model import CostModel, RulePack
from vendorlock.scoring.render import money, number, percent, trimmed
from vendorlock.scoring.score import metric_values

ITEMS = (
    "reimplementation",
    "data_migration",
    "interfaces",
    "training",
    "parallel_run",
    "contract_exit",
)
BOUNDS = ("low", "high")

#: The inputs each item depends on (its drivers, in the report's breakdown).
ITEM_INPUTS: dict[str, tuple[str, ...]] = {
    "reimplementation": ("annual_cost", "customisation_level"),
    "data_migration": ("data_volume_gb", "closed_storage_share", "size"),
    "interfaces": (
        "flows",
        "shared_flows",
        "platform_flows",
        "open_standard_flow_share",
        "closed_flow_share",
        "size",
    ),
    "training": ("users",),
    "parallel_run": ("annual_cost",),
    "contract_exit": ("annual_cost", "committed_months"),
}
#: The parameters each item multiplies (``item.name`` of ``rules/costs.yaml``).
ITEM_PARAMS: dict[str, tuple[str, ...]] = {
    "reimplementation": (
        "reimplementation.multiple_of_annual_cost",
        "reimplementation.customisation_uplift",
    ),
    "data_migration": (
        "common.day_rate",
        "data_migration.days",
        "data_migration.per_gb",
        "data_migration.closed_surcharge",
        "sizing.full_scale_population",
        "sizing.small_body_share",
    ),
    "interfaces": (
        "interfaces.per_platform_flow",
        "interfaces.per_open_standard_flow",
        "interfaces.per_other_flow",
        "interfaces.open_format_factor",
        "sizing.full_scale_population",
        "sizing.small_body_share",
    ),
    "training": ("training.days_per_user", "training.cost_per_trainee_day"),
    "parallel_run": ("parallel_run.months", "parallel_run.share_of_annual_cost"),
    "contract_exit": ("contract_exit.remaining_share",),
}
#: Inputs read from a metric, with the default of ``costs.defaults`` when unknown.
_DEFAULTED = (
    "closed_storage_share",
    "open_standard_flow_share",
    "closed_flow_share",
    "platform_flows",
    "customisation_level",
    "months_to_end",
    "tacit_renewal",
    "notice_months",
)
#: Every input, in the order of ``ExitCosts.assumed``.
INPUTS = (
    "population",
    "users",
    "data_volume_gb",
    "annual_cost",
    "flows",
    *_DEFAULTED,
)


#: What each item's basis sentence (:func:`_basis`) reads beyond its drivers
#: (:data:`ITEM_INPUTS`), low and high: the contract's end and whether its notice was missed.
_BASIS_EXTRA: dict[str, tuple[str, ...]] = {"contract_exit": ("notice_missed", "months_to_end")}
#: The inputs whose "assumed" mark each item's basis sentence shows (the size's is the
#: population's).
_BASIS_MARKS: dict[str, tuple[str, ...]] = {
    "reimplementation": ("annual_cost", "customisation_level"),
    "data_migration": ("population", "data_volume_gb", "closed_storage_share"),
    "interfaces": ("flows", "closed_flow_share", "population"),
    "training": ("users",),
    "parallel_run": ("annual_cost",),
    "contract_exit": ("months_to_end", "annual_cost"),
}


@dataclass(frozen=True)
class ExitCosts:
    """Exit costs per application (index ``app_id``).

    ``table`` has ``<item>_low`` / ``<item>_high`` for each of :data:`ITEMS`, then ``low`` and
    ``high`` (their sums). ``inputs_low`` / ``inputs_high`` hold the values used for each
    estimate (equal when the input is known) and ``assumed`` (bool, columns :data:`INPUTS`)
    which of them were derived from defaults.
    """

    table: pd.DataFrame
    inputs_low: pd.DataFrame
    inputs_high: pd.DataFrame
    assumed: pd.DataFrame
    model: CostModel

    def assumed_inputs(self, app_id: str) -> tuple[str, ...]:
        row = self.assumed.loc[app_id]
        return tuple(str(c) for c in self.assumed.columns if bool(row[c]))

    def basis(self, app_id: str, item: str, lang: Lang | str = Lang.EN) -> str:
        """The sentence saying how ``item`` was computed for ``app_id``."""
        return self.bases([app_id], lang)[app_id][item]

    def bases(
        self, app_ids: Sequence[str], lang: Lang | str = Lang.EN
    ) -> dict[str, dict[str, str]]:
        """:meth:`basis` of every item for many applications (see :meth:`basis_columns`)."""
        ids = list(app_ids)
        columns = self.basis_columns(ids, lang)
        return {app_id: {item: columns[item][k] for item in ITEMS} for k, app_id in enumerate(ids)}

    def basis_columns(
        self, app_ids: Sequence[str], lang: Lang | str = Lang.EN
    ) -> dict[str, list[str]]:
        """Per item, the :meth:`basis` sentence of each application of ``app_ids``, in order.

        Each sentence is written once per distinct combination of the inputs it reads (2,000
        applications share a few hundred) and mapped back to the applications.
        """
        ids = list(app_ids)
        # one position lookup and three 2-D arrays (three ``.loc[ids]`` frames were a third
        # of this method's time); a missing id is a KeyError, as ``.loc`` raised
        rows = positions(self.inputs_low.index, ids)
        low = self.inputs_low.to_numpy(dtype="float64")[rows]
        high = self.inputs_high.to_numpy(dtype="float64")[rows]
        flags = self.assumed.to_numpy(dtype="float64")[positions(self.assumed.index, ids)]
        low_col = {str(c): k for k, c in enumerate(self.inputs_low.columns)}
        high_col = {str(c): k for k, c in enumerate(self.inputs_high.columns)}
        flag_col = {str(c): k for k, c in enumerate(self.assumed.columns)}
        ranges = _model_ranges(self.model, lang)
        out: dict[str, list[str]] = {}
        for item in ITEMS:
            values = ITEM_INPUTS[item] + _BASIS_EXTRA.get(item, ())
            flagged = _BASIS_MARKS[item]
            matrix = np.column_stack(
                [
                    low[:, [low_col[n] for n in values]],
                    high[:, [high_col[n] for n in values]],
                    flags[:, [flag_col[n] for n in flagged]],
                ]
            )
            # distinct rows by their bytes: NaN-safe, and -0.0 apart from 0.0 only costs a row
            keys = np.ascontiguousarray(matrix).view(np.dtype((np.void, matrix.shape[1] * 8)))
            _, first, inverse = np.unique(keys.ravel(), return_index=True, return_inverse=True)
            n = len(values)
            texts = [
                _basis(
                    self.model,
                    dict(zip(values, row[:n], strict=True)),
                    dict(zip(values, row[n : 2 * n], strict=True)),
                    dict(zip(flagged, map(bool, row[2 * n :]), strict=True)),
                    item,
                    lang,
                    ranges,
                )
                for row in matrix[first].tolist()
            ]
            out[item] = list(map(texts.__getitem__, inverse.reshape(-1).tolist()))
        return out

    def drivers(self, app_ids: Sequence[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """Per application and item, the inputs it rests on: value used for each estimate and
        whether it was assumed (JSON-ready, rounded)."""
        ids = list(app_ids)
        low = row_dicts(self.inputs_low, ids)
        high = row_dicts(self.inputs_high, ids)
        flags = {name: f.tolist() for name, f in self._driver_assumed(ids).items()}
        out: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for k, app_id in enumerate(ids):
            lo, hi = low[app_id], high[app_id]
            out[app_id] = {
                item: [
                    {
                        "input": name,
                        "low": round(float(lo[name]), 4),
                        "high": round(float(hi[name]), 4),
                        "assumed": flags[name][k],
                    }
                    for name in ITEM_INPUTS[item]
                ]
                for item in ITEMS
            }
        return out

    def driver_json(self, app_ids: Sequence[str]) -> dict[str, list[str]]:
        """Per item, the JSON text of each application's :meth:`drivers` list, written column
        by column (audit.json: one dict per input and application was most of its exit
        costs' time)."""
        from vendorlock.jsonio import encode, fragments

        ids = list(app_ids)
        names = sorted({n for item in ITEMS for n in ITEM_INPUTS[item]})
        low, high = self.inputs_low.loc[ids], self.inputs_high.loc[ids]
        flags = self._driver_assumed(ids)
        where = "$.applications[].exit_cost.breakdown[].drivers"
        # rounded column-wise (Python's exact round, :func:`~vendorlock.columns.python_round`):
        # one ``round`` call per application and input was a third of this function's time
        parts = {
            name: (
                fragments(python_round(low[name].to_numpy(dtype="float64"), 4), where),
                fragments(python_round(high[name].to_numpy(dtype="float64"), 4), where),
                ["true" if f else "false" for f in flags[name].tolist()],
            )
            for name in names
        }
        out: dict[str, list[str]] = {}
        for item in ITEMS:
            inputs = ITEM_INPUTS[item]
            template = (
                "["
                + ",".join(
                    '{"assumed": %s,"high": %s,"input": '
                    + encode(n).replace("%", "%%")
                    + ',"low": %s}'
                    for n in inputs
                )
                + "]"
            )
            columns = [c for n in inputs for c in (parts[n][2], parts[n][1], parts[n][0])]
            out[item] = [template % row for row in zip(*columns, strict=True)]
        return out

    def _driver_assumed(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Per driver input, whether it was assumed for each application of ``ids``: its own
        flag, or the flags of what it rests on (committed months on the contract's end,
        renewal and notice; size on the population)."""
        assumed = self.assumed.loc[ids]

        def flag(name: str) -> np.ndarray:
            if name not in assumed.columns:
                return np.zeros(len(ids), dtype=bool)
            return np.array([bool(v) for v in assumed[name].tolist()], dtype=bool)

        out: dict[str, np.ndarray] = {}
        for name in {n for item in ITEMS for n in ITEM_INPUTS[item]}:
            own = flag(name)
            if name == "size":
                own = own | flag("population")
            elif name == "committed_months":
                own = own | flag("months_to_end") | flag("tacit_renewal") | flag("notice_months")
            out[name] = own
        return out


def _by_key(series: pd.Series, keys: pd.Series) -> np.ndarray:
    """``series`` (a number per id; the first of a repeated id wins) at each of ``keys``
    (NaN where absent or missing), what ``reindex`` on the ids as ``str`` gives: looked up once
    per distinct key in a dict rather than through two indexes (~0.3 ms of pandas calls)."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    lookup: dict[str, float] = {}
    for key, value in zip(series.index.astype(str).tolist(), values.tolist(), strict=True):
        lookup.setdefault(key, value)
    codes, uniques = pd.factorize(keys.astype(str).array)
    # tolist: iterating the arrow array makes a scalar per element (~1 µs each)
    found = [lookup.get(str(u), np.nan) for u in uniques.tolist()]
    table = np.array([*found, np.nan], dtype="float64")
    return table[np.where(codes < 0, len(uniques), codes)]


def _population(metrics: Metrics, population: pd.Series | None) -> np.ndarray:
    """Each application's organisation population (NaN when unknown)."""
    apps = metrics.applications
    if population is None or "org_id" not in apps:
        return np.full(len(apps), np.nan)
    return _by_key(population, apps["org_id"])


def _domain_ranges(
    metrics: Metrics, model: CostModel, drivers: Sequence[str]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The per-domain default of each of ``drivers`` for each application (unknown domain:
    ``other``), the domains factorised once for all of them."""
    apps = metrics.applications
    if "domain" in apps:
        codes, uniques = pd.factorize(apps["domain"].astype(STRING).array)
        names = [str(d) for d in uniques] + ["other"]
        codes = np.where(codes < 0, len(uniques), codes)
    else:
        names, codes = ["other"], np.zeros(len(apps), dtype=np.intp)
    out = []
    for driver in drivers:
        ranges = [model.domain(name, driver) for name in names]
        lows = np.array([r.low for r in ranges], dtype="float64")
        highs = np.array([r.high for r in ranges], dtype="float64")
        out.append((lows[codes], highs[codes]))
    return out


def exit_costs(
    metrics: Metrics,
    pack: RulePack,
    population: pd.Series | None = None,
    shared_flows: pd.Series | None = None,
) -> ExitCosts:
    """Exit-cost ranges and drivers of every application of ``metrics``.

    ``population``: inhabitants per ``org_id`` (the size proxy for unknown users); absent or
    NaN, the ``sizing.population`` range is used. ``shared_flows``: per ``app_id``, its flows
    whose other end is another application (see :func:`shared_flow_counts`); absent, none.
    """
    model = pack.costs
    n = len(metrics.applications)
    lo: dict[str, np.ndarray] = {}
    hi: dict[str, np.ndarray] = {}
    assumed: dict[str, np.ndarray] = {}

    def sized(name: str) -> tuple[float, float]:
        r = model.p("sizing", name)
        return r.low, r.high

    def fill(name: str, values: np.ndarray, low: Any, high: Any) -> None:
        unknown = np.isnan(values)
        lo[name] = np.where(unknown, low, values)
        hi[name] = np.where(unknown, high, values)
        assumed[name] = unknown

    pop_low, pop_high = sized("population")
    fill("population", _population(metrics, population), pop_low, pop_high)
    staff_low, staff_high = sized("staff_per_1000_inhabitants")
    (share_low, share_high), (flows_low, flows_high) = _domain_ranges(
        metrics, model, ("user_share", "flows")
    )
    fill(
        "users",
        metric_values(metrics, "users"),
        lo["population"] / 1000.0 * staff_low * share_low,
        hi["population"] / 1000.0 * staff_high * share_high,
    )
    full_low, full_high = sized("full_scale_population")
    floor_low, floor_high = sized("small_body_share")
    lo["size"] = np.clip(lo["population"] / full_low, floor_low, 1.0)
    hi["size"] = np.clip(hi["population"] / full_high, floor_high, 1.0)
    gb_low, gb_high = sized("gb_per_user")
    fill("data_volume_gb", metric_values(metrics, "data_volume_gb"), lo["users"] * gb_low,
         hi["users"] * gb_high)  # fmt: skip
    cost_low, cost_high = sized("annual_cost_per_user")
    # free software has no licence fee: at most a support contract
    oss_low, oss_high = sized("open_source_cost_share")
    free = metric_values(metrics, "proprietary_licence") == 0.0
    fill(
        "annual_cost",
        metric_values(metrics, "annual_cost"),
        lo["users"] * cost_low * np.where(free, oss_low, 1.0),
        hi["users"] * cost_high * np.where(free, oss_high, 1.0),
    )
    fill("flows", _flows(metrics), flows_low, flows_high)
    for name in _DEFAULTED:
        d = model.defaults[name]
        fill(name, metric_values(metrics, name), d.low, d.high)
    shared = np.zeros(n)
    if shared_flows is not None and n:
        found = _by_key(shared_flows, metrics.applications.index.to_series())
        shared = np.where(np.isnan(found), 0.0, found)
    for x in (lo, hi):
        x["platform_flows"] = np.minimum(x["platform_flows"], x["flows"])
        # known flows only: an assumed flow count has no known other end
        x["shared_flows"] = np.where(
            assumed["flows"], 0.0, np.minimum(shared, x["flows"] - x["platform_flows"])
        )
    renewal_months = model.scalars["contract_exit.renewal_months"]
    for x in (lo, hi):
        months_left = np.maximum(x["months_to_end"], 0.0)
        missed = (x["tacit_renewal"] >= 0.5) & (x["months_to_end"] < x["notice_months"])
        x["committed_months"] = months_left + np.where(missed, renewal_months, 0.0)
        x["notice_missed"] = missed.astype("float64")
    # the high estimate never commits fewer months than the low one
    hi["committed_months"] = np.maximum(hi["committed_months"], lo["committed_months"])

    index = metrics.applications.index
    columns: dict[str, np.ndarray] = {}
    for item in ITEMS:
        columns[f"{item}_low"] = _item(item, "low", lo, model)
        columns[f"{item}_high"] = np.maximum(_item(item, "high", hi, model), columns[f"{item}_low"])
    for bound in BOUNDS:
        total = np.zeros(0)
        if n:  # added item after item, as before: the same last bit
            total = np.asarray(sum(columns[f"{item}_{bound}"] for item in ITEMS))
        columns[bound] = total
    # one frame from all its columns (the two totals inserted after cost ~0.3 ms)
    return ExitCosts(
        table=frame_of(columns, index),
        inputs_low=frame_of(lo, index),
        inputs_high=frame_of(hi, index),
        assumed=frame_of({k: assumed[k] for k in INPUTS}, index),
        model=model,
    )


def _arrow_text(values: pd.Series | pd.Index) -> pa.Array:
    """A text column as one arrow string array: the string dtype's own buffer when it has one
    (no copy), else its values as ``str``."""
    if values.dtype != STRING:
        values = values.astype(str).astype(STRING)
    arr = pa.array(values.array, type=pa.string())
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def shared_flow_counts(flows: pd.DataFrame, app_ids: pd.Index) -> pd.Series:
    """Per application id, its flows whose other end is another application of ``app_ids``
    (one count at each end; a self-loop is not shared)."""
    if flows.empty or not len(app_ids):
        return pd.Series(dtype="float64")
    # arrow kernels on both ends: pandas' arrow-backed ``isin`` boxes every value of the set,
    # and the object-dtype one every flow end (~2 ms for 10,000 flows); both ends looked up
    # in one pass (one hash table of the ids), the ends kept concatenated in arrow
    ids = _arrow_text(app_ids)
    s, t = _arrow_text(flows["source"]), _arrow_text(flows["target"])
    inside = pc.is_in(pa.concat_arrays([s, t]), value_set=ids)
    n = len(s)
    both = pc.and_(pc.and_(inside[:n], inside[n:]), pc.not_equal(s, t)).fill_null(False)
    ends = pd.Series(pd.array(pa.concat_arrays([s.filter(both), t.filter(both)]), dtype=STRING))
    counts = ends.value_counts().astype("float64")
    counts.index = counts.index.astype(str)
    return counts


def _flows(metrics: Metrics) -> np.ndarray:
    fan_in = metric_values(metrics, "fan_in")
    fan_out = metric_values(metrics, "fan_out")
    unknown = np.isnan(fan_in) & np.isnan(fan_out)
    total = np.nan_to_num(fan_in) + np.nan_to_num(fan_out)
    return np.where(unknown, np.nan, total)


def _item(item: str, bound: str, x: dict[str, np.ndarray], model: CostModel) -> np.ndarray:
    def p(name: str, where: str = item) -> float:
        return float(getattr(model.p(where, name), bound))

    if item == "reimplementation":
        factor = 1.0 + p("customisation_uplift") * x["customisation_level"] / 3.0
        return x["annual_cost"] * p("multiple_of_annual_cost") * factor
    if item == "data_migration":
        factor = 1.0 + p("closed_surcharge") * x["closed_storage_share"]
        fixed = p("day_rate", "common") * p("days") * x["size"]
        return fixed + p("per_gb") * x["data_volume_gb"] * factor
    if item == "interfaces":
        other = np.maximum(x["flows"] - x["platform_flows"] - 0.5 * x["shared_flows"], 0.0)
        share = x["open_standard_flow_share"]
        # an editor-specific flow in an open format (CSV, XML, JSON…) is cheaper to rebuild
        closed = x["closed_flow_share"]
        open_factor = p("open_format_factor")
        per_specific = p("per_other_flow") * (open_factor + (1.0 - open_factor) * closed)
        per_other = share * p("per_open_standard_flow") + (1 - share) * per_specific
        return (x["platform_flows"] * p("per_platform_flow") + other * per_other) * x["size"]
    if item == "training":
        return x["users"] * p("days_per_user") * p("cost_per_trainee_day")
    if item == "parallel_run":
        return p("months") / 12.0 * p("share_of_annual_cost") * x["annual_cost"]
    if item == "contract_exit":
        return p("remaining_share") * x["annual_cost"] * x["committed_months"] / 12.0
    raise ValueError(f"unknown cost item {item!r}")  # pragma: no cover


def _range(model: CostModel, item: str, name: str, lang: Lang | str, fmt: str = "money") -> str:
    r = model.p(item, name)
    return _range_text(r.low, r.high, str(lang), fmt)


class Ranges(Protocol):
    """A model parameter's range as text, by item, name and format (:func:`_model_ranges`)."""

    def __call__(self, item: str, name: str, fmt: str = "money") -> str: ...


def _model_ranges(model: CostModel, lang: Lang | str) -> Ranges:
    """:func:`_range` of ``model`` in ``lang``, each parameter written once: the same dozen
    ranges appear in every one of an audit's ~1,500 distinct basis sentences."""
    memo: dict[tuple[str, str, str], str] = {}

    def get(item: str, name: str, fmt: str = "money") -> str:
        key = (item, name, fmt)
        text = memo.get(key)
        if text is None:
            text = memo[key] = _range(model, item, name, lang, fmt)
        return text

    return get


@lru_cache(maxsize=4096)
def _range_text(low: float, high: float, lang: str, fmt: str) -> str:
    """A range as text (one value when both ends agree); cached: the same few ranges appear in
    every basis sentence."""
    if fmt == "money":
        a, b = money(low, lang), money(high, lang)
    elif fmt == "percent":
        a, b = percent(low, lang), percent(high, lang)
    elif fmt == "count":
        a, b = number(low, lang), number(high, lang)
    elif fmt == "gb":
        a, b = number(low, lang, 1), number(high, lang, 1)
    else:
        a, b = trimmed(low, lang), trimmed(high, lang)
    return a if a == b else f"{a}–{b}"


def _basis(
    m: CostModel,
    lo: Mapping[str, Any],
    hi: Mapping[str, Any],
    a: Mapping[str, Any],
    item: str,
    lang: Lang | str,
    ranges: Ranges | None = None,
) -> str:
    """The basis sentence of ``item`` for one set of inputs (``lo``/``hi``: each input's low and
    high value, ``a``: whether it was assumed); ``ranges`` (:func:`_model_ranges`) when the
    caller writes many."""
    r = ranges or _model_ranges(m, lang)
    mark = t("scoring.cost.assumed", lang)
    code = str(lang)

    def flag(name: str) -> str:
        return mark if bool(a[name]) else ""

    def sized() -> dict[str, str]:
        return {
            "size": _range_text(float(lo["size"]), float(hi["size"]), code, "number"),
            "size_assumed": flag("population"),
        }

    def val(name: str, fmt: str) -> str:
        return _range_text(float(lo[name]), float(hi[name]), code, fmt)

    key = f"scoring.cost.{item}"
    if item == "reimplementation":
        return t(
            key,
            lang,
            annual=val("annual_cost", "money"),
            annual_assumed=flag("annual_cost"),
            multiple=r(item, "multiple_of_annual_cost", "number"),
            uplift=r(item, "customisation_uplift", "number"),
            level=val("customisation_level", "number"),
            level_assumed=flag("customisation_level"),
        )
    if item == "data_migration":
        return t(
            key,
            lang,
            days=r(item, "days", "number"),
            day_rate=r("common", "day_rate"),
            **sized(),
            volume=val("data_volume_gb", "gb"),
            volume_assumed=flag("data_volume_gb"),
            closed=val("closed_storage_share", "percent"),
            closed_assumed=flag("closed_storage_share"),
            per_gb=r(item, "per_gb"),
            surcharge=r(item, "closed_surcharge", "number"),
        )
    if item == "interfaces":
        return t(
            key,
            lang,
            flows=val("flows", "count"),
            flows_assumed=flag("flows"),
            shared=val("shared_flows", "count"),
            platform=val("platform_flows", "count"),
            open=val("open_standard_flow_share", "percent"),
            closed=val("closed_flow_share", "percent"),
            closed_assumed=flag("closed_flow_share"),
            factor=r(item, "open_format_factor", "percent"),
            **sized(),
            per_platform=r(item, "per_platform_flow"),
            per_open=r(item, "per_open_standard_flow"),
            per_other=r(item, "per_other_flow"),
        )
    if item == "training":
        return t(
            key,
            lang,
            users=val("users", "count"),
            users_assumed=flag("users"),
            days=r(item, "days_per_user", "number"),
            per_day=r(item, "cost_per_trainee_day"),
        )
    if item == "parallel_run":
        return t(
            key,
            lang,
            months=r(item, "months", "number"),
            share=r(item, "share_of_annual_cost", "percent"),
            annual=val("annual_cost", "money"),
            annual_assumed=flag("annual_cost"),
        )
    if item == "contract_exit":
        renewal = ""
        if float(hi["notice_missed"]) >= 0.5:
            months = number(m.scalars["contract_exit.renewal_months"], lang)
            renewal = t("scoring.cost.renewal", lang, months=months)
        left_low = max(float(lo["months_to_end"]), 0.0)
        left_high = max(float(hi["months_to_end"]), 0.0)
        return t(
            key,
            lang,
            committed=val("committed_months", "count"),
            months_to_end=_range_text(left_low, left_high, code, "count") + flag("months_to_end"),
            renewal=renewal,
            annual=val("annual_cost", "money") + flag("annual_cost"),
            share=r(item, "remaining_share", "percent"),
        )
    raise KeyError(item)
