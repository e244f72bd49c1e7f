"""What a flow pins for a replacement (requirement_rows): one row per application end, flow and
pinned standard or format, whoever needs it."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from tests.group.builders import app, doc, flow, org, registries
from vendorlock.group.frames import string_codes
from vendorlock.group.standards import requirement_rows
from vendorlock.group.tables import GroupTables
from vendorlock.registry.registries import Registries


def _setting() -> tuple[GroupTables, Registries]:
    reg = registries()
    # a platform mandating no standard: a flow to it pins its format only
    ants = dataclasses.replace(reg.platforms["helios"], id="ants", name="ANTS", standards=())
    reg = dataclasses.replace(reg, platforms={**reg.platforms, "ants": ants})
    tables = GroupTables.from_document(
        doc(
            [org("a")],
            [app("a1", "a"), app("a2", "a", domain="hr_payroll")],
            [
                flow("f1", "a", "a1", "helios", target_kind="platform"),
                flow("f2", "a", "a1", "chorus_pro", target_kind="platform", fmt="xml"),
                flow("f3", "a", "a1", "ants", target_kind="platform", fmt="csv"),
                flow("f4", "a", "a1", "a2", fmt="csv"),
                flow("f5", "a", "outside", "a1", standard="dsn"),
                flow("f6", "a", "a2", "a2", fmt="xml"),
            ],
        )
    )
    return tables, reg


def _rows(tables: GroupTables, reg: Registries, ends: tuple[str, ...] | None) -> list[tuple]:
    rows = requirement_rows(tables.applications, tables.flows, reg, ends=ends)
    return [tuple(r) for r in rows.itertuples(index=False)]


def test_every_pinned_standard_and_format_once_per_end() -> None:
    tables, reg = _setting()
    assert _rows(tables, reg, None) == [
        # a named standard, then those a platform mandates when the flow names none (several:
        # each "one of"), then a platform's format when it mandates none, then bare formats
        ("a1", "f5", "a", "standard", "dsn", "unknown", "outside", False),
        ("a1", "f1", "a", "standard", "pes_v2", "platform", "helios", False),
        ("a1", "f2", "a", "standard", "ubl", "platform", "chorus_pro", True),
        ("a1", "f2", "a", "standard", "cii", "platform", "chorus_pro", True),
        ("a1", "f3", "a", "format", "csv", "platform", "ants", False),
        ("a1", "f4", "a", "format", "csv", "application", "hr_payroll", False),
        ("a2", "f6", "a", "format", "xml", "application", "hr_payroll", False),
        ("a2", "f4", "a", "format", "csv", "application", "finances", False),
    ]


def test_only_the_wanted_ends_and_no_row_without_one() -> None:
    """With nothing pinned on the platform side, no empty part adds rows of its own (a
    DataFrame built per part once took the whole index from an empty one)."""
    tables, reg = _setting()
    assert _rows(tables, reg, ("a2", "unknown-app")) == [
        ("a2", "f6", "a", "format", "xml", "application", "hr_payroll", False),
        ("a2", "f4", "a", "format", "csv", "application", "finances", False),
    ]


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(["b", "a", "é", "z", "a", "Z", "", "b"], id="strings-by-code-point"),
        pytest.param(["b", None, "a", None], id="a-missing-value"),
        pytest.param(["b", 3, "a"], id="not-only-strings"),
        pytest.param(["b", "\ud800", "a"], id="text-utf-8-cannot-hold"),
        pytest.param([], id="empty"),
    ],
)
@pytest.mark.parametrize("sort", [True, False])
def test_string_codes_are_pandas_factorize(values: list, sort: bool) -> None:
    """The requirement keys are coded by Arrow when they are all text, by pandas otherwise:
    the same codes and uniques either way (sorted, a missing value coded last)."""
    column = pd.Series(values, dtype=object)
    codes, uniques = string_codes(column, sort=sort)
    expected_codes, expected_uniques = pd.factorize(column, sort=sort, use_na_sentinel=False)
    assert codes.tolist() == expected_codes.tolist()
    assert [repr(u) for u in uniques] == [repr(u) for u in expected_uniques]  # nan is nan
