"""Report files written by several processes at once: the audit's wall time on 2+ cores.

The writers are CPU-bound Python (cells, XML, zlib) holding the GIL most of the time: threads
do not overlap them, processes do. The audit document is a set of pandas tables with closures
that would not cross a pipe, and a fresh process would pay vendorlock's imports again (~1 s):
the workers are therefore *forked* once the document is built, so they share it (copy on
write) and start writing at once. ``benchmarks/bench_audit.py`` prints the command's wall
time with its default workers next to ``--workers 1`` (issue 11).

What stays as in one process:
- the bytes: each file is written by the same function from the same document, whichever
  process runs it;
- atomicity: :func:`vendorlock.fileio.atomic_write_all` reserves every temp file before the
  workers start and renames them only when every worker succeeded; on any failure it removes
  them all, including those of a worker that died;
- errors: a worker's exception comes back through a pipe and is raised here, the first one in
  file order, as the same located :class:`~vendorlock.errors.ReportError` (or the same
  exception) one process would raise; a worker killed by a signal becomes a clear error.

Forking is used on Linux only (macOS system libraries are not fork-safe; Windows has no fork)
and only with more than one core available; elsewhere the files are written in this process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import traceback
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from vendorlock.errors import ReportError, VendorlockError
from vendorlock.fileio import Job, fill_one


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether report workers may be forked here (Linux, ``os.fork`` present)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


@dataclass(frozen=True)
class Batch:
    """Jobs written by one process, in order (files sharing work go in one batch: the xlsx
    and ods workbooks build the same tables once), and their estimated cost."""

    jobs: tuple[int, ...]
    cost: float


def plan(batches: Sequence[Batch], workers: int) -> list[list[int]]:
    """The batches spread over at most ``workers`` processes: longest first, each to the least
    loaded process (ties to the first), so the slowest process finishes as early as the
    estimates allow. Returns the job indices of each process, sorted; the first is this one's.
    Deterministic: the same batches give the same plan."""
    count = max(1, min(workers, len(batches)))
    loads = [0.0] * count
    parts: list[list[int]] = [[] for _ in range(count)]
    for batch in sorted(batches, key=lambda b: (-b.cost, b.jobs)):
        i = loads.index(min(loads))
        loads[i] += batch.cost
        parts[i].extend(batch.jobs)
    return [sorted(p) for p in parts if p]


def fill_in_processes(jobs: Sequence[Job], parts: Sequence[Sequence[int]]) -> None:
    """Write ``jobs`` (reserved temp files), ``parts[0]`` in this process and each other part
    in a forked process; raise the error of the first failed job in job order."""
    if len(parts) <= 1 or not can_fork():
        _fill(jobs, [i for p in parts for i in p])
        return
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    own = list(parts[0])
    errors: list[tuple[int, BaseException]] = []
    done = False
    try:
        # Collections in a worker would touch (and so copy) every page of the shared document.
        gc.freeze()
        try:
            for part in parts[1:]:
                try:
                    children.append(_fork(jobs, part))
                except OSError:  # no process to be had (limits, memory): written here
                    own.extend(part)
        finally:
            gc.unfreeze()
        failed = _attempt(jobs, sorted(own))
        if failed is not None:
            errors.append(failed)
        done = True
    finally:
        # every worker waited for (or stopped, when this process is interrupted), whatever
        # happened here: none writes after this returns, so no temp file outlives the cleanup
        if not done:
            _stop(children)
        for k, (pid, fd) in enumerate(children if done else ()):
            try:
                errors.extend(_collect(pid, fd))
            except BaseException:
                _stop(children[k + 1 :])
                raise
    if errors:
        raise min(errors, key=lambda e: e[0])[1]


def _stop(children: Sequence[tuple[int, int]]) -> None:
    """Stop workers that will not be waited for normally (this process was interrupted): each
    is sent SIGTERM, then reaped, so none is left writing or as a zombie."""
    for pid, fd in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(OSError):
            os.close(fd)
    for pid, _ in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _fill(jobs: Sequence[Job], indices: Sequence[int]) -> None:
    for i in indices:
        fill_one(jobs[i])


def _attempt(jobs: Sequence[Job], indices: Sequence[int]) -> tuple[int, BaseException] | None:
    """Fill ``indices`` in order; (index, error) of the first that failed, or None."""
    for i in indices:
        try:
            fill_one(jobs[i])
        except BaseException as exc:  # handed to the parent, which raises it
            return i, exc
    return None


def _fork(jobs: Sequence[Job], part: Sequence[int]) -> tuple[int, int]:
    """Fork a worker filling ``part``; it sends back ``None`` or (index, error) and exits."""
    read, write = os.pipe()
    with warnings.catch_warnings():
        # Python ≥ 3.12 warns when forking a process with threads (pyarrow's idle pool): the
        # worker only writes files and never waits on a lock those threads could hold.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            raise
    if pid == 0:  # the worker: never returns, never runs the parent's exit handlers
        status = 1
        try:
            os.close(read)
            _send(write, _attempt(jobs, part))
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _send(fd: int, failed: tuple[int, BaseException] | None) -> None:
    if failed is not None:
        index, exc = failed
        if not isinstance(exc, VendorlockError):  # a bug: keep the worker's traceback
            exc.add_note("".join(traceback.format_exception(exc)).rstrip())
        try:
            data = pickle.dumps(failed)
            pickle.loads(data)  # some exceptions pickle but do not load (keyword-only arguments)
        except Exception:  # an exception that cannot cross the pipe: its text and traceback do
            data = pickle.dumps((index, _stand_in(exc)))
    else:
        data = pickle.dumps(None)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.close(fd)


def _stand_in(exc: BaseException) -> RuntimeError:
    """A picklable error carrying ``exc``'s type, text and notes (its traceback)."""
    stand_in = RuntimeError(f"{type(exc).__name__}: {exc}")
    for note in getattr(exc, "__notes__", ()):
        stand_in.add_note(note)
    return stand_in


def _collect(pid: int, fd: int) -> list[tuple[int, BaseException]]:
    """What a worker sent, once it has exited; an error when it died without sending."""
    chunks: list[bytes] = []
    try:
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    except BaseException:  # interrupted while waiting: the worker is stopped, not waited for
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
        raise
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if chunks:
        try:
            failed = pickle.loads(b"".join(chunks))
        except Exception as exc:  # what the worker sent does not load here: a clear error
            return [(-1, _stand_in(exc))]
        return [] if failed is None else [failed]
    if code < 0:
        return [(-1, ReportError.of("core.write_worker_killed", signal=-code))]
    return [(-1, ReportError.of("core.write_worker_died", code=code))]
