"""Explanations: one contribution per criterion, sentences filled with the app's values."""

from __future__ import annotations

import math

import pytest
from scoring_fixtures import make_metrics

from vendorlock.i18n import Lang
from vendorlock.scoring import RulePack, Status, explain, score_applications

NAN = math.nan


@pytest.fixture
def contributions(pack: RulePack):  # type: ignore[no-untyped-def]
    def run(overrides: dict[str, float], lang: Lang = Lang.EN):  # type: ignore[no-untyped-def]
        metrics = make_metrics({"a": overrides})
        scores = score_applications(metrics, pack)
        return {c.rule_id: c for c in explain(scores, metrics, pack, "a", lang)}

    return run


def test_one_contribution_per_criterion_most_points_first(pack: RulePack) -> None:
    metrics = make_metrics({"a": {"tacit_renewal": 1.0, "closed_storage_share": 0.7}})
    scores = score_applications(metrics, pack)
    found = explain(scores, metrics, pack, "a", Lang.EN)
    assert len(found) == len(pack.criteria)
    assert [c.rule_id for c in found[:2]] == ["closed-storage-formats", "tacit-renewal"]
    assert sum(c.points for c in found) == scores.score["a"]


# (rule, overrides, lang, expected fragment)
SENTENCES = [
    ("closed-storage-formats", {"closed_storage_share": 0.7}, Lang.EN, "70% of the data"),
    ("closed-storage-formats", {"closed_storage_share": 0.7}, Lang.FR, "70\u00a0% des données"),
    ("tacit-renewal", {"tacit_renewal": 1.0, "notice_months": 6.0}, Lang.EN, "given 6 months"),
    ("large-data-volume", {"data_volume_gb": 1234.5}, Lang.EN, "1,234.5\u00a0GB of data"),
    ("large-data-volume", {"data_volume_gb": 1234.5}, Lang.FR, "1\u00a0234,5\u00a0Go de données"),
    ("few-alternatives", {"alternatives": 1.0, "open_source_alternatives": NAN}, Lang.EN,
     "for this domain: 1 (open source: unknown)"),
    # no « 1 autres produits », no « dont 0 libres »: the counts stand after a colon
    ("few-alternatives", {"alternatives": 1.0, "open_source_alternatives": 0.0}, Lang.FR,
     "recense pour ce domaine\u00a0: 1 (logiciels libres\u00a0: 0)"),
    ("no-open-export", {"export_capability": 0.5}, Lang.FR, "vaut 0,5"),
    # no "1 flows with national platforms": the count stands after a colon
    ("national-platform-flows", {"platform_flows": 1.0}, Lang.EN,
     "Flows with national platforms (Hélios, @ctes, DSN…): 1; any replacement"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "overrides", "lang", "fragment"),
    SENTENCES,
    ids=[f"{r}-{lang}" for r, _, lang, _ in SENTENCES],
)
def test_reason_is_filled_with_values(contributions, rule, overrides, lang, fragment) -> None:  # type: ignore[no-untyped-def]
    assert fragment in contributions(overrides, lang)[rule].reason


def test_unknown_contribution_says_so(contributions, pack: RulePack) -> None:  # type: ignore[no-untyped-def]
    c = contributions({"reversibility_clause": NAN})["no-reversibility-clause"]
    assert c.status is Status.UNKNOWN and c.value is None
    assert c.reason == (
        "Not given in the inventory: Contracts › Reversibility clause."
        " 8 of 8 points are counted until it is."
    )
    assert c.remedy == "Fill in the inventory: Contracts › Reversibility clause."


def test_not_applicable_contribution(contributions) -> None:  # type: ignore[no-untyped-def]
    c = contributions({"blast_radius_flows": 0.0})["closed-flow-formats"]
    assert c.status is Status.NOT_APPLICABLE and c.points == 0


def test_references_are_resolved(contributions) -> None:  # type: ignore[no-untyped-def]
    c = contributions({"reversibility_clause": 0.0})["no-reversibility-clause"]
    assert [r.id for r in c.references] == ["ccag-tic-2021-art-42", "data-act-art-25"]
    assert c.max_points == 8 and c.points == 8


def test_unknown_app_raises_key_error(pack: RulePack) -> None:
    metrics = make_metrics({"a": {}})
    with pytest.raises(KeyError):
        explain(score_applications(metrics, pack), metrics, pack, "zzz", Lang.EN)


@pytest.mark.parametrize("lang", list(Lang))
def test_every_shipped_sentence_renders(pack: RulePack, lang: Lang) -> None:
    worst = {"closed_storage_share": 1.0, "tacit_renewal": 1.0, "users": NAN}
    metrics = make_metrics({"a": worst})
    for c in explain(score_applications(metrics, pack), metrics, pack, "a", lang):
        assert c.title and c.reason
        assert "{" not in c.reason and "{" not in c.remedy
