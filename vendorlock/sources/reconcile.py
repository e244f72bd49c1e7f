"""Procurement records joined to an inventory: one coherent portfolio.

A body's inventory (spreadsheet, GLPI…) lists what the DSI knows; the procurement records
(:mod:`vendorlock.sources.decp`) list what the body actually pays. Given together they must not
double-count: this module runs on the assembled portfolio, before validation, and

- maps each buyer of the records onto the inventory's organisation with the same SIREN (else the
  same normalised name), so records and inventory speak of one body;
- drops record-derived organisation and editor rows another source already declares (the
  inventory's own rows win, then the first record file);
- merges each record contract into the inventory's contract with the same organisation and
  editor whose dates overlap (a contract without dates overlaps everything): the inventory's
  values win, the record only fills what is missing (dates, yearly cost, procedure);
- reports, per organisation that has an inventory, the editors the records show it pays but its
  inventory does not list (one warning naming them all);
- reports, when the records name several buyers, a price reference per editor paid by two or
  more of them (yearly cost range and median across buyers);
- reports that the yearly cost of record contracts is an estimate (the published amount is a
  maximum over the whole duration).

Everything is computed with frame operations on the contracts, never one Python object per row.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from vendorlock.model.portfolio import Portfolio
from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.registry import Registries, normalise_key

#: Connector kinds whose files are procurement records (paid contracts, not an inventory).
RECORD_KINDS = frozenset({"decp"})

#: Contract fields a record fills on the inventory contract it is merged into (when missing).
FILLED = ("start_date", "end_date", "annual_cost", "procedure")


@dataclass(frozen=True)
class Reconciled:
    """The reconciled portfolio and what the reconciliation found."""

    portfolio: Portfolio
    problems: tuple[Problem, ...]
    #: Record contract id → inventory contract id it was merged into.
    merged: dict[str, str]


def _from_records(df: pd.DataFrame, files: Collection[str]) -> np.ndarray:
    if "_file" not in df.columns or not len(df):
        return np.zeros(len(df), dtype=bool)
    return df["_file"].isin(list(files)).fillna(False).to_numpy(dtype=bool)


def _org_map(orgs: pd.DataFrame, rec: np.ndarray) -> dict[str, str]:
    """Record buyer id → inventory organisation id (same SIREN, else same name)."""
    inv, buyers = orgs[~rec], orgs[rec]
    if not len(inv) or not len(buyers):
        return {}
    by_siren = {
        str(s): str(o) for s, o in zip(inv["siren"], inv["org_id"], strict=True) if not pd.isna(s)
    }
    by_name = {normalise_key(n): str(o) for n, o in zip(inv["name"], inv["org_id"], strict=True)}
    out: dict[str, str] = {}
    for oid, siren, name in zip(buyers["org_id"], buyers["siren"], buyers["name"], strict=True):
        target = (
            by_siren.get(str(siren)) or by_siren.get(str(oid)) or by_name.get(normalise_key(name))
        )
        if target is not None and target != oid:
            out[str(oid)] = target
    return out


def _first_declared(df: pd.DataFrame, rec: np.ndarray, key: str) -> pd.DataFrame:
    """Rows in order inventory first, then records; a record row whose ``key`` an earlier row
    already has is dropped (the same editor named in two record files, or in the inventory)."""
    order = np.argsort(rec, kind="stable")
    ranked = df.iloc[order]
    dup = ranked[key].duplicated().to_numpy() & rec[order]
    kept = ranked[~dup]
    return kept.sort_index().reset_index(drop=True)


def _editor_by_siren(editors: pd.DataFrame, rec: np.ndarray) -> dict[str, str]:
    """Record editor id → inventory editor id with the same SIREN (names differ: "MAARCH"
    in the records, "Maarch SAS" in the inventory)."""
    inv = editors[~rec].dropna(subset=["siren"])
    index = dict(zip(inv["siren"].astype(str), inv["editor_id"].astype(str), strict=True))
    out: dict[str, str] = {}
    for eid, siren in zip(editors["editor_id"][rec], editors["siren"][rec], strict=True):
        target = index.get(str(siren)) if not pd.isna(siren) else None
        if target is not None and target != eid:
            out[str(eid)] = target
    return out


def reconcile(
    portfolio: Portfolio, record_files: Collection[str], registries: Registries | None = None
) -> Reconciled:
    """``portfolio`` with the contracts of ``record_files`` reconciled (module docstring).

    With ``registries``, editors the records name and the registry knows take the registry's
    name, country and group (the records write "BERGER-LEVRAULT SA").
    """
    contracts = portfolio.contracts
    rec_c = _from_records(contracts, record_files)
    if not rec_c.any():
        return Reconciled(portfolio, (), {})
    orgs, editors = portfolio.organisations, portfolio.editors
    rec_o = _from_records(orgs, record_files)
    org_map = _org_map(orgs, rec_o)
    orgs = orgs[~(rec_o & orgs["org_id"].isin(list(org_map)).to_numpy())].reset_index(drop=True)
    orgs = _first_declared(orgs, _from_records(orgs, record_files), "org_id")
    rec_e = _from_records(editors, record_files)
    ed_map = _editor_by_siren(editors, rec_e)
    editors = editors[~(rec_e & editors["editor_id"].isin(list(ed_map)).to_numpy())]
    editors = _first_declared(
        editors.reset_index(drop=True), _from_records(editors, record_files), "editor_id"
    )
    if registries is not None:
        editors = _registry_facts(editors, _from_records(editors, record_files), registries)
    # the same contract published in two record files given together
    contracts = _first_declared(contracts, rec_c, "contract_id")
    rec_c = _from_records(contracts, record_files)
    contracts.loc[rec_c, "org_id"] = contracts.loc[rec_c, "org_id"].replace(org_map)
    contracts.loc[rec_c, "editor_id"] = contracts.loc[rec_c, "editor_id"].replace(ed_map)
    contracts, merged = _merge(contracts, rec_c)
    rec_c = _from_records(contracts, record_files)
    problems = [*_estimates(contracts, rec_c)]
    problems += _unlisted(portfolio, contracts, rec_c, editors, orgs)
    problems += _price_references(contracts, rec_c, editors)
    out = replace(portfolio, organisations=orgs, editors=editors, contracts=contracts)
    return Reconciled(out, tuple(problems), merged)


def _registry_facts(editors: pd.DataFrame, rec: np.ndarray, reg: Registries) -> pd.DataFrame:
    known = rec & editors["editor_id"].isin(list(reg.editors)).to_numpy()
    if not known.any():
        return editors
    out = editors.copy()
    ids = out.loc[known, "editor_id"]
    entries = [reg.editors[e] for e in ids]
    out.loc[known, "name"] = [e.name for e in entries]
    out.loc[known, "country"] = out.loc[known, "country"].fillna(
        pd.Series([e.country for e in entries], index=ids.index, dtype="string")
    )
    out.loc[known, "group"] = out.loc[known, "group"].fillna(
        pd.Series([reg.group_of(e) for e in ids], index=ids.index, dtype="string")
    )
    return out


def _merge(contracts: pd.DataFrame, rec: np.ndarray) -> tuple[pd.DataFrame, dict[str, str]]:
    """Record contracts merged into overlapping inventory contracts of the same org + editor."""
    inv = contracts[~rec].reset_index().rename(columns={"index": "inv_pos"})
    recs = contracts[rec].reset_index().rename(columns={"index": "rec_pos"})
    if not len(inv):
        return contracts, {}
    pairs = recs[["rec_pos", "org_id", "editor_id", "start_date", "end_date"]].merge(
        inv[["inv_pos", "org_id", "editor_id", "start_date", "end_date"]],
        on=["org_id", "editor_id"],
        suffixes=("_r", "_i"),
    )
    far, near = pd.Timestamp.max, pd.Timestamp.min
    start_r = pd.to_datetime(pairs["start_date_r"]).astype("datetime64[ns]").fillna(near)
    end_r = pd.to_datetime(pairs["end_date_r"]).astype("datetime64[ns]").fillna(far)
    start_i = pd.to_datetime(pairs["start_date_i"]).astype("datetime64[ns]").fillna(near)
    end_i = pd.to_datetime(pairs["end_date_i"]).astype("datetime64[ns]").fillna(far)
    pairs = pairs[(start_r <= end_i) & (start_i <= end_r)]
    pairs = pairs.drop_duplicates("rec_pos").drop_duplicates("inv_pos")
    if not len(pairs):
        return contracts, {}
    out = contracts.copy()
    rec_rows = out.loc[pairs["rec_pos"].to_numpy()]
    inv_idx = pairs["inv_pos"].to_numpy()
    for column in FILLED:
        current = out.loc[inv_idx, column]
        filler = rec_rows[column].set_axis(current.index)
        out.loc[inv_idx, column] = current.where(current.notna(), filler)
    merged = dict(
        zip(
            rec_rows["contract_id"].astype(str),
            out.loc[inv_idx, "contract_id"].astype(str),
            strict=True,
        )
    )
    out = out.drop(index=pairs["rec_pos"].to_numpy()).reset_index(drop=True)
    return out, merged


def _estimates(contracts: pd.DataFrame, rec: np.ndarray) -> list[Problem]:
    costed = contracts[rec & contracts["annual_cost"].notna().to_numpy()]
    return [
        Problem.make(Severity.WARNING, "records_cost_estimate", Location(str(file)), count=len(g))
        for file, g in costed.groupby("_file", sort=True)
    ]


def _names(editors: pd.DataFrame, ids: list[str]) -> list[str]:
    names = dict(zip(editors["editor_id"], editors["name"], strict=True))
    return [str(names.get(e) or e) for e in ids]


def _unlisted(
    before: Portfolio,
    contracts: pd.DataFrame,
    rec: np.ndarray,
    editors: pd.DataFrame,
    orgs: pd.DataFrame,
) -> list[Problem]:
    """Per inventory organisation: editors paid per the records, absent from its inventory."""
    apps = before.applications
    inventory_orgs = set(apps["org_id"].dropna()) | set(contracts.loc[~rec, "org_id"].dropna())
    if not inventory_orgs:
        return []
    listed = pd.concat(
        [apps[["org_id", "editor_id"]], contracts.loc[~rec, ["org_id", "editor_id"]]],
        ignore_index=True,
    ).drop_duplicates()
    paid = contracts.loc[rec, ["org_id", "editor_id"]].drop_duplicates()
    paid = paid[paid["org_id"].isin(list(inventory_orgs))]
    missing = paid.merge(listed, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"]
    problems = []
    org_names = dict(zip(orgs["org_id"], orgs["name"], strict=True))
    for org, group in missing.groupby("org_id", sort=True):
        names = sorted(_names(editors, sorted(group["editor_id"].astype(str))))
        problems.append(
            Problem.make(
                Severity.WARNING,
                "records_unlisted_editors",
                Location(""),
                org=str(org_names.get(org) or org),
                count=len(names),
                editors=", ".join(names),
            )
        )
    return problems


def _price_references(
    contracts: pd.DataFrame, rec: np.ndarray, editors: pd.DataFrame
) -> list[Problem]:
    """Yearly cost per editor across buyers, when two or more buyers pay the same editor."""
    paid = contracts.loc[rec & contracts["annual_cost"].notna().to_numpy()]
    if paid["org_id"].nunique() < 2:
        return []
    per_buyer = paid.groupby(["editor_id", "org_id"])["annual_cost"].sum().reset_index()
    stats = per_buyer.groupby("editor_id")["annual_cost"].agg(["count", "min", "median", "max"])
    stats = stats[stats["count"] >= 2].sort_index()
    names = _names(editors, [str(e) for e in stats.index])
    return [
        Problem.make(
            Severity.WARNING,
            "records_price_reference",
            Location(""),
            editor=name,
            buyers=int(row["count"]),
            low=f"{row['min']:.0f}",
            median=f"{row['median']:.0f}",
            high=f"{row['max']:.0f}",
        )
        for name, (_eid, row) in zip(names, stats.iterrows(), strict=True)
    ]
