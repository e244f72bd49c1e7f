"""Inventory-tool noise set aside: OS updates, installer GUIDs, runtimes and drivers.

Software-inventory agents (GLPI, OCS Inventory) list every installed package, so their exports
hold "KB5034441", "{90160000-008C-0000-1000-0000000FF1CE}", "Microsoft Visual C++ 2015-2022
Redistributable (x64)" or "Realtek Audio Driver" next to the applications a body runs. Those are
components of the system or of other programs: scoring them would drown the audit. The patterns
are data (``connectors/components.yaml``); all of them are compiled into one regex matched once
over the name column, and only the rows it catches are matched again per kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.dtypes import INT64, STRING
from vendorlock.errors import ReaderError
from vendorlock.readers.values import arrow_text, to_text
from vendorlock.yamlio import load_yaml

#: Columns of the components table a load returns.
COMPONENT_COLUMNS = ("name", "kind", "_file", "_sheet", "_row")


@dataclass(frozen=True)
class ComponentRules:
    """Per kind (file order) one regex, and all of them as one (case-insensitive, RE2)."""

    kinds: tuple[tuple[str, str], ...] = ()

    @property
    def combined(self) -> str | None:
        return "|".join(f"(?:{regex})" for _, regex in self.kinds) if self.kinds else None


def load_component_rules(path: Path) -> ComponentRules:
    """Read ``components.yaml`` (an absent file sets nothing aside); bad regexes are refused."""
    if not path.is_file():
        return ComponentRules()
    data: Mapping[str, Any] = load_yaml(path) or {}
    kinds = []
    for kind, patterns in (data.get("components") or {}).items():
        for pattern in patterns or ():
            try:
                re.compile(str(pattern))
            except re.error as exc:
                msg = f"{path}: components.{kind}: bad pattern {pattern!r}: {exc}"
                raise ReaderError(msg) from exc
        if patterns:
            kinds.append((str(kind), "|".join(f"(?:{p})" for p in patterns)))
    return ComponentRules(tuple(kinds))


def component_kinds(rules: ComponentRules, names: pd.Series) -> pd.Series:
    """Per row, the component kind its name matches (``<NA>`` for an application)."""
    out = pd.Series(pd.NA, index=names.index, dtype=STRING)
    combined = rules.combined
    if combined is None or not len(names):
        return out
    arr = arrow_text(to_text(names))
    hit = pc.fill_null(pc.match_substring_regex(arr, combined, ignore_case=True), False)
    mask = hit.to_numpy(zero_copy_only=False)
    if not mask.any():
        return out
    caught = arr.filter(hit)
    kind = pa.nulls(len(caught), pa.large_string())
    for name, regex in rules.kinds:
        match = pc.fill_null(pc.match_substring_regex(caught, regex, ignore_case=True), False)
        kind = pc.if_else(pc.and_(match, pc.is_null(kind)), pa.scalar(name, kind.type), kind)
    out[mask] = pd.array(kind, dtype=STRING).to_numpy(na_value=pd.NA)
    return out


def empty_components() -> pd.DataFrame:
    """A components table with no row."""
    return pd.DataFrame(
        {c: pd.Series(dtype=INT64 if c == "_row" else STRING) for c in COMPONENT_COLUMNS}
    )


def component_frame(
    names: pd.Series, kinds: pd.Series, file: str, sheet: str | None, rows: np.ndarray
) -> pd.DataFrame:
    """The set-aside rows: name as written, kind, and where they sit."""
    mask = kinds.notna().to_numpy()
    n = int(mask.sum())
    return pd.DataFrame(
        {
            "name": to_text(names[mask]).reset_index(drop=True),
            "kind": kinds[mask].reset_index(drop=True),
            "_file": pd.Series([file] * n, dtype=STRING),
            "_sheet": pd.Series([sheet] * n, dtype=STRING),
            "_row": pd.Series(rows[mask], dtype="Int64"),
        }
    )
