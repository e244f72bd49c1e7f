"""Group reports in every format: escaping of hostile names, determinism, both languages."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest

from tests.group.builders import app, doc, flow, org, registries
from vendorlock.group.aggregate import AggregateOptions, aggregate_view
from vendorlock.group.compare import compare_view
from vendorlock.group.pool import PoolOptions, pool_view
from vendorlock.group.present import (
    aggregate_report,
    compare_report,
    pool_report,
    requirements_report,
)
from vendorlock.group.render import ALL_FORMATS, GroupFormat, render, write_report
from vendorlock.group.requirements import requirements_view
from vendorlock.i18n import Lang, t
from vendorlock.resources import schema_dir

HOSTILE = '<script>alert(1)</script>=HYPERLINK("http://x","y")'


def _hostile_doc() -> dict:
    orgs = [org("a", name=HOSTILE), org("b", name="@SUM(A1) مرحبا 🎉"), org("c")]
    apps = [
        app("a1", "a", editor_id="evil", product=HOSTILE),
        app("b1", "b", editor_id="evil", product=HOSTILE),
        app("c1", "c", editor_id="evil", product=HOSTILE),
    ]
    for a in apps:
        a["editor"] = HOSTILE
    flows = [flow("f1", "a", "a1", "helios", target_kind="platform")]
    return doc(orgs, apps, flows)


def test_fixture_documents_follow_the_audit_schema() -> None:
    schema = json.loads((schema_dir() / "audit.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(_hostile_doc(), schema)


def _reports(lang: Lang) -> list:
    d = _hostile_doc()
    reg = registries()
    members = ["a", "b", "c"]
    return [
        aggregate_report(aggregate_view(d, members, AggregateOptions()), lang, [HOSTILE]),
        pool_report(pool_view(d, members, reg, PoolOptions()), lang),
        compare_report(compare_view(d, members, reg, "finances"), lang),
        requirements_report(requirements_view("finances", reg, {}, {}, lang, d, members), lang),
    ]


@pytest.mark.parametrize("lang", [Lang.EN, Lang.FR])
def test_html_escapes_every_value(lang: Lang) -> None:
    for report in _reports(lang):
        html = render(report, GroupFormat.HTML, lang).decode("utf-8")
        assert "<script>alert" not in html, report.stem
        assert "Content-Security-Policy" in html
        if report.stem in ("aggregate", "compare"):
            assert "&lt;script&gt;" in html


def test_markdown_is_inert() -> None:
    for report in _reports(Lang.EN):
        md = render(report, GroupFormat.MD, Lang.EN).decode("utf-8")
        # the tag's « < » escaped: « \\<script> » reads as text, opens no HTML
        assert re.search(r"(?<!\\)<script>", md) is None, report.stem
        assert "\\<script>" in md or report.stem in ("pool", "requirements"), report.stem


def test_workbooks_neutralise_formulas(tmp_path: Path) -> None:
    report = _reports(Lang.EN)[0]
    written = write_report(report, tmp_path, [GroupFormat.XLSX], Lang.EN)
    with zipfile.ZipFile(written[0]) as z:
        sheets = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/"))
    assert "<f>" not in sheets  # no cell is a formula
    assert "HYPERLINK" in sheets  # the name is kept, as text


def test_same_input_same_bytes(tmp_path: Path) -> None:
    for n in (1, 2):
        for report in _reports(Lang.FR):
            write_report(report, tmp_path / str(n), ALL_FORMATS, Lang.FR)
    first = sorted((tmp_path / "1").iterdir())
    assert len(first) == 4 * len(ALL_FORMATS)
    for path in first:
        assert path.read_bytes() == (tmp_path / "2" / path.name).read_bytes(), path.name


def test_aggregate_html_has_heatmap_and_suppression_note() -> None:
    d = _hostile_doc()
    view = aggregate_view(d, ["a", "b", "c"], AggregateOptions(min_group=5))
    html = render(aggregate_report(view, Lang.EN), GroupFormat.HTML, Lang.EN).decode("utf-8")
    assert "<svg" in html
    assert "suppressed (fewer than 5 members)" in html


@pytest.mark.parametrize(
    ("lang", "sheets"),
    [
        (Lang.EN, ("Flows that break", "Flows to check", "Flows that keep working")),
        (Lang.FR, ("Flux rompus", "Flux à vérifier", "Flux qui fonctionnent")),
    ],
)
def test_simulate_writes_three_flow_groups_with_reasons_in_every_format(
    lang: Lang, sheets: tuple[str, ...], tmp_path: Path
) -> None:
    from tests.group.builders import fake_audit
    from tests.group.test_simulate import COSTS, _portfolio
    from vendorlock.group.present import simulate_report
    from vendorlock.group.simulate import Replacement, simulate_view

    view, _ = simulate_view(
        _portfolio(), registries(), COSTS, [Replacement("e.magnus", "open-gf")], fake_audit, lang
    )
    report = simulate_report(view, lang)
    written = {p.suffix: p for p in write_report(report, tmp_path, ALL_FORMATS, lang)}
    reason = next(f["reason_text"] for f in view["flows"] if f["flow_id"] == "f1")
    assert "open-gf" in reason and "PES_V2" in reason
    data = json.loads(written[".json"].read_text(encoding="utf-8"))
    assert [f["reason_text"] for f in data["flows"] if f["flow_id"] == "f1"] == [reason]
    assert data["anonymity"]["note"]
    titles = [t(f"group.sim.group.{g}", lang, n="") for g in ("broken", "to_check", "works")]
    for suffix in (".html", ".md"):
        text = written[suffix].read_text(encoding="utf-8")
        assert all(title.rstrip(")") in text for title in titles), suffix
    html = written[".html"].read_text(encoding="utf-8")
    assert reason.replace("'", "&#x27;") in html
    for suffix, member in ((".xlsx", "xl/workbook.xml"), (".ods", "content.xml")):
        with zipfile.ZipFile(written[suffix]) as z:
            names = z.read(member).decode("utf-8")
            body = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        assert all(s in names for s in sheets), suffix
        assert "PES_V2" in body


def _ranked_doc() -> dict:
    orgs = [
        org("a", name="Aubigny", index=20.0),
        org("b", name="Bessan", index=70.0),
        org("c", name="Cazouls", index=45.0),
    ]
    apps = [app(f"{o}1", o, editor_id="evil") for o in ("a", "b", "c")]
    return doc(orgs, apps)


@pytest.mark.parametrize("lang", [Lang.EN, Lang.FR])
def test_every_group_report_opens_on_its_summary(lang: Lang) -> None:
    for report in _reports(lang):
        assert report.sections[0].anchor == "summary", report.stem
        assert report.sections[0].title == t("group.summary", lang)
        md = render(report, GroupFormat.MD, lang).decode("utf-8")
        assert md.index(f"## {t('group.summary', lang)}") < md.index("\n## ", md.index("## ") + 1)


def test_aggregate_summary_is_structure_wide_then_members_worst_first() -> None:
    from vendorlock.reports.sections import Cards, KpiStrip

    view = aggregate_view(_ranked_doc(), ["a", "b", "c"], AggregateOptions(min_group=2))
    summary = aggregate_report(view, Lang.FR).sections[0]
    strip, cards = summary.blocks[0], summary.blocks[-1]
    assert isinstance(strip, KpiStrip) and isinstance(cards, Cards)
    figures = {k.title: k for k in strip.items}
    assert figures["Membres"].value == "3"
    # One application each: the structure's index is the plain mean of the members'.
    assert figures["Indice de dépendance de la structure"].value == "45,0"
    assert figures["Membres par niveau"].levels
    assert [c.title for c in cards.items] == ["Bessan", "Cazouls", "Aubigny"]
    assert [c.value for c in cards.items] == [
        "70,0\u00a0/\u00a0100",
        "45,0\u00a0/\u00a0100",
        "20,0\u00a0/\u00a0100",
    ]
    html = render(aggregate_report(view, Lang.FR), GroupFormat.HTML, Lang.FR).decode("utf-8")
    assert html.index('class="kpis"') < html.index('class="cards"') < html.index('id="editors"')


@pytest.mark.parametrize(("lang", "locale"), [(Lang.FR, "[$-40C]"), (Lang.EN, "[$-809]")])
def test_workbooks_number_formats_follow_the_report_language(lang: Lang, locale: str) -> None:
    """A French group workbook shows « 1 234 567 € » and « 15/01/2026 », not the English
    formats it was given before the writers had to be told the language."""
    for report in _reports(lang):
        for fmt, styles in ((GroupFormat.XLSX, "xl/styles.xml"), (GroupFormat.ODS, "content.xml")):
            with zipfile.ZipFile(io.BytesIO(render(report, fmt, lang))) as z:
                text = z.read(styles).decode("utf-8")
            if fmt is GroupFormat.XLSX:
                codes = re.findall(r'formatCode="([^"]*)"', text)
                assert codes and all(c.startswith(locale) for c in codes), codes
            else:
                country = "FR" if lang is Lang.FR else "GB"
                assert f'number:country="{country}"' in text


def test_reports_written_by_two_processes_are_the_bytes_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``workers=2`` forks a writer (the workbooks in one process, the rest in the other) and
    the files are byte for byte those written in this process alone."""
    import os

    from vendorlock.reports import processes

    if not processes.can_fork():
        pytest.skip("report workers fork (Linux)")
    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    for report in _reports(Lang.FR):
        one = write_report(report, tmp_path / "one", ALL_FORMATS, Lang.FR, workers=1)
        assert not forks, "workers=1 writes in this process"
        two = write_report(report, tmp_path / "two", ALL_FORMATS, Lang.FR, workers=2)
        assert len(forks) == 1, report.stem
        forks.clear()
        assert [p.name for p in one] == [p.name for p in two]
        for a, b in zip(one, two, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name


def test_a_report_failing_in_a_writer_process_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while the forked writer writes the page: the error names the page,
    and neither the other files nor a temp file are left in the folder."""
    import errno
    import os

    from vendorlock.errors import ReportError
    from vendorlock.group import render as render_module
    from vendorlock.reports import processes

    if not processes.can_fork():
        pytest.skip("report workers fork (Linux)")
    parent = os.getpid()
    real = render_module.report_html

    def html(*args: object, **kwargs: object) -> str:
        if os.getpid() != parent:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render_module, "report_html", html)
    report = _reports(Lang.FR)[1]
    with pytest.raises(ReportError) as caught:
        write_report(report, tmp_path, ALL_FORMATS, Lang.FR, workers=2)
    assert str(tmp_path / "pool.html") in caught.value.message("fr")
    assert list(tmp_path.iterdir()) == []


def _split_spend_doc() -> dict:
    """Three members each spending 1,000 € with one editor and 2,000 € with another: the
    spend HHI is 10,000 × (1/9 + 4/9) = 5,555.6, by applications 5,000."""
    orgs = [org(o, name=f"Commune {o}") for o in ("a", "b", "c")]
    for o in orgs:
        o["hhi_editor"] = o["hhi_group"] = 5555.56
    apps = [
        a
        for o in ("a", "b", "c")
        for a in (
            app(f"{o}1", o, editor_id="berger-levrault", cost=1000.0),
            app(f"{o}2", o, editor_id="microsoft", cost=2000.0),
        )
    ]
    return doc(orgs, apps)


@pytest.mark.parametrize(("lang", "whole"), [(Lang.FR, "5 556"), (Lang.EN, "5,556")])
def test_hhi_reads_as_a_whole_number_in_every_text_format(lang: Lang, whole: str) -> None:
    """An HHI (0–10,000) is read whole: « dépense par éditeur 5 556 », not « 5 555,6 », in
    the concentration line and the members' HHI columns (« IHH » in French); JSON keeps the
    value as computed."""
    view = aggregate_view(_split_spend_doc(), ["a", "b", "c"], AggregateOptions(min_group=2))
    report = aggregate_report(view, lang)
    decimal = "5 555,6" if lang is Lang.FR else "5,555.6"
    for fmt in (GroupFormat.HTML, GroupFormat.MD):
        text = re.sub("[\u00a0\u202f]", " ", render(report, fmt, lang).decode("utf-8"))
        editor = "dépense par éditeur" if lang is Lang.FR else "spend by editor"
        assert f"{editor} {whole}," in text, fmt
        assert decimal not in text, fmt
        assert text.count(whole) >= 1 + 2 * 3, fmt  # the line, two columns of three members
    data = json.loads(render(report, GroupFormat.JSON, lang))
    assert data["concentration"]["hhi_editor_spend"] == pytest.approx(5555.6, abs=0.05)
    if lang is Lang.FR:  # the French acronym (indice de Herfindahl–Hirschman), as the observatory
        assert "IHH éditeurs" in text and "HHI" not in text


@pytest.mark.parametrize(
    ("lang", "said"), [(Lang.FR, "Aucun flux rompu"), (Lang.EN, "No flow breaks")]
)
def test_an_empty_flow_group_says_so_in_every_format(lang: Lang, said: str, tmp_path: Path) -> None:
    """A simulation where no flow breaks: the « Flux rompus » sheet holds « Aucun flux rompu »
    under its header and the Markdown says it, as the page does (the sheet was a bare header
    row, the Markdown a heading over nothing)."""
    from tests.group.builders import fake_audit
    from tests.group.test_simulate import COSTS, _portfolio
    from vendorlock.group.present import simulate_report
    from vendorlock.group.simulate import Replacement, simulate_view

    view, _ = simulate_view(
        _portfolio(), registries(), COSTS, [Replacement("e.magnus", "open-gf")], fake_audit, lang
    )
    view["flows"] = [f for f in view["flows"] if f["status"] != "broken"]
    report = simulate_report(view, lang)
    written = {p.suffix: p for p in write_report(report, tmp_path, ALL_FORMATS, lang)}
    assert f"{said}." in written[".html"].read_text(encoding="utf-8")
    assert f"\n{said}.\n" in written[".md"].read_text(encoding="utf-8")  # its own line
    for suffix in (".xlsx", ".ods"):
        with zipfile.ZipFile(written[suffix]) as z:
            body = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        assert said in body, suffix


@pytest.mark.parametrize(
    ("lang", "drop", "line"),
    [
        (Lang.FR, "", "Flux\u00a0: 1 continue de fonctionner, 2 sont à vérifier, 1 est rompu ("),
        (
            Lang.FR,
            "broken",
            "Flux\u00a0: 1 continue de fonctionner, 2 sont à vérifier, aucun n'est",
        ),
        (Lang.EN, "", "Flows: 1 keeps working, 2 to check, 1 breaks ("),
    ],
)
def test_simulate_flow_counts_agree_with_their_verbs(lang: Lang, drop: str, line: str) -> None:
    """« 1 est rompu », « aucun n'est rompu », « 2 sont à vérifier »: each count agrees with
    its verb (the lead read « 1 continuent de fonctionner, … 0 sont rompus »)."""
    from tests.group.builders import fake_audit
    from tests.group.test_simulate import COSTS, _portfolio
    from vendorlock.group.present import simulate_report
    from vendorlock.group.simulate import Replacement, flow_counts, simulate_view

    view, _ = simulate_view(
        _portfolio(), registries(), COSTS, [Replacement("e.magnus", "open-gf")], fake_audit, lang
    )
    view["flows"] = [f for f in view["flows"] if f["status"] != drop]
    view["flow_counts"] = flow_counts(view["flows"])
    assert any(x.startswith(line) for x in simulate_report(view, lang).lead)


@pytest.mark.parametrize(
    ("lang", "name"), [(Lang.FR, "Membre × éditeur"), (Lang.EN, "Member × editor")]
)
def test_the_member_editor_matrix_is_named_with_a_multiplication_sign(
    lang: Lang, name: str, tmp_path: Path
) -> None:
    """The aggregate's member-by-editor matrix reads « Membre × éditeur » (U+00D7) in its
    heading, the page's navigation and its sheet of both workbooks (was « Membre x éditeur »,
    the letter x); a sheet name may hold it."""
    from openpyxl import load_workbook

    d = _hostile_doc()
    report = aggregate_report(aggregate_view(d, ["a", "b", "c"], AggregateOptions()), lang)
    html = render(report, GroupFormat.HTML, lang).decode("utf-8")
    md = render(report, GroupFormat.MD, lang).decode("utf-8")
    assert html.count(name) >= 2 and f"## {name}" in md  # navigation and heading
    assert name.replace("×", "x") not in html + md
    written = write_report(report, tmp_path, [GroupFormat.XLSX, GroupFormat.ODS], lang)
    xlsx = next(p for p in written if p.suffix == ".xlsx")
    assert name in load_workbook(xlsx, read_only=True).sheetnames
    ods = next(p for p in written if p.suffix == ".ods")
    with zipfile.ZipFile(ods) as z:
        assert f'table:name="{name}"' in z.read("content.xml").decode("utf-8")
