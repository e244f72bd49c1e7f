"""The installed tool carries its data (connectors/, rules/, reports/) and works from any folder."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (whl,) = out.glob("vendorlock-*.whl")
    return whl


def test_wheel_ships_data_folders_schemas_and_messages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for data_dir in ("connectors", "rules", "reports"):
        shipped = {n for n in names if n.startswith(f"vendorlock/_data/{data_dir}/")}
        in_repo = {
            f"vendorlock/_data/{data_dir}/{p.relative_to(ROOT / data_dir).as_posix()}"
            for p in (ROOT / data_dir).rglob("*")
            if p.is_file()
        }
        assert in_repo and in_repo <= shipped, data_dir
    assert "vendorlock/schemas/applications.json" in names
    assert "vendorlock/locale/core.yaml" in names
    assert "vendorlock/locale/help/fr.yaml" in names  # French of the --help texts
    assert "vendorlock/py.typed" in names


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "--quiet",
            "--no-deps",
            "--force-reinstall",
            str(wheel),
        ],
        check=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = (
        "import vendorlock.resources as r, pathlib;"
        "print(r.data_dir('rules'));"
        "assert 'site-packages' in str(r.data_dir('rules'))"
    )
    done = subprocess.run([str(py), "-c", code], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "_data" in done.stdout
