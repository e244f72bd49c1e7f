"""Putting the sheets together: organisations, editors, ids and references across tables.

Users name things the way they know them: an organisation by its name, an editor as it appears
on the invoice, a flow's end by the application's name or by a national platform ("Hélios").
Here every reference is resolved to an id (joins on normalised keys, computed once per distinct
value), missing ids are derived, and the organisations and editors tables are completed with
every body and editor the other tables name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.dtypes import STRING
from vendorlock.model.portfolio import (
    MULTI_SEP,
    STRUCTURE_KIND,
    Portfolio,
    conform,
    dtype_for,
    empty_table,
)
from vendorlock.model.problems import Localised, Location, Problem, Severity
from vendorlock.model.schema import Table, table_spec
from vendorlock.readers.build import Built, split_multi_text
from vendorlock.readers.connector import load_connector
from vendorlock.readers.ids import derive_ids, slug_series
from vendorlock.readers.values import (
    arrow_text,
    constant_text,
    join_text,
    key_array,
    map_unique_str,
    normalise_keys,
)
from vendorlock.registry import normalise_key, slugify
from vendorlock.registry.entries import Kind
from vendorlock.registry.registries import UNKNOWN_EDITOR, Registries
from vendorlock.sources import bodies

#: Kind given to organisations only named in other tables (the schema requires one).
DERIVED_ORG_KIND = "other"


@dataclass
class HeaderBook:
    """The user's header of each field, per table and sheet, to locate cross-table problems."""

    headers: dict[tuple[Table, str, str | None], dict[str, str]] = field(default_factory=dict)
    #: Tables whose every id was derived (unique by construction: no duplicate check needed).
    derived_ids: set[Table] = field(default_factory=set)

    def add(self, table: Table, file: str, sheet: str | None, headers: Mapping[str, str]) -> None:
        self.headers.setdefault((table, file, sheet), {}).update(headers)

    def locate(
        self, table: Table, frame: pd.DataFrame, mask: np.ndarray, column: str
    ) -> list[Location]:
        """Locations of the masked rows of ``frame`` at ``column``: the user's header, or no
        column when the sheet has none for that field (never the schema id, which means nothing
        to the user; the message says what is missing)."""
        idx = np.flatnonzero(mask)
        files = frame["_file"].to_numpy()[idx]
        sheets = frame["_sheet"].to_numpy()[idx]
        rows = frame["_row"].to_numpy()[idx]
        out = []
        for f, s, r in zip(files, sheets, rows, strict=True):
            sheet = None if pd.isna(s) else str(s)
            file = "" if pd.isna(f) else str(f)
            header = self.headers.get((table, file, sheet), {}).get(column)
            out.append(Location(file, sheet, None if pd.isna(r) else int(r), header))
        return out


def report(
    book: HeaderBook,
    of: Table,
    frame: pd.DataFrame,
    mask: np.ndarray,
    column: str,
    severity: Severity,
    code: str,
    values: pd.Series | None = None,
    **params: object,
) -> list[Problem]:
    """One problem per masked row, located through ``book``."""
    locs = book.locate(of, frame, mask, column)
    vals = (values if values is not None else frame[column]).to_numpy()[np.flatnonzero(mask)]
    return [
        Problem.make(severity, code, loc, value=_show(v), **params)
        for loc, v in zip(locs, vals, strict=True)
    ]


