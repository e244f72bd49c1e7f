"""Write the session-12 trial inputs: python tests/assets/inventories/make_trial12.py

- ``trial-commune-entete-deux-lignes.xlsx``: a commune DSI's « cartographie applicative » kept
  by hand (openpyxl): a title merged across the sheet, a version line, then a header written on
  two rows — « Contrat » merged over « Montant annuel », « Début », « Fin », « Tacite
  reconduction », the other headers merged down over both rows — as such registers are laid out
  to print; amounts « 12 500,00 € », « 8.400 € HT », « 1,2 k€ », « 23 760 € »; dates
  « 31/12/2026 », « déc. 2026 », « 2027 » and date cells; crosses « X » for yes; blank rows
  between blocks; a TOTAL row (formula) and a note below; hosting written « Serveur mairie »
  and « Postes ».

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


def main() -> None:
    commune_two_row_header()


if __name__ == "__main__":
    main()
