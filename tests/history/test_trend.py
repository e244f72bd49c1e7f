"""`vendorlock history` on four quarterly audits of the demo, and on edited audits."""

from __future__ import annotations

import copy
import io
import itertools
import re
import zipfile
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pandas as pd
import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.history import load_trend, record_audit
from vendorlock.history.report import history_html, history_xlsx
from vendorlock.i18n import Lang, t


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, quarterly: list[dict[str, Any]]) -> Path:
    path = tmp_path_factory.mktemp("hist") / "dsi.sqlite"
    for doc in quarterly:
        record_audit(path, doc)
    return path


def test_bodies_followed_over_four_quarters(db: Path, quarterly: list[dict[str, Any]]) -> None:
    trend = load_trend(db)
    assert list(trend.runs["as_of"]) == [d["as_of"] for d in quarterly]
    per_run = trend.bodies.groupby("as_of").size()
    assert per_run.tolist() == [len(d["organisations"]) for d in quarterly]
    org = quarterly[3]["organisations"][1]
    row = trend.bodies[(trend.bodies["org_id"] == org["org_id"])].iloc[-1]
    assert row["lockin_index"] == org["lockin_index"]
    assert row["annual_spend"] == org["annual_spend"]


def test_score_moves_come_with_the_criteria_that_moved(
    db: Path, quarterly: list[dict[str, Any]]
) -> None:
    trend = load_trend(db)
    # Every move the audits show between consecutive quarters, and only those.
    expected = set()
    for a, b in itertools.pairwise(quarterly):
        old = {x["app_id"]: x["score"] for x in a["applications"]}
        for x in b["applications"]:
            if x["app_id"] in old and abs(x["score"] - old[x["app_id"]]) >= 0.05:
                expected.add((a["as_of"], x["app_id"]))
    assert expected, "the demo moves between quarters"
    assert set(zip(trend.moves["from_as_of"], trend.moves["app_id"], strict=True)) == expected
    assert all(trend.moves["criteria"].str.len() > 0)


def test_decisions_that_fell_due_are_judged(db: Path, quarterly: list[dict[str, Any]]) -> None:
    trend = load_trend(db)
    d = trend.decisions
    assert len(d) > 0
    start, end = quarterly[0]["as_of"], quarterly[1]["as_of"]
    due = {
        (a["org_id"], a["contract_id"])
        for a in quarterly[0]["applications"]
        if a["contract_id"] and a["decision_date"] and start <= a["decision_date"] < end
    }
    first = d[d["from_as_of"] == start]
    assert set(zip(first["org_id"], first["contract_id"], strict=True)) == due
    # The demo renews every contract unchanged: each decision that fell due was missed.
    assert set(d["outcome"]) == {"missed"}
    assert all(d["contract_end_after"] > d["contract_end_before"])


def test_edited_audit_shows_added_removed_and_taken(
    tmp_path: Path, quarterly: list[dict[str, Any]]
) -> None:
    before = quarterly[0]
    after = copy.deepcopy(quarterly[1])
    due = [
        a
        for a in before["applications"]
        if a["contract_id"]
        and a["decision_date"]
        and before["as_of"] <= a["decision_date"] < after["as_of"]
    ]
    gone = due[0]
    # The body acted: the contract's applications were replaced by another editor's.
    after["applications"] = [
        a for a in after["applications"] if a["contract_id"] != gone["contract_id"]
    ]
    newcomer = copy.deepcopy(gone)
    newcomer.update(app_id="new-0001", contract_id="new-c001", editor="Libre SCIC")
    after["applications"].append(newcomer)
    db = tmp_path / "h.sqlite"
    record_audit(db, before)
    record_audit(db, after)
    trend = load_trend(db)
    changes = set(zip(trend.changes["change"], trend.changes["app_id"], strict=True))
    assert ("added", "new-0001") in changes
    assert ("removed", gone["app_id"]) in changes
    outcome = trend.decisions.set_index("contract_id")["outcome"]
    assert outcome[gone["contract_id"]] == "taken"


