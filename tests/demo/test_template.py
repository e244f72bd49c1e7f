"""The blank inventory template: sheets, headers, dropdowns, instructions, and it reads back."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from vendorlock.demo.labels import labels_for
from vendorlock.demo.market import DemoError
from vendorlock.demo.template import ods_template, plan, write_template, xlsx_template
from vendorlock.i18n import Lang
from vendorlock.model.schema import Table, all_specs, describe, table_spec
from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.registry import load_registries

FR_SHEETS = [
    "Mode d'emploi",
    "Organisations",
    "Éditeurs",
    "Applications",
    "Contrats",
    "Flux",
    "Listes",
]
EN_SHEETS = [
    "Instructions",
    "Organisations",
    "Editors",
    "Applications",
    "Contracts",
    "Flows",
    "Lists",
]
ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


@pytest.mark.parametrize(("lang", "sheets"), [(Lang.FR, FR_SHEETS), (Lang.EN, EN_SHEETS)])
def test_xlsx_template_has_instructions_first_then_one_sheet_per_table(
    lang: Lang, sheets: list[str]
) -> None:
    wb = load_workbook(io.BytesIO(xlsx_template(lang)))
    assert wb.sheetnames == sheets
    assert wb[sheets[-1]].sheet_state == "hidden"
    for table in Table:
        labels = labels_for(table, lang)
        ws = wb[labels.sheet]
        assert [c.value for c in ws[1]] == list(labels.headers)
        assert ws.freeze_panes == "A2"
        assert ws.max_row == 1  # blank: nothing to delete before filling in


def _validations(ws: object) -> dict[str, str]:
    return {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
        for dv in ws.data_validations.dataValidation  # type: ignore[attr-defined]
    }


def test_xlsx_template_has_dropdowns_for_enums_formats_and_standards() -> None:
    wb = load_workbook(io.BytesIO(xlsx_template(Lang.EN)))
    lists = wb["Lists"]
    columns = {lists.cell(row=1, column=c).value: c for c in range(1, lists.max_column + 1)}

    def values(name: str) -> list[str]:
        col = columns[f"Choices: {name}"]
        return [
            lists.cell(row=r, column=col).value
            for r in range(2, lists.max_row + 1)
            if lists.cell(row=r, column=col).value is not None
        ]

    registries = load_registries()
    assert values("applications.domain") == [
        registries.domains[d].label(Lang.EN)
        for d in table_spec(Table.APPLICATIONS).field("domain").enum or ()
    ]
    assert set(values("formats")) == set(registries.formats)
    assert set(values("standards")) == set(registries.standards)
    assert "proprietary" in values("licences")
    assert values("boolean") == ["Yes", "No"]
    apps = wb["Applications"]
    headers = [c.value for c in apps[1]]
    letters = {h: apps.cell(row=1, column=i + 1).column_letter for i, h in enumerate(headers)}
    dvs = _validations(apps)
    for header in (
        "Domain",
        "Hosting",
        "Licence",
        "Criticality",
        "Customisation",
        "API",
        "Client platform",
        "Storage formats",
        "Export formats",
        "Organisation",
    ):
        assert letters[header] in dvs, header
    contracts = wb["Contracts"]
    headers = [c.value for c in contracts[1]]
    dvs = _validations(contracts)
    for header in ("Renewal", "Reversibility clause", "Procedure", "Data-return format"):
        assert contracts.cell(row=1, column=headers.index(header) + 1).column_letter in dvs
    flows = wb["Flows"]
    headers = [c.value for c in flows[1]]
    dvs = _validations(flows)
    for header in ("Standard", "Format", "Protocol", "Frequency"):
        assert flows.cell(row=1, column=headers.index(header) + 1).column_letter in dvs


def test_instructions_explain_every_column_with_its_example() -> None:
    wb = load_workbook(io.BytesIO(xlsx_template(Lang.FR)))
    rows = list(wb["Mode d'emploi"].iter_rows(values_only=True))
    by_label = {}
    for row in rows:
        by_label.setdefault(row[0], row)
    app_labels = labels_for(Table.APPLICATIONS, Lang.FR)
    for field, label in zip(app_labels.fields, app_labels.headers, strict=True):
        row = by_label[label]
        spec = table_spec(Table.APPLICATIONS).field(field)
        assert row[1] == describe(Table.APPLICATIONS, Lang.FR, field)
        assert row[3] == ("Oui" if spec.required else "Non")
    assert by_label["Domaine"][4].startswith(
        "Finances et comptabilité · Ressources humaines et paie"
    )
    # a choice holding a comma stays one choice
    assert " · Assemblées, délibérations et actes · " in by_label["Domaine"][4]
    assert by_label["Date de fin"][5] == "31/12/2026"  # the schema's example, French style


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.;?])\s+", text) if len(s.strip()) > 3]


def _instruction_text(lang: Lang) -> tuple[str, str]:
    """Every cell of the instructions sheet, in the xlsx and in the ods template."""
    wb = load_workbook(io.BytesIO(xlsx_template(lang)))
    xlsx = "\n".join(
        str(c) for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c
    )
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(ods_template(lang))).read("content.xml"))
    ods = "\n".join(root.find(".//table:table", ODS).itertext())
    return xlsx, ods


def test_french_template_describes_every_table_and_column_in_french() -> None:
    """Issue 10, point 4: the French instructions sheet once described each sheet and column
    with the schema's English sentences (« Feuille « Organisations » : Public bodies whose
    portfolio is inventoried. »). No sentence of any English description is left in the French
    template (xlsx and ods), each French one is there, and the English template keeps the
    published schema's words exactly."""
    english = {spec.description for spec in all_specs()}
    english |= {f.description for spec in all_specs() for f in spec.fields}
    for spec in all_specs():
        assert describe(spec.table, Lang.EN) == spec.description
        for f in spec.fields:
            assert describe(spec.table, Lang.EN, f.name) == f.description, f.name
    sentences = {s for text in english for s in _sentences(text)}
    assert "Public bodies whose portfolio is inventoried." in sentences
    french = [describe(spec.table, Lang.FR) for spec in all_specs()]
    french += [describe(spec.table, Lang.FR, f.name) for spec in all_specs() for f in spec.fields]
    for text in _instruction_text(Lang.FR):
        assert {s for s in sentences if s in text} == set()
        assert all(f in text for f in french)
        assert "Feuille\u00a0« Organisations »" not in text  # guillemets hold their words
    for text in _instruction_text(Lang.EN):
        assert all(e in text for e in english)


