"""Write the session-12 trial inputs: python tests/assets/inventories/make_trial12.py

- ``trial-commune-entete-deux-lignes.xlsx``: a commune DSI's « cartographie applicative » kept
  by hand (openpyxl): a title merged across the sheet, a version line, then a header written on
  two rows — « Contrat » merged over « Montant annuel », « Début », « Fin », « Tacite
  reconduction », the other headers merged down over both rows — as such registers are laid out
  to print; amounts « 12 500,00 € », « 8.400 € HT », « 1,2 k€ », « 23 760 € »; dates
  « 31/12/2026 », « déc. 2026 », « 2027 » and date cells; crosses « X » for yes; blank rows
  between blocks; a TOTAL row (formula) and a note below; hosting written « Serveur mairie »
  and « Postes ».
- ``trial-syndicat-applis-marches.xlsx``: a syndicate's workbook, a « Lisez-moi » sheet, one
  sheet holding applications and their contracts together (« N° marché », « Titulaire »,
  « Date notification », « Durée (mois) »: the end is start + duration), two applications under
  one contract, an application with no contract, and a « Listes » sheet of dropdown values.
- ``trial-cc-export-excel.csv``: a community of communes' list saved by Excel as « CSV
  (séparateur : point-virgule) »: Windows-1252, no BOM, CRLF, French amounts and dates.
- ``trial-glpi-vitre/``: GLPI 10's software and contract lists as a browser saves them
  (``glpi.csv``, ``glpi (1).csv``: UTF-8 BOM, every field quoted, trailing ``;``, CRLF), the
  contracts naming their software in « Éléments - Élément », costs « 14 280.00 ».

Names of products and editors are those of the French public-sector software market; amounts,
dates and bodies are invented. Run again after changing a case: the outputs are committed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

try:
    from make_assets import _freeze
except ImportError:  # imported as tests.assets.inventories.make_trial12
    from tests.assets.inventories.make_assets import _freeze

HERE = Path(__file__).resolve().parent


def commune_two_row_header() -> None:
    wb = Workbook()
    ws = wb.active
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 10, 14)
    ws.title = "Cartographie"
    ws.append(["VILLE DE PLOËRMEL — Cartographie applicative"])
    ws.merge_cells("A1:L1")
    ws.append(["Direction des systèmes d'information — version du 14/10/2026"])
    ws.append([])
    ws.append(
        [
            "N°",
            "Application",
            "Éditeur",
            "Service utilisateur",
            "Hébergement",
            "Contrat",
            None,
            None,
            None,
            "Réversibilité",
            "Données personnelles",
            "Commentaires",
        ]
    )
    ws.append([None] * 5 + ["Montant annuel", "Début", "Fin", "Tacite reconduction"])
    for col in "ABCDEJKL":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("F4:I4")
    rows: list[list[object]] = [
        [
            "APP-01",
            "Civil Net Population",
            "Ciril GROUP",
            "État civil",
            "Hébergé éditeur",
            "12 500,00 €",
            "01/01/2023",
            "31/12/2026",
            "X",
            "",
            "X",
            "Renouvellement à prévoir",
        ],
        [
            "APP-02",
            "e.magnus Gestion financière",
            "BERGER LEVRAULT",
            "Finances",
            "Serveur mairie",
            "8.400 € HT",
            "01/03/2022",
            "déc. 2026",
            "X",
            "X",
            "X",
            "",
        ],
        [
            "APP-03",
            "Concerto Opus",
            "Arpège",
            "Enfance / Scolaire",
            "SaaS",
            "1,2 k€",
            "2024",
            "2027",
            "",
            "",
            "X",
            "Portail familles inclus",
        ],
        [],
        [
            "APP-04",
            "Microsoft 365",
            "Microsoft",
            "Bureautique",
            "SaaS",
            "23 760 €",
            dt.date(2024, 1, 1),
            dt.date(2026, 12, 31),
            "X",
            "",
            "X",
            "Licences E3 x 110",
        ],
        [
            "APP-05",
            "Geo (cadastre)",
            "Business Geografic",
            "Urbanisme",
            "SaaS",
            "4 300",
            "15/06/2021",
            "14/06/2025",
            "",
            "",
            "",
            "Marché échu, en cours de relance",
        ],
        [
            "APP-06",
            "LibreOffice",
            "The Document Foundation",
            "Bureautique",
            "Postes",
            "0 €",
            "",
            "",
            "",
            "X",
            "",
            "Logiciel libre",
        ],
        [],
        [
            "APP-07",
            "Civil Net RH",
            "CIRIL Group SAS",
            "Ressources humaines",
            "Serveur mairie",
            "15 200,50 €",
            "01/01/2020",
            "31/12/2027",
            "X",
            "",
            "X",
            "",
        ],
    ]
    for row in rows:
        ws.append(row)
    ws.append([None, "TOTAL", None, None, None, "=SUM(F6:F14)"])
    ws.append([])
    ws.append(["Nota : montants TTC sauf mention contraire."])
    path = HERE / "trial-commune-entete-deux-lignes.xlsx"
    wb.save(path)
    _freeze(path)


def syndicate_flat_workbook() -> None:
    wb = Workbook()
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 9, 1)
    ws = wb.active
    ws.title = "Lisez-moi"
    ws.append(["Ce classeur recense les logiciels et marchés du syndicat."])
    ws.append(["Onglet « Applis & marchés » : une ligne par application."])
    ws = wb.create_sheet("Applis & marchés")
    ws.append(
        [
            "Nom du logiciel",
            "Editeur",
            "Métier",
            "Hébergement",
            "N° marché",
            "Titulaire",
            "Montant HT annuel",
            "Date notification",
            "Durée (mois)",
            "Reconductible",
            "Réversibilité",
            "Observations",
        ]
    )
    feb = dt.date(2024, 2, 1)
    rows: list[list[object]] = [
        [
            "Pastell",
            "Libriciel",
            "Dématérialisation",
            "SaaS",
            "2024-015",
            "Libriciel SCOP",
            3200,
            feb,
            36,
            "Oui",
            "Oui",
            "",
        ],
        [
            "Web-delib",
            "Libriciel",
            "Assemblées",
            "SaaS",
            "2024-015",
            "Libriciel SCOP",
            2100,
            feb,
            36,
            "Oui",
            "Oui",
            "même marché que Pastell",
        ],
        [
            "Sedit GF",
            "Berger-Levrault",
            "Finances",
            "On premise",
            "2021-004",
            "Berger-Levrault",
            11800,
            dt.date(2021, 1, 1),
            60,
            "Non",
            "Non",
            "",
        ],
        [
            "X'MAP",
            "Intragéo",
            "SIG",
            "SaaS",
            "2023-009",
            "Intragéo",
            4500,
            dt.date(2023, 5, 15),
            48,
            "Oui",
            "NC",
            "",
        ],
        [
            "AS-TECH",
            "Astech Solutions",
            "Services techniques",
            "SaaS",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "pas de marché (gré à gré < 40 k€)",
        ],
    ]
    for row in rows:
        ws.append(row)
    ws = wb.create_sheet("Listes")
    for value in ["SaaS", "On premise", "Hybride"]:
        ws.append([value])
    path = HERE / "trial-syndicat-applis-marches.xlsx"
    wb.save(path)
    _freeze(path)


def excel_csv_cp1252() -> None:
    text = (
        "Logiciel;Editeur;Domaine;Mode d'hébergement;Coût annuel TTC;Date de fin;"
        "Préavis (mois);Clause de réversibilité;Format d'export\r\n"
        "Astre GF;GFI Informatique;Finances;Sur site;18 450,00 €;30/06/2027;6;Oui;CSV\r\n"
        "Astre RH;Inetum;Ressources humaines;Sur site;22 100,00 €;30/06/2027;6;Oui;CSV\r\n"
        "Maarch Courrier;Maarch;Courrier;Hébergé;3 600,00 €;31/03/2026;3;Non;\r\n"
        "iParapheur;Libriciel SCOP;Parapheur;SaaS;2 400,00 €;31/12/2026;3;Oui;XML\r\n"
        "Opéris;Operis;Urbanisme;SaaS;5 900,00 €;31/08/2028;;Non;\r\n"
        "Noé;Aïga;Enfance;SaaS;7 250,00 €;31/12/2025;2;Non;PDF\r\n"
    )
    (HERE / "trial-cc-export-excel.csv").write_bytes(text.encode("cp1252"))


def _glpi_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'

    lines = [";".join(quoted(c) for c in row) + ";" for row in [header, *rows]]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")


def glpi_vitre() -> None:
    folder = HERE / "trial-glpi-vitre"
    folder.mkdir(exist_ok=True)
    entity = "Entité racine > Mairie de Vitré"
    _glpi_csv(
        folder / "glpi.csv",
        [
            "Nom",
            "Entité",
            "Éditeur",
            "Versions - Nom",
            "Nombre d'installations",
            "Dernière modification",
        ],
        [
            [
                "Mozilla Firefox",
                entity,
                "Mozilla",
                "128.3.1esr<br>115.12.0esr",
                "214",
                "2026-10-02 09:14",
            ],
            [
                "Microsoft Office Standard 2019",
                entity,
                "Microsoft Corporation",
                "16.0.10394.20022",
                "180",
                "2026-09-12 11:02",
            ],
            ["Civil Net RH", entity, "CIRIL GROUP", "2024.1", "12", "2026-03-02 15:45"],
            ["Arcgis Pro", entity, "Esri", "3.2.2", "4", "2026-06-20 10:10"],
            ["Oxalis", entity, "Operis", "", "6", "2026-01-05 17:30"],
        ],
    )
    _glpi_csv(
        folder / "glpi (1).csv",
        [
            "Nom",
            "Entité",
            "Numéro",
            "Type de contrat",
            "Date de début",
            "Durée initiale du contrat",
            "Préavis",
            "Date de fin",
            "Reconduction",
            "Fournisseurs - Fournisseur",
            "Coûts - Coût total",
            "Éléments - Élément",
        ],
        [
            [
                "Maintenance Civil Net",
                entity,
                "2023-MA-012",
                "Maintenance",
                "2023-01-01",
                "36 mois",
                "3 mois",
                "2025-12-31",
                "Tacite",
                "CIRIL GROUP",
                "14 280.00",
                "Civil Net RH",
            ],
            [
                "Abonnement ArcGIS",
                entity,
                "2024-AB-003",
                "Abonnement",
                "2024-04-01",
                "12 mois",
                "1 mois",
                "2025-03-31",
                "Expresse",
                "Esri France",
                "6 900.00",
                "Arcgis Pro",
            ],
            [
                "Licences Microsoft (UGAP)",
                entity,
                "UGAP-2022-88",
                "Location",
                "2022-07-01",
                "48 mois",
                "0 mois",
                "2026-06-30",
                "Jamais",
                "Microsoft",
                "10 350.00",
                "Microsoft Office Standard 2019",
            ],
        ],
    )


def main() -> None:
    commune_two_row_header()
    syndicate_flat_workbook()
    excel_csv_cp1252()
    glpi_vitre()


if __name__ == "__main__":
    main()