def test_one_body_and_its_structure(db: Path, quarterly: list[dict[str, Any]]) -> None:
    orgs = quarterly[0]["organisations"]
    parent = next(o["org_id"] for o in orgs if any(p["parent_id"] == o["org_id"] for p in orgs))
    children = {o["org_id"] for o in orgs if o["parent_id"] == parent}
    leaf = sorted(children)[0]
    assert load_trend(db, [leaf]).orgs == (leaf,)
    assert set(load_trend(db, [parent]).orgs) == children | {parent}


def test_html_summary_first_with_charts_and_workbook(db: Path) -> None:
    trend = load_trend(db)
    for lang, words in ((Lang.EN, "4 audits from"), (Lang.FR, "4 audits du")):
        html = history_html(trend, lang)
        assert html.index('id="summary"') < html.index('id="charts"') < html.index('id="moves"')
        assert html.count("<svg") == 2
        assert words in html
    data = history_xlsx(trend, Lang.FR)
    assert data == history_xlsx(trend, Lang.FR)  # same bytes every time
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 5
        for name in zf.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(zf.read(name))
        book = zf.read("xl/workbook.xml").decode()
        styles = zf.read("xl/styles.xml").decode()
    assert "Décisions prises ou manquées" in book
    # French number formats (« 3 804 290 € », « 15/01/2026 »), not English ones, in LibreOffice
    # and Excel alike: every format carries the French locale
    formats = re.findall(r'formatCode="([^"]*)"', styles)
    assert formats and all(f.startswith("[$-40C]") for f in formats), formats


@pytest.mark.parametrize(
    ("lang", "first"),
    [(Lang.FR, "15\u00a0janvier\u00a02026"), (Lang.EN, "15\u00a0January\u00a02026")],
)
def test_chart_dates_are_written_as_the_report_writes_them(
    db: Path, lang: Lang, first: str
) -> None:
    """The charts' x axis and dots' tooltips show each audit date as the report's tables
    and sentences do (« 15 janvier 2026 »), never the ISO form (issue 10)."""
    html = history_html(load_trend(db), lang)
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2
    for chart in svgs:
        axis = re.findall(r'<text [^>]*text-anchor="middle" font-size="8">([^<]*)<', chart)
        assert len(axis) == 4 and axis[0] == first
        assert f"— {first}" in chart  # the dots' tooltips
        assert not re.search(r"\d{4}-\d{2}-\d{2}", chart), re.findall(r"\d{4}-\d{2}-\d{2}", chart)


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("count", [1, 2, 5, 12, 40, 200])
def test_date_labels_never_overlap_nor_leave_the_chart(lang: Lang, count: int) -> None:
    """However many audits, the axis labels (as wide as « 1er septembre 2026 ») stand apart
    and inside the chart; the first date is always labelled."""
    from vendorlock.history.report import _line_chart
    from vendorlock.reports import charts, svg

    days = [date(2020, 9, 1) + timedelta(days=30 * k) for k in range(count)]
    series = {"Ville": [(d.isoformat(), float(k)) for k, d in enumerate(days)]}
    chart = _line_chart(series, "T", "Y", lang)
    labels = re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="8">([^<]*)<', chart
    )
    assert labels, chart
    assert labels[0][1] == (
        "1er septembre 2020" if lang is Lang.FR else "1 September 2020"
    ).replace(" ", "\u00a0")
    spans = [
        (float(x) - svg.width(s, charts.SMALL) / 2, float(x) + svg.width(s, charts.SMALL) / 2)
        for x, s in labels
    ]
    assert spans[0][0] >= 0 and spans[-1][1] <= charts.WIDTH
    for (_, right), (left, _) in itertools.pairwise(spans):
        assert right < left
    assert not any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) for _, s in labels)


