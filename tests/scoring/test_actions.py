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


def test_same_purchasing_group_is_not_a_pool_partner(pack: RulePack) -> None:
    """Bodies already buying through one groupement de commandes need no new pooling: only
    partners outside the group count (names compared without case or surrounding spaces)."""
    plan = _plan(
        pack,
        {
            "a": {**MEDIUM, "org_id": "org-a", "contract_end": "2027-06-30",
                  "purchasing_group": "Infocom94"},
            "b": {**MEDIUM, "org_id": "org-b", "contract_end": "2027-08-31",
                  "purchasing_group": " INFOCOM94 "},
            "c": {**MEDIUM, "org_id": "org-c", "contract_end": "2027-09-30"},
        },
    )  # fmt: skip
    assert plan["partners"].to_dict() == {"a": 1, "b": 1, "c": 2}  # a↔b are one group
    assert set(plan["kind"].astype(str)) == {"pool"}
    alone = _plan(
        pack,
        {
            "a": {**MEDIUM, "org_id": "org-a", "contract_end": "2027-06-30",
                  "purchasing_group": "Infocom94"},
            "b": {**MEDIUM, "org_id": "org-b", "contract_end": "2027-08-31",
                  "purchasing_group": "infocom94"},
        },
    )  # fmt: skip
    assert set(alone["kind"].astype(str)) == {"renegotiate"}
    assert alone["partners"].tolist() == [0, 0]


def test_pool_only_when_the_decision_is_within_the_horizon(pack: RulePack) -> None:
    """Audit date 2026-06-01, horizon 24 months: decisions 2026-06-01 … 2028-06-01 pool; a
    decision in 2029 renegotiates and says pooling comes later; a past one says too late."""
    assert pack.actions.pool_horizon_months == 24
    plan = _plan(
        pack,
        {
            "soon": {**MEDIUM, "org_id": "org-a", "contract_end": "2028-12-31"},  # 2027-12-31
            "far": {**MEDIUM, "org_id": "org-b", "contract_end": "2030-01-31"},  # 2029-01-31
            "past": {**MEDIUM, "org_id": "org-c", "contract_end": "2027-01-31"},  # 2026-01-31
            "p1": {**MEDIUM, "org_id": "org-d", "contract_end": "2029-06-30"},
            "p2": {**MEDIUM, "org_id": "org-e", "contract_end": "2026-09-30"},
        },
    )
    kinds = plan["kind"].astype(str).to_dict()
    assert kinds["soon"] == "pool"
    assert kinds["far"] == "renegotiate" and plan.loc["far", "partners"] == 1  # p1
    assert (
        "pooling becomes the action once the decision is less than 24 months away"
        in (plan.loc["far", "text"])
    )
    assert kinds["p1"] == "renegotiate"  # decision 2028-06-30: a month past the horizon
    assert kinds["past"] == "renegotiate" and plan.loc["past", "partners"] == 1
    assert "too late to form a purchasing group" in plan.loc["past", "text"]
    assert "1 contract of another member in this domain ends near yours" in plan.loc["past", "text"]


def test_pool_sentence_agrees_in_number(pack: RulePack) -> None:
    apps = {
        "a": {**MEDIUM, "org_id": "org-a", "contract_end": "2027-06-30"},
        "b": {**MEDIUM, "org_id": "org-b", "contract_end": "2027-07-31"},
    }
    one = _plan(pack, apps).loc["a", "text"]
    assert "1 contract of another member in this domain, outside your purchasing group, ends" in one
    apps["c"] = {**MEDIUM, "org_id": "org-c", "contract_end": "2027-08-31"}
    two = _plan(pack, apps).loc["a", "text"]
    assert "2 contracts of other members in this domain, outside your purchasing group, end" in two
    metrics = make_metrics(apps)
    fr = actions(metrics, score_applications(metrics, pack), pack, Lang.FR).loc["a", "text"]
    assert "2 contrats d'autres membres dans ce domaine, hors de votre groupement" in fr


@pytest.mark.parametrize(
    ("lang", "written"),
    [(Lang.EN, "before 31 December 2026"), (Lang.FR, "avant le 31 décembre 2026")],
)
def test_text_in_both_languages_and_skippable(pack: RulePack, lang: Lang, written: str) -> None:
    metrics = make_metrics({"a": {**MEDIUM, "contract_end": "2027-12-31"}})
    scores = score_applications(metrics, pack)
    plan = actions(metrics, scores, pack, lang)
    assert written in plan.loc["a", "text"]
    assert actions(metrics, scores, pack, lang, text=False).loc["a", "text"] == ""
