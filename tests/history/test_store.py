"""The history file: idempotent appends, concurrent writers, migration, refusals."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.history import SCHEMA_VERSION, HistoryError, load_trend, record_audit
from vendorlock.history.store import APPLICATION_ID, MIGRATIONS

ROOT = Path(__file__).resolve().parents[2]


def _count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_same_audit_recorded_once(tmp_path: Path, quarterly: list[dict[str, Any]]) -> None:
    db = tmp_path / "h.sqlite"
    first = record_audit(db, quarterly[0])
    again = record_audit(db, quarterly[0])
    assert first.added and not again.added
    assert again.run_id == first.run_id
    assert _count(db, "runs") == 1
    assert _count(db, "applications") == len(quarterly[0]["applications"])
    # The same audit in another language is the same run.
    fr = dict(quarterly[0], lang="fr")
    assert not record_audit(db, fr).added
    assert record_audit(db, quarterly[1]).added
    assert _count(db, "runs") == 2


def test_file_is_marked_and_versioned(tmp_path: Path, quarterly: list[dict[str, Any]]) -> None:
    db = tmp_path / "h.sqlite"
    record_audit(db, quarterly[0])
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    org = quarterly[0]["organisations"][1]
    row = con.execute(
        "SELECT lockin_index, annual_spend, coverage FROM organisations WHERE org_id = ?",
        (org["org_id"],),
    ).fetchone()
    con.close()
    assert row == (org["lockin_index"], org["annual_spend"], org["coverage"])


_WRITER = """
import json, sys
from pathlib import Path
from vendorlock.history import record_audit
doc = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
print(record_audit(Path(sys.argv[1]), doc).added)
"""


def test_two_processes_writing_at_once_both_land(
    tmp_path: Path, quarterly: list[dict[str, Any]]
) -> None:
    db = tmp_path / "h.sqlite"
    docs = []
    for i, doc in enumerate(quarterly[:2]):
        p = tmp_path / f"doc{i}.json"
        p.write_text(json.dumps(doc), encoding="utf-8")
        docs.append(p)
    # Two different audits and a duplicate of the first, started together on a new file.
    env = {"PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), str(d)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for d in [docs[0], docs[1], docs[0]]
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1] for o in outs]
    added = sorted(o[0].strip() for o in outs)
    assert added == ["False", "True", "True"]
    assert _count(db, "runs") == 2
    expected = sum(len(d["applications"]) for d in quarterly[:2])
    assert _count(db, "applications") == expected


def _version_1_file(path: Path, doc: dict[str, Any]) -> None:
    """A history as vendorlock wrote it at schema version 1 (no coverage, no actions)."""
    con = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.execute(
        "INSERT INTO runs (run_key, as_of, generator, lang, rule_pack, inputs, summary)"
        " VALUES ('old', '2025-10-15', 'vendorlock 0.9', 'en', '{}', '[]', '{}')"
    )
    for o in doc["organisations"]:
        con.execute(
            "INSERT INTO organisations (run_id, org_id, name, lockin_index, level, applications,"
            " annual_spend) VALUES (1, ?, ?, ?, ?, ?, ?)",
            (o["org_id"], o["name"], o["lockin_index"], o["level"], o["applications"], 1.0),
        )
    for a in doc["applications"]:
        con.execute(
            "INSERT INTO applications (run_id, app_id, org_id, name, editor_id, score, level)"
            " VALUES (1, ?, ?, ?, ?, ?, ?)",
            (a["app_id"], a["org_id"], a["name"], a["editor_id"], a["score"], a["level"]),
        )
    con.close()


def test_older_schema_is_migrated_and_keeps_its_runs(
    tmp_path: Path, quarterly: list[dict[str, Any]]
) -> None:
    db = tmp_path / "old.sqlite"
    _version_1_file(db, quarterly[0])
    done = record_audit(db, quarterly[0])
    assert done.added and done.migrated_from == 1
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM actions").fetchone()[0] > 0
    old_cov = con.execute("SELECT coverage FROM applications WHERE run_id = 1").fetchone()[0]
    con.close()
    assert old_cov is None  # not measured by the old version, not invented
    trend = load_trend(db)
    assert list(trend.runs["as_of"]) == ["2025-10-15", quarterly[0]["as_of"]]


def test_cli_reports_the_migration(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db, isolation_level=None)
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.close()
    res = CliRunner().invoke(
        main,
        [
            "audit",
            "--as-of",
            "2026-01-15",
            "--format",
            "json",
            "-q",
            "-o",
            str(tmp_path / "r"),
            "--history",
            str(db),
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 0, res.output
    assert f"upgraded from schema 1 to {SCHEMA_VERSION}" in res.output
    assert "Audit recorded in the history" in res.output


def _refused(db: Path, doc: dict[str, Any], words: str) -> None:
    before = db.read_bytes()
    with pytest.raises(HistoryError) as err:
        record_audit(db, doc)
    assert words in str(err.value)
    assert str(db) in str(err.value)
    assert db.read_bytes() == before  # never written to


def test_newer_schema_refused_untouched(tmp_path: Path, quarterly: list[dict[str, Any]]) -> None:
    db = tmp_path / "h.sqlite"
    record_audit(db, quarterly[0])
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    _refused(db, quarterly[1], "newer vendorlock")


def test_corrupt_files_reported_untouched(tmp_path: Path, quarterly: list[dict[str, Any]]) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("name,score\nx,1\n", encoding="utf-8")
    _refused(text, quarterly[0], "not an SQLite database")
    # A real history whose pages were overwritten past the header.
    db = tmp_path / "h.sqlite"
    record_audit(db, quarterly[0])
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    raw = bytearray(db.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)
    raw[4096 * 2 : 4096 * 4] = b"\x00\x13" * 4096
    db.write_bytes(bytes(raw))
    _refused(db, quarterly[1], "damaged")


def test_foreign_sqlite_refused(tmp_path: Path, quarterly: list[dict[str, Any]]) -> None:
    db = tmp_path / "other.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE clients (name TEXT)")
    con.commit()
    con.close()
    _refused(db, quarterly[0], "not a vendorlock history")


def test_cli_corrupt_history_is_one_line_and_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + b"\x07" * 3000)
    before = db.read_bytes()
    res = CliRunner().invoke(
        main,
        [
            "audit",
            "--as-of",
            "2026-01-15",
            "--format",
            "json",
            "-q",
            "-o",
            str(tmp_path / "r"),
            "--history",
            str(db),
            "--lang",
            "fr",
        ],
    )
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert "endommagée" in res.output or "pas une base SQLite" in res.output
    assert db.read_bytes() == before
    assert not (tmp_path / "r").exists()  # refused before any work


def test_cli_audit_twice_records_once(tmp_path: Path) -> None:
    db = tmp_path / "dsi.sqlite"
    args = ["audit", "--as-of", "2026-04-15", "--format", "json", "-q", "--lang", "en"]
    first = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "a"), "--history", str(db)])
    again = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "b"), "--history", str(db)])
    assert first.exit_code == again.exit_code == 0, first.output + again.output
    assert "Audit recorded in the history" in first.output
    assert "already in the history" in again.output and "nothing added" in again.output
    assert _count(db, "runs") == 1


def test_unwritable_place_is_not_called_damaged(
    tmp_path: Path, quarterly: list[dict[str, Any]]
) -> None:
    db = tmp_path / "nested" / "h.sqlite"
    record_audit(db, quarterly[0])  # missing folders are created
    assert _count(db, "runs") == 1
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(HistoryError) as err:
        record_audit(blocker / "h.sqlite", quarterly[0])
    assert "cannot be opened or written" in str(err.value)
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"
