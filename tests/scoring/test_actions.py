"""Renewal actions: which kind, the clauses to demand, and the decision date arithmetic
(contract end − notice − procurement lead time, in whole months)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scoring_fixtures import make_metrics

from vendorlock.i18n import Lang
from vendorlock.scoring import RulePack, actions, decision_dates, score_applications

NAN = math.nan

# (contract end, notice months, expected decision date) with procurement_lead_months = 9
DATE_CASES = [
    ("2027-12-31", 3.0, "2026-12-31"),
    ("2027-05-31", 0.0, "2026-08-31"),
    ("2027-11-30", 6.0, "2026-08-30"),
    ("2027-12-31", 2.0, "2027-01-31"),
    ("2027-11-30", 0.0, "2027-02-28"),  # day clipped to the month's length
    ("2028-11-29", 0.0, "2028-02-29"),  # leap year
    ("2028-06-30", NAN, "2027-06-30"),  # unknown notice: default_notice_months (3)
    (None, 3.0, None),  # unknown contract end: no date
]


@pytest.mark.parametrize(
    ("end", "notice", "expected"), DATE_CASES, ids=[f"{e}-{n}" for e, n, _ in DATE_CASES]
)
def test_decision_date(
    pack: RulePack, end: str | None, notice: float, expected: str | None
) -> None:
    metrics = make_metrics({"a": {"contract_end": end, "notice_months": notice}})
    got = decision_dates(metrics, pack)["a"]
    if expected is None:
        assert pd.isna(got)
    else:
        assert pd.Timestamp(got) == pd.Timestamp(expected)


CRITICAL = {
    "closed_storage_share": 1.0, "export_capability": 0.0, "api_openness": 0.0,
    "reversibility_clause": 0.0, "data_return_open": 0.0, "proprietary_licence": 1.0,
    "editor_saas": 1.0, "tacit_renewal": 1.0, "customisation_level": 3.0,
    "blast_radius_apps": 10.0, "group_spend_share": 0.5, "proprietary_stack": 1.0,
}  # fmt: skip
MEDIUM = {"closed_storage_share": 1.0, "export_capability": 0.0, "reversibility_clause": 0.0}


def _plan(pack: RulePack, apps: dict[str, dict[str, object]]) -> pd.DataFrame:
    metrics = make_metrics(apps)
    return actions(metrics, score_applications(metrics, pack), pack, Lang.EN)


def test_low_lock_in_is_kept_without_clauses(pack: RulePack) -> None:
    plan = _plan(pack, {"a": {}})
    assert plan.loc["a", "kind"] == "keep"
    assert plan.loc["a", "clauses"] == ""


def test_critical_with_alternatives_prepares_exit(pack: RulePack) -> None:
    plan = _plan(pack, {"a": {**CRITICAL, "alternatives": 3.0}})
    assert plan.loc["a", "kind"] == "prepare_exit"


def test_critical_without_alternative_renegotiates(pack: RulePack) -> None:
    plan = _plan(pack, {"a": {**CRITICAL, "alternatives": 0.0}})
    assert plan.loc["a", "kind"] == "renegotiate"


def test_renegotiate_names_the_clauses(pack: RulePack) -> None:
    plan = _plan(pack, {"a": {**MEDIUM, "data_return_open": NAN}})
    assert plan.loc["a", "kind"] == "renegotiate"
    # scored criteria and unknown ones both call for their clause
    assert plan.loc["a", "clauses"] == "open-data-return;open-export;open-formats;reversibility"
    assert "reversibility" in plan.loc["a", "text"]


def test_pool_when_another_member_renews_in_the_same_window(pack: RulePack) -> None:
    plan = _plan(
        pack,
        {
            "a": {**MEDIUM, "org_id": "org-a", "contract_end": "2027-06-30"},
            "b": {**MEDIUM, "org_id": "org-b", "contract_end": "2028-03-31"},
            "c": {**MEDIUM, "org_id": "org-c", "contract_end": "2030-01-31"},
            "d": {**MEDIUM, "org_id": "org-a", "contract_end": "2027-07-31", "domain": "rh"},
        },
    )
    assert plan["kind"].astype(str).to_dict() == {
        "a": "pool",
        "b": "pool",
        "c": "renegotiate",  # too far apart
        "d": "renegotiate",  # other domain
    }
    assert plan.loc["a", "partners"] == 1


def test_same_organisation_is_not_a_pool_partner(pack: RulePack) -> None:
    plan = _plan(
        pack,
        {
            "a": {**MEDIUM, "contract_end": "2027-06-30"},
            "b": {**MEDIUM, "contract_end": "2027-07-31"},
        },
    )
    assert set(plan["kind"].astype(str)) == {"renegotiate"}


@pytest.mark.parametrize("lang", list(Lang))
def test_text_in_both_languages_and_skippable(pack: RulePack, lang: Lang) -> None:
    metrics = make_metrics({"a": {**MEDIUM, "contract_end": "2027-12-31"}})
    scores = score_applications(metrics, pack)
    plan = actions(metrics, scores, pack, lang)
    assert "2026-12-31" in plan.loc["a", "text"]
    assert actions(metrics, scores, pack, lang, text=False).loc["a", "text"] == ""
