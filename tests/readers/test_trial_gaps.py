"""Gaps a trial on real files left (session 10): what a comma before three digits means in an
amount column, month-year end dates, hidden columns and rows of a workbook."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from vendorlock.model.problems import Severity
from vendorlock.readers import load_inventory
from vendorlock.readers.hiddencells import HiddenCells, hidden_cells
from vendorlock.registry import Registries


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def _costs(result: object) -> dict[str, float]:
    portfolio = result.portfolio  # type: ignore[attr-defined]
    apps = portfolio.applications.set_index("app_id")["name"]
    contracts = portfolio.contracts
    return {apps[a]: c for a, c in zip(contracts["app_ids"], contracts["annual_cost"], strict=True)}


def test_a_comma_before_three_digits_in_an_english_register(
    tmp_path: Path, registries: Registries
) -> None:
    """« 3,000 » in an English register is 3000 (it was read as 3, silently): read so and
    warned, located, saying what was read and what else it could have been."""
    path = _write(
        tmp_path / "register.csv",
        "System name,Supplier,Annual licence cost (EUR),Contract end date\n"
        'Finance,Sage,"3,000",2026-12-31\n'
        'HR,Cegid,"12,500",2026-12-31\n',
    )
    result = load_inventory([path], registries)
    assert _costs(result) == {"Finance": 3000, "HR": 12500}
    # one warning for the column (it decided every cell alike), on its first doubtful cell
    (doubt,) = [p for p in result.problems if p.code.startswith("comma_read")]
    assert (doubt.severity, doubt.location.row, doubt.location.column) == (
        Severity.WARNING,
        2,
        "Annual licence cost (EUR)",
    )
    assert doubt.location.file.endswith("register.csv")
    assert doubt.message("en").startswith(
        "2 amounts of this column, such as '3,000' (read as 3000, not 3): their comma taken as a"
    )
    assert doubt.message("fr").startswith(
        "2 montants de cette colonne, dont «\u00a03,000\u00a0» (lu comme 3000, non 3)\u00a0:"
    )


def test_the_column_settles_the_comma_without_a_warning(
    tmp_path: Path, registries: Registries
) -> None:
    """Another cell of the column says what the comma is: « 12,500.50 » or « 1,200,000 »
    group thousands with commas; « 3,5 » makes it a decimal comma. No doubt left, no warning,
    whatever the headers' language."""
    grouped = _write(
        tmp_path / "grouped.csv",
        "Nom;Éditeur;Coût annuel;Date de fin\n"
        "Finances;Berger;3,000;31/12/2026\n"
        "RH;Cegid;12,500.50;31/12/2026\n"
        "Messagerie;Microsoft;1,200,000;31/12/2026\n",
    )
    result = load_inventory([grouped], registries)
    assert _costs(result) == {"Finances": 3000, "RH": 12500.5, "Messagerie": 1_200_000}
    assert not [p for p in result.problems if p.code.startswith("comma_read")]
    decimal = _write(
        tmp_path / "decimal.csv",
        "System name,Supplier,Annual licence cost (EUR),Contract end date\n"
        'Finance,Sage,"3,000",2026-12-31\n'
        'HR,Cegid,"3,5",2026-12-31\n',
    )
    result = load_inventory([decimal], registries)
    assert _costs(result) == {"Finance": 3, "HR": 3.5}
    assert not [p for p in result.problems if p.code.startswith("comma_read")]


def test_a_lone_comma_in_a_french_sheet_is_decimal_and_warned(
    tmp_path: Path, registries: Registries
) -> None:
    path = _write(
        tmp_path / "inventaire.csv",
        "Nom;Éditeur;Coût annuel;Date de fin\nFinances;Berger;3,000;31/12/2026\n",
    )
    result = load_inventory([path], registries)
    assert _costs(result) == {"Finances": 3}
    (doubt,) = [p for p in result.problems if p.code.startswith("comma_read")]
    assert doubt.code == "comma_read_decimal_comma"
    assert (doubt.location.row, doubt.location.column) == (2, "Coût annuel")
    assert "1 montant de cette colonne, «\u00a03,000\u00a0», lu comme 3, non 3000" in doubt.message(
        "fr"
    )


