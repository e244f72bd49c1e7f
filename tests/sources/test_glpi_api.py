"""The GLPI REST API connector against a local apirest.php (tests/sources/glpi_server.py)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.sources.glpi_server import APP_TOKEN, SESSION, USER_TOKEN, Glpi, make_tls, serve
from vendorlock.cli import main
from vendorlock.readers.interface import ReadLimits
from vendorlock.sources import glpi_client
from vendorlock.sources.glpi_api import read_glpi
from vendorlock.sources.glpi_client import (
    ENV_APP_TOKEN,
    ENV_CONFIG,
    ENV_USER_TOKEN,
    Credentials,
    GlpiError,
    HttpSettings,
    load_credentials,
)

CREDS = Credentials(USER_TOKEN, APP_TOKEN)
SECRETS = (USER_TOKEN, APP_TOKEN, SESSION)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries keep their schedule (recorded) but do not sleep."""
    waits: list[float] = []
    monkeypatch.setattr(glpi_client, "_sleep", waits.append)
    return waits


@pytest.fixture
def tokens(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_USER_TOKEN, USER_TOKEN)
    monkeypatch.setenv(ENV_APP_TOKEN, APP_TOKEN)
    monkeypatch.setenv(ENV_CONFIG, str(tmp_path / "absent.toml"))


@pytest.fixture
def glpi() -> Glpi:
    return Glpi()


@pytest.fixture
def url(glpi: Glpi) -> Iterator[str]:
    with serve(glpi) as address:
        yield address


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def by_table(url: str, settings: HttpSettings | None = None) -> dict[str, list[dict[str, str]]]:
    sheets = read_glpi(url, ReadLimits(), settings, CREDS)
    return {
        str(s.sheet): [dict(zip(s.header, row, strict=True)) for row in s.cells.to_numpy()]
        for s in sheets
    }


def assert_one_line_and_secret_free(result: Result) -> None:
    assert result.exit_code == 1
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, result.stderr
    assert not any(s in result.output + result.stderr for s in SECRETS)


# -- mapping --------------------------------------------------------------------------------


def test_collections_map_to_inventory_tables(url: str, glpi: Glpi) -> None:
    tables = by_table(url)
    apps = {a["name"]: a for a in tables["applications"]}
    # Trashed software and templates are not applications.
    assert sorted(apps) == [
        "Civil Net RH",
        "LibreOffice",
        "Microsoft 365 Apps for enterprise",
        "Millesime Action Sociale",
        "e.magnus Gestion financière",
    ]
    assert apps["Civil Net RH"]["editor_id"] == "CIRIL GROUP SAS"
    assert apps["Civil Net RH"]["version"] == "2023.2"  # the latest version registered
    assert apps["Microsoft 365 Apps for enterprise"]["users"] == "200"  # 180 + 20 seats
    assert apps["LibreOffice"]["users"] is None  # unlimited licence: says nothing
    # No manufacturer: the supplier of its purchase (Infocom) stands in.
    assert apps["Millesime Action Sociale"]["editor_id"] == "Berger-Levrault"
    assert apps["Millesime Action Sociale"]["org_id"] == "ccas"
    orgs = {o["org_id"]: o for o in tables["organisations"]}
    assert orgs["ccas"]["parent_id"] == "ville-de-saint-aubin"
    assert orgs["ville-de-saint-aubin"]["siren"] == "217600557"
    assert orgs["ccas"]["siren"] == "267601123"  # a SIRET gives its SIREN
    contracts = {c["contract_id"]: c for c in tables["contracts"]}
    assert sorted(contracts) == ["2021-MAPA-07", "UGAP-2023-365", "glpi-contract-33"]
    ciril = contracts["2021-MAPA-07"]
    assert (ciril["editor_id"], ciril["app_ids"], ciril["renewal"]) == (
        "CIRIL GROUP SAS",
        "glpi-software-11",
        "tacit",
    )
    assert (ciril["start_date"], ciril["end_date"], ciril["notice_months"]) == (
        "2021-01-01",
        "2024-12-31",
        "3",
    )
    assert ciril["annual_cost"] == "19850.0"  # the latest year's costs
    # Linked through its licences (Contract_Item of itemtype SoftwareLicense).
    assert contracts["UGAP-2023-365"]["app_ids"] == "glpi-software-12"
    assert contracts["UGAP-2023-365"]["renewal"] == "explicit"
    assert contracts["glpi-contract-33"]["annual_cost"] == "9600.0"  # two costs in 2024
    editors = {e["name"]: e for e in tables["editors"]}
    assert editors["CIRIL GROUP SAS"]["siren"] == "328801446"
    assert "Ancien prestataire" not in editors  # in the trash
    assert glpi.killed == 1 and glpi.sessions_open == 0


