"""Session-12 trial: a commune's hand-kept register (tests/assets/inventories/make_trial12.py).

Its header takes two rows: « Contrat » merged over « Montant annuel », « Début », « Fin »,
« Tacite reconduction », the other headers merged down over both rows. Read as one row, the
labels under « Contrat » became an application named « » and the contract columns had no name:
no cost, no date, no renewal was read.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from vendorlock.readers import load_inventory
from vendorlock.registry import Registries

CORPUS = Path(__file__).resolve().parents[1] / "assets" / "inventories"
COMMUNE = CORPUS / "trial-commune-entete-deux-lignes.xlsx"


def test_a_header_on_two_rows_names_the_grouped_columns(registries: Registries) -> None:
    result = load_inventory([COMMUNE], registries)
    sheet = result.readings[0]
    fields = {
        c.header: f"{c.target.table.value}.{c.target.field}" for c in sheet.columns if c.target
    }
    assert sheet.header_row == 5  # the data starts below the second header row
    assert fields["Montant annuel"] == "contracts.annual_cost"
    assert fields["Début"] == "contracts.start_date"
    assert fields["Fin"] == "contracts.end_date"
    assert fields["Tacite reconduction"] == "contracts.renewal"
    apps = result.portfolio.applications
    assert "" not in set(apps["name"])  # the labels' row is not an application
    assert len(apps) == 7
    contracts = result.portfolio.contracts
    costs = dict(zip(contracts["app_ids"], contracts["annual_cost"], strict=True))
    by_name = dict(zip(apps["name"], apps["app_id"], strict=True))
    assert costs[by_name["Civil Net Population"]] == 12500
    assert costs[by_name["Concerto Opus"]] == 1200
    assert costs[by_name["Civil Net RH"]] == 15200.5
    ends = dict(zip(contracts["app_ids"], contracts["end_date"], strict=True))
    assert str(ends[by_name["Microsoft 365"]].date()) == "2026-12-31"
    assert str(ends[by_name["e.magnus Gestion financière"]].date()) == "2026-12-01"


def test_the_row_below_a_group_is_data_when_it_is_not_labels(
    tmp_path: Path, registries: Registries
) -> None:
    """A header cell merged across two columns over a first row of data (an editor, figures)
    stays one row: that first row is an application, not the second row of the header."""
    path = tmp_path / "parc.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Application", "Éditeur", "Contrat", None])
    ws.append(["Paie", "Berger-Levrault", "2024-001", "notifié"])
    ws.append(["Messagerie", "Microsoft", "2023-007", "en cours"])
    ws.merge_cells("C1:D1")
    wb.save(path)
    result = load_inventory([path], registries)
    assert sorted(result.portfolio.applications["name"]) == ["Messagerie", "Paie"]


def test_the_same_label_under_two_groups_keeps_both_columns(
    tmp_path: Path, registries: Registries
) -> None:
    """« Début » under « Licence » and under « Maintenance »: two columns, each named with its
    group, neither one's dates lost."""
    path = tmp_path / "parc.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Application", "Éditeur", "Licence", None, "Maintenance", None])
    ws.append([None, None, "Début", "Fin", "Début", "Fin"])
    ws.append(["Paie", "Berger-Levrault", "01/01/2020", "31/12/2029", "01/01/2024", "31/12/2026"])
    for col in "AB":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("C1:D1")
    ws.merge_cells("E1:F1")
    wb.save(path)
    result = load_inventory([path], registries)
    headers = [c.header for c in result.readings[0].columns]
    assert headers[2:] == [
        "Licence — Début",
        "Licence — Fin",
        "Maintenance — Début",
        "Maintenance — Fin",
    ]
    assert list(result.portfolio.applications["name"]) == ["Paie"]
    contract = result.portfolio.contracts.iloc[0]
    kept = {str(contract.get(f"extra:{h}")) for h in headers[2:]} | {
        str(contract["start_date"].date()),
        str(contract["end_date"].date()),
    }
    assert {"2020-01-01", "2029-12-31"} <= kept