def test_french_template_writes_french_numbers_and_separators() -> None:
    """The French instructions join the allowed values with « \u00a0; » and write the decimal
    example as a French reader types it (12,5), as the English ones keep « ; » and 12.5."""
    for lang, volume, sep in ((Lang.FR, "12,5", "\u00a0; "), (Lang.EN, "12.5", "; ")):
        wb = load_workbook(io.BytesIO(xlsx_template(lang)))
        rows = {r[0]: r for r in wb.worksheets[0].iter_rows(values_only=True) if r and r[0]}
        label = labels_for(Table.APPLICATIONS, lang).headers[
            labels_for(Table.APPLICATIONS, lang).fields.index("data_volume_gb")
        ]
        assert rows[label][5] == volume
        formats = labels_for(Table.APPLICATIONS, lang).headers[
            labels_for(Table.APPLICATIONS, lang).fields.index("export_formats")
        ]
        assert sep in rows[formats][4]
        assert (" ; " if lang is Lang.EN else "csv; ") not in rows[formats][4]


def test_ods_template_has_sheets_headers_and_validations() -> None:
    archive = zipfile.ZipFile(io.BytesIO(ods_template(Lang.FR)))
    assert archive.namelist()[0] == "mimetype"
    root = etree.fromstring(archive.read("content.xml"))
    tables = root.findall(".//table:table", ODS)
    assert [t.get(f"{{{ODS['table']}}}name") for t in tables] == FR_SHEETS
    apps = tables[3]
    first_row = apps.find("table:table-row", ODS)
    texts = ["".join(c.itertext()) for c in first_row.findall("table:table-cell", ODS)]
    assert texts == list(labels_for(Table.APPLICATIONS, Lang.FR).headers)
    validations = root.findall(".//table:content-validation", ODS)
    names = {v.get(f"{{{ODS['table']}}}name") for v in validations}
    assert {"val_applications_domain", "val_flows_standard", "val_contracts_renewal"} <= names
    # LibreOffice drops a condition whose OpenFormula prefix is not declared.
    assert root.nsmap["of"] == "urn:oasis:names:tc:opendocument:xmlns:of:1.2"
    condition = validations[0].get(f"{{{ODS['table']}}}condition")
    assert condition.startswith("of:cell-content-is-in-list([$Listes.$")


