"""The one-screen terminal summary."""

from __future__ import annotations

import re
from typing import Any

from vendorlock.i18n import Lang
from vendorlock.reports import terminal_summary


def test_summary_shows_indices_top_risks_decisions_and_unknowns(doc: dict[str, Any]) -> None:
    lines = terminal_summary(doc, Lang.EN)
    text = "\n".join(lines)
    assert "Commune de Saint-Exemple: lock-in index 68.3\u00a0/\u00a0100 (high)" in text
    assert "Applications by level: critical 1 · high 3 · medium 2 · low 2" in text
    top = lines.index("Top risks (score [range, data coverage]):")
    assert "82.5 critical" in lines[top + 1] and "e.magnus" in lines[top + 1]
    assert lines[top + 2].strip() == "100 % of stored data is in closed formats."
    # a decision's sentence may go on below it, indented: heads start at the second column
    after = lines[lines.index("Next decisions:") + 1 :]
    decisions = [line for line in after if re.match(r"  \S", line)][:5]
    assert decisions[0].startswith("  31\u00a0December\u00a02026  e.magnus")
    assert [line.split("  ")[1] for line in decisions[2:]] == [
        "31\u00a0March\u00a02027",
        "31\u00a0July\u00a02027",
        "31\u00a0March\u00a02028",
    ]
    assert lines[-1] == "2 of 8 applications were scored with unknown input."


def test_every_line_fits_the_width_and_carries_no_control_character(doc: dict[str, Any]) -> None:
    doc["applications"][0]["name"] = "evil\x1b[2J\x1b]0;owned\x07 name\u202e"
    for width in (60, 100):
        lines = terminal_summary(doc, Lang.FR, width=width)
        assert all(len(line) <= width for line in lines)
        assert not any(ch in line for line in lines for ch in ("\x1b", "\x07", "\u202e", "\t"))
    assert any("evil\ufffd[2J" in line for line in terminal_summary(doc, Lang.FR, width=200))


def test_summary_in_french(doc: dict[str, Any]) -> None:
    for app in doc["applications"]:
        app.update(score_low=60.9, score_high=65.9, coverage=0.95)
    lines = terminal_summary(doc, Lang.FR)
    assert lines[0] == "Audit vendorlock au 15\u00a0juin\u00a02026 (jeu de règles lockin 1.0)"
    top = lines.index(
        "Principaux risques (score [fourchette\u00a0; couverture des données])\u00a0:"
    )
    # a decimal comma inside a list would read « 60,9–65,9, 95,0 % »: a semicolon parts them
    assert re.search(r"\[\d+(,\d)?(–\d+(,\d)?)?\u00a0; \d+(,\d)?\u00a0%\]", lines[top + 1]), lines[
        top + 1
    ]
    assert not any(re.search(r"\d{4}-\d\d-\d\d|\(s\)", line) for line in lines), lines


def test_one_organisation_s_spend_is_said_once(doc: dict[str, Any]) -> None:
    doc["organisations"] = doc["organisations"][:1]
    org = doc["organisations"][0]["org_id"]
    doc["applications"] = [a for a in doc["applications"] if a["org_id"] == org]
    lines = terminal_summary(doc, Lang.EN)
    assert "spend" in lines[1] and not [x for x in lines if x.startswith("Yearly spend")]


def test_summary_puts_key_figures_and_organisations_first(doc: dict[str, Any]) -> None:
    lines = terminal_summary(doc, Lang.EN)
    assert lines[1].startswith(
        "Whole structure (2 organisations): lock-in index 66.0\u00a0/\u00a0100 (high)"
    )
    assert lines[2] == "Yearly spend: €135k over 8 applications"  # a headline: rounded
    top = lines.index("Top risks (score [range, data coverage]):")
    assert "(Commune de Saint-Exemple, Berger-Levrault)" in lines[top + 1]
    members = lines[lines.index("Members, most exposed first:") + 1 :]
    assert members[0].startswith("Commune de Saint-Exemple: lock-in index 68.3")
    assert members[2].startswith("Syndicat mixte <b>Numérique</b> & Co: lock-in index 62.1")


def test_overdue_decisions_are_counted_with_their_earliest_date(doc: dict[str, Any]) -> None:
    doc["as_of"] = "2027-04-01"
    lines = terminal_summary(doc, Lang.FR)
    start = lines.index("Prochaines décisions\u00a0:")
    assert (
        "3 dates de décision déjà dépassées (la plus ancienne\u00a0: 31\u00a0décembre\u00a02026)"
        in lines[start + 1]
    )
    # wrapped, not cut: the instruction reads to its end (« agir maintenant ou acce… » did not)
    assert (
        lines[start + 2]
        == "    accepter une nouvelle période\u00a0; elles ouvrent le plan d'action."
    )
    assert lines[start + 3].startswith("  31\u00a0juillet\u00a02027  ")
