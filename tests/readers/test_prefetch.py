"""The workbook prefetch (issue 11): a forked child reads a workbook's cells while the command
imports its modules. Whatever happens to it, the inventory read and every message are those of
a read without it; a prefetch nobody takes is stopped and reaped.

The in-process tests force the prefetch (``force=True``: a test process has pandas imported,
where :func:`worth_it` says no); the command-line tests run ``vendorlock audit`` in a fresh
interpreter, as users do, where it starts by itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.i18n import Lang
from vendorlock.readers import InputKind, LoadOptions, ReadLimits, load_inventory, prefetch
from vendorlock.readers.bookcells import iter_cells
from vendorlock.registry import Registries

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and hasattr(os, "fork")), reason="fork: Linux only"
)


@pytest.fixture(autouse=True)
def _no_leftover() -> Iterator[None]:
    """Each test starts and ends with no prefetch pending."""
    prefetch.discard()
    yield
    prefetch.discard()


def _pid() -> int:
    (pending,) = prefetch._PENDING
    return pending.pid


def _gone(pid: int) -> bool:
    """The child exited and was reaped (waitpid knows it no more)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _read(registries: Registries, path: Path, options: LoadOptions) -> dict[str, Any]:
    """What a read gives: its tables, its problems as printed, what each sheet was read as."""
    result = load_inventory([path], registries, options)
    return {
        "portfolio": dict(result.portfolio.tables()),
        "problems": [p.render(Lang.EN) for p in result.problems],
        "readings": result.readings,
        "set_aside": [r.render(Lang.EN) for r in result.set_aside],
    }


def _same(got: dict[str, Any], expected: dict[str, Any]) -> None:
    for table, frame in expected["portfolio"].items():
        pd.testing.assert_frame_equal(got["portfolio"][table], frame)
    assert {k: v for k, v in got.items() if k != "portfolio"} == {
        k: v for k, v in expected.items() if k != "portfolio"
    }


@pytest.mark.parametrize("name", ["workbook_fr.xlsx", "workbook_fr.ods", "quirks.xlsx"])
def test_prefetched_cells_are_the_cells_read_here(assets: Path, name: str) -> None:
    path = assets / name
    kind = InputKind.ODS if name.endswith(".ods") else InputKind.XLSX
    assert prefetch.start(path, force=True)
    pid = _pid()
    taken = prefetch.take(path, kind, ReadLimits())
    assert taken == list(iter_cells(path, kind, ReadLimits()))
    assert taken and taken[0].rows
    assert _gone(pid)
    assert prefetch.take(path, kind, ReadLimits()) is None  # used up


def test_inventory_read_through_the_prefetch_is_the_same(
    assets: Path, registries: Registries
) -> None:
    path = assets / "quirks.xlsx"
    alone = _read(registries, path, LoadOptions(lenient=True))
    assert prefetch.start(path, force=True)
    _same(_read(registries, path, LoadOptions(lenient=True)), alone)
    assert not prefetch._PENDING


@pytest.mark.parametrize("name", ["corrupt.xlsx", "zip_bomb.xlsx"])
def test_a_failed_prefetch_leaves_the_same_located_error(
    assets: Path, registries: Registries, name: str
) -> None:
    path = assets / name
    alone = _read(registries, path, LoadOptions())
    assert alone["problems"]
    assert prefetch.start(path, force=True)
    _same(_read(registries, path, LoadOptions()), alone)


def test_a_limit_is_applied_by_the_reader_not_the_child(
    assets: Path, registries: Registries, tmp_path: Path
) -> None:
    path = assets / "workbook_fr.xlsx"
    tight = LoadOptions(limits=ReadLimits(max_rows=2))
    alone = _read(registries, path, tight)
    assert any("more than the 2 rows" in p for p in alone["problems"])
    # child under the tight limits: it fails, the reader reads and refuses the same way
    assert prefetch.start(path, tight.limits, force=True)
    _same(_read(registries, path, tight), alone)
    # child under the default limits: its cells are not used for a read under other limits
    assert prefetch.start(path, force=True)
    pid = _pid()
    _same(_read(registries, path, tight), alone)
    assert _gone(pid)


def test_cells_of_a_file_changed_since_are_not_used(assets: Path, tmp_path: Path) -> None:
    path = tmp_path / "inventaire.xlsx"
    shutil.copyfile(assets / "workbook_fr.xlsx", path)
    assert prefetch.start(path, force=True)
    assert prefetch.wait(60)  # the child has answered
    shutil.copyfile(assets / "quirks.xlsx", path)
    assert prefetch.take(path, InputKind.XLSX, ReadLimits()) is None


