"""The same audit gives the same bytes whatever the locale and the hash seed.

Each run is a separate process (the locale and ``PYTHONHASHSEED`` are read at start-up), on
the bundled demo with a fixed ``--as-of`` and ``--lang``: the report language is an option,
the environment must change nothing else (set iteration order, locale-aware formatting,
dictionary order of hashed keys).

The French locale must really be in force, or the test would compare C with C: when the
system does not have fr_FR.UTF-8 (a minimal image), it is compiled with ``localedef`` into a
temporary ``LOCPATH``, and a probe checks that the child sees a decimal comma.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ENVIRONMENTS = {
    "fr-seed0": {"LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "PYTHONHASHSEED": "0"},
    "c-seed1": {"LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "1"},
    "c-utf8-random": {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "random"},
}


PROBE = "import locale; locale.setlocale(locale.LC_ALL, ''); print(locale.localeconv()['decimal_point'])"


def _env(env: dict[str, str], locpath: str | None) -> dict[str, str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    full.update(env)
    full.pop("VENDORLOCK_LANG", None)
    if locpath:
        full["LOCPATH"] = locpath
    return full


def _decimal_point(env: dict[str, str]) -> str | None:
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


@pytest.fixture(scope="module")
def locpath(tmp_path_factory: pytest.TempPathFactory) -> str | None:
    """None when the system has fr_FR.UTF-8, else a folder where it was compiled."""
    if _decimal_point(_env(ENVIRONMENTS["fr-seed0"], None)) == ",":
        return None
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.skip("no fr_FR.UTF-8 locale and no localedef to compile one")
    folder = tmp_path_factory.mktemp("locales")
    cmd = [localedef, "-i", "fr_FR", "-f", "UTF-8", str(folder / "fr_FR.UTF-8")]
    if subprocess.run(cmd, capture_output=True).returncode not in (0, 1):  # 1: warnings
        pytest.skip("fr_FR.UTF-8 could not be compiled")
    return str(folder)


def _audit(out: Path, env: dict[str, str], lang: str) -> dict[str, bytes]:
    full = env
    cmd = [sys.executable, "-m", "vendorlock", "audit", "-o", str(out), "-q"]
    cmd += ["--as-of", "2026-01-01", "--lang", lang]
    done = subprocess.run(cmd, env=full, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.parametrize("lang", ["fr"])  # French: the locale-sensitive number formats
def test_audit_bytes_do_not_depend_on_locale_or_hash_seed(
    tmp_path: Path, lang: str, locpath: str | None
) -> None:
    envs = {name: _env(env, locpath) for name, env in ENVIRONMENTS.items()}
    assert _decimal_point(envs["fr-seed0"]) == ","  # the French locale is really in force
    assert _decimal_point(envs["c-seed1"]) == "."
    outputs = {name: _audit(tmp_path / name, env, lang) for name, env in envs.items()}
    first, *others = outputs.values()
    assert sorted(first) == [
        "audit.html",
        "audit.json",
        "audit.md",
        "audit.ods",
        "audit.xlsx",
        "note.docx",
    ]
    for name, files in zip(list(outputs)[1:], others, strict=True):
        for file, data in first.items():
            assert files[file] == data, f"{file} differs under {name}"
