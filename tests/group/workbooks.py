"""Tiny member workbooks written with openpyxl (the template's English headers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADERS = {
    "Organisations": ["Organisation id", "Name", "Kind", "Population"],
    "Applications": [
        "Application id",
        "Organisation",
        "Name",
        "Product",
        "Editor",
        "Domain",
        "Licence",
        "Users",
        "Export formats",
    ],
    "Contracts": [
        "Contract id",
        "Organisation",
        "Editor",
        "Applications",
        "Start date",
        "End date",
        "Annual cost (€ HT)",
        "Renewal",
        "Notice (months)",
    ],
    "Flows": ["Flow id", "Organisation", "Source", "Target", "Format", "Standard", "Protocol"],
}


def write_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(HEADERS[name])
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def member_book(
    path: Path,
    org_id: str,
    name: str,
    *,
    population: int | None = 5000,
    end: str = "2027-12-31",
    cost: float = 12000.0,
    product: str = "e.magnus Gestion financière",
    editor: str = "Berger-Levrault",
    contracts: bool = True,
    app_prefix: str = "",
) -> Path:
    """One commune with a finance application (flows to Hélios and Chorus Pro) and a payroll one."""
    fin, rh = f"{app_prefix}fin", f"{app_prefix}rh"
    return write_book(
        path,
        {
            "Organisations": [[org_id, name, "commune", population]],
            "Applications": [
                [fin, org_id, "Finances", product, editor, "finances", "proprietary", 12, "csv"],
                [
                    rh,
                    org_id,
                    "Paie",
                    "Paie locale",
                    "Editeur Paie",
                    "hr_payroll",
                    "proprietary",
                    4,
                    None,
                ],
            ],
            "Contracts": [
                [f"{app_prefix}c1", org_id, editor, fin, "2022-01-01", end, cost, "tacit", 3],
            ]
            if contracts
            else [],
            "Flows": [
                [f"{app_prefix}f1", org_id, fin, "helios", "xml", "pes_v2", "sftp"],
                [f"{app_prefix}f2", org_id, fin, "chorus_pro", None, None, "https_api"],
                [f"{app_prefix}f3", org_id, rh, fin, "csv", None, "file_share"],
            ],
        },
    )
