"""The columnar audit document: same published JSON and same reports as the dict tree it
replaces, built from tables, without building every application's object.

The tree (``doc.to_dict()``) is the legacy document other code still reads: every report
written from the tables must show exactly what the same report written from the tree shows.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest

from vendorlock.audit import AuditOptions, audit_document
from vendorlock.demo import DemoOptions, generate_tables
from vendorlock.demo.bundled import load_bundled
from vendorlock.document import AuditDocument
from vendorlock.i18n import Lang
from vendorlock.model.portfolio import Portfolio, conform
from vendorlock.model.schema import Table
from vendorlock.registry import load_registries
from vendorlock.reports import ReportFormat, render, tables, terminal_summary, write_reports
from vendorlock.reports import writer as writer_module
from vendorlock.reports.writer import audit_json
from vendorlock.resources import schema_dir
from vendorlock.scoring import WaiverSet, load_pack
from vendorlock.scoring.waivers import Waiver

AS_OF = dt.date(2026, 11, 28)


def _audit(lang: Lang) -> AuditDocument:
    registries, pack = load_registries(), load_pack()
    loaded = load_bundled(AS_OF, registries)
    first = sorted(loaded.portfolio.applications["app_id"].astype(str))[0]
    # A waiver: its criterion is shown as waived, with the waiver's own sentence.
    waiver = Waiver("proprietary-licence", first, "Marché en cours", "DSI", dt.date(2027, 6, 30))
    options = AuditOptions(
        as_of=AS_OF,
        lang=lang,
        waivers=WaiverSet(AS_OF, active=(waiver,)),
        problems=loaded.problems,
        set_aside=loaded.set_aside,
    )
    doc = audit_document(loaded.portfolio, registries, pack, options)
    assert isinstance(doc, AuditDocument)
    return doc


@pytest.fixture(scope="module", params=[Lang.FR, Lang.EN], ids=["fr", "en"])
def columnar(request: pytest.FixtureRequest) -> AuditDocument:
    lang: Lang = request.param
    return _audit(lang)


@pytest.fixture(scope="module")
def tree(columnar: AuditDocument) -> dict[str, Any]:
    # Built from a fresh document: ``columnar`` itself must stay unmaterialised.
    return _audit(Lang(columnar["lang"])).to_dict()


def test_json_from_the_tables_is_the_published_document(
    columnar: AuditDocument, tree: dict[str, Any]
) -> None:
    data = audit_json(columnar)
    assert data == audit_json(tree)
    parsed = json.loads(data)
    schema = json.loads((schema_dir() / "audit.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(parsed)
    waived = [c for a in parsed["applications"] for c in a["criteria"] if c["status"] == "waived"]
    assert len(waived) == 1 and waived[0]["waiver"]["author"] == "DSI"
    assert "DSI" in waived[0]["reason"]


def test_streamed_json_file_has_the_same_bytes(columnar: AuditDocument, tmp_path: Path) -> None:
    (path,) = write_reports(columnar, tmp_path, [ReportFormat.JSON], Lang(columnar["lang"]))
    assert path.read_bytes() == audit_json(columnar)


def test_json_written_in_small_batches_has_the_same_bytes(
    columnar: AuditDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """audit.json goes to the file in batches of JSON_BATCH characters (issue 11): cut every
    ~1,000 characters, through accented names and multi-byte characters, the file is the
    same."""
    monkeypatch.setattr(writer_module, "JSON_BATCH", 1_000)
    (path,) = write_reports(columnar, tmp_path, [ReportFormat.JSON], Lang(columnar["lang"]))
    assert path.read_bytes() == audit_json(columnar)


def test_batched_text_keeps_the_text_in_bounded_pieces() -> None:
    parts = [f"« ligne {n} é »\n" for n in range(1_000)]
    batches = list(writer_module.batched_text(parts, 500))
    assert "".join(batches) == "".join(parts)
    assert all(500 <= len(b) < 500 + 20 for b in batches[:-1])  # at most one piece over
    assert 0 < len(batches[-1]) < 520
    assert list(writer_module.batched_text([], 500)) == []


@pytest.mark.parametrize(
    "build",
    [
        tables.risk_register,
        tables.applications,
        tables.criteria,
        tables.exit_costs,
        tables.actions,
        tables.to_collect,
        tables.flows,
        tables.editors,
        tables.groups,
        tables.waivers,
    ],
    ids=lambda f: f.__name__,
)
def test_every_sheet_has_the_rows_of_the_tree(
    columnar: AuditDocument, tree: dict[str, Any], build: Any
) -> None:
    lang = Lang(columnar["lang"])
    mine, legacy = build(columnar, lang), build(tree, lang)
    assert [list(r) for r in mine.rows] == [list(r) for r in legacy.rows]
    assert mine.columns == legacy.columns and mine.note == legacy.note
    assert len(mine.rows) > 0


def test_capped_flows_table_says_how_many_there_are(
    columnar: AuditDocument, tree: dict[str, Any]
) -> None:
    lang = Lang(columnar["lang"])
    mine, legacy = tables.flows(columnar, lang, limit=7), tables.flows(tree, lang, limit=7)
    assert len(mine.rows) == 7 and mine.note == legacy.note is not None


@pytest.mark.parametrize("fmt", [ReportFormat.HTML, ReportFormat.MD, ReportFormat.DOCX])
def test_page_and_note_are_the_same_from_the_tables(
    columnar: AuditDocument, tree: dict[str, Any], fmt: ReportFormat
) -> None:
    lang = Lang(columnar["lang"])
    assert render(columnar, fmt, lang) == render(tree, fmt, lang)


def test_terminal_summary_is_the_same_from_the_tables(
    columnar: AuditDocument, tree: dict[str, Any]
) -> None:
    lang = Lang(columnar["lang"])
    assert terminal_summary(columnar, lang) == terminal_summary(tree, lang)


def test_default_reports_build_only_the_objects_they_detail() -> None:
    """Every report of a default `vendorlock audit` from one document: the per-application
    objects are built only for the rows shown in detail (dependency map, top risks, costliest
    exits), never for every application, and the legacy list is never materialised."""
    doc = _audit(Lang.EN)
    built: list[int] = []
    original = doc.build_records

    def counting(positions: np.ndarray) -> list[dict[str, Any]]:
        built.append(len(positions))
        return original(positions)

    object.__setattr__(doc, "build_records", counting)
    for fmt in (ReportFormat.XLSX, ReportFormat.ODS, ReportFormat.HTML, ReportFormat.MD):
        render(doc, fmt, Lang.EN)
    terminal_summary(doc, Lang.EN)
    assert "applications" not in doc._cache
    # The map's 150 riskiest, three top-15 lists in the page, top 5s in the note and terminal.
    assert max(built) <= 150 and sum(built) <= 250
    assert len(doc.applications) > 500


def test_writers_of_one_command_build_each_object_once() -> None:
    """The page, the Markdown and DOCX notes and the terminal read the same top risks,
    costliest exits and dated actions: each application's object and the action rows are
    built once per document, not once per writer and part; a second document (another
    language here) gets its own, and a document's memo goes with it."""
    import gc
    from collections import Counter

    doc = _audit(Lang.EN)
    built: Counter[int] = Counter()
    actions: list[int] = []
    records, action_records = doc.build_records, doc.action_records

    def counting(positions: np.ndarray) -> list[dict[str, Any]]:
        built.update(int(p) for p in positions)
        return records(positions)

    def counting_actions(positions: np.ndarray) -> list[dict[str, Any]]:
        actions.append(len(positions))
        return action_records(positions)

    object.__setattr__(doc, "build_records", counting)
    object.__setattr__(doc, "action_records", counting_actions)
    for fmt in (ReportFormat.HTML, ReportFormat.MD, ReportFormat.DOCX):
        render(doc, fmt, Lang.EN)
    terminal_summary(doc, Lang.EN)
    assert built and max(built.values()) == 1
    assert len(actions) == 1
    other = _audit(Lang.FR)
    assert render(other, ReportFormat.MD, Lang.FR) == render(
        other.to_dict(), ReportFormat.MD, Lang.FR
    )
    assert render(doc, ReportFormat.MD, Lang.EN) == render(
        _audit(Lang.EN).to_dict(), ReportFormat.MD, Lang.EN
    )
    held = len(tables._PER_DOC)
    del doc
    gc.collect()
    assert len(tables._PER_DOC) == held - 1