def test_end_dates_given_to_the_month(tmp_path: Path, registries: Registries) -> None:
    """« déc-26 », « déc. 2026 », « 12/2026 », « Dec 2026 », « 2026-12 » were refused (not a
    date): each is read as the month's first day, so the decision date counted back from the
    end is never late, and the column is warned once, on its first such cell."""
    path = _write(
        tmp_path / "parc.csv",
        "Nom;Éditeur;Coût annuel;Date de fin\n"
        "Finances;Berger;3000;déc-26\n"
        "RH;Cegid;3500;déc. 2026\n"
        "Messagerie;Microsoft;100;12/2026\n"
        "Urbanisme;Operis;200;2026-12\n"
        "Paie;Ciril;300;Dec 2026\n"
        "Élections;Berger;400;31/03/2027\n"
        "Courrier;Berger;500;févr. 2028\n",
        encoding="cp1252",
    )
    result = load_inventory([path], registries)
    assert not result.errors()
    portfolio = result.portfolio
    names = portfolio.applications.set_index("app_id")["name"]
    ends = {
        names[a]: str(d.date())
        for a, d in zip(
            portfolio.contracts["app_ids"], portfolio.contracts["end_date"], strict=True
        )
    }
    assert ends == {
        "Finances": "2026-12-01",
        "RH": "2026-12-01",
        "Messagerie": "2026-12-01",
        "Urbanisme": "2026-12-01",
        "Paie": "2026-12-01",
        "Élections": "2027-03-31",
        "Courrier": "2028-02-01",
    }
    (warned,) = [p for p in result.problems if p.code == "month_read_as_first_day"]
    assert (warned.severity, warned.location.row, warned.location.column) == (
        Severity.WARNING,
        2,
        "Date de fin",
    )
    assert warned.message("en").startswith(
        "6 dates of this column, such as 'déc-26', give a month or a year, not a day: each read"
        " as its first day (here 2026-12-01)"
    )
    assert "(ici 1er décembre 2026)" in warned.message("fr")


def test_end_dates_given_as_a_year_alone(tmp_path: Path, registries: Registries) -> None:
    """« 2027 », typed as text or as a number in a workbook's date column, was refused (not a
    date) and the audit set the row aside: it is read as 1 January, the earliest day it may
    mean, as a month is read as its first day, and warned once with the column's months.
    A number that cannot be a year (1850, 3000) is still a located error, never an Excel serial
    read as 1905."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Applications"
    ws.append(["Nom", "Éditeur", "Coût annuel", "Date de début", "Date de fin"])
    ws.append(["Finances", "Berger", 3000, 2021, 2027])
    ws.append(["RH", "Cegid", 3500, "2022", "2028"])
    ws.append(["Paie", "Ciril", 300, "déc. 2020", "31/03/2029"])
    ws.append(["Courrier", "Berger", 500, 1850, 3000])
    path = tmp_path / "parc.xlsx"
    wb.save(path)
    result = load_inventory([path], registries)
    contracts = result.portfolio.contracts
    names = result.portfolio.applications.set_index("app_id")["name"]
    read = {
        names[a]: (str(s.date()) if s == s else None, str(e.date()) if e == e else None)
        for a, s, e in zip(
            contracts["app_ids"], contracts["start_date"], contracts["end_date"], strict=True
        )
    }
    assert read == {
        "Finances": ("2021-01-01", "2027-01-01"),
        "RH": ("2022-01-01", "2028-01-01"),
        "Paie": ("2020-12-01", "2029-03-31"),
        "Courrier": (None, None),
    }
    warned = {p.location.column: p for p in result.problems if p.code == "month_read_as_first_day"}
    assert set(warned) == {"Date de début", "Date de fin"}
    assert warned["Date de fin"].location.row == 2
    assert (
        warned["Date de fin"]
        .message("fr")
        .startswith(
            "2 dates de cette colonne, dont «\u00a02027\u00a0», donnent un mois ou une année, pas un jour"
        )
    )
    errors = {(p.location.row, p.location.column, p.code) for p in result.errors()}
    assert errors == {(5, "Date de début", "invalid_date"), (5, "Date de fin", "invalid_date")}


def _hiding_workbook(path: Path, *, filtered: bool) -> Path:
    """Data from B3 (a title above), column E hidden, rows 5, 7 and 8 hidden — by hand, or by
    an autofilter (Excel then writes the same ``<row hidden="1">`` plus ``<autoFilter>``)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Applications"
    ws.append(["Parc logiciel 2026"])
    ws.append([])
    ws.append([None, "Nom", "Éditeur", "Coût annuel", "Commentaire"])
    for row in (
        ("Paie", "Berger-Levrault", 12000, "à renouveler"),
        ("Finances", "Ciril", 9800, "marché en cours"),
        ("État civil", "Berger-Levrault", 4200, None),
        ("Messagerie", "Microsoft", 15000, "abandon prévu"),
        ("Urbanisme", "Operis", 3000, "abandon prévu"),
    ):
        ws.append([None, *row])
    ws.column_dimensions["E"].hidden = True
    for row in (5, 7, 8):
        ws.row_dimensions[row].hidden = True
    if filtered:
        ws.auto_filter.ref = "B3:E8"
        ws.auto_filter.add_filter_column(3, ["à renouveler"])
    wb.save(path)
    return path


