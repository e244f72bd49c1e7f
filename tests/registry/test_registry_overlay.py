"""User overlays: add, update (aliases appended), disable; invalid ones report every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.errors import RuleError
from vendorlock.registry import Kind, RegistryError, load_registries

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "registry"


def test_overlay_adds_updates_and_disables() -> None:
    builtin = load_registries()
    reg = load_registries([ASSETS / "overlay_ok.yaml"])
    # new entries
    assert reg.formats["acme_db"].openness == "closed_proprietary"
    assert reg.resolve(Kind.FORMAT, ".acm") == "acme_db"
    assert reg.products["acme-suite"].editor_id == "acme"
    assert "acme-suite" in {p.id for p in reg.products_for_domain("hr_payroll")}
    assert reg.editor_id_for("ACME SAS") == "acme"
    assert reg.group_of("acme") == "acme-holding"
    # update: given fields replaced, aliases appended, others kept
    assert reg.resolve(Kind.FORMAT, "traitement de texte maison") == "docx"
    assert reg.resolve(Kind.FORMAT, "Word 2016") == "docx"
    assert reg.formats["docx"].name == builtin.formats["docx"].name
    assert reg.group_of("berger-levrault") == "bl-holding"
    assert reg.resolve(Kind.EDITOR, "BERGER LEVRAULT SAS") == "berger-levrault"
    # disabled
    assert "compta-evo" not in reg.products and "compta-evo" in builtin.products
    # the shipped registries are untouched and the version names the overlay
    assert builtin.group_of("berger-levrault") == "berger-levrault"
    assert reg.version == builtin.version + "+overlay_ok-1"
    assert load_registries() is builtin


def test_new_entry_without_source_gets_the_overlay_name() -> None:
    reg = load_registries([ASSETS / "overlay_ok.yaml"])
    assert "overlay_ok.yaml" in reg.products["acme-suite"].source


@pytest.mark.parametrize(
    ("asset", "fragment"),
    [
        (
            "disabled_in_use.yaml",
            "line 2: error: editors 'libriciel' cannot be disabled: products 'pastell'",
        ),
        (
            "alias_clash.yaml",
            "line 2: error: formats 'acme_db': name or alias 'word 2016' already names 'docx'",
        ),
        ("alias_clash_update.yaml", "line 4: error: formats 'pdf': name or alias 'adobe pdf'"),
        ("not_mapping.yaml", "must be a mapping of sections"),
        ("section_not_list.yaml", "line 2: error: section 'formats' must be a list of entries"),
        ("invalid_yaml.yaml", "invalid YAML"),
    ],
)
def test_invalid_overlay_raises_rule_error(asset: str, fragment: str) -> None:
    with pytest.raises(RuleError) as info:
        load_registries([ASSETS / asset])
    assert fragment in str(info.value)
    assert str(ASSETS / asset) in str(info.value)


def test_all_problems_of_all_overlays_are_reported_at_once() -> None:
    with pytest.raises(RegistryError) as info:
        load_registries([ASSETS / "bad_entries.yaml", ASSETS / "disabled_in_use.yaml"])
    files = {p.location.file for p in info.value.problems}
    assert files == {str(ASSETS / "bad_entries.yaml"), str(ASSETS / "disabled_in_use.yaml")}
    assert len(info.value.problems) >= 14


def test_missing_overlay_file() -> None:
    with pytest.raises(RuleError, match="cannot read"):
        load_registries([ASSETS / "no_such_file.yaml"])


def test_overlay_sets_what_simulate_judges_flows_on(tmp_path: Path) -> None:
    rules = tmp_path / "switch.yaml"
    rules.write_text(
        "formats:\n"
        "  - id: csv\n"
        "    universal: true\n"
        "products:\n"
        "  - id: emagnus-gf\n"
        "    import_formats: [csv, xml]\n"
        "platforms:\n"
        "  - id: helios\n"
        "    interchangeable: true\n",
        encoding="utf-8",
    )
    builtin = load_registries()
    reg = load_registries([rules])
    assert reg.formats["csv"].universal and not builtin.formats["csv"].universal
    assert reg.products["emagnus-gf"].import_formats == ("csv", "xml")
    assert builtin.products["emagnus-gf"].import_formats == ()
    assert reg.platforms["helios"].interchangeable
    assert builtin.platforms["chorus_pro"].interchangeable
    assert not builtin.platforms["helios"].interchangeable


def test_overlay_import_formats_must_name_known_formats(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text(
        "products:\n  - id: emagnus-gf\n    import_formats: [no-such-format]\n",
        encoding="utf-8",
    )
    with pytest.raises((RegistryError, RuleError), match="no-such-format"):
        load_registries([rules])
