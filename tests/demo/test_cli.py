"""``vendorlock template`` and ``vendorlock demo-data`` as a user runs them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vendorlock.cli import main


def test_demo_data_writes_the_workbook_and_says_where(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo-data", str(tmp_path), "--members", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {(tmp_path / 'inventaire.xlsx').resolve()}"


def test_demo_data_csv_with_benchmark_shape(tmp_path: Path) -> None:
    args = [
        "demo-data",
        str(tmp_path),
        "--members",
        "1",
        "--apps-per-member",
        "50",
        "--flows-per-app",
        "5",
        "--format",
        "csv",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    flows = (tmp_path / "flux.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(flows) == 1 + 250
    assert "generating: 1/1 members" in result.stderr


def test_demo_data_refuses_bad_options_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo-data", str(tmp_path), "--members", "0"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "vendorlock: --members must be between 1 and 99999, not 0"


def test_demo_data_does_not_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["demo-data", str(tmp_path), "--members", "1", "-q"]).exit_code == 0
    again = runner.invoke(main, ["demo-data", str(tmp_path), "--members", "1", "-q"])
    assert again.exit_code == 1
    assert "already exists; pass --force" in again.stderr
    forced = runner.invoke(main, ["demo-data", str(tmp_path), "--members", "1", "-q", "--force"])
    assert forced.exit_code == 0


def test_template_in_french(tmp_path: Path) -> None:
    out = tmp_path / "inventaire.ods"
    result = CliRunner().invoke(main, ["template", str(out), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"écrit\u00a0: {out.resolve()}"
    assert out.exists()


def test_template_refuses_other_suffixes(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["template", str(tmp_path / "x.docx"), "--lang", "en"])
    assert result.exit_code == 1
    assert "must end in .xlsx or .ods" in result.stderr


def test_help_shows_examples() -> None:
    for command in ("template", "demo-data"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output


def test_demo_data_as_of_gives_the_same_bytes_and_moves_the_contracts(tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = {}
    for name, day in (("a", "2027-01-15"), ("b", "2027-01-15"), ("c", "2028-01-15")):
        args = ["demo-data", str(tmp_path / name), "--members", "2", "--format", "csv", "-q"]
        result = runner.invoke(main, [*args, "--as-of", day])
        assert result.exit_code == 0, result.output
        outputs[name] = {p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())}
    assert outputs["a"] == outputs["b"]
    assert outputs["a"]["applications.csv"] == outputs["c"]["applications.csv"]
    assert outputs["a"]["contrats.csv"] != outputs["c"]["contrats.csv"]
