"""New-user trial (session 9): a GLPI contract list opened in Excel and saved again as « CSV
(séparateur : point-virgule) » (Windows-1252, no BOM, quotes only where needed, French numbers
and dates) reads as GLPI's own export does (tests/assets/inventories/make_trial.py)."""

from __future__ import annotations

from pathlib import Path

from vendorlock.readers import load_inventory
from vendorlock.registry import Registries

CORPUS = Path(__file__).resolve().parents[1] / "assets" / "inventories"


def test_glpi_contracts_saved_again_by_excel(registries: Registries) -> None:
    result = load_inventory([CORPUS / "trial-glpi-contrats-excel.csv"], registries)
    assert not result.errors()
    contracts = result.portfolio.contracts.set_index("contract_id")
    assert sorted(contracts.index) == ["2021-007", "2022-014", "2023-021", "2024-003"]
    ciril = contracts.loc["2022-014"]
    assert ciril["annual_cost"] == 19850
    assert (ciril["renewal"], ciril["notice_months"]) == ("tacit", 3)
    assert str(ciril["start_date"].date()) == "2022-02-01"
    assert str(ciril["end_date"].date()) == "2026-02-01"  # "48 mois", as GLPI shows it
    assert contracts.loc["2023-021", "renewal"] == "none"  # "Jamais"
    assert set(contracts["org_id"]) == {"mairie-de-lanvallay"}  # the entity path's leaf
    assert contracts.loc["2021-007", "extra:Nom"] == "Arpège; Mélodie"  # cp1252, quoted ';'