def test_a_prefetch_nobody_takes_is_stopped_and_reaped(assets: Path, tmp_path: Path) -> None:
    assert prefetch.start(assets / "workbook_fr.xlsx", force=True)
    first = _pid()
    assert not prefetch.start(assets / "quirks.xlsx", force=True)  # one at a time
    # another file asked for: the pending one is dropped
    assert prefetch.take(assets / "quirks.xlsx", InputKind.XLSX, ReadLimits()) is None
    assert _gone(first)
    # a CSV file: the child answers nothing usable, and is reaped when discarded
    assert prefetch.start(assets / "flat_fr.csv", force=True)
    second = _pid()
    prefetch.discard()
    assert _gone(second)
    assert not prefetch._PENDING
    assert not prefetch.wait(0)


def test_a_prefetch_of_a_file_not_read_as_a_workbook_ends_with_the_read(
    assets: Path, registries: Registries
) -> None:
    assert prefetch.start(assets / "workbook_fr.xlsx", force=True)
    pid = _pid()
    result = load_inventory([assets / "flat_fr.csv"], registries)
    assert len(result.portfolio.applications)
    assert not prefetch._PENDING
    assert _gone(pid)


def test_no_prefetch_where_it_cannot_pay() -> None:
    # this test process has pandas imported: nothing left for a child to overlap
    assert "pandas" in sys.modules
    assert not prefetch.worth_it()
    assert not prefetch.start(ROOT / "pyproject.toml")
    assert not prefetch._PENDING


_PROBE = """
import sys
from vendorlock.readers import prefetch
took = []
real = prefetch.take
def take(*args):
    cells = real(*args)
    took.append(cells is not None)
    return cells
prefetch.take = take
from vendorlock.cli import main
try:
    main(sys.argv[1:], prog_name="vendorlock")
finally:
    print("prefetch taken:", took, file=sys.stderr)
"""


def _fresh_audit(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VENDORLOCK_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-c", _PROBE, "audit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="prefetch needs 2 cores")
def test_the_audit_command_reads_through_the_prefetch_same_reports(
    assets: Path, tmp_path: Path
) -> None:
    path = assets / "workbook_fr.xlsx"
    args = [str(path), "--as-of", "2026-11-28", "--format", "json", "--format", "md"]
    fresh = _fresh_audit(*args, "-o", str(tmp_path / "fresh"))
    assert fresh.returncode == 0, fresh.stderr
    assert "prefetch taken: [True]" in fresh.stderr
    here = CliRunner().invoke(main, ["audit", *args, "-o", str(tmp_path / "here")])
    assert here.exit_code == 0, here.output
    for name in ("audit.json", "audit.md"):
        assert (tmp_path / "fresh" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="prefetch needs 2 cores")
def test_the_audit_command_of_a_damaged_workbook_says_the_same(
    assets: Path, tmp_path: Path
) -> None:
    args = [str(assets / "corrupt.xlsx"), "-o", str(tmp_path / "out")]
    fresh = _fresh_audit(*args)
    # the kind detection refuses it before any cells are asked for: the child is reaped unused
    said, _, took = fresh.stderr.rpartition("prefetch taken: ")
    assert took == "[]\n"
    here = CliRunner(env={"VENDORLOCK_LANG": "en"}).invoke(main, ["audit", *args])
    assert fresh.returncode == here.exit_code == 1
    assert "the workbook is damaged" in said
    assert said == here.stderr
    assert not (tmp_path / "out").exists()


def test_a_fork_refused_by_the_system_means_reading_here(
    assets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process limit or low memory (EAGAIN): no prefetch, no descriptor left open; the
    command then reads the file itself."""
    import errno

    def refused() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(prefetch.os, "fork", refused)
    assert not prefetch.start(assets / "workbook_fr.xlsx", force=True)
    assert not prefetch._PENDING
    assert len(os.listdir("/proc/self/fd")) == before


def test_interrupted_while_waiting_the_child_is_stopped_not_waited_for(
    assets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal to this process alone (an IDE's stop button) while the child still reads: the
    child is killed and reaped at once, the interruption goes on."""
    import time

    def slow(path: Path, limits: ReadLimits) -> Any:  # the child's read, long
        time.sleep(60)

    monkeypatch.setattr(prefetch, "_read", slow)
    assert prefetch.start(assets / "workbook_fr.xlsx", force=True)
    pid = _pid()
    began = time.monotonic()

    def interrupted(fd: int, mode: str) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(prefetch.os, "fdopen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        prefetch.take(assets / "workbook_fr.xlsx", InputKind.XLSX, ReadLimits())
    assert _gone(pid)
    assert not prefetch._PENDING
    assert time.monotonic() - began < 30  # not the child's whole minute
