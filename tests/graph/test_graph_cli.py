"""``vendorlock graph``: refuses invalid inventories, writes where it says, one org or all."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from vendorlock.cli import main

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "graph"


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_default_output_is_named_after_the_inventory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["graph", str(ASSETS / "inventory"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "inventory.graphml"
    assert f"Wrote {out.resolve()}" in result.output
    g = nx.read_graphml(out, force_multigraph=True)
    orgs = {d.get("org_id") for _, d in g.nodes(data=True) if d["kind"] == "application"}
    assert orgs == {"org-a", "org-b"}  # no --org: every organisation in one graph


def test_warnings_are_counted_not_listed(runner: CliRunner) -> None:
    result = runner.invoke(main, ["graph", str(ASSETS / "inventory"), "--lang", "en"])
    assert re.search(
        r"\b([2-9]|\d\d+) warnings in the inventory \(vendorlock validate lists them\)",
        result.output,
    )


def test_one_org_to_dot_with_an_explicit_output(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main,
        ["graph", str(ASSETS / "inventory"), "--org", "org-b", "--format", "dot", "-o", "b.dot"],
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "b.dot").read_text(encoding="utf-8")
    assert '"app:b2"' in text and '"app:a1"' not in text


def test_org_default_name_is_the_org(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["graph", str(ASSETS / "inventory"), "--org", "org-a", "--format", "gexf"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "org-a.gexf").is_file()


def test_hostile_names_are_escaped_in_dot(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["graph", str(ASSETS / "inventory"), "--format", "dot"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "inventory.dot").read_text(encoding="utf-8")
    assert '"label"="Fin \\"Pro\\"\\n<script>alert(1)</script>' in text


def test_invalid_rows_are_set_aside_and_the_graph_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["graph", str(ASSETS / "broken_flows"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "flows.csv: row 3: set aside — source:" in result.output
    assert "1 row set aside, everything else kept — " in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["broken-flows.graphml"]


def test_strict_refuses_an_invalid_inventory_with_located_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        main, ["graph", str(ASSETS / "broken_flows"), "--lang", "en", "--strict"]
    )
    assert result.exit_code == 1
    assert "flows.csv: row 3, column 'source'" in result.output
    assert "1 error in the inventory: no graph written. Fix it" in result.output
    assert not list(tmp_path.iterdir())


def test_invalid_inventory_message_in_french(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["graph", str(ASSETS / "broken_flows"), "--lang", "fr", "--strict"]
    )
    assert result.exit_code == 1
    assert "aucun graphe écrit" in result.output


def test_unknown_org_is_an_error_naming_the_known_ones(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["graph", str(ASSETS / "inventory"), "--org", "nope", "--lang", "en"]
    )
    assert result.exit_code == 1
    assert "organisation 'nope' is not in the inventory; known organisations: org-a, org-b" in (
        result.output
    )


def test_empty_inventory_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    from vendorlock.cli.graph import _check_org
    from vendorlock.graph.interface import GraphError
    from vendorlock.i18n import Lang
    from vendorlock.model.portfolio import Portfolio

    with pytest.raises(GraphError, match="no organisation"):
        _check_org(Portfolio(), None, Lang.EN)