def test_hidden_columns_and_rows_are_read_and_said(tmp_path: Path, registries: Registries) -> None:
    """A hidden column and hidden rows were read without a word: still read (the user kept
    them), now warned, located — the column by its header, the rows listed."""
    result = load_inventory([_hiding_workbook(tmp_path / "parc.xlsx", filtered=False)], registries)
    apps = result.portfolio.applications
    assert sorted(apps["name"]) == ["Finances", "Messagerie", "Paie", "Urbanisme", "État civil"]
    assert "marché en cours" in set(apps["extra:Commentaire"])
    hidden = [p for p in result.problems if p.code.startswith(("hidden_", "filtered_"))]
    assert [(p.code, p.location.sheet, p.location.row, p.location.column) for p in hidden] == [
        ("hidden_column", "Applications", None, "Commentaire"),
        ("hidden_rows", "Applications", 5, None),
    ]
    assert (
        hidden[1]
        .message("en")
        .startswith("3 rows hidden in the workbook, read anyway (rows 5, 7–8)")
    )
    assert (
        hidden[1]
        .message("fr")
        .startswith("3 lignes masquées dans le classeur, lues quand même (lignes 5, 7–8)")
    )


def test_rows_filtered_out_are_read_and_said(tmp_path: Path, registries: Registries) -> None:
    result = load_inventory([_hiding_workbook(tmp_path / "parc.xlsx", filtered=True)], registries)
    assert len(result.portfolio.applications) == 5
    (rows,) = [p for p in result.problems if p.code == "filtered_rows"]
    assert rows.location.row == 5
    assert "hidden by the sheet's filter, read anyway (rows 5, 7–8)" in rows.message("en")


def test_the_word_hidden_in_a_cell_hides_nothing() -> None:
    """Only a ``col`` or ``row`` tag's own attribute hides: not a cell's text saying so."""
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hidden="1" &lt;row r="1"'
        b' hidden="1"&gt; x > hidden="true"</t></is></c></row></sheetData></worksheet>'
    )
    assert hidden_cells(xml) is None
    assert hidden_cells(
        xml.replace(b'<row r="1">', b'<row r="1" spans="1:1" hidden="1">')
    ) == HiddenCells((), (1,), False)


def test_a_number_written_from_zero_groups_no_thousands() -> None:
    """« 0,125 » cannot be thousands grouped by a comma: it stays 0.125 in an English sheet
    too (read as 125, warned, in review)."""
    import pandas as pd

    from vendorlock.readers.values import parse_number

    parsed = parse_number(pd.Series(["0,125", "0,500"], dtype=object), lambda: "en")
    assert parsed.values.tolist() == [0.125, 0.5]
    assert parsed.doubtful is None or not parsed.doubtful.any()


def test_a_day_and_month_without_a_year_is_not_a_month_of_2031(
    tmp_path: Path, registries: Registries
) -> None:
    """« Dec 31 » is the 31st of December, year unknown: still refused as a date (as before
    month-year dates were read), not December 2031; « Dec-26 », as Excel shows « mmm-yy », is
    December 2026."""
    path = _write(
        tmp_path / "register.csv",
        "System name,Supplier,Contract end date\nFinance,Sage,Dec 31\nHR,Cegid,Dec-26\n",
    )
    result = load_inventory([path], registries)
    ends = result.portfolio.contracts.set_index("app_ids")["end_date"]
    apps = result.portfolio.applications.set_index("name")["app_id"]
    assert str(ends[apps["HR"]].date()) == "2026-12-01"
    refused = [p for p in result.problems if p.location.row == 2 and "date" in p.code]
    assert refused and refused[0].location.column == "Contract end date", refused
