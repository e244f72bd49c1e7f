"""Group views as JSON (issue 11): the C encoder writes every deep part, the outer levels are
laid out one item per line, and the text reads back to the same view."""

from __future__ import annotations

import json
import math

import pytest

from vendorlock.errors import ReportError
from vendorlock.group.render import GroupReport, report_json
from vendorlock.jsonio import dumps_lines

VIEW = {
    "kind": "pool",
    "members": 3,
    "opportunities": [
        {
            "id": "pool-001-archives",
            "domain": "archives",
            "members": [{"id": "m2", "apps": 2}, {"id": "m1", "apps": 1}],
            "editors": [],
            "requirements": {"standards": ["SEDA"], "sources": {}},
        }
    ],
    "note": "Électricité, collectivités d'Île-de-France",
    "anonymity": {},
    "by_id": {1: "one"},
}


def test_the_text_reads_back_to_the_view_and_is_identical_across_runs() -> None:
    text = report_json(GroupReport("pool", "Pool", VIEW))
    assert json.loads(text) == json.loads(json.dumps(VIEW))
    assert text == report_json(GroupReport("pool", "Pool", dict(reversed(VIEW.items()))))
    assert text.endswith(b"}\n")
    assert "Île-de-France".encode() in text  # UTF-8, not \\u escapes


def test_outer_levels_are_indented_and_deep_items_take_one_line_each() -> None:
    lines = dumps_lines(VIEW).splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert '      "members": [{"apps": 2,"id": "m2"},{"apps": 1,"id": "m1"}],' in lines
    assert '  "by_id": {"1": "one"},' in lines  # keys other than text: one compact object
    assert '  "anonymity": {},' in lines


def test_deep_enough_it_is_the_indented_dump() -> None:
    view = {k: v for k, v in VIEW.items() if k != "by_id"}
    expected = json.dumps(view, sort_keys=True, ensure_ascii=False, indent=2)
    assert dumps_lines(view, depth=10) == expected


def test_a_non_finite_number_is_refused_with_its_path() -> None:
    view = {"opportunities": [{"members": [{"share": math.nan}]}]}
    with pytest.raises(ReportError) as caught:
        dumps_lines(view)
    assert "$.opportunities[0].members[0].share" in str(caught.value)
