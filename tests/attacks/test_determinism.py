"""The same audit gives the same bytes whatever the locale and the hash seed.

Each run is a separate process (the locale and ``PYTHONHASHSEED`` are read at start-up), on
the bundled demo with a fixed ``--as-of`` and ``--lang``: the report language is an option,
the environment must change nothing else (set iteration order, locale-aware formatting,
dictionary order of hashed keys).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENVIRONMENTS = {
    "fr-seed0": {"LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "PYTHONHASHSEED": "0"},
    "c-seed1": {"LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "1"},
    "c-utf8-random": {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "random"},
}


def _audit(out: Path, env: dict[str, str], lang: str) -> dict[str, bytes]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    full.update(env)
    full.pop("VENDORLOCK_LANG", None)
    cmd = [sys.executable, "-m", "vendorlock", "audit", "-o", str(out), "-q"]
    cmd += ["--as-of", "2026-01-01", "--lang", lang]
    done = subprocess.run(cmd, env=full, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.parametrize("lang", ["fr"])  # French: the locale-sensitive number formats
def test_audit_bytes_do_not_depend_on_locale_or_hash_seed(tmp_path: Path, lang: str) -> None:
    outputs = {name: _audit(tmp_path / name, env, lang) for name, env in ENVIRONMENTS.items()}
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
