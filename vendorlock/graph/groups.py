"""The corporate group of each editor: what concentration is measured at.

Editors buy each other, so a body that spreads its spend over three editors of one group is as
dependent as if it had one. The inventory's ``editors.group`` column wins (the user knows their
suppliers); otherwise the registry's group; otherwise the editor is its own group.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
    # Plain Python over the few distinct editors: the frame operations this replaces (dropna,
    # drop_duplicates, set_index, map, reindex, fillna, mask) cost ~5 ms even for 20 rows.
    ids = sorted(set(editor_ids.dropna().astype(STRING).tolist()))
    declared: dict[str, str] = {}
    if len(editors) and "group" in editors.columns:
        group = pa.array(editors["group"].astype(STRING), type=pa.large_string())
        # blank as ``Series.str.strip() == ""`` reads it (the same arrow kernel)
        blank = pc.equal(pc.utf8_trim_whitespace(group), "").fill_null(True)
        slugs: dict[str, str] = {}
        seen: set[str] = set()
        for editor, text, empty in zip(
            editors["editor_id"].tolist(), group.to_pylist(), blank.to_pylist(), strict=True
        ):
            if editor is pd.NA or editor is None or editor in seen:
                continue  # each editor's first row, as drop_duplicates keeps it
            seen.add(editor)
            if not empty:
                declared[editor] = slugs.setdefault(text, slugify(text))
    groups = [None if e == UNKNOWN else declared.get(e, registries.group_of(str(e))) for e in ids]
    return pd.Series(groups, index=pd.Index(ids, dtype=STRING), dtype=STRING, name="group")
