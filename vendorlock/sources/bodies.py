"""Several sources, one body: organisations and applications reconciled across inputs.

A DSI gives vendorlock what it has: GLPI exports for applications and contracts, an ArchiMate
model for flows, the procurement records for what is paid. Each source names the body its own
way (a GLPI entity path, no organisation at all in a model or an SBOM, a buyer SIRET in the
records) and lists the same applications again. Without this module the audit would see three
bodies and count every application twice. Run while the inventory is assembled
(:mod:`vendorlock.readers.assemble`), before references between tables are resolved:

- **organisations** with the same SIREN are one; else those with the same normalised name
  (when their SIRENs do not contradict each other) are one. The first declared row wins (the
  inventory before the records), the others only fill its gaps (SIREN, kind). A name shared by
  several bodies with different SIRENs joins none of them, with a warning;
- a **source without any organisation** (an ArchiMate model, an SBOM, a sheet without an
  organisation column) belongs to the single organisation the other sources own rows for;
  when they own rows for several, the source keeps its own organisation (named after the file)
  and a warning says which bodies it could have been;
- **applications** of one organisation read from different files with the same normalised
  name, or the same editor and product, are one: the first given wins, the others fill its
  gaps, and contracts and flows naming the others are pointed at it.

``validate`` prints what was joined (:class:`Joined` lines); ambiguous cases are warnings.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.dtypes import STRING
from vendorlock.i18n import Lang, t, t_counted
from vendorlock.model.portfolio import MULTI_SEP
from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.readers.values import normalise_keys

#: Application fields never filled from a merged duplicate (identity and provenance).
_KEEP = frozenset({"app_id", "org_id", "_file", "_sheet", "_row"})


@dataclass(frozen=True)
class Joined:
    """One reconciliation across sources, as ``validate`` states it (not a problem)."""

    code: str
    params: tuple[tuple[str, Any], ...]

    @classmethod
    def make(cls, code: str, **params: Any) -> Joined:
        return cls(code, tuple(sorted(params.items())))

    def render(self, lang: Lang | str = Lang.EN) -> str:
        return t_counted(f"joined.{self.code}", lang, **dict(self.params))

    def to_json(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {"code": self.code, "message": self.render(lang), **dict(self.params)}


@dataclass(frozen=True)
class Attached:
    """Where the rows of sources without any organisation go."""

    #: The organisation they belong to, or None to keep each file's own.
    target: str | None
    problems: tuple[Problem, ...] = ()
    joined: tuple[Joined, ...] = ()


def attach_unowned(
    files: Sequence[str],
    inventory_owners: Collection[str],
    record_owners: Collection[str],
    declared: Sequence[str],
    names: Mapping[str, str],
    parents: Mapping[str, str] | None = None,
) -> Attached:
    """The organisation of ``files`` (sources naming no organisation).

    The single organisation the inventory's other sources own rows for (owners inside another
    owner, per ``parents``, count as that one: GLPI's contracts at the town, its software in
    the town's services); else, when only the procurement records name owners, their single
    buyer; else the single organisation declared in an organisations sheet. Several
    candidates: a warning per file, each keeps its own.
    """
    if not files:
        return Attached(None)
    candidates = (
        _tops(set(inventory_owners), parents or {})
        or _tops(set(record_owners), parents or {})
        or sorted(declared)
    )
    if len(candidates) == 1:
        target = candidates[0]
        return Attached(
            target,
            joined=tuple(
                Joined.make("attached", file=f, org=names.get(target, target))
                for f in sorted(files)
            ),
        )
    if not candidates:
        return Attached(None)
    shown = ", ".join(names.get(c, c) for c in candidates)
    return Attached(
        None,
        problems=tuple(
            Problem.make(
                Severity.WARNING,
                "bodies_ambiguous_source",
                Location(f),
                count=len(candidates),
                orgs=shown,
            )
            for f in sorted(files)
        ),
    )


def _tops(owners: set[str], parents: Mapping[str, str]) -> list[str]:
    """``owners`` without those below another owner (``parents``: child → parent id)."""

    def above(org: str) -> bool:
        seen: set[str] = set()
        while org in parents and org not in seen:
            seen.add(org)
            org = parents[org]
            if org in owners:
                return True
        return False

    return sorted(o for o in owners if not above(o))


@dataclass(frozen=True)
class MergedOrgs:
    """Organisations after reconciliation, and old id → kept id."""

    organisations: pd.DataFrame
    ids: dict[str, str]
    problems: tuple[Problem, ...] = ()
    joined: tuple[Joined, ...] = ()


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def merge_organisations(
    orgs: pd.DataFrame, record_files: Collection[str], derived_kind: str
) -> MergedOrgs:
    """Organisation rows of different files that are one body (module docstring), merged.

    Rows are taken inventory first, records last; a row joins the first kept row with its
    SIREN, else the first kept row with its normalised name, unless rows of that name carry
    several SIRENs (then a row without SIREN cannot tell which body it is: a warning, and it
    stays apart). Rows of one file never merge together (a duplicate is validation's
    business).
    """
    if len(orgs) < 2:
        return MergedOrgs(orgs, {})
    files = orgs["_file"].astype(STRING) if "_file" in orgs else pd.Series(pd.NA, index=orgs.index)
    shared = _shared_across_files(orgs, files)
    if not shared.any():
        return MergedOrgs(orgs, {})  # the common case: one source's bodies, nothing to join
    rec = files.isin(list(record_files)).fillna(False).to_numpy(dtype=bool)
    order = np.argsort(rec, kind="stable")
    order = order[shared[order]]  # only rows sharing a key with another file may join
    names = normalise_keys(orgs["name"].astype(STRING)).to_numpy(dtype=object)
    sirens = orgs["siren"].astype(STRING).to_numpy(dtype=object)
    ids = orgs["org_id"].astype(STRING).to_numpy(dtype=object)
    file_of = files.to_numpy(dtype=object)
    spread: dict[str, set[str]] = {}
    for name_key, siren_value in zip(names[shared], sirens[shared], strict=True):
        if _text(name_key) and _text(siren_value):
            spread.setdefault(str(name_key), set()).add(str(siren_value))
    ambiguous = {n: s for n, s in spread.items() if len(s) > 1}
    by_siren: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    kept_siren: dict[int, str | None] = {}
    into: dict[int, int] = {}
    problems: list[Problem] = []
    for pos in order.tolist():
        siren = _text(sirens[pos])
        name = _text(names[pos]) or ""
        target: int | None = by_siren.get(siren) if siren else None
        if target is None and name in ambiguous:
            if not siren:  # a name several SIRENs share: which body is meant cannot be told
                problems.append(
                    Problem.make(
                        Severity.WARNING,
                        "bodies_ambiguous_name",
                        Location(_text(file_of[pos]) or ""),
                        name=str(orgs["name"].iloc[pos]),
                        sirens=", ".join(sorted(ambiguous[name])),
                    )
                )
        elif target is None and name and by_name.get(name):
            target = by_name[name][0]
        if target is not None and (
            _text(file_of[target]) is None or _text(file_of[target]) != _text(file_of[pos])
        ):
            into[pos] = target
            if siren and not kept_siren[target]:
                kept_siren[target] = siren
                by_siren[siren] = target
            continue
        kept_siren[pos] = siren
        if siren:
            by_siren.setdefault(siren, pos)
        if name:
            by_name.setdefault(name, []).append(pos)
    if not into:
        return MergedOrgs(orgs, {}, tuple(problems))
    out = orgs.copy()
    for pos, target in into.items():
        for column in ("siren", "population"):
            if column in out and pd.isna(out[column].iloc[target]):
                out.iloc[target, out.columns.get_loc(column)] = out[column].iloc[pos]
        if out["kind"].iloc[target] == derived_kind and not pd.isna(out["kind"].iloc[pos]):
            out.iloc[target, out.columns.get_loc("kind")] = out["kind"].iloc[pos]
    id_map = {str(ids[p]): str(ids[k]) for p, k in into.items() if ids[p] != ids[k]}
    out = out.drop(index=out.index[list(into)]).reset_index(drop=True)
    if "parent_id" in out and id_map:
        out["parent_id"] = out["parent_id"].astype(STRING).replace(id_map)
    joined = []
    for target in sorted(set(into.values()), key=lambda k: str(ids[k])):
        merged = sorted({str(orgs["name"].iloc[p]) for p, k in into.items() if k == target})
        joined.append(
            Joined.make(
                "organisations",
                org=str(orgs["name"].iloc[target]),
                count=len(merged),
                names=", ".join(merged),
            )
        )
    return MergedOrgs(out, id_map, tuple(problems), tuple(joined))


def _shared_across_files(orgs: pd.DataFrame, files: pd.Series) -> np.ndarray:
    """Rows whose SIREN or normalised name another file (or another derived row) also has:
    the only ones that may join (vectorised: 40,000 buyers of one record file cost nothing)."""
    origin = files.fillna("\0derived").to_numpy(dtype=object)
    out = np.zeros(len(orgs), dtype=bool)
    for key in (orgs["siren"].astype(STRING), normalise_keys(orgs["name"].astype(STRING))):
        if len(orgs) <= FEW_ORGANISATIONS:
            out |= _shared_few(key.to_numpy(dtype=object), origin)
            continue
        pairs = pd.DataFrame({"key": key.to_numpy(dtype=object), "file": origin})
        pairs = pairs[pairs["key"].notna().to_numpy()]
        spread = pairs.groupby("key", sort=False)["file"].transform("nunique").to_numpy()
        derived = (pairs["file"] == "\0derived").to_numpy()
        twice = pairs["key"].duplicated(keep=False).to_numpy()
        hit = (spread > 1) | (derived & twice)
        out[pairs.index.to_numpy()[hit]] = True
    return out


#: Organisations up to which :func:`_shared_across_files` counts in plain Python: a groupby
#: costs ~2 ms of pandas bookkeeping however few the rows (one body's two organisations).
FEW_ORGANISATIONS = 1_000


def _shared_few(keys: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """:func:`_shared_across_files`' rows for one key column, counted in dicts: a key held in
    several files, or a derived row's key held twice."""
    files: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for key, file in zip(keys.tolist(), origin.tolist(), strict=True):
        if not pd.isna(key):
            files.setdefault(key, set()).add(file)
            count[key] = count.get(key, 0) + 1
    return np.array(
        [
            not pd.isna(key) and (len(files[key]) > 1 or (file == "\0derived" and count[key] > 1))
            for key, file in zip(keys.tolist(), origin.tolist(), strict=True)
        ],
        dtype=bool,
    )


