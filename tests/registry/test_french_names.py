"""Standards and platforms named in the reader's language: ``name_fr`` where the French name
differs, the one ``name`` otherwise, in the reports' flows sheet and the group reports' words."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.group.present import Words
from vendorlock.i18n import Lang, t
from vendorlock.registry import RegistryError, load_registries
from vendorlock.registry.entries import Kind
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


_PVE_EN = "PVe (ANTAI electronic ticketing software)"
_PVE_FR = "PVe (logiciel de verbalisation électronique de l'ANTAI)"


def test_catalogue_products_named_with_english_words_have_a_french_name() -> None:
    """A product whose catalogue name holds English words (« range », « software », « ext. »)
    has a ``name_fr``; a brand every language writes alike keeps its one name, and the French
    name reads back as the product (a French report's product column re-read as an inventory)."""
    reg = load_registries()
    assert reg.products["pve-antai"].label("fr") == _PVE_FR
    assert reg.products["pve-antai"].label("en") == _PVE_EN
    assert reg.products["arcgis"].label("fr") == (
        "ArcGIS (Desktop/Pro, extension Data Interoperability)"
    )
    assert reg.products["qgis"].label("fr") == "QGIS"
    english = ("range", "software", " ext.")
    assert [p.id for p in reg.products.values() if any(w in p.label("fr") for w in english)] == []
    assert [p.id for p in reg.products.values() if p.name_fr == p.name] == []
    assert reg.resolve(Kind.PRODUCT, _PVE_FR) == "pve-antai"
    assert Words(Lang.FR).product(_PVE_EN) == _PVE_FR
    assert Words(Lang.EN).product(_PVE_EN) == _PVE_EN
    assert Words(Lang.FR).product("PVe ANTAI") == "PVe ANTAI"  # the user's words, as written
    # the group tables' product columns (pool members, compare's catalogue products)
    from vendorlock.group.tablespec import SHOW, Context

    row = {"catalogue_products": [_PVE_EN, "QGIS"]}
    assert SHOW["products"]([], row, Context(Lang.FR), "catalogue_products") == f"{_PVE_FR}, QGIS"
    assert SHOW["products"]([], row, Context(Lang.EN), "catalogue_products") == f"{_PVE_EN}, QGIS"


def test_a_user_file_may_name_a_product_in_french_and_must_give_text(tmp_path: Path) -> None:
    """A rules file names its product in French through the same ``name_fr`` field, checked
    like a format's: text, or a located error."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "products:\n  - id: qgis\n    name_fr: QGIS (bureautique SIG)\n", encoding="utf-8"
    )
    reg = load_registries([rules])
    assert (reg.products["qgis"].label("fr"), reg.products["qgis"].label("en")) == (
        "QGIS (bureautique SIG)",
        "QGIS",
    )
    rules.write_text("products:\n  - id: qgis\n    name_fr: [QGIS]\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"rules\.yaml: line 3.*name_fr"):
        load_registries([rules])


def test_an_audit_names_the_catalogue_product_in_its_language(tmp_path: Path) -> None:
    """The applications sheet of a French audit (xlsx and ods) shows the catalogue's French
    name of a product the inventory writes as the catalogue does; the English audit the English
    one; a product written otherwise (« ArcGIS ») is shown as the user wrote it."""
    import zipfile

    from click.testing import CliRunner
    from openpyxl import load_workbook

    from vendorlock.cli.app import main

    inventory = tmp_path / "inventaire.csv"
    inventory.write_text(
        "Nom;Produit;Éditeur;Domaine;Coût annuel (€ HT)\n"
        f"Verbalisation;{_PVE_EN};ANTAI;Police municipale;0\n"
        "Cartographie;ArcGIS;Esri;SIG;4 000\n",
        encoding="utf-8",
    )
    for lang, shown, hidden in (("fr", _PVE_FR, _PVE_EN), ("en", _PVE_EN, _PVE_FR)):
        out = tmp_path / lang
        args = ["audit", str(inventory), "--lang", lang, "-o", str(out), "--as-of", "2026-11-30"]
        result = CliRunner().invoke(main, [*args, "--format", "xlsx", "--format", "ods"])
        assert result.exit_code == 0, result.output
        sheet = load_workbook(out / "audit.xlsx", read_only=True)[
            t("reports.sheet.applications", lang)
        ]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        products = [r[rows[0].index(t("reports.col.product", lang))] for r in rows[1:]]
        assert sorted(p for p in products if p) == sorted([shown, "ArcGIS"])
        with zipfile.ZipFile(out / "audit.ods") as ods:
            content = ods.read("content.xml").decode("utf-8")
        assert shown.replace("'", "&apos;") in content or shown in content
        assert hidden.replace("'", "&apos;") not in content and hidden not in content
