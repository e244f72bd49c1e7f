"""Write the reader test assets (deterministic; run from anywhere: python make_assets.py).

Workbooks are written as raw OOXML/ODF so the assets can hold what openpyxl cannot write:
formulas with cached values, merged header cells, hidden sheets, an encrypted container, a
decompression bomb. Fixed zip timestamps keep the bytes identical from run to run.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
EPOCH = (1980, 1, 1, 0, 0, 0)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _col(i: int) -> str:
    s, i = "", i + 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, v: Any) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, tuple):  # ("=formula", cached value)
        return f'<c r="{ref}"><f>{escape(v[0])}</f><v>{v[1]}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | float):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'


def _put(z: zipfile.ZipFile, name: str, data: str | bytes, stored: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    z.writestr(info, data)


def write_xlsx(path: Path, sheets: list[dict[str, Any]]) -> None:
    """sheets: [{name, rows, hidden?, merged?: ["B4:C4"]}]"""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name="{escape(s["name"])}" sheetId="{i}" r:id="rId{i}"'
        + (' state="hidden"' if s.get("hidden") else "")
        + "/>"
        for i, s in enumerate(sheets, 1)
    )
    wb = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}><sheets>{entries}</sheets>'
        "</workbook>"
    )
    wbrels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w") as z:
        _put(z, "[Content_Types].xml", ct)
        _put(z, "_rels/.rels", rels)
        _put(z, "xl/workbook.xml", wb)
        _put(z, "xl/_rels/workbook.xml.rels", wbrels)
        for i, s in enumerate(sheets, 1):
            body = "".join(
                f'<row r="{r}">'
                + "".join(_cell(f"{_col(c)}{r}", v) for c, v in enumerate(row))
                + "</row>"
                for r, row in enumerate(s["rows"], 1)
            )
            merged = s.get("merged") or []
            merge_xml = (
                f'<mergeCells count="{len(merged)}">'
                + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
                + "</mergeCells>"
                if merged
                else ""
            )
            _put(
                z,
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{body}'
                f"</sheetData>{merge_xml}</worksheet>",
            )


def write_ods(path: Path, sheets: list[tuple[str, list[list[Any]]]]) -> None:
    man = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-'
        'type="text/xml"/></manifest:manifest>'
    )
    parts = []
    for name, rows in sheets:
        parts.append(f'<table:table table:name="{escape(name)}">')
        for row in rows:
            parts.append("<table:table-row>")
            for v in row:
                if v is None or v == "":
                    parts.append("<table:table-cell/>")
                elif isinstance(v, int | float):
                    parts.append(
                        f'<table:table-cell office:value-type="float" office:value="{v}">'
                        f"<text:p>{v}</text:p></table:table-cell>"
                    )
                else:
                    parts.append(
                        '<table:table-cell office:value-type="string">'
                        f"<text:p>{escape(str(v))}</text:p></table:table-cell>"
                    )
            parts.append("</table:table-row>")
        parts.append("</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
        'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
        'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet>'
        + "".join(parts)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        _put(z, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", stored=True)
        _put(z, "META-INF/manifest.xml", man)
        _put(z, "content.xml", content)


ORGS = [
    ["Identifiant organisation", "Nom de l'organisation", "Type", "SIREN", "Population"],
    ["219400017", "Arcueil", "Commune", "219400017", "21 000"],
]
EDITORS = [
    ["Nom de l'éditeur", "Groupe"],
    ["Berger-Levrault", ""],
    ["Dupont Informatique SARL", ""],
]
APPS = [
    [
        "Identifiant application",
        "Organisation",
        "Nom",
        "Éditeur",
        "Domaine",
        "Hébergement",
        "Criticité",
        "Utilisateurs",
        "Formats de stockage",
        "Formats d'export",
    ],
    [
        "fin",
        "Arcueil",
        "Gestion financière",
        "BERGER LEVRAULT SAS",
        "Finances",
        "sur site",
        "Haute",
        25,
        "Oracle",
        "CSV; PDF/A",
    ],
    ["rh", "Arcueil", "Paie", "Berger-Levrault", "RH", "SaaS", "forte", 12, "", "ODT, CSV"],
    [
        "ged",
        "Arcueil",
        "GED",
        "Dupont Informatique SARL",
        "GED",
        "hébergé éditeur",
        "moyenne",
        40,
        "PDF",
        "PDF",
    ],
]
CONTRACTS = [
    [
        "N° contrat",
        "Organisation",
        "Éditeur",
        "Applications couvertes",
        "Date de début",
        "Date de fin",
        "Coût annuel (€ HT)",
        "Reconduction",
        "Préavis (mois)",
        "Clause de réversibilité",
        "Procédure",
    ],
    [
        "C-1",
        "219400017",
        "Berger-Levrault",
        "fin; Paie",
        "01/01/2023",
        "31/12/2027",
        "12 345,67 €",
        "tacite",
        3,
        "Non",
        "MAPA",
    ],
    [
        "C-2",
        "219400017",
        "Dupont Informatique",
        "GED",
        45292,
        46387,
        5000,
        "expresse",
        6,
        "Oui",
        "procédure adaptée",
    ],
]
FLOWS = [
    ["Source", "Cible", "Données", "Format", "Norme d'échange", "Protocole", "Fréquence"],
    ["Gestion financière", "Hélios", "mandats et titres", "XML", "PES V2", "SFTP", "quotidien"],
    ["Paie", "fin", "écritures de paie", "CSV", "", "partage réseau", "mensuel"],
]


def main() -> None:
    d = HERE
    (d / "empty.csv").write_bytes(b"")
    (d / "empty.xlsx").write_bytes(b"")
    (d / "text_renamed.xlsx").write_text("Nom;Éditeur\nPaie;Ciril\n", encoding="utf-8")
    (d / "corrupt.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1016)
    ole += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    (d / "encrypted.xlsx").write_bytes(bytes(ole))
    write_xlsx(d / "no_table.xlsx", [{"name": "Notes", "rows": [["Réunion du 3 mars"], ["ok"]]}])
    (d / "utf16_nobom.csv").write_bytes("Nom;Éditeur\nPaie;Ciril\n".encode("utf-16-le"))
    (d / "mixed_encoding.csv").write_bytes(
        "Nom;Éditeur\n".encode() + "Paie;Société Générale\n".encode("cp1252")
    )
    (d / "binary.csv").write_bytes(bytes(range(1, 32)) * 40)
    with zipfile.ZipFile(d / "zip_bomb.xlsx", "w") as z:
        _put(z, "[Content_Types].xml", "<Types/>")
        _put(z, "xl/workbook.xml", "<workbook/>")
        _put(z, "xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    with zipfile.ZipFile(d / "not_spreadsheet.odt", "w") as z:
        _put(z, "mimetype", "application/vnd.oasis.opendocument.text", stored=True)
        _put(z, "content.xml", "<x/>")
    # one workbook, a sheet per table, French names, title rows above the header
    sheets = [
        {"name": "Organisations", "rows": ORGS},
        {"name": "Éditeurs", "rows": EDITORS},
        {"name": "Logiciels", "rows": [["Inventaire 2026"], [], *APPS]},
        {"name": "Contrats", "rows": CONTRACTS},
        {
            "name": "Flux",
            "rows": [[*FLOWS[0], "Organisation"]] + [[*r, "219400017"] for r in FLOWS[1:]],
        },
    ]
    write_xlsx(d / "workbook_fr.xlsx", sheets)
    write_ods(d / "workbook_fr.ods", [(s["name"], s["rows"]) for s in sheets])
    # formulas (cached values), merged header cells, a hidden sheet
    write_xlsx(
        d / "quirks.xlsx",
        [
            {
                "name": "Applications",
                "rows": [
                    ["Nom", "Éditeur", "", "Domaine", "Coût annuel", "Date de fin"],
                    ["Paie", "Ciril", "x", "RH", 1000, 46022],
                    ["Compta", "Ciril", "y", "Finances", ("=E2*2", 2000), ("=F2+365", 46387)],
                ],
                "merged": ["B1:C1"],
            },
            {
                "name": "Cache",
                "rows": [["Nom", "Éditeur", "Domaine"], ["Old", "Ciril", "RH"]],
                "hidden": True,
            },
        ],
    )
    # a flat inventory as a French CSV: cp1252, ';', decimal commas, dd/mm/yyyy, title row
    flat = (
        "Inventaire applicatif - Ville de Gentilly;;;;;;;;;\n"
        "Nom;Éditeur;Domaine;Hébergement;Coût annuel;Date de début;Date de fin;Reconduction;"
        "Réversibilité;Formats d'export\n"
        "Paie;BERGER LEVRAULT SAS;RH;SaaS;12\u00a0345,67 €;01/01/2023;31/12/2027;tacite;Non;"
        '"ODT; PDF/A, CSV"\n'
        "Compta;Ciril;Finances;sur site;1.234,50;2023-01-01;2022-12-31;expresse;Oui;CSV\n"
        "Courrier;Inconnu Soft;Courrier;local;-50;;;;;Zorglub\n"
        "Urbanisme;;Urbanisme;SaaS;3,5 k€;01/01/2024;31/13/2027;;peut-être;\n"
    )
    (d / "flat_fr.csv").write_bytes(flat.encode("cp1252"))
    folder = d / "csv_folder"
    folder.mkdir(exist_ok=True)
    folder_contracts = [CONTRACTS[0]] + [[*r[:1], "Arcueil", *r[2:]] for r in CONTRACTS[1:]]
    folder_flows = [[*FLOWS[0], "Organisation"]] + [[*r, "Arcueil"] for r in FLOWS[1:]]
    for name, rows in (
        ("applications", APPS),
        ("contrats", folder_contracts),
        ("flux", folder_flows),
    ):
        text = "\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n"
        (folder / f"{name}.csv").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))


if __name__ == "__main__":
    main()
