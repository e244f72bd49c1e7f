"""docs/user-guide.md shows what vendorlock prints on the Commune de Valmont, its example.

The guide's console blocks are run in order on docs/examples/valmont/ (tests/docs/guide_console.py)
and must equal the real output; the score it takes apart in section 7 must be the audit's. When
the output changes, refresh the blocks with ``python tests/docs/guide_console.py`` and reread
the prose around them.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from tests.docs.guide_console import EXAMPLE, GUIDE, Run, matches, run_guide, steps, yaml_files


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def session(guide: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Run]]:
    work = tmp_path_factory.mktemp("dsi")
    return work, list(run_guide(work, guide))


def test_every_console_block_is_what_the_commands_print(
    session: tuple[Path, list[Run]],
) -> None:
    _, runs = session
    assert len(runs) >= 11  # template, validate ×2, audit, rules ×3, audit, diff, fail-on, echo
    stale = []
    for run in runs:
        if not matches(run.step.shown, run.actual):
            diff = "\n".join(
                difflib.unified_diff(
                    list(run.step.shown), list(run.actual), "the guide", "vendorlock", lineterm=""
                )
            )
            stale.append(f"$ {run.step.command}\n{diff}")
    assert not stale, (
        "docs/user-guide.md no longer shows what vendorlock prints; refresh it with "
        "`python tests/docs/guide_console.py`:\n\n" + "\n\n".join(stale)
    )


def test_the_guide_runs_the_example_commands_it_explains(guide: str) -> None:
    commands = [step.command for step in steps(guide)]
    for expected in (
        "vendorlock validate inventaire-brouillon.xlsx --lang fr",
        "vendorlock audit inventaire.xlsx -o rapport/ --as-of 2026-11-28 --lang fr",
        "vendorlock diff rapport/audit.json rapport-2/audit.json --lang en",
        "echo $?",
    ):
        assert expected in commands
    assert {"mes-regles.yaml", "derogations.yaml", "bad.yaml"} <= set(yaml_files(guide))


def test_the_fail_on_gate_exits_3(session: tuple[Path, list[Run]]) -> None:
    _, runs = session
    fail_on = next(i for i, run in enumerate(runs) if "--fail-on high" in run.step.command)
    assert runs[fail_on + 1].step.command == "echo $?"
    assert runs[fail_on + 1].actual == ("3",)


def _finances(work: Path) -> dict[str, object]:
    doc = json.loads((work / "rapport" / "audit.json").read_text(encoding="utf-8"))
    apps = {app["app_id"]: app for app in doc["applications"]}
    app: dict[str, object] = apps["valmont-finances"]
    return app


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def test_the_score_taken_apart_in_section_7_is_the_audits(
    guide: str, session: tuple[Path, list[Run]]
) -> None:
    work, _ = session
    app = _finances(work)
    section = guide[guide.index("## 7. ") : guide.index("## 8. ")]
    rows = re.findall(r"^\| `([a-z-]+)` \| [^|]* \| ([\d.]+) / ([\d.]+) \|$", section, re.M)
    criteria = app["criteria"]
    assert isinstance(criteria, list)
    scoring = {c["rule_id"]: (c["points"], c["max_points"]) for c in criteria if c["points"]}
    assert {rule: (_number(p), _number(w)) for rule, p, w in rows} == scoring
    total = re.search(r"^([\d.]+(?: \+ [\d.]+)+) = ([\d.]+)", section, re.M)
    assert total is not None
    terms = [_number(term) for term in total.group(1).split(" + ")]
    assert sorted(terms) == sorted(p for p, _ in scoring.values())
    assert _number(total.group(2)) == app["score"]
    assert f"scores **{app['score']}, {app['level']}**" in section


def test_the_index_and_spend_share_quoted_are_the_audits(
    guide: str, session: tuple[Path, list[Run]]
) -> None:
    work, _ = session
    doc = json.loads((work / "rapport" / "audit.json").read_text(encoding="utf-8"))
    (org,) = doc["organisations"]
    start = guide.index("**The organisation's lock-in index**")
    section = " ".join(guide[start : guide.index("## 8. ")].split())
    assert f"its index is {org['lockin_index']:.1f}, *{org['level']}*" in section
    finances = _finances(work)
    metrics = finances["metrics"]
    assert isinstance(metrics, dict)
    assert f"{round(metrics['group_spend_share'] * 100)} % of its software spend" in section
    cost = finances["exit_cost"]
    assert isinstance(cost, dict)
    years = cost["years_of_spend"]
    quoted = (
        f"€{cost['low']:,.0f} – €{cost['high']:,.0f} to leave, "
        f"{years['low']:.2f}–{years['high']:.2f} years of its cost"
    )
    assert quoted in " ".join(guide.split())


def test_the_decisions_quoted_in_section_9_are_the_audits(
    guide: str, session: tuple[Path, list[Run]]
) -> None:
    work, _ = session
    doc = json.loads((work / "rapport" / "audit.json").read_text(encoding="utf-8"))
    actions = {action["app_id"]: action for action in doc["actions"]}
    start = guide.index("Valmont's Berger-Levrault contract ends")
    section = " ".join(guide[start : guide.index("## 10. ")].split())
    for app_id in ("valmont-finances", "valmont-paie"):
        action = actions[app_id]
        assert action["kind"] == "renegotiate"
        assert len(action["clauses"]) == 6  # "six clauses to demand"
        day = "/".join(reversed(action["decision_date"].split("-")))
        assert f"was {day}, already past" in section
    actes = actions["valmont-actes"]
    assert actes["kind"] == "keep"
    day = "/".join(reversed(actes["decision_date"].split("-")))
    assert f"*Actes*, low, is to *keep*, with its decision by {day}" in section


def test_a_stale_block_is_caught() -> None:
    """The comparison fails on a changed figure, an extra line, or an elision hiding nothing."""
    actual = ("Audit", "  index 56,7", "Rapports :", "  a.json")
    assert matches(actual, actual)
    assert matches(("Audit", "…", "  a.json"), actual)
    assert matches(("Audit", "…"), actual)
    assert not matches(("Audit", "  index 56,0", "Rapports :", "  a.json"), actual)
    assert not matches((*actual, "extra"), actual)
    assert not matches(("Audit", "…", "  index 56,7", "Rapports :", "  a.json"), actual)


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("valmont_build", EXAMPLE / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_workbooks_are_what_build_py_writes() -> None:
    written = _build_script().outputs()
    assert set(written) == {"inventaire.xlsx", "inventaire-brouillon.xlsx"}
    for name, data in written.items():
        assert (EXAMPLE / name).read_bytes() == data, (
            f"docs/examples/valmont/{name} is not build.py's output; run "
            "`python docs/examples/valmont/build.py`"
        )
