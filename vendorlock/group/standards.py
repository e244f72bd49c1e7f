"""What a replacement must support: the standards and formats pinned by a set of applications.

A flow between one of the applications and a national platform pins the standard the flow uses
or, when the inventory does not say, every standard the platform mandates (registry
``platforms[id].standards``). A flow to another application pins its standard, or its format
when no standard is named. Each requirement keeps who needs it (platform, or the domain of the
application at the other end), how many flows and how many members.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from vendorlock.group.frames import pylist, string_codes
from vendorlock.registry.registries import Registries


def touching_flows(flows: pd.DataFrame, app_ids: Iterable[str]) -> pd.DataFrame:
    """Flows with one end in ``app_ids``, with ``end`` (that app) and ``other`` columns."""
    ids = set(app_ids)
    out_side = flows[flows["source"].isin(ids)].assign(end=lambda f: f["source"])
    out_side = out_side.assign(other=out_side["target"], direction="out")
    in_side = flows[flows["target"].isin(ids) & ~flows["source"].isin(ids)]
    in_side = in_side.assign(end=in_side["target"], other=in_side["source"], direction="in")
    both = pd.concat([out_side, in_side], ignore_index=True)
    return both.sort_values(["org_id", "flow_id"]).reset_index(drop=True)


def other_kind(other: pd.Series, registries: Registries, known_apps: set[str]) -> pd.Series:
    """``platform`` / ``application`` / ``unknown`` for the far end of each flow."""
    kinds = pd.Series("unknown", index=other.index, dtype="string")
    kinds[other.isin(known_apps)] = "application"
    kinds[other.isin(set(registries.platforms))] = "platform"
    return kinds


#: Columns of :func:`requirement_rows`: the application end, the flow, what it pins, who needs it.
REQUIREMENT_COLUMNS = ("end", "flow_id", "org_id", "what", "ident", "by_kind", "by_id", "one_of")


def requirement_rows(
    apps: pd.DataFrame,
    flows: pd.DataFrame,
    registries: Registries,
    ends: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every requirement a flow pins, once per application end, built once per document.

    One row per (application end, flow, pinned standard or format): ``what`` is ``standard``
    or ``format``, ``ident`` its id, ``by_kind``/``by_id`` who needs it (``platform`` and its
    id, ``application`` and the far end's domain, ``unknown`` and the far end), ``one_of``
    whether it is one of several standards a platform mandates when the flow names none.
    ``ends`` keeps only the rows of these applications (all by default). Columnar, so
    requirements for many groups of applications cost a few group-bys
    (:func:`requirements_of_groups`) instead of a Python walk per group.
    """
    app_list = pylist(apps["app_id"])
    app_ids = {str(a) for a in app_list if a is not None}
    wanted = app_ids if ends is None else app_ids & set(ends)
    # the ends as Python values, looked up in the sets one by one (a pandas ``isin`` hashes
    # the set and, on an Arrow column, converts it element-wise); only the flows touching a
    # wanted end are converted further, and every column stays a numpy array until the one
    # DataFrame at the end (each intermediate frame converted its strings to Arrow and back)
    source_all, target_all = pylist(flows["source"]), pylist(flows["target"])
    n = len(source_all)
    source_in = np.fromiter((v in wanted for v in source_all), dtype=bool, count=n)
    target_in = np.fromiter((v in wanted for v in target_all), dtype=bool, count=n)
    touching = np.flatnonzero(source_in | target_in)
    kept = flows[["flow_id", "org_id", "standard", "format"]].iloc[touching]
    plain = {c: _objects(pylist(kept[c])) for c in kept.columns}
    source = _objects(source_all)[touching]
    target = _objects(target_all)[touching]
    out_side = np.flatnonzero(source_in[touching])
    in_side = np.flatnonzero(target_in[touching] & (target != source))
    take = np.concatenate([out_side, in_side])
    end = np.concatenate([source[out_side], target[in_side]])
    other = np.concatenate([target[out_side], source[in_side]])
    side = {c: values[take] for c, values in plain.items()}
    platforms = set(registries.platforms)
    is_platform = np.fromiter((v in platforms for v in other), dtype=bool, count=len(other))
    is_app = ~is_platform & np.fromiter((v in app_ids for v in other), bool, len(other))
    domain_of = dict(zip(map(str, app_list), pylist(apps["domain"]), strict=True))
    by_kind = np.where(is_platform, 0, np.where(is_app, 1, 2))  # codes of _BY_KINDS
    # the far end's domain when it is an application (a dict look-up each: a pandas ``map``
    # hashed the whole dictionary into an index first)
    by_id = other.copy()
    apps_at = np.flatnonzero(is_app)
    by_id[apps_at] = [domain_of[v] for v in other[apps_at].tolist()]
    has_std = pd.notna(side["standard"])
    has_fmt = pd.notna(side["format"])
    # a platform flow naming no standard pins each standard the platform mandates, in the
    # registry's order, one row each; a platform mandating none leaves its format, if any
    mandates = {pid: tuple(entry.standards) for pid, entry in registries.platforms.items()}
    rows_std = np.flatnonzero(has_std)
    pins: list[int] = []
    pinned: list[Any] = []
    pinned_one_of: list[bool] = []
    unpinned: list[int] = []
    for r in np.flatnonzero(is_platform & ~has_std).tolist():
        stds = mandates[other[r]]
        if not stds:
            if has_fmt[r]:
                unpinned.append(r)
            continue
        pins += [r] * len(stds)
        pinned += stds
        pinned_one_of += [len(stds) > 1] * len(stds)
    rows_fmt = np.flatnonzero(~is_platform & ~has_std & has_fmt)
    order = np.concatenate(
        [rows_std, np.array(pins, dtype=np.intp), np.array(unpinned, dtype=np.intp), rows_fmt]
    )
    ident = np.concatenate(
        [
            side["standard"][rows_std],
            _objects(pinned),
            side["format"][np.array(unpinned, dtype=np.intp)],
            side["format"][rows_fmt],
        ]
    )
    one_of = np.concatenate(
        [
            np.zeros(len(rows_std), dtype=bool),
            np.array(pinned_one_of, dtype=bool),
            np.zeros(len(unpinned) + len(rows_fmt), dtype=bool),
        ]
    )
    standards = len(rows_std) + len(pins)
    what = (np.arange(len(order)) >= standards).astype(np.int8)  # codes of _WHATS
    return pd.DataFrame(
        {
            "end": pd.Series(end[order], dtype=object),
            "flow_id": pd.Series(side["flow_id"][order], dtype=object),
            "org_id": pd.Series(side["org_id"][order], dtype=object),
            "what": _labels(what, _WHATS),
            "ident": pd.Series(ident, dtype=object),
            "by_kind": _labels(by_kind[order], _BY_KINDS),
            "by_id": pd.Series(by_id[order], dtype=object),
            "one_of": one_of,
        }
    )


