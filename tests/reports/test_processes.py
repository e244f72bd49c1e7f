"""Reports written by several processes: the same bytes, the same errors, nothing half-written."""

from __future__ import annotations

import errno
import os
import pickle
import signal
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vendorlock.audit import AuditOptions, audit_document
from vendorlock.demo.bundled import load_bundled
from vendorlock.document import AuditDocument
from vendorlock.errors import ReportError
from vendorlock.i18n import Lang
from vendorlock.registry import load_registries
from vendorlock.reports import ReportFormat, audit_report, processes, write_reports
from vendorlock.reports import writer as writer_module
from vendorlock.reports.formats import DEFAULT_FORMATS
from vendorlock.reports.processes import Batch, plan
from vendorlock.scoring import load_pack

pytestmark = pytest.mark.skipif(not processes.can_fork(), reason="report workers fork (Linux)")

AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo_doc() -> AuditDocument:
    """The bundled demo's columnar audit document (hundreds of applications)."""
    registries = load_registries()
    loaded = load_bundled(AS_OF, registries)
    options = AuditOptions(as_of=AS_OF, lang=Lang.FR, problems=loaded.problems)
    return audit_document(loaded.portfolio, registries, load_pack(), options)


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("workers", [2, 3, 8])
def test_processes_write_the_bytes_one_process_writes(
    demo_doc: AuditDocument, tmp_path: Path, workers: int
) -> None:
    one = write_reports(demo_doc, tmp_path / "one", list(DEFAULT_FORMATS), Lang.FR)
    many = write_reports(
        demo_doc, tmp_path / "many", list(DEFAULT_FORMATS), Lang.FR, workers=workers
    )
    assert [p.name for p in many] == [p.name for p in one]
    assert _bytes(tmp_path / "many") == _bytes(tmp_path / "one")
    assert {p.stat().st_mode for p in many} == {p.stat().st_mode for p in one}


def test_the_hand_written_document_too(doc: dict[str, Any], tmp_path: Path) -> None:
    write_reports(doc, tmp_path / "one", list(DEFAULT_FORMATS), Lang.EN)
    write_reports(doc, tmp_path / "two", list(DEFAULT_FORMATS), Lang.EN, workers=2)
    assert _bytes(tmp_path / "two") == _bytes(tmp_path / "one")


