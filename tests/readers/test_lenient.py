"""Lenient by default, strict on demand (issue 7, points 9 and 10).

A DSI's sheet with a few bad rows is still audited: those rows are set aside with their located
reason and every report says so; ``--strict`` refuses the whole inventory. A contract that
covers no application still counts in the body's spend.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.model.problems import Severity
from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.registry import Registries

HEADER = (
    "Nom;Éditeur;Domaine;Hébergement;Coût annuel;Date de début;Date de fin;Reconduction;"
    "Réversibilité;Formats d'export"
)
#: Twenty applications a commune of ~15,000 inhabitants runs (names and editors of the market).
APPS = [
    ("Paie", "Berger-Levrault", "RH", "SaaS", "12 345,67"),
    ("Gestion financière", "Ciril Group", "Finances", "sur site", "9 800"),
    ("État civil", "Arpège", "État civil", "SaaS", "4 200"),
    ("Élections", "Arpège", "Élections", "SaaS", "1 900"),
    ("Urbanisme", "Operis", "Urbanisme", "SaaS", "6 500"),
    ("Courrier", "Libriciel", "Courrier", "SaaS", "2 400"),
    ("Actes", "Libriciel", "Actes", "SaaS", "1 800"),
    ("Messagerie", "Microsoft", "Bureautique", "SaaS", "15 000"),
    ("Bureautique", "Microsoft", "Bureautique", "SaaS", "22 000"),
    ("Cimetières", "Logitud", "Cimetières", "sur site", "950"),
    ("Police municipale", "Logitud", "Police", "sur site", "3 100"),
    ("Restauration scolaire", "Arpège", "Enfance", "SaaS", "5 600"),
    ("Petite enfance", "Aiga", "Enfance", "SaaS", "4 400"),
    ("Bibliothèque", "Decalog", "Bibliothèque", "SaaS", "3 900"),
    ("Marchés publics", "Atexo", "Marchés", "SaaS", "2 700"),
    ("Patrimoine", "Berger-Levrault", "Patrimoine", "sur site", "3 300"),
    ("Parapheur", "Libriciel", "Courrier", "SaaS", "1 200"),
    ("Gestion des salles", "Arpège", "Services techniques", "SaaS", "800"),
    ("Site internet", "Stratis", "Relation citoyen", "SaaS", "7 000"),
    ("Téléphonie", "Orange", "Infrastructure", "SaaS", "11 000"),
]
#: Rows (1-based in APPS) made wrong the way people get them wrong.
BAD = {4: "cost", 9: "dates", 15: "name"}


def _lines() -> list[str]:
    lines = ["Inventaire applicatif — Ville de Gentilly (mise à jour DSI)", HEADER]
    for i, (name, editor, domain, hosting, cost) in enumerate(APPS, start=1):
        start, end = "01/01/2023", "31/12/2027"
        if BAD.get(i) == "cost":
            cost = "voir DAF"
        if BAD.get(i) == "dates":
            start, end = "01/01/2024", "31/12/2022"
        if BAD.get(i) == "name":
            name = ""
        lines.append(f"{name};{editor};{domain};{hosting};{cost};{start};{end};tacite;Non;CSV; ODT")
    return lines


@pytest.fixture
def twenty(tmp_path: Path) -> Path:
    path = tmp_path / "gentilly.csv"
    path.write_text("\n".join(_lines()) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _row(i: int) -> int:
    """Spreadsheet row of APPS[i-1]: a title row and the header come first."""
    return i + 2


def test_audit_sets_three_bad_rows_aside_and_audits_the_seventeen_others(
    twenty: Path, tmp_path: Path
) -> None:
    out = tmp_path / "rapport"
    code, stdout, stderr = _run("audit", str(twenty), "-o", str(out), "--lang", "fr")
    assert code == 0, stderr
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert doc["summary"]["applications"] == 17
    aside = doc["set_aside"]
    assert aside["rows"] == 3
    assert [r["row"] for r in aside["list"]] == [_row(4), _row(9), _row(15)]
    assert {r["code"]: r["rows"] for r in aside["reasons"]} == {
        "invalid_number": 1,
        "end_before_start": 1,
        "required": 1,
    }
    by_row = {r["row"]: r for r in aside["list"]}
    assert by_row[_row(4)]["reasons"][0]["column"] == "Coût annuel"
    assert "voir DAF" in by_row[_row(4)]["reasons"][0]["message"]
    assert by_row[_row(15)]["reasons"][0]["column"] == "Nom"
    assert by_row[_row(4)]["tables"] == ["applications", "contracts"]
    # The terminal, in French, names each row and the count per reason.
    assert f"{twenty}\u00a0: ligne {_row(9)}\u00a0: écartée — Date de fin\u00a0:" in stderr
    assert "3 lignes écartées, tout le reste est conservé" in stderr
    assert "Lignes écartées, non auditées\u00a0: 3" in stdout
    # The HTML page says it in its summary and lists the rows in its problems section.
    html = (out / "audit.html").read_text(encoding="utf-8")
    assert "Lignes écartées, non auditées\u00a0: 3 —" in html
    assert "voir DAF" in html
    book = openpyxl.load_workbook(out / "audit.xlsx", read_only=True)
    cells = [
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    ]
    summary = [list(r[:2]) for r in book.worksheets[0].iter_rows(values_only=True)]
    at = summary.index(["Lignes de l'inventaire écartées (non auditées)", 3])  # a number cell
    assert all(str(k).startswith("dont\u00a0: ") for k, _ in summary[at + 1 : at + 3])  # per reason
    assert cells.count("Écartée") == 3  # the rows, at the top of the problems sheet
    note = (out / "audit.md").read_text(encoding="utf-8")
    assert "3 lignes de l'inventaire comportent des erreurs et ne sont pas comptées ici." in note


def test_strict_refuses_the_inventory_with_the_located_errors(twenty: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    code, _, stderr = _run("audit", str(twenty), "-o", str(out), "--strict")
    assert code == 1
    assert not out.exists()
    assert f"{twenty}: row {_row(4)}, column 'Coût annuel': error: 'voir DAF' is not a number" in (
        stderr
    )
    assert f"{twenty}: row {_row(15)}, column 'Nom': error: empty" in stderr
    assert "the inventory has 3 errors: fix them" in stderr


def test_validate_still_exits_1_and_says_what_an_audit_would_set_aside(twenty: Path) -> None:
    code, stdout, _ = _run("validate", str(twenty))
    assert code == 1
    assert "3 rows would be set aside by an audit" in stdout
    assert "20 applications" in stdout.splitlines()[-1]


def test_graph_is_written_without_the_bad_rows(twenty: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.json"
    code, _, stderr = _run("graph", str(twenty), "--format", "json", "-o", str(target))
    assert code == 0, stderr
    graph = json.loads(target.read_text(encoding="utf-8"))
    apps = [n for n in graph["nodes"] if n.get("kind") == "application"]
    assert len(apps) == 17
    assert "3 rows set aside" in stderr


def test_nothing_usable_left_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "vide.csv"
    path.write_text(HEADER + "\n;Ciril;Finances;SaaS;100;;;;;\n", encoding="utf-8")
    code, _, stderr = _run("audit", str(path), "-o", str(tmp_path / "r"))
    assert code == 1
    assert "nothing usable left to audit" in stderr


FOLDER_APPS = (
    '"Identifiant application","Nom","Éditeur","Domaine","Hébergement","Coût annuel"\n'
    '"fin","Gestion financière","Ciril Group","Finances","sur site",""\n'
    '"rh","Paie","Berger-Levrault","RH","SaaS",""\n'
    '"ged","GED","Dupont Informatique","Courrier","mainframe",""\n'
)
FOLDER_FLOWS = (
    '"Source","Cible","Données","Format","Norme d\'échange"\n'
    '"Paie","fin","écritures de paie","CSV",""\n'
    '"GED","fin","pièces justificatives","PDF",""\n'
    '"Gestion financière","Hélios","mandats et titres","XML","PES V2"\n'
)
FOLDER_CONTRACTS = (
    '"N° contrat","Éditeur","Applications couvertes","Date de fin","Coût annuel (€ HT)"\n'
    '"C-1","Ciril Group","fin","31/12/2027","10 000"\n'
    '"C-2","Dupont Informatique","GED","31/12/2026","5 000"\n'
    '"C-3","Inetum","","31/12/2028","7 500"\n'
    '"C-4","Veolia","Facturation eau","31/12/2026","1 000"\n'
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "arcueil"
    root.mkdir()
    (root / "applications.csv").write_text(FOLDER_APPS, encoding="utf-8")
    (root / "flux.csv").write_text(FOLDER_FLOWS, encoding="utf-8")
    (root / "contrats.csv").write_text(FOLDER_CONTRACTS, encoding="utf-8")
    return root


def test_rows_naming_a_set_aside_application_follow_it(
    folder: Path, registries: Registries
) -> None:
    # "mainframe" is no hosting value: the GED row is set aside. Its flow goes with it; its
    # contract stays (the money is real), with a warning.
    result = load_inventory([folder], registries, LoadOptions(lenient=True))
    apps = result.portfolio.applications
    assert sorted(apps["app_id"]) == ["fin", "rh"]
    assert len(result.portfolio.flows) == 2
    assert sorted(result.portfolio.contracts["contract_id"]) == ["C-1", "C-2", "C-3", "C-4"]
    codes = {r.location.file.split("/")[-1]: r.codes for r in result.set_aside}
    assert codes == {"applications.csv": ("invalid_value",), "flux.csv": ("set_aside_flow_end",)}
    kept = [p for p in result.problems if p.code == "contract_app_set_aside"]
    assert [(p.location.row, dict(p.params)["apps"]) for p in kept] == [(3, "ged")]
    # A contract naming an application nobody listed is kept too (its money is real), the
    # error reported as a warning.
    (unknown,) = [p for p in result.problems if p.code == "unknown_application"]
    assert unknown.severity is Severity.WARNING and unknown.location.row == 5


def test_strict_loading_keeps_every_row(folder: Path, registries: Registries) -> None:
    result = load_inventory([folder], registries)
    assert len(result.portfolio.applications) == 3 and not result.set_aside


def test_contract_without_application_counts_in_the_spend(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    code, _, stderr = _run("audit", str(folder), "-o", str(out), "--format", "json")
    assert code == 0, stderr
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    # C-1 (fin) 10,000 + C-2 (GED, set aside but its money is real) 5,000 + C-3 (Inetum: no
    # application at all) 7,500 + C-4 (names an application nobody listed) 1,000.
    assert doc["summary"]["annual_spend"] == 23_500.0
    (org,) = doc["organisations"]
    assert org["annual_spend"] == 23_500.0
    assert doc["summary"]["unlinked_contracts"] == 3
    unlinked = [p for p in doc["problems"] if p["code"] == "contract_without_application"]
    assert sorted(p["params"]["contract"] for p in unlinked) == ["C-2", "C-3", "C-4"]
    assert [p["row"] for p in doc["problems"] if p["code"] == "unknown_application"] == [5]
    # The editor concentration is computed from the same contracts: Inetum has a third of it.
    (ciril,) = [e for e in doc["editors"] if e["name"] == "Ciril GROUP"]
    assert ciril["annual_spend"] == 10_000.0
    assert ciril["spend_share"] == pytest.approx(10_000 / 23_500, abs=1e-6)
    shares = [v / 23_500 for v in (10_000, 5_000, 7_500, 1_000)]
    assert org["hhi_editor"] == pytest.approx(sum(s * s for s in shares) * 10_000, abs=0.1)
    assert org["top_editor"] == "Ciril GROUP"  # the registry's spelling


def test_an_unreadable_file_is_listed_and_the_others_audited(
    twenty: Path, tmp_path: Path, assets: Path
) -> None:
    folder = tmp_path / "inventaire"
    folder.mkdir()
    (folder / "gentilly.csv").write_bytes(twenty.read_bytes())
    (folder / "contrats.xlsx").write_bytes((assets / "corrupt.xlsx").read_bytes())
    out = tmp_path / "r"
    code, _, stderr = _run("audit", str(folder), "-o", str(out), "--format", "json")
    assert code == 0, stderr
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert doc["summary"]["applications"] == 17
    whole = [r for r in doc["set_aside"]["list"] if not r["tables"]]
    assert [Path(r["file"]).name for r in whole] == ["contrats.xlsx"]
    assert whole[0]["reasons"][0]["code"] == "corrupt_workbook"
    assert {"code": "input", "label": "file or sheet unreadable", "rows": 1} in doc["set_aside"][
        "reasons"
    ]


def test_a_missing_required_column_sets_its_sheet_aside(tmp_path: Path) -> None:
    folder = tmp_path / "inventaire"
    folder.mkdir()
    (folder / "applications.csv").write_text(FOLDER_APPS, encoding="utf-8")
    # A flows sheet without its "Cible" column: none of its rows can be a flow.
    (folder / "flux.csv").write_text(
        '"Source","Données","Format"\n"Paie","écritures de paie","CSV"\n"GED","pièces","PDF"\n',
        encoding="utf-8",
    )
    out = tmp_path / "r"
    code, _, stderr = _run("audit", str(folder), "-o", str(out), "--format", "json")
    assert code == 0, stderr
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    flows = [r for r in doc["set_aside"]["list"] if r["tables"] == ["flows"]]
    assert [r["row"] for r in flows] == [2, 3]
    assert {x["code"] for r in flows for x in r["reasons"]} == {"missing_column"}
    assert doc["summary"]["flows"] == 0


def test_a_damaged_file_is_counted_as_a_file_not_as_a_row(twenty: Path, tmp_path: Path) -> None:
    """A workbook that cannot be opened, given with a good inventory: validate and the audit
    say one unreadable file is left out (not « 1 ligne écartée »), in French as in English,
    and the rows of the good file are counted as rows."""
    damaged = tmp_path / "export-ancien.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not a workbook")
    code, stdout, _ = _run("validate", str(damaged), str(twenty), "--lang", "fr")
    assert code == 1
    assert "3 lignes seraient écartées par un audit" in stdout
    assert "1 fichier ou feuille illisible serait laissé de côté par un audit" in stdout
    assert "ligne serait écartée" not in stdout
    out = tmp_path / "rapport"
    code, stdout, stderr = _run("audit", str(damaged), str(twenty), "-o", str(out), "--lang", "fr")
    assert code == 0, stderr
    # the summary counts the rows apart from the file (was « 4 — fichier ou feuille illisible
    # (1), … » under « Lignes écartées »)
    assert "Lignes écartées, non auditées\u00a0: 3 — " in stdout
    assert "illisible (1)" not in stdout
    assert "1 fichier ou feuille illisible laissé de côté, non audité" in stdout
    summary = openpyxl.load_workbook(out / "audit.xlsx")["Synthèse"]
    cells = {r[0]: r[1] for r in summary.iter_rows(values_only=True) if r and r[0]}
    assert cells["Lignes de l'inventaire écartées (non auditées)"] == 3
    assert cells["Fichiers ou feuilles illisibles (non audités)"] == 1
    assert f"{damaged}\u00a0: laissé de côté — le classeur est endommagé" in stderr
    assert "3 lignes écartées, tout le reste est conservé" in stderr
    assert "1 fichier ou feuille illisible laissé de côté, le reste est audité" in stderr
    note = (out / "audit.md").read_text(encoding="utf-8")
    assert "3 lignes de l'inventaire comportent des erreurs et ne sont pas comptées ici." in note
    assert (
        "1 fichier ou feuille de l'inventaire n'a pas pu être lu et n'est pas compté ici." in note
    )
    code, stdout, _ = _run("validate", str(damaged), "--lang", "en")
    assert "1 unreadable file or sheet would be left out by an audit" in stdout
    assert "row would be set aside" not in stdout


def test_contracts_without_an_editor_column_take_their_applications_editor(
    tmp_path: Path,
) -> None:
    """A contracts register (« N° », « Applications couvertes », end date, cost) with the editor
    only on the applications sheet was refused row by row (« aucune colonne pour le champ
    obligatoire Éditeur ») and an audit set every contract aside: each contract now takes the
    editor of the applications it covers, with one warning for the sheet; a contract covering
    applications of two editors keeps none, and only it is an error."""
    book = openpyxl.Workbook()
    apps = book.active
    apps.title = "Applications"
    apps.append(["Identifiant application", "Nom de l'application", "Éditeur", "Domaine"])
    apps.append(["app-fin", "Gestion financière", "Berger-Levrault", "Finances"])
    apps.append(["app-rh", "Paie", "Ciril Group", "RH"])
    apps.append(["app-ec", "État civil", "Berger-Levrault", "État civil"])
    contracts = book.create_sheet("Contrats")
    contracts.append(
        ["Identifiant contrat", "Applications couvertes", "Date de fin", "Coût annuel"]
    )
    contracts.append(["c1", "app-fin; app-ec", "31/12/2027", 12000])
    contracts.append(["c2", "app-rh", "30/06/2027", 8000])
    contracts.append(["c3", "app-fin; app-rh", "30/06/2028", 500])
    contracts.append(["c4", None, "30/06/2028", 700])
    path = tmp_path / "inventaire.xlsx"
    book.save(path)
    code, stdout, _ = _run("validate", str(path), "--lang", "fr")
    assert code == 1
    assert (
        "feuille «\u00a0Contrats\u00a0», ligne 1\u00a0: avertissement\u00a0: pas de colonne "
        "«\u00a0Éditeur\u00a0»\u00a0: l'éditeur de 2 contrats est repris des applications"
    ) in stdout
    assert "2 lignes seraient écartées par un audit" in stdout  # c3 and c4 only
    assert "le contrat ne nomme aucune application d'où le reprendre" in stdout
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    report = json.loads(result.stdout)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert [(p["code"], p["row"], p["column"]) for p in errors] == [
        ("contract_editor_unknown", 4, "Applications couvertes"),
        ("contract_without_editor", 5, "Applications couvertes"),
    ]
    assert "aucune colonne pour le champ obligatoire" not in stdout
    out = tmp_path / "rapport"
    code, _, stderr = _run("audit", str(path), "-o", str(out), "--lang", "fr")
    assert code == 0, stderr
    assert (
        "2 lignes écartées, tout le reste est conservé — éditeur du contrat inconnu (1), "
        "contrat sans éditeur ni application (1)"
    ) in stderr
