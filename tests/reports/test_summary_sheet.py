"""The spreadsheet summary of the bundled demo (13 bodies): each editor once, shares of one
denominator, and the structure's one index (issue 10)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from vendorlock.audit import AuditOptions, audit_document
from vendorlock.demo.bundled import load_bundled
from vendorlock.i18n import Lang, t
from vendorlock.registry import load_registries
from vendorlock.reports import overview, tables
from vendorlock.reports.numbers import score
from vendorlock.reports.writer import audit_ods, audit_xlsx
from vendorlock.scoring import load_pack

AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module", params=[Lang.FR, Lang.EN], ids=["fr", "en"])
def demo(request: pytest.FixtureRequest) -> Any:
    registries = load_registries()
    loaded = load_bundled(AS_OF, registries)
    lang: Lang = request.param
    options = AuditOptions(as_of=AS_OF, lang=lang, problems=loaded.problems)
    return audit_document(loaded.portfolio, registries, load_pack(), options)


def _editors(demo: Any) -> list[list[Any]]:
    blocks = tables.summary(demo, Lang(demo["lang"]))
    first = blocks.editors_row - 1  # 1-based, after the header row
    return [list(r) for r in blocks.table.rows[first : first + blocks.editors_count]]


def test_each_editor_once_and_shares_of_the_whole_spend(demo: Any) -> None:
    rows = _editors(demo)
    names = [name for name, _share in rows]
    assert len(rows) == 10 and len(set(names)) == len(names)
    shares = [share for _name, share in rows]
    assert shares == sorted(shares, reverse=True) and sum(shares) <= 1.0
    # Each share is the editor's spend over every body's known spend, summed across bodies.
    spend: dict[str, float] = {}
    for e in demo["editors"]:
        spend[e["name"]] = spend.get(e["name"], 0.0) + float(e.get("annual_spend") or 0.0)
    total = sum(spend.values())
    top = names[0]
    assert rows[0][1] == pytest.approx(spend[top] / total)
    assert max(spend, key=lambda n: spend[n]) == top
    # the demo's largest editor serves many bodies: the old per-body rows repeated it
    assert sum(1 for e in demo["editors"] if e["name"] == top) > 1


def test_the_share_header_says_whose_spend(demo: Any) -> None:
    lang = Lang(demo["lang"])
    blocks = tables.summary(demo, lang)
    header = blocks.table.rows[blocks.editors_row - 2]
    assert header == [t("reports.col.editor", lang), t("reports.sum.structure_share", lang)]


def test_the_summary_shows_the_structure_index_as_the_page_does(demo: Any) -> None:
    lang = Lang(demo["lang"])
    rows = {r[0]: r[1] for r in tables.summary(demo, lang).table.rows if r[0]}
    k = overview.kpis(demo)
    assert k.structure_wide
    assert rows[t("reports.kpi.structure_index", lang)].startswith(score(k.index, lang, scale=True))


def test_spend_shares_sum_across_bodies_over_one_denominator() -> None:
    rows = [
        {"org_id": "a", "editor_id": "x", "name": "X", "annual_spend": 300.0},
        {"org_id": "a", "editor_id": "y", "name": "Y", "annual_spend": 100.0},
        {"org_id": "b", "editor_id": "x", "name": "X", "annual_spend": 100.0},
        {"org_id": "b", "editor_id": "z", "name": "Z", "annual_spend": None},
        {"org_id": "b", "editor_id": "w", "name": "W", "annual_spend": 0},
    ]
    assert tables.spend_shares(rows, "editor_id") == [("X", 0.8), ("Y", 0.2)]
    assert tables.spend_shares(rows, "editor_id", 1) == [("X", 0.8)]
    assert tables.spend_shares(rows[3:], "editor_id") == []


def _with_set_aside(doc: dict[str, Any]) -> dict[str, Any]:
    doc["set_aside"] = {
        "rows": 3,
        "reasons": [
            {"code": "date", "label": "date illisible", "rows": 2},
            {"code": "required", "label": "valeur obligatoire manquante", "rows": 1},
        ],
        "list": [],
    }
    return doc


@pytest.mark.parametrize("count", [0, 3], ids=["none", "three"])
def test_set_aside_count_is_a_number_cell_in_xlsx_and_ods(doc: dict[str, Any], count: int) -> None:
    """The « lignes écartées » count is right-aligned like the other counts: a number cell,
    its reasons one row each with their own count (it was the text « 3 — date illisible (2)… »)."""
    if count:
        doc = _with_set_aside(doc)
    doc["summary"]["coverage"] = 0.42
    label = t("reports.sum.set_aside", Lang.FR)
    expected = [[label, count]]
    if count:
        expected += [
            ["dont\u00a0: date illisible", 2],
            ["dont\u00a0: valeur obligatoire manquante", 1],
        ]

    ws = openpyxl.load_workbook(io.BytesIO(audit_xlsx(doc, Lang.FR)))[
        t("reports.sheet.summary", Lang.FR)
    ]
    rows = [[c.value for c in r[:2]] for r in ws.iter_rows()]
    at = rows.index([label, count])
    assert rows[at : at + len(expected)] == expected
    for r in range(at, at + len(expected)):
        assert ws.cell(row=r + 1, column=2).data_type == "n"
    assert rows[at + len(expected)] == [t("reports.sum.coverage", Lang.FR), 0.42]  # a share
    assert ws.cell(row=at + len(expected) + 1, column=2).number_format.endswith("%")

    ods = CalamineWorkbook.from_filelike(io.BytesIO(audit_ods(doc, Lang.FR)))
    sheet = ods.get_sheet_by_name(t("reports.sheet.summary", Lang.FR)).to_python()
    cells = [list(r[:2]) for r in sheet]
    at = cells.index([label, count])
    assert cells[at : at + len(expected)] == expected
    assert all(type(v) is float for _k, v in cells[at : at + len(expected)])  # not text
