"""Generated trees for the scan tests (the generator benchmarks/scan_tree.py also feeds the bench)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vendorlock.registry import Registries, load_registries

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import scan_tree  # noqa: E402


@pytest.fixture(scope="session")
def registries() -> Registries:
    return load_registries(())


@pytest.fixture()
def tree(tmp_path: Path) -> tuple[Path, scan_tree.Expected]:
    root = tmp_path / "partage"
    expected = scan_tree.generate(root, 1200, per_folder=100, unreadable=False)
    yield root, expected
    scan_tree.restore(root)
