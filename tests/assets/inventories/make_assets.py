"""Write the real-world inventory corpus (issue 7): python tests/assets/inventories/make_assets.py

Each file is shaped like what French public bodies actually hold, after the published formats:

- GLPI search-result exports (software, contracts, suppliers). GLPI's CSV output writes every
  cell as ``"value"`` followed by the session delimiter (``;`` by default), so each line ends with
  a trailing ``;``; it starts with a UTF-8 BOM, ends lines with CRLF, joins multi-valued cells
  with ``<br>`` and names the download ``glpi.csv`` (a second download becomes ``glpi (1).csv``).
  Column labels are GLPI's French search-option labels ("Éditeur", "Nombre d'installations",
  "Durée initiale du contrat", "Préavis", "Reconduction": Tacite / Expresse / Jamais…).
- The SILL CSV layout (DISIC/sill ``sill-2020.csv``: ``ID,nom,fonction,annees,statut,parent,
  public,similaire-a,wikidata,comptoir-du-libre,licence,secteur,composant,contexte-usage,groupe,
  version``, comma-separated).
- A flat procurement-records CSV after the consolidated DECP layout (``id``, ``acheteur.id``,
  ``acheteur.nom``, ``objet``, ``codeCPV``, ``procedure``, ``nature``, ``montant``,
  ``dureeMois``, ``dateNotification``, ``titulaire_id``, ``titulaire_denominationSociale``…).
- DSI spreadsheets kept by hand: title rows above the header, merged header cells, TTC amounts
  ("12 345,67 € TTC"), tri-state clauses (Oui / Non / Partielle / NC), "Editeur / Prestataire",
  "Fin de marché", "Durée (mois)"; a library's published software list; an English-language
  register; an ODS and an xlsx workbook.

Names of products and editors are those of the French public-sector software market; amounts,
dates and bodies are invented. Run again after changing a case: the outputs are committed.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def _freeze(path: Path) -> None:
    """Rewrite a workbook's zip with fixed timestamps, so a rerun gives the same bytes (entry
    order and compression kept: an ODS ``mimetype`` stays first and stored)."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w") as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, data)


