"""New-user trial (session 9): inputs as users bring them (tests/assets/inventories/make_trial.py).

- a GLPI contract list opened in Excel and saved again as « CSV (séparateur : point-virgule) »
  (Windows-1252, no BOM, quotes only where needed, French numbers and dates) reads as GLPI's
  own export does;
- an editor cell merged down over the applications of that editor is read on each of them,
  in an xlsx and in an ods (LibreOffice's own format, where calamine reports no merge).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook

from vendorlock.readers import load_inventory
from vendorlock.registry import Registries

CORPUS = Path(__file__).resolve().parents[1] / "assets" / "inventories"


def test_glpi_contracts_saved_again_by_excel(registries: Registries) -> None:
    result = load_inventory([CORPUS / "trial-glpi-contrats-excel.csv"], registries)
    assert not result.errors()
    contracts = result.portfolio.contracts.set_index("contract_id")
    assert sorted(contracts.index) == ["2021-007", "2022-014", "2023-021", "2024-003"]
    ciril = contracts.loc["2022-014"]
    assert ciril["annual_cost"] == 19850
    assert (ciril["renewal"], ciril["notice_months"]) == ("tacit", 3)
    assert str(ciril["start_date"].date()) == "2022-02-01"
    assert str(ciril["end_date"].date()) == "2026-02-01"  # "48 mois", as GLPI shows it
    assert contracts.loc["2023-021", "renewal"] == "none"  # "Jamais"
    assert set(contracts["org_id"]) == {"mairie-de-lanvallay"}  # the entity path's leaf
    assert contracts.loc["2021-007", "extra:Nom"] == "Arpège; Mélodie"  # cp1252, quoted ';'


def test_an_editor_merged_over_its_applications(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "parc.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Applications"
    ws.append(["Nom", "Éditeur", "Domaine", "Coût annuel"])
    ws.append(["Paie", "Berger-Levrault", "RH", 12000])
    ws.append(["Gestion financière", None, "Finances", 9800])
    ws.append(["État civil", None, "État civil", 4200])
    ws.append(["Messagerie", "Microsoft", "Bureautique", 15000])
    ws.merge_cells("B2:B4")  # one editor for three applications
    ws.merge_cells("C5:D5")  # across columns: not copied into the next column
    wb.save(path)
    result = load_inventory([path], registries)
    editors = result.portfolio.applications.set_index("name")["editor_id"].to_dict()
    assert editors["Paie"] == editors["Gestion financière"] == editors["État civil"]
    assert editors["État civil"] == "berger-levrault"
    assert editors["Messagerie"] == "microsoft"
    # Messagerie's cost cell is covered by its domain's merge: blank, not "Bureautique"
    costs = result.portfolio.contracts.set_index("app_ids")["annual_cost"]
    assert sorted(costs) == [4200, 9800, 12000]
    assert not [p for p in result.problems if p.code == "missing_editor"]


def test_a_yearly_amount_written_per_year(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "parc.csv"
    path.write_text(
        "Nom;Éditeur;Coût annuel\n"
        "Paie;Berger-Levrault;45 000 € HT/an\n"
        "Finances;Ciril Group;12 000 €/an\n"
        "Messagerie;Microsoft;3 000 EUR per year\n"
        "SIG;Esri;12 k€/an\n",
        encoding="utf-8",
    )
    result = load_inventory([path], registries)
    assert not result.errors(), [p.render() for p in result.errors()]
    costs = result.portfolio.contracts["annual_cost"].tolist()
    assert costs == [45000, 12000, 3000, 12000]


def test_clause_answers_as_typed(tmp_path: Path, registries: Registries) -> None:
    """« Oui (partielle) » is partial, « non applicable » and « sans objet » are not known."""
    path = tmp_path / "parc.csv"
    path.write_text(
        "Nom;Éditeur;Réversibilité\n"
        "Paie;Berger-Levrault;Oui (partielle)\n"
        "Finances;Ciril Group;non applicable\n"
        "Messagerie;Microsoft;Sans objet\n",
        encoding="utf-8",
    )
    result = load_inventory([path], registries)
    assert not result.errors(), [p.render() for p in result.errors()]
    clauses = result.portfolio.contracts["reversibility_clause"]
    assert clauses.iloc[0] == 0.5
    assert clauses.iloc[1:].isna().all()


def test_an_amount_merged_over_applications_is_counted_once(
    tmp_path: Path, registries: Registries
) -> None:
    """One 30,000 € contract merged over the three applications it covers is one figure: filled
    down (like an editor's name) it would triple the spend."""
    path = tmp_path / "parc.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Nom", "Éditeur", "Coût annuel"])
    ws.append(["Paie", "Berger-Levrault", 30000])
    ws.append(["Gestion financière", None, None])
    ws.append(["État civil", None, None])
    ws.append(["Messagerie", "Microsoft", 2000])
    ws.merge_cells("B2:B4")
    ws.merge_cells("C2:C4")
    wb.save(path)
    result = load_inventory([path], registries)
    assert result.portfolio.contracts["annual_cost"].sum() == 32000
    editors = result.portfolio.applications.set_index("name")["editor_id"]
    assert editors["État civil"] == "berger-levrault"


