"""`vendorlock observatory`: figures, pooling, outputs, and identical bytes on every engine."""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pandas as pd
import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.observatory import observe
from vendorlock.observatory.compute import Observatory
from vendorlock.observatory.render import write_all
from vendorlock.registry import load_registries, unverified_overlay
from vendorlock.registry.registries import Registries

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from gen_decp import write


@pytest.fixture(scope="module")
def registries() -> Registries:
    return load_registries()


def _marche(
    uid: str,
    buyer: str,
    name: str,
    holder: str,
    amount: float,
    notified: str,
    months: int,
    cpv: str = "48000000-0",
    place: dict[str, str] | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "uid": uid,
        "id": uid[-6:],
        "acheteur": {"id": buyer, "nom": name},
        "nature": "Marché",
        "codeCPV": cpv,
        "procedure": "Procédure adaptée",
        "dureeMois": months,
        "dateNotification": notified,
        "montant": amount,
        "titulaires": [{"typeIdentifiant": "SIRET", "id": "", "denominationSociale": holder}],
    }
    if place is not None:
        record["lieuExecution"] = place
    return record


RENNES = {"code": "35238", "typeCode": "Code commune", "nom": "Rennes"}
BREST_POSTAL = {"code": "29200", "typeCode": "Code postal", "nom": "Brest"}
LYON = {"code": "69123", "typeCode": "Code commune", "nom": "Lyon"}


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six contracts whose figures are worked out by hand in the tests."""
    a, b, c, d = "21350238000011", "21350001000017", "21290019000019", "21690123000019"
    marches = [
        # Rennes commune, Bretagne: BL 300 + Docaposte 100 in software packages (4800)
        _marche(
            a + "0001",
            a,
            "Ville de Rennes",
            "BERGER-LEVRAULT SA",
            300,
            "2023-01-10",
            36,
            place=RENNES,
        ),
        _marche(
            b + "0002", b, "Commune de Acigné", "Berger Levrault", 0, "2023-06-01", 36, place=RENNES
        ),
        _marche(
            b + "0003", b, "Commune de Acigné", "DOCAPOSTE", 100, "2024-03-01", 12, place=RENNES
        ),
        # Brest by postal code: département 29
        _marche(
            c + "0004",
            c,
            "Ville de Brest",
            "BERGER-LEVRAULT SA",
            50,
            "2023-02-01",
            36,
            place=BREST_POSTAL,
        ),
        # Lyon, ends far from each other: no pooling in 69
        _marche(d + "0005", d, "Métropole de Lyon", "OPERIS", 80, "2020-01-01", 12, place=LYON),
        # no place of execution: national figures only
        _marche(d + "0006", d, "Métropole de Lyon", "OPERIS", 20, "2024-01-01", 12, cpv="72267000"),
        # works contract: not software, left out
        _marche(
            d + "0007",
            d,
            "Métropole de Lyon",
            "COLAS FRANCE",
            9999,
            "2024-01-01",
            12,
            cpv="45233140-2",
            place=LYON,
        ),
        # the first record republished by a second platform without uid: counted once
        {
            **_marche(
                a + "0001",
                a,
                "Ville de Rennes",
                "BERGER-LEVRAULT SA",
                300,
                "2023-01-10",
                36,
                place=RENNES,
            ),
            "uid": None,
            "id": "0001",
        },
    ]
    path = tmp_path_factory.mktemp("hand") / "decp.json"
    path.write_text(json.dumps({"marches": marches}, ensure_ascii=False), encoding="utf-8")
    return path


def test_shares_hhi_and_places_are_those_worked_out_by_hand(
    hand_made: Path, registries: Registries
) -> None:
    obs = observe([hand_made], registries, engine="serial")
    assert (obs.contracts, obs.buyers_count, obs.located) == (6, 4, 5)
    assert obs.years == (2020, 2023, 2024)
    shares = obs.shares.set_index(["scope", "area", "domain", "year", "group"])
    rennes = shares.loc[("departement", "35", "software_packages", 0)]
    # Docaposte belongs to Groupe La Poste (a sourced link of editors.yaml): its contract counts
    # for the la-poste group.
    assert rennes["amount"].to_dict() == {"berger-levrault": 300.0, "la-poste": 100.0}
    assert rennes["amount_share"].to_dict() == {"berger-levrault": 0.75, "la-poste": 0.25}
    assert rennes["contracts"].to_dict() == {"berger-levrault": 2, "la-poste": 1}
    conc = obs.concentration.set_index(["scope", "area", "domain", "year"])
    assert conc.loc[("departement", "35", "software_packages", 0), "hhi_amount"] == 6250.0
    assert conc.loc[("departement", "35", "software_packages", 0), "top_group"] == (
        "berger-levrault"
    )
    # Brest given by postal code, both in Bretagne (53); 2024 alone: Docaposte only
    assert conc.loc[("region", "53", "software_packages", 0), "amount"] == 450.0
    assert conc.loc[("departement", "35", "software_packages", 2024), "hhi_amount"] == 10000.0
    # the contract without a place counts nationally and nowhere else
    national = conc.loc[("national", "FR", "software_services", 0)]
    assert national["amount"] == 20.0
    assert "software_services" not in set(
        obs.concentration.loc[obs.concentration["scope"] != "national", "domain"]
    )
    # The opt-in overlay changes nothing here: the link is in the default registries.
    overlaid = observe([hand_made], load_registries([unverified_overlay()]), engine="serial")
    groups = overlaid.shares.set_index(["scope", "area", "domain", "year", "group"])
    assert groups.loc[("departement", "35", "software_packages", 0)]["amount"].to_dict() == {
        "berger-levrault": 300.0,
        "la-poste": 100.0,
    }


def test_pooling_finds_neighbours_whose_contracts_end_together(
    hand_made: Path, registries: Registries
) -> None:
    obs = observe([hand_made], registries, engine="serial")
    pools = obs.pooling
    # Rennes and Acigné (35): BL contracts end 2026-01 and 2026-05 → pooled on the group and
    # on the domain; Lyon's single buyer and Brest alone in 29 are no candidates
    assert set(pools["departement"]) == {"35"}
    by_editor = pools[pools["by"] == "editor"].iloc[0]
    assert by_editor["subject"] == "berger-levrault"
    assert by_editor["buyers"] == 2
    assert by_editor["buyer_names"] == "Commune de Acigné, Ville de Rennes"
    assert str(by_editor["window_start"])[:10] == "2026-01-09"
    assert str(by_editor["window_end"])[:10] == "2026-05-31"


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("gen")
    return [
        write(folder / "decp-2023.json", 2000, year=2023),
        write(folder / "decp-2024.json", 2000, year=2024),
    ]


def _run(generated: list[Path], registries: Registries, out: Path, **engine: Any) -> Observatory:
    obs = observe(generated, registries, **engine)
    write_all(obs, out, "fr")
    return obs


def test_generated_records_add_up(generated: list[Path], registries: Registries) -> None:
    obs = observe(generated, registries, engine="serial")
    sums = obs.shares.groupby(["scope", "area", "domain", "year"])[
        ["count_share", "amount_share"]
    ].sum()
    assert ((sums - 1).abs() < 1e-9).all().all()
    conc = obs.concentration
    assert conc["hhi_amount"].between(0, 10_000 + 1e-6).all()
    national = conc[(conc["scope"] == "national") & (conc["year"] == 0)]
    assert national["contracts"].sum() == obs.contracts
    assert obs.years == (2023, 2024)
    # one record in ten has no place of execution
    assert 0.85 < obs.located / obs.contracts < 0.95


def test_engines_give_identical_bytes(
    generated: list[Path], registries: Registries, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    _run(generated, registries, tmp_path / "serial", engine="serial")
    _run(generated, registries, tmp_path / "processes", engine="processes", workers=2)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
    ) as cluster:
        _run(
            generated,
            registries,
            tmp_path / "dask",
            engine="dask",
            scheduler=cluster.scheduler_address,
        )
    serial = _digest(tmp_path / "serial")
    assert set(serial) == {
        "buyer_editor_map.parquet",
        "concentration.parquet",
        "groups.parquet",
        "observatory.html",
        "observatory.xlsx",
        "pooling.parquet",
        "shares.parquet",
    }
    assert _digest(tmp_path / "processes") == serial
    assert _digest(tmp_path / "dask") == serial


def test_cli_writes_reports_in_both_languages(generated: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    for lang in ("fr", "en"):
        out = tmp_path / lang
        result = runner.invoke(
            main,
            [
                "observatory",
                *map(str, generated),
                "-o",
                str(out),
                "--lang",
                lang,
                "--engine",
                "serial",
            ],
        )
        assert result.exit_code == 0, result.output
        page = (out / "observatory.html").read_text(encoding="utf-8")
        summary = "Synthèse" if lang == "fr" else "Summary"
        pooling = "Mutualisations possibles" if lang == "fr" else "Pooling candidates"
        assert page.index(summary) < page.index("<table") < page.index(pooling)
        assert "<svg" in page
        assert ("montants sont des maxima" if lang == "fr" else "amounts are maxima") in page
        map_ = pd.read_parquet(out / "buyer_editor_map.parquet")
        assert list(map_.columns[:5]) == ["buyer", "departement", "region", "domain", "group"]
    assert result.output.startswith("observatory: ")
    assert re.search(r"\(\d+\.\d s, engine serial\)", result.output)  # English: "0.4 s"
    assert (tmp_path / "fr" / "observatory.xlsx").read_bytes()[:2] == b"PK"


def test_groups_are_shown_by_name_and_kept_as_ids_for_analysts(
    generated: list[Path], registries: Registries, tmp_path: Path
) -> None:
    """The HTML and the workbook name each corporate group as the registry does; the Parquet
    tables keep the ids to join on. French timing with a decimal comma."""
    result = CliRunner().invoke(
        main,
        ["observatory", *map(str, generated), "-o", str(tmp_path), "--lang", "fr",
         "--engine", "serial"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert re.search(r"\(\d+,\d\u00a0s, moteur serial\)", result.output)
    groups = pd.read_parquet(tmp_path / "groups.parquet")
    ids = groups.loc[groups["level"] == "group", "name"].head(5).tolist()
    renamed = {i: registries.editors[i].name for i in ids if i in registries.editors}
    renamed = {i: n for i, n in renamed.items() if n != i}
    assert renamed, ids  # the generated market has groups whose name differs from their id
    page = (tmp_path / "observatory.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "observatory.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    for gid, name in renamed.items():
        assert f"<td class='text'>{html.escape(name, quote=True)}</td>" in page, name
        assert f"<td class='text'>{gid}</td>" not in page, gid
        assert f">{xml_escape(name)}<" in strings, name


def test_cli_errors_are_one_clear_line(tmp_path: Path, generated: list[Path]) -> None:
    runner = CliRunner()
    works = tmp_path / "works.json"
    works.write_text(
        json.dumps(
            {
                "marches": [
                    _marche(
                        "2169012300001900001",
                        "21690123000019",
                        "Métropole de Lyon",
                        "COLAS",
                        5,
                        "2024-01-01",
                        12,
                        cpv="45233140",
                    )
                ]
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        main, ["observatory", str(works), "-o", str(tmp_path / "o"), "--lang", "fr"]
    )
    assert result.exit_code == 1
    assert "works.json" in result.output and "48*" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(
        main,
        [
            "observatory",
            str(generated[0]),
            "-o",
            str(tmp_path / "o"),
            "--engine",
            "dask",
            "--lang",
            "fr",
        ],
    )
    assert result.exit_code == 1
    assert "--scheduler" in result.output and "Traceback" not in result.output


def test_a_real_scheduler_and_two_workers_give_the_same_bytes(
    generated: list[Path], registries: Registries, tmp_path: Path
) -> None:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1, as a user starts them."""
    from tests.dask_cluster import real_cluster

    with real_cluster() as address:
        _run(generated, registries, tmp_path / "cluster", engine="dask", scheduler=address)
        _run(generated, registries, tmp_path / "serial", engine="serial")
        assert _digest(tmp_path / "cluster") == _digest(tmp_path / "serial")


