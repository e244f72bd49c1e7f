"""``connectors list`` and ``--source KIND:PATH`` on the commands that read an inventory."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vendorlock.cli import main


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_connectors_list_names_every_source_in_both_languages() -> None:
    code, out = _run("connectors", "list", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Connectors (detected from content; --source KIND:PATH forces one)"
    assert lines[1].split() == ["spreadsheet", "Inventory", "spreadsheets"]
    assert any(line.split()[:1] == ["decp"] for line in lines)
    assert any(line.split()[:1] == ["sill"] for line in lines)
    code, out = _run("connectors", "list", "--lang", "fr")
    assert code == 0
    assert "Données essentielles de la commande publique (DECP)" in out
    # the colon takes French's no-break space (« accepte : »), English none ("accepts: ")
    assert "accepte\u00a0: DECP en JSON ou XML (schémas 1.x et 2.x)" in out
    assert "accepte:" not in out


def test_validate_with_a_forced_source_only(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parents[1] / "assets" / "inventories"
    path = corpus / "decp-marches-logiciels.csv"
    code, out = _run("validate", "--source", f"decp:{path}", "--lang", "en")
    assert code == 0
    # One editor per distinct titulaire of the records (8 companies hold the 10 contracts).
    assert out.splitlines()[-1].startswith(
        "valid: 1 organisation, 8 editors, 0 applications, 10 contracts, 0 flows"
    )


def test_unknown_kind_is_a_usage_error(decp_dir: Path) -> None:
    code, out = _run("validate", "--lang", "fr", "--source", f"nope:{decp_dir / 'decp_v1.json'}")
    assert code == 2
    assert "source «\u00a0nope\u00a0» inconnue" in out
    code, out = _run("audit", "--source", "decp", "--lang", "en")
    assert code == 2
    assert "is not KIND:PATH" in out


def test_no_input_at_all_is_a_usage_error() -> None:
    code, out = _run("validate", "--lang", "en")
    assert code == 2
    assert "give at least one input" in out


def test_mixed_audit_is_one_body(decp_dir: Path, tmp_path: Path) -> None:
    import json

    code, out = _run(
        "audit",
        str(decp_dir / "arcueil-inventaire.csv"),
        "--source",
        f"decp:{decp_dir / 'decp_v1.json'}",
        "--format",
        "json",
        "-o",
        str(tmp_path),
        "--as-of",
        "2025-01-01",
        "-q",
    )
    assert code == 0, out
    doc = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert doc["summary"]["applications"] == 3
    text = json.dumps(doc, ensure_ascii=False)
    assert "Maarch" in text  # the editor paid but not listed is reported


def test_graph_and_aggregate_accept_a_source(decp_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "arcueil.graphml"
    code, _ = _run(
        "graph",
        str(decp_dir / "arcueil-inventaire.csv"),
        "--source",
        f"decp:{decp_dir / 'decp_v1.json'}",
        "-o",
        str(target),
    )
    assert code == 0
    assert "maarch" in target.read_text(encoding="utf-8")
    code, out = _run(
        "aggregate", "--source", f"decp:{decp_dir / 'decp_flat.csv'}", "-o", str(tmp_path / "g")
    )
    assert code == 0, out
