"""Resolving what users write to registry ids: the examples of the inventory issue and more."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from vendorlock.registry import Kind, Openness, Registries, load_registries


@pytest.fixture(scope="module")
def reg() -> Registries:
    return load_registries()


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Kind.FORMAT, ".docx", "docx"),
        (Kind.FORMAT, "Word 2016", "docx"),
        (Kind.FORMAT, "Word", "docx"),
        (Kind.FORMAT, "MS Word", "docx"),
        (Kind.FORMAT, "OOXML", "docx"),
        (Kind.FORMAT, "  ooxml ", "docx"),
        (Kind.FORMAT, "PDF/A", "pdfa2"),
        (Kind.FORMAT, "PDF-A", "pdfa2"),
        (Kind.FORMAT, "PDF/A-3", "pdfa3"),
        (Kind.FORMAT, ".pdf", "pdf"),
        (Kind.FORMAT, "Excel", "xlsx"),
        (Kind.FORMAT, "LibreOffice Calc", "ods"),
        (Kind.FORMAT, "Shapefile", "shp"),
        (Kind.FORMAT, "PES", "pes_v2_xml"),
        (Kind.FORMAT, "XML PES", "pes_v2_xml"),
        (Kind.FORMAT, ".tif", "tiff"),
        (Kind.FORMAT, "xml", "xml"),
        (Kind.FORMAT, ".JPG", "jpeg"),
        (Kind.FORMAT, "dbf", "dbf"),
        (Kind.FORMAT, "HyperFileSQL", "hfsql"),
        (Kind.FORMAT, "Factur-X", "factur_x"),
        (Kind.FORMAT, "NEODeS", "dsn_neodes"),
        (Kind.STANDARD, "PES V2", "pes_v2"),
        (Kind.STANDARD, "PESv2", "pes_v2"),
        (Kind.STANDARD, "PES_V2", "pes_v2"),
        (Kind.STANDARD, "Hélios", "pes_v2"),
        (Kind.STANDARD, "helios", "pes_v2"),
        (Kind.STANDARD, "@ctes", "actes"),
        (Kind.STANDARD, "SEDA 2.1", "seda"),
        (Kind.STANDARD, "Factur-X", "factur_x"),
        (Kind.PLATFORM, "Hélios", "helios"),
        (Kind.PLATFORM, "DGFiP", "helios"),
        (Kind.PLATFORM, "@ctes", "at_ctes"),
        (Kind.PLATFORM, "ACTES préfecture", "at_ctes"),
        (Kind.PLATFORM, "DSN", "net_entreprises"),
        (Kind.PLATFORM, "net-entreprises", "net_entreprises"),
        (Kind.PLATFORM, "ELIRE", "reu"),
        (Kind.PLATFORM, "INSEE REU", "reu"),
        (Kind.PLATFORM, "Chorus Pro", "chorus_pro"),
        (Kind.DOMAIN, "paie", "hr_payroll"),
        (Kind.DOMAIN, "RH", "hr_payroll"),
        (Kind.DOMAIN, "Ressources humaines", "hr_payroll"),
        (Kind.DOMAIN, "état civil", "civil_registry"),
        (Kind.DOMAIN, "Etat-Civil", "civil_registry"),
        (Kind.DOMAIN, "ADS", "urban_planning"),
        (Kind.DOMAIN, "droit des sols", "urban_planning"),
        (Kind.DOMAIN, "urbanisme", "urban_planning"),
        (Kind.DOMAIN, "SIG", "gis"),
        (Kind.DOMAIN, "GED", "document_management"),
        (Kind.DOMAIN, "délibérations", "council_acts"),
        (Kind.DOMAIN, "assemblées", "council_acts"),
        (Kind.DOMAIN, "actes", "council_acts"),
        (Kind.DOMAIN, "facturation usagers", "citizen_billing"),
        (Kind.DOMAIN, "Finances et comptabilité", "finances"),
        (Kind.PRODUCT, "e.magnus GF", "emagnus-gf"),
        (Kind.PRODUCT, "Pastell", "pastell"),
        (Kind.PRODUCT, "openFoncier", "openads"),
        (Kind.EDITOR, "GFI Informatique", "inetum"),
    ],
)
def test_resolve_examples(reg: Registries, kind: Kind, text: str, expected: str) -> None:
    assert reg.resolve(kind, text) == expected


@pytest.mark.parametrize("text", ["", "   ", None, float("nan"), pd.NA, "Format maison 3000"])
def test_unresolvable_text_gives_none(reg: Registries, text: object) -> None:
    assert reg.resolve(Kind.FORMAT, text) is None


def test_resolve_series_maps_values_and_keeps_na(reg: Registries) -> None:
    values = pd.Series(
        ["Word 2016", ".docx", None, "ooxml", "format maison", "PDF/A"], index=[5, 6, 7, 8, 9, 10]
    )
    out = reg.resolve_series(Kind.FORMAT, values)
    assert list(out.index) == [5, 6, 7, 8, 9, 10]
    assert out.tolist()[:2] == ["docx", "docx"]
    assert out.isna().tolist() == [False, False, True, False, True, False]
    assert out[8] == "docx" and out[10] == "pdfa2"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("BERGER-LEVRAULT SAS", "berger-levrault"),
        ("Berger Levrault", "berger-levrault"),
        ("SAS Berger-Levrault", "berger-levrault"),
        ("berger-levrault s.a.", "berger-levrault"),
        ("Libriciel SCOP", "libriciel"),
        ("Adullact Projet", "libriciel"),
        ("Dupont Informatique S.A.R.L.", "dupont-informatique"),
        ("DUPONT INFORMATIQUE SARL", "dupont-informatique"),
        ("Éditions Lambda GmbH", "editions-lambda"),
        ("SAS", "sas"),
        ("", "unknown"),
        ("  ", "unknown"),
        ("Inconnu", "unknown"),
        ("unknown", "unknown"),
        ("?", "unknown"),
        (None, "unknown"),
    ],
)
def test_editor_id_for(reg: Registries, name: object, expected: str) -> None:
    assert reg.editor_id_for(name) == expected


def test_editor_group(reg: Registries) -> None:
    editor = reg.editor_id_for("BERGER-LEVRAULT SAS")
    assert reg.group_of(editor) == "berger-levrault"
    assert reg.group_of("carl-software") == "berger-levrault"  # sourced link
    assert reg.group_of("magnus") == "magnus"  # not in the default packs: its own group
    assert reg.group_of("sopra-hr-software") == "sopra-steria"
    assert reg.group_of("dupont-informatique") == "dupont-informatique"


def test_editor_ids_for_series(reg: Registries) -> None:
    names = pd.Series(["BERGER LEVRAULT SAS", None, "Foo SARL", "inconnu"])
    assert reg.editor_ids_for(names).tolist() == ["berger-levrault", "unknown", "foo", "unknown"]


def test_format_openness_helpers(reg: Registries) -> None:
    assert reg.formats["odt"].is_open and reg.formats["odt"].closedness == 0.0
    assert reg.formats["sqlite"].is_open  # open specification
    assert not reg.formats["doc"].is_open and reg.formats["doc"].closedness == 0.5
    assert reg.formats["proprietary_db"].openness is Openness.CLOSED_PROPRIETARY
    assert reg.formats["hfsql"].closedness == 1.0


def test_unknown_openness_closedness_is_nan(reg: Registries) -> None:
    fmt = reg.formats["docx"]
    unknown = type(fmt)(**{**fmt.__dict__, "openness": Openness.UNKNOWN})
    assert math.isnan(unknown.closedness)


def test_products_for_domain_sorted(reg: Registries) -> None:
    products = reg.products_for_domain("dematerialisation")
    ids = [p.id for p in products]
    assert ids == sorted(ids)
    assert {"pastell", "s2low", "iparapheur"} <= set(ids)
    assert reg.products_for_domain("no-such-domain") == ()


def test_load_is_cached(reg: Registries) -> None:
    assert load_registries() is reg


def test_resolve_series_keeps_index_and_name_for_string_columns(reg: Registries) -> None:
    values = pd.Series(["PES V2", pd.NA, "Hélios", "nope"], dtype="string", name="standard")
    out = reg.resolve_series(Kind.STANDARD, values)
    assert out.name == "standard" and str(out.dtype) == "string"
    assert out.tolist() == ["pes_v2", pd.NA, "pes_v2", pd.NA]


def test_domain_labels(reg: Registries) -> None:
    assert reg.domains["civil_registry"].label("fr") == "État civil"
    assert reg.domains["civil_registry"].label("en") == "Civil registry"
