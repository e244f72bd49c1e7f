"""check_registry_sections: every problem of a user file, located by YAML line."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock.errors import RuleError
from vendorlock.i18n import Lang
from vendorlock.registry import check_registry_sections, load_registries, render_problem
from vendorlock.yamlio import load_yaml

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "registry"


def _problems(name: str) -> list[tuple[int | None, str, dict[str, object]]]:
    path = ASSETS / name
    return [
        (p.location.row, p.code, p.param_dict)
        for p in check_registry_sections(load_yaml(path), path)
    ]


def test_valid_overlay_has_no_problem() -> None:
    assert _problems("overlay_ok.yaml") == []


def test_bad_entries_all_reported_with_lines() -> None:
    found = {(line, code) for line, code, _ in _problems("bad_entries.yaml")}
    assert found == {
        (2, "registry_entry_not_mapping"),
        (3, "registry_bad_id"),
        (7, "registry_bad_choice"),  # openness outside the enum
        (9, "registry_unknown_key"),
        (10, "registry_duplicate_id"),
        (15, "registry_unknown_ref"),  # standard domain
        (16, "registry_wrong_type"),  # open: "yes" (a string)
        (17, "registry_unknown_ref"),  # standard format
        (21, "registry_bad_pattern"),  # siren
        (22, "registry_bad_pattern"),  # country
        (24, "registry_missing_field"),  # new product without licence
        (26, "registry_unknown_ref"),  # unknown editor
        (29, "registry_bad_choice"),  # hosting
        (30, "registry_bad_choice"),  # api
    }


@pytest.mark.parametrize(
    ("line", "code", "params"),
    [
        (7, "registry_bad_choice", {"key": "openness", "value": "very_closed"}),
        (9, "registry_unknown_key", {"key": "colour"}),
        (10, "registry_duplicate_id", {"id": "acme_db", "first": 5}),
        (
            15,
            "registry_unknown_ref",
            {"key": "domain", "value": "finance_dept", "target": "domain"},
        ),
        (17, "registry_unknown_ref", {"key": "formats", "value": "no_such_format"}),
        (24, "registry_missing_field", {"key": "licence"}),
        (26, "registry_unknown_ref", {"key": "editor_id", "value": "nobody", "target": "editor"}),
    ],
)
def test_problem_params(line: int, code: str, params: dict[str, object]) -> None:
    matches = [p for ln, c, p in _problems("bad_entries.yaml") if ln == line and c == code]
    assert matches, (line, code)
    assert params.items() <= matches[0].items()


def test_references_to_ids_defined_in_the_same_file_resolve() -> None:
    # acme_db is defined in bad_entries.yaml itself, so only no_such_format is reported
    values = [
        p["value"] for _, c, p in _problems("bad_entries.yaml") if c == "registry_unknown_ref"
    ]
    assert "acme_db" not in values


def test_check_against_a_given_base() -> None:
    path = ASSETS / "overlay_ok.yaml"
    data = load_yaml(path)
    assert check_registry_sections(data, path, base=load_registries()) == []
    based = load_registries([path])
    # against a base where acme exists already, the product is an update and needs no licence
    data = load_yaml(ASSETS / "bad_entries.yaml")
    codes = {p.code for p in check_registry_sections(data, ASSETS / "bad_entries.yaml", base=based)}
    assert "registry_missing_field" not in codes


def test_disabled_in_use() -> None:
    found = _problems("disabled_in_use.yaml")
    assert {(line, code) for line, code, _ in found} == {(2, "registry_disabled_in_use")}
    users = {params["user"] for _, _, params in found}
    assert {"pastell", "s2low", "iparapheur"} == users


def test_non_mapping_and_non_list_sections() -> None:
    assert [c for _, c, _ in _problems("not_mapping.yaml")] == ["registry_not_mapping"]
    assert _problems("section_not_list.yaml")[0][:2] == (2, "registry_section_not_list")


def test_other_top_level_keys_are_ignored() -> None:
    assert check_registry_sections({"criteria": [1, 2], "levels": "x"}, Path("r.yaml")) == []


def test_rendering_in_both_languages() -> None:
    path = ASSETS / "bad_entries.yaml"
    problem = next(
        p for p in check_registry_sections(load_yaml(path), path) if p.location.row == 26
    )
    assert render_problem(problem) == (
        f"{path}: line 26: error: products 'acme-suite': 'editor_id' names editor 'nobody', "
        "which is not in the registry"
    )
    # French: « ligne », a non-breaking space before each colon, as every located line.
    assert render_problem(problem, Lang.FR).startswith(
        f"{path}\u00a0: ligne 26\u00a0: erreur\u00a0: products «\u00a0acme-suite\u00a0»"
    )


@pytest.mark.parametrize(
    ("asset", "line", "clash_id"),
    [("alias_clash.yaml", 2, "acme_db"), ("alias_clash_update.yaml", 4, "pdf")],
)
def test_alias_clashes_are_checked(asset: str, line: int, clash_id: str) -> None:
    found = _problems(asset)
    assert [(ln, c, p["id"]) for ln, c, p in found] == [(line, "registry_alias_clash", clash_id)]


def test_every_registry_message_has_a_broken_asset() -> None:
    from vendorlock.i18n import keys

    produced = set()
    for asset in sorted(ASSETS.glob("*.yaml")):
        try:
            data = load_yaml(asset)
        except RuleError:  # invalid YAML is yamlio's message, tested in the overlay tests
            continue
        produced |= {p.code for p in check_registry_sections(data, asset)}
    messages = {k.removeprefix("problem.") for k in keys() if k.startswith("problem.registry_")}
    assert messages == produced


def test_dates_that_name_no_day_are_refused_at_their_line() -> None:
    """``checked: 2026-02-30`` is text to YAML and matches YYYY-MM-DD: still not a date."""
    found = _problems("bad_dates.yaml")
    assert [(line, code, p["key"], p["value"]) for line, code, p in found] == [
        (6, "registry_bad_date", "checked", "2026-02-30"),
        (9, "registry_bad_partial_date", "group_since", "2025-13"),
        (20, "registry_bad_date", "checked", "2026-04-31"),
    ]  # 2024-02-29 (a leap day) and 2023-02 (a month) are read
    fr = render_problem(
        check_registry_sections(load_yaml(ASSETS / "bad_dates.yaml"), ASSETS / "bad_dates.yaml")[1],
        Lang.FR,
    )
    assert fr.endswith(
        "editors «\u00a0editeur-regional\u00a0»\u00a0: «\u00a0group_since\u00a0» vaut «\u00a02025-13\u00a0», qui n'est pas une "
        "date (attendu\u00a0: AAAA, AAAA-MM ou AAAA-MM-JJ, du calendrier)"
    )
