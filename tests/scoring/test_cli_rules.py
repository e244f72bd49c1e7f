"""`vendorlock rules list | show | check`: output and exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.scoring import RulePack

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "scoring"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["rules", *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_prints_one_line_per_criterion(pack: RulePack) -> None:
    code, out, _ = run("list", "--lang", "en")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "20 criteria, weights sum to 100 (pack vendorlock-lockin 2026.1)"
    assert len(lines) == 1 + len(pack.criteria)
    assert lines[1].split()[:3] == ["closed-storage-formats", "closed_storage_share", "7"]
    assert lines[1].endswith("  Data stored in closed formats")


def test_list_in_french() -> None:
    _, out, _ = run("list", "--lang", "fr")
    assert "Reconduction tacite" in out
    assert out.startswith("20 critères")


def test_list_with_an_overlay() -> None:
    code, out, _ = run("list", "--lang", "en", "--rules", str(ASSETS / "overlay_ok.yaml"))
    assert code == 0
    assert "contract-end-near" not in out
    assert "no-open-source-alternative" in out
    assert out.splitlines()[0] == "20 criteria, weights sum to 108 (pack my-pack 2026.1)"


def test_show_prints_everything() -> None:
    code, out, _ = run("show", "no-reversibility-clause", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == "no-reversibility-clause: No reversibility clause"
    for fragment in (
        "metric: reversibility_clause",
        "weight: 8",
        "≤ 0 → 1",
        "clause: reversibility",
        "reason: The contract has no reversibility clause",
        "remedy: Add a reversibility clause",
        "ccag-tic-2021-art-42: CCAG-TIC 2021",
        "source: vendorlock default",
    ):
        assert fragment in out


def test_show_in_french_binds_colons_and_says_the_direction_in_words() -> None:
    """Issue 10, point 4: ``rules show --lang fr`` writes « poids : 8 » (no-break space before
    the colon, as every French line of vendorlock), never « poids: 8 », and says which way a
    criterion reads instead of printing only the id ``lower_is_worse``."""
    code, out, _ = run("show", "no-reversibility-clause", "--lang", "fr")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "no-reversibility-clause\u00a0: Pas de clause de réversibilité"
    assert "  poids\u00a0: 8" in lines
    assert "  seuils\u00a0:" in lines
    assert (
        "  sens\u00a0: plus la valeur est basse, plus le risque est grand (lower_is_worse)" in lines
    )
    assert any(line.startswith("    ccag-tic-2021-art-42\u00a0: CCAG-TIC 2021") for line in lines)
    assert not [line for line in lines if re.search(r"\w: ", line.split("http")[0])]


def test_show_marks_unverified_references(tmp_path: Path) -> None:
    # Every shipped reference is verified now; a user's own unverified citation is marked.
    _, out, _ = run("show", "proprietary-licence", "--lang", "en")
    assert "(unverified)" not in out
    overlay = tmp_path / "refs.yaml"
    overlay.write_text(
        "references:\n"
        "  loi-2016-1321-art-16:\n"
        "    title: My reading of article 16\n"
        "    title_fr: Ma lecture de l'article 16\n"
        "    url: https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000033202746\n"
        "    verified: false\n",
        encoding="utf-8",
    )
    _, out, _ = run("show", "proprietary-licence", "--lang", "en", "--rules", str(overlay))
    assert "My reading of article 16" in out and "(unverified)" in out


def test_show_unknown_id_exits_1() -> None:
    code, _, err = run("show", "nope", "--lang", "en")
    assert code == 1
    assert "no criterion 'nope'" in err


def test_check_ok() -> None:
    code, out, _ = run("check", str(ASSETS / "overlay_ok.yaml"), "--lang", "en")
    assert code == 0
    assert out.strip() == (
        f"ok: {ASSETS / 'overlay_ok.yaml'} — 3 criteria (1 new, 1 changed, 1 disabled), "
        "0 registry sections"
    )


def test_check_prints_every_problem_and_exits_1() -> None:
    path = ASSETS / "many_problems.yaml"
    code, out, err = run("check", str(path), "--lang", "en")
    assert code == 1
    assert [line.split(": error: ")[0] for line in out.splitlines()] == [
        f"{path}: line 4",
        f"{path}: line 6",
        f"{path}: line 7",
        f"{path}: line 12",
    ]
    assert "4 problems in " in err


def test_check_validates_registry_sections_too(tmp_path: Path) -> None:
    pytest.importorskip("vendorlock.registry.load")
    bad = tmp_path / "rules.yaml"
    bad.write_text("formats:\n  - id: my-format\n    openness: closedish\n", encoding="utf-8")
    code, out, _ = run("check", str(bad), "--lang", "en")
    assert code == 1
    assert f"{bad}: line 3" in out


def test_bad_overlay_stops_list_with_located_error() -> None:
    code, _, err = run("list", "--rules", str(ASSETS / "wrong_type.yaml"), "--lang", "fr")
    assert code == 1
    assert "wrong_type.yaml\u00a0: ligne 3\u00a0: erreur\u00a0: weight" in err  # French typography