#: What a requirement row pins, and who needs it: the labels of their codes.
_WHATS = ("standard", "format")
_BY_KINDS = ("platform", "application", "unknown")


def _labels(codes: np.ndarray, labels: Sequence[str]) -> pd.Series:
    """A ``str`` column of ``labels[code]`` for each code, built by Arrow from the codes (a
    column of 100,000 repeated words converted one string at a time costs ~10× more)."""
    indices = pa.array(codes.astype(np.int8))
    words = pa.DictionaryArray.from_arrays(indices, pa.array(labels, type=pa.large_string()))
    return pd.Series(words.cast(pa.large_string()), dtype="str")


def _objects(values: list[Any]) -> np.ndarray:
    """A 1-D object array of ``values``, each kept as the Python value it is."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def requirements_of_groups(
    group_of: Mapping[str, Any], rows: pd.DataFrame, registries: Registries
) -> dict[Any, dict[str, list[dict[str, Any]]]]:
    """Standards and formats required by each group of applications (``app_id → group``).

    A flow between two applications of one group counts once (per organisation: flow ids
    repeat across members' inventories). Every group of ``group_of`` gets an entry, empty
    lists when its applications have no flow pinning anything.
    """
    out: dict[Any, dict[str, list[dict[str, Any]]]] = {
        g: {"standards": [], "formats": []} for g in sorted(set(group_of.values()))
    }
    ends = rows["end"].tolist()
    # plain look-ups (a pandas ``isin`` and ``map`` hash the dictionary into an index first)
    kept = np.fromiter((e in group_of for e in ends), dtype=bool, count=len(ends))
    mine = rows[kept]
    if mine.empty:
        return out
    groups = np.asarray([group_of[e] for e, k in zip(ends, kept.tolist(), strict=True) if k])
    # every key as sorted integer codes (missing last, as a sorted group-by puts it): the
    # group-bys below work on integers, not strings, and a ``min`` over strings would fall
    # back to Python per group
    keys = ("group", "what", "ident", "by_kind", "by_id")
    uniques: dict[str, list[Any]] = {}
    coded: dict[str, np.ndarray] = {}
    codes, found = pd.factorize(groups, sort=True, use_na_sentinel=False)
    coded["group"], uniques["group"] = codes, list(found)
    for col in keys[1:]:
        coded[col], uniques[col] = string_codes(mine[col], sort=True)
    for col in ("end", "flow_id", "org_id"):
        coded[col] = string_codes(mine[col], sort=col == "end")[0]
    frame = pd.DataFrame(coded)
    frame["one_of"] = mine["one_of"].to_numpy(dtype=bool)
    flow = ["group", "flow_id", "org_id"]
    first_end = frame.groupby(flow, sort=False)["end"].transform("min")
    frame = frame[frame["end"] == first_end]  # the flow as seen from its first end
    total_keys = ["group", "what", "ident"]
    by = list(keys)
    totals = pd.DataFrame(
        {
            "flows": frame.groupby(total_keys, sort=True).size(),
            "members": frame.drop_duplicates([*total_keys, "org_id"])
            .groupby(total_keys, sort=True)
            .size(),
        }
    )
    by_groups = frame.groupby(by, sort=True)
    needers = pd.DataFrame(
        {
            "flows": by_groups.size(),
            "members": frame.drop_duplicates([*by, "org_id"]).groupby(by, sort=True).size(),
            "one_of": by_groups["one_of"].any(),
        }
    )
    by_names: dict[tuple[Any, Any], str] = {}
    needed_by: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
    # the index levels as plain lists of codes: iterating a MultiIndex builds a tuple array
    for group, what, ident, by_kind, by_id, n, m, one_of in zip(
        *_levels(needers.index),
        needers["flows"].tolist(),
        needers["members"].tolist(),
        needers["one_of"].tolist(),
        strict=True,
    ):
        kind, who = uniques["by_kind"][by_kind], uniques["by_id"][by_id]
        if (kind, who) not in by_names:
            by_names[(kind, who)] = _by_name(kind, who, registries)
        needed_by.setdefault((group, what, ident), []).append(
            {
                "kind": kind,
                "id": who,
                "name": by_names[(kind, who)],
                "flows": int(n),
                "members": int(m),
                "one_of_platform_standards": bool(one_of),
            }
        )
    for group, what, ident, n, m in zip(
        *_levels(totals.index), totals["flows"].tolist(), totals["members"].tolist(), strict=True
    ):
        pinned, name = uniques["what"][what], uniques["ident"][ident]
        out[uniques["group"][group]][f"{pinned}s"].append(
            {
                "id": name,
                "name": _name(pinned, name, registries),
                "open": _open(pinned, name, registries),
                "flows": int(n),
                "members": int(m),
                "needed_by": needed_by[(group, what, ident)],
            }
        )
    return out


def _levels(index: pd.Index) -> list[list[Any]]:
    """Each level of a group-by's MultiIndex as a list of its values, row by row."""
    return [index.get_level_values(n).tolist() for n in range(index.nlevels)]


def required_standards(
    app_ids: Iterable[str],
    apps: pd.DataFrame,
    flows: pd.DataFrame,
    registries: Registries,
) -> dict[str, list[dict[str, Any]]]:
    """Standards (and bare formats) any product replacing ``app_ids`` must support.

    ``apps`` is the applications frame of the whole document (to name the far end's domain),
    ``flows`` its flows frame. Returns ``{"standards": [...], "formats": [...]}`` sorted by id.
    For many groups over one document build :func:`requirement_rows` once and call
    :func:`requirements_of_groups`.
    """
    rows = requirement_rows(apps, flows, registries)
    return requirements_of_groups(dict.fromkeys(map(str, app_ids), 0), rows, registries).get(
        0, {"standards": [], "formats": []}
    )


def _name(what: str, ident: str, registries: Registries) -> str:
    if what == "standard":
        s = registries.standards.get(ident)
        return s.name if s else ident
    f = registries.formats.get(ident)
    return f.name if f else ident


def _open(what: str, ident: str, registries: Registries) -> bool | None:
    if what == "standard":
        s = registries.standards.get(ident)
        return s.open if s else None
    f = registries.formats.get(ident)
    return f.is_open if f else None


def _by_name(kind: str, ident: str, registries: Registries) -> str:
    if kind == "platform":
        p = registries.platforms.get(ident)
        return p.name if p else ident
    if kind == "application":
        d = registries.domains.get(ident)
        return d.en if d else ident
    return ident


def alternatives(
    domain: str, registries: Registries, exclude: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Catalogue products for ``domain`` (open-source marked), minus ``exclude`` product ids."""
    skip = set(exclude)
    return [
        {
            "product_id": p.id,
            "name": p.name,
            "editor_id": p.editor_id,
            "open_source": p.open_source,
            "licence": p.licence,
            "standards": sorted(p.standards),
        }
        for p in registries.products_for_domain(domain)
        if p.id not in skip
    ]
