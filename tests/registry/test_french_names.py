"""Standards and platforms named in the reader's language: ``name_fr`` where the French name
differs, the one ``name`` otherwise, in the reports' flows sheet and the group reports' words."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.group.present import Words
from vendorlock.i18n import Lang
from vendorlock.registry import RegistryError, load_registries
from vendorlock.reports.tables import registry_names


def test_label_falls_back_to_the_name_when_no_french_name_is_given() -> None:
    reg = load_registries()
    assert reg.standards["ubl"].label("fr") == "Facture OASIS UBL 2.1"
    assert reg.standards["ubl"].label("en") == "OASIS UBL 2.1 Invoice"
    assert reg.standards["pes_v2"].name_fr == ""
    assert reg.standards["pes_v2"].label("fr") == reg.standards["pes_v2"].name
    assert reg.platforms["helios"].label("fr") == "Hélios (comptabilité publique, DGFiP)"
    assert reg.platforms["helios"].label("en") == "Hélios (DGFiP public accounting)"


def test_every_french_name_differs_from_the_english_one() -> None:
    """``name_fr`` is given only where the French name differs: a copy would hide the fallback."""
    reg = load_registries()
    entries = (*reg.standards.values(), *reg.platforms.values())
    assert [e.id for e in entries if e.name_fr and e.name_fr == e.name] == []
    assert sum(1 for e in entries if e.name_fr) >= 15


def test_the_flows_sheet_and_group_reports_name_standards_in_the_report_language() -> None:
    standards_fr, platforms_fr = registry_names(Lang.FR)
    standards_en, platforms_en = registry_names(Lang.EN)
    assert standards_fr["inspire"] == "Directive INSPIRE"
    assert standards_en["inspire"] == "INSPIRE directive"
    assert platforms_fr["data_gouv"] == "data.gouv.fr (plateforme nationale des données ouvertes)"
    assert platforms_en["data_gouv"] == "data.gouv.fr (national open-data portal)"
    assert Words(Lang.FR).standard("totem").startswith("TOTEM - documents budgétaires en XML")
    assert Words(Lang.EN).standard("totem").startswith("TOTEM - budget documents in XML")
    assert Words(Lang.FR).standard("helios") == "Hélios (comptabilité publique, DGFiP)"


def test_a_user_file_may_name_its_standard_in_french(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "standards:\n"
        "  - id: echange_ville\n"
        "    name: City exchange\n"
        "    name_fr: Échange de la ville\n"
        "    domain: finances\n"
        "    open: true\n"
        "platforms:\n"
        "  - id: helios\n"
        "    name_fr: Hélios (DGFiP)\n",
        encoding="utf-8",
    )
    reg = load_registries([rules])
    assert reg.standards["echange_ville"].label("fr") == "Échange de la ville"
    assert reg.platforms["helios"].label("fr") == "Hélios (DGFiP)"
    assert reg.platforms["helios"].label("en") == "Hélios (DGFiP public accounting)"


def test_a_french_name_that_is_not_text_is_refused_with_its_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("platforms:\n  - id: helios\n    name_fr: [Hélios]\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"rules\.yaml: line 3.*name_fr") as err:
        load_registries([rules])
    # counted in words, not « 1 problem(s) »
    assert str(err.value).startswith("1 problem in registry data:\n")


def test_group_requirements_name_standards_and_platforms_in_the_report_language() -> None:
    fr, en = Words(Lang.FR), Words(Lang.EN)
    # a platform that needs a standard, as the requirements view carries it (English name)
    needer = {"kind": "platform", "id": "helios", "name": "Hélios (DGFiP public accounting)"}
    assert fr.needer(needer) == "Hélios (comptabilité publique, DGFiP)"
    assert en.needer(needer) == "Hélios (DGFiP public accounting)"
    assert fr.standard_named("ubl", "OASIS UBL 2.1 Invoice") == "Facture OASIS UBL 2.1"
    # a name a user's rules file gave keeps its words; an unknown id keeps the view's name
    assert fr.standard_named("ubl", "UBL de la ville") == "UBL de la ville"
    assert fr.standard_named("echange_local", "Échange local") == "Échange local"


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        (Lang.FR, "Hélios (comptabilité publique, DGFiP)"),
        (Lang.EN, "Hélios (DGFiP public accounting)"),
    ],
)
def test_the_flows_table_names_a_platform_target_in_the_report_language(
    lang: Lang, name: str
) -> None:
    """The audit's flows table (HTML and workbooks) named Hélios in French in its target column
    and « Hélios (DGFiP public accounting) » — the name the document carries — beside it."""
    from tests.reports.conftest import load_small
    from vendorlock.reports.tables import flows

    doc = load_small()
    flow = next(f for f in doc["flows"] if f["target_kind"] == "platform")
    flow.update(target="helios", target_name="Hélios (DGFiP public accounting)")
    table = flows(doc, lang)
    row = next(r for r in table.rows if r[1] == flow["flow_id"])
    assert row[4] == row[5] == name
