"""The demo's market model, read from ``vendorlock/demo/data/market.yaml`` into flat arrays.

The YAML says which products French local bodies run in each domain, with what weight, stack
and formats; the generator draws from it with numpy, so everything is turned once into
columnar arrays indexed by product or domain (no Python object per generated row). Lists of
choices (databases, hosting...) are stored flat with per-product offsets so that a vectorised
draw is one index computation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from vendorlock.errors import VendorlockError
from vendorlock.i18n import default_lang, t
from vendorlock.model.portfolio import MULTI_SEP
from vendorlock.yamlio import load_yaml

MARKET_PATH = Path(__file__).resolve().parent / "data" / "market.yaml"

StrArray = npt.NDArray[np.object_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
#: A missing value broadcastable into object arrays (``np.where(cond, values, MISSING)``).
MISSING: StrArray = np.array(None, dtype=object)


class DemoError(VendorlockError):
    """The demo generator or the template writer cannot do what was asked.

    Built from a message key of ``vendorlock/locale/demo.yaml`` so the CLI shows it in the
    user's language; ``key`` and ``params`` stay available to tests and callers.
    """

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(t(key, default_lang(), **params))


@dataclass(frozen=True, eq=False)
class Choices:
    """Per-row lists of choices stored flat.

    Row ``i`` owns ``values[offset[i] : offset[i] + count[i]]``.
    """

    values: StrArray
    offset: IntArray
    count: IntArray

    def draw(self, rows: IntArray, u: FloatArray) -> StrArray:
        """One choice per entry of ``rows``, uniform among that row's choices (None if none)."""
        count = self.count[rows]
        pick = self.offset[rows] + np.minimum(
            (u * count).astype(np.int64), np.maximum(count - 1, 0)
        )
        out: StrArray = np.where(
            count > 0, self.values[np.minimum(pick, len(self.values) - 1)], MISSING
        )
        return out


def _choices(lists: Sequence[Sequence[str]]) -> Choices:
    count = np.array([len(x) for x in lists], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    flat = [v for x in lists for v in x] or [""]
    return Choices(np.array(flat, dtype=object), offset, count)


@dataclass(frozen=True, eq=False)
class FlowTemplates:
    """Flows between two domains' primary applications (or to a platform when ``platform``)."""

    source: IntArray  # domain index
    target: IntArray  # domain index, or -1 for a platform
    platform: StrArray  # platform id or None
    data: StrArray
    formats: Choices
    standards: Choices
    protocol: StrArray
    frequency: StrArray


@dataclass(frozen=True, eq=False)
class Market:
    """Everything the generator draws from, as arrays."""

    # domains
    domains: tuple[str, ...]
    domain_label: StrArray
    domain_weight: FloatArray
    domain_cost: FloatArray
    domain_users: FloatArray
    domain_gb: FloatArray
    domain_min_pop: FloatArray
    domain_criticality: Choices
    core: IntArray
    suite_domain: npt.NDArray[np.bool_]
    domain_communes_only: npt.NDArray[np.bool_]
    structure_domain: npt.NDArray[np.bool_]
    structure: Mapping[str, Any]
    # functions (what an application is for): core domains first, then every domain's first
    # function, then extra functions; an application is named after its function
    function_label: StrArray
    function_domain: IntArray
    function_rank: IntArray  # 0 = the domain's first function, 1.. = extra ones
    function_core: npt.NDArray[np.bool_]
    # editors
    editors: tuple[str, ...]
    editor_name: StrArray
    editor_group: StrArray
    editor_country: StrArray
    suite_editor_weight: FloatArray
    suite_loyalty: float
    # products
    product_name: StrArray
    product_domain: IntArray
    product_editor: IntArray
    product_weight: FloatArray
    product_min_pop: FloatArray
    product_licence: StrArray
    product_open: npt.NDArray[np.bool_]
    product_lock: FloatArray
    product_api: StrArray
    product_storage: StrArray
    product_export: StrArray
    product_db: Choices
    product_hosting: Choices
    product_client: Choices
    # flows
    flows: FlowTemplates
    platform_flows: FlowTemplates
    filler_formats: tuple[StrArray, FloatArray]
    filler_protocols: tuple[StrArray, FloatArray]
    filler_frequencies: tuple[StrArray, FloatArray]
    filler_to_documents: float
    # contracts and names
    contracts: Mapping[str, Any]
    names: Mapping[str, Any]


def _weights(mapping: Mapping[str, float]) -> tuple[StrArray, FloatArray]:
    keys = np.array(list(mapping), dtype=object)
    w = np.array([float(v) for v in mapping.values()], dtype=np.float64)
    return keys, w / w.sum()


def _multi(values: Sequence[str]) -> str:
    return MULTI_SEP.join(sorted(set(values)))


def _templates(raw: Sequence[Mapping[str, Any]], domain_index: Mapping[str, int]) -> FlowTemplates:
    def dom(name: str) -> int:
        if name not in domain_index:
            raise DemoError("demo.error.market", path=MARKET_PATH, what=f"unknown domain {name!r}")
        return domain_index[name]

    return FlowTemplates(
        source=np.array([dom(f["source"]) for f in raw], dtype=np.int64),
        target=np.array(
            [-1 if f.get("standards") is not None else dom(f["target"]) for f in raw],
            dtype=np.int64,
        ),
        platform=np.array(
            [f["target"] if f.get("standards") is not None else None for f in raw], dtype=object
        ),
        data=np.array([f["data"] for f in raw], dtype=object),
        formats=_choices([f.get("formats") or [f["format"]] for f in raw]),
        standards=_choices(
            [f.get("standards") or ([f["standard"]] if f.get("standard") else []) for f in raw]
        ),
        protocol=np.array([f["protocol"] for f in raw], dtype=object),
        frequency=np.array([f["frequency"] for f in raw], dtype=object),
    )


def _functions(
    dspec: Sequence[Mapping[str, Any]], core: Sequence[int]
) -> tuple[StrArray, IntArray, IntArray, npt.NDArray[np.bool_]]:
    """Function label, domain and rank, ordered core domains first, then first functions of
    the other domains, then extra functions (the order applications are listed in)."""
    rows: list[tuple[int, int, str]] = [(d, 0, str(dspec[d]["label"])) for d in core]
    rows += [(d, 0, str(s["label"])) for d, s in enumerate(dspec) if d not in core]
    rows += [
        (d, i, str(label))
        for d, s in enumerate(dspec)
        for i, label in enumerate(s.get("functions") or [], start=1)
    ]
    labels = [r[2] for r in rows]
    if len(set(labels)) != len(labels):
        dup = sorted({x for x in labels if labels.count(x) > 1})
        raise DemoError("demo.error.market", path=MARKET_PATH, what=f"duplicate function {dup}")
    return (
        np.array(labels, dtype=object),
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype=np.int64),
        np.arange(len(rows)) < len(core),
    )