def test_places_and_domains_come_from_the_data_tables() -> None:
    from vendorlock.observatory.records import _departements, _domains, observatory_rules

    rules = observatory_rules()
    codes = pd.Series(["97411", "2A004", "35", "13001", "75056", "53", "FR", None], dtype="string")
    kinds = pd.Series(
        [
            "Code commune",
            "Code commune",
            "Code département",
            "Code postal",
            "code COMMUNE",
            "Code région",
            "Code pays",
            None,
        ],
        dtype="string",
    )
    depts = [None if pd.isna(d) else d for d in _departements(codes, kinds, rules)]
    assert depts == ["974", "2A", "35", "13", "75", None, None, None]
    assert [rules.region_of[d] for d in depts[:5]] == ["04", "94", "53", "93", "11"]
    cpv = pd.Series(
        ["48326100", "72267000", "48440000", "72000000", "48000000", "72999999"], dtype="string"
    )
    assert _domains(cpv, rules).tolist() == [
        "gis",
        "software_services",
        "finance_hr",
        "it_consulting",
        "software_packages",
        "other_it",
    ]


def test_the_summary_line_agrees_with_its_counts(tmp_path: Path) -> None:
    """« 0 mutualisation possible », « 1 marché »: each count of the closing line agrees with
    its noun as the language does (French 0 and 1 singular, English 1 only), never the
    « 0 mutualisations possibles » the one-sentence message wrote."""
    decp = Path(__file__).resolve().parents[1] / "assets" / "sources" / "decp"
    one = decp / "decp-2024-un-marche.json"
    result = CliRunner().invoke(
        main, ["observatory", str(one), "-o", str(tmp_path / "fr"), "--lang", "fr",
               "--engine", "serial"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "observatoire\u00a0: 1 marché, 1 acheteur, 0 mutualisation possible → "
    )
    result = CliRunner().invoke(
        main, ["observatory", str(one), "-o", str(tmp_path / "en"), "--lang", "en",
               "--engine", "serial"],
    )  # fmt: skip
    assert result.output.startswith("observatory: 1 contract, 1 buyer, 0 pooling candidates → ")
