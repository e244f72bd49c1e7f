"""The parsed-YAML cache (vendorlock.yamlcache): what a user gets from it is exactly what parsing
gives, it is read instead of parsing when its entry matches the file's bytes, and it is never a
reason for a command to fail or to read stale data."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vendorlock import i18n, yamlcache
from vendorlock.resources import data_dir
from vendorlock.yamlio import LineDict, LineList, load_yaml

RULES = "criteria:\n  - id: tacit-renewal\n    weight: 9\n    tags: [a, b]\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private cache folder, and ``tmp_path/shipped`` counted as a shipped data folder."""
    folder = tmp_path / "cache"
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    monkeypatch.setenv(yamlcache.ENV_CACHE_DIR, str(folder))
    roots = yamlcache._shipped_roots()
    monkeypatch.setattr(yamlcache, "_shipped_roots", lambda: (*roots, shipped.resolve()))
    yield folder


class Counting:
    """A parse function counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, raw: bytes) -> Any:
        self.calls += 1
        return {"text": raw.decode("utf-8"), "items": [1, 2.5, None, True, ("pair", 2)]}


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types, line numbers included."""
    if type(a) is not type(b):
        return False
    if getattr(a, "lines", None) != getattr(b, "lines", None):
        return False
    if getattr(a, "line", None) != getattr(b, "line", None):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def shipped_yaml() -> list[Path]:
    files = sorted((Path(i18n.__file__).parent / "locale").glob("*.yaml"))
    for name in ("rules", "connectors"):
        files += sorted(data_dir(name).rglob("*.yaml"))
    return files


def test_every_shipped_file_reads_back_from_the_cache_as_parsed(cache: Path) -> None:
    for path in shipped_yaml():
        parsed = load_yaml(path)
        assert same(load_yaml(path), parsed), path  # the second read is the cache's
    written = list((cache / "yaml").iterdir())
    assert len(written) == len(shipped_yaml())
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)


def test_lines_survive_the_cache(cache: Path) -> None:
    path = cache.parent / "shipped" / "r.yaml"
    path.write_text(RULES, encoding="utf-8")
    load_yaml(path)
    data = load_yaml(path)
    criteria = data["criteria"]
    assert isinstance(data, LineDict) and isinstance(criteria, LineList)
    assert criteria.lines == [2] and criteria[0].lines == {"id": 2, "weight": 3, "tags": 4}
    assert criteria[0]["tags"] == ["a", "b"] and criteria[0]["tags"].line == 4


def test_an_entry_is_read_instead_of_parsing_until_the_bytes_change(cache: Path) -> None:
    path = cache.parent / "shipped" / "m.yaml"
    path.write_bytes(b"one")
    parse = Counting()
    first = yamlcache.load(path, path.read_bytes(), "test", parse)
    again = yamlcache.load(path, path.read_bytes(), "test", parse)
    assert parse.calls == 1 and same(again, first)
    path.write_bytes(b"two")  # same size, same folder: only the content tells
    changed = yamlcache.load(path, path.read_bytes(), "test", parse)
    assert parse.calls == 2 and changed["text"] == "two"
    yamlcache.load(path, path.read_bytes(), "other loader", parse)
    assert parse.calls == 3


def test_a_new_vendorlock_version_parses_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cache.parent / "shipped" / "m.yaml"
    path.write_bytes(b"one")
    parse = Counting()
    yamlcache.load(path, b"one", "test", parse)
    monkeypatch.setattr(yamlcache, "__version__", "99.0")
    yamlcache.load(path, b"one", "test", parse)
    assert parse.calls == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-3] + bytes([blob[-3] ^ 0x55]) + blob[-2:],  # one byte flipped
        lambda blob: b"",
        lambda blob: b"not a cache entry at all",
    ],
)
def test_a_damaged_entry_is_parsed_again_and_replaced(cache: Path, damage: Any) -> None:
    path = cache.parent / "shipped" / "m.yaml"
    path.write_bytes(b"one")
    parse = Counting()
    expected = yamlcache.load(path, b"one", "test", parse)
    (entry,) = (cache / "yaml").iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    assert same(yamlcache.load(path, b"one", "test", parse), expected)
    assert parse.calls == 2
    assert same(yamlcache.load(path, b"one", "test", parse), expected)
    assert parse.calls == 2  # the entry was written again


