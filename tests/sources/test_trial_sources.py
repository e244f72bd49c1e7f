"""New-user trial (session 9): published files of kinds the other fixtures lack, read as a
purchasing group or a DSI would bring them (see tests/assets/sources/decp/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.readers import load_inventory
from vendorlock.registry import Registries

DECP = Path(__file__).resolve().parents[1] / "assets" / "sources" / "decp"


def test_a_holder_named_by_siret_and_by_vat_number_is_one_editor(registries: Registries) -> None:
    result = load_inventory([DECP / "decp-2024-groupement.json"], registries)
    assert not result.errors()
    editors = result.portfolio.editors.set_index("editor_id")
    assert sorted(editors["siren"]) == ["382079393", "412257362", "753249308"]
    contracts = result.portfolio.contracts.set_index("contract_id")
    # the framework agreement (SIRET) and its subsequent contract (VAT number): one editor
    framework = contracts.loc["decp-200044874000192024-INF-001"]
    subsequent = contracts.loc["decp-200044874000192024-INF-009"]
    assert framework["editor_id"] == subsequent["editor_id"] == "75324930800054"
    # the roof works (CPV 45) are not software; the modified amount is spread over 48 months
    assert len(contracts) == 3
    assert framework["annual_cost"] == 552000 * 12 / 48


def test_one_record_written_as_an_object(registries: Registries) -> None:
    result = load_inventory([DECP / "decp-2024-un-marche.json"], registries)
    (contract,) = result.portfolio.contracts.itertuples()
    assert str(contract.start_date.date()) == "2025-02-03"
    assert str(contract.end_date.date()) == "2029-02-02"  # the modification's 48 months
    assert contract.annual_cost == 27600 * 12 / 48


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        (
            "en",
            "nothing to audit: the inputs were read without error but name no application"
            " (3 contracts read)",
        ),
        (
            "fr",
            "rien à auditer\u00a0: les fichiers ont été lus sans erreur mais ne nomment aucune"
            " application (3 contrats lus)",
        ),
    ],
)
def test_contracts_alone_are_refused_plainly(tmp_path: Path, lang: str, says: str) -> None:
    """Records alone hold no application: say so, not "fix the errors above" (there are none)."""
    result = CliRunner().invoke(
        main,
        ["audit", str(DECP / "decp-2024-groupement.json"), "-o", str(tmp_path), "--lang", lang],
    )
    assert result.exit_code == 1
    assert says in result.stderr
    assert "erreurs ci-dessus" not in result.stderr and "errors above" not in result.stderr


SOURCES = DECP.parent


def test_a_cyclonedx_16_xml_with_nested_parts_and_expressions(registries: Registries) -> None:
    """CycloneDX 1.6 XML: nested components, SPDX expressions, a subscription licence given by
    its ``licensing`` block, the 1.6 ``metadata.manufacturer``, a service, the dependency graph."""
    result = load_inventory([SOURCES / "cyclonedx" / "portail-citoyen-1.6.cdx.xml"], registries)
    assert not result.errors()
    apps = result.portfolio.applications.set_index("product")
    assert len(apps) == 8  # the portal, 6 components (one nested), 1 service
    assert apps.loc["org.yaml:snakeyaml", "licence"] == "Apache-2.0"  # nested in spring-boot
    assert apps.loc["dompurify", "licence"] == "MPL-2.0 OR Apache-2.0"
    # licensing.licenseTypes "subscription": a proprietary right to use (rules/licences.yaml)
    assert apps.loc["Fast Parapheur connecteur", "licence"] == "proprietary"
    assert apps.loc["Fast Parapheur connecteur", "editor_id"] == "docaposte"
    assert apps.loc["Portail citoyen", "editor_id"] == "agglo-numerique"
    assert apps.loc["FranceConnect", "hosting"] == "editor_saas"
    assert len(result.portfolio.flows) == 7  # six parts of the portal, snakeyaml of spring-boot


def test_an_archi_31_model_with_two_languages_and_properties(registries: Registries) -> None:
    """Archi's Open Exchange export: names in two languages (the first is kept), property
    definitions, a national platform (Hélios) as a flow end, flows through a data object."""
    result = load_inventory([SOURCES / "archimate" / "si-agglo-3.1.xml"], registries)
    assert not result.errors()
    apps = result.portfolio.applications.set_index("name")
    assert sorted(apps.index) == ["Gestion financière", "Paie", "Parapheur électronique"]
    finance = apps.loc["Gestion financière"]
    assert (finance["editor_id"], finance["hosting"]) == ("ciril-group", "editor_saas")
    assert (finance["licence"], finance["criticality"]) == ("proprietary", "high")
    assert apps.loc["Parapheur électronique", "licence"] == "AGPL-3.0-or-later"
    flows = result.portfolio.flows.set_index("data")
    assert flows.loc["Flux PES", "target"] == "helios"
    assert flows.loc["Flux PES", "standard"] == "pes_v2"
    assert flows.loc["Écritures de paie", "frequency"] == "monthly"
    assert flows.loc["Bordereaux de mandats", "source"].endswith("gestion-financiere")