def test_a_point_groups_thousands_where_the_comma_marks_decimals(
    tmp_path: Path, registries: Registries
) -> None:
    """« 8.400 € HT » beside « 12 500,00 € » is 8,400 €, not 8.40 € (read silently before)."""
    result = load_inventory([COMMUNE], registries)
    apps = result.portfolio.applications
    contracts = result.portfolio.contracts
    app = apps.set_index("name").loc["e.magnus Gestion financière", "app_id"]
    assert contracts.set_index("app_ids").loc[app, "annual_cost"] == 8400
    path = tmp_path / "parc.csv"
    path.write_text(
        "Nom;Éditeur;Coût annuel\n"
        "Paie;Berger-Levrault;12.500 € HT\n"
        "Finances;Ciril Group;9 800,50 €\n"
        "Messagerie;Microsoft;1.250\n",
        encoding="utf-8",
    )
    costs = load_inventory([path], registries).portfolio.contracts["annual_cost"].tolist()
    assert costs == [12500, 9800.5, 1250]


def test_a_decimal_point_stays_one_without_a_decimal_comma(
    tmp_path: Path, registries: Registries
) -> None:
    path = tmp_path / "parc.csv"
    path.write_text(
        "Nom,Editor,Annual cost\nPayroll,Berger-Levrault,1.250\nMail,Microsoft,12.5\n",
        encoding="utf-8",
    )
    costs = load_inventory([path], registries).portfolio.contracts["annual_cost"].tolist()
    assert costs == [1.25, 12.5]


def test_a_point_stays_decimal_where_the_column_writes_decimals_both_ways(
    tmp_path: Path, registries: Registries
) -> None:
    """« 12.5 » beside « 3,5 »: the writer marks decimals with the point too, so « 8.400 » is
    not read as 8,400 (a thousand times the amount, silently): it stays 8.4 (review)."""
    path = tmp_path / "parc.csv"
    path.write_text(
        "Nom;Éditeur;Coût annuel\nPaie;Berger-Levrault;12.5\nMail;Microsoft;3,5\nGF;Ciril;8.400\n",
        encoding="utf-8",
    )
    costs = load_inventory([path], registries).portfolio.contracts["annual_cost"].tolist()
    assert costs == [12.5, 3.5, 8.4]


def test_hosting_and_renewal_as_a_commune_writes_them(registries: Registries) -> None:
    """« Serveur mairie » and « Postes » are on premises; a cross under « Tacite reconduction »
    is a tacit renewal (they were errors, and each row was set aside by the audit)."""
    result = load_inventory([COMMUNE], registries)
    assert not [p.render() for p in result.problems if p.code == "invalid_value"]
    apps = result.portfolio.applications.set_index("name")
    assert apps.loc["Civil Net RH", "hosting"] == "on_premise"  # « Serveur mairie »
    assert apps.loc["LibreOffice", "hosting"] == "on_premise"  # « Postes »
    contracts = result.portfolio.contracts.set_index("app_ids")
    assert contracts.loc[apps.loc["Microsoft 365", "app_id"], "renewal"] == "tacit"  # « X »


def test_a_contract_ending_before_it_starts_gives_both_dates_in_french(
    tmp_path: Path, registries: Registries
) -> None:
    """The DSI sees which of the two dates is wrong, written as French dates (it read
    « le contrat se termine (2024-12-31) avant d'avoir commencé », no start date)."""
    path = tmp_path / "contrats.csv"
    path.write_text(
        "Nom;Éditeur;Date de début;Date de fin\nMessagerie;Microsoft;01/01/2026;31/12/2024\n",
        encoding="utf-8",
    )
    result = load_inventory([path], registries)
    (problem,) = [p for p in result.problems if p.code == "end_before_start"]
    assert problem.render("fr").endswith(
        "colonne «\u00a0Date de fin\u00a0»\u00a0: erreur\u00a0: le contrat se termine le 31 décembre 2024, "
        "avant d'avoir commencé (le 1er janvier 2026) — vérifiez les deux dates"
    )


def test_a_cost_per_year_is_the_annual_cost(tmp_path: Path, registries: Registries) -> None:
    """« Coût (€ HT / an) », « Montant HT/an »: the annual cost (was an unknown column, and the
    spend left empty)."""
    path = tmp_path / "parc.csv"
    path.write_text("Nom;Éditeur;Coût (€ HT / an)\nPaie;Berger-Levrault;12 000\n", encoding="utf-8")
    result = load_inventory([path], registries)
    assert result.portfolio.contracts["annual_cost"].tolist() == [12000]
    assert result.readings[0].vat() == "ht"