@cache
def load_market(path: Path = MARKET_PATH) -> Market:
    """Read and index the market YAML (cached: the file ships with the package)."""
    raw = load_yaml(path)
    domains = tuple(raw["domains"])
    d_index = {d: i for i, d in enumerate(domains)}
    editors = tuple(raw["editors"])
    e_index = {e: i for i, e in enumerate(editors)}
    products: list[tuple[int, Mapping[str, Any]]] = [
        (d_index[d], p) for d, spec in raw["domains"].items() for p in spec["products"]
    ]
    for _, p in products:
        if p["editor"] not in e_index:
            raise DemoError("demo.error.market", path=path, what=f"unknown editor {p['editor']!r}")
    dspec = [raw["domains"][d] for d in domains]
    suite_w = np.array([float(raw["suite_editors"].get(e, 0.0)) for e in editors], dtype=np.float64)
    core = [d_index[d] for d in raw["core_domains"]]
    f_label, f_domain, f_rank, f_core = _functions(dspec, core)
    return Market(
        domains=domains,
        domain_label=np.array([s["label"] for s in dspec], dtype=object),
        domain_weight=np.array([float(s["weight"]) for s in dspec]),
        domain_cost=np.array([float(s["cost"]) for s in dspec]),
        domain_users=np.array([float(s["users"]) for s in dspec]),
        domain_gb=np.array([float(s["gb_per_user"]) for s in dspec]),
        domain_min_pop=np.array([float(s.get("min_population", 0)) for s in dspec]),
        domain_criticality=_choices([s["criticality"] for s in dspec]),
        core=np.array(core, dtype=np.int64),
        suite_domain=np.array([d in raw["suite_domains"] for d in domains]),
        domain_communes_only=np.array([bool(s.get("communes_only", False)) for s in dspec]),
        structure_domain=np.array([d in raw["structure"]["domains"] for d in domains]),
        structure=raw["structure"],
        function_label=f_label,
        function_domain=f_domain,
        function_rank=f_rank,
        function_core=f_core,
        editors=editors,
        editor_name=np.array([raw["editors"][e]["name"] for e in editors], dtype=object),
        editor_group=np.array([raw["editors"][e].get("group") for e in editors], dtype=object),
        editor_country=np.array([raw["editors"][e].get("country") for e in editors], dtype=object),
        suite_editor_weight=suite_w / suite_w.sum(),
        suite_loyalty=float(raw["suite_loyalty"]),
        product_name=np.array([p["name"] for _, p in products], dtype=object),
        product_domain=np.array([d for d, _ in products], dtype=np.int64),
        product_editor=np.array([e_index[p["editor"]] for _, p in products], dtype=np.int64),
        product_weight=np.array([float(p["weight"]) for _, p in products]),
        product_min_pop=np.array([float(p.get("min_population", 0)) for _, p in products]),
        product_licence=np.array([p["licence"] for _, p in products], dtype=object),
        product_open=np.array([p["licence"] != "proprietary" for _, p in products]),
        product_lock=np.array([float(p["lock"]) for _, p in products]),
        product_api=np.array([p["api"] for _, p in products], dtype=object),
        product_storage=np.array([_multi(p["storage"]) for _, p in products], dtype=object),
        product_export=np.array([_multi(p["export"]) for _, p in products], dtype=object),
        product_db=_choices([p.get("databases") or [] for _, p in products]),
        product_hosting=_choices([p["hosting"] for _, p in products]),
        product_client=_choices([p["client"] for _, p in products]),
        flows=_templates(raw["flows"], d_index),
        platform_flows=_templates(raw["platform_flows"], d_index),
        filler_formats=_weights(raw["filler_formats"]),
        filler_protocols=_weights(raw["filler_protocols"]),
        filler_frequencies=_weights(raw["filler_frequencies"]),
        filler_to_documents=float(raw["filler_to_documents"]),
        contracts=raw["contracts"],
        names=raw["names"],
    )
