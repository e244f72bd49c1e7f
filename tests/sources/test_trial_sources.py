"""New-user trial (session 9): published files of kinds the other fixtures lack, read as a
purchasing group or a DSI would bring them (see tests/assets/sources/decp/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.readers import load_inventory
from vendorlock.registry import Registries

DECP = Path(__file__).resolve().parents[1] / "assets" / "sources" / "decp"


def test_a_holder_named_by_siret_and_by_vat_number_is_one_editor(registries: Registries) -> None:
    result = load_inventory([DECP / "decp-2024-groupement.json"], registries)
    assert not result.errors()
    editors = result.portfolio.editors.set_index("editor_id")
    assert sorted(editors["siren"]) == ["382079393", "412257362", "753249308"]
    contracts = result.portfolio.contracts.set_index("contract_id")
    # the framework agreement (SIRET) and its subsequent contract (VAT number): one editor
    framework = contracts.loc["decp-200044874000192024-INF-001"]
    subsequent = contracts.loc["decp-200044874000192024-INF-009"]
    assert framework["editor_id"] == subsequent["editor_id"] == "75324930800054"
    # the roof works (CPV 45) are not software; the modified amount is spread over 48 months
    assert len(contracts) == 3
    assert framework["annual_cost"] == 552000 * 12 / 48


def test_one_record_written_as_an_object(registries: Registries) -> None:
    result = load_inventory([DECP / "decp-2024-un-marche.json"], registries)
    (contract,) = result.portfolio.contracts.itertuples()
    assert str(contract.start_date.date()) == "2025-02-03"
    assert str(contract.end_date.date()) == "2029-02-02"  # the modification's 48 months
    assert contract.annual_cost == 27600 * 12 / 48


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        (
            "en",
            "nothing to audit: the inputs were read without error but name no application"
            " (3 contracts read)",
        ),
        (
            "fr",
            "rien à auditer : les fichiers ont été lus sans erreur mais ne nomment aucune"
            " application (3 contrats lus)",
        ),
    ],
)
def test_contracts_alone_are_refused_plainly(tmp_path: Path, lang: str, says: str) -> None:
    """Records alone hold no application: say so, not "fix the errors above" (there are none)."""
    result = CliRunner().invoke(
        main,
        ["audit", str(DECP / "decp-2024-groupement.json"), "-o", str(tmp_path), "--lang", lang],
    )
    assert result.exit_code == 1
    assert says in result.stderr
    assert "erreurs ci-dessus" not in result.stderr and "errors above" not in result.stderr
