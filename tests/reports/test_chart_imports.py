"""The reporting commands draw their charts without matplotlib (issue 11, speed).

matplotlib and what it pulls (pyparsing, PIL, fontTools…) cost ~0.4 s of imports and the
charts ~1 s on a 2,000-application audit; the charts are now written as SVG directly. Each
command runs in a fresh interpreter whose ``sys.modules`` is inspected afterwards, so a chart
that slips back to matplotlib fails here on any machine, however fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from vendorlock.demo import DemoOptions, generate

ROOT = Path(__file__).resolve().parents[2]

_RUN = """
import sys
from vendorlock.cli import main

for args in sys.argv[1:]:
    try:
        main(args.split("|"), prog_name="vendorlock")
    except SystemExit as exc:
        assert exc.code in (0, None), (args, exc.code)
pulled = sorted(m for m in sys.modules if m.split(".")[0] in ("matplotlib", "PIL", "fontTools"))
print("pulled:", pulled)
"""


def _run(*commands: list[str]) -> str:
    """``vendorlock`` run once per command in one new interpreter: the plotting modules it
    imported, as printed by the script."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VENDORLOCK_LANG": "fr"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *("|".join(c) for c in commands)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_the_audit_with_every_default_report_imports_no_plotting_library(tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    history = tmp_path / "dsi.sqlite"
    assert (
        _run(
            ["audit", "-o", str(out), "--lang", "fr", "--history", str(history), "-q"],
            ["history", str(history), "-o", str(tmp_path / "tendance"), "--lang", "fr"],
        )
        == "pulled: []"
    )
    page = (out / "audit.html").read_text(encoding="utf-8")
    assert page.count("<svg") >= 5 and "Principaux risques\u00a0: points par critère" in page
    assert (tmp_path / "tendance" / "history.html").read_text(encoding="utf-8").count("<svg") == 2


def test_the_group_reports_import_no_plotting_library(tmp_path: Path) -> None:
    members = tmp_path / "membres"
    generate(members, DemoOptions(members=4, seed=0, as_of=date(2026, 6, 1)))
    assert (
        _run(
            ["aggregate", str(members), "-o", str(tmp_path / "agg"), "--format", "html"],
            ["pool", str(members), "-o", str(tmp_path / "pool"), "--format", "html"],
            ["compare", "--domain", "finances", str(members), "-o", str(tmp_path / "cmp")],
        )
        == "pulled: []"
    )
    for page in ("agg/aggregate.html", "pool/pool.html", "cmp/compare.html"):
        assert "<svg" in (tmp_path / page).read_text(encoding="utf-8"), page
