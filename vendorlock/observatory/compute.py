"""The observatory's figures: per-buyer partitions reduced, then combined.

Partitions are sets of whole buyers (:func:`vendorlock.observatory.records.partition_of`), so
every per-partition sum — contracts, amounts, distinct buyers — adds up exactly across
partitions. :func:`partition_work` is a pure function of its partition (no I/O, no global
state): any engine may run it anywhere, and :func:`combine` gets the same inputs in the same
order whatever ran them, so the outputs are byte-identical across engines.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Keys of the cell table: the finest grain the shares are computed from.
CELL_KEYS = ["domain", "region", "departement", "year", "group", "editor"]
#: Pooling window: contracts ending within this many days of the window's first end.
POOL_DAYS = 365
#: Buyers listed by name on one pooling row (the Parquet table has them all).
POOL_NAMES = 8
#: The area value of the national scope.
NATIONAL = "FR"


@dataclass(frozen=True)
class PartitionResult:
    """What one partition of buyers contributes: summed cells, the buyer × editor map and
    the contract ends the pooling search reads."""

    cells: pd.DataFrame
    buyers: pd.DataFrame
    ends: pd.DataFrame


@dataclass(frozen=True)
class Observatory:
    """Every table of the observatory, sorted (deterministic)."""

    contracts: int
    buyers_count: int
    located: int
    years: tuple[int, ...]
    shares: pd.DataFrame
    concentration: pd.DataFrame
    buyer_map: pd.DataFrame
    pooling: pd.DataFrame
    overall: pd.DataFrame


def partition_work(part: pd.DataFrame) -> PartitionResult:
    """Reduce the contracts of one partition of buyers (pure: same input, same output)."""
    keyed = part.assign(
        region=part["region"].fillna(""),
        departement=part["departement"].fillna(""),
        year=part["year"].fillna(0).astype("int64"),
    )
    cells = (
        keyed.groupby(CELL_KEYS, sort=True, observed=True)
        .agg(
            contracts=("key", "size"),
            amount=("amount", "sum"),
            buyers=("buyer", "nunique"),
        )
        .reset_index()
    )
    buyers = (
        keyed.groupby(["buyer", "departement", "region", "domain", "group"], sort=True)
        .agg(
            buyer_name=("buyer_name", "first"),
            contracts=("key", "size"),
            amount=("amount", "sum"),
            last_end=("end", "max"),
        )
        .reset_index()
    )
    ends = keyed.loc[
        keyed["departement"].ne("") & keyed["end"].notna(),
        ["departement", "buyer", "buyer_name", "domain", "group", "end", "amount"],
    ].reset_index(drop=True)
    return PartitionResult(cells=cells, buyers=buyers, ends=ends)


def _scope_table(cells: pd.DataFrame, scope: str, area: str | None) -> pd.DataFrame:
    """Shares by group in each (area, domain, year) of one scope, years 0 = all years."""
    base = cells if area is None else cells[cells[area] != ""]
    area_col = pd.Series(NATIONAL, index=base.index) if area is None else base[area]
    frame = base.assign(area=area_col)
    by_year = frame.groupby(["area", "domain", "year", "group"], sort=True)[
        ["contracts", "amount", "buyers"]
    ].sum()
    all_years = frame.groupby(["area", "domain", "group"], sort=True)[
        ["contracts", "amount", "buyers"]
    ].sum()
    all_years = all_years.assign(year=0).set_index("year", append=True)
    all_years = all_years.reorder_levels(["area", "domain", "year", "group"])
    table = pd.concat([all_years, by_year]).reset_index()
    totals = table.groupby(["area", "domain", "year"])[["contracts", "amount"]].transform("sum")
    table["count_share"] = table["contracts"] / totals["contracts"]
    table["amount_share"] = (table["amount"] / totals["amount"]).where(totals["amount"] > 0, 0.0)
    table.insert(0, "scope", scope)
    return table


def combine(results: Sequence[PartitionResult]) -> Observatory:
    """The observatory from the partitions' results, in partition order."""
    cells = pd.concat([r.cells for r in results], ignore_index=True)
    cells = cells.groupby(CELL_KEYS, sort=True)[["contracts", "amount", "buyers"]].sum()
    cells = cells.reset_index()
    shares = pd.concat(
        [
            _scope_table(cells, "national", None),
            _scope_table(cells, "region", "region"),
            _scope_table(cells, "departement", "departement"),
        ],
        ignore_index=True,
    )
    shares["hhi_count"] = (shares["count_share"] * 100) ** 2
    shares["hhi_amount"] = (shares["amount_share"] * 100) ** 2
    keys = ["scope", "area", "domain", "year"]
    conc = shares.groupby(keys, sort=True).agg(
        contracts=("contracts", "sum"),
        amount=("amount", "sum"),
        groups=("group", "size"),
        hhi_count=("hhi_count", "sum"),
        hhi_amount=("hhi_amount", "sum"),
    )
    top = shares.sort_values(
        [*keys, "amount_share", "group"], ascending=[True] * 4 + [False, True], kind="stable"
    ).drop_duplicates(keys)
    conc = conc.join(
        top.set_index(keys)[["group", "amount_share"]].rename(
            columns={"group": "top_group", "amount_share": "top_share"}
        )
    ).reset_index()
    shares = shares.drop(columns=["hhi_count", "hhi_amount"]).sort_values(
        [*keys, "amount", "group"], ascending=[True] * 4 + [False, True], kind="stable"
    )
    buyer_map = pd.concat([r.buyers for r in results], ignore_index=True)
    buyer_map = buyer_map.sort_values(
        ["buyer", "departement", "domain", "group"], kind="stable"
    ).reset_index(drop=True)
    ends = pd.concat([r.ends for r in results], ignore_index=True)
    years = tuple(int(y) for y in sorted(cells["year"].unique()) if y)
    located = int(cells.loc[cells["departement"] != "", "contracts"].sum())
    return Observatory(
        contracts=int(cells["contracts"].sum()),
        buyers_count=int(buyer_map["buyer"].nunique()),
        located=located,
        years=years,
        shares=shares.reset_index(drop=True),
        concentration=conc.sort_values(keys, kind="stable").reset_index(drop=True),
        buyer_map=buyer_map,
        pooling=pooling(ends),
        overall=_overall(cells),
    )


