"""Rules files: one number policy, YAML limits, dates as text (issue 12, points 5, 6, 8)."""

from __future__ import annotations

import json
import math
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.attacks.cli import run
from tests.attacks.corpus import (
    big_yaml,
    contract_year_9999,
    contract_year_one,
    deep_yaml,
    notice_million_months,
)
from vendorlock.errors import ReportError
from vendorlock.jsonio import dumps, non_finite_path
from vendorlock.scoring.actions import subtract_months
from vendorlock.yamlio import MAX_YAML_BYTES, load_yaml

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "attacks"


def _check(name: str, *args: str) -> tuple[int, list[str]]:
    result = run("rules", "check", str(ASSETS / name), "--lang", "en", *args)
    assert "Traceback" not in result.out + result.err
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.code, result.out.splitlines()


def _strict_json(path: Path) -> object:
    def refuse(token: str) -> None:
        raise AssertionError(f"{path}: {token} is not JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


# --- 5. NaN / inf -----------------------------------------------------------------------


def test_nan_weight_is_refused_at_its_line() -> None:
    code, lines = _check("rules-nan.yaml")
    assert code == 1
    assert lines == [
        f"{ASSETS / 'rules-nan.yaml'}: line 5: error: weight: nan is not a finite number "
        "(NaN and infinities are refused)"
    ]


def test_infinities_are_refused_each_at_its_line() -> None:
    code, lines = _check("rules-inf.yaml")
    assert code == 1
    assert [x.split(": error: ")[0].rsplit(": ", 1)[1] for x in lines] == ["line 3", "line 6"]
    assert all("not a finite number" in x for x in lines)


def test_nan_rules_never_reach_the_audit(tmp_path: Path) -> None:
    result = run("audit", "--rules", str(ASSETS / "rules-nan.yaml"), "-o", str(tmp_path))
    assert result.code == 1 and "Traceback" not in result.err
    assert "line 5" in result.err and "not a finite number" in result.err
    assert list(tmp_path.iterdir()) == []


# --- 6. huge numbers --------------------------------------------------------------------


def test_costs_of_1e308_are_refused_with_the_range() -> None:
    code, lines = _check("rules-huge-costs.yaml")
    assert code == 1
    assert len(lines) == 2
    assert "line 4: error: costs.data_migration.days.low: 1e+308 is outside 0–1e+09" in lines[0]


def test_audit_with_huge_costs_writes_nothing(tmp_path: Path) -> None:
    result = run("audit", "--rules", str(ASSETS / "rules-huge-costs.yaml"), "-o", str(tmp_path))
    assert result.code == 1 and "Traceback" not in result.err
    assert not any(tmp_path.iterdir())


def test_a_million_months_of_notice_in_rules_is_refused() -> None:
    code, lines = _check("rules-huge-notice.yaml")
    assert code == 1
    assert any("line 4" in x and "outside 0–1200" in x for x in lines)
    assert any("line 6" in x and "outside 0–120" in x for x in lines)


def test_json_never_carries_nan_or_infinity() -> None:
    doc = {"applications": [{"score": 1.0}, {"score": math.inf}], "summary": {}}
    with pytest.raises(ReportError, match=r"\$\.applications\[1\]\.score is not finite"):
        dumps(doc)
    assert non_finite_path({"a": [1, 2.5, None]}) is None
    assert dumps({"a": 1e308}) == '{"a": 1e+308}'


@pytest.mark.parametrize(
    "build",
    [notice_million_months, contract_year_one, contract_year_9999],
    ids=lambda b: b.__name__,
)
def test_extreme_contract_dates_audit_without_traceback(build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inventory = build(tmp_path)
    out = tmp_path / "out"
    result = run("audit", str(inventory), "-o", str(out), "--as-of", "2026-01-01", "-q")
    result.ok()
    doc = _strict_json(out / "audit.json")
    assert isinstance(doc, dict)
    for action in doc["actions"]:
        assert action["decision_date"] is None or "0001" <= action["decision_date"][:4] <= "9999"


def test_decision_dates_outside_the_calendar_become_unknown() -> None:
    ends = pd.Series(np.array(["0001-01-31", "2027-03-31", "9999-12-31", "2027-03-31"], "M8[s]"))
    got = subtract_months(ends, np.array([1.0, 1e6, -1.0, 1e300]))
    assert got.isna().all()
    kept = subtract_months(ends, np.array([0.0, 1.0, 1.0, np.nan]))
    assert [str(d.date()) for d in kept] == ["0001-01-31", "2027-02-28", "9999-11-30", "2027-03-31"]


# --- 8. YAML --------------------------------------------------------------------------------


def test_an_impossible_unquoted_date_is_text_not_a_traceback(tmp_path: Path) -> None:
    data = load_yaml(ASSETS / "rules-impossible-date.yaml")
    assert data["version"] == "2027-02-31"
    assert data["editors"][0]["checked"] == "2027-02-31"
    label_only = tmp_path / "version.yaml"  # a version is a label: read, whatever it looks like
    label_only.write_text("id: my-rules\nversion: 2027-02-31\n", encoding="utf-8")
    assert _check_path(label_only)[0] == 0


def test_an_impossible_check_date_is_refused_at_its_line() -> None:
    path = ASSETS / "rules-impossible-date.yaml"
    code, lines = _check("rules-impossible-date.yaml")
    assert code == 1
    assert lines == [
        f"{path}: line 9: error: editors 'editeur-local': 'checked' is '2027-02-31', which is "
        "not a date (expected YYYY-MM-DD, a day of the calendar)"
    ]


@pytest.mark.parametrize(
    ("field", "value", "form"),
    [
        ("checked", "2026-02-30", "AAAA-MM-JJ, un jour du calendrier"),
        ("checked", "2026-2-3", "AAAA-MM-JJ, un jour du calendrier"),
        ("checked", "30/02/2026", "AAAA-MM-JJ, un jour du calendrier"),
        ("group_since", "2025-13", "AAAA, AAAA-MM ou AAAA-MM-JJ, du calendrier"),
        ("group_since", "2024-02-30", "AAAA, AAAA-MM ou AAAA-MM-JJ, du calendrier"),
    ],
)
def test_a_malformed_or_impossible_date_is_refused_in_french(
    tmp_path: Path, field: str, value: str, form: str
) -> None:
    path = tmp_path / "regles.yaml"
    path.write_text(
        "editors:\n  - id: filiale\n    name: Filiale\n    group: microsoft\n"
        f"    {field}: {value}\n",
        encoding="utf-8",
    )
    result = run("rules", "check", str(path), "--lang", "fr")
    assert result.code == 1 and "Traceback" not in result.out + result.err
    message = (
        f"editors «\u00a0filiale\u00a0»\u00a0: «\u00a0{field}\u00a0» vaut «\u00a0{value}\u00a0», qui n'est pas une date "
        f"(attendu\u00a0: {form})"
    )
    assert result.out.splitlines() == [f"{path}\u00a0: ligne 5\u00a0: erreur\u00a0: {message}"]


@pytest.mark.parametrize(
    ("field", "value"), [("checked", "2024-02-29"), ("group_since", "2025-08")]
)
def test_a_real_date_is_read(tmp_path: Path, field: str, value: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        f"editors:\n  - id: filiale\n    name: Filiale\n    group: microsoft\n    {field}: {value}\n",
        encoding="utf-8",
    )
    assert _check_path(path)[0] == 0


def test_a_waiver_with_an_impossible_date_is_located(tmp_path: Path) -> None:
    waivers = ASSETS / "waivers-impossible-date.yaml"
    result = run("audit", "--waivers", str(waivers), "-o", str(tmp_path), "--lang", "en")
    assert result.code == 1 and "Traceback" not in result.err
    assert f"{waivers}: line 7: error: waiver: expires must be a date" in result.err
    assert not any(tmp_path.iterdir())


def test_deep_nesting_is_refused_at_its_line(tmp_path: Path) -> None:
    code, lines = _check_path(deep_yaml(tmp_path))
    assert code == 1 and len(lines) == 1
    assert "line 1" in lines[0]


def test_block_nesting_past_the_limit_is_refused_in_french(tmp_path: Path) -> None:
    path = tmp_path / "block.yaml"
    path.write_text(
        "criteria:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(60)), encoding="utf-8"
    )
    result = run("rules", "check", str(path), "--lang", "fr")
    assert result.code == 1 and "Traceback" not in result.err
    assert (
        f"{path}\u00a0: ligne 41\u00a0: erreur\u00a0: une imbrication de plus de 40 niveaux "
        "est refusée" in result.out
    )


def test_a_19_mb_rules_file_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = big_yaml(tmp_path, 19)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    code, lines = _check_path(path)
    elapsed = time.perf_counter() - start
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert code == 1
    assert lines == [
        f"{path}: error: {path.stat().st_size} bytes is too large for a rules file (at most 1 MiB)"
    ]
    assert elapsed < 2 and grown_mib < 50


def test_a_rules_file_just_under_the_limit_is_checked_in_bounded_time(tmp_path: Path) -> None:
    path = big_yaml(tmp_path, 1)
    data = path.read_bytes()[: MAX_YAML_BYTES - 100]
    path.write_bytes(data[: data.rfind(b"\n  - id")] + b"\n")
    start = time.perf_counter()
    code, lines = _check_path(path)
    assert time.perf_counter() - start < 20  # ~3 s idle; generous for a shared CI runner
    assert code == 1 and "cannot disable 'c0'" in lines[0]


def _check_path(path: Path) -> tuple[int, list[str]]:
    result = run("rules", "check", str(path), "--lang", "en")
    assert "Traceback" not in result.out + result.err
    return result.code, result.out.splitlines()
