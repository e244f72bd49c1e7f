"""Editor comparison and tender requirements."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.group.builders import app, doc, flow, org, registries
from vendorlock.errors import GroupError
from vendorlock.group.anonymity import KAnonymity
from vendorlock.group.compare import compare_view, resolve_domain
from vendorlock.group.present import compare_report
from vendorlock.group.render import GroupFormat, render
from vendorlock.group.requirements import requirements_view
from vendorlock.i18n import Lang
from vendorlock.scoring.model import Clause, Reference, Text

CLAUSES = {
    "reversibility": Clause(
        "reversibility",
        Text("Reversibility clause", "Clause de réversibilité"),
        ("ccag-tic-2021-art-42",),
    ),
    "no-tacit-renewal": Clause(
        "no-tacit-renewal", Text("No tacit renewal", "Pas de tacite"), ("ccp-r2112-4",)
    ),
}
REFS = {
    "ccag-tic-2021-art-42": Reference(
        "ccag-tic-2021-art-42", "CCAG-TIC 2021 art. 42", "https://x", True
    ),
    "ccp-r2112-4": Reference("ccp-r2112-4", "CCP R2112-4", "https://y", False),
}


def _doc() -> dict:
    return doc(
        [org("a", population=1000), org("b", population=4000)],
        [
            app("a1", "a", cost=1000, users=10, score=40),
            app("b1", "b", cost=4000, users=20, score=80),
            app("b2", "b", editor_id="jvs", product="horizon", cost=900, score=60),
        ],
        [
            flow("f1", "a", "a1", "helios", target_kind="platform", standard="pes_v2"),
            flow("f2", "b", "b2", "chorus_pro", target_kind="platform"),
        ],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("finances", "finances"),
        ("Finances", "finances"),
        ("paie", "hr_payroll"),
        ("RH et paie", "hr_payroll"),
    ],
)
def test_domain_aliases(text: str, expected: str) -> None:
    assert resolve_domain(text, registries()) == expected


def test_unknown_domain_lists_known_ones() -> None:
    with pytest.raises(
        GroupError, match=r"--domain 'compta'.*known domains: council_acts, finances"
    ):
        resolve_domain("compta", registries())


def test_compare_editors_side_by_side() -> None:
    apps = pd.DataFrame(
        {
            "app_id": ["a1", "b1", "b2"],
            "export_formats": ["csv;xls", pd.NA, "mdb"],
            "api": ["documented", "proprietary", pd.NA],
        }
    )
    view = compare_view(_doc(), ["a", "b"], registries(), "finances", apps, anonymity=KAnonymity(2))
    rows = {r["editor_id"]: r for r in view["editors"]}
    bl = rows["berger-levrault"]
    assert (bl["members"], bl["applications"], bl["total_spend"]) == (2, 2, 5000.0)
    assert bl["median_spend"] == 2500.0
    assert bl["median_per_inhabitant"] == 1.0  # a 1.0, b 1.0
    assert bl["median_per_user"] == 150.0  # a 100, b 200
    assert (bl["average_score"], bl["worst_score"]) == (60.0, 80.0)
    assert bl["observed_standards"] == ["pes_v2"]
    assert bl["catalogue_standards"] == ["pes_v2", "ubl"]
    assert bl["open_export_formats"] == ["csv"]
    assert bl["observed_api"] == ["documented", "proprietary"]
    assert bl["exit_cost"] == {"low": 1000.0, "high": 3000.0}
    # libriciel is only in the catalogue; it is listed, marked not in use, open source
    assert rows["libriciel"]["in_use"] is False and rows["libriciel"]["open_source"] is True
    assert view["editors"][0]["editor_id"] == "berger-levrault"


MONEY = ("total_spend", "median_spend", "median_per_inhabitant", "median_per_user", "exit_cost")


def test_compare_with_two_members_pricing_an_editor_suppresses_its_medians() -> None:
    view = compare_view(_doc(), ["a", "b"], registries(), "finances")  # default k = 3
    bl = next(r for r in view["editors"] if r["editor_id"] == "berger-levrault")
    assert bl["members"] == 2 and bl["average_score"] == 60.0  # counts and scores stay
    assert bl["median_spend"] is None and bl["median_per_user"] is None
    assert bl["exit_cost"] == {"low": None, "high": None}
    assert bl["suppressed_fields"] == sorted(MONEY)
    assert view["anonymity"]["min_group"] == 3
    for lang, text in ((Lang.EN, "suppressed (fewer than 3 members)"), (Lang.FR, "masqué")):
        report = compare_report(view, lang)
        html = render(report, GroupFormat.HTML, lang).decode()
        assert text in html
        assert "2500" not in html and "2\u202f500" not in html and "2,500" not in html
    json_note = render(compare_report(view, Lang.FR), GroupFormat.JSON, Lang.FR).decode()
    assert "k-anonymat" in json_note


def test_compare_with_three_members_shows_the_medians() -> None:
    d = _doc()
    d["organisations"].append(org("c", population=2000))
    d["applications"].append(app("c1", "c", cost=3000, users=30, score=50))
    view = compare_view(d, ["a", "b", "c"], registries(), "finances")
    bl = next(r for r in view["editors"] if r["editor_id"] == "berger-levrault")
    assert bl["median_spend"] == 3000.0 and bl["median_per_user"] == 100.0
    assert bl["suppressed_fields"] == []
    # JVS is used by one member only: its money stays hidden from the others
    jvs = next(r for r in view["editors"] if r["editor_id"] == "jvs")
    assert jvs["total_spend"] is None and "total_spend" in jvs["suppressed_fields"]
    md = render(compare_report(view, Lang.EN), GroupFormat.MD, Lang.EN).decode()
    assert "€3,000" in md


def test_requirements_from_catalogue_only() -> None:
    view = requirements_view("finances", registries(), CLAUSES, REFS, Lang.EN)
    stds = {s["id"]: s for s in view["standards"]}
    # Hélios mandates PES V2; Chorus Pro UBL and CII (all finance standards here)
    assert set(stds) == {"pes_v2", "ubl", "cii"}
    assert stds["pes_v2"]["needed_by"] == [{"kind": "platform", "id": "helios", "name": "Hélios"}]
    assert stds["pes_v2"]["market_support"] == {"products": 2, "open_source": 1, "of": 3}
    assert [f["id"] for f in view["formats"]] == ["csv", "xml"]  # open ones only, not xls/mdb
    assert [c["id"] for c in view["clauses"]] == ["reversibility", "no-tacit-renewal"]
    assert view["from_inventory"] is False


def test_requirements_from_data_add_flows_and_members() -> None:
    view = requirements_view("finances", registries(), CLAUSES, REFS, Lang.FR, _doc(), ["a", "b"])
    stds = {s["id"]: s for s in view["standards"]}
    assert stds["pes_v2"]["flows"] == 1 and stds["pes_v2"]["members"] == 1
    assert view["clauses"][0]["text"] == "Clause de réversibilité"
    assert view["applications"] == 3


@pytest.mark.parametrize(
    ("lang", "basis"),
    [
        (
            Lang.FR,
            "CCAG-TIC 2021, art. 42\u00a0; RGPD, art. 28.3.g\u00a0; règlement (UE) 2023/2854 sur "
            "les données, art. 25 et 29\u00a0; loi SREN n°\u00a02024-449, titre III",
        ),
        (
            Lang.EN,
            "CCAG-TIC 2021, art. 42; GDPR, art. 28(3)(g); Data Act (Regulation (EU) 2023/2854), "
            "art. 25 and 29; SREN Act (Law No. 2024-449), title III",
        ),
    ],
)
def test_a_clause_basis_names_each_text_once(lang: Lang, basis: str) -> None:
    """The shipped reversibility clause's legal basis reads as the note's: the Data Act's two
    articles under one title, references apart by semicolons (was « …sur les données, art. 25,
    règlement (UE) 2023/2854 sur les données, art. 29, loi SREN… », commas inside and between
    references alike)."""
    from vendorlock.group.present import requirements_report
    from vendorlock.scoring.load import load_pack

    pack = load_pack()
    view = requirements_view("finances", registries(), pack.clauses, pack.references, lang)
    text = render(requirements_report(view, lang), GroupFormat.MD, lang).decode("utf-8")
    line = next(x for x in text.splitlines() if "CCAG-TIC 2021, art. 42" in x and " — " in x)
    assert line.endswith(basis), line


@pytest.mark.parametrize(
    ("lang", "first", "sren"),
    [
        (
            Lang.FR,
            "CCAG-TIC 2021 (arrêté du 30 mars 2021), art. 28 — lorsque",
            "Loi n° 2024-449 du 21 mai 2024 visant à sécuriser",
        ),
        (
            Lang.EN,
            "CCAG-TIC 2021 (arrêté du 30 mars 2021), art. 28 — when",
            "Law No. 2024-449 of 21 May 2024 to secure and regulate the digital space",
        ),
    ],
)
def test_the_references_name_each_text_once_in_the_reports_language(
    lang: Lang, first: str, sren: str
) -> None:
    """A reference line is its title (« CCAG-TIC 2021 (arrêté du 30 mars 2021), art. 28 — … »,
    was « CCAG-TIC 2021, art. 28 : CCAG-TIC 2021 (arrêté…), art. 28 — … »), in alphabetical
    order; the English report names the SREN law in English (was « Loi SREN n° 2024-449 »)."""
    from vendorlock.group.present import requirements_report
    from vendorlock.scoring.load import load_pack

    pack = load_pack()
    view = requirements_view("finances", registries(), pack.clauses, pack.references, lang)
    text = render(requirements_report(view, lang), GroupFormat.MD, lang).decode("utf-8")
    refs = text.split("\n## ")[-1].splitlines()[2:]
    refs = [x.removeprefix("- ") for x in refs if x.startswith("- ")]
    assert len(refs) == 9 and refs[0].startswith(first), refs
    assert any(x.startswith(sren) for x in refs), refs
    for x in refs:  # the name a clause cites is not said again before the title
        head = x.split(" — ", 1)[0]
        assert head.count(", art. ") <= 1 and " : " not in head and ": " not in head, x
    bases = [x for x in text.splitlines() if " — " in x and "SREN" in x and "2024-449" in x]
    assert all("Loi SREN" not in x for x in bases) if lang is Lang.EN else bases
    assert refs == sorted(refs, key=lambda x: x.casefold().replace("é", "e").replace("è", "e"))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (Lang.FR, "(Les 3 produits du catalogue le déclarent.)"),
        (Lang.EN, "(All 3 catalogue products declare it.)"),
    ],
)
def test_a_standard_every_product_declares_says_all(lang: Lang, said: str) -> None:
    """« Les 7 produits du catalogue le déclarent », not « 7 des 7 produits … » (the demo's PES
    V2 requirement); a share keeps its count (« 2 des 3 »)."""
    from vendorlock.group.present import requirements_report

    view = requirements_view("finances", registries(), CLAUSES, REFS, lang)
    stds = {s["id"]: s for s in view["standards"]}
    assert stds["pes_v2"]["market_support"]["products"] == 2  # of 3
    stds["ubl"]["market_support"] = {**stds["ubl"]["market_support"], "products": 3, "of": 3}
    text = render(requirements_report(view, lang), GroupFormat.MD, lang).decode("utf-8")
    assert text.count(said) == 1
    assert ("(2 des 3 produits" if lang is Lang.FR else "(2 of 3 catalogue") in text
