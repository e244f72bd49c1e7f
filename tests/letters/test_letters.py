"""`vendorlock letters` on the demo: one valid DOCX per contract falling due, and the list."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from tests.history.conftest import demo_audit
from vendorlock.cli import main
from vendorlock.fileio import normalise_zip
from vendorlock.i18n import Lang
from vendorlock.letters import letter_plan, letters_xlsx, write_letter
from vendorlock.letters.plan import long_date

AS_OF = date(2026, 1, 15)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return demo_audit(AS_OF, Lang.FR)


def _due(doc: dict[str, Any], end: str) -> set[tuple[str, str]]:
    return {
        (a["org_id"], a["contract_id"])
        for a in doc["applications"]
        if a["contract_id"] and a["decision_date"] and doc["as_of"] <= a["decision_date"] < end
    }


def _text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(zf.read(name))
        root = ElementTree.fromstring(zf.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def test_one_letter_per_contract_in_the_window(doc: dict[str, Any]) -> None:
    plan = letter_plan(doc, date(2026, 7, 15), Lang.FR)
    assert {(x.org_id, x.contract_id) for x in plan} == _due(doc, "2026-07-15")
    assert len(plan) > 5
    assert [x.send_by for x in plan] == sorted(x.send_by for x in plan)
    later = letter_plan(doc, date(2026, 12, 31), Lang.FR)
    assert len(later) > len(plan)


def test_letter_content_and_legal_bases(doc: dict[str, Any]) -> None:
    plan = letter_plan(doc, date(2026, 7, 15), Lang.FR)
    notice = next(x for x in plan if x.non_renewal)
    text = _text(write_letter(notice, Lang.FR))
    assert "MODÈLE DE COURRIER" in text and "service juridique" in text
    assert notice.contract_id in text and notice.editor in text
    assert "R2112-4" in text and "reconduction" in text
    assert "art. 28, paragraphe 3, point g)" in text
    assert "[Nom et qualité du signataire, signature]" in text
    assert f"À envoyer au plus tard le {long_date(notice.send_by, Lang.FR)}" in text
    assert notice.notice_deadline and notice.send_by < notice.notice_deadline
    with_clauses = next(x for x in plan if x.clauses)
    assert "CCAG-TIC" in _text(write_letter(with_clauses, Lang.FR))
    # Data Act only for data-processing services (SaaS, cloud).
    for x in plan:
        assert ("2023/2854" in _text(write_letter(x, Lang.FR))) == x.data_processing
    english = _text(write_letter(notice, Lang.EN))
    assert "MODEL LETTER" in english and "legal service" in english
    assert "We hereby give notice" in english


def test_dates_written_out() -> None:
    assert long_date("2027-01-25", Lang.FR) == "25 janvier 2027"
    assert long_date("2026-08-01", Lang.FR) == "1er août 2026"
    assert long_date("2026-08-01", Lang.EN) == "1 August 2026"


def test_letters_are_byte_identical_across_runs(doc: dict[str, Any]) -> None:
    plan = letter_plan(doc, date(2026, 7, 15), Lang.FR)
    assert write_letter(plan[0], Lang.FR) == write_letter(plan[0], Lang.FR)
    with zipfile.ZipFile(io.BytesIO(write_letter(plan[0], Lang.FR))) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert not any("core.xml" in n for n in zf.namelist())
    assert letters_xlsx(plan, Lang.FR) == letters_xlsx(plan, Lang.FR)


def test_letter_is_written_normalised_in_one_pass(doc: dict[str, Any]) -> None:
    """The letter's zip comes out of the writer already in normal form (fixed timestamps and
    attributes, content types first, then sorted members): no second pass needed."""
    letter = write_letter(letter_plan(doc, date(2026, 7, 15), Lang.FR)[0], Lang.FR)
    again = normalise_zip(letter, first="[Content_Types].xml")

    def layout(data: bytes) -> list[tuple[object, ...]]:
        # members, order, timestamps, attributes and contents (normalise_zip deflates with
        # Python's zlib, the writer with zlib-ng: the compressed bytes differ)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [
                (i.filename, i.date_time, i.external_attr, i.compress_type, i.CRC, zf.read(i))
                for i in zf.infolist()
            ]

    assert layout(again) == layout(letter)
    with zipfile.ZipFile(io.BytesIO(letter)) as zf:
        names = zf.namelist()
        assert {i.external_attr >> 16 for i in zf.infolist()} == {0o644}
    assert names == ["[Content_Types].xml", *sorted(names[1:])]


def test_cli_writes_letters_and_list(tmp_path: Path, doc: dict[str, Any]) -> None:
    out = tmp_path / "courriers"
    res = CliRunner().invoke(main, ["letters", "--as-of", "2026-01-15", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "courriers" in res.output  # French by default
    due = _due(doc, "2026-07-15")
    docx = sorted(out.glob("*.docx"))
    assert len(docx) == len(due)
    for path in docx:
        assert "MODÈLE DE COURRIER" in _text(path.read_bytes())
    with zipfile.ZipFile(out / "letters.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        strings = zf.read("xl/sharedStrings.xml").decode()
    assert sheet.count("<row ") == len(due) + 1
    assert all(p.name in strings for p in docx)


def test_cli_english_and_before(tmp_path: Path) -> None:
    out = tmp_path / "letters"
    res = CliRunner().invoke(
        main,
        [
            "letters",
            "--as-of",
            "2026-01-15",
            "--before",
            "2026-03-01",
            "--lang",
            "en",
            "-o",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "letters for the decisions due from 2026-01-15 to 2026-03-01" in res.output


@pytest.mark.skipif(
    not shutil.which("soffice") and os.environ.get("VENDORLOCK_REQUIRE_OFFICE") != "1",
    reason="LibreOffice is not installed (CI sets VENDORLOCK_REQUIRE_OFFICE=1: never skipped)",
)
def test_letter_opens_in_libreoffice(tmp_path: Path, doc: dict[str, Any]) -> None:
    plan = letter_plan(doc, date(2026, 7, 15), Lang.FR)
    src = tmp_path / plan[0].file_name
    src.write_bytes(write_letter(plan[0], Lang.FR))
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = src.with_suffix(".pdf")
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_letters_from_an_audit_json_match_the_inventory_run(
    tmp_path: Path, doc: dict[str, Any]
) -> None:
    report = tmp_path / "rapport"
    res = CliRunner().invoke(
        main, ["audit", "--as-of", "2026-01-15", "--format", "json", "-q", "-o", str(report)]
    )
    assert res.exit_code == 0, res.output
    out = tmp_path / "from-json"
    res = CliRunner().invoke(main, ["letters", str(report / "audit.json"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    names = {p.stem.split("_", 1)[1] for p in out.glob("*.docx")}
    assert names == {c for _, c in _due(doc, "2026-07-15")}
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    res = CliRunner().invoke(main, ["letters", str(bad), "-o", str(tmp_path / "x")])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "notes.json" in res.output


def test_the_list_joins_the_requests_as_the_language_writes_a_semicolon(
    doc: dict[str, Any],
) -> None:
    """The list's « Demande » cell names several requests « … ; … » in French, the no-break
    space before the semicolon as in every French line, never the English « …; … »."""
    import openpyxl

    plan = letter_plan(doc, date(2026, 7, 15), Lang.FR)
    wb = openpyxl.load_workbook(io.BytesIO(letters_xlsx(plan, Lang.FR)), read_only=True)
    cells = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row]
    requests = [c for c in cells if isinstance(c, str) and ";" in c]
    assert requests
    assert all(
        "\u00a0; " in c and not any(ch + ";" in c for ch in "abcdefghijklmnopqrstuvwxyzé")
        for c in requests
    ), requests[:2]
