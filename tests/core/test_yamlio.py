from pathlib import Path

import pytest

from vendorlock.errors import RuleError
from vendorlock.yamlio import line_of, load_yaml


def test_lines_are_remembered(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_text("criteria:\n  - id: a\n    weight: 3\n  - id: b\n", encoding="utf-8")
    data = load_yaml(p)
    assert line_of(data["criteria"], 1) == 4
    assert line_of(data["criteria"][0], "weight") == 3


def test_duplicate_keys_are_located(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"line 3: duplicate key 'a'"):
        load_yaml(p)


def test_invalid_yaml_is_located(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"line \d+, column \d+: invalid YAML"):
        load_yaml(p)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_text("a: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(RuleError):
        load_yaml(p)


def test_a_rules_file_is_parsed_once_until_it_changes(tmp_path: Path) -> None:
    from vendorlock.scoring import load_pack

    rules = tmp_path / "mine.yaml"
    rules.write_text("criteria:\n  - id: tacit-renewal\n    weight: 9\n", encoding="utf-8")
    first = load_pack([rules])
    assert load_pack([rules]) is first
    rules.write_text("criteria:\n  - id: tacit-renewal\n    weight: 11\n", encoding="utf-8")
    second = load_pack([rules])
    assert second is not first
    assert second.criterion("tacit-renewal").weight == 11
