"""The DECP connector: each published shape read into the same contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from vendorlock.model.problems import Severity
from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.readers.interface import ReadLimits
from vendorlock.registry import Registries
from vendorlock.sources import find_source
from vendorlock.sources.decp import SOURCE

ARCUEIL = "219400017"
FIXTURES = Path(__file__).resolve().parents[1] / "assets" / "sources" / "decp"


def _load(registries: Registries, *paths: Path, **options: object) -> pd.DataFrame:
    result = load_inventory(list(paths), registries, LoadOptions(**options))  # type: ignore[arg-type]
    assert not result.errors(), [p.render("en") for p in result.errors()]
    return result.portfolio.contracts.set_index("contract_id")


@pytest.mark.parametrize("name", ["decp_v1.json", "decp_v2.json", "decp_v1.xml", "decp_flat.csv"])
def test_each_shape_is_recognised_by_content(decp_dir: Path, name: str) -> None:
    path = decp_dir / name
    assert find_source(path, path.read_bytes()[:8192]) is SOURCE


def test_an_inventory_csv_is_not_taken_for_records(decp_dir: Path) -> None:
    path = decp_dir / "arcueil-inventaire.csv"
    assert find_source(path, path.read_bytes()[:8192]) is None


def test_json_1x_keeps_it_contracts_once_with_modifications(
    decp_dir: Path, registries: Registries
) -> None:
    contracts = _load(registries, decp_dir / "decp_v1.json")
    # roadworks (CPV 45) and the concession are dropped; the copy without uid is the same
    # contract (buyer SIRET + id = uid) and is read once
    assert sorted(contracts.index) == [
        "decp-219400017000132020INF007",
        "decp-219400017000132021INF001",
        "decp-219400017000132023INF012",
    ]
    tma = contracts.loc["decp-219400017000132020INF007"]
    # the modification raised the amount to 120,000 over 36 months: 40,000 a year
    assert tma["annual_cost"] == 40000
    assert str(tma["end_date"].date()) == "2023-08-31"
    assert tma["procedure"] == "framework"  # nature Accord-cadre
    assert tma["editor_id"] == "ciril-group"
    assert tma["org_id"] == ARCUEIL
    finance = contracts.loc["decp-219400017000132021INF001"]
    assert str(finance["start_date"].date()) == "2021-03-15"  # "2021-03-15+01:00"
    assert finance["annual_cost"] == 18000
    assert finance["procedure"] == "mapa"
    assert finance["editor_id"] == "berger-levrault"


def test_json_2x_wrappers_techniques_and_holder_change(
    decp_dir: Path, registries: Registries
) -> None:
    contracts = _load(registries, decp_dir / "decp_v2.json")
    assert len(contracts) == 2  # cleaning (CPV 90) dropped
    infogerance = contracts.loc["decp-219400017000132024INF009"]
    # modification: 24 months, 290,000 and a new holder SIRET
    assert infogerance["annual_cost"] == 145000
    assert infogerance["editor_id"] == "42185625600083"
    assert infogerance["procedure"] == "framework"  # technique Accord-cadre
    assert str(infogerance["end_date"].date()) == "2026-02-11"


def test_xml_reads_like_json(decp_dir: Path, registries: Registries) -> None:
    result = load_inventory([decp_dir / "decp_v1.xml"], registries)
    contracts = result.portfolio.contracts.set_index("contract_id")
    assert sorted(contracts.index) == [
        "decp-213502388000192022SI014",
        "decp-213502388000192023SI002",
    ]
    rh = contracts.loc["decp-213502388000192022SI014"]
    assert rh["annual_cost"] == 65000  # 260,000 after the modification, over 48 months
    assert contracts.loc["decp-213502388000192023SI002", "procedure"] == "negotiated"
    orgs = result.portfolio.organisations.set_index("org_id")
    assert orgs.loc["213502388", "name"] == "Ville de Rennes"
    assert orgs.loc["213502388", "kind"] == "commune"


def test_flat_csv_folds_holders_and_keeps_current_rows(
    decp_dir: Path, registries: Registries
) -> None:
    result = load_inventory([decp_dir / "decp_flat.csv"], registries)
    contracts = result.portfolio.contracts.set_index("contract_id")
    assert len(contracts) == 4  # vehicles (CPV 34) dropped
    # donneesActuelles: the row after the modification (36 months, 120,000)
    assert contracts.loc["decp-219400017000132020INF007", "annual_cost"] == 40000
    # two holders (a group): the contract goes to the first, both are editors
    assert contracts.loc["decp-200046977000182022TEL05", "editor_id"] == (
        "orange-business-services"
    )
    editors = result.portfolio.editors.set_index("editor_id")
    assert "sopra-steria-group" in editors.index or "sopra-steria" in editors.index
    orgs = result.portfolio.organisations.set_index("org_id")
    assert orgs.loc["200046977", "kind"] == "epci"  # Métropole de Lyon


def test_same_company_two_spellings_is_one_editor(decp_dir: Path, registries: Registries) -> None:
    result = load_inventory([decp_dir / "decp_flat.csv"], registries)
    editors = result.portfolio.editors
    assert (editors["siren"] == "755800646").sum() == 1


def test_forced_source_reads_an_extract_without_uid(registries: Registries) -> None:
    corpus = Path(__file__).resolve().parents[1] / "assets" / "inventories"
    path = corpus / "decp-marches-logiciels.csv"
    plain = load_inventory([path], registries)
    # read as an inventory spreadsheet by default (its headers recognised one by one)
    assert not plain.portfolio.contracts["contract_id"].str.startswith("decp-").any()
    forced = load_inventory([path], registries, LoadOptions(forced=((str(path), "decp"),)))
    contracts = forced.portfolio.contracts.set_index("contract_id")
    assert len(forced.portfolio.applications) == 0
    assert len(contracts) == 10
    # "62 400.00" over 48 months
    assert contracts.loc["decp-214401093000152021MAPA015", "annual_cost"] == 15600


def test_unknown_forced_kind_is_a_located_error(decp_dir: Path, registries: Registries) -> None:
    path = decp_dir / "decp_v1.json"
    result = load_inventory([path], registries, LoadOptions(forced=((str(path), "nope"),)))
    assert [p.code for p in result.errors()] == ["unknown_source_kind"]
    assert "decp" in result.errors()[0].render("en")


def test_deep_json_is_refused_fast(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"marches": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = load_inventory([path], registries)
    assert [p.code for p in result.errors()] == ["source_too_deep"]


def test_broken_json_is_located(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "cut.json"
    path.write_text('{"marches": [{"id": "2021', encoding="utf-8")
    result = load_inventory([path], registries)
    assert [p.code for p in result.errors()] == ["source_bad_json"]
    assert str(path) in result.errors()[0].render("fr")


def test_json_that_is_not_utf8_is_located(tmp_path: Path, registries: Registries) -> None:
    # found by the byte fuzzer: an invalid UTF-8 sequence escaped the typed decoder's handling
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"marches": [{"id": "2021\xc3(", "objet": "Logiciel \xe9tat civil"}]}')
    result = load_inventory([path], registries)
    assert [p.code for p in result.errors()] == ["source_bad_json"]
    assert str(path) in result.errors()[0].render("en")


def test_xml_with_entities_is_refused(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "lol.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE marches [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<marches><marche><objet>&b;</objet>'
        "</marche></marches>",
        encoding="utf-8",
    )
    # the DOCTYPE comes before the root: sniffed as DECP only when forced
    forced = LoadOptions(forced=((str(path), "decp"),))
    result = load_inventory([path], registries, forced)
    assert [p.code for p in result.errors()] == ["source_xml_dtd"]


def test_truncated_xml_is_located(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "cut.xml"
    path.write_text("<marches><marche><id>1</id><codeCPV>48000000", encoding="utf-8")
    result = load_inventory([path], registries)
    assert [p.code for p in result.errors()] == ["source_bad_xml"]


def test_json_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vendorlock.sources.decp as decp

    path = tmp_path / "big.json"
    path.write_text(json.dumps({"marches": []}), encoding="utf-8")
    monkeypatch.setattr(decp, "MAX_JSON_BYTES", 5)
    with pytest.raises(decp.SourceError) as info:
        SOURCE.sheets(path, ReadLimits())
    assert info.value.code == "source_too_big"


def test_validate_prints_the_usual_summary(decp_dir: Path) -> None:
    from click.testing import CliRunner

    from vendorlock.cli import main

    out = CliRunner().invoke(main, ["validate", str(decp_dir / "decp_v1.json"), "--lang", "en"])
    assert out.exit_code == 0
    assert out.output.splitlines()[-1] == (
        "valid: 1 organisation, 3 editors, 0 applications, 3 contracts, 0 flows; "
        "0 errors, 1 warning"
    )
    assert Severity.WARNING.value in out.output


def test_records_without_software_say_so(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "travaux.json"
    path.write_text(
        json.dumps({"marches": [{"id": "2024TX01", "codeCPV": "45233140-2", "montant": 9}]}),
        encoding="utf-8",
    )
    result = load_inventory([path], registries)
    assert [p.render("fr") for p in result.errors()] == [
        f"{path}\u00a0: erreur\u00a0: aucun marché de logiciel ou de services informatiques (CPV 48*, 72*) "
        "dans ces données de la commande publique"
    ]


def test_xml_2x_techniques_and_modification(decp_dir: Path, registries: Registries) -> None:
    result = load_inventory([decp_dir / "decp_v2.xml"], registries)
    contracts = result.portfolio.contracts.set_index("contract_id")
    assert list(contracts.index) == ["decp-200046977000182024SI007"]  # roadworks dropped
    tma = contracts.loc["decp-200046977000182024SI007"]
    assert tma["procedure"] == "framework"  # <technique>Accord-cadre</technique>
    assert tma["annual_cost"] == 96000  # 480,000 over the 60 months of the modification
    assert str(tma["end_date"].date()) == "2029-03-17"
    # 2.x gives no holder name: the SIRET stands for it, the SIREN is kept
    editors = result.portfolio.editors
    assert editors["siren"].tolist() == ["755800646"]


def test_deeply_nested_xml_is_refused_fast(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "deep.xml"
    path.write_text("<marches><marche>" + "<a>" * 10_000 + "</a>" * 10_000 + "</marche></marches>")
    result = load_inventory([path], registries)
    assert [p.code for p in result.errors()] == ["source_bad_xml"]


# -- the fast JSON path (msgspec) reads exactly what the generic one reads ----------------------


@pytest.mark.parametrize("name", ["decp_v1.json", "decp_v2.json"])
def test_typed_json_path_reads_what_the_generic_path_reads(name: str) -> None:
    from vendorlock.sources import decp

    data = (FIXTURES / name).read_bytes()
    fast = decp._typed_records(data)
    assert fast is not None and len(fast) > 0
    generic = [decp._record(item, n) for n, item in decp._contracts_of(json.loads(data))]
    assert fast == generic
    pd.testing.assert_frame_equal(decp._frame(fast), decp._frame(generic))


def test_a_document_of_another_shape_still_reads_through_the_generic_path(
    tmp_path: Path,
) -> None:
    from vendorlock.sources import decp

    # a null among the records and a 2.x wrapper holding one object instead of a list: not
    # the typed shape, read as before (the null skipped, the lone record kept)
    record = json.loads((FIXTURES / "decp_v2.json").read_text())["marches"]["marche"][0]
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"marches": {"marche": record}}), encoding="utf-8")
    assert decp._typed_records(odd.read_bytes()) is None
    frame = decp._json_records(odd)
    assert list(frame["id"]) == [record["id"]]
    with_null = tmp_path / "null.json"
    with_null.write_text(json.dumps({"marches": [None, record]}), encoding="utf-8")
    assert decp._typed_records(with_null.read_bytes()) is None
    assert list(decp._json_records(with_null)["_row"]) == [2]


def test_benchmark_judges_cpu_time_on_a_busy_machine() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_decp import judge

    assert judge(12.0, 9.0, 15.0, load=0.5, cores=2) == ("ok", 0)
    # wall-clock over the goal because ten processes share two cores: the CPU time decides
    verdict, code = judge(34.1, 8.7, 15.0, load=10.0, cores=2)
    assert code == 0 and verdict.startswith("ok on CPU time") and "load average 10.0" in verdict
    # an idle machine cannot explain a slow wall-clock time; nor can the load a slow CPU time
    assert judge(34.1, 8.7, 15.0, load=0.5, cores=2) == ("MISSED", 1)
    assert judge(34.1, 16.0, 15.0, load=10.0, cores=2) == ("MISSED", 1)
