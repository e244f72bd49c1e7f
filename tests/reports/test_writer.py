"""write_reports: every format, deterministic bytes, atomic, never over an input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from vendorlock.errors import ReportError
from vendorlock.i18n import Lang
from vendorlock.reports import ReportFormat, render, write_reports
from vendorlock.reports.formats import DEFAULT_FORMATS
from vendorlock.resources import schema_dir


def test_every_format_is_written_with_its_name(written: dict[str, Path]) -> None:
    assert set(written) >= {f.value for f in DEFAULT_FORMATS}
    for fmt in {f.value for f in ReportFormat} & set(written):
        assert written[fmt].name == ("note.docx" if fmt == "docx" else f"audit.{fmt}")
    if "pdf" in written:  # --format pdf also prints the note
        assert written["note.pdf"].name == "note.pdf"
    for path in written.values():
        assert path.stat().st_size > 0


def test_each_report_format_has_a_renderer(doc: dict[str, Any]) -> None:
    for fmt in DEFAULT_FORMATS:
        assert render(doc, fmt, Lang.EN)
    assert ReportFormat.PDF not in DEFAULT_FORMATS  # slow and optional: asked for by name


@pytest.mark.parametrize("lang", list(Lang))
def test_same_document_gives_identical_bytes(
    doc: dict[str, Any], tmp_path: Path, lang: Lang
) -> None:
    # PDF bytes are compared in test_pdf.py (one layout there, not four here).
    one = write_reports(doc, tmp_path / "one", list(DEFAULT_FORMATS), lang)
    two = write_reports(doc, tmp_path / "two", list(DEFAULT_FORMATS), lang)
    for a, b in zip(one, two, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_json_is_the_document_and_valid_against_the_schema(
    written: dict[str, Path], doc: dict[str, Any]
) -> None:
    text = written["json"].read_text(encoding="utf-8")
    assert json.loads(text) == doc
    # One application per line, so a line diff of two audits names the applications that changed.
    app_lines = [line for line in text.splitlines() if line.startswith('    {"action"')]
    assert len(app_lines) == len(doc["applications"])
    schema = json.loads((schema_dir() / "audit.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(text))


def test_the_hand_written_fixture_is_schema_valid_and_realistic(doc: dict[str, Any]) -> None:
    assert len(doc["organisations"]) == 2
    assert len(doc["applications"]) == 8
    assert any(f["target_kind"] == "platform" for f in doc["flows"])
    assert len(doc["waivers"]) == 1 and doc["problems"][0]["severity"] == "warning"


def test_a_subset_of_formats_writes_only_those(doc: dict[str, Any], tmp_path: Path) -> None:
    paths = write_reports(doc, tmp_path, [ReportFormat.MD, ReportFormat.JSON], Lang.EN, stem="x")
    assert [p.name for p in paths] == ["x.json", "x.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json", "x.md"]


def test_an_input_file_is_never_overwritten(doc: dict[str, Any], tmp_path: Path) -> None:
    victim = tmp_path / "audit.json"
    victim.write_text("input", encoding="utf-8")
    with pytest.raises(ReportError, match=r"refusing to overwrite .*, an input of this run"):
        write_reports(doc, tmp_path, [ReportFormat.JSON], Lang.EN, protected=[victim])
    assert victim.read_text(encoding="utf-8") == "input"


def test_a_failing_writer_leaves_no_file(doc: dict[str, Any], tmp_path: Path) -> None:
    del doc["applications"][0]["exit_cost"]
    with pytest.raises(KeyError):
        write_reports(doc, tmp_path, list(ReportFormat), Lang.EN)
    assert list(tmp_path.iterdir()) == []