def test_off_disables_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(yamlcache.ENV_CACHE_DIR, "off")
    path = cache.parent / "shipped" / "m.yaml"
    parse = Counting()
    yamlcache.load(path, b"one", "test", parse)
    yamlcache.load(path, b"one", "test", parse)
    assert parse.calls == 2
    assert not cache.exists()


def test_default_folder_follows_xdg_then_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(yamlcache.ENV_CACHE_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert yamlcache.cache_dir() == Path("/somewhere/cache/vendorlock")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec ignores it
    assert yamlcache.cache_dir() == Path.home() / ".cache" / "vendorlock"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert yamlcache.cache_dir() == Path.home() / ".cache" / "vendorlock"


def test_a_new_parser_parses_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout whose parsing code changed (same version, same YAML bytes) reads nothing
    its old code cached."""
    path = cache.parent / "shipped" / "m.yaml"
    path.write_bytes(b"one")
    parse = Counting()
    yamlcache.load(path, b"one", "test", parse)
    monkeypatch.setattr(yamlcache, "_parser_digest", lambda: "another parser")
    yamlcache.load(path, b"one", "test", parse)
    assert parse.calls == 2


def test_the_cache_folder_given_by_hand(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(yamlcache.ENV_CACHE_DIR, "~/vl-cache")
    assert yamlcache.cache_dir() == Path.home() / "vl-cache"  # "~" is the home, not "./~"
    monkeypatch.setenv(yamlcache.ENV_CACHE_DIR, str(tmp_path / "given"))
    assert yamlcache.cache_dir() == tmp_path / "given"
    monkeypatch.setenv(yamlcache.ENV_CACHE_DIR, "relative/ignored")  # would follow the cwd
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert yamlcache.cache_dir() == Path("/somewhere/cache/vendorlock")


def test_no_home_means_no_cache_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A container running under an arbitrary uid has no $HOME and no passwd entry: every
    command still runs, parsing its YAML."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(yamlcache.ENV_CACHE_DIR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert yamlcache.cache_dir() is None
    path = tmp_path / "m.yaml"
    monkeypatch.setattr(yamlcache, "is_shipped", lambda _path: True)
    parse = Counting()
    yamlcache.load(path, b"one", "test", parse)
    assert parse.calls == 1


def test_tests_never_use_the_real_cache_folder() -> None:
    folder = yamlcache.cache_dir()
    assert folder is not None
    assert not folder.resolve().is_relative_to(Path.home().resolve() / ".cache")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_cache_is_not_an_error(cache: Path) -> None:
    (cache / "yaml").mkdir(parents=True)
    (cache / "yaml").chmod(0o500)
    try:
        path = cache.parent / "shipped" / "m.yaml"
        parse = Counting()
        assert yamlcache.load(path, b"one", "test", parse)["text"] == "one"
        assert yamlcache.load(path, b"one", "test", parse)["text"] == "one"
        assert parse.calls == 2
    finally:
        (cache / "yaml").chmod(0o700)


def test_a_cache_path_that_is_a_file_is_not_an_error(cache: Path) -> None:
    cache.write_bytes(b"")
    path = cache.parent / "shipped" / "m.yaml"
    parse = Counting()
    assert yamlcache.load(path, b"one", "test", parse)["text"] == "one"
    assert parse.calls == 1 and cache.is_file()


def test_a_folder_others_may_write_to_is_not_used(cache: Path) -> None:
    """Someone else could plant entries there: it is neither read nor written."""
    (cache / "yaml").mkdir(parents=True)
    (cache / "yaml").chmod(0o777)
    path = cache.parent / "shipped" / "m.yaml"
    parse = Counting()
    yamlcache.load(path, b"one", "test", parse)
    yamlcache.load(path, b"one", "test", parse)
    assert parse.calls == 2
    assert not any((cache / "yaml").iterdir())


def test_user_files_are_not_cached(cache: Path, tmp_path: Path) -> None:
    user = tmp_path / "my-rules.yaml"
    user.write_text(RULES, encoding="utf-8")
    assert load_yaml(user)["criteria"][0]["weight"] == 9
    assert load_yaml(user)["criteria"][0]["weight"] == 9
    assert not cache.exists()  # not even the folder


def test_aliases_are_not_cached(cache: Path) -> None:
    """Shared objects (YAML anchors) would be copied out in the encoding: an alias bomb read
    in milliseconds would be expanded here, so such data is parsed each time instead."""
    path = cache.parent / "shipped" / "bomb.yaml"
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    data = load_yaml(path)
    assert len(data["a8"]) == 10
    assert not any((cache / "yaml").iterdir())


def test_values_the_encoding_cannot_keep_are_not_cached(cache: Path) -> None:
    """The catalogue's plain loader reads unquoted dates as dates: parsed each time."""
    import datetime as dt

    path = cache.parent / "shipped" / "m.yaml"
    calls = []

    def parse(raw: bytes) -> Any:
        calls.append(raw)
        return {"when": dt.date(2026, 11, 29)}

    assert yamlcache.load(path, b"x", "test", parse) == {"when": dt.date(2026, 11, 29)}
    assert yamlcache.load(path, b"x", "test", parse) == {"when": dt.date(2026, 11, 29)}
    assert len(calls) == 2


def test_line_endings_parse_as_in_text_mode(cache: Path) -> None:
    path = cache.parent / "shipped" / "crlf.yaml"
    path.write_bytes(b"a: |\r\n  one\r\n  two\r\nb: 2\r\n")
    assert load_yaml(path) == {"a": "one\ntwo\n", "b": 2}
    assert load_yaml(path).lines == {"a": 1, "b": 4}


def test_entries_left_by_a_gone_installation_are_pruned_when_an_entry_is_written(
    cache: Path,
) -> None:
    shipped = cache.parent / "shipped"
    old, recent = shipped / "old.yaml", shipped / "recent.yaml"
    for path in (old, recent):
        path.write_bytes(path.name.encode())
        yamlcache.load(path, path.read_bytes(), "test", Counting())
    folder = cache / "yaml"
    stale_entry, recent_entry = (
        folder / hashlib.sha256(f"test\0{path.resolve()}".encode()).hexdigest()
        for path in (old, recent)
    )
    month_ago = os.path.getmtime(recent_entry) - (yamlcache.STALE_DAYS + 1) * 86_400
    os.utime(stale_entry, (month_ago, month_ago))
    leftover = folder / ".tmp-killed"  # a command killed between writing and renaming
    leftover.write_bytes(b"half")
    foreign = folder / "README"  # not ours: never touched, however old
    foreign.write_text("kept")
    for path in (leftover, foreign):
        os.utime(path, (month_ago, month_ago))

    parse = Counting()
    yamlcache.load(recent, recent.read_bytes(), "test", parse)  # a hit: nothing written
    assert stale_entry.exists() and parse.calls == 0

    new = shipped / "new.yaml"
    new.write_bytes(b"new")
    yamlcache.load(new, new.read_bytes(), "test", parse)  # a miss: written, then pruned
    assert not stale_entry.exists() and not leftover.exists()
    assert recent_entry.exists() and foreign.read_text() == "kept"

    # the installation was not gone after all: its file is parsed once more, then cached again
    assert yamlcache.load(old, old.read_bytes(), "test", parse)["text"] == "old.yaml"
    assert parse.calls == 2
    yamlcache.load(old, old.read_bytes(), "test", parse)
    assert parse.calls == 2