def test_cli_history(tmp_path: Path, db: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["history", str(db), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert (out / "history.html").is_file() and (out / "history.xlsx").is_file()
    res = CliRunner().invoke(main, ["history", str(db), "-o", str(out), "--org", "nope"])
    assert res.exit_code == 1
    assert "nope" in res.output and "Traceback" not in res.output


def test_a_single_audit_is_a_start(tmp_path: Path, quarterly: list[dict[str, Any]]) -> None:
    db = tmp_path / "h.sqlite"
    record_audit(db, quarterly[0])
    trend = load_trend(db)
    assert trend.moves.empty and trend.decisions.empty and trend.changes.empty
    html = history_html(trend, Lang.FR)
    assert "Un seul audit, le 15\u00a0janvier\u00a02026" in html
    assert history_xlsx(trend, Lang.EN)


def test_moves_word_each_criterion_in_the_report_language(db: Path) -> None:
    """The audits were recorded in English; the French report's moves table still reads
    French: each rule's French title, its points with a decimal comma."""
    from vendorlock.history.report import tables
    from vendorlock.scoring import load_pack

    trend = load_trend(db)
    pack = load_pack()
    french = {c.title.get(Lang.FR) for c in pack.criteria}
    english = {c.title.get(Lang.EN) for c in pack.criteria} - french
    for lang, own, other in ((Lang.FR, french, english), (Lang.EN, english, french)):
        (moves,) = [tbl for tbl in tables(trend, lang) if tbl.id == "moves"]
        texts = [row[-1] for row in moves.rows]
        assert texts and all(texts)
        named = {part.rsplit(" (", 1)[0] for text in texts for part in text.split("; ")}
        assert named <= own and not named & other
        points = [part.rsplit(" (", 1)[1] for text in texts for part in text.split("; ")]
        if lang is Lang.FR:
            assert any("," in p for p in points) and not any("." in p for p in points)
        assert all(p[0] in "+-−" for p in points)


def _renamed(docs: list[dict[str, Any]], name: str, count: int) -> list[dict[str, Any]]:
    """``docs`` with their first ``count`` bodies that hold applications all named ``name``."""
    out = copy.deepcopy(docs)
    for doc in out:
        held = sorted({a["org_id"] for a in doc["applications"]})[:count]
        for org in doc["organisations"]:
            if org["org_id"] in held:
                org["name"] = name
    return out


def test_tables_show_each_body_by_its_name_and_id_only_between_namesakes(
    tmp_path: Path, quarterly: list[dict[str, Any]]
) -> None:
    """Decisions, moves and changes name the body (« Mont-Marsillon-les-Bains »), not its
    SIREN; two bodies of the same name read « Syndicat des eaux (SIREN) » each, everywhere
    (tables, chart legend), so they never read alike."""
    from vendorlock.history.report import body_names, tables

    trend = load_trend(_db(tmp_path, quarterly))
    names = {o["org_id"]: o["name"] for o in quarterly[-1]["organisations"]}
    for lang in Lang:
        for table in tables(trend, lang):
            headers = [c.header for c in table.columns]
            if table.id in ("decisions", "moves", "changes"):
                assert t("history.col.org_id", lang) not in headers, table.id
                col = headers.index(t("history.col.body", lang))
                shown = {row[col] for row in table.rows}
                assert table.id == "changes" or shown, table.id
                assert shown <= set(names.values()), shown
                assert not any(re.fullmatch(r"\d{9}", str(v)) for v in shown)

    twins = _renamed(quarterly, "Syndicat des eaux", 2)
    trend = load_trend(_db(tmp_path / "twins", twins))
    held = sorted({a["org_id"] for a in twins[0]["applications"]})[:2]
    labels = body_names(trend)
    assert [labels[o] for o in held] == [f"Syndicat des eaux ({o})" for o in held]
    others = [v for k, v in labels.items() if k not in held]
    assert others and not any("(" in v for v in others)
    html = history_html(trend, Lang.FR)
    for o in held:
        assert f"Syndicat des eaux ({o})" in html


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a body literally named as another reads once disambiguated: three labels, not two
        (
            [("1", "SIVU (2)"), ("2", "SIVU"), ("3", "SIVU")],
            {"1": "SIVU (2) (1)", "2": "SIVU (2)", "3": "SIVU (3)"},
        ),
        # a trailing space or a double space does not make two names look different
        (
            [("1", "Syndicat  des eaux"), ("2", "Syndicat des eaux ")],
            {"1": "Syndicat des eaux (1)", "2": "Syndicat des eaux (2)"},
        ),
        # a name lost at the last audit: the last name given, not the id
        ([("1", "Ancien nom"), ("1", None)], {"1": "Ancien nom"}),
        # a body without a name reads as its id; one named like that id gets its own
        ([("1", None), ("2", "1")], {"1": "1", "2": "1 (2)"}),
    ],
)
def test_no_two_bodies_read_alike(
    rows: list[tuple[str, str | None]], expected: dict[str, str]
) -> None:
    """The names key the chart's series: two bodies shown alike would merge into one line."""
    from types import SimpleNamespace

    from vendorlock.history.report import body_names

    bodies = pd.DataFrame(rows, columns=["org_id", "name"])
    assert body_names(SimpleNamespace(bodies=bodies)) == expected  # type: ignore[arg-type]


