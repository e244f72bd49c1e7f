"""The note for elected officials: audit.md, note.docx and its printable HTML, from one content."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.reports.conftest import SCRIPT
from vendorlock.i18n import Lang
from vendorlock.reports.markdown import md_cell
from vendorlock.reports.note import (
    _limits,
    build_note,
    md_plain,
    money_words,
    note_docx,
    note_html,
    note_markdown,
    note_pdf,
    same_text_articles,
)


def test_french_note_is_plain_text_with_long_dates_and_no_escape_artefacts(
    written: dict[str, Path],
) -> None:
    note = written["md"].read_text(encoding="utf-8")
    assert note.startswith("# Dépendance aux éditeurs de logiciels — 2 organisations\n")
    assert "_Note aux élus — situation au 15 juin 2026_" in note
    for heading in (
        "## La situation",
        "## Les prochaines décisions à prendre",
        "## Ce qu'il faut exiger aux prochains renouvellements",
    ):
        assert heading in note
    # Money in words, ranges with "entre … et …", French spaces.
    assert "Nous consacrons 135\u00a0k€ HT par an" in note
    assert "coûterait entre 190\u00a0k€ et 448\u00a0k€ HT" in note
    # The three decisions, dated as people write dates, with what is at stake.
    # no capital after the colon in French
    assert (
        "1. **31 décembre 2026\u00a0:** préparer le remplacement — e.magnus Gestion financière"
        in note
    )
    # a sentence with its subject (it read « Coûte 42 k€ par an »)
    assert (
        "L'application coûte 42\u00a0k€ par an\u00a0; en sortir coûterait entre 60\u00a0k€" in note
    )
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", note)  # no ISO date
    assert r"\-" not in note and r"\'" not in note and r"\." not in note and r"\:" not in note
    assert "Saint-Exemple" in note
    # Clauses to demand, with the legal texts the rules cite.
    assert "**Clause de réversibilité\u00a0: l'éditeur restitue" in note
    assert "CCAG-TIC 2021, art. 42" in note


def test_note_names_a_group_by_its_structure_and_flags_overdue_decisions(
    doc: dict[str, Any],
) -> None:
    structure = doc["organisations"][1]
    for org in doc["organisations"][:1]:
        org["parent_id"] = structure["org_id"]
    doc["as_of"] = "2027-01-10"  # two decisions dated 2026-12-31 are now late
    note = build_note(doc, Lang.EN)
    assert note.title == f"Software lock-in — {structure['name']}"
    assert [d.overdue for d in note.decisions] == [True, True, False]
    assert note.decisions[0].when == "31 December 2026"
    assert len(note.decisions) == 3 and note.decisions_after.startswith("One more decision")


def test_clauses_most_often_missing_come_first_with_their_count(doc: dict[str, Any]) -> None:
    app = doc["applications"][0]
    app["criteria"].append(
        {"rule_id": "tacit-renewal", "status": "scored", "points": 5.0, "title": "Tacit renewal"}
    )
    note = build_note(doc, Lang.EN)
    assert note.demands[0].text.startswith("No tacit renewal")
    assert (
        note.demands[0].missing == f"missing for 1 of our {len(doc['applications'])} applications"
    )
    assert note.demands[0].references == ("Code de la commande publique, art. R2112-4",)
    assert note.demands[1].missing == ""


def test_hostile_values_stay_inert_in_every_rendering(doc: dict[str, Any]) -> None:
    note = build_note(doc, Lang.EN)
    from vendorlock.reports.note import note_markdown

    md = note_markdown(note)
    assert not re.search(r"(?<!\\)[<>\[\]]", md)  # brackets and tags escaped
    assert "http://" not in md and "<script>" not in md
    page = note_html(note)
    assert "<b>Numérique</b>" not in page and "&lt;b&gt;Numérique&lt;/b&gt;" in page
    assert SCRIPT not in page and "<script" not in page
    assert md_plain("a*b_c [x](http://y) <i> | www.z &amp;") == (
        r"a\*b\_c \[x\](http:\/\/y) \<i\> \| www\.z \&amp;"
    )
    assert md_plain("# title") == r"\# title" and md_plain("1. one") == r"1\. one"
    assert md_plain("Pont-Uzevalle l'éditeur : 3.5") == "Pont-Uzevalle l'éditeur : 3.5"
    assert md_cell("a|b\nc") == r"a\|b c"  # a table cell of the group and diff reports


def test_docx_note_is_reproducible_and_carries_the_content(
    written: dict[str, Path], doc: dict[str, Any]
) -> None:
    assert written["docx"].name == "note.docx"
    data = written["docx"].read_bytes()
    assert data == note_docx(build_note(doc, Lang.FR))
    with zipfile.ZipFile(written["docx"]) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
        assert zf.testzip() is None
    assert "Dépendance aux éditeurs de logiciels — 2 organisations" in body
    assert "31 décembre 2026" in body and "&lt;b&gt;Numérique&lt;/b&gt;" in body


def test_amounts_are_said_the_way_a_reader_says_them() -> None:
    assert money_words(3_804_280, Lang.FR) == "3,8\u00a0M€"
    assert money_words(1_200_000, Lang.FR) == "1,2\u00a0M€"
    assert money_words(3_804_280, Lang.EN) == "€3.8M"
    assert money_words(447_812, Lang.FR) == "448\u00a0k€"
    assert money_words(8_529, Lang.EN) == "€8.5k"


def test_printed_note_is_two_a4_pages_at_most(doc: dict[str, Any]) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    for lang in Lang:
        page = note_html(build_note(doc, lang))
        assert "@page { size: A4;" in page
        assert 1 <= len(weasyprint.HTML(string=page).render().pages) <= 2


def test_note_pdf_goes_through_the_report_pdf_writer(doc: dict[str, Any]) -> None:
    pdf = pytest.importorskip("vendorlock.reports.pdf")  # the --format pdf writer
    if not pdf.available():
        pytest.skip("WeasyPrint cannot load")
    data = note_pdf(build_note(doc, Lang.FR))
    assert data.startswith(b"%PDF") and data == note_pdf(build_note(doc, Lang.FR))


def test_a_text_cited_for_two_articles_is_named_once(doc: dict[str, Any]) -> None:
    """« Data Act (…), art. 25; Data Act (…), art. 29 » read as two texts: one title, its
    articles joined, in the reader's language."""
    refs = (
        "CCAG-TIC 2021, art. 42",
        "GDPR, art. 28(3)(g)",
        "Data Act (Regulation (EU) 2023/2854), art. 25",
        "Data Act (Regulation (EU) 2023/2854), art. 29",
        "Loi SREN n° 2024-449, title III",
    )
    assert same_text_articles(refs, Lang.EN) == [
        "CCAG-TIC 2021, art. 42",
        "GDPR, art. 28(3)(g)",
        "Data Act (Regulation (EU) 2023/2854), art. 25 and 29",
        "Loi SREN n° 2024-449, title III",
    ]
    fr = ("règlement (UE) 2023/2854 sur les données, art. 25", "RGPD, art. 28.3.g")
    fr += ("règlement (UE) 2023/2854 sur les données, art. 29",)
    assert same_text_articles(fr, Lang.FR) == [
        "règlement (UE) 2023/2854 sur les données, art. 25 et 29",
        "RGPD, art. 28.3.g",
    ]
    # the note itself: the reversibility clause's basis names the Data Act once
    text = note_markdown(build_note(doc, Lang.EN))
    assert "Data Act (Regulation (EU) 2023/2854), art. 25 and 29" in text
    assert "art. 25; Data Act" not in text


def test_exit_cost_in_years_of_spend_reads_as_french() -> None:
    """« coûterait entre 3,8 M€ et 27,9 M€ HT, soit de 1,0 à 7,3 années de notre dépense », not
    « soit 1 à 7,3 années » (both ends with one decimal, as in every range of years)."""
    from vendorlock.reports.note import _years

    assert _years({"low": 1.0, "high": 7.3}, Lang.FR) == (
        ", soit de 1,0 à 7,3 années de notre dépense en logiciels"
    )


def test_one_row_set_aside_is_written_in_the_singular() -> None:
    """« 1 ligne de l'inventaire comporte des erreurs », not « 1 lignes … comportent »."""
    one = {"file": "inventaire.xlsx", "sheet": "Applications", "row": 7, "reasons": []}
    doc = {"summary": {"apps_with_unknowns": 0}, "set_aside": {"rows": 1, "list": [one]}}
    assert "1 ligne de l'inventaire comporte des erreurs et n'est pas comptée ici." in _limits(
        doc, Lang.FR
    )
    assert "1 inventory row contains errors and is not counted here." in _limits(doc, Lang.EN)
