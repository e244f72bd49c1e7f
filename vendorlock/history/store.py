"""The audit history: one SQLite file (standard library, no server) every audit can append to.

Why SQLite: any tool opens it (DB Browser, Python, R, Excel through ODBC), appends are
transactional, and two audits writing at once both land: the file is in WAL mode and each
append is one ``BEGIN IMMEDIATE`` transaction, the second writer waiting for the first
(``busy_timeout``). A run is keyed on what decides its result — the as-of date, the input
hashes, the rule pack and the audited bodies — so re-recording the same audit adds nothing.

The file says what it is: ``PRAGMA application_id`` marks it as a vendorlock history and
``PRAGMA user_version`` is its schema version. An older schema is migrated in place (each step
in :data:`MIGRATIONS`, in one transaction); a newer one is refused; a file that is not SQLite,
not ours, or fails its integrity check is reported and never written to.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vendorlock.errors import VendorlockError

#: "VLKH" — marks the file as a vendorlock history for `file(1)` and for us.
APPLICATION_ID = 0x564C4B48
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 60.0

#: Schema steps: ``MIGRATIONS[i]`` brings a version-``i`` file to version ``i + 1``.
#: Version 1 kept scores and levels only; version 2 added score bands, coverage and actions.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE runs (
            run_id INTEGER PRIMARY KEY,
            run_key TEXT NOT NULL UNIQUE,
            as_of TEXT NOT NULL,
            generator TEXT NOT NULL,
            lang TEXT NOT NULL,
            rule_pack_id TEXT,
            rule_pack_version TEXT,
            rule_pack TEXT NOT NULL,
            inputs TEXT NOT NULL,
            summary TEXT NOT NULL)""",
        "CREATE INDEX runs_as_of ON runs (as_of, run_id)",
        """CREATE TABLE organisations (
            run_id INTEGER NOT NULL REFERENCES runs (run_id),
            org_id TEXT NOT NULL,
            name TEXT,
            parent_id TEXT,
            lockin_index REAL,
            level TEXT,
            applications INTEGER,
            annual_spend REAL,
            exit_cost_low REAL,
            exit_cost_high REAL,
            PRIMARY KEY (run_id, org_id)) WITHOUT ROWID""",
        """CREATE TABLE applications (
            run_id INTEGER NOT NULL REFERENCES runs (run_id),
            app_id TEXT NOT NULL,
            org_id TEXT NOT NULL,
            name TEXT,
            editor_id TEXT,
            editor TEXT,
            contract_id TEXT,
            contract_end TEXT,
            decision_date TEXT,
            annual_cost REAL,
            score REAL,
            level TEXT,
            exit_cost_low REAL,
            exit_cost_high REAL,
            PRIMARY KEY (run_id, app_id)) WITHOUT ROWID""",
        """CREATE TABLE criteria (
            run_id INTEGER NOT NULL REFERENCES runs (run_id),
            app_id TEXT NOT NULL,
            rule_id TEXT NOT NULL,
            title TEXT,
            points REAL NOT NULL,
            status TEXT,
            PRIMARY KEY (run_id, app_id, rule_id)) WITHOUT ROWID""",
    ),
    (
        "ALTER TABLE organisations ADD COLUMN coverage REAL",
        "ALTER TABLE applications ADD COLUMN score_low REAL",
        "ALTER TABLE applications ADD COLUMN score_high REAL",
        "ALTER TABLE applications ADD COLUMN coverage REAL",
        """CREATE TABLE actions (
            run_id INTEGER NOT NULL REFERENCES runs (run_id),
            app_id TEXT NOT NULL,
            org_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            decision_date TEXT,
            contract_end TEXT,
            notice_months REAL,
            text TEXT,
            clauses TEXT,
            PRIMARY KEY (run_id, app_id)) WITHOUT ROWID""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(VendorlockError):
    """The history file cannot be used (corrupt, not ours, newer than this vendorlock)."""


@dataclass(frozen=True)
class Recorded:
    """What appending one audit did: its run id, and whether it was new."""

    run_id: int
    added: bool
    migrated_from: int | None = None


def run_key(doc: Mapping[str, Any]) -> str:
    """What decides an audit's result: as-of date, inputs, rule pack and the bodies audited.

    The language is left out: the same audit recorded in French and in English is one run.
    """
    basis = {
        "as_of": doc["as_of"],
        "inputs": doc.get("inputs", []),
        "rule_pack": doc.get("rule_pack", {}),
        "orgs": sorted(o["org_id"] for o in doc.get("organisations", [])),
    }
    text = json.dumps(basis, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_file(path: Path, *, thorough: bool = False) -> int:
    """The schema version of an existing history file (0: empty or new); refuses a bad file.

    Reads only, through a read-only connection, so a damaged file is never touched: the
    header, the two pragmas and the schema. ``thorough`` adds SQLite's ``quick_check``, which
    reads every page (~0.1 s per 30 MB): `vendorlock history` runs it; an append does not, as
    its cost would grow with the file — a damaged page met while appending fails the
    transaction, which is rolled back and reported the same way.
    """
    if not path.exists() or path.stat().st_size == 0:
        return 0
    if path.is_dir():
        raise HistoryError.of("history.not_a_file", path=path)
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise HistoryError.of("history.not_sqlite", path=path)
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            check = con.execute("PRAGMA quick_check").fetchone()[0] if thorough else "ok"
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise HistoryError.of("history.corrupt", path=path, reason=str(exc)) from exc
    if check != "ok":
        raise HistoryError.of("history.corrupt", path=path, reason=str(check))
    if app_id != APPLICATION_ID and (app_id != 0 or tables):
        raise HistoryError.of("history.not_ours", path=path)
    if version > SCHEMA_VERSION:
        raise HistoryError.of("history.newer", path=path, version=version, supported=SCHEMA_VERSION)
    return int(version)


@contextmanager
def connect(path: Path, *, write: bool) -> Iterator[tuple[sqlite3.Connection, int | None]]:
    """A connection to a checked, up-to-date history (created or migrated when ``write``).

    Yields the connection and the version it was migrated from (None when nothing was done).
    """
    version = check_file(path, thorough=not write)
    if not write and version == 0:
        raise HistoryError.of("history.missing", path=path)
    try:
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise HistoryError.of("history.open_failed", path=path, reason=str(exc)) from exc
    try:
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        migrated = None
        # WAL: readers never block the writer, writers queue. synchronous=NORMAL is WAL's
        # recommended setting: never corrupts; a power cut may lose the last append only.
        con.execute("PRAGMA synchronous = NORMAL")
        if write:
            con.execute("PRAGMA journal_mode = WAL")
            migrated = _migrate(con)
        elif version < SCHEMA_VERSION:
            # Reading an older file: migrate it too, so every query sees one schema.
            con.execute("PRAGMA journal_mode = WAL")
            migrated = _migrate(con)
        con.execute("PRAGMA foreign_keys = ON")
        yield con, migrated
    except sqlite3.OperationalError as exc:
        # Locked past the timeout, read-only file or folder, disk full: not damage.
        raise HistoryError.of("history.open_failed", path=path, reason=str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise HistoryError.of("history.corrupt", path=path, reason=str(exc)) from exc
    finally:
        con.close()


def _migrate(con: sqlite3.Connection) -> int | None:
    """Apply the missing schema steps in one transaction; another writer may have done it."""
    con.execute("BEGIN IMMEDIATE")
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:  # a newer vendorlock upgraded it meanwhile
            raise HistoryError.of(
                "history.newer", path="?", version=version, supported=SCHEMA_VERSION
            )
        for step in MIGRATIONS[version:]:
            for statement in step:
                con.execute(statement)
        if version < SCHEMA_VERSION:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return version if 0 < version < SCHEMA_VERSION else None


def record_audit(path: Path, doc: Mapping[str, Any]) -> Recorded:
    """Append the audit document ``doc`` to the history at ``path`` (created if absent)."""
    key = run_key(doc)
    with connect(path, write=True) as (con, migrated):
        con.execute("BEGIN IMMEDIATE")
        try:
            found = con.execute("SELECT run_id FROM runs WHERE run_key = ?", (key,)).fetchone()
            if found:
                con.execute("ROLLBACK")
                return Recorded(int(found[0]), False, migrated)
            run_id = _insert(con, key, doc)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return Recorded(run_id, True, migrated)


#: One encoder for every value (``json.dumps`` with options builds a new one per call).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def _insert(con: sqlite3.Connection, key: str, doc: Mapping[str, Any]) -> int:
    pack = doc.get("rule_pack", {})
    cur = con.execute(
        "INSERT INTO runs (run_key, as_of, generator, lang, rule_pack_id, rule_pack_version,"
        " rule_pack, inputs, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            doc["as_of"],
            doc.get("generator", ""),
            doc.get("lang", "en"),
            _text(pack.get("id")),
            _text(pack.get("version")),
            _dumps(pack),
            _dumps(doc.get("inputs", [])),
            _dumps(doc.get("summary", {})),
        ),
    )
    run_id = int(cur.lastrowid or 0)
    con.executemany(
        "INSERT INTO organisations (run_id, org_id, name, parent_id, lockin_index, level,"
        " applications, annual_spend, exit_cost_low, exit_cost_high, coverage)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                run_id,
                o["org_id"],
                o.get("name"),
                o.get("parent_id"),
                o.get("lockin_index"),
                o.get("level"),
                o.get("applications"),
                o.get("annual_spend"),
                o["exit_cost"]["low"],
                o["exit_cost"]["high"],
                o.get("coverage"),
            )
            for o in doc.get("organisations", [])
        ],
    )
    apps = doc.get("applications", [])
    con.executemany(
        "INSERT INTO applications (run_id, app_id, org_id, name, editor_id, editor, contract_id,"
        " contract_end, decision_date, annual_cost, score, level, exit_cost_low, exit_cost_high,"
        " score_low, score_high, coverage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?)",
        [
            (
                run_id,
                a["app_id"],
                a["org_id"],
                a.get("name"),
                a.get("editor_id"),
                a.get("editor"),
                a.get("contract_id"),
                a.get("contract_end"),
                a.get("decision_date"),
                a.get("annual_cost"),
                a["score"],
                a["level"],
                a["exit_cost"]["low"],
                a["exit_cost"]["high"],
                a.get("score_low"),
                a.get("score_high"),
                a.get("coverage"),
            )
            for a in apps
        ],
    )
    con.executemany(
        "INSERT INTO criteria (run_id, app_id, rule_id, title, points, status)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (run_id, a["app_id"], c["rule_id"], c.get("title"), c["points"], c.get("status"))
            for a in apps
            for c in a.get("criteria", [])
        ],
    )
    con.executemany(
        "INSERT INTO actions (run_id, app_id, org_id, kind, decision_date, contract_end,"
        " notice_months, text, clauses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                run_id,
                r["app_id"],
                r["org_id"],
                r["kind"],
                r.get("decision_date"),
                r.get("contract_end"),
                r.get("notice_months"),
                r.get("text"),
                _dumps(r.get("clauses", [])),
            )
            for r in doc.get("actions", [])
        ],
    )
    return run_id


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
