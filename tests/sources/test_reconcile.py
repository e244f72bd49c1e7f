"""An inventory and the procurement records of the same body give one coherent portfolio."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vendorlock.model.portfolio import Portfolio
from vendorlock.readers import LoadResult, load_inventory
from vendorlock.registry import Registries
from vendorlock.sources.reconcile import reconcile

ARCUEIL = "219400017"


@pytest.fixture(scope="module")
def mixed(decp_dir: Path, registries: Registries) -> LoadResult:
    return load_inventory(
        [
            decp_dir / "arcueil-inventaire.csv",
            decp_dir / "decp_v1.json",
            decp_dir / "decp_v2.json",
            decp_dir / "decp_flat.csv",
        ],
        registries,
    )


def _codes(result: LoadResult, code: str) -> list[str]:
    return [p.render("en") for p in result.problems if p.code == code]


def test_one_body_not_two(mixed: LoadResult) -> None:
    orgs = mixed.portfolio.organisations
    assert sorted(orgs["org_id"]) == ["200046977", ARCUEIL]  # Arcueil once, plus Lyon
    assert not mixed.errors()


def test_overlapping_contract_of_the_same_editor_is_merged(mixed: LoadResult) -> None:
    contracts = mixed.portfolio.contracts
    ciril = contracts[(contracts["org_id"] == ARCUEIL) & (contracts["editor_id"] == "ciril-group")]
    # the inventory's HR contract (2020-09 → 2023-08) and the records' TMA are one contract,
    # published in two record files: one row, the inventory's cost kept
    assert len(ciril) == 1
    assert ciril["annual_cost"].iloc[0] == 42000
    assert not ciril["contract_id"].iloc[0].startswith("decp-")
    # the record filled what the inventory did not say
    assert ciril["procedure"].iloc[0] == "framework"


def test_record_contracts_without_an_inventory_match_are_kept(mixed: LoadResult) -> None:
    contracts = mixed.portfolio.contracts.set_index("contract_id")
    assert contracts.loc["decp-219400017000132021INF001", "editor_id"] == "berger-levrault"
    # the same contract in the 1.x JSON and in the flat CSV: once
    assert list(contracts.index).count("decp-219400017000132021INF001") == 1


def test_editors_paid_but_not_listed_are_warned_once(mixed: LoadResult) -> None:
    lines = _codes(mixed, "records_unlisted_editors")
    assert lines == [
        "warning: the procurement records show 3 editors that Commune d'Arcueil pays but does "
        "not list in its inventory: 42185625600083, 51234567800021, Maarch"
    ]


def test_price_reference_across_buyers(mixed: LoadResult) -> None:
    lines = _codes(mixed, "records_price_reference")
    # Arcueil 54,000 over 36 months, Lyon 150,000 over 36 months
    assert lines == [
        "warning: price reference for Berger-Levrault: 2 buyers, yearly cost from 18000 to "
        "50000 € (median 34000 €, estimates from the records)"
    ]


def test_estimates_are_flagged_per_record_file(mixed: LoadResult) -> None:
    files = sorted(p.location.file for p in mixed.problems if p.code == "records_cost_estimate")
    assert [Path(f).name for f in files] == ["decp_flat.csv", "decp_v1.json", "decp_v2.json"]


def test_registry_facts_replace_the_records_spelling(mixed: LoadResult) -> None:
    editors = mixed.portfolio.editors.set_index("editor_id")
    assert editors.loc["berger-levrault", "name"] == "Berger-Levrault"


def test_no_records_no_change(decp_dir: Path, registries: Registries) -> None:
    plain = load_inventory([decp_dir / "arcueil-inventaire.csv"], registries)
    out = reconcile(plain.portfolio, [str(decp_dir / "decp_v1.json")])
    assert out.portfolio is plain.portfolio
    assert out.problems == ()


def _frame(rows: list[dict[str, object]], file: str) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    df["_file"] = file
    return df


def test_disjoint_dates_are_two_contracts() -> None:
    contracts = pd.concat(
        [
            _frame(
                [
                    {
                        "contract_id": "inv-1",
                        "org_id": "o",
                        "editor_id": "e",
                        "start_date": pd.Timestamp("2015-01-01"),
                        "end_date": pd.Timestamp("2017-12-31"),
                        "annual_cost": 1000.0,
                        "procedure": None,
                    }
                ],
                "inventory.csv",
            ),
            _frame(
                [
                    {
                        "contract_id": "decp-1",
                        "org_id": "o",
                        "editor_id": "e",
                        "start_date": pd.Timestamp("2021-01-01"),
                        "end_date": pd.Timestamp("2023-12-31"),
                        "annual_cost": 2000.0,
                        "procedure": "mapa",
                    }
                ],
                "records.json",
            ),
        ],
        ignore_index=True,
    )
    orgs = _frame([{"org_id": "o", "name": "O", "siren": None}], "inventory.csv")
    editors = _frame([{"editor_id": "e", "name": "E", "siren": None}], "inventory.csv")
    portfolio = Portfolio(organisations=orgs, editors=editors, contracts=contracts)
    out = reconcile(portfolio, ["records.json"])
    assert sorted(out.portfolio.contracts["contract_id"]) == ["decp-1", "inv-1"]
    assert out.merged == {}


def test_a_folder_of_exports_reads_the_records_too(
    decp_dir: Path, registries: Registries, tmp_path: Path
) -> None:
    import shutil

    for name in ("arcueil-inventaire.csv", "decp_v1.json"):
        shutil.copy(decp_dir / name, tmp_path / name)
    (tmp_path / "notes.json").write_text('{"not": "records"}', encoding="utf-8")
    result = load_inventory([tmp_path], registries)
    assert not result.errors()
    assert sorted(result.portfolio.organisations["org_id"]) == [ARCUEIL]
    assert "decp-219400017000132023INF012" in set(result.portfolio.contracts["contract_id"])
