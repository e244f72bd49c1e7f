"""The real-world inventory corpus (issue 7): each file read as a DSI would expect.

The expectations live in ``tests/assets/inventories/corpus.yaml`` (one entry per file, readable
ids); this module only checks them. For every file:

- *understood*: each sheet is read as the expected table and its headers map to the expected
  fields;
- *counts*: read as written, it holds the expected applications, contracts and editors, with
  no error;
- *audit*: ``vendorlock audit FILE -o DIR`` gives a complete audit: exit 0, the expected number
  of applications in audit.json and no row set aside (no row lost, silently or not).

Checks that cannot pass yet are marked ``xfail(strict=True)`` with the precise reason
(``awaits`` in the YAML, a key of ``REASONS``): the suite stays green now and fails loudly the day
they start passing, so the mark is removed then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.model.portfolio import UNKNOWN
from vendorlock.model.problems import Severity
from vendorlock.readers import load_inventory
from vendorlock.registry import Registries

CORPUS = Path(__file__).resolve().parents[1] / "assets" / "inventories"
CHECKS = ("understood", "counts", "audit")
#: Why a check cannot pass yet (``awaits`` values). Empty: every check of the corpus passes.
REASONS: dict[str, str] = {}


@dataclass(frozen=True)
class SheetExpectation:
    file: str
    sheet: str | None
    table: str
    mapping: dict[str, str]


@dataclass(frozen=True)
class Case:
    id: str
    path: Path
    shape: str
    sheets: tuple[SheetExpectation, ...]
    counts: dict[str, int]
    audit_applications: int
    awaits: dict[str, str]


def _cases() -> list[Case]:
    raw = yaml.safe_load((CORPUS / "corpus.yaml").read_text(encoding="utf-8"))
    return [
        Case(
            id=c["id"],
            path=CORPUS / c["path"],
            shape=c["shape"],
            sheets=tuple(
                SheetExpectation(s["file"], s.get("sheet"), s["table"], dict(s["mapping"]))
                for s in c["sheets"]
            ),
            counts=dict(c["counts"]),
            audit_applications=int(c["audit_applications"]),
            awaits=dict(c.get("awaits") or {}),
        )
        for c in raw
    ]


CASES = _cases()


def _params(check: str) -> list[Any]:
    out = []
    for case in CASES:
        marks = []
        if check in case.awaits:
            reason = REASONS[case.awaits[check]]
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


def test_the_corpus_is_big_and_varied_enough() -> None:
    assert len(CASES) >= 12
    assert len({c.id for c in CASES}) == len(CASES)
    suffixes = {p.suffix for c in CASES for p in ([c.path] if c.path.is_file() else [])}
    assert {".csv", ".xlsx", ".ods"} <= suffixes
    for case in CASES:
        assert case.path.exists(), case.path
        assert set(case.awaits) <= set(CHECKS), case.id
        assert set(case.awaits.values()) <= set(REASONS), case.id


def _understood(path: Path) -> dict[tuple[str, str | None], tuple[str, dict[str, str]]]:
    """(file relative to the corpus, sheet) → (table, {header: "table.field"}) as ``validate``
    reports it under ``understood``: what the user is told, not an internal structure.

    Only headers read into a schema field count (status ``field``); headers understood but kept
    aside (``unused``) or not recognised map to nothing.
    """
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output[-2000:]
    doc = json.loads(result.stdout)
    out: dict[tuple[str, str | None], tuple[str, dict[str, str]]] = {}
    for sheet in doc["understood"]:
        rel = Path(sheet["file"]).resolve().relative_to(CORPUS).as_posix()
        mapping = {
            col["header"]: col["field"] for col in sheet["columns"] if col["status"] == "field"
        }
        out[(rel, sheet["sheet"])] = (sheet["table"] or "", mapping)
    return out


@pytest.mark.parametrize("case", _params("understood"))
def test_understood(case: Case) -> None:
    seen = _understood(case.path)
    for expected in case.sheets:
        key = (expected.file, expected.sheet)
        assert key in seen, f"{key} not read; read: {sorted(seen)}"
        table, mapping = seen[key]
        assert table == expected.table, key
        wrong = {
            header: mapping.get(header)
            for header, field in expected.mapping.items()
            if mapping.get(header) != field
        }
        assert not wrong, f"{key}: headers not mapped as expected (got {wrong})"


def _editors(result: Any) -> int:
    ids = result.portfolio.editors["editor_id"].dropna()
    return int((ids != UNKNOWN).sum())


@pytest.mark.parametrize("case", _params("counts"))
def test_counts(case: Case, registries: Registries) -> None:
    result = load_inventory([case.path], registries)
    errors = [p.render() for p in result.problems if p.severity is Severity.ERROR]
    assert not errors, errors[:5]
    portfolio = result.portfolio
    got = {
        "applications": len(portfolio.applications),
        "contracts": len(portfolio.contracts),
        "editors": _editors(result),
    }
    assert got == case.counts


@pytest.mark.parametrize("case", _params("audit"))
def test_audit(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    result = CliRunner().invoke(
        main, ["audit", str(case.path), "-o", str(out), "--format", "json", "-q"]
    )
    assert result.exit_code == 0, result.stderr[-2000:]
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert doc["set_aside"]["rows"] == 0, doc["set_aside"]["list"][:5]
    assert doc["summary"]["applications"] == case.audit_applications
    assert len(doc["applications"]) == case.audit_applications
