"""diff_documents / render_diff and the ``vendorlock diff`` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.reports.conftest import ASSETS, SMALL
from vendorlock.cli import main
from vendorlock.errors import ReportError
from vendorlock.i18n import Lang
from vendorlock.reports import diff_documents, load_audit_document, render_diff


def next_year(doc: dict[str, Any]) -> dict[str, Any]:
    """A plausible later audit: one score moved, one app gone, one added, a new contract."""
    doc["as_of"] = "2027-06-15"
    apps = {a["app_id"]: a for a in doc["applications"]}
    a01 = apps["a01"]
    a01["score"], a01["level"] = 62.5, "high"
    a01["criteria"][1]["points"] = 0
    a01["exit_cost"]["high"] = 120000
    new = json.loads(json.dumps(apps["a05"]))
    new.update(app_id="a09", name="Nouveau SIG", contract_id="c09")
    doc["applications"] = [a for a in doc["applications"] if a["app_id"] != "b03"] + [new]
    doc["organisations"][0]["lockin_index"] = 60.0
    return doc


def test_diff_reports_every_kind_of_change(doc: dict[str, Any]) -> None:
    old = json.loads(json.dumps(doc))
    diff = diff_documents(old, next_year(doc))
    assert [(a.org_id, a.app_id) for a in diff.apps_added] == [("200012345", "a09")]
    assert [a.app_id for a in diff.apps_removed] == ["b03"]
    (change,) = diff.score_changes
    assert (change.app_id, change.old_score, change.new_score) == ("a01", 82.5, 62.5)
    assert (change.old_level, change.new_level) == ("critical", "high")
    assert [(c.rule_id, c.old_points, c.new_points) for c in change.criteria] == [
        ("no_reversibility_clause", 20, 0)
    ]
    assert [(o.old_index, o.new_index) for o in diff.org_changes] == [(68.3, 60.0)]
    assert [c.contract_id for c in diff.contracts_new] == ["c09"]
    assert diff.contracts_ended == ()
    assert [(c.app_id, c.old_high, c.new_high) for c in diff.exit_cost_changes] == [
        ("a01", 140000, 120000)
    ]


def test_a_criterion_without_points_reads_as_unscored(doc: dict[str, Any], tmp_path: Path) -> None:
    # found by the byte fuzzer: "points" is optional in the schema the diff checks, yet the
    # comparison read it unconditionally (KeyError)
    new = json.loads(json.dumps(doc))
    crit = new["applications"][0]["criteria"][1]
    del crit["points"]
    new["applications"][0]["score"] += 1
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(new), encoding="utf-8")
    diff = diff_documents(doc, load_audit_document(path))
    (change,) = diff.score_changes
    assert [(c.rule_id, c.new_points) for c in change.criteria] == [(crit["rule_id"], None)]
    assert render_diff(diff, Lang.FR, "text")


def test_identical_documents_have_an_empty_diff(doc: dict[str, Any]) -> None:
    diff = diff_documents(doc, doc)
    assert diff.empty
    assert render_diff(diff, Lang.EN, "text").endswith("No change.\n")


def test_renderings(doc: dict[str, Any]) -> None:
    old = json.loads(json.dumps(doc))
    diff = diff_documents(old, next_year(doc))
    text = render_diff(diff, Lang.EN, "text")
    assert (
        "Score changes\n  - e.magnus Gestion financière (Commune de Saint-Exemple): "
        "82.5 (critical) → 62.5 (high)" in text
    )
    assert "no_reversibility_clause 20 → 0" in text
    data = json.loads(render_diff(diff, Lang.EN, "json"))
    assert data["apps_added"][0]["app_id"] == "a09"
    md = render_diff(diff, Lang.FR, "md")
    assert md.startswith("# Changements entre l") and "## Scores modifiés" in md


def test_the_text_names_what_a_reader_knows_never_ids(doc: dict[str, Any]) -> None:
    """Organisations by name (never « [200012345/a01] », a SIREN and an id), criteria of the
    shipped pack by their titles in the reader's language, audit days written out."""
    old = json.loads(json.dumps(doc))
    new = next_year(doc)
    app = new["applications"][0]
    app["criteria"] = [*app["criteria"], {"rule_id": "tacit-renewal", "points": 5.0}]
    text = render_diff(diff_documents(old, new), Lang.FR, "text")
    assert text.startswith("Changements entre l'audit du 15\u00a0juin\u00a02026 et celui du")
    assert "e.magnus Gestion financière (Commune de Saint-Exemple)\u00a0: 82,5" in text
    assert "Reconduction tacite — → 5" in text
    assert "200012345" not in text and "tacit-renewal" not in text


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_cli_diff_prints_the_changes(doc: dict[str, Any], tmp_path: Path) -> None:
    new = _write(tmp_path / "new.json", next_year(doc))
    result = CliRunner().invoke(main, ["diff", str(SMALL), str(new), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Applications added\n  - Nouveau SIG (Commune de Saint-Exemple): " in result.output
    result = CliRunner().invoke(main, ["diff", str(SMALL), str(new), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["new_as_of"] == "2027-06-15"


@pytest.mark.parametrize(
    ("asset", "message"),
    [
        ("truncated.json", r"truncated.json: line 2, column 1: not valid JSON"),
        (
            "not-audit.json",
            r"not-audit.json: not a vendorlock audit document \(missing or wrong: "
            r"summary, organisations, applications, actions\)",
        ),
    ],
)
def test_cli_diff_rejects_bad_input_in_one_line(asset: str, message: str) -> None:
    result = CliRunner().invoke(main, ["diff", str(ASSETS / asset), str(SMALL), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vendorlock: ")
    with pytest.raises(ReportError, match=message):
        load_audit_document(ASSETS / asset)


def test_a_document_of_another_schema_version_is_refused(
    doc: dict[str, Any], tmp_path: Path
) -> None:
    doc["schema_version"] = "2"
    with pytest.raises(ReportError, match='missing or wrong: schema_version = "1"'):
        load_audit_document(_write(tmp_path / "v2.json", doc))


def test_an_index_lost_to_insufficient_data_reads_as_such(doc: dict[str, Any]) -> None:
    """A body whose inventory lost its columns has no index any more: the diff says so."""
    old = json.loads(json.dumps(doc))
    org = doc["organisations"][0]
    org["lockin_index"], org["level"] = None, "insufficient_data"
    diff = diff_documents(old, doc)
    assert [(o.old_index, o.new_index) for o in diff.org_changes] == [(68.3, None)]
    text = render_diff(diff, Lang.FR, "text")
    assert "68,3 (élevé) → — (données insuffisantes)" in text


def test_an_organisation_without_an_index_key_reads_as_unscored(
    doc: dict[str, Any], tmp_path: Path
) -> None:
    # found by CI's byte fuzzer: "lockin_index" is optional in the shape the diff checks at
    # load, yet the comparison read it unconditionally (KeyError instead of a diff)
    new = json.loads(json.dumps(doc))
    org = new["organisations"][0]
    del org["lockin_index"]
    org["level"] = "insufficient_data"
    loaded = load_audit_document(_write(tmp_path / "audit.json", new))
    for old, changed in ((doc, loaded), (loaded, doc)):
        diff = diff_documents(old, changed)
        assert [o.org_id for o in diff.org_changes] == [org["org_id"]]
        assert "données insuffisantes" in render_diff(diff, Lang.FR, "text")
