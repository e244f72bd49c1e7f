"""A re-run cache for ``vendorlock scan``: identifications keyed by (path, size, mtime).

A share is scanned again after a time budget ran out or a month later; files whose size and
modification time did not change keep their identification without being opened. SQLite (standard
library, one file, safe under an interrupted run) holds one row per file; lookups go one folder at
a time so memory stays bounded by the largest folder, not the tree.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vendorlock.scan.identify import Identification

CACHE_NAME = "vendorlock-scan-cache.sqlite"
_FLUSH_EVERY = 5_000

Entry = tuple[int, int, str, str, int]  # size, mtime_ns, format, method, flags


class ScanCache:
    """Open (or create) the cache in ``folder``; ``key`` invalidates it when signatures change."""

    def __init__(self, folder: Path, key: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / CACHE_NAME
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID"
        )
        row = self.db.execute("SELECT v FROM meta WHERE k='key'").fetchone()
        if row is None or row[0] != key:
            self.db.execute("DROP TABLE IF EXISTS files")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (key,))
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS files (dir TEXT, name TEXT, size INTEGER, mtime INTEGER,"
            " format TEXT, method TEXT, flags INTEGER, PRIMARY KEY (dir, name)) WITHOUT ROWID"
        )
        self.db.commit()
        self._pending: list[tuple[str, str, int, int, str, str, int]] = []
        self.hits = 0

    def folder(self, directory: str) -> dict[str, Entry]:
        """Every cached file of ``directory``, by name."""
        rows = self.db.execute(
            "SELECT name, size, mtime, format, method, flags FROM files WHERE dir = ?", (directory,)
        )
        return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in rows}

    @staticmethod
    def valid(entry: Entry | None, size: int, mtime_ns: int) -> Identification | None:
        if entry is None or entry[0] != size or entry[1] != mtime_ns:
            return None
        return Identification(entry[2], entry[3], entry[4])

    def put(
        self, directory: str, name: str, size: int, mtime_ns: int, ident: Identification
    ) -> None:
        self._pending.append(
            (directory, name, size, mtime_ns, ident.format, ident.method, ident.flags)
        )
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?)", self._pending
            )
            self.db.commit()
            self._pending.clear()

    def close(self) -> None:
        self.flush()
        self.db.close()
