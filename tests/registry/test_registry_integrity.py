"""Walk every shipped registry: ids, aliases, cross-references and coverage hold together."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from vendorlock.model.portfolio import UNASSIGNED_DOMAIN
from vendorlock.model.schema import Table, table_spec
from vendorlock.registry import Kind, Registries, load_registries, normalise_key
from vendorlock.registry.load import BUILTIN_FILES
from vendorlock.registry.spec import ID_PATTERN, REGISTRY_SECTIONS
from vendorlock.resources import data_dir

REFERENCE = Path("/work/shared/reference/data")


@pytest.fixture(scope="module")
def reg() -> Registries:
    return load_registries()


def test_no_alias_names_two_entries_of_one_kind(reg: Registries) -> None:
    assert reg.alias_clashes == ()
    for kind in Kind:
        owners: dict[str, str] = {}
        for entry in reg.entries(kind).values():
            names = [entry.id, *entry.aliases]
            names += [entry.en, entry.fr] if kind is Kind.DOMAIN else [entry.name]  # type: ignore[union-attr]
            for name in names:
                key = normalise_key(name)
                assert owners.setdefault(key, entry.id) == entry.id, (kind, name, owners[key])


def test_every_cross_reference_resolves(reg: Registries) -> None:
    for product in reg.products.values():
        assert product.editor_id in reg.editors, product.id
        assert product.domains, product.id
        assert set(product.domains) <= set(reg.domains), product.id
        assert set(product.export_formats) <= set(reg.formats), product.id
        assert set(product.standards) <= set(reg.standards), product.id
    for platform in reg.platforms.values():
        assert set(platform.standards) <= set(reg.standards), platform.id
        assert set(platform.formats) <= set(reg.formats), platform.id
    for standard in reg.standards.values():
        assert standard.domain in reg.domains, standard.id
        assert set(standard.formats) <= set(reg.formats), standard.id


def test_ids_are_slugs(reg: Registries) -> None:
    for kind in Kind:
        for entry_id in reg.entries(kind):
            assert re.match(ID_PATTERN, entry_id), (kind, entry_id)
    for editor in reg.editors.values():
        assert editor.group is None or re.match(ID_PATTERN, editor.group)


def test_domains_are_exactly_the_schema_enum(reg: Registries) -> None:
    assert tuple(reg.domains) == table_spec(Table.APPLICATIONS).field("domain").enum


#: Domains whose market the default (sourced) catalogue covers with at least two products.
#: The others have one sourced product today; docs/registries.md lists what is missing and why.
TWO_OR_MORE = (
    "finances",
    "hr_payroll",
    "civil_registry",
    "elections",
    "urban_planning",
    "cemeteries",
    "childhood_education",
    "social",
    "citizen_billing",
    "citizen_relations",
    "document_management",
    "mail_management",
    "council_acts",
    "archives",
    "procurement",
    "dematerialisation",
    "gis",
    "office",
    "messaging",
    "identity",
    "infrastructure",
    "telephony",
    "website",
    "police",
    "technical_services",
    "culture_sport",
    "library",
)


def test_every_domain_has_sourced_products(reg: Registries) -> None:
    """The default packs are strict, so every product counted here carries a source and a date."""
    for domain in reg.domains:
        if domain == UNASSIGNED_DOMAIN:  # "we could not tell": no product serves it
            continue
        products = reg.products_for_domain(domain)
        assert len(products) >= (2 if domain in TWO_OR_MORE else 1), domain
        for product in products:
            assert product.checked and "unverified" not in product.source.lower(), product.id


def test_open_source_alternatives_exist_for_core_domains(reg: Registries) -> None:
    for domain in (
        "urban_planning",
        "elections",
        "dematerialisation",
        "archives",
        "office",
        "gis",
        "document_management",
        "mail_management",
        "council_acts",
        "social",
        "library",
        "identity",
        "messaging",
        "citizen_relations",
        "telephony",
        "website",
        "infrastructure",
        "culture_sport",
    ):
        assert any(p.open_source for p in reg.products_for_domain(domain)), domain


def test_product_fields_use_schema_vocabularies(reg: Registries) -> None:
    spec = table_spec(Table.APPLICATIONS)
    hosting, api = spec.field("hosting").enum or (), spec.field("api").enum or ()
    for product in reg.products.values():
        assert set(product.hosting) <= set(hosting), product.id
        assert product.api is None or product.api in api, product.id
        assert (product.licence == "proprietary") != product.open_source, product.id


def test_every_entry_has_a_source(reg: Registries) -> None:
    for kind in (Kind.FORMAT, Kind.STANDARD, Kind.PLATFORM, Kind.EDITOR, Kind.PRODUCT):
        for entry in reg.entries(kind).values():
            assert entry.source.strip(), (kind, entry.id)  # type: ignore[union-attr]


def test_files_are_versioned_and_described() -> None:
    for name in BUILTIN_FILES:
        data = yaml.safe_load((data_dir("rules") / name).read_text(encoding="utf-8"))
        assert data["version"] and data["description"], name
        extra = set(data) - set(REGISTRY_SECTIONS) - {"version", "description"}
        assert extra <= {"legal_forms", "unknown_names", "sourcing"}, (name, extra)


def test_platform_ids_are_exactly_the_agreed_ones(reg: Registries) -> None:
    assert set(reg.platforms) == {
        "helios",
        "at_ctes",
        "chorus_pro",
        "net_entreprises",
        "plat_au",
        "comedec",
        "reu",
        "franceconnect",
        "api_particulier",
        "api_entreprise",
        "ban",
        "data_gouv",
        "proconnect",
        "antai",
    }


def test_ids_other_stages_rely_on_exist(reg: Registries) -> None:
    assert {"proprietary_db", "dsn_neodes", "factur_x", "ubl_xml", "cii_xml", "hfsql"} <= set(
        reg.formats
    )
    assert reg.formats["proprietary_db"].openness == "closed_proprietary"
    assert reg.formats["hfsql"].openness == "closed_proprietary"
    assert "unknown" in reg.editors


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference data not available")
def test_reference_tables_are_all_present(reg: Registries) -> None:
    with (REFERENCE / "formats.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 57
    # Corrected since the reference table (issue 13): the State publishes the PES V2 and ACTES
    # schemas for any editor, so their flows are open specifications, not vendor formats.
    corrected = {"pes_v2_xml": "open_specification", "actes_xml": "open_specification"}
    for row in rows:
        expected = corrected.get(row["id"], row["openness"])
        assert reg.formats[row["id"]].openness == expected, row["id"]
    with (REFERENCE / "standards.csv").open(encoding="utf-8") as fh:
        assert {row["id"] for row in csv.DictReader(fh)} <= set(reg.standards)