@dataclass(frozen=True)
class MergedApps:
    """Applications after reconciliation, contracts and flows pointed at the kept ones."""

    applications: pd.DataFrame
    contracts: pd.DataFrame
    flows: pd.DataFrame
    ids: dict[str, str]
    joined: tuple[Joined, ...] = ()


def _product_key(apps: pd.DataFrame) -> pd.Series:
    """editor + normalised product (else name): the same software under another name."""
    product = apps["product"] if "product" in apps else pd.Series(pd.NA, index=apps.index)
    what = normalise_keys(product.astype(STRING).fillna(apps["name"].astype(STRING)))
    editor = apps["editor_id"].astype(STRING)
    return (editor + "\0" + what).where(editor.notna() & what.notna())


def _duplicates(apps: pd.DataFrame, key: pd.Series, alive: np.ndarray) -> dict[int, int]:
    """Position → position of the first row (other file, same org and key) it repeats."""
    frame = pd.DataFrame(
        {
            "org": apps["org_id"].astype(STRING).to_numpy(),
            "key": key.to_numpy(),
            "file": apps["_file"].astype(STRING).fillna("").to_numpy(),
            "pos": np.arange(len(apps)),
        }
    )[alive & key.notna().to_numpy()]
    frame = frame.dropna(subset=["org"])
    if not len(frame):
        return {}
    first = frame.groupby(["org", "key"], sort=False)[["pos", "file"]].transform("first")
    other = (first["file"] != frame["file"]).to_numpy()
    return dict(
        zip(frame["pos"][other].tolist(), first["pos"][other].astype(int).tolist(), strict=True)
    )


