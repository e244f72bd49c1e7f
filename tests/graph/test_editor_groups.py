"""The corporate group each editor is counted under (concentration is measured by group)."""

from __future__ import annotations

import pandas as pd

from vendorlock.graph.groups import editor_groups
from vendorlock.registry import load_registries


def test_a_declared_group_wins_first_row_first_and_blank_ones_fall_back() -> None:
    registries = load_registries()
    # The user's editors sheet: "ciril" twice (its first row's group counts), "x1" with a
    # blank group (no-break space only: the registry's or its own id instead), the unknown
    # editor never grouped.
    editors = pd.DataFrame(
        {
            "editor_id": pd.array(["ciril", "x1", "ciril", None, "unknown"], dtype="string"),
            "group": pd.array(["Groupe Ciril ", "\u00a0", "Autre", "Orphan", "G"], dtype="string"),
        }
    )
    used = pd.Series(pd.array(["x1", "ciril", None, "unknown", "ciril", "zeta"], dtype="string"))
    groups = editor_groups(editors, used, registries)
    assert groups.index.tolist() == ["ciril", "unknown", "x1", "zeta"]
    assert groups.name == "group" and str(groups.dtype) == "string"
    assert groups["ciril"] == "groupe-ciril"
    assert groups["x1"] == (registries.group_of("x1") or pd.NA)
    assert groups["zeta"] == (registries.group_of("zeta") or pd.NA)
    assert groups.isna()["unknown"]