def _overall(cells: pd.DataFrame) -> pd.DataFrame:
    """National shares of every corporate group and editor, all domains and years together."""
    parts = []
    for level in ("group", "editor"):
        table = cells.groupby(level, sort=True)[["contracts", "amount"]].sum().reset_index()
        table = table.rename(columns={level: "name"})
        table.insert(0, "level", level)
        table["count_share"] = table["contracts"] / max(int(table["contracts"].sum()), 1)
        total = float(table["amount"].sum())
        table["amount_share"] = table["amount"] / total if total > 0 else 0.0
        parts.append(table.sort_values(["amount", "name"], ascending=[False, True], kind="stable"))
    return pd.concat(parts, ignore_index=True)


def pooling(ends: pd.DataFrame) -> pd.DataFrame:
    """Pooling candidates: buyers of one département whose contracts with one corporate group
    (``by = editor``) or in one domain (``by = domain``) end within :data:`POOL_DAYS` days of
    the window's first end. Windows are taken greedily along the sorted ends (each contract in
    one window); a window is a candidate when two buyers or more share it."""
    columns = [
        "departement",
        "by",
        "subject",
        "window_start",
        "window_end",
        "buyers",
        "contracts",
        "amount",
        "buyer_names",
    ]
    rows: list[pd.DataFrame] = []
    for by, subject in (("editor", "group"), ("domain", "domain")):
        frame = ends.sort_values(
            ["departement", subject, "end", "buyer"], kind="stable"
        ).reset_index(drop=True)
        if not len(frame):
            continue
        day = frame["end"].to_numpy().astype("datetime64[D]").astype(np.int64)
        window = np.zeros(len(frame), dtype=np.int64)
        keys = frame[["departement", subject]]
        change = keys.ne(keys.shift()).fillna(True).any(axis=1).to_numpy()
        change[0] = True
        bounds = np.append(np.flatnonzero(change), len(frame))
        counter = 0
        for lo, hi in itertools.pairwise(bounds):
            i = lo
            while i < hi:
                j = lo + int(np.searchsorted(day[lo:hi], day[i] + POOL_DAYS, side="right"))
                window[i:j] = counter
                counter += 1
                i = j
        frame["window"] = window
        grouped = frame.groupby("window", sort=True)
        summary = grouped.agg(
            departement=("departement", "first"),
            subject=(subject, "first"),
            window_start=("end", "min"),
            window_end=("end", "max"),
            buyers=("buyer", "nunique"),
            contracts=("buyer", "size"),
            amount=("amount", "sum"),
        )
        summary = summary[summary["buyers"] >= 2]
        names = (
            frame[frame["window"].isin(summary.index)]
            .drop_duplicates(["window", "buyer"])
            .assign(name=lambda f: f["buyer_name"].fillna(f["buyer"]))
            .sort_values(["window", "name"], kind="stable")
            .groupby("window")["name"]
            .agg(lambda s: ", ".join(s.head(POOL_NAMES)) + (" …" if len(s) > POOL_NAMES else ""))
        )
        summary = summary.assign(by=by, buyer_names=names)
        rows.append(summary.reset_index(drop=True)[columns])
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    out = pd.concat(rows, ignore_index=True)
    out = out.sort_values(
        ["buyers", "amount", "departement", "by", "subject", "window_start"],
        ascending=[False, False, True, True, True, True],
        kind="stable",
    )
    return out.reset_index(drop=True)