def _db(folder: Path, docs: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "h.sqlite"
    for doc in docs:
        record_audit(path, doc)
    return path


def test_levels_and_outcomes_are_worded_in_the_report_language(db: Path) -> None:
    """The bodies table gives each level as the audit does (« moyen », not ``medium``), in the
    page and the workbook; a missed decision is the contract renewed unchanged."""
    from vendorlock.history.report import tables

    trend = load_trend(db)
    for lang in Lang:
        by_id = {tbl.id: tbl for tbl in tables(trend, lang)}
        bodies = by_id["bodies"]
        levels = {row[bodies.level_col] for row in bodies.rows}  # type: ignore[index]
        assert levels == {t(f"reports.level.{lv}", lang) for lv in set(trend.bodies["level"])}
        outcomes = {row[-1] for row in by_id["decisions"].rows}
        assert outcomes == {t("history.outcome.missed", lang)}
    html = history_html(trend, Lang.FR)
    assert ">moyen</td>" in html and ">medium<" not in html
    assert escape("manquée (contrat reconduit à l'identique)") in html
    with zipfile.ZipFile(io.BytesIO(history_xlsx(trend, Lang.FR))) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode()
    assert ">moyen<" in strings and ">medium<" not in strings


def test_empty_tables_say_what_did_not_happen(db: Path) -> None:
    html = history_html(load_trend(db), Lang.FR)
    assert "Aucune application ajoutée ni retirée entre deux audits." in html
    assert 'id="t-changes"' not in html
    # three moves: no note about the 20 largest
    assert "plus fortes évolutions" not in html


def test_history_rules_gives_the_moves_an_overlays_titles(tmp_path: Path, db: Path) -> None:
    """A rule an overlay retitles keeps its new title in the moves table with --rules, as the
    audits run with the same file gave it; a broken rules file stops with a located message."""
    rules = tmp_path / "mes-regles.yaml"
    rules.write_text(
        "criteria:\n"
        "  - id: contract-end-near\n"
        "    title: {en: Renewal looming, fr: Reconduction imminente}\n",
        "utf-8",
    )
    out = tmp_path / "out"
    args = ["history", str(db), "-o", str(out), "--lang", "fr"]
    res = CliRunner().invoke(main, [*args, "--rules", str(rules)])
    assert res.exit_code == 0, res.output
    page = (out / "history.html").read_text("utf-8")
    assert "Reconduction imminente (+1,5)" in page
    assert "Échéance du contrat proche" not in page
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "Échéance du contrat proche (+1,5)" in (out / "history.html").read_text("utf-8")

    broken = tmp_path / "cassé.yaml"
    broken.write_text("criteria:\n  - id: contract-end-near\n    weight: [\n", "utf-8")
    res = CliRunner().invoke(main, [*args, "--rules", str(broken)])
    assert res.exit_code != 0
    assert "cassé.yaml" in res.output and "Traceback" not in res.output


def test_a_move_of_several_criteria_joins_them_as_the_language_writes_a_semicolon() -> None:
    """A body whose score moved on two rules reads « Reconduction tacite (+5) ; Échéance du
    contrat proche (−1,5) » in French, the space before the semicolon a no-break one as in
    every French line, and "…; …" in English."""
    from vendorlock.history.report import _criteria_labelled

    moves = pd.DataFrame(
        {
            "rules": ["tacit-renewal;contract-end-near"],
            "rule_deltas": ["5;-1.5"],
            "criteria": ["Tacit renewal (+5.0); Contract end near (-1.5)"],
        }
    )
    french = _criteria_labelled(moves, Lang.FR)["criteria_label"].iloc[0]
    english = _criteria_labelled(moves, Lang.EN)["criteria_label"].iloc[0]
    assert french.startswith("Reconduction tacite (+5)\u00a0; Échéance du contrat proche (")
    assert not re.search(r"\S; ", french)
    assert english.startswith("Tacit renewal (+5); ")
