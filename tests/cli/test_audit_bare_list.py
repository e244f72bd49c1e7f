"""The done-when walk of issue 9: a body known only through a bare software list.

tests/assets/scoring/glpi-software-list.csv is a GLPI software inventory export (Nom, Éditeur)
with a Domaine column added: 30 titles, two of them with an unknown editor. Before coverage,
every line read 39 "medium"; now most are "insufficient data", none is ranked, the body has no
index, and every report says what to collect next.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner, Result

from vendorlock.cli import main
from vendorlock.resources import schema_dir

LIST = Path(__file__).parents[1] / "assets" / "scoring" / "glpi-software-list.csv"


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("bare")
    args = ["audit", str(LIST), "-o", str(out), "--lang", "fr", "--as-of", "2026-11-28"]
    return CliRunner().invoke(main, args, catch_exceptions=False), out


def _doc(out: Path) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads((out / "audit.json").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


def test_most_applications_get_insufficient_data_not_identical_mediums(
    audited: tuple[Result, Path],
) -> None:
    result, out = audited
    assert result.exit_code == 0, result.output
    doc = _doc(out)
    jsonschema.validate(doc, json.loads((schema_dir() / "audit.schema.json").read_text("utf-8")))
    apps = doc["applications"]
    assert len(apps) == 30
    levels = Counter(a["level"] for a in apps)
    assert levels["insufficient_data"] > len(apps) / 2
    assert levels["medium"] == 0
    assert all(
        a["action"]["kind"] == "collect_data" for a in apps if a["level"] == "insufficient_data"
    )
    assert all(a["coverage"] < 0.5 and a["score_low"] < a["score_high"] for a in apps)
    org = doc["organisations"][0]
    assert org["lockin_index"] is None and org["level"] == "insufficient_data"
    assert org["scored_applications"] == 0 and org["coverage"] < 0.5
    assert doc["summary"]["levels"]["insufficient_data"] == levels["insufficient_data"]


def test_what_to_collect_next_names_columns_in_the_users_language(
    audited: tuple[Result, Path],
) -> None:
    doc = _doc(audited[1])
    org_list = doc["organisations"][0]["to_collect"]
    assert [i["column"] for i in org_list[:2]] == [
        "Applications › Formats d'export",
        "Applications › Formats de stockage",
    ]
    assert org_list[0]["points"] == 300 and org_list[0]["applications"] == 30
    app = next(a for a in doc["applications"] if a["name"] == "Ciril GRH")
    assert [i["points"] for i in app["to_collect"]] == sorted(
        (i["points"] for i in app["to_collect"]), reverse=True
    )
    # Export formats (no-open-export, 10) lead; storage formats feed closed-storage-formats (7)
    # and closed-heritage (3), listed per criterion.
    assert app["to_collect"][0]["columns"] == ["Applications › Formats d'export"]
    storage = [i["points"] for i in app["to_collect"] if i["columns"] == [org_list[1]["column"]]]
    assert sorted(storage) == [3, 7]


def test_every_report_says_what_to_collect_and_ranks_nothing(
    audited: tuple[Result, Path],
) -> None:
    result, out = audited
    assert "Données à collecter\u00a0:" in result.output
    assert "aucune application n'a assez de données pour être classée" in result.output
    assert "pas d'indice de dépendance (données insuffisantes" in result.output
    md = (out / "audit.md").read_text(encoding="utf-8")
    assert "## Données à collecter" in md and "## Où nous sommes dépendants" not in md
    html = (out / "audit.html").read_text(encoding="utf-8")
    assert 'id="to_collect"' in html and "données insuffisantes" in html
    book = openpyxl.load_workbook(out / "audit.xlsx", read_only=True)
    rows = list(book["Données à collecter"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Organisme", "Application", "Colonne à renseigner")
    assert any(r[1] == "Ciril GRH" for r in rows[1:])
    register = list(book["Registre des risques"].iter_rows(values_only=True))
    assert {r[1] for r in register[1:]} == {"données insuffisantes"}