def merge_applications(
    apps: pd.DataFrame, contracts: pd.DataFrame, flows: pd.DataFrame
) -> MergedApps:
    """Applications repeated across files merged into the first one (module docstring)."""
    if len(apps) < 2 or "_file" not in apps or apps["_file"].nunique(dropna=True) < 2:
        return MergedApps(apps, contracts, flows, {})
    alive = np.ones(len(apps), dtype=bool)
    into = _duplicates(apps, normalise_keys(apps["name"].astype(STRING)), alive)
    alive[list(into)] = False
    into.update(_duplicates(apps, _product_key(apps), alive))
    if not into:
        return MergedApps(apps, contracts, flows, {})
    out = apps.copy()
    dup = np.fromiter(into, dtype=np.int64)
    kept = np.fromiter(into.values(), dtype=np.int64)
    fill = [c for c in out.columns if c not in _KEEP]
    filler = out.iloc[dup][fill].set_axis(kept).groupby(level=0).first()
    current = out.iloc[filler.index.to_numpy()][fill].set_axis(filler.index)
    filled = current.astype(object).where(current.notna(), filler.astype(object))
    for column in fill:
        values = filled[column].astype(out[column].dtype)
        out.iloc[filler.index.to_numpy(), out.columns.get_loc(column)] = values.to_numpy()
    app_ids = out["app_id"].astype(STRING).to_numpy(dtype=object)
    id_map = {str(app_ids[p]): str(app_ids[k]) for p, k in into.items()}
    names = out["name"].astype(STRING).to_numpy(dtype=object)
    joined = tuple(
        Joined.make(
            "application",
            app=str(names[k]),
            other=str(names[p]),
            file=str(out["_file"].iloc[p]),
            kept=str(out["_file"].iloc[k]),
        )
        for p, k in sorted(into.items(), key=lambda pk: (str(names[pk[1]]), pk[0]))
    )
    out = out.drop(index=out.index[dup]).reset_index(drop=True)
    # an id shared by the kept row and its duplicate maps to itself: nothing to repoint
    id_map = {old: new for old, new in id_map.items() if old != new}
    return MergedApps(
        out, _repoint_contracts(contracts, id_map), _repoint_flows(flows, id_map), id_map, joined
    )