def _ods(path: Path, rows: str) -> Path:
    """An OpenDocument 1.2 spreadsheet as LibreOffice Calc saves one: a merged cell is a
    ``table:table-cell`` with ``table:number-rows-spanned``/``-columns-spanned`` and the cells
    it covers are ``table:covered-table-cell`` (ODF 1.2, part 1, 9.1.4 and 9.1.5)."""
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Applications">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        f' manifest:media-type="{mime}"/><manifest:file-entry manifest:full-path="content.xml"'
        ' manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mime, zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def _text(value: str, span: str = "") -> str:
    return (
        f'<table:table-cell office:value-type="string"{span}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def _amount(value: int) -> str:
    return f'<table:table-cell office:value-type="float" office:value="{value}"/>'


COVERED = "<table:covered-table-cell/>"


def test_an_editor_merged_over_its_applications_in_an_ods(
    tmp_path: Path, registries: Registries
) -> None:
    rows = "".join(
        f"<table:table-row>{cells}</table:table-row>"
        for cells in (
            _text("Nom") + _text("Éditeur") + _text("Coût annuel"),
            _text("Paie")
            + _text("Berger-Levrault", ' table:number-rows-spanned="3"')
            + _amount(30000),
            _text("Gestion financière") + COVERED + _amount(9800),
            _text("État civil") + COVERED + _amount(4200),
            _text("Messagerie") + _text("Microsoft") + _amount(2000),
            # a note spread over the row's three columns: not copied into the next columns
            _text("Urbanisme") + _text("à voir", ' table:number-columns-spanned="2"') + COVERED,
        )
    )
    result = load_inventory([_ods(tmp_path / "parc.ods", rows)], registries)
    editors = result.portfolio.applications.set_index("name")["editor_id"].to_dict()
    assert editors["Paie"] == editors["Gestion financière"] == editors["État civil"]
    assert editors["État civil"] == "berger-levrault"
    assert editors["Messagerie"] == "microsoft"
    missing = [p for p in result.problems if p.code == "missing_editor"]
    assert [p.location.row for p in missing] == []  # Urbanisme has « à voir » as its editor
    assert sorted(result.portfolio.contracts["annual_cost"].dropna()) == [2000, 4200, 9800, 30000]


def test_a_merged_header_cell_in_an_ods_is_named_as_in_an_xlsx(
    tmp_path: Path, registries: Registries
) -> None:
    rows = (
        "<table:table-row>"
        + _text("Nom")
        + _text("Éditeur")
        + _text("Contact", ' table:number-columns-spanned="2"')
        + COVERED
        + "</table:table-row><table:table-row>"
        + _text("Paie")
        + _text("Berger-Levrault")
        + _text("M. Durand")
        + _text("01 23 45 67 89")
        + "</table:table-row>"
    )
    result = load_inventory([_ods(tmp_path / "parc.ods", rows)], registries)
    assert [p.code for p in result.problems if p.code == "merged_header"] == ["merged_header"]
    apps = result.portfolio.applications
    assert apps["extra:Contact (2)"].tolist() == ["01 23 45 67 89"]


def test_the_ods_scan_notices_a_merge_split_across_the_blocks_it_reads() -> None:
    """lxml reads content.xml block by block: « spanned » cut in two by a block boundary is
    still seen (a merge missed would leave the rows below it blank)."""
    import io

    from vendorlock.readers.sheetscan import _Watch

    data = b'<c table:number-rows-spanned="3"/>'
    for size in range(1, len(data) + 1):
        watch = _Watch(io.BytesIO(data), b"spanned")
        while watch.read(size):
            pass
        assert watch.seen, size
    plain = _Watch(io.BytesIO(b"<c table:number-rows-repeated='3'/>" * 50), b"spanned")
    while plain.read(7):
        pass
    assert not plain.seen
