"""Many members scored in partitions give the same document as one audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.group.builders import app, doc, org
from tests.group.workbooks import member_book
from vendorlock.group.audits import (
    AuditRequest,
    audit_members,
    merge_documents,
    partitions,
    split_document,
)
from vendorlock.group.members import load_members
from vendorlock.i18n import Lang
from vendorlock.registry import load_registries


@pytest.mark.parametrize(
    ("ids", "parts", "expected"),
    [
        (["c", "a", "b"], 2, [["a", "c"], ["b"]]),
        (["a"], 4, [["a"]]),
        (["a", "b", "c", "d"], 1, [["a", "b", "c", "d"]]),
    ],
)
def test_partitions_round_robin(ids: list[str], parts: int, expected: list[list[str]]) -> None:
    assert partitions(ids, parts) == expected


def test_merge_then_split_round_trips() -> None:
    one = doc([org("a")], [app("a1", "a", cost=100.0)])
    two = doc([org("b")], [app("b1", "b", cost=200.0), app("b2", "b", cost=None)])
    one["summary"].update(applications=1, annual_spend=100.0)
    two["summary"].update(applications=2, annual_spend=200.0)
    one["formats"] = [{"format_id": "csv", "openness": "open_standard", "flows": 2}]
    two["formats"] = [{"format_id": "csv", "openness": "open_standard", "flows": 3}]
    merged = merge_documents([two, one])
    assert [a["app_id"] for a in merged["applications"]] == ["a1", "b1", "b2"]
    assert merged["summary"]["applications"] == 3 and merged["summary"]["annual_spend"] == 300.0
    assert merged["formats"] == [{"format_id": "csv", "openness": "open_standard", "flows": 5}]
    part = split_document(merged, "b")
    assert [o["org_id"] for o in part["organisations"]] == ["b"]
    assert part["summary"]["applications"] == 2 and part["summary"]["annual_spend"] == 200.0


def test_parallel_partitions_equal_one_audit(tmp_path: Path) -> None:
    pytest.importorskip("vendorlock.audit")
    for n, name in enumerate(("A", "B", "C")):
        member_book(
            tmp_path / f"{name}.xlsx", f"2100000{n}", f"Commune {name}", app_prefix=f"{name}-"
        )
    members = load_members([tmp_path], load_registries())
    request = AuditRequest((), date(2026, 1, 1), Lang.EN)
    single = audit_members(members.portfolio, request, workers=1)
    parallel = audit_members(members.portfolio, request, workers=2)
    for key in ("organisations", "editors", "groups", "flows"):
        assert parallel[key] == single[key], key

    def scores(d: dict) -> list:  # type: ignore[type-arg]
        return [{k: v for k, v in a.items() if k != "action"} for a in d["applications"]]

    assert scores(parallel) == scores(single)
    # the renewal action "pool" needs other members' contracts: partitions hide them
    kinds = {a["app_id"]: a["action"]["kind"] for a in single["applications"]}
    assert kinds["A-fin"] == "pool"


def test_every_group_message_in_both_languages() -> None:
    import yaml

    path = Path(__file__).resolve().parents[2] / "vendorlock" / "locale" / "group.yaml"
    messages = yaml.safe_load(path.read_text("utf-8"))
    assert len(messages) > 100
    for key, texts in messages.items():
        assert key.startswith(("group.", "problem.group_")), key
        assert set(texts) == {"en", "fr"} and all(texts.values()), key


def test_docs_cover_every_command() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "group.md").read_text("utf-8")
    for command in ("aggregate", "pool", "compare", "simulate", "requirements"):
        assert f"## `vendorlock {command}" in text
        assert f"$ vendorlock {command}" in text
