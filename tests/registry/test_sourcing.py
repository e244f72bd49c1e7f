"""The sourcing rule: shipped facts carry a source and a check date; user overlays opt in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vendorlock.cli.app import main
from vendorlock.registry import (
    RegistryError,
    check_registry_sections,
    load_registries,
    unverified_overlay,
)
from vendorlock.registry import load as registry_load
from vendorlock.registry.load import BUILTIN_FILES, shipped_sourcing
from vendorlock.resources import data_dir
from vendorlock.yamlio import load_yaml

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "registry"


def _codes(name: str, require_sources: bool = False) -> set[tuple[int | None, str]]:
    path = ASSETS / name
    problems = check_registry_sections(load_yaml(path), path, require_sources=require_sources)
    return {(p.location.row, p.code) for p in problems}


def test_a_strict_overlay_is_held_to_the_rule_entry_by_entry() -> None:
    assert _codes("unsourced_strict.yaml") == {
        (4, "registry_unsourced"),  # acme_db: no source at all
        (4, "registry_no_french_name"),  # acme_db: a format of a strict pack names itself twice
        (13, "registry_source_unverified"),  # acme_std: a source that says it is none
        (9, "registry_unchecked"),  # acme_std: no check date
        (17, "registry_group_unsourced"),  # acme: the group link has no real source
        (20, "registry_bad_date"),  # acme: checked must be a YYYY-MM-DD day
    }


def test_a_lenient_overlay_is_held_to_the_rule_only_when_asked() -> None:
    assert _codes("overlay_ok.yaml") == set()
    asked = _codes("overlay_ok.yaml", require_sources=True)
    assert asked and {code for _, code in asked} <= {
        "registry_unsourced",
        "registry_unchecked",
        "registry_source_unverified",
        "registry_group_unsourced",
        "registry_no_french_name",
    }


def test_an_unknown_sourcing_mode_is_refused() -> None:
    assert (2, "registry_bad_sourcing") in _codes("bad_sourcing_mode.yaml")


def test_strict_packs_are_fully_sourced_and_dated() -> None:
    reg = load_registries()
    for section in ("formats", "standards", "platforms", "editors", "products"):
        for entry in getattr(reg, section).values():
            assert "http" in entry.source or entry.source.startswith(
                ("Directive", "vendorlock convention", "reference/")
            ), entry.id
            assert "unverified" not in entry.source.lower(), entry.id
            assert len(entry.checked) == 10, entry.id


def test_shipped_packs_declare_their_mode() -> None:
    for name in BUILTIN_FILES:
        data = yaml.safe_load((data_dir("rules") / name).read_text(encoding="utf-8"))
        if name != "domains.yaml":
            assert data.get("sourcing") in ("strict", "lenient"), name
    counts, _ = shipped_sourcing()
    modes = {(c.file, c.section): c.mode for c in counts}
    for pack in (
        ("formats.yaml", "formats"),
        ("standards.yaml", "standards"),
        ("standards.yaml", "platforms"),
        ("editors.yaml", "editors"),
        ("catalogue.yaml", "products"),
    ):
        assert modes[pack] == "strict", pack
    assert all(c.sourced == c.entries for c in counts if c.mode == "strict")
    # Only the opt-in overlay still holds entries to verify.
    assert {c.file for c in counts if c.unverified} == {"overlays/unverified.yaml"}


def _pack_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editor: str) -> Path:
    """A copy of the shipped rules with one more editor in the strict editors pack."""
    rules = tmp_path / "rules"
    shutil.copytree(data_dir("rules"), rules)
    with (rules / "editors.yaml").open("a", encoding="utf-8") as handle:
        handle.write(editor)
    monkeypatch.setattr(registry_load, "data_dir", lambda name: rules)
    registry_load._builtin.cache_clear()
    return rules


def test_the_default_editors_pack_refuses_an_unsourced_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pack_with(
        tmp_path,
        monkeypatch,
        "  - id: dupont-soft\n    name: Dupont Soft\n    source: unverified (general knowledge)\n",
    )
    try:
        result = CliRunner().invoke(main, ["rules", "check", "--lang", "en"])
        assert result.exit_code == 1
        assert "editors 'dupont-soft': its source says 'unverified'" in result.output
        assert "editors 'dupont-soft' has no 'checked' date" in result.output
        with pytest.raises(RegistryError, match="dupont-soft"):
            load_registries()
    finally:
        registry_load._builtin.cache_clear()


def test_the_default_packs_accept_a_sourced_and_dated_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = len(load_registries().editors)
    _pack_with(
        tmp_path,
        monkeypatch,
        "  - id: dupont-soft\n    name: Dupont Soft\n"
        "    source: https://example.org/dupont (editor page)\n    checked: '2026-11-29'\n",
    )
    try:
        result = CliRunner().invoke(main, ["rules", "check", "--lang", "en"])
        assert result.exit_code == 0, result.output
        n = shipped + 1
        assert f"editors.yaml editors: {n} entries, {n} sourced and checked" in result.output
        assert load_registries().editors["dupont-soft"].checked == "2026-11-29"
    finally:
        registry_load._builtin.cache_clear()


def test_rules_check_without_file_reports_the_shipped_packs_and_the_overlay() -> None:
    result = CliRunner().invoke(main, ["rules", "check", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "formats.yaml formats: 65 entries, 65 sourced and checked (sourcing: strict)" in (
        result.output
    )
    assert "catalogue.yaml products: " in result.output
    lines = result.output.splitlines()
    default = [line for line in lines if line.startswith(("editors.yaml", "catalogue.yaml"))]
    assert len(default) == 2 and all(line.endswith("(sourcing: strict)") for line in default)
    overlay = [line for line in lines if line.startswith("overlays/unverified.yaml")]
    assert len(overlay) == 2
    assert all("still to verify (sourcing: lenient)" in line for line in overlay)
    # Every default pack holds the rule: --require-sources passes (the overlay is opt-in).
    strict = CliRunner().invoke(main, ["rules", "check", "--require-sources", "--lang", "fr"])
    assert strict.exit_code == 0, strict.output
    assert "règle de sourçage est respectée" in strict.output


def test_the_overlay_is_opt_in_and_held_to_the_rule_when_asked() -> None:
    overlay = unverified_overlay()
    default, extended = load_registries(), load_registries([overlay])
    assert "civil-net-finances" not in default.products
    assert extended.products["civil-net-finances"].editor_id == "ciril-group"
    assert set(default.products) < set(extended.products)
    result = CliRunner().invoke(main, ["rules", "check", str(overlay), "--require-sources"])
    assert result.exit_code == 1
    assert "its source says 'unverified'" in result.output


def test_rules_check_require_sources_on_a_user_file(tmp_path: Path) -> None:
    overlay = tmp_path / "mine.yaml"
    overlay.write_text(
        "editors:\n  - id: dupont-soft\n    name: Dupont Soft\n    country: FR\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(main, ["rules", "check", str(overlay)]).exit_code == 0
    result = CliRunner().invoke(main, ["rules", "check", str(overlay), "--require-sources"])
    assert result.exit_code == 1
    assert "line 2" in result.output and "dupont-soft" in result.output
