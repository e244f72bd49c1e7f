"""The corporate group of each editor: what concentration is measured at.

Editors buy each other, so a body that spreads its spend over three editors of one group is as
dependent as if it had one. The inventory's ``editors.group`` column wins (the user knows their
suppliers); otherwise the registry's group; otherwise the editor is its own group.
"""

from __future__ import annotations

import pandas as pd

from vendorlock.dtypes import STRING
from vendorlock.model.portfolio import UNKNOWN
from vendorlock.registry import Registries, slugify


def editor_groups(
    editors: pd.DataFrame, editor_ids: pd.Series, registries: Registries
) -> pd.Series:
    """Group id of each distinct editor id in ``editor_ids`` (index: editor id, values: group).

    The ``unknown`` editor has no group (``<NA>``): unknown suppliers are not one supplier.

    ``editors`` is the portfolio's editors table; its ``group`` column holds user text, slugged
    here so "Berger-Levrault" and "berger levrault" count as one group.
    """
    ids = pd.Index(editor_ids.dropna().astype(STRING).unique()).sort_values()
    declared = pd.Series(pd.NA, index=ids, dtype=STRING)
    if len(editors) and "group" in editors.columns:
        table = editors.dropna(subset=["editor_id"]).drop_duplicates("editor_id")
        given = table.set_index("editor_id")["group"].astype(STRING).dropna()
        given = given[given.str.strip() != ""]
        slugs = given.map({v: slugify(v) for v in given.unique()}).astype(STRING)
        declared = slugs.reindex(ids)
    fallback = pd.Series([registries.group_of(str(e)) for e in ids], index=ids, dtype=STRING)
    groups = declared.fillna(fallback).rename("group")
    return groups.mask(groups.index == UNKNOWN)