def test_requests_follow_the_documentation(url: str, glpi: Glpi) -> None:
    by_table(url)
    init = next(h for e, h, _ in glpi.requests if e == "initSession")
    assert init["Authorization"] == f"user_token {USER_TOKEN}"
    assert init["App-Token"] == APP_TOKEN
    software = [q for e, _, q in glpi.requests if e == "Software"]
    assert software and all(q["expand_dropdowns"] == ["true"] for q in software)
    links = [q for e, _, q in glpi.requests if e == "Contract_Item"]
    assert all(q["expand_dropdowns"] == ["false"] for q in links)  # ids join the tables
    collections = [h for e, h, _ in glpi.requests if e not in ("initSession", "killSession")]
    assert all(h["Session-Token"] == SESSION for h in collections)
    assert glpi.requests[-1][0] == "killSession"


def test_ten_thousand_software_read_through_pages(url: str, glpi: Glpi) -> None:
    glpi.tables["Software"] = [
        {"id": i, "name": f"Logiciel {i:05d}", "entities_id": 1, "manufacturers_id": 1 + i % 4}
        | {"is_deleted": 0, "is_template": 0}
        for i in range(1, 10_001)
    ]
    apps = by_table(url, HttpSettings(page_size=1000))["applications"]
    assert len(apps) == 10_000
    assert [a["app_id"] for a in apps] == [f"glpi-software-{i}" for i in range(1, 10_001)]
    assert apps[4]["name"] == "Logiciel 00005"
    # The server caps pages at 990 (Accept-Range): 11 pages, every row once.
    ranges = [q["range"][0] for e, _, q in glpi.requests if e == "Software"]
    assert ranges[:3] == ["0-999", "990-1979", "1980-2969"]
    assert len(ranges) == 11


def test_empty_instance_reads_nothing_without_error(url: str, glpi: Glpi) -> None:
    glpi.tables = {k: [] for k in glpi.tables}
    assert by_table(url) == {}


# -- the command line -----------------------------------------------------------------------


def test_validate_and_audit_read_the_url(url: str, tokens: None, tmp_path: Path) -> None:
    checked = run("validate", url, "--lang", "en")
    assert "5 applications, 3 contracts" in checked.output
    out = tmp_path / "report"
    result = run("audit", url, "-o", str(out), "--as-of", "2025-01-15", "--lang", "en")
    assert result.exit_code == 0, result.output + result.stderr
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    names = sorted(a["name"] for a in doc["applications"])
    assert "Civil Net RH" in names and len(names) == 5
    written = "".join(p.read_text(errors="ignore") for p in out.iterdir())
    assert not any(s in written for s in SECRETS)


@pytest.mark.parametrize(
    ("endpoint", "fault", "expected"),
    [
        ("initSession", "unauthorized", "authentication refused (401"),
        ("Contract", "forbidden", "access to Contract forbidden (403"),
        ("SoftwareLicense", "not_found", "SoftwareLicense not found (404)"),
        ("Software", "html", "a web page instead of JSON"),
        ("Software", "truncated", "truncated or invalid JSON"),
        ("Software", "lying_range", "Content-Range (0-11/12) that does not match"),
        ("Supplier", "always_503", "answered HTTP 503"),
    ],
)
def test_each_fault_is_one_line_exit_1_nothing_written(
    url: str, glpi: Glpi, tokens: None, tmp_path: Path, endpoint: str, fault: str, expected: str
) -> None:
    glpi.faults[endpoint] = fault
    out = tmp_path / "report"
    result = run("audit", url, "-o", str(out), "--lang", "en")
    assert_one_line_and_secret_free(result)
    assert expected in result.stderr
    assert not out.exists()
    if endpoint != "initSession":
        assert glpi.killed == 1  # the session is closed on error too


def test_fault_messages_in_french(url: str, glpi: Glpi, tokens: None) -> None:
    glpi.faults["Software"] = "html"
    result = run("validate", url, "--lang", "fr")
    assert_one_line_and_secret_free(result)
    assert "a répondu par une page web au lieu de JSON" in result.stderr


