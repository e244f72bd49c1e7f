"""Corporate groups: every group an editor names is an entry of the registry, with its name.

Reports show a group by its entry's name; a group that is only a slug ("bain-capital") would be
shown as one. The checker refuses a dangling group, in the shipped packs, the opt-in overlay and
a user's rules file alike.
"""

from __future__ import annotations

from pathlib import Path

from vendorlock.registry import check_registry_sections, load_registries, unverified_overlay
from vendorlock.yamlio import load_yaml

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "registry"


def test_every_group_of_the_shipped_packs_and_the_overlay_has_an_entry() -> None:
    for reg in (load_registries(), load_registries([unverified_overlay()])):
        groups = {e.group for e in reg.editors.values() if e.group}
        assert groups, "the registries name corporate groups"
        assert sorted(g for g in groups if g not in reg.editors) == []


def test_the_groups_reports_showed_as_slugs_have_names() -> None:
    reg = load_registries()
    assert reg.editors[reg.group_of("inetum")].name == "Bain Capital"
    assert reg.editors[reg.group_of("docaposte")].name == "Groupe La Poste"
    assert reg.editors[reg.group_of("red-hat")].name == "IBM"
    for gid in ("bain-capital", "la-poste", "ibm"):
        entry = reg.editors[gid]
        assert entry.source.startswith("https://") and entry.checked == "2026-11-29"


def test_a_dangling_group_is_a_located_error() -> None:
    path = ASSETS / "dangling_group.yaml"
    problems = check_registry_sections(load_yaml(path), path)
    assert [(p.location.row, p.code, p.param_dict["value"]) for p in problems] == [
        (5, "registry_unknown_ref", "acme-holding")
    ]


def test_a_group_defined_in_the_same_file_resolves() -> None:
    path = ASSETS / "overlay_ok.yaml"
    assert check_registry_sections(load_yaml(path), path) == []
    assert load_registries([path]).group_of("acme") == "acme-holding"
