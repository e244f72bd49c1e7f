"""Loading many members: one broken file costs one member, located messages for bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.group.workbooks import member_book, write_book
from vendorlock.errors import GroupError
from vendorlock.group.members import load_members, member_sources, require_members
from vendorlock.readers import load_inventory
from vendorlock.registry import load_registries

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "group"


@pytest.fixture(scope="module")
def registries():  # type: ignore[no-untyped-def]
    return load_registries()


def _codes(members) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(p.code for p in members.problems if p.code.startswith("group_"))


def test_folder_gives_one_source_per_workbook(tmp_path: Path) -> None:
    member_book(tmp_path / "b.xlsx", "2", "B")
    member_book(tmp_path / "a.xlsx", "1", "A")
    (tmp_path / ".hidden.xlsx").write_text("x")
    csv_member = tmp_path / "c"
    csv_member.mkdir()
    (csv_member / "applications.csv").write_text("x")
    assert member_sources([tmp_path]) == [tmp_path / "a.xlsx", tmp_path / "b.xlsx", csv_member]
    assert member_sources([csv_member]) == [csv_member]


def test_broken_file_is_named_and_the_others_go_through(tmp_path: Path, registries) -> None:  # type: ignore[no-untyped-def]
    member_book(tmp_path / "a.xlsx", "1", "A")
    member_book(tmp_path / "b.xlsx", "2", "B", app_prefix="b-")
    shutil.copy(ASSETS / "not-a-workbook.xlsx", tmp_path / "c.xlsx")
    members = load_members([tmp_path], registries)
    assert members.members == ("1", "2")
    left = members.left_out()
    assert [p.code for p in left] == ["group_member_file_failed"]
    assert left[0].location.file.endswith("c.xlsx")
    assert "member file left out" in left[0].render()


def test_same_member_twice_keeps_the_first(tmp_path: Path, registries) -> None:  # type: ignore[no-untyped-def]
    member_book(tmp_path / "a.xlsx", "1", "Commune A")
    member_book(tmp_path / "b.xlsx", "1", "COMMUNE A", app_prefix="x-")
    members = load_members([tmp_path], registries)
    assert _codes(members) == ["group_member_duplicate"]
    assert members.members == ("1",)
    assert len(members.portfolio.applications) == 2


def test_colliding_ids_of_different_bodies(tmp_path: Path, registries) -> None:  # type: ignore[no-untyped-def]
    member_book(tmp_path / "a.xlsx", "1", "Commune A")
    member_book(tmp_path / "b.xlsx", "1", "Commune B", app_prefix="x-")
    members = load_members([tmp_path], registries)
    problem = next(p for p in members.problems if p.code == "group_member_collision")
    assert problem.location.file.endswith("b.xlsx")
    assert problem.location.sheet == "Organisations" and problem.location.row == 2
    assert "Commune A" in problem.render() and "Commune B" in problem.render()


def test_colliding_application_ids_are_prefixed(tmp_path: Path, registries) -> None:  # type: ignore[no-untyped-def]
    member_book(tmp_path / "a.xlsx", "1", "A")
    member_book(tmp_path / "b.xlsx", "2", "B")
    members = load_members([tmp_path], registries)
    assert "group_ids_prefixed" in _codes(members)
    apps = members.portfolio.applications
    assert sorted(apps["app_id"]) == ["2/fin", "2/rh", "fin", "rh"]
    flows = members.portfolio.flows
    assert set(flows.loc[flows["org_id"] == "2", "source"]) == {"2/fin", "2/rh"}
    assert set(members.portfolio.contracts["app_ids"]) == {"fin", "2/fin"}


def test_member_without_contracts_is_a_warning(tmp_path: Path, registries) -> None:  # type: ignore[no-untyped-def]
    member_book(tmp_path / "a.xlsx", "1", "A", contracts=False)
    members = load_members([tmp_path], registries)
    problem = next(p for p in members.problems if p.code == "group_member_no_contracts")
    assert problem.severity.value == "warning"
    assert members.members == ("1",)


@pytest.mark.parametrize("population", [0, 3_500_000])
def test_incoherent_population_is_reported_and_ignored(
    tmp_path: Path,
    registries,
    population: int,  # type: ignore[no-untyped-def]
) -> None:
    member_book(tmp_path / "a.xlsx", "1", "A", population=population)
    members = load_members([tmp_path], registries)
    problem = next(p for p in members.problems if p.code == "group_population_incoherent")
    assert problem.location.column == "population"
    assert members.portfolio.organisations["population"].isna().all()


def test_structure_itself_is_not_a_member(tmp_path: Path, registries) -> None:  # type: ignore[no-untyped-def]
    write_book(
        tmp_path / "all.xlsx",
        {
            "Organisations": [["s", "Syndicat", "mutualisation", None], ["1", "A", "commune", 900]],
            "Applications": [],
            "Contracts": [],
            "Flows": [],
        },
    )
    members = load_members([tmp_path / "all.xlsx"], registries)
    assert members.structure == ("s",) and members.members == ("1",)


def test_nothing_readable_is_an_error(registries) -> None:  # type: ignore[no-untyped-def]
    members = load_members([ASSETS / "not-a-workbook.xlsx"], registries)
    with pytest.raises(GroupError, match="no member could be read"):
        require_members(members)


def test_only_members_without_contracts_are_warned_each_located_in_its_file(
    tmp_path: Path,
    registries,  # type: ignore[no-untyped-def]
) -> None:
    member_book(tmp_path / "a.xlsx", "1", "A", contracts=False)
    member_book(tmp_path / "b.xlsx", "2", "B")
    member_book(tmp_path / "c.xlsx", "3", "C", contracts=False)
    members = load_members([tmp_path], registries)
    lonely = [p for p in members.problems if p.code == "group_member_no_contracts"]
    assert [(p.param_dict["org"], Path(p.location.file).name) for p in lonely] == [
        ("1", "a.xlsx"),
        ("3", "c.xlsx"),
    ]
    assert all(p.location.sheet == "Organisations" for p in lonely)


def test_contract_applications_are_distinct_and_sorted_and_unknown_names_are_slugged(
    tmp_path: Path,
    registries,  # type: ignore[no-untyped-def]
) -> None:
    """A contract naming its applications in any order, one twice, lists each once in order; a
    contract's name matching no application is kept as a slug; a flow's unknown end sets it aside."""
    book = tmp_path / "a.xlsx"
    write_book(
        book,
        {
            "Organisations": [["1", "Commune A", "commune", 5000]],
            "Applications": [
                ["fin", "1", "Finances", "e.magnus", "Berger-Levrault", "finances", "p", 12, None],
                ["rh", "1", "Paie", "Paie locale", "Editeur Paie", "hr_payroll", "p", 4, None],
            ],
            "Contracts": [
                ["c1", "1", "Berger-Levrault", "rh; fin; rh", "2022-01-01", "2027-12-31", 1, "", 3],
                ["c2", "1", "Editeur Paie", "Vieux Logiciel", "2022-01-01", "2027-12-31", 1, "", 3],
            ],
            "Flows": [
                ["f1", "1", "fin", "helios", "xml", "pes_v2", "sftp"],
                ["f2", "1", "rh", "Outil Métier", "csv", None, "file_share"],
            ],
        },
    )
    members = load_members([book], registries)
    contracts = members.portfolio.contracts.set_index("contract_id")
    assert contracts.loc["c1", "app_ids"] == "fin;rh"
    assert contracts.loc["c2", "app_ids"] == "vieux-logiciel"
    flows = members.portfolio.flows
    assert flows[["flow_id", "source", "target"]].values.tolist() == [["f1", "fin", "helios"]]
    codes = {p.code for p in members.problems}
    # the flow to an unknown end is an error: set aside, the member kept
    assert {"unknown_application", "unknown_endpoint", "group_member_rows_set_aside"} <= codes


#: A mutualisation structure's GLPI software list as downloaded (glpi.csv: BOM, ';', every field
#: quoted, trailing ';', CRLF, '<br>' between versions): its own software at the root entity
#: (« Entité racine », GLPI's name for entity 0 in French), its members' in sub-entities.
GLPI_ROOT = Path(__file__).resolve().parents[1] / "assets" / "sources" / "glpi" / "exports"


def test_glpi_root_entity_is_the_structure_not_a_member(registries) -> None:  # type: ignore[no-untyped-def]
    """Applications at GLPI's root entity made « Entité racine » a member of its own group;
    the root above the members' entities is the structure, which keeps its applications."""
    members = load_members([GLPI_ROOT / "logiciels-racine"], registries)
    assert members.structure == ("entite-racine",)
    assert members.members == ("commune-de-plouer-sur-rance", "commune-de-taden")
    apps = members.portfolio.applications.set_index("name")["org_id"]
    assert apps["GLPI"] == apps["Zimbra Collaboration"] == "entite-racine"
    assert apps["LibreOffice"] == "commune-de-taden"


