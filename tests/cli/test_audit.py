"""`vendorlock audit` end to end, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner, Result

from vendorlock.cli import main
from vendorlock.resources import schema_dir

AS_OF = "2026-11-28"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--as-of", AS_OF], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("report")
    return run("audit", "-o", str(out), "--lang", "en", "--workers", "2"), out


def test_demo_audit_writes_every_report(demo_report: tuple[Result, Path]) -> None:
    result, out = demo_report
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["audit.html", "audit.json", "audit.md", "audit.ods", "audit.xlsx", "note.docx"]
    assert "Top risks (score [range, data coverage]):" in result.output
    assert f"Reports written to {out}/:" in result.output


def test_demo_audit_json_is_explained(demo_report: tuple[Result, Path]) -> None:
    doc = json.loads((demo_report[1] / "audit.json").read_text(encoding="utf-8"))
    schema = json.loads((schema_dir() / "audit.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["summary"]["applications"] == len(doc["applications"]) > 500
    worst = max(doc["applications"], key=lambda a: a["score"])
    shown = sum(c["points"] for c in worst["criteria"])
    assert shown == pytest.approx(worst["score"], abs=0.05)
    assert all(c["reason"] and c["rule_id"] for c in worst["criteria"])
    assert worst["exit_cost"]["low"] <= worst["exit_cost"]["high"]


def test_two_runs_give_identical_files(demo_report: tuple[Result, Path], tmp_path: Path) -> None:
    # the first written by two processes (on Linux), this one by one: the same bytes
    assert run("audit", "-o", str(tmp_path), "--lang", "en", "--workers", "1").exit_code == 0
    for path in demo_report[1].iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_fail_on_high_exits_3_on_the_demo(tmp_path: Path) -> None:
    result = run("audit", "-o", str(tmp_path), "--format", "json", "--fail-on", "high")
    assert result.exit_code == 3
    assert "--fail-on" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["audit.json"]


def _tiny_inventory(path: Path, app_name: str = "Finances") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Applications"
    ws.append(
        [
            "Nom",
            "Éditeur",
            "Domaine",
            "Formats de stockage",
            "Coût annuel",
            "Date de fin",
            "Reconduction",
            "Clause de réversibilité",
        ]
    )
    ws.append(
        [
            app_name,
            "Berger-Levrault",
            "finances",
            "proprietary_db",
            "12 000 €",
            "31/12/2027",
            "tacite",
            "Non",
        ]
    )
    ws.append(["Paie", "JVS-Mairistem", "paie", "odt", "8000", "30/06/2028", "explicite", "Oui"])
    ws["A2"].data_type = "s"  # a name that looks like a formula is still text the user typed
    wb.save(path)
    return path


def test_hostile_names_are_inert_in_every_output(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://x","y") <script>alert(1)</script> 🚀 مرحبا'
    inv = _tiny_inventory(tmp_path / "inv.xlsx", hostile)
    out = tmp_path / "out"
    assert run("audit", str(inv), "-o", str(out)).exit_code == 0
    html = (out / "audit.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert any(a["name"] == hostile for a in doc["applications"])


def test_invalid_inventory_exits_1_with_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Nom;Éditeur;Domaine;Coût annuel\nFinances;Berger;finances;-5\n", "utf-8")
    result = run("audit", str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "bad.csv" in result.output and "row 2" in result.output
    assert not (tmp_path / "out").exists()


def test_a_user_weight_moves_the_score_as_documented(tmp_path: Path) -> None:
    inv = _tiny_inventory(tmp_path / "inv.xlsx")
    base = tmp_path / "base"
    assert run("audit", str(inv), "-o", str(base), "--format", "json").exit_code == 0
    before = json.loads((base / "audit.json").read_text("utf-8"))["applications"]
    app = next(a for a in before if a["name"] == "Finances")
    crit = next(c for c in app["criteria"] if c["status"] == "scored" and c["points"] > 0)
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        f"criteria:\n  - id: {crit['rule_id']}\n    weight: {crit['max_points'] + 4}\n", "utf-8"
    )
    after_dir = tmp_path / "after"
    result = run("audit", str(inv), "-o", str(after_dir), "--format", "json", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    after = json.loads((after_dir / "audit.json").read_text("utf-8"))["applications"]
    moved = next(a for a in after if a["app_id"] == app["app_id"])
    severity = crit["points"] / crit["max_points"]
    assert moved["score"] == pytest.approx(min(100, app["score"] + 4 * severity), abs=0.02)


def test_unknown_org_is_a_usage_error(tmp_path: Path) -> None:
    result = run("audit", "-o", str(tmp_path), "--org", "nope")
    assert result.exit_code == 2
    assert "nope" in result.output


def test_an_inventory_of_mostly_unknowns_still_audits_and_says_so(tmp_path: Path) -> None:
    inv = tmp_path / "sparse.csv"
    inv.write_text(
        "Nom;Éditeur;Domaine\nFinances;Berger-Levrault;finances\nPaie;inconnu;paie\n"
        "État civil;Arpège;état civil\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("audit", str(inv), "-o", str(out), "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "audit.json").read_text("utf-8"))
    assert doc["summary"]["apps_with_unknowns"] == 3
    assert "3 of 3 applications were scored with unknown input." in result.output
    for app in doc["applications"]:
        unknown = [c for c in app["criteria"] if c["status"] == "unknown"]
        assert len(unknown) == app["unknown_criteria"] > 0
        assert all(c["points"] > 0 and c["value"] is None for c in unknown)


def test_betweenness_is_computed_only_when_the_pack_prints_it(tmp_path: Path) -> None:
    """The built-in pack neither scores nor prints betweenness, so the audit skips it; a rules
    file that prints it in a reason gets it computed, in the sentence and in audit.json."""
    inv = _tiny_inventory(tmp_path / "inv.xlsx")
    base = tmp_path / "base"
    assert run("audit", str(inv), "-o", str(base), "--format", "json").exit_code == 0
    before = json.loads((base / "audit.json").read_text("utf-8"))["applications"]
    assert all("betweenness" not in a["metrics"] for a in before)
    assert all("blast_radius_apps" in a["metrics"] for a in before)

    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "criteria:\n"
        "  - id: fan-in-betweenness\n"
        "    metric: fan_in\n"
        "    weight: 1\n"
        "    direction: higher_is_worse\n"
        "    thresholds:\n"
        "      - {at: 0, severity: 1.0}\n"
        "    title: {en: Go-between, fr: Intermédiaire}\n"
        "    reason:\n"
        "      en: 'Betweenness {betweenness}.'\n"
        "      fr: 'Intermédiarité {betweenness}.'\n"
        "    remedy: {en: Decouple., fr: Découpler.}\n"
        "    source: our DSI, 2026\n",
        "utf-8",
    )
    after_dir = tmp_path / "after"
    result = run("audit", str(inv), "-o", str(after_dir), "--format", "json", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    after = json.loads((after_dir / "audit.json").read_text("utf-8"))["applications"]
    assert all("betweenness" in a["metrics"] for a in after)
    reasons = [
        c["reason"] for a in after for c in a["criteria"] if c["rule_id"] == "fan-in-betweenness"
    ]
    assert reasons and all(r.startswith("Betweenness ") for r in reasons)


def test_a_report_failing_in_a_worker_process_exits_1_with_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while a worker process writes audit.html: one located line, exit
    code 1, and no report (nor temp file) left in the folder."""
    import errno
    import os

    from vendorlock.reports import audit_report, processes

    if not processes.can_fork():
        pytest.skip("report workers fork (Linux)")
    parent = os.getpid()
    real = audit_report.audit_html

    def html(*args: object, **kwargs: object) -> str:
        if os.getpid() != parent:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(audit_report, "audit_html", html)
    result = run("audit", "-o", str(tmp_path), "--lang", "fr", "--workers", "2")
    assert result.exit_code == 1
    assert f"impossible d'écrire {tmp_path / 'audit.html'}\u00a0: {os.strerror(errno.ENOSPC)}" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_on_one_core_the_reports_are_written_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from vendorlock.reports import processes

    def no_fork() -> int:
        raise AssertionError("forked on one core")

    monkeypatch.setattr(processes, "available_cores", lambda: 1)
    monkeypatch.setattr(os, "fork", no_fork)
    result = run("audit", "-o", str(tmp_path), "--format", "json", "--format", "md", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.json", "audit.md"]