def test_templates_are_reproducible() -> None:
    assert xlsx_template(Lang.FR) == xlsx_template(Lang.FR)
    assert ods_template(Lang.EN) == ods_template(Lang.EN)


def test_template_is_never_overwritten_without_force(tmp_path: Path) -> None:
    path = tmp_path / "inventaire.xlsx"
    write_template(path, Lang.FR)
    with pytest.raises(DemoError, match="already exists; pass --force") as info:
        write_template(path, Lang.FR)
    assert info.value.key == "demo.error.exists"
    write_template(path, Lang.EN, force=True)
    assert load_workbook(path).sheetnames[0] == "Instructions"


def test_template_needs_a_spreadsheet_suffix(tmp_path: Path) -> None:
    with pytest.raises(DemoError, match=r"must end in \.xlsx or \.ods") as info:
        write_template(tmp_path / "inventory.csv", Lang.EN)
    assert info.value.key == "demo.error.template_suffix"


def _fill(path: Path, lang: Lang) -> None:
    """What a user's script does: open the template, append rows under each header."""
    yes = "Oui" if lang is Lang.FR else "Yes"
    rows = {
        Table.ORGANISATIONS: [
            {"org_id": "299000018", "name": "Commune test", "kind": "commune", "population": 4200},
        ],
        Table.EDITORS: [
            {"editor_id": "berger-levrault", "name": "Berger-Levrault", "country": "FR"},
        ],
        Table.APPLICATIONS: [
            {
                "app_id": "t-fin",
                "org_id": "299000018",
                "name": "Gestion financière",
                "product": "e.magnus Gestion financière",
                "editor_id": "berger-levrault",
                "domain": "finances",
                "licence": "proprietary",
                "hosting": "on_premise",
                "criticality": "critical",
                "users": 8,
                "data_volume_gb": 4.5,
                "storage_formats": "proprietary_db; pdf",
                "export_formats": "csv",
            },
            {
                "app_id": "t-rh",
                "org_id": "299000018",
                "name": "Paie",
                "editor_id": "berger-levrault",
                "domain": "hr_payroll",
            },
        ],
        Table.CONTRACTS: [
            {
                "contract_id": "t-c1",
                "org_id": "299000018",
                "editor_id": "berger-levrault",
                "app_ids": "t-fin; t-rh",
                "start_date": dt.date(2023, 1, 1),
                "end_date": dt.date(2027, 12, 31),
                "annual_cost": 12000,
                "renewal": "tacit",
                "notice_months": 3,
                "reversibility_clause": yes,
                "procedure": "mapa",
            },
        ],
        Table.FLOWS: [
            {
                "flow_id": "t-f1",
                "org_id": "299000018",
                "source": "t-fin",
                "target": "helios",
                "format": "pes_v2_xml",
                "standard": "pes_v2",
                "protocol": "web_service",
                "frequency": "daily",
            },
            {
                "flow_id": "t-f2",
                "org_id": "299000018",
                "source": "t-rh",
                "target": "t-fin",
                "format": "csv",
                "frequency": "monthly",
            },
        ],
    }
    wb = load_workbook(path)
    for table, records in rows.items():
        labels = labels_for(table, lang)
        ws = wb[labels.sheet]
        for record in records:
            ws.append([record.get(f) for f in labels.fields])
    wb.save(path)


@pytest.mark.parametrize("lang", [Lang.FR, Lang.EN])
def test_a_filled_template_validates(tmp_path: Path, lang: Lang) -> None:
    path = tmp_path / "inventaire.xlsx"
    write_template(path, lang)
    _fill(path, lang)
    result = load_inventory([path], load_registries(), LoadOptions())
    assert not result.errors(), result.errors()
    counts = result.portfolio.counts()
    assert counts == {
        "organisations": 1,
        "editors": 1,
        "applications": 2,
        "contracts": 1,
        "flows": 2,
    }


