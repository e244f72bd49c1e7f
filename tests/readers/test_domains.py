"""Domains: written (compound cells too), else from the catalogue, else keywords, else unassigned."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vendorlock.model.problems import Severity
from vendorlock.readers import load_inventory
from vendorlock.readers.domains import UNASSIGNED, resolve_domain
from vendorlock.registry import Registries

COMPOUND = [
    ("Urbanisme / ADS", "urban_planning"),
    ("RH / Paie", "hr_payroll"),
    ("DRH", "hr_payroll"),
    ("Finances / Comptabilité", "finances"),
    ("État civil - Élections", "civil_registry"),
    ("Élections - État civil", "elections"),
    ("Direction / Finances", "finances"),  # first part not a domain: the next one is taken
    ("Téléphonie", "telephony"),
    ("Site internet", "website"),
    ("CMS", "website"),
    ("Vie associative", "culture_sport"),
    ("Sport", "culture_sport"),
]


@pytest.mark.parametrize(("cell", "domain"), COMPOUND, ids=[c[0] for c in COMPOUND])
def test_written_domains_resolve_to_their_first_known_part(
    registries: Registries, cell: str, domain: str
) -> None:
    assert resolve_domain(registries, cell) == domain


def _apps(tmp_path: Path, registries: Registries, text: str) -> tuple[pd.DataFrame, list]:
    path = tmp_path / "logiciels.csv"
    path.write_text(text, encoding="utf-8")
    result = load_inventory([path], registries)
    assert result.valid, [p.render("en") for p in result.errors()]
    return result.portfolio.applications.set_index("name"), list(result.problems)


def test_missing_domain_column_is_inferred(tmp_path: Path, registries: Registries) -> None:
    apps, problems = _apps(
        tmp_path,
        registries,
        "Nom;Éditeur;Produit;Description\n"
        "Compta;Berger-Levrault;e.magnus Gestion financière;\n"  # catalogue, by product
        "Logiciel de paie;Inconnu;;\n"  # keyword in the name
        "Outil X;Zorglub;;Standard téléphonique des services\n"  # keyword in a described column
        "Outil Y;Zorglub;;\n",  # nothing to go on
    )
    assert apps["domain"].to_dict() == {
        "Compta": "finances",
        "Logiciel de paie": "hr_payroll",
        "Outil X": "telephony",
        "Outil Y": UNASSIGNED,
    }
    unassigned = [p for p in problems if p.code == "domain_unassigned"]
    assert [(p.severity, p.location.row, p.location.column) for p in unassigned] == [
        (Severity.WARNING, 5, "Nom")
    ]
    assert "«\u00a0Outil Y\u00a0»" in unassigned[0].message("fr")


def test_unknown_domain_cell_is_a_warning_then_inferred(
    tmp_path: Path, registries: Registries
) -> None:
    apps, problems = _apps(
        tmp_path,
        registries,
        "Nom;Éditeur;Domaine\nGestion des cimetières;Zorglub;Service population\n"
        "Outil Y;Zorglub;Service Z\nQGIS;QGIS.org;NC\n",
    )
    assert apps["domain"].to_dict() == {
        "Gestion des cimetières": "cemeteries",
        "Outil Y": UNASSIGNED,
        "QGIS": "gis",
    }
    codes = sorted((p.code, p.location.row) for p in problems if p.code.endswith("domain"))
    assert codes == [("unknown_domain", 2), ("unknown_domain", 3)]
    unknown = next(p for p in problems if p.code == "unknown_domain")
    assert unknown.severity is Severity.WARNING and unknown.location.column == "Domaine"


def test_unassigned_domain_flows_through_the_audit(tmp_path: Path, registries: Registries) -> None:
    from datetime import date

    from vendorlock.audit import AuditOptions, audit_portfolio
    from vendorlock.i18n import Lang
    from vendorlock.scoring.load import load_pack

    path = tmp_path / "logiciels.csv"
    path.write_text("Nom;Éditeur\nOutil Y;Zorglub\nCompta;Ciril\n", encoding="utf-8")
    result = load_inventory([path], registries)
    options = AuditOptions(as_of=date(2026, 11, 1), lang=Lang.FR)
    doc = audit_portfolio(result.portfolio, registries, load_pack(), options)
    apps = {a["app_id"]: a for a in doc["applications"]}
    assert {k: a["domain"] for k, a in apps.items()} == {
        "logiciels-outil-y": UNASSIGNED,
        "logiciels-compta": "finances",
    }