def _repoint_contracts(contracts: pd.DataFrame, id_map: Mapping[str, str]) -> pd.DataFrame:
    if not id_map or not len(contracts) or not contracts["app_ids"].notna().any():
        return contracts
    cells = contracts["app_ids"].astype(STRING)
    distinct = {
        v: MULTI_SEP.join(sorted({id_map.get(p, p) for p in v.split(MULTI_SEP)}))
        for v in pd.unique(cells.dropna())
    }
    return contracts.assign(app_ids=cells.map(distinct).astype(STRING))


def _repoint_flows(flows: pd.DataFrame, id_map: Mapping[str, str]) -> pd.DataFrame:
    if not id_map or not len(flows):
        return flows
    out = flows.copy()
    for end in ("source", "target"):
        if end in out:
            out[end] = out[end].astype(STRING).replace(dict(id_map))
    return out


def joined_lines(joined: Sequence[Joined], lang: Lang | str) -> list[str]:
    """``validate``'s lines on what was reconciled across sources (nothing when nothing was)."""
    if not joined:
        return []
    return [t("joined.title", lang, count=len(joined))] + [
        "  " + j.render(lang) for j in sorted(joined, key=lambda j: (j.code, j.params))
    ]


def name_index(orgs: pd.DataFrame) -> dict[str, str]:
    """org id → its name, for messages."""
    ids = orgs["org_id"].astype(STRING)
    names = orgs["name"].astype(STRING).fillna(ids)
    return dict(zip(ids.to_numpy(dtype=object), names.to_numpy(dtype=object), strict=True))


__all__ = [
    "Attached",
    "Joined",
    "MergedApps",
    "MergedOrgs",
    "attach_unowned",
    "joined_lines",
    "merge_applications",
    "merge_organisations",
    "name_index",
]
