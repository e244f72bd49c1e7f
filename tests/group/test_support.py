"""Whether a switch keeps a flow: judged on the standards and formats both products support."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.group.builders import registries
from vendorlock.group.support import (
    FlowFacts,
    Judgement,
    Switch,
    Verdict,
    judge_flow,
    reason_text,
)
from vendorlock.i18n import Lang
from vendorlock.registry import load_registries
from vendorlock.registry.entries import FormatEntry, Openness, ProductEntry, StandardEntry
from vendorlock.registry.registries import Registries


def _product(pid: str, editor: str, standards: tuple[str, ...], exports: tuple[str, ...]) -> Any:
    return ProductEntry(
        pid,
        pid,
        editor,
        ("finances",),
        "proprietary",
        False,
        standards,
        exports,
        "documented",
        ("on_premise",),
        (),
        "test",
    )


def _registries() -> Registries:
    """The group tests' catalogue plus PDF (not universal here), SEDA and three more products."""
    base = registries()
    formats = dict(base.formats)
    formats["pdf"] = FormatEntry(
        "pdf", "PDF", Openness.OPEN_STANDARD, "unknown", (), (), (), (), "test"
    )
    standards = dict(base.standards)
    standards["seda"] = StandardEntry("seda", "SEDA", "archives", "SIAF", True, (), "", (), "t")
    products = dict(base.products)
    products["e-sedit"] = _product("e-sedit", "berger-levrault", ("pes_v2",), ("csv",))
    products["facto"] = _product("facto", "jvs", ("ubl",), ("csv",))
    products["printer"] = _product("printer", "jvs", ("pes_v2",), ("csv", "pdf"))
    return dataclasses.replace(base, formats=formats, standards=standards, products=products)


def _switch(reg: Registries, new: str | None, old: str = "e-magnus") -> Switch:
    entry = reg.products[new] if new is not None else None
    same = entry is not None and entry.editor_id == reg.products[old].editor_id
    return Switch(reg.products[old], entry, new or "Brand New GF", same, "Berger-Levrault")


def _judge(reg: Registries, new: str | None, **facts: Any) -> tuple[Verdict, str]:
    flow = FlowFacts(
        facts.get("standard"), facts.get("fmt"), facts.get("direction", "out"), facts.get("to")
    )
    j = judge_flow(flow, _switch(reg, new), reg)
    return j.verdict, j.reason


def test_same_editor_switch_keeps_standard_flows() -> None:
    reg = _registries()
    # PES V2: both declare it. SEDA: outside e.sedit's domains, the catalogue is silent, and
    # the editor keeps its connector across its range.
    assert _judge(reg, "e-sedit", standard="pes_v2", to="helios") == (
        Verdict.WORKS,
        "standard_both",
    )
    assert _judge(reg, "e-sedit", standard="seda") == (Verdict.WORKS, "same_editor")
    # the same silence with another editor is only "to check"
    assert _judge(reg, "open-gf", standard="seda") == (Verdict.TO_CHECK, "standard_no_data")


def test_same_editor_does_not_override_the_catalogue() -> None:
    reg = _registries()
    # UBL is a finance standard and e.sedit's list (finance) lacks it: the catalogue speaks
    assert _judge(reg, "e-sedit", standard="ubl") == (Verdict.BROKEN, "standard_missing")


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param({"standard": "pes_v2", "to": "helios"}, id="platform-standard"),
        pytest.param({"fmt": "csv"}, id="format-out"),
        pytest.param({"fmt": "xls", "direction": "in"}, id="format-in"),
    ],
)
def test_unknown_product_is_to_check_never_broken(facts: dict[str, Any]) -> None:
    assert _judge(_registries(), None, **facts) == (Verdict.TO_CHECK, "product_unknown")


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        pytest.param("open-gf", (Verdict.WORKS, "standard_both"), id="declares-pes-v2"),
        pytest.param("facto", (Verdict.BROKEN, "standard_missing"), id="lists-finance-without"),
        pytest.param("horizon", (Verdict.TO_CHECK, "standard_no_data"), id="lists-no-standard"),
        pytest.param(None, (Verdict.TO_CHECK, "product_unknown"), id="not-catalogued"),
    ],
)
def test_pes_v2_to_helios_breaks_only_when_the_new_product_lacks_it(
    new: str | None, expected: tuple[Verdict, str]
) -> None:
    assert _judge(_registries(), new, standard="pes_v2", to="helios") == expected


def test_platform_flow_without_standard_uses_the_standards_both_support() -> None:
    reg = _registries()
    # e.magnus declares UBL among Chorus Pro's standards; facto declares UBL too
    assert _judge(reg, "facto", to="chorus_pro") == (Verdict.WORKS, "standard_both")
    assert _judge(reg, "open-gf", to="chorus_pro") == (Verdict.BROKEN, "standard_missing")


