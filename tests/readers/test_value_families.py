"""Values as people write them: each family of cells read to its stored value, never an error.

One table per family (clauses, durations, renewal, procedure, countries, dates, amounts, cells
meaning "not known"), each example read through a one-row flat inventory so the whole path
(recognition, parsing, assembly, validation) is exercised as a user meets it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vendorlock.model.problems import Severity
from vendorlock.readers import load_inventory
from vendorlock.readers.connector import load_connector
from vendorlock.readers.values import parse_months, parse_number, parse_tristate
from vendorlock.registry import Registries

HEADER = "Nom;Éditeur;Domaine;{column}\n"


def _read(tmp_path: Path, registries: Registries, column: str, cell: str) -> pd.DataFrame:
    """The contracts table of a one-application flat inventory whose ``column`` holds ``cell``."""
    path = tmp_path / "inventaire.csv"
    path.write_text(
        HEADER.format(column=f"Coût annuel;{column}") + f"Paie;Ciril;RH;1000;{cell}\n",
        encoding="utf-8",
    )
    result = load_inventory([path], registries)
    problems = [p for p in result.problems if p.severity is Severity.ERROR]
    assert problems == [], [p.render("en") for p in problems]
    contracts = result.portfolio.contracts
    assert len(contracts) == 1
    return contracts


CLAUSES = [
    ("Oui", 1.0),
    ("Non", 0.0),
    ("Partielle", 0.5),
    ("Partiel", 0.5),
    ("En cours", 0.5),
    ("partiellement", 0.5),
    ("NC", None),
    ("?", None),
    ("N/A", None),
    ("Inconnu", None),
    ("Ne sait pas", None),
    ("x", 1.0),
    ("0,5", 0.5),
]


@pytest.mark.parametrize(("cell", "stored"), CLAUSES, ids=[c[0] for c in CLAUSES])
def test_clause_is_yes_no_partial_or_unknown(
    tmp_path: Path, registries: Registries, cell: str, stored: float | None
) -> None:
    value = _read(tmp_path, registries, "Réversibilité", cell)["reversibility_clause"].iloc[0]
    assert (pd.isna(value) and stored is None) or value == stored


def test_clause_cells_of_a_workbook_keep_their_type() -> None:
    aliases = load_connector().tristate
    parsed = parse_tristate(pd.Series([True, False, 1.0, 0.5, 0.0, 2.0, None]), aliases)
    assert parsed.values.astype(object).where(parsed.values.notna(), None).tolist() == [
        1.0,
        0.0,
        1.0,
        0.5,
        0.0,
        None,
        None,
    ]
    assert parsed.bad.tolist() == [False, False, False, False, False, True, False]


DURATIONS = [
    ("12 mois", 12),
    ("1 an", 12),
    ("2 ans", 24),
    ("0 mois", 0),
    ("18 months", 18),
    ("3", 3),
    ("1 trimestre", 3),
    ("1,5 an", 18),
    ("6 Mois", 6),
]


@pytest.mark.parametrize(("cell", "months"), DURATIONS, ids=[d[0] for d in DURATIONS])
def test_notice_durations_in_months(
    tmp_path: Path, registries: Registries, cell: str, months: int
) -> None:
    assert _read(tmp_path, registries, "Préavis", cell)["notice_months"].iloc[0] == months


def test_a_duration_that_is_not_whole_months_is_reported() -> None:
    units = load_connector().duration_units
    parsed = parse_months(pd.Series(["1,5 mois", "deux ans", "4 mois"], dtype="string"), units)
    assert parsed.bad.tolist() == [True, True, False]
    assert parsed.values.iloc[2] == 4


RENEWALS = [
    ("Jamais", "none"),
    ("Tacite", "tacit"),
    ("Expresse", "explicit"),
    ("Never", "none"),
    ("Tacit", "tacit"),
    ("Express", "explicit"),
    ("tacite reconduction", "tacit"),
    ("Non reconductible", "none"),
]


@pytest.mark.parametrize(("cell", "renewal"), RENEWALS, ids=[r[0] for r in RENEWALS])
def test_renewal_words_of_glpi_and_people(
    tmp_path: Path, registries: Registries, cell: str, renewal: str
) -> None:
    assert _read(tmp_path, registries, "Reconduction", cell)["renewal"].iloc[0] == renewal


PROCEDURES = [
    ("Procédure adaptée", "mapa"),
    ("Appel d'offres ouvert", "open_tender"),
    ("Appel d'offres restreint", "open_tender"),
    ("Marché négocié sans publicité ni mise en concurrence préalable", "negotiated"),
    ("Marché public négocié sans publicité ni mise en concurrence préalable", "negotiated"),
    ("Procédure avec négociation", "negotiated"),
    ("gré à gré", "negotiated"),  # no publicity, no competition: not a MAPA
    ("Marché de gré à gré", "negotiated"),
    ("Procédure concurrentielle avec négociation", "negotiated"),
    ("Dialogue compétitif", "other"),
    ("Marché public simplifié", "other"),
    ("Accord-cadre", "framework"),
    ("Marché subséquent", "framework"),
    ("Marché de partenariat", "other"),
    ("Marché", None),
]


@pytest.mark.parametrize(("cell", "procedure"), PROCEDURES, ids=[p[0] for p in PROCEDURES])
def test_decp_procedure_and_nature_labels(
    tmp_path: Path, registries: Registries, cell: str, procedure: str | None
) -> None:
    value = _read(tmp_path, registries, "Procédure", cell)["procedure"].iloc[0]
    assert (pd.isna(value) and procedure is None) or value == procedure


DATES = [
    ("2019-01-28+01:00", "2019-01-28"),
    ("2019-01-28T10:00:00+01:00", "2019-01-28"),
    ("2019-01-28Z", "2019-01-28"),
    ("2019-01-28-05:00", "2019-01-28"),
    ("28/01/2019", "2019-01-28"),
]


@pytest.mark.parametrize(("cell", "day"), DATES, ids=[d[0] for d in DATES])
def test_iso_dates_with_a_zone_offset_keep_the_written_day(
    tmp_path: Path, registries: Registries, cell: str, day: str
) -> None:
    value = _read(tmp_path, registries, "Date de fin", cell)["end_date"].iloc[0]
    assert value == pd.Timestamp(day)


AMOUNTS = [
    ("50 000.00", 50000.0),
    ("12 345,67 € TTC", 12345.67),
    ("1.234,56", 1234.56),
    ("12k€", 12000.0),
    ("12 000 € HT", 12000.0),
]


@pytest.mark.parametrize(("cell", "amount"), AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_amounts_as_written(cell: str, amount: float) -> None:
    parsed = parse_number(pd.Series([cell], dtype="string"))
    assert parsed.values.iloc[0] == pytest.approx(amount)
    assert not parsed.bad[0]


UNKNOWN_CELLS = ["NC", "?", "N/A", "Inconnu", "Ne sait pas", "-", "à préciser"]


@pytest.mark.parametrize("cell", UNKNOWN_CELLS, ids=UNKNOWN_CELLS)
@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("Préavis", "notice_months"),
        ("Date de fin", "end_date"),
        ("Reconduction", "renewal"),
        ("Procédure", "procedure"),
    ],
    ids=["duration", "date", "renewal", "procedure"],
)
def test_not_known_is_empty_never_an_error(
    tmp_path: Path, registries: Registries, cell: str, column: str, field: str
) -> None:
    assert pd.isna(_read(tmp_path, registries, column, cell)[field].iloc[0])


COUNTRIES = [
    ("France", "FR"),
    ("États-Unis", "US"),
    ("United States", "US"),
    ("Allemagne", "DE"),
    ("Germany", "DE"),
    ("Royaume-Uni", "GB"),
    ("Norvège", "NO"),
    ("fr", "FR"),
    ("Suisse", "CH"),
]


@pytest.mark.parametrize(("cell", "code"), COUNTRIES, ids=[c[0] for c in COUNTRIES])
def test_country_names_become_iso_codes(
    tmp_path: Path, registries: Registries, cell: str, code: str
) -> None:
    path = tmp_path / "editeurs.csv"
    path.write_text(f"Nom;Pays\nZorglub Logiciels;{cell}\n", encoding="utf-8")
    result = load_inventory([path], registries)
    editors = result.portfolio.editors
    assert editors.loc[editors["name"] == "Zorglub Logiciels", "country"].tolist() == [code]


def test_an_unknown_country_is_a_warning_and_left_empty(
    tmp_path: Path, registries: Registries
) -> None:
    path = tmp_path / "editeurs.csv"
    path.write_text("Nom;Pays\nZorglub Logiciels;Atlantide\n", encoding="utf-8")
    result = load_inventory([path], registries)
    found = [p for p in result.problems if p.code == "unknown_country"]
    assert [(p.severity, p.location.row, p.location.column) for p in found] == [
        (Severity.WARNING, 2, "Pays")
    ]
    assert "Atlantide" in found[0].message("fr") and "code à deux lettres" in found[0].message("fr")
    assert result.valid


def test_a_partial_clause_counts_half_the_risk(tmp_path: Path, registries: Registries) -> None:
    from datetime import date

    from vendorlock.metrics.compute import compute_metrics
    from vendorlock.scoring.load import load_pack

    path = tmp_path / "inventaire.csv"
    path.write_text(
        "Nom;Éditeur;Domaine;Coût annuel;Réversibilité\n"
        "A;Ciril;RH;1000;Oui\nB;Ciril;RH;1000;Partielle\nC;Ciril;RH;1000;Non\nD;Ciril;RH;1000;NC\n",
        encoding="utf-8",
    )
    portfolio = load_inventory([path], registries).portfolio
    metrics = compute_metrics(portfolio, registries, date(2026, 11, 1))
    clause = metrics.applications["reversibility_clause"]
    assert clause.loc[["inventaire-a", "inventaire-b", "inventaire-c"]].tolist() == [1.0, 0.5, 0.0]
    assert pd.isna(clause.loc["inventaire-d"])
    criterion = next(c for c in load_pack().criteria if c.id == "no-reversibility-clause")
    assert [criterion.severity_of(v) for v in (1.0, 0.5, 0.0)] == [0.0, 0.5, 1.0]
