"""Reading a workbook's cells in a forked process while the command imports its modules.

A command starts by importing pandas and its own modules (~0.5 s on a 2-core machine), then
reads its inventory: for a workbook, the hostile-file checks and calamine's grids
(:mod:`.bookcells`, ~0.25 s for 2,000 applications and 10,000 flows), which need neither. On
Linux with more than one core, :func:`start` forks a child as soon as the command line names
the input; the child reads the cells while this process imports, and sends them back through a
pipe (pickle, ~20 ms to load). :func:`take`, called by :func:`.workbook.read_workbook`, hands
them over when they are those of the same file (same path, kind, limits, size, modification
time and inode) read the same way. A thread was tried first and lost: the importing thread holds
the GIL; a process does not share it.

Nothing changes what the user sees:
- the child reports only success. Any error, warning or anything else it could not vouch for
  (a limit exceeded, a corrupt file, a Python warning) and the parent reads the file itself,
  raising the same located error or warning as without the prefetch; its output streams go to
  /dev/null so that nothing it prints can reach the terminal;
- a prefetch nobody takes (the file turns out to be read by a connector, or to be a CSV file;
  the command fails early) is killed and reaped when the process exits (:mod:`atexit`) or when
  another read is asked for;
- it is started only when it can pay: pandas not imported yet (library callers and commands run
  in a test process read in process, as before), Linux (``os.fork``; the report writers fork the
  same way, see :mod:`vendorlock.reports.processes`), more than one core.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import pickle
import select
import signal
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendorlock.readers.interface import DEFAULT_LIMITS, InputKind, ReadLimits

if TYPE_CHECKING:
    from vendorlock.readers.bookcells import SheetCells

#: The kinds of input whose cells are prefetched.
WORKBOOK_KINDS = (InputKind.XLSX, InputKind.XLS, InputKind.ODS)


@dataclass(frozen=True)
class _Pending:
    """A child reading ``path``'s cells; its answer comes through the pipe ``fd``."""

    pid: int
    fd: int
    path: str
    limits: ReadLimits


#: The one prefetch of this process, at most (a list so that no ``global`` is needed).
_PENDING: list[_Pending] = []


def worth_it() -> bool:
    """Whether a prefetch can overlap anything here: Linux, more than one core, and pandas not
    imported yet (once it is, the read has nothing left to overlap with)."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")):
        return False
    return "pandas" not in sys.modules and len(os.sched_getaffinity(0)) > 1


def _identity(path: Path) -> tuple[int, int, int, int]:
    """What tells that the file read is still the file: device, inode, size, mtime."""
    st = path.stat()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def start(path: Path, limits: ReadLimits = DEFAULT_LIMITS, *, force: bool = False) -> bool:
    """Fork a child reading the cells of the workbook at ``path`` when it is worth it
    (:func:`worth_it`, or ``force``) and no other prefetch was started; True when one was."""
    if _PENDING or not (force or worth_it()) or not path.is_file():
        return False
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of descriptors: the command reads the file itself
        return False
    try:
        pid = os.fork()
    except OSError:  # a process limit or low memory: the command reads the file itself
        os.close(read_end)
        os.close(write_end)
        return False
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(path, limits, write_end)
    os.close(write_end)
    if not _PENDING_HOOK:
        atexit.register(discard)
        _PENDING_HOOK.append(True)
    _PENDING.append(_Pending(pid, read_end, str(path), limits))
    return True


#: Whether :func:`discard` is registered to run at exit in this process.
_PENDING_HOOK: list[bool] = []


def _child(path: Path, limits: ReadLimits, fd: int) -> None:
    """Read the cells, write ``(kind, identity, cells)`` or ``None`` to ``fd``, exit."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the parent; the pipe, us
        gc.disable()  # a short life: every object lives until exit
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        answer: Any = None
        try:
            answer = _read(path, limits)
        except BaseException:  # any failure: the parent reads the file itself
            answer = None
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # the parent sees a short answer and reads itself
        code = 1
    finally:
        os._exit(code)


def _read(path: Path, limits: ReadLimits) -> tuple[InputKind, tuple[int, ...], list[SheetCells]]:
    from vendorlock.readers.bookcells import iter_cells
    from vendorlock.readers.detect import detect_kind

    identity = _identity(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kind = detect_kind(path, limits)
        if kind not in WORKBOOK_KINDS:
            raise ValueError(kind)
        cells = list(iter_cells(path, kind, limits))
    if caught:  # the parent must issue them itself, where and as it always does
        raise RuntimeError(caught[0].message)
    return kind, identity, cells


def discard() -> None:
    """Stop and reap the pending child, if any (its cells were not wanted)."""
    while _PENDING:
        pending = _PENDING.pop()
        os.close(pending.fd)
        with contextlib.suppress(ProcessLookupError):  # already exited and reaped
            os.kill(pending.pid, signal.SIGKILL)
        _reap(pending.pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):  # reaped by another's SIGCHLD handler
        os.waitpid(pid, 0)


def wait(timeout: float | None = None) -> bool:
    """Block until the pending child has answered (or ``timeout`` seconds passed); True when
    there is an answer to take. For measures and tests: :func:`take` waits by itself."""
    if not _PENDING:
        return False
    ready, _, _ = select.select([_PENDING[0].fd], [], [], timeout)
    return bool(ready)


def take(path: Path, kind: InputKind, limits: ReadLimits) -> list[SheetCells] | None:
    """The prefetched cells of the workbook at ``path`` read as ``kind`` under ``limits``;
    None when there are none (no prefetch, another file, the child failed or the file changed
    since), and then the caller reads the file itself. The prefetch is used up either way."""
    if not _PENDING:
        return None
    pending = _PENDING[0]
    if pending.path != str(path) or pending.limits != limits:
        discard()
        return None
    _PENDING.clear()
    try:
        with os.fdopen(pending.fd, "rb") as pipe:
            data = pipe.read()
    except BaseException:  # interrupted while waiting (a signal to this process alone)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pending.pid, signal.SIGKILL)
        _reap(pending.pid)
        raise
    _reap(pending.pid)
    try:
        answer = pickle.loads(data)
    except Exception:  # a child killed mid-write: read the file here
        return None
    if answer is None:
        return None
    got_kind, identity, cells = answer
    try:
        same = got_kind == kind and identity == _identity(path)
    except OSError:
        return None
    return cells if same else None