def _dropdowns(lang: Lang) -> dict[str, tuple[str, ...]]:
    return {choice.name: choice.values for choice in plan(lang)[1]}


def test_french_dropdowns_offer_french_words_not_identifiers() -> None:
    """A French DSI picks « sur site » or « tacite », not ``on_premise`` or ``tacit``."""
    lists = load_workbook(io.BytesIO(xlsx_template(Lang.FR)))["Listes"]
    offered = {c.value for row in lists.iter_rows(min_row=2) for c in row if c.value}
    expected = {
        "sur site", "SaaS de l'éditeur", "critique", "tacite", "sans reconduction",
        "MAPA (procédure adaptée)", "quotidienne", "partage de fichiers", "EPCI (intercommunalité)",
        "Ressources humaines et paie", "navigateur web", "standard ouvert", "propriétaire",
    }  # fmt: skip
    assert expected <= offered
    identifiers = {"on_premise", "editor_saas", "tacit", "open_tender", "hr_payroll", "daily"}
    assert not identifiers & offered


@pytest.mark.parametrize("lang", [Lang.FR, Lang.EN])
def test_every_dropdown_choice_reads_back_as_its_value(tmp_path: Path, lang: Lang) -> None:
    """A template filled from its own dropdowns, every choice of every enumerated column once,
    reads back without a problem on those columns, each cell as the value it stands for."""
    path = tmp_path / "inventaire.xlsx"
    write_template(path, lang)
    choices = _dropdowns(lang)
    wb = load_workbook(path)

    def put(table: Table, record: dict[str, object]) -> None:
        labels = labels_for(table, lang)
        wb[labels.sheet].append([record.get(f) for f in labels.fields])

    def pick(name: str, i: int) -> str:
        return choices[name][i % len(choices[name])]

    for i, kind in enumerate(choices["organisations.kind"]):
        put(Table.ORGANISATIONS, {"org_id": f"o{i}", "name": f"Org {i}", "kind": kind})
    put(Table.EDITORS, {"editor_id": "ed", "name": "Éditeur"})
    app_fields = ("hosting", "criticality", "customisation", "client_platform", "api")
    domains = choices["applications.domain"]
    for i, domain in enumerate(domains):
        record: dict[str, object] = {"app_id": f"a{i}", "org_id": "o0", "name": f"App {i}"}
        record |= {"editor_id": "ed", "domain": domain}
        record |= {f: pick(f"applications.{f}", i) for f in app_fields}
        put(Table.APPLICATIONS, record)
    for i in range(7):
        record = {"contract_id": f"c{i}", "org_id": "o0", "editor_id": "ed", "app_ids": f"a{i}"}
        record |= {"end_date": dt.date(2028, 1, 1), "annual_cost": 1000}
        record |= {
            "renewal": pick("contracts.renewal", i),
            "procedure": pick("contracts.procedure", i),
        }
        put(Table.CONTRACTS, record)
    for i in range(9):
        record = {"flow_id": f"f{i}", "org_id": "o0", "source": f"a{i}", "target": f"a{i + 1}"}
        record |= {"protocol": pick("flows.protocol", i), "frequency": pick("flows.frequency", i)}
        put(Table.FLOWS, record)
    wb.save(path)

    result = load_inventory([path], load_registries(), LoadOptions())
    assert not result.problems, [p.code for p in result.problems]
    portfolio = result.portfolio
    tables = {
        Table.ORGANISATIONS: portfolio.organisations,
        Table.APPLICATIONS: portfolio.applications,
        Table.CONTRACTS: portfolio.contracts,
        Table.FLOWS: portfolio.flows,
    }
    for table, frame in tables.items():
        for spec in table_spec(table).fields:
            if spec.enum:
                enum = list(spec.enum)
                used = len(frame) if len(frame) < len(enum) else len(enum)
                read = frame[spec.name].astype(str).tolist()
                assert read[:used] == enum[:used], (table.value, spec.name)
