"""The walk on a real share: problems reported not fatal, read-only, cache, time budget."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import scan_tree

from vendorlock.registry import Registries
from vendorlock.scan import WalkOptions, scan_paths

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _pdf(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(scan_tree.KINDS["pdf"][2]())


def test_symlink_loops_are_reported_not_fatal(tmp_path: Path, registries: Registries) -> None:
    _pdf(tmp_path / "a" / "x.pdf")
    os.symlink("b2", tmp_path / "a" / "b1")
    os.symlink("b1", tmp_path / "a" / "b2")
    os.symlink("..", tmp_path / "a" / "up")  # a loop only when links are followed
    os.symlink("x.pdf", tmp_path / "a" / "alias.pdf")
    plain = scan_paths([str(tmp_path)], registries, WalkOptions())
    assert dict(plain.problems) == {"symlink_loop": 2}
    assert plain.files == 1 and plain.symlinks == 4
    followed = scan_paths([str(tmp_path)], registries, WalkOptions(follow_symlinks=True))
    assert dict(followed.problems) == {"symlink_loop": 3}
    assert followed.files == 2  # the file and its alias, read through the link
    samples = dict(followed.samples)["problem.symlink_loop"]
    assert {Path(p).name for p, _ in samples} == {"b1", "b2", "up"}


def test_unreadable_folder_is_reported_and_the_rest_counted(
    tmp_path: Path, registries: Registries, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pdf(tmp_path / "ouvert" / "x.pdf")
    _pdf(tmp_path / "ferme" / "y.pdf")
    closed = tmp_path / "ferme"
    if IS_ROOT:  # root reads a mode-000 folder: make the filesystem refuse it another way
        real = os.scandir

        def refusing(path: str) -> object:
            if Path(path) == closed:
                raise PermissionError(13, "Permission denied", path)
            return real(path)

        monkeypatch.setattr(os, "scandir", refusing)
    else:
        closed.chmod(0)
    try:
        result = scan_paths([str(tmp_path)], registries, WalkOptions())
    finally:
        closed.chmod(0o755)
    assert dict(result.problems) == {"unreadable_folder": 1}
    assert result.files == 1
    assert dict(result.samples)["problem.unreadable_folder"][0][0] == str(closed)


def test_access_time_is_left_unchanged(tmp_path: Path, registries: Registries) -> None:
    target = tmp_path / "vieux.pdf"
    _pdf(target)
    st = target.stat()
    old_atime = st.st_mtime - 86_400 * 400  # before mtime: relatime would update it on read
    os.utime(target, ns=(int(old_atime * 1e9), st.st_mtime_ns))
    before = target.stat().st_atime_ns
    result = scan_paths([str(tmp_path)], registries, WalkOptions())
    assert result.files == 1
    if not hasattr(os, "O_NOATIME"):
        pytest.skip("the platform has no O_NOATIME")
    assert target.stat().st_atime_ns == before
    assert target.stat().st_mtime_ns == st.st_mtime_ns


def test_cache_rerun_reuses_and_notices_changes(
    tree: tuple[Path, scan_tree.Expected], registries: Registries, tmp_path: Path
) -> None:
    root, expected = tree
    cache = tmp_path / "cache"
    first = scan_paths([str(root)], registries, WalkOptions(), cache_dir=cache)
    assert first.cache_hits == 0
    # One docx becomes an ODF text in place: new size and mtime, so it is identified again.
    victim = next(root.rglob("*.docx"))
    while victim.read_bytes()[:2] != b"PK" or victim.stat().st_size == 0:
        victim = next(p for p in root.rglob("*.docx") if p != victim)
    victim.write_bytes(scan_tree.KINDS["odt"][2]())
    os.utime(victim, (time.time() + 10, time.time() + 10))
    second = scan_paths([str(root)], registries, WalkOptions(), cache_dir=cache)
    assert second.cache_hits == first.files - 1
    counts = {f.format: f.files for f in second.formats}
    assert counts["odt"] == expected.formats["odt"] + 1
    assert counts["docx"] == expected.formats["docx"] - 1


def test_time_budget_stops_early_and_marks_partial(tmp_path: Path, registries: Registries) -> None:
    root = tmp_path / "gros"
    scan_tree.generate(root, 3000, per_folder=200, unreadable=False, loops=False)
    result = scan_paths([str(root)], registries, WalkOptions(time_budget=1e-6))
    assert result.partial
    assert 0 < result.files < 3000
    full = scan_paths([str(root)], registries, WalkOptions(time_budget=600))
    assert not full.partial


def test_never_modifies_the_tree(
    tree: tuple[Path, scan_tree.Expected], registries: Registries
) -> None:
    root, _ = tree
    snapshot = {
        p: (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    }
    scan_paths([str(root)], registries, WalkOptions())
    after = {
        p: (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    }
    assert after == snapshot