def test_5xx_retried_with_backoff_then_read(url: str, glpi: Glpi, no_waiting: list[float]) -> None:
    glpi.failures_left["Software"] = 2
    apps = by_table(url, HttpSettings(backoff=0.5))["applications"]
    assert len(apps) == 5
    assert no_waiting == [0.5, 1.0]


def test_retries_are_bounded(url: str, glpi: Glpi, no_waiting: list[float]) -> None:
    glpi.faults["Software"] = "always_503"
    with pytest.raises(GlpiError, match="HTTP 503"):
        by_table(url, HttpSettings(retries=3, backoff=0.5))
    assert no_waiting == [0.5, 1.0, 2.0]


def test_unreachable_server(tokens: None, tmp_path: Path, no_waiting: list[float]) -> None:
    with serve(Glpi()) as address:
        pass  # the port is closed again: nothing listens there now
    result = run("audit", address, "-o", str(tmp_path / "r"), "--lang", "en")
    assert_one_line_and_secret_free(result)
    assert "cannot be reached (ConnectError), even after retrying" in result.stderr
    assert len(no_waiting) == 3


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_tls_verified_and_ca_bundle_option(
    tokens: None, tmp_path: Path, no_waiting: list[float]
) -> None:
    context, ca = make_tls(tmp_path)
    with serve(Glpi(), context) as address:
        refused = run("validate", address, "--lang", "en")
        trusted = run("validate", address, "--ca-bundle", str(ca), "--lang", "en")
    assert_one_line_and_secret_free(refused)
    assert "TLS certificate could not be verified; give its authority with --ca-bundle" in (
        refused.stderr
    )
    assert no_waiting == []  # a certificate failure is not retried
    assert trusted.exit_code == 0, trusted.stderr
    assert "5 applications, 3 contracts" in trusted.output


def test_ca_bundle_that_is_not_pem(tokens: None, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not a certificate\n", encoding="utf-8")
    with serve(Glpi()) as address:
        result = run("validate", address, "--ca-bundle", str(bundle), "--lang", "fr")
    assert_one_line_and_secret_free(result)
    assert "ce n'est pas un fichier de certificats PEM" in result.stderr


def test_url_is_not_mangled_into_a_path(tokens: None) -> None:
    result = run("validate", "https://127.0.0.1:1/apirest.php", "--lang", "en")
    assert "https://127.0.0.1:1/apirest.php" in result.stderr  # "//" kept


# -- tokens ---------------------------------------------------------------------------------


def test_no_token_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (ENV_USER_TOKEN, ENV_APP_TOKEN):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(ENV_CONFIG, str(tmp_path / "glpi.toml"))
    result = run("validate", "https://glpi.example.org/apirest.php", "--lang", "en")
    assert result.exit_code == 1
    assert "no user token; set VENDORLOCK_GLPI_USER_TOKEN" in result.stderr


def test_config_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "glpi.toml"
    config.write_text(f'user_token = "{USER_TOKEN}"\n', encoding="utf-8")
    os.chmod(config, 0o644)
    with pytest.raises(GlpiError, match="mode 0o644") as caught:
        load_credentials({}, config)
    assert USER_TOKEN not in str(caught.value)
    os.chmod(config, 0o600)
    assert load_credentials({}, config) == Credentials(USER_TOKEN, None)


def test_private_config_file_is_used_and_env_wins(url: str, glpi: Glpi, tmp_path: Path) -> None:
    config = tmp_path / "glpi.toml"
    config.write_text(f'user_token = "{USER_TOKEN}"\napp_token = "{APP_TOKEN}"\n', "utf-8")
    os.chmod(config, 0o600)
    creds = load_credentials({}, config)
    assert creds == CREDS
    assert USER_TOKEN not in repr(creds)
    env = {ENV_USER_TOKEN: "from-env"}
    assert load_credentials(env, config).user_token == "from-env"
    sheets = read_glpi(url, ReadLimits(), None, creds)
    assert {s.sheet for s in sheets} == {"organisations", "editors", "applications", "contracts"}


def test_registered_connector_reads_urls_only(url: str, tokens: None) -> None:
    from vendorlock.sources import source_by_kind

    source = source_by_kind("glpi-api")
    assert source is not None
    assert not source.sniff(Path("glpi.csv"), b'\xef\xbb\xbf"Nom";')
    sheets = source.sheets(url, ReadLimits())  # type: ignore[arg-type]
    assert {s.sheet for s in sheets} == {"organisations", "editors", "applications", "contracts"}
    with pytest.raises(GlpiError, match="read from its address"):
        source.sheets(Path("export.csv"), ReadLimits())
