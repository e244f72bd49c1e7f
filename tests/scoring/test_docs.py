"""docs/rules.md documents every criterion of the shipped pack with its weight, reason and
remedy, every cost parameter, and its worked examples hold."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from scoring_fixtures import make_metrics

from vendorlock.scoring import RulePack, load_pack, score_applications
from vendorlock.scoring.check import (
    COST_DEFAULTS,
    COST_DOMAIN_DRIVERS,
    COST_RANGES,
    COST_SCALARS,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
RULES_MD = (DOCS / "rules.md").read_text(encoding="utf-8")
METRICS_MD = (DOCS / "metrics.md").read_text(encoding="utf-8")
ASSETS = Path(__file__).resolve().parents[1] / "assets" / "scoring"


def _section(rule_id: str) -> str:
    match = re.search(rf"### `{re.escape(rule_id)}` — (.*?)(?=\n### |\Z)", RULES_MD, re.S)
    assert match, f"docs/rules.md has no section for {rule_id}"
    return match.group(0)


def test_every_criterion_is_documented(pack: RulePack) -> None:
    for crit in pack.criteria:
        section = _section(crit.id)
        assert f"weight **{crit.weight:g}**" in section, crit.id
        assert f"metric `{crit.metric}`" in section, crit.id
        assert f"**Reason:** {crit.reason.en}" in section, crit.id
        assert f"**Remedy:** {crit.remedy.en}" in section, crit.id


def test_every_cost_parameter_is_documented(pack: RulePack) -> None:
    """docs/metrics.md lists each parameter with its shipped range and each default."""
    cost_doc = METRICS_MD[METRICS_MD.index("## Exit cost") :]
    for item, names in COST_RANGES.items():
        for name in names:
            assert f"`{item}.{name}`" in cost_doc, f"{item}.{name}"
            r = pack.costs.p(item, name)
            row = next(
                line for line in cost_doc.splitlines() if line.startswith(f"| `{item}.{name}` |")
            )
            assert ("assumption" in row) == r.assumption, f"{item}.{name}"
            for ref in r.sources:
                assert ref in row, (f"{item}.{name}", ref)
    names = [n for names in COST_SCALARS.values() for n in names]
    names += list(COST_DEFAULTS) + list(COST_DOMAIN_DRIVERS)
    for name in names:
        assert name in cost_doc, name


def test_every_reference_and_clause_is_documented(pack: RulePack) -> None:
    for ref_id in pack.references:
        assert f"`{ref_id}`" in RULES_MD, ref_id
    for clause_id in pack.clauses:
        assert f"`{clause_id}`" in RULES_MD, clause_id


def test_the_scoring_example_of_the_docs(pack: RulePack) -> None:
    metrics = make_metrics(
        {
            "a": {
                "closed_storage_share": 0.7,
                "export_capability": 0.5,
                "tacit_renewal": 1.0,
                "reversibility_clause": math.nan,
            }
        }
    )
    assert "Score = 10 + 6 + 5 + 8 = **29**" in RULES_MD
    scores = score_applications(metrics, pack)
    assert scores.score["a"] == pytest.approx(29)
    assert "band 21–29" in RULES_MD and "= 92 %" in RULES_MD
    assert (scores.score_low["a"], scores.score_high["a"]) == (21, 29)
    assert round(scores.coverage["a"] * 100) == 92
    overlaid = load_pack([ASSETS / "weight_up.yaml"])  # no-open-export 10 → 14
    assert "29 + 4 × 0.6 = **31.4**" in RULES_MD
    assert score_applications(metrics, overlaid).score["a"] == pytest.approx(31.4)


def test_waivers_doc_names_every_outcome() -> None:
    text = (DOCS / "waivers.md").read_text(encoding="utf-8")
    for word in ("waived", "expired", "unmatched", '"*"'):
        assert word in text
