"""Cells as French users write them become typed values; unreadable cells are flagged."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from vendorlock.readers.build import split_multi_text
from vendorlock.readers.connector import load_connector
from vendorlock.readers.values import (
    normalise_keys,
    parse_boolean,
    parse_date,
    parse_enum,
    parse_integer,
    parse_number,
)
from vendorlock.registry import normalise_key

NUMBERS = [
    ("12 345,67 €", 12345.67),
    ("12\u00a0345,67", 12345.67),
    ("12\u202f345,67 EUR", 12345.67),
    ("1.234,50", 1234.5),
    ("1.234.567", 1234567.0),
    ("1,234.50", 1234.5),
    ("3,5 k€", 3500.0),
    ("-12", -12.0),
    ("1.5", 1.5),
    ("12 000 € HT", 12000.0),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS, ids=[n[0] for n in NUMBERS])
def test_french_numbers(text: str, value: float) -> None:
    parsed = parse_number(pd.Series([text], dtype="str"))
    assert parsed.values.iloc[0] == pytest.approx(value)
    assert not parsed.bad[0]


def test_bad_number_is_flagged_and_empty_is_not() -> None:
    parsed = parse_number(pd.Series(["abc", None, "", 7.0, "8,5"], dtype=object))
    assert parsed.bad.tolist() == [True, False, False, False, False]
    assert parsed.values.iloc[3:].tolist() == [7.0, 8.5]


def test_integer_rejects_fractions() -> None:
    parsed = parse_integer(pd.Series(["12", "12,5", "1 200"], dtype="str"))
    assert parsed.values.astype(object).fillna(-1).tolist() == [12, -1, 1200]
    assert parsed.bad.tolist() == [False, True, False]


DATES = [
    "31/12/2027",
    "2027-12-31",
    "31.12.2027",
    "31-12-2027",
    "31/12/27",
    "46752",
    "2027-12-31 10:00:00",
]


@pytest.mark.parametrize("text", DATES)
def test_dates_in_text(text: str) -> None:
    parsed = parse_date(pd.Series([text], dtype="str"))
    assert parsed.values.iloc[0] == pd.Timestamp("2027-12-31")
    assert not parsed.bad[0]


def test_dates_in_workbook_cells() -> None:
    raw = pd.Series(
        [dt.date(2027, 12, 31), dt.datetime(2027, 12, 31), 46752.0, "31/12/2027"], dtype=object
    )
    parsed = parse_date(raw)
    assert parsed.values.dt.date.tolist() == [dt.date(2027, 12, 31)] * 4


def test_impossible_dates_are_flagged() -> None:
    parsed = parse_date(pd.Series(["31/02/2027", "31/13/2027", "bientôt", "5"], dtype="str"))
    assert parsed.bad.tolist() == [True, True, True, True]


def test_booleans() -> None:
    aliases = load_connector().booleans
    parsed = parse_boolean(
        pd.Series(["Oui", "non", "x", "1", True, "yes", "peut-être", None], dtype=object), aliases
    )
    assert parsed.values.iloc[:6].tolist() == [True, False, True, True, True, True]
    assert parsed.bad.tolist() == [False] * 6 + [True, False]


@pytest.mark.parametrize(
    ("table", "field", "text", "value"),
    [
        ("applications", "hosting", "Hébergé éditeur", "editor_saas"),
        ("applications", "hosting", "SaaS", "editor_saas"),
        ("applications", "hosting", "sur site", "on_premise"),
        ("applications", "hosting", "on_premise", "on_premise"),
        ("applications", "criticality", "Haute", "high"),
        ("applications", "criticality", "forte", "high"),
        ("contracts", "renewal", "tacite", "tacit"),
        ("contracts", "procedure", "procédure adaptée", "mapa"),
        ("contracts", "procedure", "MAPA", "mapa"),
        ("flows", "frequency", "quotidien", "daily"),
    ],
)
def test_enumerated_values_through_aliases(table: str, field: str, text: str, value: str) -> None:
    from vendorlock.model.schema import Table

    aliases = load_connector().value_map(Table(table), field)
    parsed = parse_enum(pd.Series([text], dtype="str"), aliases)
    assert parsed.values.iloc[0] == value


def test_multi_valued_cells_split() -> None:
    assert split_multi_text("ODT; PDF/A, CSV") == ["ODT", "PDF/A", "CSV"]
    assert split_multi_text("ODT\nPDF et CSV") == ["ODT", "PDF", "CSV"]


def test_vectorised_keys_match_normalise_key() -> None:
    texts = ["  Éditeur / Fournisseur ", "Coût annuel (€ HT)", "a--b__c", "Ａｂｃ", "", "œuvre"]
    assert normalise_keys(pd.Series(texts, dtype="string")).tolist() == [
        normalise_key(t) for t in texts
    ]
