"""The audit document writes its sentences only for what a report reads (issue 11).

``vendorlock audit`` without a report to write, the group commands and ``simulate`` read
scores and summaries: the ~20,000 explanation sentences, the action sentences, the flow
table and the formats, editors and groups sections of a 2,000-application body are built when
a report first reads them, once, and before the report writers fork, so that the processes
share them instead of each building its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import pytest

import vendorlock.audit as audit_module
from vendorlock.audit import AuditOptions, audit_document
from vendorlock.demo.bundled import load_bundled
from vendorlock.document import AuditDocument
from vendorlock.i18n import Lang
from vendorlock.registry import load_registries
from vendorlock.reports import ReportFormat, processes, write_reports
from vendorlock.reports.formats import DEFAULT_FORMATS
from vendorlock.scoring import load_pack

AS_OF = date(2026, 11, 28)
#: What the document builds on first read, by the name it is called by in vendorlock.audit,
#: and how many times a whole document calls it (the editors' and groups' sections: twice).
DEFERRED = {
    "explain_table": 1,
    "action_texts": 1,
    "flow_table": 1,
    "format_records": 1,
    "_exposure": 2,
}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times this process called each deferred builder."""
    counted: Counter[str] = Counter()

    def counting(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return func(*args, **kwargs)

        return wrapper

    for name in DEFERRED:
        monkeypatch.setattr(audit_module, name, counting(name, getattr(audit_module, name)))
    return counted


def _demo(lang: Lang = Lang.FR) -> AuditDocument:
    registries = load_registries()
    loaded = load_bundled(AS_OF, registries)
    options = AuditOptions(as_of=AS_OF, lang=lang, problems=loaded.problems)
    doc = audit_document(loaded.portfolio, registries, load_pack(), options)
    assert isinstance(doc, AuditDocument)
    return doc


def test_an_audit_that_writes_no_report_writes_no_sentence(calls: Counter[str]) -> None:
    doc = _demo()
    assert doc["summary"]["applications"] == len(doc.applications) > 100
    assert calls["explain_table"] == 0
    assert calls["flow_table"] == 0
    assert calls["format_records"] == calls["_exposure"] == 0  # sections only reports show
    # the application table was read above: its action sentences, not the criteria's
    assert calls["action_texts"] == 1


def test_the_sentences_are_built_once_whatever_reads_them(calls: Counter[str]) -> None:
    doc = _demo()
    first = doc.records([0, 1])[0]
    assert first["criteria"] and first["criteria"][0]["reason"]
    assert first["action"]["text"]
    doc.to_dict()
    assert doc.criteria is doc.criteria
    assert dict(calls) == DEFERRED


@pytest.mark.skipif(not processes.can_fork(), reason="report workers fork (Linux)")
def test_forked_writers_share_the_sentences_the_parent_built(
    calls: Counter[str], tmp_path: Path
) -> None:
    """Written by two processes from a fresh document, the same bytes as by one process from
    another fresh document; the sentences built once, in the parent, before the fork."""
    formats = list(DEFAULT_FORMATS)
    write_reports(_demo(), tmp_path / "one", formats, Lang.FR)
    calls.clear()
    write_reports(_demo(), tmp_path / "two", formats, Lang.FR, workers=2)
    assert dict(calls) == DEFERRED
    for one in sorted((tmp_path / "one").iterdir()):
        assert (tmp_path / "two" / one.name).read_bytes() == one.read_bytes(), one.name


def test_one_report_reads_only_what_it_shows(calls: Counter[str], tmp_path: Path) -> None:
    """The note for elected officials lists decisions, not every criterion's sentence."""
    write_reports(_demo(), tmp_path, [ReportFormat.MD], Lang.EN)
    assert (tmp_path / "audit.md").read_text(encoding="utf-8").startswith("#")
    assert calls["flow_table"] == 0
