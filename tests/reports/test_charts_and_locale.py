"""Charts are deterministic SVG that survive hostile labels; every message has en and fr."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
from lxml import etree

from vendorlock.i18n import Lang, _catalogue, keys
from vendorlock.reports import charts
from vendorlock.reports import svg as svg_text
from vendorlock.reports.audit_report import chart_svgs
from vendorlock.resources import schema_dir

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def test_charts_are_identical_across_runs_and_carry_no_date(doc: dict[str, Any]) -> None:
    one, two = chart_svgs(doc, Lang.EN), chart_svgs(doc, Lang.EN)
    assert one == two and len(one) == 5
    assert all(s.startswith("<svg") and "<dc:date>" not in s for s in one)


def test_labels_with_dollars_and_underscores_do_not_break_charts() -> None:
    svg = charts.concentration([("$x^2$ corp", 0.5), ("_hidden", 0.2)], [("<g>", 1.0)], Lang.FR)
    assert "$x^2$ corp" in svg and "_hidden" in svg and "&lt;g&gt;" in svg


def test_every_reports_message_exists_in_both_languages() -> None:
    catalogue = _catalogue()
    for key in keys():
        if key.startswith("reports."):
            assert set(catalogue[key]) == {"en", "fr"}, key


def test_the_benchmark_generator_inflates_to_a_valid_document() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_reports import FIXTURE, inflate
    finally:
        sys.path.pop(0)
    doc = inflate(json.loads(FIXTURE.read_text(encoding="utf-8")), apps=40, flows=120)
    schema = json.loads((schema_dir() / "audit.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert (len(doc["applications"]), len(doc["flows"])) == (40, 120)


def _properties(schema: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for key, sub in schema.get("properties", {}).items():
        found.add(key)
        found |= _properties(sub.get("items", sub), prefix + key + ".")
    return found


def test_json_schema_doc_names_every_property_of_the_schema() -> None:
    schema = json.loads((schema_dir() / "audit.schema.json").read_text(encoding="utf-8"))
    doc = (ROOT / "docs" / "json-schema.md").read_text(encoding="utf-8")
    missing = sorted(p for p in _properties(schema) if f"`{p}`" not in doc)
    assert not missing, f"docs/json-schema.md does not describe {missing}"


def test_simple_bar_charts_are_plain_svg_with_readable_text() -> None:
    from vendorlock.reports import charts

    levels = {"medium": 25, "high": 50, "critical": 75}
    svg = charts.score_distribution([5, 12, 31, 33, 58, 99], levels, Lang.FR)
    assert svg.startswith("<svg") and svg == charts.score_distribution(
        [5, 12, 31, 33, 58, 99], levels, Lang.FR
    )
    assert svg.count("<rect") == 10  # one bar per ten-point bin
    assert "<title>90–100\u00a0: 1</title>" in svg and "#d64545" in svg  # 99 is critical
    assert "Répartition des scores" in svg
    bars = charts.format_openness({"open_standard": 1258, None: 3, "<b>x</b>": 1}, Lang.FR)
    assert ">1\u202f258<" in bars and "norme ouverte" in bars and "inconnu" in bars
    assert "<b>" not in bars and "&lt;b&gt;x&lt;/b&gt;" in bars


def test_the_top_risks_legend_fits_in_the_chart_with_full_titles() -> None:
    """Every legend entry of the top-risks chart lies inside the drawing and shows its whole
    title (wrapped, not cut at 40 characters): beside the bars it once ran past the right edge,
    then it was cut, and the reader lost the criteria's names."""
    titles = [f"Critère {k} : un intitulé long comme ceux du pack de règles" for k in range(10)]
    apps = [
        {
            "name": f"Application {n}",
            "criteria": [
                {"rule_id": f"rule-{k}", "title": title, "points": 5.0 + k}
                for k, title in enumerate(titles)
            ],
        }
        for n in range(3)
    ]
    svg = charts.top_risks(apps, Lang.FR)
    root = etree.fromstring(svg.encode())
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    # the legend: a text beside each 9 pt swatch, under the plot
    swatches = [r for r in root.iter(f"{SVG}rect") if r.get("width") == "9"]
    assert len(swatches) == 9  # eight criteria and « autres critères »
    shown = []
    for text in root.iter(f"{SVG}text"):
        if text.get("font-size") != "8" or float(text.get("y")) < float(swatches[0].get("y")):
            continue
        lines = [s.text or "" for s in text.iter(f"{SVG}tspan")] or [text.text or ""]
        for line in lines:
            assert float(text.get("x")) + svg_text.width(line, 8) <= width, line
        assert float(text.get("y")) + 10 * (len(lines) - 1) <= height
        shown.append(" ".join(lines))
    # the eight criteria giving the most points (9, 8… 2), then « other », all whole
    assert sorted(shown) == sorted([*titles[2:], "autres critères"])


