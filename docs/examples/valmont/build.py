"""Write the Commune de Valmont's inventory, the example of docs/user-guide.md.

The workbooks are the blank ``vendorlock template`` (French) filled with the rows the guide
describes in its sections 3 and 4, so they read exactly as a DSI's filled template would:

- ``inventaire.xlsx``: the inventory the guide audits (sections 5 to 13);
- ``inventaire-brouillon.xlsx``: its first draft, with the two mistakes ``vendorlock validate``
  catches in section 4 (31 February as a contract's end, an export format « Zorglub »).

Run from the repository root: ``python docs/examples/valmont/build.py``. Same code, same bytes:
tests/docs/test_user_guide.py checks the shipped files are this script's output and that the
guide's console blocks are what the commands print on them.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from vendorlock.demo.template import xlsx_template  # noqa: E402
from vendorlock.demo.writers import fix_xlsx_properties  # noqa: E402
from vendorlock.i18n import Lang  # noqa: E402

ORG = "217100015"

#: Rows by sheet of the French template, each a {header: value} mapping (a missing header is an
#: empty cell: unknown to vendorlock, never zero).
ROWS: dict[str, list[dict[str, object]]] = {
    "Organisations": [
        {
            "Identifiant organisation": ORG,
            "Nom de l'organisation": "Commune de Valmont",
            "Type": "commune",
            "SIREN": ORG,
            "Population": 8200,
        }
    ],
    "Applications": [
        {
            "Identifiant application": "valmont-finances",
            "Organisation": ORG,
            "Nom de l'application": "Gestion financière",
            "Produit": "e.magnus Gestion financière",
            "Éditeur": "berger-levrault",
            "Domaine": "Finances et comptabilité",
            "Licence": "propriétaire",
            "Hébergement": "sur site",
            "Criticité": "haute",
            "Utilisateurs": 12,
            "Volume de données (Go)": 12,
            "Personnalisation": "moyenne",
            "Base de données": "SQL Server",
            "Poste client": "client Windows",
            "API": "propriétaire",
            "Formats de stockage": "proprietary_db; pdf",
            "Formats d'export": "csv",
        },
        {
            "Identifiant application": "valmont-paie",
            "Organisation": ORG,
            "Nom de l'application": "Paie",
            "Produit": "e.magnus Paie",
            "Éditeur": "berger-levrault",
            "Domaine": "Ressources humaines et paie",
            "Licence": "propriétaire",
            "Hébergement": "SaaS de l'éditeur",
            "Criticité": "haute",
            "Utilisateurs": 3,
            "Volume de données (Go)": 3,
            "Personnalisation": "aucune",
            "Base de données": "SQL Server",
            "Poste client": "navigateur web",
            "API": "documentée",
            "Formats de stockage": "proprietary_db",
            "Formats d'export": "csv",
        },
        {
            "Identifiant application": "valmont-actes",
            "Organisation": ORG,
            "Nom de l'application": "Actes",
            "Produit": "S²LOW",
            "Éditeur": "libriciel",
            "Domaine": "Assemblées, délibérations et actes",
            "Licence": "AGPL-3.0",
            "Hébergement": "mutualisé",
            "Criticité": "moyenne",
            "Utilisateurs": 4,
            "Volume de données (Go)": 1,
            "Personnalisation": "aucune",
            "Base de données": "PostgreSQL",
            "Poste client": "navigateur web",
            "API": "standard ouvert",
            "Formats de stockage": "xml; pdfa2",
            "Formats d'export": "xml; pdfa2",
        },
    ],
    "Contrats": [
        {
            "Identifiant contrat": "valmont-bl-2022",
            "Organisation": ORG,
            "Éditeur": "berger-levrault",
            "Applications couvertes": "valmont-finances; valmont-paie",
            "Date de début": "01/03/2022",
            "Date de fin": "28/02/2027",
            "Coût annuel (€ HT)": 18500,
            "Reconduction": "tacite",
            "Préavis (mois)": 3,
            "Clause de réversibilité": "Non",
        },
        {
            "Identifiant contrat": "valmont-libriciel-2025",
            "Organisation": ORG,
            "Éditeur": "libriciel",
            "Applications couvertes": "valmont-actes",
            "Date de début": "01/01/2025",
            "Date de fin": "31/12/2027",
            "Coût annuel (€ HT)": 1200,
            "Reconduction": "expresse",
            "Préavis (mois)": 2,
            "Clause de réversibilité": "Oui",
            "Format de restitution": "xml",
        },
    ],
    "Flux": [
        {
            "Identifiant flux": "valmont-f1",
            "Organisation": ORG,
            "Source": "valmont-finances",
            "Cible": "helios",
            "Données": "mandats et titres",
            "Format": "pes_v2_xml",
            "Norme d'échange": "pes_v2",
            "Protocole": "SFTP",
            "Fréquence": "quotidienne",
        },
        {
            "Identifiant flux": "valmont-f2",
            "Organisation": ORG,
            "Source": "valmont-paie",
            "Cible": "valmont-finances",
            "Données": "écritures de paie",
            "Format": "csv",
            "Protocole": "partage de fichiers",
            "Fréquence": "mensuelle",
        },
        {
            "Identifiant flux": "valmont-f3",
            "Organisation": ORG,
            "Source": "valmont-actes",
            "Cible": "at_ctes",
            "Données": "délibérations et arrêtés",
            "Format": "xml",
            "Norme d'échange": "actes",
            "Protocole": "API HTTPS",
            "Fréquence": "quotidienne",
        },
    ],
}

#: The draft's two mistakes: (sheet, row index in ROWS, header, value).
DRAFT_MISTAKES = (
    ("Applications", 1, "Formats d'export", "csv; Zorglub"),
    ("Contrats", 0, "Date de fin", "31/02/2027"),
)


def workbook(rows: dict[str, list[dict[str, object]]]) -> bytes:
    """The French template with ``rows`` typed from row 2 of each sheet, reproducible bytes."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_template(Lang.FR)))
    for sheet, records in rows.items():
        ws = wb[sheet]
        headers = [cell.value for cell in ws[1]]
        unknown = {h for record in records for h in record} - set(headers)
        if unknown:
            raise ValueError(f"{sheet}: no column {sorted(unknown)} in the template")
        for r, record in enumerate(records, start=2):
            for c, header in enumerate(headers, start=1):
                if header in record:
                    ws.cell(row=r, column=c, value=record[header])
    buf = io.BytesIO()
    wb.save(buf)
    return fix_xlsx_properties(buf.getvalue())


def draft_rows() -> dict[str, list[dict[str, object]]]:
    rows = {sheet: [dict(record) for record in records] for sheet, records in ROWS.items()}
    for sheet, index, header, value in DRAFT_MISTAKES:
        rows[sheet][index][header] = value
    return rows


def outputs() -> dict[str, bytes]:
    """File name → bytes of every workbook this script writes."""
    return {
        "inventaire.xlsx": workbook(ROWS),
        "inventaire-brouillon.xlsx": workbook(draft_rows()),
    }


def main(folder: Path = HERE) -> None:
    for name, data in outputs().items():
        (folder / name).write_bytes(data)
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
