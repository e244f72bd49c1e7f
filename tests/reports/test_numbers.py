"""Scores and headline amounts: one way to write each, in French and English (issue 10)."""

from __future__ import annotations

import pytest

from vendorlock.i18n import Lang
from vendorlock.reports.cells import ColumnKind
from vendorlock.reports.numbers import (
    cost_headline,
    cost_range,
    display,
    money,
    money_headline,
    score,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (35.35, "35,4", "35.4"),
        (70, "70,0", "70.0"),
        (0, "0,0", "0.0"),
        (100.0, "100,0", "100.0"),
        (35.349, "35,3", "35.3"),
    ],
)
def test_a_score_has_one_decimal_in_the_readers_convention(value: float, fr: str, en: str) -> None:
    assert score(value, Lang.FR) == fr
    assert score(value, Lang.EN) == en
    # where a reader needs the scale: « 35,4 / 100 », never broken across lines
    assert score(value, Lang.FR, scale=True) == f"{fr}{NB}/{NB}100"
    assert score(value, Lang.EN, scale=True) == f"{en}{NB}/{NB}100"


def test_unknown_scores_are_empty_and_score_columns_use_the_same_function() -> None:
    assert score(None, Lang.FR) == "" and score(float("nan"), Lang.EN, scale=True) == ""
    assert display(62, ColumnKind.SCORE, Lang.FR) == "62,0"
    assert display(62.04, ColumnKind.SCORE, Lang.EN) == "62.0"


@pytest.mark.parametrize(
    ("low", "high", "fr", "en"),
    [
        (3_781_670, 27_754_702, f"3,8 à 27,8{NB}M€", "€3.8M to €27.8M"),
        (999_999, None, f"1{NB}M€", "€1M"),  # rounds up into the next unit, not « 1 000 k€ »
        (1_000_000, None, f"1{NB}M€", "€1M"),
        (999_499, None, f"999{NB}k€", "€999k"),
        (0, None, f"0{NB}€", "€0"),
        (0, 0, f"0{NB}€", "€0"),
        (450, None, f"450{NB}€", "€450"),
        (8_529, None, f"8,5{NB}k€", "€8.5k"),
        (447_812, 447_812, f"448{NB}k€", "€448k"),  # a range of one value is one value
        (850, 1_200_000, f"850{NB}€ à 1,2{NB}M€", "€850 to €1.2M"),  # units differ: both said
        (12_345, 99_999, f"12 à 100{NB}k€", "€12k to €100k"),
        (-5_000, 12_000, f"0{NB}€ à 12{NB}k€", "€0 to €12k"),  # negative never shown
        (-5_000, None, f"0{NB}€", "€0"),
        (125_400_000, None, f"125{NB}M€", "€125M"),
    ],
)
def test_headline_amounts_are_rounded_ranges_in_words(
    low: float, high: float | None, fr: str, en: str
) -> None:
    assert money_headline(low, high, Lang.FR) == fr
    assert money_headline(low, high, Lang.EN) == en
    assert "-" not in fr + en


def test_headline_of_an_unknown_amount_is_empty_and_exact_figures_stay_exact() -> None:
    assert money_headline(None, None, Lang.FR) == ""
    assert money_headline(1_500, None, Lang.FR) == f"1,5{NB}k€"
    # tables and workbooks keep the euro
    assert money(3_781_670, Lang.FR) == f"3\u202f781\u202f670{NB}€"


@pytest.mark.parametrize(
    ("years", "fr", "en"),
    [
        (
            {"low": 1.0, "high": 7.72},
            "(soit 1,0 à 7,7 années de dépense)",
            "(1.0–7.7 years of spend)",
        ),
        (
            {"low": 0.998, "high": 7.2},
            "(soit 1,0 à 7,2 années de dépense)",
            "(1.0–7.2 years of spend)",
        ),
        (
            {"low": 3, "high": 12},
            "(soit 3,0 à 12,0 années de dépense)",
            "(3.0–12.0 years of spend)",
        ),
        (
            {"low": 0.4, "high": 0.8},
            "(soit 0,4 à 0,8 année de dépense)",
            "(0.4–0.8 years of spend)",
        ),
        (
            {"low": 1.2, "high": 1.94},
            "(soit 1,2 à 1,9 année de dépense)",
            "(1.2–1.9 years of spend)",
        ),
    ],
)
def test_a_range_of_years_of_spend_reads_one_way_everywhere(
    years: dict[str, float], fr: str, en: str
) -> None:
    """Both ends of a range of years with one decimal, in the headline, the tables' range and
    the note (the audit's cards read « 1 à 7,7 » beside « 1,0 à 7,2 »: a whole ratio lost its
    decimal), the French noun singular under one year (« 0,4 à 0,8 année »)."""
    from vendorlock.reports.note import _years

    cost = {"low": 36_000, "high": 272_000, "years_of_spend": years}
    assert cost_headline(cost, Lang.FR).endswith(" " + fr)
    assert cost_headline(cost, Lang.EN).endswith(" " + en)
    assert cost_range(cost, Lang.FR).endswith(" " + fr)
    low, high = fr.removeprefix("(soit ").split(" année")[0].split(" à ")
    assert _years(years, Lang.FR).startswith(f", soit de {low} à {high} année")
    assert _years(years, Lang.EN).startswith(" — " + en[1:].split(" years")[0].replace("–", " to "))


def test_a_score_range_has_the_decimal_of_the_scores_beside_it() -> None:
    """The register's « Fourchette du score » writes its ends as the score column does
    (« 66,0 », « 60,0–65,9 »; read « 66 » beside a score of « 66,0 »), one row or a whole
    column at a time."""
    from vendorlock.reports.columns import score_ranges
    from vendorlock.reports.tables import score_range

    app = {"score_low": 66.0, "score_high": 66.0}
    assert score_range(app, Lang.FR) == "66,0"
    assert score_range({"score_low": 60, "score_high": 65.94}, Lang.FR) == "60,0–65,9"
    assert score_range({"score_low": 60, "score_high": 65.94}, Lang.EN) == "60.0–65.9"
    assert score_ranges([66.0, 60, None], [66.0, 65.94, 70], Lang.FR) == ["66,0", "60,0–65,9", ""]


def test_a_range_of_years_with_an_unknown_end_is_left_out() -> None:
    """The note passes ``years.get("low")``: an unknown end writes no range (``float(None)``
    raised once the range was written with one decimal)."""
    from vendorlock.reports.numbers import years_text

    assert years_text("note.years_of_spend", None, 2.0, Lang.FR) == ""
    assert years_text("note.years_of_spend", 1.0, float("nan"), Lang.EN) == ""
