"""`vendorlock audit --scan`: the measured heritage replaces the declared exposure, with its source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import scan_tree
from click.testing import CliRunner

from vendorlock.cli import main

INVENTORY = Path(__file__).resolve().parents[1] / "assets" / "graph" / "inventory"


def _audit(out: Path, *extra: str) -> dict:
    args = ["audit", str(INVENTORY), "--format", "json", "-o", str(out), "--as-of", "2026-06-01"]
    done = CliRunner().invoke(main, [*args, *extra])
    assert done.exit_code == 0, done.output
    return json.loads((out / "audit.json").read_text(encoding="utf-8"))


def _scan(tmp_path: Path, docs: int, odts: int) -> Path:
    share = tmp_path / "partage"
    share.mkdir()
    for i in range(docs):
        (share / f"note{i}.doc").write_bytes(scan_tree.KINDS["doc"][2]())
    for i in range(odts):
        (share / f"texte{i}.odt").write_bytes(scan_tree.KINDS["odt"][2]())
    done = CliRunner().invoke(main, ["scan", str(share), "-o", str(tmp_path / "scan")])
    assert done.exit_code == 0, done.output
    return tmp_path / "scan" / "scan.json"


def test_measured_exposure_replaces_the_declared_one(tmp_path: Path) -> None:
    declared = _audit(tmp_path / "declared")
    # a1 declares doc;odt (mean closedness 0.25); the shares are almost all ODF text.
    scan = _scan(tmp_path, docs=1, odts=30)
    measured = _audit(tmp_path / "measured", "--scan", str(scan), "--lang", "en")
    before = next(a for a in declared["applications"] if a["app_id"] == "a1")
    after = next(a for a in measured["applications"] if a["app_id"] == "a1")
    assert before["metrics"]["closed_storage_share"] == 0.25
    assert "figure_sources" not in before and "scan" not in declared
    figures = after["figure_sources"]
    assert figures["source"] == "measured" and figures["declared_closed_share"] == 0.25
    assert figures["measured_closed_share"] == pytest.approx(
        after["metrics"]["closed_storage_share"]
    )
    assert after["metrics"]["heritage_closed_share"] < 0.2 <= 0.25
    # closed-storage-formats (7) and closed-heritage (3) drop from severity 0.5 to 0.
    assert after["score"] == pytest.approx(before["score"] - 5)
    assert measured["scan"]["applications_measured"] >= 1
    assert measured["scan"]["files"] == 31


def test_a_mostly_closed_heritage_shows_measured_in_the_reason(tmp_path: Path) -> None:
    scan = _scan(tmp_path, docs=40, odts=1)
    doc = _audit(tmp_path / "m", "--scan", str(scan), "--lang", "fr")
    a1 = next(a for a in doc["applications"] if a["app_id"] == "a1")
    heritage = next(c for c in a1["criteria"] if c["rule_id"] == "closed-heritage")
    assert heritage["source"] == "measured"
    assert heritage["reason"].endswith("[mesuré par vendorlock scan]")
    assert a1["metrics"]["heritage_closed_share"] > 0.45


def test_a_file_that_is_not_a_scan_is_refused_with_its_name(tmp_path: Path) -> None:
    bogus = tmp_path / "pas-un-scan.json"
    bogus.write_text('{"hello": 1}', encoding="utf-8")
    args = ["audit", str(INVENTORY), "--format", "json", "-o", str(tmp_path / "o")]
    done = CliRunner().invoke(main, [*args, "--scan", str(bogus), "--lang", "en"])
    assert done.exit_code == 1
    assert "pas-un-scan.json: not a vendorlock scan document" in done.output