def test_interchangeable_platform_takes_any_of_its_standards() -> None:
    reg = _registries()
    platforms = dict(reg.platforms)
    platforms["chorus_pro"] = dataclasses.replace(platforms["chorus_pro"], interchangeable=True)
    loose = dataclasses.replace(reg, platforms=platforms)
    # the flow uses CII; the new product declares UBL, which the platform takes as well
    assert _judge(reg, "facto", standard="cii", to="chorus_pro")[0] is Verdict.BROKEN
    assert _judge(loose, "facto", standard="cii", to="chorus_pro") == (
        Verdict.WORKS,
        "standard_both",
    )


def test_pdf_flow_is_not_broken_by_a_product_that_exports_pdf() -> None:
    reg = _registries()
    products = dict(reg.products)
    products["e-magnus"] = dataclasses.replace(products["e-magnus"], export_formats=("pdf",))
    reg = dataclasses.replace(reg, products=products)
    assert _judge(reg, "printer", fmt="pdf") == (Verdict.WORKS, "format_exported")
    # the catalogue says e.magnus exports PDF and lists open-gf's exports without it
    assert _judge(reg, "open-gf", fmt="pdf") == (Verdict.BROKEN, "format_not_exported")


def test_shipped_registry_marks_pdf_universal_so_pdf_flows_survive_any_switch() -> None:
    shipped = load_registries()
    assert shipped.formats["pdf"].universal
    assert not shipped.formats["csv"].universal
    products = shipped.products
    old = products["emagnus-gf"]
    for new in ("astre", "esedit-gf"):
        switch = Switch(old, products[new], products[new].name, False)
        for direction in ("out", "in"):
            judged = judge_flow(FlowFacts(None, "pdf", direction, None), switch, shipped)
            assert (judged.verdict, judged.reason) == (Verdict.WORKS, "format_universal")


def test_generic_format_unlisted_for_both_products_is_to_check() -> None:
    reg = _registries()
    # e.magnus's list (csv, xls) does not name XML although it sends XML today: the catalogue
    # is incomplete there, so e.sedit's silence proves nothing
    assert _judge(reg, "e-sedit", fmt="xml") == (Verdict.TO_CHECK, "format_unlisted_out")
    # xls is in e.magnus's list and not in e.sedit's: that is evidence
    assert _judge(reg, "e-sedit", fmt="xls") == (Verdict.BROKEN, "format_not_exported")
    # incoming: nothing says what e.sedit reads
    assert _judge(reg, "e-sedit", fmt="xls", direction="in") == (
        Verdict.TO_CHECK,
        "format_no_data_in",
    )


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        pytest.param({"standard": "nope"}, "standard_unknown", id="standard-not-in-registry"),
        pytest.param({"fmt": "nope"}, "format_unknown", id="format-not-in-registry"),
        pytest.param({}, "nothing_recorded", id="nothing-recorded"),
    ],
)
def test_what_the_registries_do_not_know_is_to_check(facts: dict[str, Any], reason: str) -> None:
    assert _judge(_registries(), "open-gf", **facts) == (Verdict.TO_CHECK, reason)


def test_reasons_are_sentences_in_both_languages() -> None:
    reg = _registries()
    switch = _switch(reg, "facto")
    judged = judge_flow(FlowFacts("pes_v2", None, "out", "helios"), switch, reg)
    en = reason_text(judged, switch, None, reg, Lang.EN)
    fr = reason_text(judged, switch, None, reg, Lang.FR)
    assert en == (
        "the catalogue lists the standards of facto for its domains and PES_V2 is not among them"
    )
    assert fr == (
        "le catalogue liste les standards de facto pour ses domaines et PES_V2 n'en fait pas partie"
    )


def test_a_reason_about_several_standards_reads_in_the_plural() -> None:
    # a platform mandating several standards (an invoice platform: UBL, CII...) gives
    # judgements on all of them: "PES V2, UBL n'en fait pas partie" was not French
    reg = _registries()
    switch = _switch(reg, "facto")
    names = {s: reg.standards[s].label(Lang.FR) for s in ("pes_v2", "seda")}
    listed = f"{names['pes_v2']}, {names['seda']}"

    def text(reason: str, lang: Lang, standards: tuple[str, ...] = ("pes_v2", "seda")) -> str:
        judged = Judgement(Verdict.TO_CHECK, reason, "standard", standards)
        return reason_text(judged, switch, None, reg, lang)

    assert text("standard_missing", Lang.FR) == (
        "le catalogue liste les standards de facto pour ses domaines et aucun des standards "
        f"de ce flux ({listed}) n'en fait partie"
    )
    assert text("standard_missing", Lang.EN).endswith(
        f"none of this flow's standards ({listed}) is among them"
    )
    assert text("same_editor", Lang.FR).startswith(
        f"même éditeur (Berger-Levrault)\u00a0: ses produits gardent leurs connecteurs {listed}"
    )
    # one standard the registry lacks among known ones: only that one is named, singular
    assert text("standard_unknown", Lang.FR, ("pes_v2", "nope")) == (
        "le standard nope est absent du référentiel des standards"
    )
    assert text("standard_unknown", Lang.EN, ("nope", "nada")) == (
        "the standards nope, nada are not in the standards registry"
    )
