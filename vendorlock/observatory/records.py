"""Procurement records → one columnar contract table for the observatory.

The DECP connector's own parsing (:mod:`vendorlock.sources.decp`: JSON and XML 1.x/2.x, flat
CSV, modifications, CPV 48*/72* filter, de-duplication) gives the record frame; this module
adds what the observatory needs and the audit does not: the domain of each CPV code, the place
of execution (département, region) and the editor's corporate group. No per-record Python
object after parsing: every step is a vectorised pandas operation or a mapping computed once
per distinct value (a few hundred CPV codes, places and holder names over a million records).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from vendorlock.model.problems import Location
from vendorlock.readers.interface import ReadLimits
from vendorlock.registry import normalise_key
from vendorlock.registry.registries import Registries
from vendorlock.resources import data_dir
from vendorlock.sources import decp
from vendorlock.sources.interface import SourceError
from vendorlock.yamlio import load_yaml

#: Columns of the contract table (one row per de-duplicated software or IT contract).
CONTRACT_COLUMNS = (
    "key",
    "buyer",
    "buyer_name",
    "departement",
    "region",
    "domain",
    "editor",
    "group",
    "year",
    "amount",
    "end",
)

#: Rows read from one flat CSV at most (the consolidated national file is ~1.5M rows).
MAX_FLAT_ROWS = 20_000_000


@dataclass(frozen=True)
class ObservatoryRules:
    """``connectors/observatory.yaml``: CPV → domain, place kinds, régions."""

    default_domain: str
    cpv_domains: Mapping[str, str]
    place_kinds: Mapping[str, str]
    region_of: Mapping[str, str]
    region_names: Mapping[str, str]
    domain_labels: Mapping[str, Mapping[str, str]]


@cache
def observatory_rules(folder: Path | None = None) -> ObservatoryRules:
    """The observatory rules from ``folder`` (default: the shipped ``connectors/``)."""
    raw = load_yaml((folder or data_dir("connectors")) / "observatory.yaml")
    kinds = {normalise_key(label): kind for kind, ls in raw["place_kinds"].items() for label in ls}
    regions = raw["regions"]
    return ObservatoryRules(
        default_domain=str(raw["default_domain"]),
        cpv_domains={str(k): str(v) for k, v in raw["cpv_domains"].items()},
        place_kinds=kinds,
        region_of={str(d): str(code) for code, r in regions.items() for d in r["departements"]},
        region_names={str(code): str(r["name"]) for code, r in regions.items()},
        domain_labels={str(k): dict(v) for k, v in raw.get("domain_labels", {}).items()},
    )


def read_records(path: Path) -> pd.DataFrame:
    """The DECP record frame of one file (any published shape), software and IT only."""
    head = path.open("rb").read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return decp._json_records(path)
    if head.startswith(b"<"):
        return decp._xml_records(path)
    return decp._flat_records(path, ReadLimits(max_rows=MAX_FLAT_ROWS))


def _domains(cpv: pd.Series, rules: ObservatoryRules) -> pd.Series:
    """Domain of each 8-digit CPV code: the longest prefix of ``cpv_domains``, once per code."""
    prefixes = sorted(rules.cpv_domains, key=len, reverse=True)

    def domain(code: object) -> str:
        text = str(code) if isinstance(code, str) else ""
        for prefix in prefixes:
            if text.startswith(prefix):
                return rules.cpv_domains[prefix]
        return rules.default_domain

    uniques = cpv.dropna().unique()
    return cpv.map({u: domain(u) for u in uniques}).fillna(rules.default_domain).astype("string")


def _departements(code: pd.Series, kind: pd.Series, rules: ObservatoryRules) -> pd.Series:
    """Département of each place of execution (commune, postal or département code)."""
    kinds = kind.fillna("").map({u: normalise_key(u) for u in kind.fillna("").unique()})
    kinds = kinds.map(rules.place_kinds).astype("string")
    text = code.astype("string").str.replace(r"\s", "", regex=True).str.upper()
    overseas = text.str.startswith("97")
    local = text.str.slice(0, 3).where(overseas, text.str.slice(0, 2))
    dept = local.where(kinds == "commune").fillna(text.where(kinds == "departement"))
    return dept.where(dept.isin(list(rules.region_of))).astype("string")


def _groups(names: pd.Series, registries: Registries) -> tuple[pd.Series, pd.Series]:
    """Editor id and corporate-group id of each holder name (each distinct name once)."""
    editors = registries.editor_ids_for(names).astype("string")
    groups = editors.map({u: registries.group_of(u) for u in editors.unique()})
    return editors, groups.astype("string")


def contracts(records: pd.DataFrame, registries: Registries) -> pd.DataFrame:
    """The contract table (:data:`CONTRACT_COLUMNS`) of a record frame."""
    rules = observatory_rules()
    df = decp.kept_records(records)
    months = pd.to_numeric(df["months"], errors="coerce")
    amount = pd.to_numeric(
        df["amount"]
        .astype("string")
        .str.replace(r"[\s\u00a0\u202f]", "", regex=True)
        .str.replace(",", "."),
        errors="coerce",
    )
    start = decp._dates(df["notified"].astype("string"))
    end = decp._end_dates(start, months)
    dept = _departements(df["place_code"], df["place_kind"], rules)
    region_kind = (
        df["place_kind"]
        .fillna("")
        .map({u: normalise_key(u) for u in df["place_kind"].fillna("").unique()})
    )
    own_region = (
        df["place_code"].astype("string").where(region_kind.map(rules.place_kinds) == "region")
    )
    region = dept.map(rules.region_of).astype("string").fillna(own_region)
    region = region.where(region.isin(list(rules.region_names)))
    holder_id = decp._first(df["holder_ids"]).astype("string").str.replace(r"\s", "", regex=True)
    holder = decp._first(df["holder_names"]).astype("string").fillna(holder_id)
    editor, group = _groups(holder, registries)
    out = pd.DataFrame(
        {
            "key": df["key"].astype("string"),
            "buyer": df["buyer_id"].astype("string").str.slice(0, 9),
            "buyer_name": df["buyer_name"].astype("string"),
            "departement": dept,
            "region": region.astype("string"),
            "domain": _domains(df["cpv"], rules),
            "editor": editor,
            "group": group,
            "year": start.dt.year.astype("Int64"),
            "amount": amount.astype("float64"),
            "end": end.astype("datetime64[s]"),
        }
    )
    return out.dropna(subset=["buyer"]).reset_index(drop=True)


def load_contracts(
    paths: Sequence[Path],
    registries: Registries,
    read: Callable[[Callable[[Path], pd.DataFrame], Sequence[Path]], list[pd.DataFrame]]
    | None = None,
) -> pd.DataFrame:
    """Contracts of every file, de-duplicated across files (the same contract republished by
    several platforms or in several yearly files counts once: the first one read). ``read``
    maps :func:`read_records` (a pure function of the file: the costly parsing) over the files,
    in order (default: one after the other); the vectorised rest runs here."""
    records = read(read_records, paths) if read is not None else [read_records(p) for p in paths]
    frames = [contracts(r, registries) for r in records]
    frames = [f for f in frames if len(f)]
    if not frames:
        # nothing to observe: said once, naming the files, rather than empty reports
        prefixes = ", ".join(f"{p}*" for p in decp.decp_rules().cpv_prefixes)
        where = Location(", ".join(str(p) for p in paths))
        raise SourceError("decp_no_it_contract", where, prefixes=prefixes)
    out = pd.concat(frames, ignore_index=True)
    keep = ~out["key"].duplicated().to_numpy()
    return out[keep].reset_index(drop=True)


def partition_of(buyers: pd.Series, partitions: int) -> np.ndarray:
    """Partition number of each buyer: a stable hash (same on every machine and run)."""
    hashes = pd.util.hash_pandas_object(buyers.fillna(""), index=False).to_numpy()
    return (hashes % np.uint64(partitions)).astype(np.int64)
