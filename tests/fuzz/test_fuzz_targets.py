"""The fuzz targets stay runnable (``make fuzz`` runs them; CI gives them a bounded budget): each
reader has a target with real seed files, the runner turns a reader's exception into a failing
run with the input kept, and a clean reader passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz import targets

atheris = pytest.importorskip("atheris")  # the `fuzz` extra (Linux x86-64 wheels)


@pytest.mark.parametrize("name", [t.name for t in targets.TARGETS if t.name != "diff"])
def test_every_target_has_seeds_of_its_format(name: str) -> None:
    target = targets.target(name)
    seeds = target.seed_files()
    suffix = Path(target.filename).suffix
    assert seeds and all(s.suffix in (suffix, ".xml", ".csv") for s in seeds), seeds


def test_every_reader_has_a_target() -> None:
    names = {t.name for t in targets.TARGETS}
    assert names == {
        "xlsx", "ods", "csv", "glpi", "decp-json", "decp-xml", "archimate", "cyclonedx",
        "rules", "diff",
    }  # fmt: skip


def test_a_reader_exception_fails_the_run_and_keeps_the_input(tmp_path: Path) -> None:
    from tests.fuzz.__main__ import run_target

    def crash_on_semicolon(path: Path) -> None:
        if b";" in path.read_bytes():
            raise KeyError("a reader bug")

    broken = targets.Target(
        "broken", "x.csv", ("tests/assets/readers/flat_fr.csv",), crash_on_semicolon
    )
    assert run_target(broken, 5, tmp_path) is False
    log = (tmp_path / "broken.log").read_text()
    assert "KeyError: 'a reader bug'" in log
    kept = list(tmp_path.glob("broken-crash-*"))
    assert len(kept) == 1 and b";" in kept[0].read_bytes()


def test_a_clean_target_passes(tmp_path: Path) -> None:
    from tests.fuzz.__main__ import run_target

    one = targets.Target(
        "csv", "x.csv", ("tests/assets/readers/flat_fr.csv",), targets.check_inventory
    )
    assert run_target(one, 1, tmp_path) is True
    assert not list(tmp_path.iterdir())  # no log, no input kept
