"""Write the "new user trial" inputs (session 9): python tests/assets/inventories/make_trial.py

Files of kinds the corpus of ``make_assets.py`` lacks, each after a published format:

- ``trial-commune-classeur.xlsx``: a commune DSI's hand-kept workbook (openpyxl), one sheet
  "Parc 2025" holding the applications table, a "TOTAL" row, a note, then, after two blank rows, a
  second table of support contacts on the same sheet; a hidden column, a notes column, dates
  written as text « 01/02/2025 » and as Excel date serials (a number cell with no date format,
  as pasted from another workbook), amounts « 12 345,67 € » and « 12k€ », clauses oui / non /
  NC / ?, editor names with legal suffixes and case variants (« BERGER-LEVRAULT SA »,
  « Berger Levrault S.A.S. »).
- ``trial-glpi-contrats-excel.csv``: a GLPI contract list (``src/Search/Output/
  CSVSearchOutput.php``: every cell quoted, ``glpicsv_delimiter``) opened in Excel and saved
  again as « CSV (séparateur : point-virgule) »: Windows-1252, no BOM, quotes only where needed,
  no trailing ``;``, CRLF, French numbers « 19 850,00 » and dates « 01/02/2025 ».
- ``trial-glpi-mutualisation.xlsx``: a GLPI software list exported as XLSX
  (``src/Search/Output/Spreadsheet.php``: one sheet "Worksheet", header on row 1, group-prefixed
  labels "Versions - Nom", several values in one cell on separate lines, as GLPI 11 exports
  them: glpi-project/glpi issue 21333), from a
  mutualisation structure whose members are sub-entities ("Entité racine > Syndicat > Commune").

Names of products and editors are those of the French public-sector software market; amounts,
dates and bodies are invented. Run again after changing a case: the outputs are committed.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

try:
    from make_assets import _freeze
except ImportError:  # imported as tests.assets.inventories.make_trial
    from tests.assets.inventories.make_assets import _freeze

HERE = Path(__file__).resolve().parent


def commune_workbook() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Parc 2025"
    ws.append(["Inventaire des applications — Mairie de Lanvallay (tenu par la DSI)"])
    ws.append(["Mis à jour le 03/10/2025 — ne pas trier la colonne A"])
    ws.append([])
    ws.append(
        [
            "Application",
            "Code interne",
            "Éditeur",
            "Domaine",
            "Hébergement",
            "Coût annuel",
            "Début du contrat",
            "Fin du contrat",
            "Réversibilité",
            "Remarques",
        ]
    )
    rows = [
        [
            "Civil Net Finances",
            "FIN-01",
            "CIRIL GROUP S.A.S.",
            "Finances",
            "Sur site",
            "12 345,67 €",
            "01/02/2022",
            "31/01/2026",
            "oui",
            "renouvelé en 2022",
        ],
        [
            "Civil Net RH",
            "RH-01",
            "Ciril Group",
            "Ressources humaines",
            "Sur site",
            "8 900 €",
            44562,
            46022,
            "non",
            "",
        ],
        [
            "e.magnus Gestion financière",
            "FIN-02",
            "BERGER-LEVRAULT SA",
            "Finances",
            "SaaS",
            "12k€",
            "01/01/2024",
            "31/12/2026",
            "NC",
            "bascule SaaS 2024",
        ],
        [
            "e.magnus État civil",
            "EC-01",
            "Berger Levrault S.A.S.",
            "État civil",
            "SaaS",
            "4 200,00",
            "01/01/2024",
            "31/12/2026",
            "?",
            "",
        ],
        [
            "Microsoft 365",
            "BUR-01",
            "MICROSOFT FRANCE SAS",
            "Bureautique",
            "SaaS",
            "23 650 € TTC",
            "15/03/2023",
            "14/03/2026",
            "non",
            "licences E3 x 110",
        ],
        [
            "Postgresql (SIG)",
            "SIG-02",
            "",
            "SIG",
            "Sur site",
            "0",
            "",
            "",
            "oui",
            "logiciel libre, pas de contrat",
        ],
        [
            "Arpège Mélodie",
            "POP-01",
            "ARPEGE SAS",
            "Population",
            "Sur site",
            "3 150,50 €",
            "01/07/2021",
            "30/06/2025",
            "non",
            "marché échu, à relancer",
        ],
    ]
    for row in rows:
        ws.append(row)
    ws.append(["TOTAL", "", "", "", "", "64 246,17 €", "", "", "", ""])
    ws.append(["Note : le montant de Microsoft 365 est TTC, les autres HT"])
    ws.append([])
    ws.append([])
    ws.append(["Contacts support"])
    ws.append(["Éditeur", "Téléphone", "Courriel", "Remarques"])
    ws.append(["Ciril Group", "04 72 00 00 00", "support@example.fr", "hotline 9h-17h"])
    ws.append(["Berger-Levrault", "05 61 00 00 00", "assistance@example.fr", ""])
    ws.column_dimensions["B"].hidden = True
    path = HERE / "trial-commune-classeur.xlsx"
    wb.save(path)
    _freeze(path)


def glpi_contracts_resaved() -> None:
    rows = [
        [
            "Nom",
            "Numéro",
            "Entité",
            "Fournisseurs associés",
            "Type de contrat",
            "Date de début",
            "Durée initiale du contrat",
            "Préavis",
            "Reconduction",
            "Coût",
        ],
        [
            "Maintenance Civil Net",
            "2022-014",
            "Entité racine > Mairie de Lanvallay",
            "CIRIL GROUP",
            "Maintenance",
            "01/02/2022",
            "48 mois",
            "3 mois",
            "Tacite",
            "19 850,00",
        ],
        [
            "Abonnement e.magnus",
            "2024-003",
            "Entité racine > Mairie de Lanvallay",
            "BERGER-LEVRAULT",
            "Abonnement",
            "01/01/2024",
            "36 mois",
            "6 mois",
            "Expresse",
            "16 200,00",
        ],
        [
            "Licences Microsoft 365",
            "2023-021",
            "Entité racine > Mairie de Lanvallay",
            "MICROSOFT FRANCE",
            "Abonnement",
            "15/03/2023",
            "36 mois",
            "1 mois",
            "Jamais",
            "19 708,33",
        ],
        [
            "Arpège; Mélodie",
            "2021-007",
            "Entité racine > Mairie de Lanvallay",
            "ARPEGE",
            "Maintenance",
            "01/07/2021",
            "48 mois",
            "3 mois",
            "Tacite",
            "3 150,50",
        ],
    ]

    def cell(v: str) -> str:
        return f'"{v}"' if (";" in v or '"' in v) else v

    text = "\r\n".join(";".join(cell(v) for v in row) for row in rows) + "\r\n"
    (HERE / "trial-glpi-contrats-excel.csv").write_bytes(text.encode("cp1252"))


def glpi_members_xlsx() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Worksheet"
    ws.append(["Nom", "Entité", "Éditeur", "Versions - Nom", "Nombre d'installations"])
    root = "Entité racine > Syndicat mixte Numérique 22"
    rows = [
        ["Civil Net Finances", f"{root} > Commune de Plouër", "CIRIL GROUP", "23.1", "4"],
        ["Civil Net Finances", f"{root} > Commune de Taden", "CIRIL GROUP", "23.1", "3"],
        [
            "e.magnus Gestion financière",
            f"{root} > Commune de Quévert",
            "Berger-Levrault",
            "6.2\n6.3",
            "5",
        ],
        ["Mozilla Firefox", f"{root} > Commune de Plouër", "Mozilla", "128.3.1esr", "12"],
        ["Mozilla Firefox", f"{root} > Commune de Taden", "Mozilla", "128.3.1esr", "9"],
        ["LibreOffice", f"{root} > Commune de Quévert", "The Document Foundation", "24.8.2", "7"],
        [
            "Microsoft Office 2016",
            f"{root} > Commune de Taden",
            "Microsoft Corporation",
            "16.0.4266.1001",
            "2",
        ],
        ["Horizon Villages", root, "JVS-Mairistem", "2024.2", "1"],
    ]
    for row in rows:
        ws.append(row)
    path = HERE / "trial-glpi-mutualisation.xlsx"
    wb.save(path)
    _freeze(path)


def main() -> None:
    commune_workbook()
    glpi_contracts_resaved()
    glpi_members_xlsx()


if __name__ == "__main__":
    main()
