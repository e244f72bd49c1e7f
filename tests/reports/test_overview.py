"""The summary every renderer shows first: key figures, top risks, next decisions, members."""

from __future__ import annotations

import re
from typing import Any

from vendorlock.i18n import Lang
from vendorlock.reports import overview
from vendorlock.reports.audit_report import summary_blocks
from vendorlock.reports.sections import block_html


def test_key_figures_weight_the_members_by_their_scored_applications(
    doc: dict[str, Any],
) -> None:
    k = overview.kpis(doc)
    # 68.3 × 5 + 62.1 × 3 over 8 applications
    assert k.structure_wide and k.index == round((68.3 * 5 + 62.1 * 3) / 8, 2)
    assert k.level == "high" and k.organisations == 2 and k.applications == 8
    assert k.annual_spend == 134_500.5 and (k.exit_low, k.exit_high) == (190_000, 448_000)
    assert [lv for lv, _n in k.levels] == ["critical", "high", "medium", "low", "insufficient_data"]


def test_a_single_organisation_keeps_its_own_index(doc: dict[str, Any]) -> None:
    doc["organisations"] = [
        o for o in doc["organisations"] if o["name"] == "Commune de Saint-Exemple"
    ]
    k = overview.kpis(doc)
    assert not k.structure_wide and k.index == 68.3 and k.level == "high"


def test_top_risks_carry_their_organisation(doc: dict[str, Any]) -> None:
    risks = overview.top_risks(doc)
    assert [r.rank for r in risks] == [1, 2, 3, 4, 5]
    assert risks[0].organisation == "Commune de Saint-Exemple" and risks[0].score == 82.5
    assert risks[1].organisation == "Syndicat mixte <b>Numérique</b> & Co"
    assert [r.score for r in risks] == sorted((r.score for r in risks), reverse=True)


def test_decisions_before_the_audit_date_are_overdue(doc: dict[str, Any]) -> None:
    doc["as_of"] = "2027-04-01"
    ds = overview.decisions(doc, n=2)
    assert [d.date for d in ds.overdue] == ["2026-12-31", "2026-12-31", "2027-03-31"]
    assert all(d.overdue for d in ds.overdue) and not any(d.overdue for d in ds.upcoming)
    assert [d.date for d in ds.upcoming] == ["2027-07-31", "2028-03-31"]


def test_members_are_sorted_worst_first_with_no_index_last(doc: dict[str, Any]) -> None:
    doc["organisations"][0]["lockin_index"] = None
    names = [m.name for m in overview.members(doc)]
    assert names[-1] == doc["organisations"][0]["name"]


def test_dates_read_as_french_and_english() -> None:
    assert overview.long_date("2026-11-29", Lang.FR) == "29\u00a0novembre\u00a02026"
    assert overview.long_date("2027-01-01", Lang.FR) == "1er\u00a0janvier\u00a02027"
    assert overview.long_date("2027-01-01", Lang.EN) == "1\u00a0January\u00a02027"
    assert overview.long_date(None, Lang.FR) == "?"


def test_html_summary_shows_the_strip_risks_and_flagged_overdue(doc: dict[str, Any]) -> None:
    doc["as_of"] = "2027-04-01"
    html = "".join(block_html(b, Lang.FR) for b in summary_blocks(doc, Lang.FR))
    assert html.index('class="kpis"') < html.index("Les 5 principaux risques")
    assert (
        "Indice de dépendance de la structure" in html
        and "66,0<small>\u00a0/\u00a0100</small>" in html
    )
    assert "135\u00a0k€" in html and "78 à 183\u00a0k€" in html  # headline amounts
    assert "en retard" in html and "31\u00a0décembre\u00a02026" in html
    assert html.index("Commune de Saint-Exemple</h4>") < html.index(
        "Numérique&lt;/b&gt; &amp; Co</h4>"
    )


def test_member_cards_join_their_fragments_in_lowercase(doc: dict[str, Any]) -> None:
    """A card's line is one phrase: after « · » the coverage starts in lowercase (« moyen ·
    12 applications · couverture 95,2 % », was « · Couverture 95,2 % »), in English too."""
    for lang, word in ((Lang.FR, "couverture"), (Lang.EN, "coverage")):
        html = "".join(block_html(b, lang) for b in summary_blocks(doc, lang))
        lines = re.findall(r'<div class="card [^"]*">.*?</p><p>([^<]*)</p>', html)
        assert len(lines) == 2, html
        assert all(re.search(rf" · {word} (\d|\?)", line) for line in lines), lines
