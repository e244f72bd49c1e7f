"""The in-memory portfolio: five columnar tables with declared dtypes.

Bulk data stays in pandas DataFrames (one column per schema field, vectorised, fast at a million
rows); no Python object is built per inventory row. Every table also carries provenance columns
(``_file``, ``_sheet``, ``_row``) so that later stages can still point the user at the spreadsheet
cell a value came from, and unknown input columns as ``extra:<header>``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import pandas_dtype

from vendorlock.model.schema import FieldSpec, FieldType, Table, table_spec

#: Separator of multi-valued cells once normalised (registry ids, sorted, unique).
MULTI_SEP = ";"
#: The ``kind`` of a mutualisation structure: in a group, the organisation its members share,
#: not a member.
STRUCTURE_KIND = "mutualisation"
#: Value used where the user does not know (e.g. an application's editor).
UNKNOWN = "unknown"
#: Domain of an application whose domain is neither written nor inferable (never pooled or
#: compared with others: it says nothing of what the application does).
UNASSIGNED_DOMAIN = "unassigned"
#: Provenance columns present on every table.
PROVENANCE = ("_file", "_sheet", "_row")
EXTRA_PREFIX = "extra:"


def dtype_for(spec: FieldSpec) -> str:
    """pandas dtype of a schema field (nullable where the schema allows missing values)."""
    match spec.type:
        case FieldType.STRING:
            return "string"
        case FieldType.INTEGER:
            return "Int64"
        case FieldType.NUMBER:
            return "float64"
        case FieldType.DATE:
            return "datetime64[s]"
        case FieldType.BOOLEAN:
            return "Float64" if spec.partial else "boolean"


@functools.cache
def _resolved(alias: str) -> Any:
    """The dtype object of a dtype name: ``astype("string")`` looks the name up in pandas'
    dtype registry on every call, ~0.1 ms each, paid per column of every table read."""
    return pandas_dtype(alias)


@functools.cache
def _empty(alias: str) -> Any:
    return pd.Series(dtype=alias).array


def _missing(alias: str, length: int) -> Any:
    """A column of ``length`` missing values at the dtype ``alias`` names (what
    ``pd.Series(index=…, dtype=alias)`` holds)."""
    return _empty(alias).take(np.full(length, -1, dtype=np.intp), allow_fill=True)


def empty_table(table: Table) -> pd.DataFrame:
    """A zero-row table with every canonical and provenance column at its declared dtype."""
    spec = table_spec(table)
    cols = {f.name: pd.Series(dtype=dtype_for(f)) for f in spec.fields}
    cols["_file"] = pd.Series(dtype="string")
    cols["_sheet"] = pd.Series(dtype="string")
    cols["_row"] = pd.Series(dtype="Int64")
    return pd.DataFrame(cols)


def conform(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with every canonical column present, in schema order, at its dtype.

    Extra (``extra:*``) columns are kept after the canonical ones; missing canonical columns are
    added empty. Values must already be parsed (readers do that); this only fixes the layout.
    """
    spec = table_spec(table)
    out: dict[str, Any] = {}
    n = len(df)
    fields = [(f.name, dtype_for(f)) for f in spec.fields]
    for name, alias in (*fields, ("_file", "string"), ("_sheet", "string"), ("_row", "Int64")):
        dtype = _resolved(alias)
        if name not in df.columns:
            out[name] = _missing(alias, n)  # all missing, not a list of NA
            continue
        values = df[name].array
        # arrays, not Series: a column already at its dtype is kept as it is (``astype``
        # copies it), and the frame is built without aligning ~20 indexes (~0.1 ms each)
        out[name] = values if values.dtype == dtype else values.astype(dtype)
    base = pd.DataFrame(out, index=pd.RangeIndex(n))
    extras = sorted(c for c in df.columns if str(c).startswith(EXTRA_PREFIX))
    if not extras:
        return base
    # One frame operation for all extra columns: a sheet may carry thousands of them, and a
    # Series per column costs a millisecond each (seconds for a 10,000-column file).
    kept = df[extras].reset_index(drop=True)
    if not (kept.dtypes == "string").all():
        kept = kept.astype("string")
    return pd.concat([base, kept], axis=1)


def split_multi(values: pd.Series) -> pd.Series:
    """Explode a normalised multi-valued column into one row per value (index kept)."""
    s = values.dropna()
    s = s[s != ""]
    return s.str.split(MULTI_SEP).explode()


@dataclass(frozen=True)
class Portfolio:
    """Validated, normalised tables of one or many organisations."""

    organisations: pd.DataFrame = field(default_factory=lambda: empty_table(Table.ORGANISATIONS))
    editors: pd.DataFrame = field(default_factory=lambda: empty_table(Table.EDITORS))
    applications: pd.DataFrame = field(default_factory=lambda: empty_table(Table.APPLICATIONS))
    contracts: pd.DataFrame = field(default_factory=lambda: empty_table(Table.CONTRACTS))
    flows: pd.DataFrame = field(default_factory=lambda: empty_table(Table.FLOWS))
    sources: tuple[str, ...] = ()

    def table(self, table: Table) -> pd.DataFrame:
        df: pd.DataFrame = getattr(self, table.value)
        return df

    def tables(self) -> Iterator[tuple[Table, pd.DataFrame]]:
        for t in Table:
            yield t, self.table(t)

    def org_ids(self) -> list[str]:
        return sorted(self.organisations["org_id"].dropna().unique().tolist())

    def for_org(self, org_id: str) -> Portfolio:
        """The sub-portfolio of one organisation (editors shared, everything else filtered)."""
        used = self.applications.loc[self.applications["org_id"] == org_id, "editor_id"]
        used_c = self.contracts.loc[self.contracts["org_id"] == org_id, "editor_id"]
        ed_ids = set(used.dropna()) | set(used_c.dropna())
        return Portfolio(
            organisations=self.organisations[self.organisations["org_id"] == org_id].reset_index(
                drop=True
            ),
            editors=self.editors[self.editors["editor_id"].isin(ed_ids)].reset_index(drop=True),
            applications=self.applications[self.applications["org_id"] == org_id].reset_index(
                drop=True
            ),
            contracts=self.contracts[self.contracts["org_id"] == org_id].reset_index(drop=True),
            flows=self.flows[self.flows["org_id"] == org_id].reset_index(drop=True),
            sources=self.sources,
        )

    def counts(self) -> dict[str, int]:
        return {t.value: len(df) for t, df in self.tables()}


def concat_portfolios(parts: list[Portfolio]) -> Portfolio:
    """Stack portfolios (editors deduplicated on editor_id, first occurrence wins)."""
    if not parts:
        return Portfolio()
    kw: dict[str, pd.DataFrame] = {}
    for t in Table:
        frames = [p.table(t) for p in parts if len(p.table(t))]
        df = pd.concat(frames, ignore_index=True) if frames else empty_table(t)
        if t is Table.EDITORS:
            df = df.drop_duplicates("editor_id").reset_index(drop=True)
        kw[t.value] = conform(t, df)
    sources = tuple(s for p in parts for s in p.sources)
    return Portfolio(**kw, sources=sources)
