"""Charts are deterministic SVG that survive hostile labels; every message has en and fr."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema

from vendorlock.i18n import Lang, _catalogue, keys
from vendorlock.reports import charts
from vendorlock.reports.audit_report import chart_svgs
from vendorlock.resources import schema_dir

ROOT = Path(__file__).resolve().parents[2]


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
    assert "<title>90–100: 1</title>" in svg and "#d64545" in svg  # 99 is critical
    assert "Répartition des scores" in svg
    bars = charts.format_openness({"open_standard": 1258, None: 3, "<b>x</b>": 1}, Lang.FR)
    assert ">1\u202f258<" in bars and "norme ouverte" in bars and "inconnu" in bars
    assert "<b>" not in bars and "&lt;b&gt;x&lt;/b&gt;" in bars


def test_the_top_risks_legend_fits_in_the_chart() -> None:
    """Every legend entry of the top-risks chart, at its full 40-character title, lies inside
    the drawing: beside the bars it ran past the right edge and the reader lost the titles."""
    import re

    titles = [f"Critère {k} : un intitulé long comme ceux du pack" for k in range(10)]
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
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    legend = svg[svg.index('<g id="legend_1">') :]
    entries = re.findall(r'font-size: (\d+)px[^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)<', legend)
    assert len(entries) == 9  # eight criteria and « autres critères »
    for size, x, y, text in entries:
        # DejaVu Sans averages under 0.62 em a character (wider than most French text)
        assert float(x) + 0.62 * float(size) * len(text) <= width, text
        assert float(y) <= height, text