def _show(value: object) -> str:
    """A cell value as the user would read it (no ``.0`` on whole numbers)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _concat(frames: Sequence[pd.DataFrame], table: Table) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_table(table)
    return pd.concat(frames, ignore_index=True)


def _keys(text: pd.Series) -> pd.Series:
    return normalise_keys(text.astype(STRING))


@dataclass
class Assembly:
    """Working state while tables are put together."""

    registries: Registries
    default_org: str | None
    #: Input each file was found in (a folder's files share the folder's default organisation).
    origins: Mapping[str, str] = field(default_factory=dict)
    book: HeaderBook = field(default_factory=HeaderBook)
    problems: list[Problem] = field(default_factory=list)
    frames: dict[Table, list[pd.DataFrame]] = field(default_factory=dict)
    flat: list[pd.DataFrame] = field(default_factory=list)
    default_orgs: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Files of procurement records (their buyers rank after the inventory's organisations).
    record_files: frozenset[str] = frozenset()
    #: What was reconciled across sources (``validate`` states it).
    joined: list[bodies.Joined] = field(default_factory=list)

    def add(self, built: Built) -> None:
        frame = built.frame
        if not len(frame):
            return
        file = str(frame["_file"].iloc[0])
        sheet_value = frame["_sheet"].iloc[0]
        sheet = None if pd.isna(sheet_value) else str(sheet_value)
        self.book.add(built.table, file, sheet, built.headers)
        if built.table in (Table.APPLICATIONS, Table.CONTRACTS, Table.FLOWS) and (
            "org_id" not in frame.columns
        ):
            frame = frame.assign(
                org_id=constant_text("\0default:" + file, len(frame)).set_axis(frame.index)
            )
            stem = Path(self.origins.get(file, file)).stem
            self.default_orgs[file] = (self.default_org or slugify(stem) or "org", stem)
        offset = sum(len(f) for f in self.frames.get(built.table, []))
        self.frames.setdefault(built.table, []).append(frame)
        if built.contracts is not None and len(built.contracts):
            contracts = built.contracts.assign(_app_row=built.contracts["_app_row"] + offset)
            self.flat.append(contracts)
            self.book.add(Table.CONTRACTS, file, sheet, {**built.headers, **built.contract_headers})

    def table(self, table: Table) -> pd.DataFrame:
        """All rows read for ``table``, every canonical column present (missing ones empty)."""
        df = _concat(self.frames.get(table, []), table)
        for spec in table_spec(table).fields:
            if spec.name not in df.columns:
                df[spec.name] = pd.Series(index=df.index, dtype=dtype_for(spec))
        return df


# -- organisations ----------------------------------------------------------------------------


#: How inventory tools write an organisation inside its parents (GLPI's entity complete names,
#: "Entité racine > Ville de Saint-Aubin > CCAS").
PATH_SEP = " > "


def _path_leaf(value: str) -> tuple[str, str | None]:
    """An organisation reference as (its own name, its parent's name): a path names the last
    segment, whose parent is the segment before; a plain name has no parent."""
    parts = [p.strip() for p in value.split(PATH_SEP.strip())] if PATH_SEP in value else []
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return value, None
    return parts[-1], parts[-2]


#: Where a written organisation reference was first read: (file, sheet, row).
Place = tuple[str | None, str | None, int | None]
#: An organisation derived from references: (id, name, place of the first row naming it).
DerivedRow = tuple[str, str, Place]
_NOWHERE: Place = (None, None, None)

#: The names GLPI gives its root entity (entity 0) in French and English. When it sits above
#: two entities or more it is the installation's owner — the structure sharing its GLPI with its
#: members ("Entité racine > Syndicat > Commune"), not a member: it takes the structure's kind.
GLPI_ROOT_ENTITIES = frozenset({"entite racine", "root entity"})


def first_places(frames: Sequence[pd.DataFrame]) -> dict[str, Place]:
    """Each written organisation reference → the file, sheet and row of the first row holding
    it (rows of ``frames`` in order), so organisations derived from references are located."""
    # Each frame's first row of each reference, then the first of those across frames: the
    # same rows as deduplicating the frames stacked, without stacking every row (a few
    # references over thousands of rows; the stacking and dropna cost ~4 ms even for 20).
    seen: set[str] = set()
    firsts: list[tuple[Any, Any, Any, Any]] = []
    for df in frames:
        if not {"org_id", "_file", "_sheet", "_row"} <= set(df.columns):
            continue
        keys = df["org_id"].astype(STRING)
        codes, _ = pd.factorize(keys)  # -1: missing
        _, first = np.unique(codes, return_index=True)
        rows = np.sort(first[codes[first] >= 0])
        # arrays, not Series: each Series operation costs ~0.1 ms, even on 20 rows
        key_list, org_list, file_list, sheet_list, row_list = (
            column.array.take(rows).astype(object).tolist()
            for column in (keys, *(df[c] for c in ("org_id", "_file", "_sheet", "_row")))
        )
        for key, o, f, sh, r in zip(
            key_list, org_list, file_list, sheet_list, row_list, strict=True
        ):
            if key not in seen:
                seen.add(key)
                firsts.append((o, f, sh, r))
    return {
        str(o): (
            None if pd.isna(f) else str(f),
            None if pd.isna(sh) else str(sh),
            None if pd.isna(r) else int(r),
        )
        for o, f, sh, r in firsts
    }


def _organisations(
    asm: Assembly,
    refs: list[pd.Series],
    owners: tuple[set[str], set[str]] = (set(), set()),
    places: Mapping[str, Place] | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """Organisations table and a ``written value → org_id`` map for references.

    A reference written as a path (GLPI: "Entité racine > Ville") is the last segment; when
    the organisation is derived from such references, its parent is the segment before, and
    it is located (``places``) where the first row naming it sits. GLPI's root entity above
    other entities is the structure (:data:`GLPI_ROOT_ENTITIES`).
    When the only organisations sheets are procurement records' buyers, the inventory's
    references are derived the same way, then reconciled with the buyers
    (:mod:`vendorlock.sources.bodies`). ``owners`` are the written references of the
    inventory's rows and of the records' rows: the bodies sources without any organisation
    may belong to.
    """
    orgs = asm.table(Table.ORGANISATIONS)
    # each distinct reference once, in the order first written: one arrow hash pass over the
    # columns, then Python over the few distinct values (pandas' concat, dropna, unique and
    # two str.startswith cost ~1 ms on 10,000 flows' references)
    written = pc.unique(pa.chunked_array([arrow_text(r) for r in refs], type=pa.large_string()))
    distinct_refs = [v for v in written.to_pylist() if v is not None]
    defaults = [v for v in distinct_refs if v.startswith("\0default:")]
    named = [v for v in distinct_refs if not v.startswith("\0default:")]
    leaves = {value: _path_leaf(value) for value in named}  # one per distinct written value
    mapping: dict[str, str] = {}
    parents: dict[str, str] = {}
    ancestors: list[DerivedRow] = []

    def at(value: str) -> Place:
        return (places or {}).get(value, _NOWHERE)

    derive: list[str] = []
    declared: list[str] = []
    if len(orgs):
        orgs = orgs.copy()
        name = orgs["name"] if "name" in orgs else pd.Series(pd.NA, index=orgs.index)
        given = orgs["org_id"] if "org_id" in orgs else pd.Series(pd.NA, index=orgs.index)
        orgs["org_id"] = derive_ids(given, lambda: slug_series(name))
        from_records = orgs["_file"].isin(list(asm.record_files)).fillna(False)
        declared = orgs.loc[~from_records, "org_id"].astype(str).tolist()
        index = _org_index(orgs["org_id"], name)
        records_only = bool(from_records.all())
        for value in named:
            hit = index.get(normalise_key(value)) or index.get(normalise_key(leaves[value][0]))
            if hit is None and records_only:
                # a body of the inventory that no buyer of the records names: derived as when
                # there is no organisations sheet (then reconciled with the buyers below)
                derive.append(value)
            else:
                mapping[value] = hit or value
        orgs["parent_id"] = _parent_ids(orgs, name, index)
        orgs["kind"] = _kind_when_absent(asm, orgs)
    else:
        derive = list(named)
    for value in derive:
        leaf, parent = leaves[value]
        mapping[value] = slugify(leaf) or leaf
        if parent is not None:
            # Every entity above is an organisation too, each the parent of the next.
            chain = [p.strip() for p in value.split(PATH_SEP.strip()) if p.strip()]
            ids = [slugify(p) or p for p in chain]
            for child, above in zip(ids[1:], ids[:-1], strict=True):
                parents.setdefault(child, above)
            ancestors += [(i, n, at(value)) for i, n in zip(ids[:-1], chain[:-1], strict=True)]
    known = set(orgs["org_id"]) if len(orgs) else set()
    rows = [(mapping[v], leaves[v][0], at(v)) for v in derive] + ancestors
    orgs = _with_rows(orgs, _unique_rows(rows, known), parents)
    merged = bodies.merge_organisations(orgs, asm.record_files, DERIVED_ORG_KIND)
    asm.problems += merged.problems
    asm.joined += merged.joined
    orgs = merged.organisations
    mapping = {k: merged.ids.get(v, v) for k, v in mapping.items()}
    known = set(orgs["org_id"]) if len(orgs) else set()
    unowned = [str(v).removeprefix("\0default:") for v in defaults]
    unowned = unowned if asm.default_org is None else []
    names = bodies.name_index(orgs) if len(orgs) and unowned else {}
    attached = bodies.attach_unowned(
        unowned,
        {mapping.get(v, v) for v in owners[0]} & known,
        {mapping.get(v, v) for v in owners[1]} & known,
        [o for o in declared if o in known],
        names,
        _parent_map(orgs),
    )
    asm.problems += attached.problems
    asm.joined += attached.joined
    extra_rows: list[DerivedRow] = []
    for value in defaults:
        file = value.removeprefix("\0default:")
        oid, stem = asm.default_orgs[file]
        mapping[value] = attached.target or oid
        if attached.target is None:
            extra_rows.append((oid, stem, (file, None, None)))
    orgs = _with_rows(orgs, _unique_rows(extra_rows, known), {})
    return orgs, pd.Series(mapping, dtype=STRING)


def _org_index(ids: pd.Series, names: pd.Series) -> dict[str, str]:
    """normalised id or name → org id, the first row's winning (ids before names within a row):
    vectorised, a record file names tens of thousands of buyers."""
    keys = pd.concat(
        [normalise_keys(ids.astype(STRING)), normalise_keys(names.astype(STRING))],
        ignore_index=True,
    )
    n = len(ids)
    if n <= bodies.FEW_ORGANISATIONS:  # the frame's dropna and drop_duplicates cost ~2 ms on 2 rows
        index: dict[str, str] = {}
        texts = keys.to_numpy(dtype=object)
        for i, org in enumerate(ids.to_numpy(dtype=object).tolist()):
            for key in (texts[i], texts[n + i]):
                if not pd.isna(key) and key != "":
                    index.setdefault(key, org)
        return index
    order = np.ravel(np.column_stack([np.arange(n), np.arange(n) + n]))  # id0, name0, id1…
    both = pd.DataFrame(
        {
            "key": keys.to_numpy(dtype=object)[order],
            "org": np.tile(ids.to_numpy(dtype=object), 2)[order],
        }
    ).dropna(subset=["key"])
    both = both[both["key"] != ""].drop_duplicates("key")
    return dict(zip(both["key"], both["org"], strict=True))


def _unique_rows(rows: list[DerivedRow], known: set[str]) -> list[DerivedRow]:
    """Derived rows, the first one per id, leaving out ids already ``known``."""
    return [r for r in dict((r[0], r) for r in reversed(rows)).values() if r[0] not in known]


def _derived_kind(org_id: str, name: str, parents: Mapping[str, str]) -> str:
    """GLPI's root entity above two entities or more is the structure sharing its GLPI with
    them; any other derived organisation's kind is unknown (``other``). Above one entity only
    (« Entité racine > Mairie de Taden »), the root is the commune's own GLPI's container, not
    a mutualisation structure."""
    if normalise_key(name) not in GLPI_ROOT_ENTITIES:
        return DERIVED_ORG_KIND
    children = sum(1 for parent in parents.values() if parent == org_id)
    return STRUCTURE_KIND if children >= 2 else DERIVED_ORG_KIND


def _with_rows(
    orgs: pd.DataFrame, rows: list[DerivedRow], parents: Mapping[str, str]
) -> pd.DataFrame:
    """``orgs`` with organisations derived from references added (id, name, place)."""
    if rows:
        add = pd.DataFrame(
            {
                "org_id": [r[0] for r in rows],
                "name": [r[1] for r in rows],
                "kind": [_derived_kind(r[0], r[1], parents) for r in rows],
                "siren": [r[0] if r[0].isdigit() and len(r[0]) == 9 else None for r in rows],
                "parent_id": [parents.get(r[0]) for r in rows],
                "_file": [r[2][0] or None for r in rows],
                "_sheet": pd.array([r[2][1] for r in rows], dtype=STRING),
                "_row": pd.array([r[2][2] for r in rows], dtype="Int64"),
            }
        ).sort_values("org_id")
        orgs = pd.concat([orgs, add], ignore_index=True) if len(orgs) else add
    return conform(Table.ORGANISATIONS, orgs)


def _parent_map(orgs: pd.DataFrame) -> dict[str, str]:
    """org id → parent id of an organisations table (rows without a parent left out)."""
    if not len(orgs) or "parent_id" not in orgs:
        return {}
    has = orgs["parent_id"].notna().to_numpy()
    return dict(
        zip(orgs["org_id"][has].astype(str), orgs["parent_id"][has].astype(str), strict=True)
    )


def _kind_when_absent(asm: Assembly, orgs: pd.DataFrame) -> pd.Series:
    """``kind`` of organisations read from a sheet that has no kind column (GLPI's entity
    list has none): ``other``, as for organisations derived from references, with one
    warning per sheet saying so. A kind column left blank stays an error."""
    kind = orgs["kind"]
    blank = kind.isna()
    if not blank.any():
        return kind
    kind = kind.copy()
    for (file, sheet), part in orgs[blank].groupby(["_file", "_sheet"], dropna=False, sort=True):
        sheet_name = None if pd.isna(sheet) else str(sheet)
        if "kind" in asm.book.headers.get((Table.ORGANISATIONS, str(file), sheet_name), {}):
            continue
        kind.loc[part.index] = DERIVED_ORG_KIND
        first = int(part["_row"].min()) - 1 if "_row" in part else 1
        loc = Location(str(file), sheet_name, max(first, 1))
        asm.problems.append(
            Problem.make(Severity.WARNING, "org_kind_assumed", loc, count=len(part))
        )
    return kind


def _parent_ids(orgs: pd.DataFrame, name: pd.Series, index: Mapping[str, str]) -> pd.Series:
    """``parent_id`` cells written as a path (GLPI's complete name) → the parent's org id.

    A path that ends with the organisation's own name (an entity list's "Nom complet") names
    its parent by the segment before; any other path names the parent by its last segment.
    A cell that is the organisation's own name (a root entity) means no parent. Other cells
    stay as written.
    """
    if "parent_id" not in orgs or not orgs["parent_id"].notna().any():
        return orgs["parent_id"] if "parent_id" in orgs else pd.Series(pd.NA, index=orgs.index)
    parent = orgs["parent_id"].astype(STRING)
    if len(orgs) <= bodies.FEW_ORGANISATIONS:  # the column operations cost ~1.5 ms on 2 rows
        return pd.Series(
            [_parent_id(p, n, index) for p, n in zip(parent.tolist(), name.tolist(), strict=True)],
            index=parent.index,
            dtype=STRING,
        )
    own = (normalise_keys(parent) == normalise_keys(name.astype(STRING))).fillna(False)
    paths = parent.str.contains(PATH_SEP.strip(), regex=False).fillna(False) & ~own
    out = parent.mask(own)
    for i in np.flatnonzero(paths.to_numpy()):  # only the rows written as paths
        leaf, before = _path_leaf(str(parent.iloc[i]))
        mine = name.iloc[i]
        same = not pd.isna(mine) and normalise_key(leaf) == normalise_key(mine)
        target = before if same else leaf
        out.iloc[i] = index.get(normalise_key(target), target) if target else pd.NA
    return out


def _parent_id(parent: Any, name: Any, index: Mapping[str, str]) -> Any:
    """:func:`_parent_ids` of one organisation, in Python (the same reading, cell by cell)."""
    if pd.isna(parent):
        return pd.NA
    if not pd.isna(name) and normalise_key(parent) == normalise_key(name):
        return pd.NA  # a root entity names itself
    if PATH_SEP.strip() not in parent:
        return parent
    leaf, before = _path_leaf(str(parent))
    same = not pd.isna(name) and normalise_key(leaf) == normalise_key(name)
    target = before if same else leaf
    return index.get(normalise_key(target), target) if target else pd.NA


def _map_orgs(asm: Assembly, table: Table, df: pd.DataFrame, mapping: pd.Series) -> pd.DataFrame:
    if "org_id" not in df.columns or not len(df):
        return df
    lookup = mapping.to_dict()  # one lookup per distinct written value, not per row
    return df.assign(org_id=map_unique_str(df["org_id"].astype(STRING), lookup.get))


# -- editors ----------------------------------------------------------------------------------


def _first_use(ids: pd.Series, written: pd.Series, df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The first row naming each editor in each file: all that the editors table and the
    unknown-editor warnings need, found on integer codes instead of a frame of every row."""
    named = ids.notna().to_numpy()
    key = np.zeros(len(df), dtype=np.int64)
    for column in (ids, df["_file"]):
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        key = key * (len(uniques) + 1) + codes
    first = ~pd.Series(key[named]).duplicated().to_numpy()  # hashing, in row order
    rows = np.flatnonzero(named)[first]
    # arrays taken, not Series: five Series on one index cost ~1 ms to align for tens of rows
    # (the caller stacks these frames without their index)
    return pd.DataFrame(
        {
            "editor_id": ids.array.take(rows),
            "written": written.array.take(rows),
            "_file": df["_file"].array.take(rows),
            "_sheet": df["_sheet"].array.take(rows),
            "_row": df["_row"].array.take(rows),
            "table": table.value,
        }
    )


def _unknown_when_empty(asm: Assembly, table: Table, df: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """Empty editor cells become the ``unknown`` editor, each with a located warning.

    Not knowing who sells an application is common in hand-kept inventories; it must not block
    the file (the audit counts the application under an unknown editor). An applications sheet
    with no editor column at all (the SILL, a published software list) is read the same way,
    with one warning for the sheet; contract rows of sheets without an editor column are left to
    the missing-column check.
    """
    empty = ids.isna().to_numpy().copy()
    if not empty.any():
        return ids
    idx = np.flatnonzero(empty)
    pairs = zip(df["_file"].to_numpy()[idx], df["_sheet"].to_numpy()[idx], strict=True)
    seen: dict[tuple[str, str | None], bool] = {}
    no_column = empty.copy()
    no_column[:] = False
    for i, (f, sh) in zip(idx, pairs, strict=True):  # empty cells only, one lookup per sheet
        key = (str(f), None if pd.isna(sh) else str(sh))
        if key not in seen:
            seen[key] = "editor_id" in asm.book.headers.get((table, *key), {})
            if not seen[key] and table is Table.APPLICATIONS:
                first = int(df["_row"].to_numpy()[i]) - 1
                label = Localised(
                    *(load_connector().label(table, "editor_id", lang) for lang in ("en", "fr"))
                )
                asm.problems.append(
                    Problem.make(
                        Severity.WARNING,
                        "no_editor_column",
                        Location(key[0], key[1], max(first, 1)),
                        field=label,
                    )
                )
        empty[i] = seen[key]
        no_column[i] = not seen[key] and table is Table.APPLICATIONS
    if empty.any():
        asm.problems += report(
            asm.book, table, df, empty, "editor_id", Severity.WARNING, "missing_editor"
        )
    return ids.mask(empty | no_column, UNKNOWN_EDITOR)


def _editors(
    asm: Assembly, apps: pd.DataFrame, contracts: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Editors table; applications and contracts with editor names resolved to ids."""
    reg = asm.registries
    sheet = asm.table(Table.EDITORS).copy()
    index: dict[str, str] = {}
    if len(sheet):
        given = sheet["editor_id"].astype(STRING)
        sheet["editor_id"] = given.fillna(reg.editor_ids_for(sheet["name"].astype(STRING)))
        for eid, nm in zip(sheet["editor_id"], sheet["name"], strict=True):
            index.setdefault(normalise_key(eid), eid)
            if not pd.isna(nm):
                index.setdefault(normalise_key(nm), eid)

    def resolve(text: str) -> str:
        return index.get(normalise_key(text)) or reg.editor_id_for(text)

    named: list[pd.DataFrame] = []
    out = []
    for table, df in ((Table.APPLICATIONS, apps), (Table.CONTRACTS, contracts)):
        if "editor_id" in df.columns and len(df):
            written = df["editor_id"].astype(STRING)
            ids = map_unique_str(written, resolve)
            ids = _unknown_when_empty(asm, table, df, ids)
            df = df.assign(editor_id=ids)
            named.append(_first_use(ids, written, df, table))
        out.append(df)
    used = (
        pd.concat(named, ignore_index=True)
        if named
        else pd.DataFrame(columns=["editor_id", "written", "_file", "_sheet", "_row", "table"])
    )
    declared = set(sheet["editor_id"]) if len(sheet) else set()
    # which rows of ``used`` name an editor first, and first in their file, picked in Python:
    # tens of rows, where each frame operation (deduplication, isin, mask) costs ~0.2 ms
    used_ids = used["editor_id"].tolist()
    pairs = list(zip(used_ids, used["_file"].tolist(), strict=True))
    first_of_editor = {e: i for i, e in reversed(list(enumerate(used_ids)))}
    firsts = used.take(sorted(i for e, i in first_of_editor.items() if e not in declared))
    if len(firsts):
        entries = [reg.editors.get(e) for e in firsts["editor_id"]]
        add = pd.DataFrame(
            {
                "editor_id": firsts["editor_id"].to_numpy(),
                "name": [
                    e.name if e else (w if eid != UNKNOWN_EDITOR else "unknown")
                    for e, w, eid in zip(
                        entries, firsts["written"], firsts["editor_id"], strict=True
                    )
                ],
                "group": [
                    reg.group_of(e) if reg.editors.get(e) else None for e in firsts["editor_id"]
                ],
                "country": [e.country if e else None for e in entries],
                "siren": [e.siren if e else None for e in entries],
                "_file": firsts["_file"].to_numpy(),
                "_sheet": firsts["_sheet"].to_numpy(),
                "_row": firsts["_row"].to_numpy(),
            }
        )
        sheet = pd.concat([sheet, add], ignore_index=True) if len(sheet) else add
    seen: set[tuple[Any, Any]] = set()
    unknown_rows: list[int] = []
    for i, (eid, pair) in enumerate(zip(used_ids, pairs, strict=True)):
        if pair in seen:
            continue
        seen.add(pair)
        if eid not in declared and eid not in reg.editors and eid != UNKNOWN_EDITOR:
            unknown_rows.append(i)
    tables = used["table"].tolist()
    for table_name in sorted({tables[i] for i in unknown_rows}):
        part = used.take([i for i in unknown_rows if tables[i] == table_name])
        part = part.reset_index(drop=True)
        asm.problems += report(
            asm.book,
            Table(table_name),
            part,
            np.ones(len(part), dtype=bool),
            "editor_id",
            Severity.WARNING,
            "unknown_editor",
            values=part["written"],
        )
    editors = conform(Table.EDITORS, sheet.sort_values("editor_id", kind="stable"))
    return editors, out[0], out[1]


# -- applications, contracts, flows -----------------------------------------------------------


def _app_keys(apps: pd.DataFrame) -> pd.DataFrame:
    """(org_id, key) → app_id, where key is the normalised app id or application name.

    The rows of the ids then of the names, those missing a part left out, the first of each
    (org_id, key) kept, as stacking two frames, dropna and drop_duplicates give them (labels
    included), built in arrow: those frame operations cost ~2 ms on 2,000 applications.
    """
    ids, org = arrow_text(apps["app_id"]), arrow_text(apps["org_id"])
    keys = [key_array(ids)]
    if "name" in apps.columns:
        keys.append(key_array(arrow_text(apps["name"])))
    org_all = pa.concat_arrays([org] * len(keys))
    key_all = pa.concat_arrays(keys)
    app_all = pa.concat_arrays([ids] * len(keys))
    valid = pc.and_(pc.and_(pc.is_valid(org_all), pc.is_valid(key_all)), pc.is_valid(app_all))
    rows = np.flatnonzero(valid.to_numpy(zero_copy_only=False))
    chosen = pa.array(rows)
    org_codes = _codes_of(org_all.take(chosen))
    key_codes = _codes_of(key_all.take(chosen))
    pair = org_codes * (int(key_codes.max(initial=0)) + 1) + key_codes
    _, first = np.unique(pair, return_index=True)
    kept = pa.array(rows[np.sort(first)])
    return pd.DataFrame(
        {
            "org_id": pd.array(org_all.take(kept), dtype=STRING),
            "key": pd.array(key_all.take(kept), dtype=STRING),
            "app_id": pd.array(app_all.take(kept), dtype=STRING),
        },
        index=pd.Index(rows[np.sort(first)]),
    )


def _codes_of(values: pa.Array) -> np.ndarray:
    """An integer code per distinct value of an arrow array, -1 for a missing one."""
    indices = pc.fill_null(values.dictionary_encode().indices, -1)
    return indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _org_codes(keys: pd.DataFrame, org: pd.Series) -> np.ndarray:
    """One integer code per organisation, shared by ``keys``' rows and then ``org``'s."""
    codes, _ = pd.factorize(
        pd.concat([keys["org_id"].astype(STRING), org.astype(STRING)], ignore_index=True)
    )
    return codes


def _lookup_apps(
    keys: pd.DataFrame, org: pd.Series, text: pd.Series, org_codes: np.ndarray | None = None
) -> pd.Series:
    """app_id of each (org, written name or id), ``<NA>`` when none (``org_codes``:
    :func:`_org_codes` of ``keys`` and ``org``, when the caller has it already)."""
    # One integer code per (org, key) pair, shared by both sides, then a single-key index
    # lookup: a two-column merge costs several times more for the same answer (``keys`` holds
    # each pair once and no missing value, so a missing org or key finds nothing).
    n = len(keys)
    if org_codes is None:
        org_codes = _org_codes(keys, org)
    # The written names repeat (a flow end per flow, over a few thousand applications): each
    # distinct one is normalised once, and its code spread to the rows with one take.
    written = arrow_text(text).dictionary_encode()
    # codes of the keys then of the written names' keys, in arrow (no Series to stack)
    both = pa.concat_arrays([arrow_text(keys["key"]), key_array(written.dictionary)])
    codes = _codes_of(both)
    rows = pc.fill_null(written.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    key_codes = np.concatenate([codes[:n], np.append(codes[n:], -1)[rows]])
    pair = org_codes.astype(np.int64) * (len(codes) + 1) + key_codes
    pair[(org_codes < 0) | (key_codes < 0)] = -1
    at = pd.Index(pair[:n]).get_indexer(pair[n:])
    at[pair[n:] < 0] = -1
    # taken in arrow, missing where nothing matched (no Python string per row)
    ids = arrow_text(keys["app_id"])
    found = ids.take(pa.array(np.maximum(at, 0), mask=at < 0))
    return pd.Series(pd.array(found, dtype=STRING), index=text.index)


def _applications(asm: Assembly, apps: pd.DataFrame) -> pd.DataFrame:
    if not len(apps):
        return apps
    name = apps["name"] if "name" in apps.columns else pd.Series(pd.NA, index=apps.index)
    given = apps["app_id"] if "app_id" in apps.columns else pd.Series(pd.NA, index=apps.index)
    if given.isna().all():
        asm.book.derived_ids.add(Table.APPLICATIONS)

    def base() -> pd.Series:
        return join_text(apps["org_id"].astype(STRING).fillna("x"), slug_series(name))

    return apps.assign(app_id=derive_ids(given.astype(STRING), base))


def _flat_contracts(asm: Assembly, apps: pd.DataFrame, flat: list[pd.DataFrame]) -> pd.DataFrame:
    """Contracts of flat-inventory rows, with their application's ids.

    Each row of a flat sheet is one application's contract line. A contract number written on
    several rows is one marché with several lines (lots, often of different editors, each with
    its own cost): every line is kept, the first under the number as written and the others
    under ``<number>-2``, ``-3``… with a located warning, instead of a duplicate-id error that
    would set aside whole applications.
    """
    apps_unique = Table.APPLICATIONS in asm.book.derived_ids
    if not flat:
        return pd.DataFrame()
    df = pd.concat(flat, ignore_index=True)
    pos = df["_app_row"].to_numpy()

    def pick(column: str) -> pd.Series:
        return apps[column].astype(STRING).take(pos).reset_index(drop=True)

    app_id = pick("app_id")
    df["org_id"] = pick("org_id")
    df["editor_id"] = pick("editor_id")
    df["app_ids"] = app_id
    given = df["contract_id"] if "contract_id" in df.columns else pd.Series(pd.NA, index=df.index)
    given = given.astype(STRING)
    base = app_id + "-contract"
    line = (given.notna() & given.duplicated()).to_numpy()
    if line.any():
        base = base.mask(line, given)
        given = given.mask(line)
    df["contract_id"] = derive_ids(given, base, base_unique=apps_unique and not line.any())
    if line.any():
        locs = asm.book.locate(Table.CONTRACTS, df, line, "contract_id")
        written = base.to_numpy()[line]
        ids = df["contract_id"].to_numpy()[line]
        asm.problems += [
            Problem.make(Severity.WARNING, "contract_lines", loc, value=str(w), id=str(i))
            for loc, w, i in zip(locs, written, ids, strict=True)
        ]
    return df.drop(columns="_app_row")


#: Separator of an entity's complete name in GLPI ("Mairie > Services"): GLPI writes it
#: between the names of an entity and of its parents (``getCompleteNameFromParents``).
ENTITY_PATH_SEP = " > "


def _in_sub_entities(
    keys: pd.DataFrame, orgs: pd.DataFrame, org: pd.Series, text: pd.Series
) -> pd.Series:
    """app_id of each (org, written name) found only under a sub-entity of ``org``, else in
    the nearest entity above it.

    Inventory tools keep an entity tree: a contract held by "Mairie" covers software
    inventoried under "Mairie > Services". The tree is read from ``parent_id`` (GLPI entity
    paths become one organisation per entity, each the parent of the next) and, for
    organisations named by their whole path, from the names. A name found in exactly one
    sub-entity resolves there; none or several stay unresolved. Only unresolved references
    come here (a few).
    """
    ids = orgs["org_id"].astype(str).tolist()
    children: dict[str, list[str]] = {}
    parent_of: dict[str, str] = {}
    if "parent_id" in orgs:
        for oid, parent in zip(ids, orgs["parent_id"].tolist(), strict=True):
            if not pd.isna(parent) and str(parent) != oid:
                children.setdefault(str(parent), []).append(oid)
                parent_of[oid] = str(parent)
    names = orgs.dropna(subset=["name"])
    paths = dict(zip(names["org_id"].astype(str), names["name"].astype(str), strict=True))

    def below(top: str) -> set[str]:
        path = paths.get(top)
        found = (
            {oid for oid, p in paths.items() if p.startswith(path + ENTITY_PATH_SEP)}
            if path is not None
            else set()
        )
        stack = [top, *found]
        while stack:  # every descendant, once each (a cycle in the tree stops here)
            for child in children.get(stack.pop(), ()):
                if child not in found and child != top:
                    found.add(child)
                    stack.append(child)
        return found

    out = pd.Series(pd.NA, index=text.index, dtype=STRING)
    wanted = _keys(text)
    cache: dict[str, set[str]] = {}
    for i, (o, key) in enumerate(zip(org.tolist(), wanted.tolist(), strict=True)):
        if pd.isna(o) or pd.isna(key):
            continue
        subs = cache.setdefault(str(o), below(str(o)))
        hits = keys.loc[keys["org_id"].isin(subs) & (keys["key"] == key), "app_id"].unique()
        if len(hits) == 1:
            out.iloc[i] = hits[0]
            continue
        # GLPI's recursive items: software kept at a parent entity is visible in (and
        # covered by contracts of) its sub-entities; the nearest entity above that has it
        for above in _ancestors(str(o), parent_of):
            hits = keys.loc[(keys["org_id"] == above) & (keys["key"] == key), "app_id"].unique()
            if len(hits) == 1:
                out.iloc[i] = hits[0]
                break
    return out


def _ancestors(org: str, parent_of: Mapping[str, str]) -> list[str]:
    """The entities above ``org``, nearest first (a cycle in the tree stops the walk)."""
    out: list[str] = []
    while org in parent_of and parent_of[org] not in out and parent_of[org] != org:
        org = parent_of[org]
        out.append(org)
    return out


def _contract_apps(
    asm: Assembly, contracts: pd.DataFrame, keys: pd.DataFrame, orgs: pd.DataFrame
) -> pd.DataFrame:
    """Resolve the applications a contract sheet names to app ids (errors for unknown ones),
    within the contract's organisation, else within its sub-entities."""
    if not contracts["app_ids"].notna().any():
        return contracts
    cells = contracts["app_ids"].astype(STRING)
    parts = _split_cells(cells)
    if not len(parts):
        return contracts
    org = contracts["org_id"].reindex(parts.index)
    found = _lookup_apps(keys, org, parts.astype(STRING))
    missing = found.isna().to_numpy()
    if missing.any() and len(orgs):
        below = _in_sub_entities(keys, orgs, org[missing], parts[missing].astype(STRING))
        found = found.copy()
        found[missing] = below.to_numpy()
        missing = found.isna().to_numpy()
    if missing.any():
        rows = contracts.loc[parts.index[missing]].reset_index(drop=True)
        asm.problems += report(
            asm.book,
            Table.CONTRACTS,
            rows,
            np.ones(len(rows), dtype=bool),
            "app_ids",
            Severity.ERROR,
            "unknown_application",
            values=parts[missing].reset_index(drop=True),
        )
    # a slug only for the names nothing resolved, computed once per distinct name
    resolved = found
    if found.isna().any():
        resolved = found.fillna(map_unique_str(parts.astype(STRING).where(found.isna()), slugify))
    out = contracts.copy()
    out["app_ids"] = _join_per_row(resolved).reindex(out.index).astype(STRING)
    return out


def _split_cells(cells: pd.Series) -> pd.Series:
    """The values of each multi-valued cell (:func:`split_multi_text`), one row per value
    under its cell's label, in order: each distinct cell split once, the rows laid out in
    Python (what mapping the lists and pandas' explode and dropna give, at a fraction of
    their cost for a few hundred contracts)."""
    encoded = arrow_text(cells).dictionary_encode()
    splits = [split_multi_text(u) for u in encoded.dictionary.to_pylist()]
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).tolist()
    labels: list[Any] = []
    values: list[str] = []
    for label, code in zip(cells.index.tolist(), codes, strict=True):
        if code >= 0:
            found = splits[code]
            labels += [label] * len(found)
            values += found
    # the values' dtype inferred, as explode infers it (pandas' text dtype)
    return pd.Series(values, index=pd.Index(labels, dtype=cells.index.dtype))


def _join_per_row(values: pd.Series) -> pd.Series:
    """The distinct values of each index label, sorted and joined with ``MULTI_SEP``.

    Most contracts name one application: those rows are taken as they are, without a frame,
    sort or deduplication; only the rows naming several go through them and are joined (a
    Python call per such row, not per row).
    """
    cells = values.astype(object).to_numpy()
    repeated = values.index.duplicated(keep=False)
    alone = pd.Series(cells[~repeated], index=values.index[~repeated])
    if not repeated.any():
        return alone
    labels, texts_of = values.index[repeated].tolist(), cells[repeated].tolist()
    if all(isinstance(t, str) for t in texts_of):
        # a set per row, sorted in Python: the rows naming several applications are a few
        # hundred at most, where a frame's deduplication and sort cost ~2 ms
        by_row: dict[Any, set[str]] = {}
        for label, text in zip(labels, texts_of, strict=True):
            by_row.setdefault(label, set()).add(text)
        rows_in_order = sorted(by_row)
        texts_in_order = [MULTI_SEP.join(sorted(by_row[r])) for r in rows_in_order]
        return pd.concat([alone, pd.Series(texts_in_order, index=rows_in_order, dtype=object)])
    # object cells (not arrow strings): the join below slices plain arrays, not a Series a group
    frame = pd.DataFrame({"row": values.index[repeated]})
    frame["value"] = pd.Series(cells[repeated], dtype=object)
    frame = frame.drop_duplicates().sort_values(["row", "value"], kind="stable")
    rows, texts = frame["row"].to_numpy(), frame["value"].to_numpy()
    starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    stops = np.append(starts[1:], len(rows))
    joined = [
        MULTI_SEP.join(texts[a:b]) if b - a > 1 else texts[a]
        for a, b in zip(starts.tolist(), stops.tolist(), strict=True)
    ]
    return pd.concat([alone, pd.Series(joined, index=rows[starts], dtype=object)])


def _contracts(
    asm: Assembly,
    sheet: pd.DataFrame,
    flat: pd.DataFrame,
    keys: pd.DataFrame,
    orgs: pd.DataFrame,
) -> pd.DataFrame:
    if len(sheet):
        given = (
            sheet["contract_id"]
            if "contract_id" in sheet.columns
            else pd.Series(pd.NA, index=sheet.index)
        )
        taken = flat["contract_id"] if len(flat) else pd.Series(dtype=STRING)

        def base() -> pd.Series:
            own = (
                sheet["org_id"].astype(STRING).fillna("x")
                + "-"
                + sheet["editor_id"].astype(STRING).fillna("x")
            )
            return pd.concat([taken, own], ignore_index=True)

        ids = derive_ids(pd.concat([taken, given.astype(STRING)], ignore_index=True), base)
        sheet = sheet.assign(contract_id=ids.iloc[len(taken) :].to_numpy())
        sheet = _contract_apps(asm, sheet, keys, orgs)
    if not len(sheet) and len(flat) and flat["contract_id"].str.endswith("-contract").all():
        asm.book.derived_ids.add(Table.CONTRACTS)
    return _concat([sheet, flat], Table.CONTRACTS)


def _editors_from_apps(asm: Assembly, contracts: pd.DataFrame, apps: pd.DataFrame) -> pd.DataFrame:
    """The editor of a contract read from a sheet without an editor column, taken from the
    applications it covers when they all have the same known editor (a contracts register
    listing « N° marché », « Applications », dates and amounts, the editor being on the
    applications sheet), with one warning per sheet saying so. A contract whose applications
    have several editors, or none known, keeps no editor: the missing-column error stands."""
    if not len(contracts) or "app_ids" not in contracts.columns:
        return contracts
    missing = contracts["editor_id"].isna().to_numpy()
    if not missing.any():
        return contracts
    editor_of = {
        a: e
        for a, e in zip(apps["app_id"].tolist(), apps["editor_id"].tolist(), strict=True)
        if isinstance(e, str) and e != UNKNOWN_EDITOR
    }
    editors = contracts["editor_id"].astype(object).to_numpy().copy()
    cells = contracts["app_ids"].to_numpy()
    taken: dict[tuple[str, str | None], list[int]] = {}
    files, sheets, rows = (contracts[c].to_numpy() for c in ("_file", "_sheet", "_row"))
    for i in np.flatnonzero(missing):
        cell = cells[i]
        if not isinstance(cell, str):
            continue
        found = {editor_of.get(a.strip()) for a in cell.split(MULTI_SEP) if a.strip()}
        if len(found) == 1 and None not in found:
            editors[i] = found.pop()
            key = (str(files[i]), None if pd.isna(sheets[i]) else str(sheets[i]))
            taken.setdefault(key, []).append(int(i))
    if not taken:
        return contracts
    label = Localised(
        *(load_connector().label(Table.CONTRACTS, "editor_id", lang) for lang in ("en", "fr"))
    )
    for (file, sheet), filled in sorted(taken.items()):
        first = min((int(rows[i]) for i in filled if not pd.isna(rows[i])), default=2)
        asm.problems.append(
            Problem.make(
                Severity.WARNING,
                "contract_editor_from_apps",
                Location(file, sheet, max(first - 1, 1)),
                field=label,
                count=len(filled),
            )
        )
    return contracts.assign(editor_id=pd.array(editors, dtype=STRING))


def _endpoints(asm: Assembly, flows: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Flow ends as app ids or national-platform ids; unknown ones are errors."""
    out = flows.copy(deep=False)  # columns replaced, never written into
    reg = asm.registries
    org_codes = _org_codes(keys, out["org_id"])  # the same for both ends
    for end in ("source", "target"):
        if end not in out.columns:
            continue
        text = out[end].astype(STRING)
        app = _lookup_apps(keys, out["org_id"], text, org_codes)
        # national platforms looked up only for the ends no application answered (none, when
        # every end names an application: then not even a column of gaps is built)
        unanswered = app.isna()
        resolved = app
        if unanswered.any():
            platform = map_unique_str(
                text.where(unanswered), lambda u: reg.resolve(Kind.PLATFORM, u)
            )
            resolved = app.fillna(platform)
        missing = (text.notna() & resolved.isna()).to_numpy()
        if missing.any():
            asm.problems += report(
                asm.book,
                Table.FLOWS,
                out,
                missing,
                end,
                Severity.ERROR,
                "unknown_endpoint",
                values=text,
            )
            # a slug only for the ends nothing resolved, computed once per distinct name
            resolved = resolved.fillna(map_unique_str(text.where(resolved.isna()), slugify))
        out[end] = resolved.astype(STRING)

    def base() -> pd.Series:
        return (
            out["org_id"].astype(STRING).fillna("x")
            + "-"
            + out.get("source", pd.Series("x", index=out.index)).astype(STRING).fillna("x")
            + "-"
            + out.get("target", pd.Series("x", index=out.index)).astype(STRING).fillna("x")
        )

    given = out["flow_id"] if "flow_id" in out.columns else pd.Series(pd.NA, index=out.index)
    out["flow_id"] = derive_ids(given.astype(STRING), base)
    return out


def assemble(
    builts: Sequence[Built],
    registries: Registries,
    default_org: str | None,
    sources: Sequence[str],
    origins: Mapping[str, str] | None = None,
    record_files: Collection[str] = (),
) -> tuple[Portfolio, list[Problem], HeaderBook, tuple[bodies.Joined, ...]]:
    """One portfolio from every recognised sheet, references resolved, ids derived, the same
    body and applications read from several sources reconciled (``record_files`` are the
    procurement records among the inputs)."""
    asm = Assembly(
        registries, default_org, dict(origins or {}), record_files=frozenset(record_files)
    )
    for built in builts:
        asm.add(built)
        asm.problems += built.problems
    apps = asm.table(Table.APPLICATIONS)
    contracts = asm.table(Table.CONTRACTS)
    flows = asm.table(Table.FLOWS)
    frames = [
        df for df in (apps, contracts, flows, *asm.flat) if "org_id" in df.columns and len(df)
    ]
    refs = [df["org_id"].astype(STRING) for df in frames]
    owners: tuple[set[str], set[str]] = (set(), set())
    for df, ref in zip(frames, refs, strict=True):
        rec = (
            df["_file"].isin(list(asm.record_files)).fillna(False).to_numpy(dtype=bool)
            if asm.record_files
            else np.zeros(len(df), dtype=bool)
        )
        for mask, into in ((~rec, owners[0]), (rec, owners[1])):
            if mask.any():  # the distinct references in arrow, then Python over those few
                found = pc.unique(arrow_text(ref).filter(pa.array(mask))).to_pylist()
                into.update(v for v in found if v is not None and not v.startswith("\0default:"))
    orgs, org_map = _organisations(asm, refs, owners, first_places(frames))
    apps, contracts, flows = (
        _map_orgs(asm, t, df, org_map)
        for t, df in (
            (Table.APPLICATIONS, apps),
            (Table.CONTRACTS, contracts),
            (Table.FLOWS, flows),
        )
    )
    editors, apps, contracts = _editors(asm, apps, contracts)
    apps = _applications(asm, apps)
    needs_keys = len(apps) and (len(flows) or contracts["app_ids"].notna().any())
    keys = _app_keys(apps) if needs_keys else pd.DataFrame(columns=["org_id", "key", "app_id"])
    flat = _flat_contracts(asm, apps, asm.flat)
    contracts = _editors_from_apps(asm, _contracts(asm, contracts, flat, keys, orgs), apps)
    flows = _endpoints(asm, flows, keys) if len(flows) else flows
    merged = bodies.merge_applications(apps, contracts, flows)
    apps, contracts, flows = merged.applications, merged.contracts, merged.flows
    asm.joined += merged.joined
    portfolio = Portfolio(
        organisations=orgs,
        editors=editors,
        applications=conform(Table.APPLICATIONS, apps),
        contracts=conform(Table.CONTRACTS, contracts),
        flows=conform(Table.FLOWS, flows),
        sources=tuple(sources),
    )
    return portfolio, asm.problems, asm.book, tuple(asm.joined)
