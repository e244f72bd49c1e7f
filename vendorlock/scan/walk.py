"""Walk file shares read-only and tally each file's format, in constant memory.

An explicit stack of folders and :func:`os.scandir` (one ``getdents`` per folder, the file type
and, on most systems, no extra ``stat`` for folders) replace recursion, so a deep tree cannot
exhaust the Python stack. Symbolic links are counted, not followed, unless asked; when followed,
a folder seen twice (same device and inode) is reported as a loop. Every refusal from the
filesystem (permission, vanished file, loop) becomes a counted problem with a sample path: a scan
of a real share never stops on one bad folder.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vendorlock.scan.cache import ScanCache
from vendorlock.scan.identify import DAMAGED, UNKNOWN, WRONG_EXTENSION, Identifier
from vendorlock.scan.model import Tally

_HIDDEN_ATTRS = getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 2) | getattr(
    stat, "FILE_ATTRIBUTE_SYSTEM", 4
)
#: Check the clock and report progress every this many files.
_TICK = 512

HIDDEN, SYSTEM = 1, 2


@dataclass(frozen=True)
class WalkOptions:
    follow_symlinks: bool = False
    time_budget: float | None = None  # seconds
    progress: Callable[[int, int, str], None] | None = None  # files, bytes, current folder
    progress_every: float = 2.0


class Walker:
    """One scan: the identifier, the cache and the tally it fills."""

    def __init__(
        self, identifier: Identifier, cache: ScanCache | None, options: WalkOptions
    ) -> None:
        self.identifier = identifier
        if options.follow_symlinks:
            identifier.follow_symlinks()
        self.cache = cache
        self.options = options
        self.tally = Tally()
        self.partial = False
        sigs = identifier.sigs
        self._system_names = sigs.system_names
        self._system_prefixes = sigs.system_prefixes
        self._seen_dirs: set[tuple[int, int]] = set()
        self._count = 0
        self._bytes = 0

    def _apart(self, name: str, st: os.stat_result | None) -> int:
        if name in self._system_names or name.startswith(self._system_prefixes):
            return SYSTEM
        if name.startswith("."):
            return HIDDEN
        if st is not None and getattr(st, "st_file_attributes", 0) & _HIDDEN_ATTRS:
            return HIDDEN
        return 0

    def run(self, roots: Sequence[str]) -> Tally:
        """Walk every root (a folder or a file); stops early when the time budget is spent."""
        budget = self.options.time_budget
        self._deadline = None if budget is None else time.monotonic() + budget
        self._next_progress = time.monotonic() + self.options.progress_every
        single = len(roots) == 1
        for root in roots:
            root = os.path.normpath(root)
            if os.path.isdir(root):
                try:
                    st = os.stat(root)
                    self._seen_dirs.add((st.st_dev, st.st_ino))
                except OSError:
                    pass
                self._walk(root, single)
            else:
                self._root_file(root, single)
            if self.partial:
                break
        if self.cache is not None:
            self.cache.flush()
        return self.tally

    def _root_file(self, path: str, single: bool) -> None:
        try:
            st = os.stat(path)
        except OSError as exc:
            self.tally.problem("unreadable_file", path, exc.strerror or type(exc).__name__)
            return
        folder = "." if single else os.path.dirname(path) or "."
        self._file(os.path.dirname(path) or ".", os.path.basename(path), path, st, folder, 0, None)

    def _walk(self, root: str, single: bool) -> None:
        tally = self.tally
        follow = self.options.follow_symlinks
        # (folder path, top folder label, hidden/system flag inherited)
        stack: list[tuple[str, str | None, int]] = [(root, None, 0)]
        while stack:
            directory, top, apart = stack.pop()
            tally.folders += 1
            try:
                with os.scandir(directory) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                kind = "symlink_loop" if exc.errno == errno.ELOOP else "unreadable_folder"
                tally.problem(kind, directory, exc.strerror or type(exc).__name__)
                continue
            cached = self.cache.folder(directory) if self.cache is not None else None
            subdirs: list[tuple[str, str | None, int]] = []
            for entry in entries:
                name = entry.name
                label = top
                if label is None:
                    label = name if single else os.path.join(root, name)
                try:
                    if entry.is_symlink():
                        tally.symlinks += 1
                        target = self._symlink(entry.path)
                        if target is None or not follow:
                            continue
                        st = target
                    else:
                        st = entry.stat(follow_symlinks=False)
                except OSError as exc:
                    tally.problem("unreadable_file", entry.path, exc.strerror or type(exc).__name__)
                    continue
                flag = apart or self._apart(name, st)
                if stat.S_ISDIR(st.st_mode):
                    if follow:
                        key = (st.st_dev, st.st_ino)
                        if key in self._seen_dirs:
                            tally.problem("symlink_loop", entry.path, "folder already walked")
                            continue
                        self._seen_dirs.add(key)
                    subdirs.append((entry.path, label, flag))
                elif stat.S_ISREG(st.st_mode):
                    file_label = label if top is not None else ("." if single else root)
                    self._file(directory, name, entry.path, st, file_label, flag, cached)
                    if self.partial:
                        self.tally.problem("time_budget", directory, "stopped")
                        return
                else:
                    tally.special += 1
            stack.extend(reversed(subdirs))

    def _symlink(self, path: str) -> os.stat_result | None:
        """The link's target, or None (broken, loop: reported) when it cannot be followed."""
        try:
            return os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.tally.problem("symlink_loop", path, exc.strerror or "loop")
            else:
                self.tally.problem("broken_symlink", path, exc.strerror or type(exc).__name__)
            return None

    def _file(
        self,
        directory: str,
        name: str,
        path: str,
        st: os.stat_result,
        folder: str,
        apart: int,
        cached: dict[str, tuple[int, int, str, str, int]] | None,
    ) -> None:
        tally = self.tally
        size = st.st_size
        self._count += 1
        if self._count % _TICK == 0:
            self._tick(folder)
        if apart:
            bucket = tally.system if apart == SYSTEM else tally.hidden
            bucket[0] += 1
            bucket[1] += size
            return
        if size == 0:
            tally.empty += 1
            return
        mtime_ns = st.st_mtime_ns
        ident = None
        if cached is not None:
            ident = ScanCache.valid(cached.get(name), size, mtime_ns)
            if ident is not None:
                tally.cache_hits += 1
        if ident is None:
            try:
                ident = self.identifier.identify_path(path, name, size)
            except OSError as exc:
                tally.problem("unreadable_file", path, exc.strerror or type(exc).__name__)
                return
            if self.cache is not None:
                self.cache.put(directory, name, size, mtime_ns, ident)
        self._bytes += size
        tally.add(folder, ident.format, ident.method, ident.flags, size)
        tally.dated(st.st_mtime, path)
        if ident.flags & WRONG_EXTENSION:
            tally.sample("wrong_extension", path, ident.format)
        if ident.flags & DAMAGED:
            tally.sample("damaged", path, ident.format)
        if ident.format == UNKNOWN:
            tally.sample("unidentified", path, "")

    def _tick(self, folder: str) -> None:
        now = time.monotonic()
        if self._deadline is not None and now >= self._deadline:
            self.partial = True
        progress = self.options.progress
        if progress is not None and now >= self._next_progress:
            self._next_progress = now + self.options.progress_every
            progress(self._count, self._bytes, folder)


def stderr_progress(message: Callable[[int, int, str], str]) -> Callable[[int, int, str], None]:
    """A progress callback writing one overwritten line on stderr."""

    def show(files: int, size: int, folder: str) -> None:
        sys.stderr.write("\r" + message(files, size, folder)[:120].ljust(120))
        sys.stderr.flush()

    return show