def test_a_monthly_amount_is_not_read_as_the_annual_cost(
    tmp_path: Path, registries: Registries
) -> None:
    """« Montant / mois » was read as the annual cost: a spend twelve times too small, without
    a word. It is kept, not counted, and the DSI is told to give the annual cost."""
    path = tmp_path / "parc.csv"
    path.write_text(
        "Nom;Éditeur;Montant / mois\nPaie;Berger-Levrault;1 000\nMessagerie;Microsoft;2 000\n",
        encoding="utf-8",
    )
    result = load_inventory([path], registries)
    contracts = result.portfolio.contracts
    assert not len(contracts) or contracts["annual_cost"].isna().all()
    apps = result.portfolio.applications.set_index("name")
    assert apps.loc["Paie", "extra:Montant / mois"] == "1 000"  # nothing the user gave lost
    (warning,) = [p for p in result.problems if p.code == "monthly_cost_column"]
    assert warning.location.column == "Montant / mois"
    assert "donne un montant par mois, pas le coût annuel" in warning.render("fr")


def test_a_value_outside_a_list_names_the_values_the_dsi_may_write(
    tmp_path: Path, registries: Registries
) -> None:
    """« attendu : on_premise, editor_saas, third_party_cloud, mutualised » named the schema's
    codes; the French message now offers the words the template's dropdown offers, which the
    reader accepts."""
    path = tmp_path / "parc.csv"
    path.write_text(
        "Nom;Éditeur;Hébergement;Reconduction\nPaie;Berger-Levrault;Serveur X;peut-être\n",
        encoding="utf-8",
    )
    result = load_inventory([path], registries)
    shown = {
        p.location.column: p.render("fr") for p in result.problems if p.code == "invalid_value"
    }
    assert shown["Hébergement"].endswith(
        "attendu\u00a0: «\u00a0sur site\u00a0», «\u00a0SaaS de l'éditeur\u00a0», "
        "«\u00a0cloud tiers\u00a0», «\u00a0mutualisé\u00a0»"
    )
    assert shown["Reconduction"].endswith(
        "attendu\u00a0: «\u00a0tacite\u00a0», «\u00a0expresse\u00a0», «\u00a0sans reconduction\u00a0»"
    )
    # each word offered is read back as its value
    again = tmp_path / "parc2.csv"
    again.write_text(
        "Nom;Éditeur;Hébergement;Reconduction\n"
        "Paie;Berger-Levrault;SaaS de l'éditeur;sans reconduction\n",
        encoding="utf-8",
    )
    fixed = load_inventory([again], registries)
    assert not fixed.errors()
    assert fixed.portfolio.applications["hosting"].tolist() == ["editor_saas"]
    assert fixed.portfolio.contracts["renewal"].tolist() == ["none"]


def test_a_group_row_above_the_labels_row_found_as_the_header(
    tmp_path: Path, registries: Registries
) -> None:
    """The labels' row names more fields than the group row, so it is found as the header:
    the headers merged down from the row above (« Nom », « Éditeur », « Domaine ») are still
    read."""
    path = tmp_path / "parc.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Nom", "Éditeur", "Domaine", "Marché", None, None, None, None])
    ws.append([None, None, None, "N° marché", "Montant annuel", "Début", "Fin", "Reconduction"])
    ws.append(
        ["Paie", "Berger-Levrault", "RH", "2024-001", 12000, "01/01/2024", "31/12/2027", "tacite"]
    )
    for col in "ABC":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("D1:H1")
    wb.save(path)
    result = load_inventory([path], registries)
    assert not result.errors(), [p.render() for p in result.errors()]
    app = result.portfolio.applications.iloc[0]
    assert (app["name"], app["editor_id"]) == ("Paie", "berger-levrault")
    contract = result.portfolio.contracts.iloc[0]
    assert (contract["contract_id"], contract["annual_cost"]) == ("2024-001", 12000)
