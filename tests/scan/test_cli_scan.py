"""`vendorlock scan`: three reports, summary first, escaped, in the user's language, stable."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import scan_tree
from click.testing import CliRunner

from vendorlock.cli import main


def _share(tmp_path: Path) -> Path:
    root = tmp_path / "partage"
    (root / "rh").mkdir(parents=True)
    (root / "finances").mkdir()
    (root / "rh" / "<script>alert(1)<b>.doc").write_bytes(scan_tree.KINDS["doc"][2]())
    (root / "rh" / "contrat.odt").write_bytes(scan_tree.KINDS["odt"][2]())
    (root / "finances" / "budget.xls").write_bytes(scan_tree.KINDS["xls"][2]())
    (root / "finances" / "budget.ods").write_bytes(scan_tree.KINDS["ods"][2]())
    return root


def test_scan_writes_html_xlsx_json(tmp_path: Path) -> None:
    root = _share(tmp_path)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["scan", str(root), "-o", str(out), "--lang", "fr"])
    assert done.exit_code == 0, done.output
    doc = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    assert doc["totals"]["files"] == 4
    assert {f["format"]: f["files"] for f in doc["formats"]} == {
        "doc": 1,
        "odt": 1,
        "xls": 1,
        "ods": 1,
    }
    folders = {f["folder"]: f for f in doc["folders"]}
    assert folders["rh"]["to_migrate"] == "doc 1"
    assert folders["finances"]["not_open_files"] == 1
    html = (out / "scan.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;b&gt;.doc" in html
    assert html.index("Part des octets en formats non ouverts") < html.index('id="formats"')
    with zipfile.ZipFile(out / "scan.xlsx") as zf:
        assert "xl/worksheets/sheet2.xml" in zf.namelist()


def test_scan_json_is_deterministic(tmp_path: Path) -> None:
    root = _share(tmp_path)
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        done = CliRunner().invoke(main, ["scan", str(root), "-o", str(out), "--lang", "en"])
        assert done.exit_code == 0, done.output
        runs.append((out / "scan.json").read_bytes())
    assert runs[0] == runs[1]


def test_time_budget_on_the_command_line_marks_the_report_partial(tmp_path: Path) -> None:
    root = tmp_path / "gros"
    scan_tree.generate(root, 2000, per_folder=200, unreadable=False, loops=False)
    out = tmp_path / "out"
    args = ["scan", str(root), "-o", str(out), "--time-budget", "0.000001", "--lang", "en"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    assert "The time budget ran out: the scan is partial" in done.output
    doc = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    assert doc["partial"] is True and 0 < doc["totals"]["files"] < 2000


def test_the_french_scan_reads_as_french(tmp_path: Path) -> None:
    """Issue 10, point 4, on ``vendorlock scan --lang fr``: formats by their French name
    (« Texte OpenDocument »), RGI statuses in words (« recommandé », not ``recommande`` or
    ``en_observation``), the oldest and newest files' days in words (no ISO date), and
    « 0 fichier, 0 octet » agreeing as French does; the JSON keeps the registry's English
    name only."""
    from lxml import html as lxml_html

    root = _share(tmp_path)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["scan", str(root), "-o", str(out), "--lang", "fr"])
    assert done.exit_code == 0, done.output
    page = lxml_html.parse(str(out / "scan.html")).getroot()
    for node in page.xpath("//script|//style"):
        node.getparent().remove(node)
    text = page.text_content().replace("\u00ad", "")  # hyphenation points
    assert "Texte OpenDocument" in text and "OpenDocument Text" not in text
    assert "recommandé" in text
    assert not re.search(r"\b(recommande|en_observation|fin_de_vie|unknown)\b", text)
    assert not re.search(r"\b\d{4}-\d\d-\d\d\b", text)
    assert "0 fichier, 0 octet" in text and "0 fichiers" not in text
    doc = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    odt = next(f for f in doc["formats"] if f["format"] == "odt")
    assert odt["name"] == "OpenDocument Text" and "name_fr" not in odt