def _csv(path: Path, rows: list[list[str]], sep: str = ";", bom: bool = False) -> None:
    def cell(v: str) -> str:
        return f'"{v}"' if (sep in v or '"' in v or "\n" in v) else v

    text = "\n".join(sep.join(cell(v) for v in row) for row in rows) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def _glpi(path: Path, rows: list[list[str]]) -> None:
    """GLPI's own CSV: BOM, every cell quoted then followed by ``;``, CRLF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["".join('"' + v.replace('"', '""') + '";' for v in row) for row in rows]
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))


# -- 1. A commune's DSI sheet, flat, title rows, TTC, tri-state clauses ----------------------


def dsi_commune() -> None:
    rows = [
        ["Ville de Montreuil-sur-Loire — Direction des systèmes d'information", "", "", ""],
        ["Cartographie applicative — mise à jour du 15/03/2024", "", "", ""],
        [],
        [
            "Application",
            "Editeur / Prestataire",
            "Domaine métier",
            "SaaS / On-premise",
            "Montant TTC",
            "Début du marché",
            "Fin de marché",
            "Durée (mois)",
            "Reconduction",
            "Clause de réversibilité",
            "Formats d'export",
            "Référent métier",
        ],
    ]
    data = [
        (
            "Civil Net RH",
            "Ciril Group",
            "RH / Paie",
            "On-premise",
            "18 540,00 € TTC",
            "01/01/2021",
            "31/12/2025",
            "60",
            "Tacite",
            "Non",
            "CSV",
            "Mme Leroy (DRH)",
        ),
        (
            "Civil Net Finances",
            "Ciril Group",
            "Finances / Comptabilité",
            "On-premise",
            "21 600,00 € TTC",
            "01/01/2021",
            "31/12/2025",
            "60",
            "Tacite",
            "Partielle",
            "CSV, PES V2",
            "M. Garnier",
        ),
        (
            "Mélodie",
            "Arpège",
            "État civil",
            "SaaS",
            "4 320,00 € TTC",
            "01/04/2022",
            "31/03/2026",
            "48",
            "Expresse",
            "Oui",
            "XML",
            "Service population",
        ),
        (
            "Maestro",
            "Arpège",
            "Élections",
            "SaaS",
            "2 280,00 € TTC",
            "01/04/2022",
            "31/03/2026",
            "48",
            "Expresse",
            "Oui",
            "CSV",
            "Service population",
        ),
        (
            "Cart@ds CS",
            "Operis",
            "Urbanisme / ADS",
            "SaaS",
            "9 960,00 € TTC",
            "01/07/2020",
            "30/06/2024",
            "48",
            "Tacite",
            "NC",
            "PLAT'AU",
            "Service urbanisme",
        ),
        (
            "iXBus",
            "JVS-Mairistem",
            "Actes",
            "SaaS",
            "1 560,00 € TTC",
            "01/01/2023",
            "31/12/2026",
            "48",
            "Tacite",
            "Non",
            "@ctes",
            "Secrétariat général",
        ),
        (
            "Pastell",
            "Libriciel",
            "Dématérialisation",
            "SaaS",
            "2 100,00 € TTC",
            "01/01/2023",
            "31/12/2026",
            "48",
            "Expresse",
            "Oui",
            "SEDA 2.1",
            "Archives",
        ),
        (
            "Microsoft 365",
            "Microsoft",
            "Bureautique",
            "SaaS",
            "38 400,00 € TTC",
            "01/09/2023",
            "31/08/2026",
            "36",
            "Tacite",
            "Partielle",
            "DOCX, XLSX",
            "DSI",
        ),
        (
            "Concerto Opus",
            "Arpège",
            "Enfance",
            "SaaS",
            "7 200,00 € TTC",
            "01/09/2022",
            "31/08/2025",
            "36",
            "Tacite",
            "NC",
            "CSV",
            "Direction enfance",
        ),
        (
            "Orphée",
            "C3rb Informatique",
            "Médiathèque",
            "On-premise",
            "3 840,00 € TTC",
            "01/01/2019",
            "31/12/2024",
            "72",
            "Tacite",
            "Non",
            "",
            "Médiathèque",
        ),
        (
            "Logitud Municipol",
            "Logitud",
            "Police municipale",
            "On-premise",
            "2 640,00 € TTC",
            "01/01/2022",
            "31/12/2025",
            "48",
            "Jamais",
            "Oui",
            "CSV",
            "Police municipale",
        ),
        (
            "Atal",
            "Berger-Levrault",
            "Services techniques",
            "On-premise",
            "6 480,00 € TTC",
            "01/01/2020",
            "31/12/2024",
            "60",
            "Tacite",
            "Partielle",
            "",
            "Services techniques",
        ),
        ("Chorus Pro", "", "Finances", "SaaS", "0,00 € TTC", "", "", "0", "", "NC", "", "Finances"),
        (
            "Téléphonie IP",
            "Orange Business",
            "Téléphonie",
            "On-premise",
            "12 345,67 € TTC",
            "01/01/2022",
            "31/12/2026",
            "60",
            "Expresse",
            "Non",
            "",
            "DSI",
        ),
    ]
    rows += [list(r) for r in data]
    path = HERE / "dsi-commune-titres.csv"
    _csv(path, rows)


# -- 2. An EPCI's xlsx with merged header cells over a two-row header ------------------------


def dsi_epci_merged() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Inventaire 2024"
    ws["A1"] = "Communauté de communes du Val de Sèvre — inventaire des logiciels métiers"
    ws.merge_cells("A1:J1")
    ws.append([])
    ws.append(["Logiciel", "", "", "", "Marché", "", "", "", "", ""])
    ws.merge_cells("A3:D3")
    ws.merge_cells("E3:J3")
    ws.append(
        [
            "Nom",
            "Éditeur",
            "Domaine",
            "Hébergement",
            "N° de marché",
            "Objet du marché",
            "Coût licence",
            "Nombre de licences",
            "Date de fin",
            "Réversibilité",
        ]
    )
    data = [
        (
            "Sedit Marianne GF",
            "Berger-Levrault",
            "Finances",
            "sur site",
            "2021-014",
            "Progiciel financier",
            14200,
            25,
            dt.date(2025, 12, 31),
            "Non",
        ),
        (
            "Sedit Marianne RH",
            "Berger-Levrault",
            "RH",
            "sur site",
            "2021-014",
            "Progiciel RH",
            11800,
            18,
            dt.date(2025, 12, 31),
            "Non",
        ),
        (
            "GEO",
            "Business Geografic",
            "SIG",
            "SaaS",
            "2022-003",
            "SIG intercommunal",
            8900,
            40,
            dt.date(2026, 6, 30),
            "Oui",
        ),
        (
            "Next'ads",
            "Operis",
            "Urbanisme",
            "SaaS",
            "2022-007",
            "Instruction ADS",
            7300,
            6,
            dt.date(2026, 12, 31),
            "Partielle",
        ),
        (
            "Redevance OM",
            "Ecocito",
            "Facturation usagers",
            "SaaS",
            "2023-002",
            "Redevance incitative",
            15400,
            5,
            dt.date(2027, 3, 31),
            "NC",
        ),
        (
            "Maarch Courrier",
            "Maarch",
            "Courrier",
            "sur site",
            "2020-011",
            "GED courrier",
            3600,
            60,
            dt.date(2024, 12, 31),
            "Oui",
        ),
        (
            "Parapheur i-Parapheur",
            "Libriciel",
            "Courrier",
            "SaaS",
            "2020-011",
            "Parapheur",
            1900,
            30,
            dt.date(2024, 12, 31),
            "Oui",
        ),
        (
            "Office 2021 LTSC",
            "Microsoft",
            "Bureautique",
            "sur site",
            "",
            "Licences OEM",
            9100,
            70,
            None,
            "NC",
        ),
    ]
    for row in data:
        ws.append(list(row))
    for c in ws["I"][4:]:
        c.number_format = "DD/MM/YYYY"
    wb.properties.creator = "DSI CC Val de Sèvre"
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 3, 1)
    wb.save(HERE / "epci-entetes-fusionnees.xlsx")
    _freeze(HERE / "epci-entetes-fusionnees.xlsx")


# -- 3. GLPI software export, alone, named as GLPI names it ----------------------------------


GLPI_SOFTWARE_HEADER = [
    "Nom",
    "Entité",
    "Éditeur",
    "Versions - Nom",
    "Nombre d'installations",
    "Licences - Nombre",
    "Catégorie",
    "Dernière modification",
]

GLPI_SOFTWARE = [
    ("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01", "212", "0", "Utilitaires"),
    (
        "Adobe Acrobat Reader DC - Français",
        "Adobe Systems Incorporated",
        "23.008.20470<br>24.001.20604",
        "187",
        "0",
        "Bureautique",
    ),
    ("Adobe Acrobat Pro DC", "Adobe Inc.", "23.008.20470", "14", "14", "Bureautique"),
    ("Ciril Civil Net RH", "CIRIL GROUP SAS", "2023.2", "9", "9", "Métier"),
    ("Civil Net Finances", "CIRIL GROUP SAS", "2023.2", "12", "12", "Métier"),
    ("Google Chrome", "Google LLC", "121.0.6167.140", "163", "0", "Navigateurs"),
    ("LibreOffice 7.6.4.1", "The Document Foundation", "7.6.4.1", "205", "0", "Bureautique"),
    (
        "Microsoft 365 Apps for enterprise - fr-fr",
        "Microsoft Corporation",
        "16.0.17126.20132",
        "198",
        "200",
        "Bureautique",
    ),
    ("Microsoft Edge", "Microsoft Corporation", "121.0.2277.83", "212", "0", "Navigateurs"),
    (
        "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532",
        "Microsoft Corporation",
        "14.36.32532.0",
        "212",
        "0",
        "",
    ),
    (
        "Mise à jour de sécurité pour Microsoft Windows (KB5034441)",
        "Microsoft Corporation",
        "",
        "212",
        "0",
        "",
    ),
    ("Mozilla Firefox (x64 fr)", "Mozilla", "122.0", "154", "0", "Navigateurs"),
    ("Mozilla Thunderbird (x64 fr)", "Mozilla", "115.7.0", "31", "0", "Messagerie"),
    ("Oracle Java 8 Update 391", "Oracle Corporation", "8.0.3910.13", "22", "0", ""),
    ("{90160000-008C-0000-1000-0000000FF1CE}", "", "", "3", "0", ""),
    ("QGIS 3.34.3 'Prizren'", "QGIS.org", "3.34.3", "6", "0", "SIG"),
    ("Sedit Marianne Client", "Berger-Levrault", "5.4", "18", "18", "Métier"),
    (
        "Teams Machine-Wide Installer",
        "Microsoft Corporation",
        "1.6.0.376",
        "180",
        "0",
        "Messagerie",
    ),
    ("VLC media player", "VideoLAN", "3.0.20", "77", "0", "Multimédia"),
    ("Intel(R) Graphics Driver", "Intel Corporation", "31.0.101.4502", "140", "0", ""),
]


def glpi_software(path: Path) -> None:
    rows = [GLPI_SOFTWARE_HEADER]
    for i, (name, editor, versions, inst, lic, cat) in enumerate(GLPI_SOFTWARE):
        rows.append(
            [
                name,
                "Mairie de Saint-Aubin > Services",
                editor,
                versions,
                inst,
                lic,
                cat,
                f"2024-02-{(i % 27) + 1:02d} 09:{i:02d}",
            ]
        )
    _glpi(path, rows)


# -- 4. GLPI: software + contracts + suppliers, as three downloads in one folder -------------


def glpi_three_exports() -> None:
    folder = HERE / "glpi-parc"
    glpi_software(folder / "glpi.csv")
    _glpi(
        folder / "glpi (1).csv",
        [
            [
                "Nom",
                "Entité",
                "Numéro",
                "Type de contrat",
                "Fournisseur",
                "Date de début",
                "Durée initiale du contrat",
                "Préavis",
                "Reconduction",
                "Coût",
                "Éléments - Nom",
            ],
            [
                "Maintenance Civil Net",
                "Mairie de Saint-Aubin",
                "2021-MAPA-07",
                "Maintenance",
                "CIRIL GROUP SAS",
                "2021-01-01",
                "48 mois",
                "3 mois",
                "Tacite",
                "19 850.00",
                "Ciril Civil Net RH<br>Civil Net Finances",
            ],
            [
                "Abonnement Microsoft 365",
                "Mairie de Saint-Aubin",
                "UGAP-2023-365",
                "Abonnement",
                "Microsoft Corporation",
                "2023-09-01",
                "36 mois",
                "2 mois",
                "Expresse",
                "31 200.00",
                "Microsoft 365 Apps for enterprise - fr-fr",
            ],
            [
                "Licences Acrobat Pro",
                "Mairie de Saint-Aubin",
                "BC-2023-118",
                "Location",
                "Adobe Inc.",
                "2023-05-01",
                "12 mois",
                "1 mois",
                "Tacite",
                "2 940.00",
                "Adobe Acrobat Pro DC",
            ],
            [
                "Support Sedit Marianne",
                "Mairie de Saint-Aubin",
                "2019-AO-02",
                "Maintenance",
                "Berger-Levrault",
                "2019-07-01",
                "60 mois",
                "6 mois",
                "Jamais",
                "6 120.00",
                "Sedit Marianne Client",
            ],
            [
                "Hébergement site internet",
                "Mairie de Saint-Aubin",
                "2022-MAPA-15",
                "Prestation",
                "Stratis",
                "2022-03-01",
                "36 mois",
                "0 mois",
                "Expresse",
                "4 800.00",
                "",
            ],
        ],
    )
    _glpi(
        folder / "glpi (2).csv",
        [
            [
                "Nom",
                "Type de tiers",
                "Adresse",
                "Code postal",
                "Ville",
                "Pays",
                "Téléphone",
                "Site web",
            ],
            [
                "CIRIL GROUP SAS",
                "Éditeur",
                "49 avenue Albert Einstein",
                "69100",
                "Villeurbanne",
                "France",
                "04 72 69 16 80",
                "https://www.cirilgroup.com",
            ],
            [
                "Microsoft Corporation",
                "Éditeur",
                "One Microsoft Way",
                "98052",
                "Redmond",
                "États-Unis",
                "",
                "https://www.microsoft.com",
            ],
            [
                "Adobe Inc.",
                "Éditeur",
                "345 Park Avenue",
                "95110",
                "San Jose",
                "États-Unis",
                "",
                "https://www.adobe.com",
            ],
            [
                "Berger-Levrault",
                "Éditeur",
                "892 rue Yves Kermen",
                "92100",
                "Boulogne-Billancourt",
                "France",
                "",
                "https://www.berger-levrault.com",
            ],
            ["Stratis", "Prestataire", "", "", "Paris", "France", "", ""],
        ],
    )


# -- 5. The SILL layout ----------------------------------------------------------------------


def sill() -> None:
    header = [
        "ID",
        "nom",
        "fonction",
        "annees",
        "statut",
        "parent",
        "public",
        "similaire-a",
        "wikidata",
        "comptoir-du-libre",
        "licence",
        "secteur",
        "composant",
        "contexte-usage",
        "groupe",
        "version",
    ]
    data = [
        (
            "1",
            "7zip",
            "Compression",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q215051",
            "72",
            "LGPL-2.0-only",
            "Données et contenu",
            "Compression décompression",
            "",
            "MIMO",
            "19",
        ),
        (
            "5",
            "Ansible",
            "Déploiement",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q2852503",
            "225",
            "GPL-3.0-only",
            "Opérations",
            "Outils système & virtualisation",
            "",
            "MIMPROD",
            "Distribution",
        ),
        (
            "14",
            "Audacity",
            "Enregistrement et édition de sons",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q191782",
            "69",
            "GPL-2.0-only",
            "Espace utilisateur et canal",
            "Consultation et édition de documents",
            "",
            "MIMO",
            "2.3.3",
        ),
        (
            "36",
            "Drupal",
            "Système de gestion de contenus web",
            "2019 ; 2020",
            "R",
            "",
            "",
            "162 ; 173",
            "Q170855",
            "264",
            "LGPL-2.0",
            "Données et contenu",
            "Gestion de contenu web",
            "",
            "MIMO",
            "8.8",
        ),
        (
            "51",
            "Gimp",
            "Dessin (matriciel)",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q8038",
            "67",
            "GPL-3.0-only",
            "Espace utilisateur et canal",
            "Consultation et édition de documents",
            "",
            "MIMO",
            "2.10.14",
        ),
        (
            "54",
            "GLPI",
            "Gestion de parc et suivi d'incidents",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "172",
            "Q3104570",
            "35",
            "GPL-2.0-only",
            "Opérations",
            "Déploiement gestion d’actif et de configuration",
            "",
            "MIMO",
            "9.3.4",
        ),
        (
            "67",
            "Jitsi",
            "Webconférence",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "196",
            "Q87849488",
            "65",
            "Apache-2.0",
            "Espace utilisateur et canal",
            "Visiophonie",
            "",
            "MIMO",
            "2.9",
        ),
        (
            "72",
            "KeePass",
            "Gestion de mots de passe",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q762660",
            "50",
            "GPL-2.0-only",
            "Sécurité",
            "Authentification",
            "",
            "MIMO",
            "2.4",
        ),
        (
            "78",
            "LibreOffice",
            "Suite bureautique",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q10135",
            "33",
            "MPL-2.0",
            "Espace utilisateur et canal",
            "Consultation et édition de documents",
            "",
            "MIMO",
            "",
        ),
        (
            "84",
            "MariaDB",
            "Base transactionnelle cluster",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q787177",
            "206",
            "LGPL-2.1, LGPL-2.0,  LGPL-3.0",
            "Données et contenu",
            "Bases de données relationnelles",
            "Base de production",
            "MIMPROD",
            "10.3",
        ),
        (
            "89",
            "Mozilla Firefox (Extended Support Release)",
            "Navigateur",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q698",
            "82",
            "MPL-2.0",
            "Espace utilisateur et canal",
            "Navigateur web",
            "Navigateur",
            "MIMO",
            "68",
        ),
        (
            "93",
            "NextCloud",
            "Partage de fichiers",
            "2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q25874683",
            "117",
            "AGPL-3.0-or-later",
            "Orchestration et logique métier",
            "Outil collaboratif",
            "",
            "MIMO",
            "17.0.3",
        ),
        (
            "120",
            "QGIS",
            "Système d'information géographique",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q1329181",
            "40",
            "GPL-2.0-or-later",
            "Données et contenu",
            "SIG",
            "",
            "MIMO",
            "3.10",
        ),
        (
            "131",
            "Thunderbird",
            "Client de messagerie",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q483604",
            "34",
            "MPL-2.0",
            "Espace utilisateur et canal",
            "Messagerie agenda contacts",
            "",
            "MIMO",
            "68",
        ),
        (
            "140",
            "VLC",
            "Lecteur multimédia",
            "2018 ; 2019 ; 2020",
            "R",
            "",
            "",
            "",
            "Q171477",
            "66",
            "GPL-2.0-or-later",
            "Espace utilisateur et canal",
            "Consultation et édition de documents",
            "",
            "MIMO",
            "3.0",
        ),
    ]
    _csv(HERE / "sill-2020.csv", [header, *[list(r) for r in data]], sep=",")


# -- 6. Flat procurement records (DECP layout) -----------------------------------------------


def decp() -> None:
    header = [
        "id",
        "acheteur.id",
        "acheteur.nom",
        "nature",
        "objet",
        "codeCPV",
        "procedure",
        "montant",
        "dureeMois",
        "dateNotification",
        "formePrix",
        "lieuExecution.nom",
        "titulaire_id",
        "titulaire_typeIdentifiant",
        "titulaire_denominationSociale",
    ]
    buyer = ("21440109300015", "COMMUNE DE SAINT-HERBLAIN")
    data = [
        (
            "2021MAPA014",
            "Marché",
            "Maintenance et assistance du progiciel de gestion financière",
            "72267000-4",
            "Procédure adaptée",
            "50000.00",
            "48",
            "2021-01-28+01:00",
            "Forfaitaire",
            "44690003000011",
            "SIRET",
            "CIRIL GROUP",
        ),
        (
            "2021MAPA015",
            "Marché",
            "Maintenance du progiciel de gestion des ressources humaines et de la paie",
            "72267000-4",
            "Procédure adaptée",
            "62 400.00",
            "48",
            "2021-01-28+01:00",
            "Forfaitaire",
            "44690003000011",
            "SIRET",
            "CIRIL GROUP",
        ),
        (
            "2022AO003",
            "Accord-cadre",
            "Fourniture d'un logiciel d'instruction des autorisations du droit des sols en mode SaaS",
            "48000000-8",
            "Appel d'offres ouvert",
            "96000",
            "48",
            "2022-06-14+02:00",
            "Mixte",
            "38251208500039",
            "SIRET",
            "OPERIS",
        ),
        (
            "2022MAPA021",
            "Marché",
            "Logiciel de gestion de l'état civil et des élections",
            "48000000-8",
            "Procédure adaptée",
            "38000",
            "48",
            "2022-03-02+01:00",
            "Forfaitaire",
            "31830418200066",
            "SIRET",
            "ARPEGE",
        ),
        (
            "2023UGAP01",
            "Marché",
            "Abonnement aux licences Microsoft 365",
            "48000000-8",
            "Marché passé sans publicité ni mise en concurrence préalable",
            "184000",
            "36",
            "2023-08-21+02:00",
            "Unitaire",
            "32737368100135",
            "SIRET",
            "MICROSOFT FRANCE",
        ),
        (
            "2023MAPA009",
            "Marché",
            "Plateforme de dématérialisation des actes et parapheur électronique",
            "48000000-8",
            "Procédure adaptée",
            "21000",
            "48",
            "2023-01-09+01:00",
            "Forfaitaire",
            "49158897400034",
            "SIRET",
            "LIBRICIEL SCOP",
        ),
        (
            "2020AO011",
            "Marché",
            "Logiciel de gestion des services techniques et du patrimoine",
            "48000000-8",
            "Appel d'offres ouvert",
            "74500",
            "60",
            "2020-02-17+01:00",
            "Forfaitaire",
            "75520133500014",
            "SIRET",
            "BERGER-LEVRAULT",
        ),
        (
            "2022MAPA030",
            "Marché",
            "Portail famille et facturation de la restauration scolaire",
            "48000000-8",
            "Procédure adaptée",
            "43200",
            "36",
            "2022-07-05+02:00",
            "Mixte",
            "31830418200066",
            "SIRET",
            "ARPEGE",
        ),
        (
            "2023MAPA017",
            "Marché",
            "Système d'information géographique en mode SaaS",
            "48000000-8",
            "Procédure adaptée",
            "28800",
            "36",
            "2023-04-12+02:00",
            "Forfaitaire",
            "42355424000022",
            "SIRET",
            "BUSINESS GEOGRAFIC",
        ),
        (
            "2021NEG02",
            "Marché",
            "Maintenance du logiciel de police municipale",
            "72267000-4",
            "Marché négocié sans publicité ni mise en concurrence préalable",
            "11 600.00",
            "48",
            "2021-04-30+02:00",
            "Forfaitaire",
            "34050788500034",
            "SIRET",
            "LOGITUD SOLUTIONS",
        ),
    ]
    place = "Saint-Herblain"  # lieuExecution.nom: where the contract is performed
    rows = [header] + [[r[0], *buyer, *r[1:9], place, *r[9:]] for r in data]
    _csv(HERE / "decp-marches-logiciels.csv", rows)


# -- 7. A library's published software list --------------------------------------------------


def library() -> None:
    rows = [
        ["Logiciel", "Éditeur", "Usage", "Licence", "Version", "Nombre de postes", "Hébergement"],
        [
            "Orphée NX",
            "C3rb Informatique",
            "SIGB (gestion de la bibliothèque)",
            "Abonnement",
            "4.2",
            "18",
            "Hébergé chez l'éditeur",
        ],
        [
            "Bibliomondo Portfolio",
            "Bibliomondo",
            "Portail des bibliothèques",
            "SaaS",
            "",
            "",
            "SaaS",
        ],
        [
            "Koha",
            "BibLibre",
            "SIGB annexe patrimoine",
            "GPL-3.0-or-later",
            "23.05",
            "4",
            "Sur site",
        ],
        ["Cantookstation", "De Marque", "Prêt de livres numériques", "Abonnement", "", "", "SaaS"],
        [
            "LibreOffice",
            "The Document Foundation",
            "Bureautique des postes publics",
            "MPL-2.0",
            "7.6",
            "32",
            "Sur site",
        ],
        [
            "Microsoft Office 2019",
            "Microsoft",
            "Bureautique du personnel",
            "Licence volume",
            "2019",
            "14",
            "Sur site",
        ],
        [
            "Cybercafé Cyberlux",
            "Monaco Telecom",
            "Gestion des postes publics",
            "OEM",
            "",
            "32",
            "Sur site",
        ],
        [
            "PaperCut MF",
            "PaperCut Software",
            "Impression des usagers",
            "Location",
            "22.1",
            "3",
            "Sur site",
        ],
        ["Firefox", "Mozilla", "Navigation Internet", "MPL-2.0", "ESR 115", "46", "Sur site"],
        [
            "Calibre",
            "Kovid Goyal",
            "Conversion de livres numériques",
            "GPL-3.0",
            "7.4",
            "2",
            "Sur site",
        ],
        [
            "Omeka S",
            "Corporation for Digital Scholarship",
            "Bibliothèque numérique patrimoniale",
            "GPL-3.0",
            "4.0",
            "",
            "Sur site",
        ],
        [
            "Zotero",
            "Corporation for Digital Scholarship",
            "Bibliographies",
            "AGPL-3.0",
            "6.0",
            "6",
            "Sur site",
        ],
        [
            "Logiciel de réservation de salles",
            "NC",
            "Réservation des salles d'étude",
            "?",
            "",
            "",
            "N/A",
        ],
    ]
    _csv(HERE / "mediatheque-logiciels-publies.csv", rows, bom=True)


# -- 8. A museum's ODS: two sheets, title row, French headers ----------------------------------


def _ods_sheet(doc: OpenDocumentSpreadsheet, name: str, rows: list[list[object]]) -> None:
    table = Table(name=name)
    for row in rows:
        tr = TableRow()
        for value in row:
            if value is None or value == "":
                tr.addElement(TableCell())
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            elif isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
                tr.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)


def museum_ods() -> None:
    doc = OpenDocumentSpreadsheet()
    _ods_sheet(
        doc,
        "Applications",
        [
            ["Musée départemental d'art et d'histoire — logiciels en service"],
            [],
            [
                "Nom",
                "Éditeur",
                "Domaine",
                "Hébergement",
                "Référent métier",
                "Nombre de licences",
                "Formats d'export",
            ],
            [
                "Micromusée",
                "Mobydoc",
                "Gestion des collections",
                "sur site",
                "Régie des œuvres",
                8,
                "XML, CSV",
            ],
            [
                "Flora Musées",
                "Decalog",
                "Gestion des collections",
                "SaaS",
                "Documentation",
                5,
                "CSV",
            ],
            [
                "Ticketing Musées",
                "SecuTix",
                "Billetterie",
                "SaaS",
                "Accueil des publics",
                12,
                "CSV",
            ],
            ["WordPress", "WordPress Foundation", "Site web", "hébergé", "Communication", 0, "XML"],
            [
                "Civil Net Finances",
                "Ciril Group",
                "Finances",
                "sur site",
                "Administration",
                3,
                "CSV, PES V2",
            ],
            ["Microsoft 365", "Microsoft", "Bureautique", "SaaS", "Administration", 40, "DOCX"],
        ],
    )
    _ods_sheet(
        doc,
        "Contrats",
        [
            [
                "N° de marché",
                "Objet du marché",
                "Editeur / Prestataire",
                "Applications",
                "Coût licence",
                "Date de fin",
                "Préavis (mois)",
                "Reconduction",
            ],
            [
                "2020-MUS-04",
                "Maintenance Micromusée",
                "Mobydoc",
                "Micromusée",
                4200,
                dt.date(2025, 6, 30),
                3,
                "Tacite",
            ],
            [
                "2022-MUS-01",
                "Abonnement Flora",
                "Decalog",
                "Flora Musées",
                6900,
                dt.date(2026, 12, 31),
                6,
                "Expresse",
            ],
            [
                "2023-MUS-02",
                "Billetterie en ligne",
                "SecuTix",
                "Ticketing Musées",
                5400,
                dt.date(2026, 3, 31),
                3,
                "Tacite",
            ],
            [
                "DEP-2021-015",
                "Progiciel financier (marché départemental)",
                "Ciril Group",
                "Civil Net Finances",
                2100,
                dt.date(2025, 12, 31),
                6,
                "Tacite",
            ],
            [
                "UGAP-365",
                "Licences Microsoft 365",
                "Microsoft",
                "Microsoft 365",
                9600,
                dt.date(2026, 8, 31),
                2,
                "Expresse",
            ],
        ],
    )
    doc.save(str(HERE / "musee-inventaire.ods"))
    _freeze(HERE / "musee-inventaire.ods")


# -- 9. An English-language register --------------------------------------------------------


def english() -> None:
    rows = [
        [
            "System name",
            "Supplier",
            "Business area",
            "Hosting model",
            "Annual licence cost (EUR)",
            "Contract end date",
            "Notice period (months)",
            "Auto-renewal",
            "Exit clause",
            "Data export formats",
        ],
        [
            "Student information system",
            "Pronote (Index Éducation)",
            "Education",
            "SaaS",
            "7,800.00",
            "2026-08-31",
            "3",
            "Yes",
            "Partial",
            "CSV",
        ],
        [
            "Finance",
            "Sage",
            "Finance",
            "On-premise",
            "12,400.00",
            "2025-12-31",
            "6",
            "Yes",
            "No",
            "CSV, XLSX",
        ],
        [
            "HR & payroll",
            "Cegid",
            "HR",
            "SaaS",
            "9,950.00",
            "2026-03-31",
            "3",
            "Yes",
            "Unknown",
            "CSV",
        ],
        [
            "Email and office",
            "Microsoft",
            "Office",
            "SaaS",
            "21,000.00",
            "2026-06-30",
            "1",
            "No",
            "Yes",
            "DOCX, XLSX, PST",
        ],
        [
            "Library",
            "Koha (BibLibre)",
            "Library",
            "Hosted",
            "3,200.00",
            "2025-09-30",
            "2",
            "Yes",
            "Yes",
            "MARC, CSV",
        ],
        [
            "Website",
            "Drupal (in-house)",
            "Communication",
            "On-premise",
            "0.00",
            "",
            "",
            "No",
            "N/A",
            "HTML",
        ],
        [
            "Catering & billing",
            "Arpège",
            "Citizen billing",
            "SaaS",
            "4,600.00",
            "2025-07-31",
            "3",
            "Yes",
            "No",
            "CSV",
        ],
        [
            "Helpdesk",
            "GLPI (Teclib')",
            "Infrastructure",
            "On-premise",
            "2,400.00",
            "2026-01-31",
            "1",
            "Yes",
            "Yes",
            "CSV, SQL",
        ],
    ]
    _csv(HERE / "international-school-register.csv", rows, sep=",")


# -- 10. Open-data snake_case export -------------------------------------------------------


def snake_case() -> None:
    rows = [
        [
            "nom_application",
            "editeur_nom",
            "domaine_fonctionnel",
            "mode_hebergement",
            "cout_annuel_ht",
            "date_fin_contrat",
            "duree_preavis_mois",
            "type_licence",
        ],
        [
            "Gestion financière",
            "Berger-Levrault",
            "finances",
            "on_premise",
            "15200",
            "2026-12-31",
            "6",
            "proprietaire",
        ],
        ["Paie", "Berger-Levrault", "rh", "on_premise", "13100", "2026-12-31", "6", "proprietaire"],
        ["ADS", "Operis", "urbanisme", "saas", "8800", "2025-06-30", "3", "saas"],
        ["SIG", "Esri France", "sig", "saas", "11200", "2025-12-31", "3", "abonnement"],
        ["Courrier", "Maarch", "courrier", "on_premise", "2900", "2024-12-31", "2", "GPL-3.0"],
        ["Actes", "Libriciel", "actes", "saas", "1700", "2026-06-30", "1", "AGPL-3.0"],
        [
            "Billetterie piscine",
            "Elisath",
            "sport",
            "on_premise",
            "3400",
            "2025-12-31",
            "3",
            "proprietaire",
        ],
        [
            "Portail citoyen",
            "Publik (Entr'ouvert)",
            "relation_usagers",
            "saas",
            "6200",
            "2027-01-31",
            "3",
            "AGPL-3.0",
        ],
    ]
    _csv(HERE / "opendata-inventaire-snake.csv", rows, sep=",")


# -- 11. A tool's xlsx export: one sheet named "Worksheet", camelCase headers --------------


def worksheet_export() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Worksheet"
    ws.append(
        [
            "softwareName",
            "publisherName",
            "licenseType",
            "licenseCount",
            "annualCostExclTax",
            "contractEndDate",
            "hostingType",
        ]
    )
    data = [
        (
            "Ciril Civil Net RH",
            "Ciril Group",
            "Abonnement",
            30,
            16450.0,
            dt.date(2025, 12, 31),
            "On-premise",
        ),
        (
            "Atal II",
            "Berger-Levrault",
            "Licence perpétuelle",
            12,
            5400.0,
            dt.date(2026, 6, 30),
            "On-premise",
        ),
        ("Cart@ds", "Operis", "SaaS", 8, 7900.0, dt.date(2026, 12, 31), "SaaS"),
        ("Concerto Opus", "Arpège", "SaaS", 15, 6350.0, dt.date(2025, 8, 31), "SaaS"),
        ("AutoCAD LT", "Autodesk", "Abonnement", 4, 2160.0, dt.date(2025, 2, 28), "Poste"),
        ("Acrobat Pro", "Adobe", "Abonnement", 10, 2280.0, dt.date(2025, 4, 30), "Poste"),
        (
            "Veeam Backup",
            "Veeam Software",
            "Location",
            1,
            3100.0,
            dt.date(2025, 11, 30),
            "On-premise",
        ),
    ]
    for row in data:
        ws.append(list(row))
    for c in ws["F"][1:]:
        c.number_format = "DD/MM/YYYY"
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 2, 1)
    wb.save(HERE / "export-outil-worksheet.xlsx")
    _freeze(HERE / "export-outil-worksheet.xlsx")


# -- 12. A small town's sheet written after vendorlock's own template (passes today) ---------


def mairie_template() -> None:
    rows = [
        [
            "Nom",
            "Éditeur",
            "Domaine",
            "Hébergement",
            "Coût annuel (€ HT)",
            "Date de début",
            "Date de fin",
            "Reconduction",
            "Préavis (mois)",
            "Clause de réversibilité",
            "Formats d'export",
        ],
        [
            "Paie",
            "Berger-Levrault",
            "RH",
            "SaaS",
            "6 200",
            "01/01/2023",
            "31/12/2026",
            "tacite",
            "3",
            "Non",
            "CSV",
        ],
        [
            "Comptabilité",
            "Berger-Levrault",
            "Finances",
            "SaaS",
            "5 400",
            "01/01/2023",
            "31/12/2026",
            "tacite",
            "3",
            "Non",
            "CSV",
        ],
        [
            "État civil",
            "Arpège",
            "État civil",
            "SaaS",
            "1 900",
            "01/04/2022",
            "31/03/2026",
            "expresse",
            "2",
            "Oui",
            "XML",
        ],
        [
            "Élections",
            "Arpège",
            "Élections",
            "SaaS",
            "1 100",
            "01/04/2022",
            "31/03/2026",
            "expresse",
            "2",
            "Oui",
            "CSV",
        ],
        [
            "Urbanisme",
            "Operis",
            "Urbanisme",
            "SaaS",
            "3 600",
            "01/07/2021",
            "30/06/2025",
            "tacite",
            "3",
            "Non",
            "PDF",
        ],
        [
            "Cimetière",
            "Logitud",
            "Cimetières",
            "sur site",
            "650",
            "01/01/2020",
            "31/12/2024",
            "tacite",
            "1",
            "Non",
            "",
        ],
        [
            "Messagerie",
            "Microsoft",
            "Messagerie",
            "SaaS",
            "4 300",
            "01/09/2023",
            "31/08/2026",
            "expresse",
            "1",
            "Oui",
            "PST",
        ],
        [
            "Actes",
            "Libriciel",
            "Actes",
            "SaaS",
            "900",
            "01/01/2023",
            "31/12/2026",
            "expresse",
            "1",
            "Oui",
            "XML",
        ],
    ]
    _csv(HERE / "mairie-modele-vendorlock.csv", rows)


# -- 13. A syndicat's workbook, one sheet per table (passes today) --------------------------


def syndicat_workbook() -> None:
    wb = Workbook()
    orgs = wb.active
    orgs.title = "Organisations"
    orgs.append(["Identifiant", "Nom", "Type", "SIREN", "Population"])
    orgs.append(["sivom", "SIVOM de la Vallée", "syndicat", "200012345", 18500])
    orgs.append(["brezolles", "Commune de Brézolles", "commune", "212800544", 1800])
    orgs.append(["crecy", "Commune de Crécy-Couvé", "commune", "212801211", 320])
    apps = wb.create_sheet("Applications")
    apps.append(
        [
            "Identifiant application",
            "Organisation",
            "Nom",
            "Éditeur",
            "Domaine",
            "Hébergement",
            "Formats d'export",
        ]
    )
    apps.append(
        ["brz-fin", "brezolles", "Gestion financière", "Berger-Levrault", "Finances", "SaaS", "CSV"]
    )
    apps.append(["brz-ec", "brezolles", "État civil", "Arpège", "État civil", "SaaS", "XML"])
    apps.append(
        ["crc-fin", "crecy", "Gestion financière", "Berger-Levrault", "Finances", "SaaS", "CSV"]
    )
    apps.append(["crc-ec", "crecy", "État civil", "Arpège", "État civil", "SaaS", "XML"])
    apps.append(
        ["siv-sig", "sivom", "SIG mutualisé", "Business Geografic", "SIG", "SaaS", "GeoJSON"]
    )
    contracts = wb.create_sheet("Contrats")
    contracts.append(
        [
            "N° contrat",
            "Organisation",
            "Éditeur",
            "Applications couvertes",
            "Date de fin",
            "Coût annuel (€ HT)",
            "Reconduction",
        ]
    )
    contracts.append(
        [
            "BL-2023",
            "brezolles",
            "Berger-Levrault",
            "brz-fin",
            dt.date(2026, 12, 31),
            2100,
            "tacite",
        ]
    )
    contracts.append(
        ["AR-2022", "brezolles", "Arpège", "brz-ec", dt.date(2026, 3, 31), 700, "expresse"]
    )
    contracts.append(
        ["BL-2023-C", "crecy", "Berger-Levrault", "crc-fin", dt.date(2026, 12, 31), 900, "tacite"]
    )
    contracts.append(
        ["AR-2022-C", "crecy", "Arpège", "crc-ec", dt.date(2026, 3, 31), 300, "expresse"]
    )
    contracts.append(
        [
            "BG-2024",
            "sivom",
            "Business Geografic",
            "siv-sig",
            dt.date(2027, 6, 30),
            5200,
            "expresse",
        ]
    )
    flows = wb.create_sheet("Flux")
    flows.append(["Organisation", "Source", "Cible", "Données", "Format", "Norme d'échange"])
    flows.append(
        ["brezolles", "Gestion financière", "Hélios", "mandats et titres", "XML", "PES V2"]
    )
    flows.append(["crecy", "Gestion financière", "Hélios", "mandats et titres", "XML", "PES V2"])
    for ws in (contracts,):
        for c in ws["E"][1:]:
            c.number_format = "DD/MM/YYYY"
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 15)
    wb.save(HERE / "syndicat-classeur-par-table.xlsx")
    _freeze(HERE / "syndicat-classeur-par-table.xlsx")


def main() -> None:
    dsi_commune()
    dsi_epci_merged()
    glpi_software(HERE / "glpi-logiciels" / "glpi.csv")
    glpi_three_exports()
    sill()
    decp()
    library()
    museum_ods()
    english()
    snake_case()
    worksheet_export()
    mairie_template()
    syndicat_workbook()


if __name__ == "__main__":
    main()
