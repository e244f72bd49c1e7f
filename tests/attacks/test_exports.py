"""Hostile names through graph exports and terminal printers; hostile JSON through diff
(issue 12, points 10, 14, 16)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from tests.attacks.cli import run
from tests.attacks.corpus import FORGERS, HOSTILE_NAME, deep_json, edit_csv, hostile_names
from vendorlock.textsafe import terminal_text, xml_clean


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_names(tmp_path_factory.mktemp("hostile"))


def _inert(text: str) -> None:
    """No forging character in ``text`` and no line forged by a name."""
    for bad in FORGERS[1:]:
        assert bad not in text, repr(bad)
    assert not any(line.startswith("vendorlock: all clear") for line in text.splitlines())


# --- 10. control characters in XML / DOT exports ------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_graph_exports_stay_valid_xml(hostile: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"g.{fmt}"
    run("graph", str(hostile), "-o", str(target), "--format", fmt).ok()
    root = etree.parse(str(target)).getroot()  # raises on any XML-invalid character
    texts = [x for x in root.itertext()] + [v for e in root.iter() for v in e.attrib.values()]
    assert any(xml_clean(HOSTILE_NAME) in t for t in texts)
    graph = (
        nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target, version="1.2draft")
    )
    labels = {str(d.get("label")) for _, d in graph.nodes(data=True)}
    assert xml_clean(HOSTILE_NAME) in labels


def test_dot_export_carries_no_control_character(hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.dot"
    run("graph", str(hostile), "-o", str(target), "--format", "dot").ok()
    text = target.read_text(encoding="utf-8")
    assert not any(ord(c) < 32 and c != "\n" for c in text)
    # The name's newline is escaped inside its quoted string, never a DOT line of its own.
    assert not any(line.startswith("vendorlock: all clear") for line in text.splitlines())


def test_audit_reports_of_hostile_names_open(hostile: Path, tmp_path: Path) -> None:
    import openpyxl

    run("audit", str(hostile), "-o", str(tmp_path), "-q", "--as-of", "2026-01-01").ok()
    wb = openpyxl.load_workbook(tmp_path / "audit.xlsx")
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    assert xml_clean(HOSTILE_NAME) in values
    with (tmp_path / "audit.ods").open("rb") as fh:
        import zipfile

        etree.fromstring(zipfile.ZipFile(fh).read("content.xml"))
    doc = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert HOSTILE_NAME in {a["name"] for a in doc["applications"]}  # JSON keeps it exactly


# --- 16. terminal output ------------------------------------------------------------------


def test_terminal_text_neutralises_every_forging_character() -> None:
    text = terminal_text(HOSTILE_NAME)
    _inert(text)
    assert "\n" not in text and "=HYPERLINK" in text
    assert (
        terminal_text("a\u200db\ufeffc\u2028d\u061ce\u200ff")
        == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"
    )


def test_validate_prints_hostile_values_inert(tmp_path: Path) -> None:
    folder = hostile_names(tmp_path)
    edit_csv(folder / "applications.csv", 1, 9, HOSTILE_NAME)  # criticality: refused value
    result = run("validate", str(folder), "--lang", "en")
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert "\ufffd" in result.out  # the value is shown, neutralised
    _inert(result.out + result.err)


def test_compare_and_aggregate_print_hostile_names_inert(hostile: Path, tmp_path: Path) -> None:
    for args in (["compare", "--domain", "finances"], ["aggregate", "-o", str(tmp_path)]):
        result = run(*args, str(hostile), "--lang", "en")
        result.ok()
        _inert(result.out + result.err)


def test_audit_summary_prints_hostile_names_inert(hostile: Path, tmp_path: Path) -> None:
    result = run("audit", str(hostile), "-o", str(tmp_path), "--as-of", "2026-01-01")
    result.ok()
    _inert(result.out + result.err)


def test_an_error_naming_a_hostile_path_is_one_inert_line(tmp_path: Path) -> None:
    folder = tmp_path / "evil\u202ename\nvendorlock: all clear"
    folder.mkdir()
    (folder / "audit.json").mkdir()
    result = run("audit", "-o", str(folder), "--format", "json")
    line = result.refused("audit.json is a folder")
    _inert(line)


# --- 14. diff on hostile JSON ----------------------------------------------------------


@pytest.fixture(scope="module")
def audit_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    run("audit", "-o", str(out), "--format", "json", "-q", "--as-of", "2026-01-01").ok()
    return out / "audit.json"


def test_diff_refuses_deep_json_in_one_line(audit_json: Path, tmp_path: Path) -> None:
    deep = deep_json(tmp_path)
    run("diff", str(audit_json), str(deep), "--lang", "en").refused(str(deep), "nested too deeply")


@pytest.mark.parametrize(
    ("edit", "where", "expected"),
    [
        (
            lambda d: d["applications"][2].update(score="high"),
            "$.applications[2].score",
            "a number",
        ),
        (
            lambda d: d["applications"][0]["criteria"].__setitem__(0, 5),
            "$.applications[0].criteria[0]",
            "an object",
        ),
        (lambda d: d.update(organisations=None), "$.organisations", "a list"),
        (
            lambda d: d["applications"][1].update(level="extreme"),
            "$.applications[1].level",
            "insufficient_data | low | medium",
        ),
        (
            lambda d: d["applications"][1].pop("exit_cost"),
            "$.applications[1].exit_cost",
            "an object",
        ),
        (
            lambda d: d["organisations"][0].update(lockin_index="high"),
            "$.organisations[0].lockin_index",
            "a number or null",
        ),
    ],
)
def test_diff_refuses_mistyped_documents_at_the_path(
    audit_json: Path,
    tmp_path: Path,
    edit,
    where: str,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    doc = json.loads(audit_json.read_text(encoding="utf-8"))
    edit(doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    line = run("diff", str(audit_json), str(bad), "--lang", "en").refused(str(bad), where)
    assert f"expected {expected}" in line


def test_diff_messages_in_french(audit_json: Path, tmp_path: Path) -> None:
    doc = json.loads(audit_json.read_text(encoding="utf-8"))
    doc["applications"][0]["name"] = 12
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    run("diff", str(bad), str(audit_json), "--lang", "fr").refused(
        "$.applications[0].name\u00a0: un texte attendu"
    )
