"""One structure-wide lock-in index (issue 10): every format shows the same figure.

The index used to be computed twice with different weights (35,3 on the page, 35,4 in the
cards of the same demo). It is now :func:`vendorlock.reports.overview.structure_index`,
called once for the aggregate view and once for a multi-organisation audit; these tests run
``aggregate`` on the bundled demo and read the figure back from the terminal, the HTML page,
the Markdown and the workbooks' summary sheet.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from vendorlock.cli import main
from vendorlock.demo import bundled_demo_path
from vendorlock.i18n import Lang, t
from vendorlock.reports import overview
from vendorlock.reports.numbers import score


def test_members_weigh_by_their_scored_applications() -> None:
    # 80 scored applications at 40, 20 at 20: (80 × 40 + 20 × 20) / 100 = 36
    assert overview.structure_index([(40.0, 80), (20.0, 20)]) == 36.0
    # a member without an index is left out; none at all gives no index
    assert overview.structure_index([(40.0, 3), (None, 50)]) == 40.0
    assert overview.structure_index([(None, 4)]) is None
    assert overview.structure_index([]) is None


@pytest.fixture(scope="module", params=["fr", "en"])
def aggregate_run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, str]:
    lang = request.param
    out = tmp_path_factory.mktemp(f"aggregate-{lang}")
    args = ["aggregate", str(bundled_demo_path()), "--as-of", "2026-11-28", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--lang", lang])
    assert result.exit_code == 0, result.output
    return lang, out, result.output


def test_terminal_page_and_workbooks_show_the_same_index(
    aggregate_run: tuple[str, Path, str],
) -> None:
    lang, out, terminal = aggregate_run
    view = json.loads((out / "aggregate.json").read_text(encoding="utf-8"))
    value = view["structure_index"]
    assert value is not None and 0 < value < 100
    shown = score(value, Lang(lang), scale=True)  # « 35,4 / 100 » / "35.4 / 100"
    assert shown in terminal
    title = t("reports.kpi.structure_index", lang)
    html = (out / "aggregate.html").read_text(encoding="utf-8")
    strip = html[html.index(title) :]
    assert strip.index(score(value, Lang(lang))) < strip.index("</div>")
    markdown = (out / "aggregate.md").read_text(encoding="utf-8")  # no-break spaces kept
    assert f"**{title}**" in markdown and shown in markdown
    ws = openpyxl.load_workbook(out / "aggregate.xlsx", read_only=True).worksheets[0]
    assert ws.title == t("reports.sheet.summary", lang)
    xlsx = {r[0]: r[1] for r in ws.iter_rows(values_only=True)}
    assert xlsx[title] == shown
    book = CalamineWorkbook.from_path(str(out / "aggregate.ods"))
    ods = {r[0]: r[1] for r in book.get_sheet_by_index(0).to_python()}
    assert ods[title] == shown
    # the demo's members do not all weigh the same: the plain mean would differ
    ranked = [m for m in view["member_ranking"] if m["lockin_index"] is not None]
    plain = sum(m["lockin_index"] for m in ranked) / len(ranked)
    assert score(plain, Lang(lang)) != score(value, Lang(lang))


def test_aggregate_index_says_it_covers_the_members_not_the_structure(
    aggregate_run: tuple[str, Path, str], tmp_path: Path
) -> None:
    """The demo's audit shows the structure's index over its 13 organisations, the aggregate
    over its 12 members (the mutualisation body's own applications left out): each page says
    whose applications its figure covers, so a director comparing 35,1 and 35,3 sees why."""
    lang, out, _ = aggregate_run
    members = {
        "fr": "indices des 12 membres, hors applications propres de la structure, ",
        "en": "indices of the 12 members, not the structure&#x27;s own applications, ",
    }
    html = (out / "aggregate.html").read_text(encoding="utf-8")
    strip = html[html.index(t("reports.kpi.structure_index", lang)) :]
    assert strip.index(members[lang]) < strip.index("</div>")
    args = ["audit", "--format", "html", "--as-of", "2026-11-28", "--lang", lang]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    audit = (tmp_path / "audit.html").read_text(encoding="utf-8")
    every = {
        "fr": "indices de toutes les organisations de l&#x27;inventaire (13 organisations)",
        "en": "indices of every organisation of the inventory (13 organisations)",
    }
    strip = audit[audit.index(t("reports.kpi.structure_index", lang)) :]
    assert strip.index(every[lang]) < strip.index("</div>")
    assert members[lang] not in audit