def test_a_single_body_s_glpi_root_is_not_a_structure(registries, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """« Entité racine > Mairie de Taden » on every row: a commune's own GLPI, whose root entity
    is only the installation's container — not a mutualisation structure (it was, as soon as it
    sat above one entity: caught in review)."""
    source = (GLPI_ROOT / "logiciels-racine" / "glpi.csv").read_bytes().decode("utf-8-sig")
    lines = source.splitlines()
    body = [lines[0]] + [
        line.replace('"Entité racine"', '"Entité racine > Mairie de Taden"', 1)
        .replace("Entité racine > Commune de Plouër-sur-Rance", "Entité racine > Mairie de Taden")
        .replace("Entité racine > Commune de Taden", "Entité racine > Mairie de Taden")
        for line in lines[1:]
    ]
    folder = tmp_path / "glpi"
    folder.mkdir()
    (folder / "glpi.csv").write_text("\r\n".join(body) + "\r\n", encoding="utf-8-sig")
    result = load_inventory([folder / "glpi.csv"], registries)
    kinds = result.portfolio.organisations.set_index("org_id")["kind"].to_dict()
    assert kinds["entite-racine"] != "mutualisation", kinds
    assert set(result.portfolio.applications["org_id"]) == {"mairie-de-taden"}


def test_organisations_from_entity_paths_are_located(registries) -> None:  # type: ignore[no-untyped-def]
    """An organisation known only from the entity paths of the rows naming it has the file and
    row of the first of them, so its warnings point there (was: no file, no row)."""
    members = load_members([GLPI_ROOT / "logiciels-racine"], registries)
    orgs = members.portfolio.organisations.set_index("org_id")
    assert {o: int(r) for o, r in orgs["_row"].items()} == {
        "entite-racine": 2,
        "commune-de-plouer-sur-rance": 4,
        "commune-de-taden": 5,
    }
    assert all(str(f).endswith("logiciels-racine/glpi.csv") for f in orgs["_file"])
    lonely = [p for p in members.problems if p.code == "group_member_no_contracts"]
    assert [(p.param_dict["org"], p.location.row) for p in lonely] == [
        ("commune-de-plouer-sur-rance", 4),
        ("commune-de-taden", 5),
    ]
    assert all(p.location.file.endswith("logiciels-racine/glpi.csv") for p in lonely)
