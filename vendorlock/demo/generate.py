"""Deterministic, vectorised generation of a mutualisation structure's inventory.

One fictitious structure (a syndicat mixte) and N member bodies, each with applications drawn
from the market model (``market.yaml``), contracts grouped by editor and flows between
applications and to national platforms. Members are generated in chunks of about
:data:`CHUNK_APPS` applications, each chunk from its own seeded numpy generator, so that 50,000
bodies stream to disk in bounded memory and the same options always give the same tables.
Rows are canonical (schema column names and values); writers translate them for humans.
Every date is ``options.as_of`` plus a drawn offset, so generating for another audit date
moves the contract dates and nothing else (what ``vendorlock audit`` relies on to read the
shipped demo for any day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.demo.market import MISSING, DemoError, FlowTemplates, Market, load_market
from vendorlock.model.portfolio import MULTI_SEP, STRUCTURE_KIND, dtype_for
from vendorlock.model.schema import FieldType, Table, table_spec

#: Applications per generation chunk (bounds memory; part of the deterministic layout).
CHUNK_APPS = 40_000
#: Flows per application when the caller does not say.
DEFAULT_FLOWS_PER_APP = 2.5
#: Limits that keep a run within memory and within spreadsheet limits.
MAX_MEMBERS = 99_999
MAX_APPS_PER_MEMBER = 20_000
MAX_FLOWS_PER_APP = 100
#: Population range of member communes, and the log-normal they are drawn from: a mix of
#: villages and towns of 10,000-90,000 like the members of an inner-suburb syndicat.
MIN_POP, MAX_POP = 400, 120_000
POP_LOG_MEDIAN, POP_LOG_SIGMA = float(np.log(6_000)), 1.3
#: Application count ~ APPS_AT_REF × (population / APPS_REF_POP) ** APPS_EXPONENT: about ten
#: for a 700-inhabitant commune, ~85 at 30,000; never more than the body's distinct functions.
APPS_AT_REF, APPS_REF_POP, APPS_EXPONENT = 11.0, 700.0, 0.55
#: An intercommunalité runs fewer applications than a commune of its population (no civil
#: registry, elections, schools...).
EPCI_APPS_FACTOR = 0.6
#: Smallest population of a domain's first extra function; each further one needs
#: FUNCTION_GROWTH times more inhabitants.
FUNCTION_MIN_POP, FUNCTION_GROWTH = 2_000.0, 1.8
#: The date the shipped demo workbook is generated for; ``vendorlock audit`` without input
#: shifts its contract dates by (as-of − this date), which equals generating for as-of.
REFERENCE_DATE = dt.date(2026, 6, 1)
#: Kind of the structure the members belong to (it runs its own shared platforms).
#: Every EPCI_EVERY-th member (and the last one) is an intercommunalité.
EPCI_EVERY = 25
#: SIREN-shaped fictitious ids: 8-digit base + Luhn check digit. No commune, EPCI or syndicat
#: SIREN starts with 299 (2 = public body, 99 = no such category), so none can be real.
SIREN_BASE = 29_900_000

IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.object_]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoOptions:
    """What to generate. The same options always give the same tables (and bytes)."""

    members: int = 12
    seed: int = 0
    apps_per_member: int | None = None
    flows_per_app: float | None = None
    #: The audit date the contracts are placed around (every date is as_of + an offset).
    as_of: dt.date = REFERENCE_DATE

    def check(self) -> None:
        """Refuse options that cannot be generated, with what is allowed."""
        if not 1 <= self.members <= MAX_MEMBERS:
            raise DemoError("demo.error.members", maximum=MAX_MEMBERS, value=self.members)
        if self.seed < 0:
            raise DemoError("demo.error.seed", value=self.seed)
        apps = self.apps_per_member
        if apps is not None and not 1 <= apps <= MAX_APPS_PER_MEMBER:
            raise DemoError("demo.error.apps", maximum=MAX_APPS_PER_MEMBER, value=apps)
        if self.flows_per_app is not None and not 0 <= self.flows_per_app <= MAX_FLOWS_PER_APP:
            raise DemoError("demo.error.flows", maximum=MAX_FLOWS_PER_APP, value=self.flows_per_app)


@dataclass(frozen=True, eq=False)
class Members:
    """Per-member facts drawn once for the whole run (small: one row per body)."""

    org_id: StrArray
    code: StrArray
    name: StrArray
    kind: StrArray
    population: IntArray
    n_apps: IntArray
    suite_editor: IntArray
    #: Yearly software spend per inhabitant (€), what contract costs add up to.
    spend_per_inhabitant: npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Chunk:
    """Canonical tables of some members (editors come once, at the end)."""

    tables: Mapping[Table, pa.Table]
    editors_used: npt.NDArray[np.bool_]
    members_done: int


def siren(base: IntArray) -> StrArray:
    """9-digit SIREN strings from 8-digit bases, with the Luhn check digit SIREN uses."""
    digits = (base[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    # Luhn over the final 9 digits: from the right, the check digit is position 1 (not doubled),
    # so base digits at even distance from the right end are doubled.
    doubled = digits.copy()
    doubled[:, 1::2] *= 2
    doubled[:, 1::2] -= 9 * (doubled[:, 1::2] > 9)
    check = (10 - doubled.sum(axis=1) % 10) % 10
    return np.array([f"{b:08d}{c}" for b, c in zip(base, check, strict=True)], dtype=object)


def _weighted(
    rng: np.random.Generator, keys: StrArray, p: npt.NDArray[np.float64], n: int
) -> StrArray:
    out: StrArray = keys[rng.choice(len(keys), size=n, p=p)]
    return out


@cache
def _name_pool(market: Market) -> tuple[str, ...]:
    """Every distinct commune name the pieces make, with French elision (``L'Isserval``, not
    ``Le Isserval``); a prefix that would elide to a name already made is dropped."""
    names = market.names
    vowels = tuple(names["elision_initials"])
    seen: dict[str, None] = {}
    for pre in names["commune_prefixes"]:
        for root in names["commune_roots"]:
            for suf in names["commune_suffixes"]:
                head = "L'" if pre in ("Le ", "La ") and root.startswith(vowels) else pre
                seen.setdefault(f"{head}{root}{suf}", None)
    return tuple(seen)


def _names(rng: np.random.Generator, market: Market, n: int) -> StrArray:
    pool = _name_pool(market)
    combos = len(pool)
    order = rng.permutation(combos)
    out = [pool[i] for i in order[np.arange(n) % combos]]
    if n > combos:  # very large runs: keep names unique
        out = [f"{name} {k // combos + 1}" if k >= combos else name for k, name in enumerate(out)]
    return np.array(out, dtype=object)


def eligible_functions(
    market: Market, population: IntArray, kind: StrArray
) -> npt.NDArray[np.bool_]:
    """Bodies × functions: which functions a body of this size and kind may run.

    A domain's first function needs the domain's minimum population; its i-th extra function
    needs ``FUNCTION_MIN_POP × FUNCTION_GROWTH ** (i - 1)`` (at least the domain's minimum);
    an intercommunalité runs no commune-only domain (civil registry, elections...); the
    mutualisation structure runs the first function of its own domains (``structure`` in
    market.yaml) and nothing else.
    """
    is_epci = kind == "epci"
    is_structure = kind == STRUCTURE_KIND
    domain = market.function_domain
    rank = market.function_rank
    base = market.domain_min_pop[domain]
    need = np.where(
        rank == 0,
        base,
        np.maximum(base, FUNCTION_MIN_POP) * FUNCTION_GROWTH ** np.maximum(rank - 1, 0),
    )
    ok: npt.NDArray[np.bool_] = population[:, None] >= need[None, :]
    ok[:, market.function_core] = True
    ok &= ~(is_epci[:, None] & market.domain_communes_only[domain][None, :])
    own = (rank == 0) & market.structure_domain[domain]
    ok = np.where(is_structure[:, None], own[None, :], ok)
    return ok


def draw_members(options: DemoOptions, market: Market) -> Members:
    """Populations, kinds, names, ids, application counts and spend of every member."""
    rng = np.random.default_rng([options.seed, 0])
    n = options.members
    idx = np.arange(n)
    # Stratified draw (one quantile band per member, in random order) so that even a dozen
    # members mix villages, small towns and larger towns.
    bands = ((rng.permutation(n) + rng.random(n)) / n).clip(1e-9, 1 - 1e-9)
    normal = NormalDist(POP_LOG_MEDIAN, POP_LOG_SIGMA)
    pop = np.exp([normal.inv_cdf(float(b)) for b in bands]).clip(MIN_POP, MAX_POP)
    is_epci = ((idx % EPCI_EVERY == EPCI_EVERY - 1) | (idx == n - 1)) & (n >= 2)
    epci_pop = np.exp(rng.normal(np.log(40_000), 0.6, n)).clip(8_000, 400_000)
    pop = np.where(is_epci, epci_pop, pop).round().astype(np.int64)
    noise = np.exp(rng.normal(0.0, 0.15, n))
    if options.apps_per_member is not None:
        n_apps = np.full(n, options.apps_per_member, dtype=np.int64)
    else:
        kinds = np.where(is_epci, "epci", "commune").astype(object)
        available = eligible_functions(market, pop, kinds).sum(axis=1)
        core = (~is_epci[:, None] | ~market.domain_communes_only[market.core][None, :]).sum(1)
        target = APPS_AT_REF * (pop / APPS_REF_POP) ** APPS_EXPONENT * noise
        target = np.where(is_epci, target * EPCI_APPS_FACTOR, target)
        n_apps = np.clip(target.round(), core, available).astype(np.int64)
    names = _names(rng, market, n)
    epci_rank = np.cumsum(is_epci)
    epci_names = np.array(
        [market.names["epci"] if r == 1 else f"{market.names['epci']} {r}" for r in epci_rank],
        dtype=object,
    )
    width = max(3, len(str(n)))
    suite = rng.choice(len(market.editors), size=n, p=market.suite_editor_weight)
    low, high = (float(x) for x in market.contracts["spend_per_inhabitant"])
    spend = np.exp(rng.uniform(np.log(low), np.log(high), n))
    return Members(
        org_id=siren(SIREN_BASE + 1 + idx.astype(np.int64)),
        code=np.array([f"m{i + 1:0{width}d}" for i in idx], dtype=object),
        name=np.where(is_epci, epci_names, names),
        kind=np.where(is_epci, "epci", "commune").astype(object),
        population=pop,
        n_apps=n_apps,
        suite_editor=suite.astype(np.int64),
        spend_per_inhabitant=spend,
    )


def arrow_type(ftype: FieldType) -> pa.DataType:
    """Arrow / Parquet type of a schema field type."""
    match ftype:
        case FieldType.STRING:
            return pa.string()
        case FieldType.INTEGER:
            return pa.int64()
        case FieldType.NUMBER:
            return pa.float64()
        case FieldType.DATE:
            return pa.date32()
        case FieldType.BOOLEAN:
            return pa.bool_()


def arrow_schema(table: Table) -> pa.Schema:
    """Canonical Arrow schema of a table (schema names and types, no provenance)."""
    return pa.schema([(f.name, arrow_type(f.type)) for f in table_spec(table).fields])


def _arrow_table(table: Table, n: int, columns: Mapping[str, object]) -> pa.Table:
    """A canonical Arrow table from column arrays; schema columns not given are empty."""
    arrays = []
    for f in table_spec(table).fields:
        kind = arrow_type(f.type)
        values = columns.get(f.name)
        if values is None:
            arrays.append(pa.nulls(n, kind))
        elif isinstance(values, pa.Array | pa.ChunkedArray):
            arrays.append(values.cast(kind))
        elif f.type is FieldType.DATE:
            arrays.append(pa.array(np.asarray(values).astype("datetime64[D]"), type=kind))
        else:
            arrays.append(pa.array(values, type=kind, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table))


def to_frame(table: Table, data: pa.Table) -> pd.DataFrame:
    """The pandas view of a generated table, at the portfolio's declared dtypes."""
    df = data.to_pandas(date_as_object=False)
    return pd.DataFrame({f.name: df[f.name].astype(dtype_for(f)) for f in table_spec(table).fields})


def _ids(codes: StrArray, sep: str, numbers: IntArray, min_width: int) -> pa.Array:
    """``<code><sep><zero-padded number>`` ids, vectorised (``m001-0042``)."""
    width = max(min_width, len(str(int(numbers.max()))) if len(numbers) else 1)
    padded = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    out: pa.Array = pc.binary_join_element_wise(pa.array(codes, pa.string()), padded, sep)
    return out


def structure_members(market: Market, options: DemoOptions) -> Members:
    """The mutualisation structure as a one-row :class:`Members`: it runs its own finances,
    payroll and office tools and the platforms it shares with its members (signature,
    archives, GIS, helpdesk...), sized by ``structure`` in market.yaml (it has no population
    of its own; ``population_equivalent`` only scales users, data and spend)."""
    spec = market.structure
    pop = int(spec["population_equivalent"])
    return Members(
        org_id=siren(np.array([SIREN_BASE], dtype=np.int64)),
        code=np.array([str(spec["code"])], dtype=object),
        name=np.array([market.names["structure"]], dtype=object),
        kind=np.array([STRUCTURE_KIND], dtype=object),
        population=np.array([pop], dtype=np.int64),
        n_apps=np.array([int(market.structure_domain.sum())], dtype=np.int64),
        suite_editor=np.array([market.editors.index(str(spec["suite_editor"]))], dtype=np.int64),
        spend_per_inhabitant=np.array([float(spec["yearly_spend"]) / pop]),
    )


def structure_table(market: Market) -> pa.Table:
    """The mutualisation structure's own row (no population: it is not a territory)."""
    return _arrow_table(
        Table.ORGANISATIONS,
        1,
        {
            "org_id": siren(np.array([SIREN_BASE], dtype=np.int64)),
            "name": np.array([market.names["structure"]], dtype=object),
            "kind": np.array([STRUCTURE_KIND], dtype=object),
            "siren": siren(np.array([SIREN_BASE], dtype=np.int64)),
        },
    )


def editors_table(market: Market, used: npt.NDArray[np.bool_]) -> pa.Table:
    """Editors that supply at least one generated application, in id order."""
    order = np.array(sorted(np.flatnonzero(used), key=lambda i: market.editors[i]), dtype=np.int64)
    return _arrow_table(
        Table.EDITORS,
        len(order),
        {
            "editor_id": np.array(market.editors, dtype=object)[order],
            "name": market.editor_name[order],
            "country": market.editor_country[order],
            "group": market.editor_group[order],
        },
    )


def _chunks(members: Members) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    lo, acc = 0, 0
    for i, k in enumerate(members.n_apps.tolist()):
        acc += k
        if acc >= CHUNK_APPS:
            bounds.append((lo, i + 1))
            lo, acc = i + 1, 0
    if lo < len(members.n_apps):
        bounds.append((lo, len(members.n_apps)))
    return bounds


@dataclass(frozen=True, eq=False)
class _Apps:
    member: IntArray
    k: IntArray
    domain: IntArray
    product: IntArray
    lock: npt.NDArray[np.float64]
    rank: IntArray
    function_rank: IntArray
    app_id: pa.Array
    frame: pa.Table


def _draw_functions(
    rng: np.random.Generator, market: Market, members: Members, lo: int, hi: int, k: IntArray
) -> tuple[IntArray, IntArray]:
    """Function of each application (and how many times its body's functions were cycled
    through, > 0 only when --apps-per-member asks for more than the body runs).

    Core functions first, then distinct extra functions drawn without replacement (Gumbel
    top-k on the domain weights, halved per extra rank), listed in catalogue order.
    """
    counts = members.n_apps[lo:hi]
    pop = members.population[lo:hi]
    elig = eligible_functions(market, pop, members.kind[lo:hi])
    n_b, n_f = elig.shape
    weight = market.domain_weight[market.function_domain] * 0.5**market.function_rank
    keys = np.log(weight)[None, :] + rng.gumbel(size=(n_b, n_f))
    keys = np.where(market.function_core[None, :], np.inf, keys)
    keys = np.where(elig, keys, -np.inf)
    order = np.argsort(-keys, axis=1, kind="stable")
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.broadcast_to(np.arange(n_f), (n_b, n_f)), axis=1)
    m = np.maximum(np.minimum(counts, elig.sum(axis=1)), 1)
    chosen = position < m[:, None]
    listed = np.sort(np.where(chosen, np.arange(n_f)[None, :], n_f), axis=1)
    body = np.repeat(np.arange(n_b), counts)
    function: IntArray = listed[body, k % m[body]].astype(np.int64)
    cycle: IntArray = (k // m[body]).astype(np.int64)
    return function, cycle


def _draw_products(
    rng: np.random.Generator, market: Market, domain: IntArray, pop: IntArray, suite: IntArray
) -> IntArray:
    """The product of each application, among its domain's products that fit its body's size
    (any of the domain if none does), the body's suite editor's when it stays loyal to it.

    Drawn domain by domain over that domain's few products, not over the whole catalogue for
    every application: the same draws, since a product of weight zero changes no cumulative
    sum (an application whose domain has no weighted product gets product 0, as before).
    """
    n = len(domain)
    loyal_u = rng.random(n)
    pick_u = rng.random(n)
    out: IntArray = np.zeros(n, dtype=np.int64)
    order = np.argsort(domain, kind="stable")
    values, starts = np.unique(domain[order], return_index=True)
    for d, rows in zip(values, np.split(order, starts[1:]), strict=True):
        cols = np.flatnonzero(market.product_domain == d)
        if not len(cols):
            continue
        allowed: npt.NDArray[np.bool_] = pop[rows, None] >= market.product_min_pop[None, cols]
        allowed |= ~allowed.any(axis=1, keepdims=True)  # none fits the size: any of the domain
        weights = allowed * market.product_weight[None, cols]
        suite_w = weights * (market.product_editor[None, cols] == suite[rows, None])
        loyal = (loyal_u[rows] < market.suite_loyalty) & bool(market.suite_domain[d])
        loyal &= suite_w.sum(axis=1) > 0
        cum = np.cumsum(np.where(loyal[:, None], suite_w, weights), axis=1)
        picked = np.argmax(cum > (pick_u[rows] * cum[:, -1])[:, None], axis=1)
        out[rows] = np.where(cum[:, -1] > 0, cols[picked], 0)
    return out


def _customisation(lock: npt.NDArray[np.float64]) -> StrArray:
    out: StrArray = np.select(
        [lock < 0.3, lock < 0.5, lock < 0.72], ["none", "low", "medium"], "high"
    ).astype(object)
    return out


def _apps(rng: np.random.Generator, market: Market, members: Members, lo: int, hi: int) -> _Apps:
    counts = members.n_apps[lo:hi]
    total = int(counts.sum())
    member = np.repeat(np.arange(lo, hi, dtype=np.int64), counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    k = np.arange(total, dtype=np.int64) - np.repeat(starts, counts)
    pop = members.population[member]
    function, cycle = _draw_functions(rng, market, members, lo, hi, k)
    domain = market.function_domain[function]
    product = _draw_products(rng, market, domain, pop, members.suite_editor[member])
    lock = np.clip(market.product_lock[product] + rng.normal(0.0, 0.12, total), 0.0, 1.0)
    hosting = market.product_hosting.draw(product, rng.random(total))
    database = market.product_db.draw(product, rng.random(total))
    database = np.where((hosting == "editor_saas") & (rng.random(total) < 0.5), MISSING, database)
    share = 1.0 / (1 + market.function_rank[function])  # an extra function has fewer users
    users = np.maximum(
        1,
        (
            pop / 1000 * market.domain_users[domain] * share * np.exp(rng.normal(0, 0.35, total))
        ).round(),
    ).astype(np.int64)
    volume = (users * market.domain_gb[domain] * np.exp(rng.normal(0, 0.5, total))).round(1)
    year = 2025 - (lock * 8 * rng.random(total)).astype(np.int64)
    minor = rng.integers(1, 5, total)
    rank = (
        pd.DataFrame({"m": member, "d": domain}).groupby(["m", "d"], sort=False).cumcount()
    ).to_numpy(dtype=np.int64)
    app_id = _ids(members.code[member], "-", k + 1, 4)
    suffix = pc.if_else(
        pa.array(cycle > 0),
        pc.binary_join_element_wise(" (", pc.cast(pa.array(cycle + 1), pa.string()), ")", ""),
        "",
    )
    name = pc.binary_join_element_wise(
        pa.array(market.function_label[function], pa.string()), suffix, ""
    )
    version = pc.binary_join_element_wise(
        pc.cast(pa.array(year), pa.string()), pc.cast(pa.array(minor), pa.string()), "."
    )
    frame = _arrow_table(
        Table.APPLICATIONS,
        total,
        {
            "app_id": app_id,
            "org_id": members.org_id[member],
            "name": name,
            "product": market.product_name[product],
            "editor_id": np.array(market.editors, dtype=object)[market.product_editor[product]],
            "domain": np.array(market.domains, dtype=object)[domain],
            "version": version,
            "licence": market.product_licence[product],
            "hosting": hosting,
            "criticality": market.domain_criticality.draw(domain, rng.random(total)),
            "users": users,
            "data_volume_gb": volume,
            "customisation": _customisation(lock),
            "database": database,
            "client_platform": market.product_client.draw(product, rng.random(total)),
            "api": market.product_api[product],
            "storage_formats": market.product_storage[product],
            "export_formats": market.product_export[product],
        },
    )
    return _Apps(
        member, k, domain, product, lock, rank, market.function_rank[function], app_id, frame
    )


def _contracts(
    rng: np.random.Generator, market: Market, members: Members, apps: _Apps, as_of: dt.date
) -> pa.Table:
    spec = market.contracts
    n = len(apps.member)
    is_open = market.product_open[apps.product]
    supported = ~is_open | (rng.random(n) < float(spec["open_source_support_share"]))
    split = rng.random(n) < float(spec["split_share"])
    editor = market.product_editor[apps.product]
    # Each body's contracts add up to population × its spend per inhabitant, shared between
    # its contracted applications by domain weight (an open-source support contract costs
    # about a third of a licence, an extra function half its domain's first one).
    weight = (
        market.domain_cost[apps.domain]
        * np.exp(rng.normal(0, 0.3, n))
        * np.where(is_open, 0.35, 1.0)
        / (1 + apps.function_rank)
    )
    body = apps.member - apps.member.min() if n else apps.member
    paid = np.bincount(body, weights=np.where(supported, weight, 0.0))
    budget = members.population * members.spend_per_inhabitant
    budget_app = budget[apps.member]
    cost = (weight * budget_app / np.maximum(paid[body], 1e-9)).clip(150)
    # One contract per (member, editor), plus one per application drawn to have its own.
    part = np.where(split, apps.k, -1)
    key = (apps.member * len(market.editors) + editor) * (MAX_APPS_PER_MEMBER + 2) + part + 1
    gid, _ = pd.factorize(key[supported])
    idx = np.flatnonzero(supported)
    order = np.argsort(gid, kind="stable")  # contract by contract, applications in id order
    counts = np.bincount(gid)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    listed = pa.ListArray.from_arrays(pa.array(offsets), apps.app_id.take(pa.array(idx[order])))
    first = idx[order[offsets[:-1]]]
    agg = pd.DataFrame(
        {
            "member": apps.member[first],
            "editor": editor[first],
            "app_ids": np.arange(len(counts)),
            "cost": np.bincount(gid, weights=cost[idx]),
            "lock": np.bincount(gid, weights=apps.lock[idx]) / counts,
        }
    )
    nc = len(agg)
    member = agg["member"].to_numpy(dtype=np.int64)
    lock = agg["lock"].to_numpy(dtype=np.float64)
    u = rng.random(nc)
    tacit_share, explicit_share = float(spec["tacit_share"]), float(spec["explicit_share"])
    renewal = np.select(
        [u < tacit_share, u < tacit_share + explicit_share], ["tacit", "explicit"], "none"
    )
    notice = np.array(spec["notice_months"], dtype=np.int64)[
        rng.integers(0, len(spec["notice_months"]), nc)
    ]
    years = np.array(spec["durations_years"], dtype=np.int64)[
        rng.integers(0, len(spec["durations_years"]), nc)
    ]
    years = np.where((renewal == "tacit") & (rng.random(nc) < 0.5), 1, years)
    # Ends placed around the audit date: a few contracts already ended, a few whose decision
    # date (end − notice − procurement lead) has passed, the rest spread over the years after.
    day = np.timedelta64(1, "D")
    lead_days = ((notice + int(spec["procurement_lead_months"])) * 30.44).astype(np.int64)
    u = rng.random(nc)
    ended_share, overdue_share = float(spec["ended_share"]), float(spec["overdue_share"])
    offset = np.select(
        [u < ended_share, u < ended_share + overdue_share],
        [
            -1 - (rng.random(nc) * int(spec["ended_within_days"])).astype(np.int64),
            (rng.random(nc) * lead_days).astype(np.int64),
        ],
        lead_days + 31 + (rng.random(nc) * int(spec["ends_over_days"])).astype(np.int64),
    )
    end = np.datetime64(as_of.isoformat(), "D") + offset * day
    start = end - (years * 365).astype("timedelta64[D]") + day
    p_missing = np.clip(float(spec["no_reversibility_share"]) + (lock - 0.5) * 0.8, 0.05, 0.9)
    reversible = rng.random(nc) >= p_missing
    open_fmt = np.array(spec["data_return_formats_open"], dtype=object)
    closed_fmt = np.array(spec["data_return_formats_closed"], dtype=object)
    data_return = np.where(
        reversible,
        open_fmt[rng.integers(0, len(open_fmt), nc)],
        np.where(rng.random(nc) < 0.5, closed_fmt[rng.integers(0, len(closed_fmt), nc)], MISSING),
    )
    proc_keys = np.array(list(spec["procedures"]), dtype=object)
    proc_w = np.array([float(v) for v in spec["procedures"].values()])
    procedure = _weighted(rng, proc_keys, proc_w / proc_w.sum(), nc)
    pooled = rng.random(nc) < float(spec["purchasing_group_share"])
    procedure = np.where(pooled, "central_purchasing", procedure)
    group_end = np.datetime64(as_of.isoformat(), "D") + int(spec["purchasing_group_end_days"]) * day
    group_start = group_end - int(spec["purchasing_group_years"]) * 365 * day + day
    end = np.where(pooled, group_end, end)
    start = np.where(pooled, group_start, start)
    rank = agg.groupby("member", sort=False).cumcount().to_numpy() + 1
    contract_id = _ids(members.code[member], "-c", rank, 3)
    return _arrow_table(
        Table.CONTRACTS,
        nc,
        {
            "contract_id": contract_id,
            "org_id": members.org_id[member],
            "editor_id": np.array(market.editors, dtype=object)[agg["editor"].to_numpy()],
            "app_ids": pc.binary_join(listed, MULTI_SEP),
            "start_date": start.astype("datetime64[s]"),
            "end_date": end.astype("datetime64[s]"),
            "annual_cost": agg["cost"].to_numpy().round(-1),
            "renewal": renewal.astype(object),
            "notice_months": notice,
            "reversibility_clause": reversible,
            "data_return_format": data_return,
            "procedure": procedure,
            "purchasing_group": np.where(pooled, market.names["purchasing_group"], MISSING),
        },
    )


def _template_flows(
    rng: np.random.Generator, templates: FlowTemplates, primaries: pd.DataFrame, to_platform: bool
) -> pd.DataFrame:
    tpl = pd.DataFrame(
        {"tpl": np.arange(len(templates.source)), "d": templates.source, "t": templates.target}
    )
    src = tpl.merge(primaries.rename(columns={"app": "src"}), on="d")
    if to_platform:
        flows = src.assign(dst=-1)
    else:
        dst = primaries.rename(columns={"d": "t", "app": "dst"})
        flows = src.merge(dst, on=["t", "member"])
    flows = flows.sort_values(["member", "tpl"], kind="stable")
    idx = flows["tpl"].to_numpy(dtype=np.int64)
    u = rng.random(len(idx))
    return pd.DataFrame(
        {
            "member": flows["member"].to_numpy(dtype=np.int64),
            "order": idx + (0 if to_platform else 1_000),
            "src": flows["src"].to_numpy(dtype=np.int64),
            "dst": flows["dst"].to_numpy(dtype=np.int64),
            "platform": templates.platform[idx],
            "data": templates.data[idx],
            "format": templates.formats.draw(idx, u),
            "standard": templates.standards.draw(idx, u),
            "protocol": templates.protocol[idx],
            "frequency": templates.frequency[idx],
        }
    )


def _filler_flows(
    rng: np.random.Generator,
    market: Market,
    apps: _Apps,
    counts: IntArray,
    starts: IntArray,
    lo: int,
    wanted: IntArray,
    doc_primary: IntArray,
) -> pd.DataFrame:
    fm = np.repeat(np.arange(len(counts)), wanted)
    n = len(fm)
    size = counts[fm]
    src_k = (rng.random(n) * size).astype(np.int64)
    off = 1 + (rng.random(n) * np.maximum(size - 1, 1)).astype(np.int64)
    dst_k = (src_k + off) % size
    doc = doc_primary[fm]
    to_doc = (rng.random(n) < market.filler_to_documents) & (doc >= 0) & (doc != src_k)
    dst_k = np.where(to_doc, doc, dst_k)
    src = starts[fm] + src_k
    extraction = np.array(
        ["Extraction " + str(x).lower() for x in market.domain_label], dtype=object
    )
    return pd.DataFrame(
        {
            "member": fm + lo,
            "order": np.full(n, 10_000, dtype=np.int64),
            "src": src,
            "dst": starts[fm] + dst_k,
            "platform": np.full(n, None, dtype=object),
            "data": extraction[apps.domain[src]],
            "format": _weighted(rng, *market.filler_formats, n),
            "standard": np.full(n, None, dtype=object),
            "protocol": _weighted(rng, *market.filler_protocols, n),
            "frequency": _weighted(rng, *market.filler_frequencies, n),
        }
    )


def _flows(
    rng: np.random.Generator,
    market: Market,
    members: Members,
    apps: _Apps,
    lo: int,
    hi: int,
    flows_per_app: float,
) -> pd.DataFrame:
    counts = members.n_apps[lo:hi]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    first = np.flatnonzero(apps.rank == 0)
    primaries = pd.DataFrame({"member": apps.member[first], "d": apps.domain[first], "app": first})
    platform = _template_flows(rng, market.platform_flows, primaries, to_platform=True)
    internal = _template_flows(rng, market.flows, primaries, to_platform=False)
    structured = np.bincount(
        np.concatenate([platform["member"], internal["member"]]) - lo, minlength=hi - lo
    )
    wanted = np.where(
        counts >= 2,
        np.maximum(0, (counts * flows_per_app).round().astype(np.int64) - structured),
        0,
    )
    doc_d = market.domains.index("document_management")
    doc_primary = np.full(hi - lo, -1, dtype=np.int64)
    is_doc = primaries["d"].to_numpy() == doc_d
    doc_rows = primaries[is_doc]
    doc_primary[doc_rows["member"].to_numpy() - lo] = apps.k[doc_rows["app"].to_numpy()]
    filler = _filler_flows(rng, market, apps, counts, starts, lo, wanted, doc_primary)
    flows = pd.concat([platform, internal, filler], ignore_index=True).sort_values(
        ["member", "order"], kind="stable"
    )
    member = flows["member"].to_numpy(dtype=np.int64)
    dst = flows["dst"].to_numpy(dtype=np.int64)
    target = pc.if_else(
        pa.array(dst >= 0),
        apps.app_id.take(pa.array(np.maximum(dst, 0))),
        pa.array(flows["platform"].to_numpy(), pa.string()),
    )
    rank = pd.Series(member).groupby(member, sort=False).cumcount().to_numpy() + 1
    flow_id = _ids(members.code[member], "-f", rank, 4)
    return _arrow_table(
        Table.FLOWS,
        len(member),
        {
            "flow_id": flow_id,
            "org_id": members.org_id[member],
            "source": apps.app_id.take(pa.array(flows["src"].to_numpy(dtype=np.int64))),
            "target": target,
            "data": flows["data"].to_numpy(),
            "format": flows["format"].to_numpy(),
            "standard": flows["standard"].to_numpy(),
            "protocol": flows["protocol"].to_numpy(),
            "frequency": flows["frequency"].to_numpy(),
        },
    )


def _organisations(members: Members, lo: int, hi: int, parent: str) -> pa.Table:
    return _arrow_table(
        Table.ORGANISATIONS,
        hi - lo,
        {
            "org_id": members.org_id[lo:hi],
            "name": members.name[lo:hi],
            "kind": members.kind[lo:hi],
            "siren": members.org_id[lo:hi],
            "population": members.population[lo:hi],
            "parent_id": np.full(hi - lo, parent, dtype=object),
        },
    )


def iter_chunks(
    options: DemoOptions, market: Market | None = None, progress: Progress | None = None
) -> Iterator[Chunk]:
    """Generate the inventory chunk by chunk (the structure's row comes in the first chunk)."""
    options.check()
    market = market or load_market()
    members = draw_members(options, market)
    structure = structure_table(market)
    parent = str(structure.column("org_id")[0])
    fpa = DEFAULT_FLOWS_PER_APP if options.flows_per_app is None else options.flows_per_app
    for index, (lo, hi) in enumerate(_chunks(members)):
        rng = np.random.default_rng([options.seed, 1, index])
        apps = _apps(rng, market, members, lo, hi)
        tables = {
            Table.ORGANISATIONS: _organisations(members, lo, hi, parent),
            Table.APPLICATIONS: apps.frame,
            Table.CONTRACTS: _contracts(rng, market, members, apps, options.as_of),
            Table.FLOWS: _flows(rng, market, members, apps, lo, hi, fpa),
        }
        used = np.zeros(len(market.editors), dtype=bool)
        used[market.product_editor[apps.product]] = True
        if index == 0 and options.apps_per_member is None:
            # The structure and its own applications come first (not in benchmark shapes,
            # whose --apps-per-member counts are exact).
            own = structure_members(market, options)
            s_rng = np.random.default_rng([options.seed, 2])
            s_apps = _apps(s_rng, market, own, 0, 1)
            first = {
                Table.ORGANISATIONS: structure,
                Table.APPLICATIONS: s_apps.frame,
                Table.CONTRACTS: _contracts(s_rng, market, own, s_apps, options.as_of),
                Table.FLOWS: _flows(s_rng, market, own, s_apps, 0, 1, fpa),
            }
            tables = {t: pa.concat_tables([first[t], tables[t]]) for t in tables}
            used[market.product_editor[s_apps.product]] = True
        elif index == 0:
            tables[Table.ORGANISATIONS] = pa.concat_tables([structure, tables[Table.ORGANISATIONS]])
        yield Chunk(tables=tables, editors_used=used, members_done=hi)
        if progress is not None:
            progress(hi, options.members)


def generate_tables(
    options: DemoOptions, market: Market | None = None
) -> dict[Table, pd.DataFrame]:
    """The whole inventory in memory (for spreadsheets and tests; use iter_chunks at scale)."""
    market = market or load_market()
    parts: dict[Table, list[pa.Table]] = {t: [] for t in Table}
    used = np.zeros(len(market.editors), dtype=bool)
    for chunk in iter_chunks(options, market):
        used |= chunk.editors_used
        for table, df in chunk.tables.items():
            parts[table].append(df)
    parts[Table.EDITORS] = [editors_table(market, used)]
    return {t: to_frame(t, pa.concat_tables(parts[t])) for t in Table}
