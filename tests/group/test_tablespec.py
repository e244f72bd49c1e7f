"""The group reports' tables declared as data (:mod:`vendorlock.group.tablespec`)."""

from __future__ import annotations

import pytest

from vendorlock.group.anonymity import SUPPRESSED_FIELDS
from vendorlock.group.tablespec import SHOW, TABLES, Context, spec_table
from vendorlock.i18n import Lang, _catalogue, t
from vendorlock.reports.cells import ColumnKind


@pytest.mark.parametrize("tid", sorted(TABLES))
def test_every_column_has_a_header_in_both_languages_and_a_known_show(tid: str) -> None:
    for column in TABLES[tid]:
        entry = _catalogue()[f"group.col.{column[0]}"]
        assert entry.get("fr") and entry.get("en"), column[0]
        if len(column) == 5:
            assert column[4].partition(":")[0] in SHOW, column


def test_a_suppressed_money_figure_shows_the_rule_and_nested_fields_are_read() -> None:
    rows = [
        {
            "rank": 1,
            "name": "Berger-Levrault",
            "members": 4,
            "applications": 9,
            "spend": 120_000.0,
            "spend_share": 0.4,
            "average_score": 61.5,
            "worst_score": 80.0,
            "exit_cost": {"low": 10_000.0, "high": 30_000.0},
            "coverage": 0.9,
        },
        {
            "rank": 2,
            "name": "Ciril",
            "members": 2,
            "applications": 2,
            "spend": None,
            "spend_share": None,
            "average_score": None,
            "worst_score": None,
            "exit_cost": {"low": None, "high": None},
            "coverage": None,
            SUPPRESSED_FIELDS: ["spend", "spend_share", "exit_cost"],
        },
    ]
    table = spec_table("editors", rows, Context(Lang.FR, 3), score_col=6)
    assert table.title == t("group.sheet.editors", Lang.FR)
    assert [c.header for c in table.columns][:2] == [
        t("group.col.rank", Lang.FR),
        t("group.col.name", Lang.FR),
    ]
    assert table.columns[4].kind is ColumnKind.MONEY and table.score_col == 6
    assert table.rows[0] == (
        1,
        "Berger-Levrault",
        4,
        9,
        120_000.0,
        0.4,
        61.5,
        80.0,
        10_000.0,
        30_000.0,
        0.9,
    )
    hidden = t("group.suppressed", Lang.FR, k=3)
    assert table.rows[1][4:6] == (hidden, hidden) and table.rows[1][8:10] == (hidden, hidden)
    assert table.rows[1][6] is None  # a score is never suppressed, it is only unknown


def test_an_empty_table_keeps_its_columns() -> None:
    table = spec_table("flows_broken", [], Context(Lang.EN), spec="flows", title="Breaks")
    assert table.rows == [] and len(table.columns) == len(TABLES["flows"])


def test_editor_lists_are_worded_per_language_and_the_same_on_every_row() -> None:
    """Lists of ids are put into words once per language and reused on the next rows: a
    French report after an English one (or the reverse) still shows its own language."""
    from vendorlock.group.tablespec import Words

    ids = ["unknown", "berger-levrault"]
    member = {
        "opportunity": "pool-001-finances",
        "name": "Commune A",
        "decision_date": "2026-09-01",
        "contract_end": None,
        "products": [],
        "annual_spend": None,
        SUPPRESSED_FIELDS: [],
    }
    rows = [dict(member, editors=e) for e in (ids, list(ids), ids[:1])]
    cells = {
        lang: spec_table("pool_members", rows, Context(lang, 3, {"opportunities": {}})).rows
        for lang in (Lang.EN, Lang.FR)
    }
    for lang, table_rows in cells.items():
        editors = [row[4] for row in table_rows]
        unknown = t("group.unknown_editor", lang)
        assert editors[0] == editors[1] == f"{unknown}, Berger-Levrault"
        assert editors[2] == unknown
        assert Words(lang).many("editor", iter(ids)) == editors[0]  # a generator reads the same
    assert cells[Lang.EN][0][4] != cells[Lang.FR][0][4]