def _fail_in_a_worker(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """The HTML page fails, only when a worker process (not this one) renders it: the disk is
    full, or the worker is killed."""
    parent = os.getpid()
    real = audit_report.audit_html

    def html(*args: Any, **kwargs: Any) -> str:
        if os.getpid() != parent:
            if how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    monkeypatch.setattr(audit_report, "audit_html", html)


def test_a_worker_failing_gives_the_located_error_and_leaves_the_old_set(
    demo_doc: AuditDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    formats = list(DEFAULT_FORMATS)
    write_reports(demo_doc, tmp_path, formats, Lang.FR)
    before = _bytes(tmp_path)
    _fail_in_a_worker(monkeypatch, "full")
    with pytest.raises(ReportError) as caught:
        write_reports(demo_doc, tmp_path, formats, Lang.FR, workers=2)
    assert caught.value.message("fr") == (
        f"impossible d'écrire {tmp_path / 'audit.html'}\u00a0: {os.strerror(errno.ENOSPC)}"
    )
    # neither a temp file nor a new file among the old ones: the earlier set, whole
    assert _bytes(tmp_path) == before


def test_a_killed_worker_is_a_clear_error_and_nothing_is_written(
    demo_doc: AuditDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_in_a_worker(monkeypatch, "kill")
    with pytest.raises(ReportError) as caught:
        write_reports(demo_doc, tmp_path, list(DEFAULT_FORMATS), Lang.EN, workers=2)
    assert caught.value.message("en").startswith(
        "a process writing the reports stopped unexpectedly (signal 9)"
    )
    assert "--workers 1" in caught.value.message("fr")
    assert list(tmp_path.iterdir()) == []


def test_a_bug_in_a_worker_is_raised_as_itself_with_its_traceback(
    doc: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug in the writer")

    monkeypatch.setattr(writer_module, "write_audit_ods", broken)
    monkeypatch.setattr(writer_module, "plan", lambda batches, workers: [[0], [1, 2, 3, 4, 5]])
    with pytest.raises(RuntimeError, match="a bug in the writer") as caught:
        write_reports(doc, tmp_path, list(DEFAULT_FORMATS), Lang.EN, workers=2)
    assert any("in broken" in note for note in getattr(caught.value, "__notes__", []))
    assert list(tmp_path.iterdir()) == []


class _LoadsBadly(Exception):
    """Pickles, but ``pickle.loads`` fails on it (a keyword-only argument)."""

    def __init__(self, text: str, *, code: int) -> None:
        super().__init__(text)
        self.code = code


class _StrictPickle:
    """``pickle`` as a plain interpreter has it. Once a library such as tblib (imported with
    Dask by the observatory tests) installs its exception reducers, ``_LoadsBadly`` loads
    again; this keeps it failing, as it does for a user."""

    dumps = staticmethod(pickle.dumps)

    @staticmethod
    def loads(data: bytes) -> Any:
        value = pickle.loads(data)
        if isinstance(value, tuple) and isinstance(value[-1], _LoadsBadly):
            raise TypeError("_LoadsBadly.__init__() missing 1 required keyword-only argument")
        return value


def _record_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the workers forked from here on (other tests' children, a Dask cluster or a
    browser, are none of this test's business)."""
    forked: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return forked


def _all_reaped(pids: list[int]) -> bool:
    """Whether every pid was waited for: neither running nor a zombie."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def test_an_error_that_does_not_unpickle_still_comes_back_whole(
    doc: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise _LoadsBadly("disk quota of the share", code=3)

    monkeypatch.setattr(writer_module, "write_audit_ods", broken)
    monkeypatch.setattr(writer_module, "plan", lambda batches, workers: [[0], [1, 2], [3, 4, 5]])
    monkeypatch.setattr(processes, "pickle", _StrictPickle)
    forked = _record_forks(monkeypatch)
    with pytest.raises(RuntimeError, match="_LoadsBadly: disk quota of the share") as caught:
        write_reports(doc, tmp_path, list(DEFAULT_FORMATS), Lang.EN, workers=3)
    assert any("in broken" in note for note in getattr(caught.value, "__notes__", []))
    assert list(tmp_path.iterdir()) == []  # no temp file written after the cleanup
    assert len(forked) == 2 and _all_reaped(forked)


def test_an_interrupted_audit_stops_its_workers_and_leaves_nothing(
    doc: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or a supervisor's SIGINT) reaching only this process while the workers write:
    they are stopped and reaped, no temp file is left and the interrupt goes on."""
    parent = os.getpid()
    real = audit_report.audit_html

    def slow(*args: Any, **kwargs: Any) -> str:
        if os.getpid() != parent:
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            time.sleep(5)
        return real(*args, **kwargs)

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(audit_report, "audit_html", slow)
    monkeypatch.setattr(writer_module, "plan", lambda batches, workers: [[0], [1, 2, 4, 5], [3]])
    forked = _record_forks(monkeypatch)
    previous = signal.signal(signal.SIGALRM, interrupt)
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        with pytest.raises(KeyboardInterrupt):
            write_reports(doc, tmp_path, list(DEFAULT_FORMATS), Lang.EN, workers=3)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 4.5  # the sleeping worker was stopped, not waited for
    assert list(tmp_path.iterdir()) == []
    assert len(forked) == 2 and _all_reaped(forked)


def test_a_worker_that_exits_without_a_word_says_its_exit_code_in_french(
    demo_doc: AuditDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    real = audit_report.audit_html

    def html(*args: Any, **kwargs: Any) -> str:
        if os.getpid() != parent:
            os._exit(3)
        return real(*args, **kwargs)

    monkeypatch.setattr(audit_report, "audit_html", html)
    with pytest.raises(ReportError) as caught:
        write_reports(demo_doc, tmp_path, list(DEFAULT_FORMATS), Lang.FR, workers=2)
    assert "(code de sortie 3)" in caught.value.message("fr")
    assert "(exit code 3)" in caught.value.message("en")
    assert list(tmp_path.iterdir()) == []


def test_one_core_or_one_worker_never_forks(
    doc: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    write_reports(doc, tmp_path / "a", list(DEFAULT_FORMATS), Lang.EN, workers=1)
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    monkeypatch.setattr(writer_module, "can_fork", lambda: False)
    write_reports(doc, tmp_path / "b", list(DEFAULT_FORMATS), Lang.EN, workers=4)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")


def test_no_process_to_be_had_writes_everything_here(
    demo_doc: AuditDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reports(demo_doc, tmp_path / "one", list(DEFAULT_FORMATS), Lang.FR)

    def no_process() -> int:
        raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(os, "fork", no_process)
    write_reports(demo_doc, tmp_path / "two", list(DEFAULT_FORMATS), Lang.FR, workers=2)
    assert _bytes(tmp_path / "two") == _bytes(tmp_path / "one")


def test_the_plan_puts_the_heaviest_work_first_and_keeps_shared_work_together() -> None:
    books, json_, html, note = (
        Batch((1, 2), 1.2),
        Batch((0,), 0.8),
        Batch((3,), 0.5),
        Batch((4, 5), 0.15),
    )
    batches = [json_, books, html, note]
    # two processes: the workbooks and the note in one, JSON and HTML in the other
    assert plan(batches, 2) == [[1, 2, 4, 5], [0, 3]]
    assert plan(batches, 1) == [[0, 1, 2, 3, 4, 5]]
    assert plan(batches, 3) == [[1, 2], [0], [3, 4, 5]]
    assert plan(batches, 16) == [[1, 2], [0], [3], [4, 5]]
    assert plan(batches, 2) == plan(list(reversed(batches)), 2)


def test_the_pdf_and_its_note_are_planned_as_one_batch() -> None:
    kinds = {f for group, _ in writer_module.BATCHES for f in group}
    assert kinds == set(ReportFormat)
    assert sum(len(group) for group, _ in writer_module.BATCHES) == len(ReportFormat)


def test_two_workers_split_the_default_reports_as_measured_best(
    demo_doc: AuditDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 11: on 2 cores the workbooks and the note go to one process, JSON and HTML to the
    # other: the most even split of the measured costs (writer.BATCHES), so the lowest wall.
    seen: list[list[list[int]]] = []
    real = writer_module.fill_in_processes

    def spy(jobs: Any, parts: list[list[int]]) -> None:
        seen.append(parts)
        real(jobs, parts=parts)

    monkeypatch.setattr(writer_module, "fill_in_processes", spy)
    paths = write_reports(demo_doc, tmp_path, list(DEFAULT_FORMATS), Lang.FR, workers=2)
    names = [p.name for p in paths]
    assert [sorted(names[i] for i in part) for part in seen[0]] == [
        ["audit.md", "audit.ods", "audit.xlsx", "note.docx"],
        ["audit.html", "audit.json"],
    ]