def test_mapping_view_materialises_the_legacy_lists_once(columnar: AuditDocument) -> None:
    apps = columnar.count("applications")
    fresh = _audit(Lang(columnar["lang"]))
    first = fresh["applications"]
    assert fresh["applications"] is first and len(first) == apps
    assert set(fresh) == set(json.loads(audit_json(fresh)))
    with pytest.raises(TypeError):
        fresh["summary"] = {}  # type: ignore[index]


def test_scattered_applications_are_the_same_objects_as_in_the_whole_list(
    columnar: AuditDocument,
) -> None:
    """A report asks for a few applications spread over the document (its top risks, in risk
    order, not sorted): each gets its own criteria, data to collect and JSON line, exactly as
    in the list of every application, whatever the applications around it."""
    every = columnar.build_records(np.arange(columnar.count("applications")))
    lines = columnar.encode_records(np.arange(len(every)))  # type: ignore[misc]
    picked = np.array([len(every) - 1, 0, len(every) // 2, 3, len(every) - 2])
    objects = columnar.build_records(picked)
    assert objects == [every[p] for p in picked]
    assert [len(o["criteria"]) for o in objects] == [len(every[p]["criteria"]) for p in picked]
    assert any(o["to_collect"] for o in objects) and any(o["criteria"] for o in objects)
    assert columnar.encode_records(picked) == [lines[p] for p in picked]  # type: ignore[misc]


def _body(apps: int) -> Portfolio:
    options = DemoOptions(members=1, seed=7, apps_per_member=apps, flows_per_app=5)
    frames = generate_tables(options)
    return Portfolio(**{t.value: conform(t, frames[t]) for t in Table})


def test_memory_per_application_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12 point 7: the dict-tree document held ≈ 26 KB per application after the audit
    and peaked over 100 KB per application writing audit.json (measured with this test's
    method at 3,000 applications). The columnar document holds a few KB, and writing the
    JSON adds only one chunk of objects at a time."""
    import vendorlock.document as document

    monkeypatch.setattr(document, "CHUNK", 100)
    apps = 1_500
    portfolio = _body(apps)
    registries, pack = load_registries(), load_pack()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        doc = audit_document(portfolio, registries, pack, AuditOptions(as_of=AS_OF, lang=Lang.EN))
        held = tracemalloc.get_traced_memory()[0] - base
        with tempfile.TemporaryDirectory() as tmp:
            tracemalloc.reset_peak()
            write_reports(doc, Path(tmp), [ReportFormat.JSON], Lang.EN)
            peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert held / apps < 10 * 1024, f"{held / apps / 1024:.1f} KB per application held"
    assert peak / apps < 40 * 1024, f"{peak / apps / 1024:.1f} KB per application at peak"


def test_workbook_writers_hold_no_whole_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11.3 / 12.7: the xlsx and ods writers stream each sheet into its compressed zip
    member a slice of rows at a time. The old writers, which built every sheet's XML, stored
    it in a zip and rewrote the zip compressed, peaked at 34 KB (xlsx) and 94 KB (ods) per
    application at 3,000 applications with this test's method; streamed, the peak is the
    report tables themselves (17 and 26 KB)."""
    from vendorlock.reports import ods, xlsx

    apps = 1_500
    monkeypatch.setattr(xlsx, "SLICE", 256)  # slices as small relative to the sheets as
    monkeypatch.setattr(ods, "SLICE", 256)  # 4,096 rows are to a 20,000-application body
    options = AuditOptions(as_of=AS_OF, lang=Lang.EN)
    doc = audit_document(_body(apps), load_registries(), load_pack(), options)
    peaks = {}
    tracemalloc.start()
    try:
        for fmt in (ReportFormat.XLSX, ReportFormat.ODS):
            base = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            with tempfile.TemporaryDirectory() as tmp:
                write_reports(doc, Path(tmp), [fmt], Lang.EN)
            peaks[fmt] = (tracemalloc.get_traced_memory()[1] - base) / apps / 1024
    finally:
        tracemalloc.stop()
    assert peaks[ReportFormat.XLSX] < 24, f"xlsx {peaks[ReportFormat.XLSX]:.1f} KB per application"
    assert peaks[ReportFormat.ODS] < 36, f"ods {peaks[ReportFormat.ODS]:.1f} KB per application"


def test_a_streamed_writer_failing_leaves_the_earlier_report_set_whole(
    columnar: AuditDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON and the workbooks are streamed at write time: when the xlsx fails after audit.json
    was streamed, the previous run's files stay as they were and no temp file is left."""
    write_reports(columnar, tmp_path, [ReportFormat.JSON, ReportFormat.XLSX], Lang.EN)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(*args: object) -> None:
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(writer_module, "write_audit_xlsx", broken)
    other = replace(columnar, sections={**columnar.sections, "as_of": "2030-01-01"})
    with pytest.raises(RuntimeError):
        write_reports(other, tmp_path, [ReportFormat.JSON, ReportFormat.XLSX], Lang.EN)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
