"""CycloneDX SBOMs (JSON 1.5, XML 1.4): who supplies each component, under which licence,
which SaaS services the application depends on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.readers.load import load_inventory
from vendorlock.registry import Registries, load_registries

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "sources" / "cyclonedx"
JSON_BOM = ASSETS / "civil-net-rh-1.5.cdx.json"
XML_BOM = ASSETS / "i-parapheur-1.4.cdx.xml"


@pytest.fixture(scope="module")
def registries() -> Registries:
    return load_registries()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _apps(path: Path, registries: Registries) -> dict[str, dict[str, object]]:
    result = load_inventory([path], registries)
    assert result.valid, result.errors()
    apps = result.portfolio.applications.set_index("name")
    return {str(k): v for k, v in apps.to_dict("index").items()}


def test_json_1_5_components_suppliers_licences_and_services(registries: Registries) -> None:
    apps = _apps(JSON_BOM, registries)
    assert sorted(apps) == [
        "Dépôt DSN net-entreprises",
        "Hébergement Civil Net RH",
        "com.itextpdf:kernel 8.0.3",
        "com.oracle.database.jdbc:ojdbc11 23.3.0.23.09",
        "fr.ciril:civilnet-rh 2024.2.0",
        "net.sf.jasperreports:jasperreports 6.21.0",
        "org.apache.logging.log4j:log4j-api 2.23.1",  # nested in log4j-core
        "org.apache.logging.log4j:log4j-core 2.23.1",
        "org.hibernate.orm:hibernate-core 6.4.4.Final",
        "org.springframework:spring-webmvc 6.1.4",
    ]
    described = apps["fr.ciril:civilnet-rh 2024.2.0"]
    assert described["editor_id"] == "ciril-group"  # metadata.supplier
    assert described["licence"] == "proprietary"  # licensing.licenseTypes: subscription
    assert apps["org.springframework:spring-webmvc 6.1.4"]["licence"] == "Apache-2.0"
    assert apps["org.hibernate.orm:hibernate-core 6.4.4.Final"]["licence"] == "LGPL-2.1-only"
    # publisher and the deprecated author string name the editor when no supplier does.
    assert apps["org.hibernate.orm:hibernate-core 6.4.4.Final"]["editor_id"] == "red-hat"
    assert apps["net.sf.jasperreports:jasperreports 6.21.0"]["editor_id"] == (
        "cloud-software-group"
    )
    assert apps["com.oracle.database.jdbc:ojdbc11 23.3.0.23.09"]["editor_id"] == "oracle"
    # Services are SaaS dependencies of their provider.
    hosting = apps["Hébergement Civil Net RH"]
    assert (hosting["hosting"], hosting["editor_id"], hosting["licence"]) == (
        "editor_saas",
        "ciril-group",
        "proprietary",
    )
    assert apps["Dépôt DSN net-entreprises"]["hosting"] == "editor_saas"


def test_xml_1_4_reads_like_json(registries: Registries) -> None:
    apps = _apps(XML_BOM, registries)
    assert len(apps) == 7
    core = apps["coop.libriciel:iparapheur-core 5.1.4"]
    assert (core["editor_id"], core["licence"]) == ("libriciel", "AGPL-3.0-or-later")
    assert apps["org.alfresco:alfresco-java-rest-api 5.2.6"]["licence"] == "LGPL-3.0-or-later"
    assert apps["org.keycloak:keycloak-core 23.0.6"]["editor_id"] == "red-hat"
    assert apps["org.postgresql:postgresql 42.7.1"]["editor_id"] == "unknown"
    s2low = apps["S²LOW (tiers de télétransmission)"]
    assert (s2low["hosting"], s2low["editor_id"]) == ("editor_saas", "adullact")


def test_validate_on_an_sbom_alone_reports_components_suppliers_licences() -> None:
    code, out = _run("validate", str(JSON_BOM), "--lang", "en")
    assert code == 0, out
    assert out.splitlines()[-1].startswith(
        "valid: 1 organisation, 8 editors, 10 applications, 0 contracts, 7 flows"
    )
    # What it could not classify is said, located at the component (row = its position).
    assert (
        f"{JSON_BOM}: sheet 'applications', row 5, column 'licence': warning: licence "
        "'Oracle Free Use Terms and Conditions (FUTC)' is not in the licence registry"
    ) in out


@pytest.mark.parametrize("version", ["1.2", "1.3", "1.6"])
def test_every_supported_version_is_read(tmp_path: Path, version: str) -> None:
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": version,
        "version": 1,
        "components": [
            {
                "type": "application",
                "name": "LibreOffice",
                "version": "24.2",
                "manufacturer": {"name": "The Document Foundation"},
                "authors": [{"name": "The Document Foundation"}],
                "licenses": [{"expression": "MPL-2.0"}],
            }
        ],
    }
    path = tmp_path / "sbom.json"
    path.write_text(json.dumps(bom), encoding="utf-8")
    result = load_inventory([path], load_registries())
    assert result.valid, result.errors()
    app = result.portfolio.applications.iloc[0]
    assert (app["name"], app["licence"]) == ("LibreOffice 24.2", "MPL-2.0")


def test_an_unknown_version_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "sbom.json"
    path.write_text('{"bomFormat": "CycloneDX", "specVersion": "0.9"}', encoding="utf-8")
    code, out = _run("validate", str(path), "--lang", "fr")
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}\u00a0: erreur\u00a0: la version CycloneDX «\u00a00.9\u00a0» n'est pas lue par vendorlock "
        "(connues\u00a0: 1.2, 1.3, 1.4, 1.5, 1.6)"
    )


def test_validate_summarises_each_sbom(tmp_path: Path) -> None:
    code, out = _run("validate", str(XML_BOM), "--lang", "fr")
    assert code == 0, out
    assert (
        f"{XML_BOM}\u00a0: nomenclature CycloneDX\u00a0: 6 composants, 1 service, "
        "6 fournisseurs nommés\u00a0; licences\u00a0: Apache-2.0 ×2, AGPL-3.0-or-later ×1, "
        "BSD-2-Clause ×1, LGPL-2.1-only ×1, LGPL-3.0-or-later ×1, inconnue ×1"
    ) in out.splitlines()


ARCHI_MODEL = ASSETS.parent / "archimate" / "ville-saint-aubin.xml"


def test_app_attaches_the_sbom_as_that_applications_supply_chain(tmp_path: Path) -> None:
    out_dir = tmp_path / "rapport"
    code, out = _run(
        "audit",
        str(ARCHI_MODEL),
        str(JSON_BOM),
        "--app",
        "ville-saint-aubin-civil-net-rh",
        "--format",
        "json",
        "-o",
        str(out_dir),
        "--as-of",
        "2026-06-01",
        "-q",
    )
    assert code == 0, out
    doc = json.loads((out_dir / "audit.json").read_text(encoding="utf-8"))
    # The SBOM's made-up organisation is gone: its components belong to the town.
    assert [o["org_id"] for o in doc["organisations"]] == ["ville-saint-aubin"]
    parts = {
        a["app_id"]: a
        for a in doc["applications"]
        if a["app_id"].startswith("ville-saint-aubin-civil-net-rh/")
    }
    assert len(parts) == 10
    oracle = parts["ville-saint-aubin-civil-net-rh/com-oracle-database-jdbc-ojdbc11-23-3-0-23-09"]
    assert oracle["name"] == "Civil Net RH › com.oracle.database.jdbc:ojdbc11 23.3.0.23.09"
    # Scored by the same criteria as any application.
    assert all(isinstance(a["score"], float) for a in parts.values())
    assert len(doc["applications"]) == 15


def test_app_must_name_an_application_of_the_inventory() -> None:
    code, out = _run("validate", str(ARCHI_MODEL), str(JSON_BOM), "--app", "siecle", "--lang", "en")
    assert code == 1
    assert out.splitlines()[-1].startswith(
        "vendorlock: --app siecle: no such application in the inventory (outside the SBOMs); "
        "known: ville-saint-aubin-civil-net-finances, ville-saint-aubin-civil-net-rh"
    )
    code, out = _run("validate", str(ARCHI_MODEL), "--app", "ville-saint-aubin-siecle")
    assert code == 1
    assert "no CycloneDX SBOM among the inputs" in out


PASTELL_JSON = ASSETS / "pastell-1.6.cdx.json"
PASTELL_XML = ASSETS / "pastell-1.6.cdx.xml"
MIXED_GLPI = ASSETS.parent / "mixed" / "glpi"


def _edges(path: Path, registries: Registries) -> list[tuple[str, str, str]]:
    result = load_inventory([path], registries)
    assert result.valid, result.errors()
    names = dict(
        zip(
            result.portfolio.applications["app_id"],
            result.portfolio.applications["name"],
            strict=True,
        )
    )
    flows = result.portfolio.flows
    return sorted(
        (names[s], names[t], str(d))
        for s, t, d in zip(flows["source"], flows["target"], flows["data"], strict=True)
    )


@pytest.mark.parametrize("path", [PASTELL_JSON, PASTELL_XML], ids=["json", "xml"])
def test_dependencies_1_6_become_flows_from_each_dependency_to_its_user(
    path: Path, registries: Registries
) -> None:
    pastell = "libriciel:pastell 4.0.8"
    assert _edges(path, registries) == [
        ("S²LOW 5.0", pastell, "software dependency"),  # a SaaS service it depends on
        ("guzzlehttp:guzzle 7.8.1", pastell, "software dependency"),
        ("monolog:monolog 3.5.0", pastell, "software dependency"),
        ("phpseclib:phpseclib 3.0.37", pastell, "software dependency"),
        # a dependency of a dependency: the graph, not only the root's list
        ("psr:http-message 2.0", "guzzlehttp:guzzle 7.8.1", "software dependency"),
        ("symfony:console 6.4.4", pastell, "software dependency"),
        # psr/http-client is named in dependsOn but not listed as a component: left out
    ]


def test_dependencies_of_the_1_5_sbom_are_read(registries: Registries) -> None:
    edges = _edges(JSON_BOM, registries)
    root = "fr.ciril:civilnet-rh 2024.2.0"
    assert sum(t == root for _s, t, _d in edges) == 6  # the six it names
    # log4j-api is nested under log4j-core: its dependency is read too
    log4j = "org.apache.logging.log4j:log4j-core 2.23.1"
    assert ("org.apache.logging.log4j:log4j-api 2.23.1", log4j, "software dependency") in edges


def test_dependency_flows_follow_the_supply_chain_of_an_application() -> None:
    app = "ville-de-saint-aubin-sur-loire-pastell"
    code, out = _run(
        "validate", str(MIXED_GLPI), str(PASTELL_JSON), "--app", app, "--format", "json"
    )
    assert code == 0, out
    assert json.loads(out)["counts"]["tables"]["flows"] == 6
    registries = load_registries()
    from vendorlock.sources.supply_chain import attach_supply_chain

    result = attach_supply_chain(load_inventory([MIXED_GLPI, PASTELL_JSON], registries), app)
    flows = result.portfolio.flows
    apps = set(result.portfolio.applications["app_id"])
    assert set(flows["org_id"]) == {"ville-de-saint-aubin-sur-loire"}
    assert set(flows["source"]) | set(flows["target"]) <= apps
    assert f"{app}/libriciel-pastell-4-0-8" in set(flows["target"])