def test_long_and_hostile_names_are_escaped_and_readable_in_every_audit_chart() -> None:
    """Names come from users' inventories: markup stays text, and a long name is wrapped at
    word boundaries or ended with « … » with the whole name in its tooltip."""
    hostile = "<script>alert(1)</script> & Cie"
    long = "Système d'information géographique intercommunal des réseaux d'eau potable"
    apps = [
        {"name": name, "criteria": [{"rule_id": "r", "title": hostile, "points": 40.0}]}
        for name in (hostile, long)
    ]
    svgs = [
        charts.top_risks(apps, Lang.FR),
        charts.concentration([(hostile, 0.6), (long, 0.3)], [(long, 0.9)], Lang.FR),
        charts.format_openness({hostile: 3, long: 2}, Lang.FR),
    ]
    for svg in svgs:
        root = etree.fromstring(svg.encode())  # well-formed: nothing closed the markup early
        assert not list(root.iter("script", f"{SVG}script"))
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie" in svg
        texts = ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]
        tips = [e.text for e in root.iter(f"{SVG}title")]
        assert any(long in tip for tip in tips if tip) or any(long in x for x in texts), svg
        for text in root.iter(f"{SVG}text"):
            for line in [s.text or "" for s in text.iter(f"{SVG}tspan")] or [text.text or ""]:
                if line.endswith("…"):  # cut between words, and the tooltip has it all
                    assert line[:-1].rstrip() in long or line[:-1] in hostile
                    assert text.find(f"{SVG}title") is not None
    # the two-line label of the top-risks chart breaks between words
    root = etree.fromstring(svgs[0].encode())
    lines = [
        [s.text for s in e.iter(f"{SVG}tspan")]
        for e in root.iter(f"{SVG}text")
        if e.find(f"{SVG}tspan") is not None
    ]
    assert ["Système d'information", "géographique intercommunal…"] in lines


def test_wrapping_breaks_between_words_and_keeps_short_labels_whole() -> None:
    assert svg_text.wrap("Élections", 100, 9) == ["Élections"]
    got = svg_text.wrap("Mairie de Saint-Rémy-de-Provence — gestion des cimetières", 120, 9)
    assert got[0] == "Mairie de Saint-Rémy-de-" and got[1].startswith("Provence — gestion")
    assert got[1].endswith("…") and all(svg_text.width(x, 9) <= 120 for x in got)
    assert svg_text.shortened("Mairie de Saint-Rémy-de-Provence — gestion des cimetières", got)
    assert not svg_text.shortened("Saint-Rémy-de-Provence", ["Saint-Rémy-", "de-Provence"])
    # a spaced dash is not a hyphen: the words around it keep their spaces
    dash = "Ville - Service des eaux et assainissement collectif"
    assert svg_text.wrap(dash, 120, 9) == [
        "Ville - Service des eaux et",
        "assainissement collectif",
    ]
    # a single word wider than the room is the only thing ever cut mid-word
    assert svg_text.wrap("Anticonstitutionnellement", 60, 9, 1) == ["Anticonstit…"]
    assert svg_text.wrap("a\tb\x07c", 100, 9) == ["a b c"]  # control characters dropped


def test_french_charts_write_decimal_commas_and_quarters_in_french() -> None:
    svg = charts.concentration([("Berger-Levrault", 0.2261)], [], Lang.FR)
    assert ">22,6\u00a0%<" in svg
    cal = charts.contract_calendar([("2026-02-01", "high"), ("2026-03-01", "low")], Lang.FR)
    assert ">T1 2026<" in cal and "<title>T1 2026 — élevé\u00a0: 1</title>" in cal
    assert ">élevé<" in cal and ">critique<" in cal  # every level in the legend
    assert ">Q1 2026<" in charts.contract_calendar([("2026-02-01", "high")], Lang.EN)
