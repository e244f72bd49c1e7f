"""The SILL as a catalogue overlay: open-source alternatives merged into the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.registry import Kind, Registries, load_registries
from vendorlock.sources.interface import SourceError
from vendorlock.sources.sill import read_sill, sill_products, write_overlay

SILL = Path(__file__).resolve().parents[1] / "assets" / "sources" / "sill"
MAIRIE = (
    Path(__file__).resolve().parents[1] / "assets" / "inventories" / "mairie-modele-vendorlock.csv"
)


def test_csv_and_short_key_json_read_the_same_fields() -> None:
    csv = read_sill(SILL / "sill-2021.csv").set_index("name")
    short = read_sill(SILL / "sill.json").set_index("name")
    for name in ("Koha", "Thunderbird", "openRésultat"):
        assert csv.loc[name, "licence"] == short.loc[name, "licence"]
        assert csv.loc[name, "function"] == short.loc[name, "function"]
    assert short.loc["Pastell", "status"] == "O"


def test_products_only_for_new_software_with_a_known_domain(registries: Registries) -> None:
    products = sill_products(read_sill(SILL / "sill-2021.csv"), registries)
    by_name = {p["name"]: p for p in products}
    # Koha, QGIS, GLPI… are in the catalogue already; 7zip has no domain; Pastell is only
    # "en observation"
    assert sorted(by_name) == ["Joomla", "Thunderbird", "Zimbra", "openRésultat"]
    assert by_name["openRésultat"]["domains"] == ["elections"]
    assert by_name["Thunderbird"]["licence"] == "MPL-2.0"
    assert all(p["open_source"] and p["editor_id"] == "unknown" for p in products)


def test_overlay_loads_as_a_rules_file(tmp_path: Path, registries: Registries) -> None:
    overlay = write_overlay(SILL / "sill.json", registries, tmp_path)
    assert overlay.name == "sill.catalogue.yaml"
    merged = load_registries([overlay])
    assert merged.resolve(Kind.PRODUCT, "openRésultat") == "sill-openresultat"
    assert any(p.id == "sill-openresultat" for p in merged.products_for_domain("elections"))


def test_not_a_sill_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_sill(path)
    assert info.value.code == "sill_no_software"


def _alternatives(doc_path: Path, name: str) -> float:
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    app = next(a for a in doc["applications"] if a["name"] == name)
    return float(app["metrics"]["open_source_alternatives"])


def test_audit_counts_the_sill_alternatives(tmp_path: Path) -> None:
    common = [MAIRIE.as_posix(), "--format", "json", "--as-of", "2025-01-01", "-q"]
    runner = CliRunner()
    plain = runner.invoke(main, ["audit", *common, "-o", str(tmp_path / "a")])
    assert plain.exit_code == 0, plain.output
    sill = SILL / "sill-2021.csv"
    with_sill = runner.invoke(
        main, ["audit", *common, "-o", str(tmp_path / "b"), "--catalogue", str(sill)]
    )
    assert with_sill.exit_code == 0, with_sill.output
    before = _alternatives(tmp_path / "a" / "audit.json", "Élections")
    after = _alternatives(tmp_path / "b" / "audit.json", "Élections")
    assert after == before + 1  # openRésultat
    doc = json.loads((tmp_path / "b" / "audit.json").read_text(encoding="utf-8"))
    assert "sill-2021.catalogue.yaml" in json.dumps(doc)


def test_requirements_and_compare_accept_a_catalogue(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(
        main,
        ["compare", "--domain", "elections", str(MAIRIE), "--catalogue", str(SILL / "sill.json")],
    )
    assert out.exit_code == 0, out.output
    plain = runner.invoke(main, ["compare", "--domain", "elections", str(MAIRIE)])
    assert plain.output != out.output  # one more product in the catalogue for the domain
    req = runner.invoke(
        main,
        ["requirements", "--domain", "elections", "--catalogue", str(SILL / "sill.json")],
    )
    assert req.exit_code == 0, req.output


def test_a_catalogue_that_is_not_one_is_a_usage_error(tmp_path: Path) -> None:
    decp = Path(__file__).resolve().parents[1] / "assets" / "sources" / "decp" / "decp_v1.json"
    out = CliRunner().invoke(
        main, ["audit", str(MAIRIE), "--lang", "fr", "--catalogue", str(decp), "-o", str(tmp_path)]
    )
    assert out.exit_code == 2
    assert "aucun logiciel trouvé dans ce fichier SILL" in out.output
