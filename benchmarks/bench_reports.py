"""Benchmark of the report writers on one large body (2,000 applications, 10,000 flows).

Run: ``.venv/bin/python benchmarks/bench_reports.py [--apps 2000] [--flows 10000] [--compare]``.
Prints the median of 3 runs per writer and the total; ``--compare`` also times openpyxl and
odfpy writing the Flows sheet, the alternatives the in-house xlsx / ods writers replace.

:func:`inflate` turns the small hand-written fixture into a large, schema-valid document; the
tests use it too (with small sizes).
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "reports" / "fixtures" / "audit-small.json"
LEVELS = ("low", "medium", "high", "critical")
DOMAINS = (
    "finances",
    "RH",
    "état civil",
    "urbanisme",
    "archives",
    "élections",
    "SIG",
    "courrier",
    "marchés",
    "social",
    "scolaire",
    "bureautique",
)
OPENNESS = (
    "open_standard",
    "open_specification",
    "documented_proprietary",
    "closed_proprietary",
    None,
)


def inflate(doc: dict[str, Any], apps: int = 2000, flows: int = 10000) -> dict[str, Any]:
    """One organisation with ``apps`` applications and ``flows`` flows, cloned from ``doc``."""
    out = copy.deepcopy(doc)
    org = copy.deepcopy(doc["organisations"][0])
    org_id = org["org_id"]
    templates = doc["applications"]
    new_apps = []
    for i in range(apps):
        a = copy.deepcopy(templates[i % len(templates)])
        score = float((i * 37) % 101)
        level = LEVELS[min(int(score // 25), 3)]
        a.update(
            app_id=f"app{i:05d}",
            org_id=org_id,
            name=f"{a['name'][:40]} #{i}",
            editor_id=f"editor-{i % 60}",
            editor=f"Éditeur {i % 60}",
            group=f"Groupe {i % 25}",
            domain=DOMAINS[i % len(DOMAINS)],
            score=score,
            level=level,
            annual_cost=float(1000 + (i * 7919) % 50000),
            contract_id=f"c{i // 3:05d}",
            contract_end=f"{2027 + i % 4}-{1 + i % 12:02d}-28",
            decision_date=f"{2026 + i % 4}-{1 + (i * 5) % 12:02d}-15",
        )
        a["action"]["decision_date"] = a["decision_date"]
        for k in range(17):  # about 20 criteria per application, as a full rule pack gives
            a["criteria"].append(
                {
                    "rule_id": f"rule_{k:02d}",
                    "title": f"Criterion {k}",
                    "metric": "months_to_end",
                    "value": float(k),
                    "points": 0.0 if (i + k) % 4 else 2.0,
                    "max_points": 5.0,
                    "status": "scored",
                    "reason": f"Reason {k} for application {i}.",
                    "remedy": f"Remedy {k}.",
                    "references": [],
                }
            )
        new_apps.append(a)
    out["applications"] = new_apps
    new_flows = []
    for j in range(flows):
        src, dst = j % apps, (j * 7 + 1) % apps
        platform = j % 9 == 0
        new_flows.append(
            {
                "flow_id": f"f{j:06d}",
                "org_id": org_id,
                "source": f"app{src:05d}",
                "source_name": new_apps[src]["name"],
                "target": f"platform{j % 7}" if platform else f"app{dst:05d}",
                "target_name": f"Plateforme {j % 7}" if platform else new_apps[dst]["name"],
                "target_kind": "platform" if platform else "application",
                "data": f"données {j % 50}",
                "format": f"fmt{j % 30}",
                "format_openness": OPENNESS[j % len(OPENNESS)],
                "standard": "pes_v2" if platform else None,
                "standard_open": True if platform else None,
                "protocol": "sftp",
                "frequency": "daily",
            }
        )
    out["flows"] = new_flows
    editors, groups = {}, {}
    total = sum(a["annual_cost"] for a in new_apps)
    for a in new_apps:
        for table, key, name in (
            (editors, a["editor_id"], a["editor"]),
            (groups, a["group"], a["group"]),
        ):
            e = table.setdefault(
                key,
                {
                    "org_id": org_id,
                    "editor_id": key,
                    "name": name,
                    "group": a["group"],
                    "applications": 0,
                    "annual_spend": 0.0,
                    "spend_share": 0.0,
                    "app_share": 0.0,
                    "worst_score": 0.0,
                    "weighted_score": 0.0,
                    "worst_level": "low",
                    "exit_cost": {"low": 0.0, "high": 0.0},
                },
            )
            e["applications"] += 1
            e["annual_spend"] += a["annual_cost"]
            e["spend_share"] = round(e["annual_spend"] / total, 4)
            e["app_share"] = round(e["applications"] / apps, 4)
            if a["score"] > e["worst_score"]:
                e["worst_score"], e["worst_level"] = a["score"], a["level"]
            e["weighted_score"] = e["worst_score"] / 2
            e["exit_cost"]["low"] += a["exit_cost"]["low"]
            e["exit_cost"]["high"] += a["exit_cost"]["high"]
    out["editors"] = [editors[k] for k in sorted(editors)]
    out["groups"] = [groups[k] for k in sorted(groups)]
    out["actions"] = sorted(
        (
            {
                "decision_date": a["decision_date"],
                "org_id": org_id,
                "app_id": a["app_id"],
                "app_name": a["name"],
                "editor": a["editor"],
                "kind": a["action"]["kind"],
                "text": a["action"]["text"],
                "contract_end": a["contract_end"],
                "notice_months": 3,
                "level": a["level"],
                "score": a["score"],
            }
            for a in new_apps
        ),
        key=lambda r: (r["decision_date"], r["app_id"]),
    )
    counts = {lv: sum(1 for a in new_apps if a["level"] == lv) for lv in LEVELS}
    org.update(applications=apps, levels=counts, annual_spend=total)
    out["organisations"] = [org]
    low = sum(a["exit_cost"]["low"] for a in new_apps)
    high = sum(a["exit_cost"]["high"] for a in new_apps)
    out["summary"].update(
        organisations=1,
        applications=apps,
        flows=flows,
        annual_spend=total,
        levels=counts,
        exit_cost={"low": low, "high": high},
    )
    return out


def median_time(fn: Callable[[], object], runs: int = 3) -> float:
    """Median CPU seconds of ``runs`` calls (CPU rather than wall: the machine is shared)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def wall_time(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare_alternatives(doc: dict[str, Any]) -> None:
    """openpyxl and odfpy writing the Flows sheet alone, against the in-house writers."""
    from openpyxl import Workbook

    from vendorlock.i18n import Lang
    from vendorlock.reports import tables
    from vendorlock.reports.ods import ods_bytes
    from vendorlock.reports.xlsx import xlsx_bytes

    flows = tables.flows(doc, Lang.EN)

    def with_openpyxl() -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Flows")
        ws.append([c.header for c in flows.columns])
        for row in flows.rows:
            ws.append(list(row))
        wb.save(io.BytesIO())

    def with_odfpy() -> None:
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P

        ods = OpenDocumentSpreadsheet()
        table = Table(name="Flows")
        for row in flows.rows:
            tr = TableRow()
            for v in row:
                if v is None:
                    tr.addElement(TableCell())
                elif isinstance(v, bool | int | float):
                    tr.addElement(TableCell(valuetype="float", value=float(v)))
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(v)))
                    tr.addElement(cell)
            table.addElement(tr)
        ods.spreadsheet.addElement(table)
        ods.write(io.BytesIO())

    print(f"Flows sheet only ({len(flows.rows)} rows), cpu seconds:")
    print(f"  in-house xlsx  {median_time(lambda: xlsx_bytes([flows], lang='en')):.3f} s")
    print(f"  openpyxl (w/o) {median_time(with_openpyxl):.3f} s")
    print(f"  in-house ods   {median_time(lambda: ods_bytes([flows], lang='en')):.3f} s")
    print(f"  odfpy          {median_time(with_odfpy, runs=1):.3f} s (1 run)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=2000)
    parser.add_argument("--flows", type=int, default=10000)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from vendorlock.i18n import Lang
    from vendorlock.reports import ReportFormat, render, terminal_summary, write_reports

    doc = inflate(json.loads(FIXTURE.read_text(encoding="utf-8")), args.apps, args.flows)
    crit = sum(len(a["criteria"]) for a in doc["applications"])
    print(f"document: {args.apps} applications, {args.flows} flows, {crit} criteria")
    render(doc, ReportFormat.HTML, Lang.FR)  # warm-up: imports, fonts, templates
    total = 0.0
    for fmt in ReportFormat:
        seconds = median_time(lambda fmt=fmt: render(doc, fmt, Lang.FR))
        wall = wall_time(lambda fmt=fmt: render(doc, fmt, Lang.FR))
        size = len(render(doc, fmt, Lang.FR))
        total += seconds
        print(f"  {fmt.value:<5} cpu {seconds:.3f} s  wall {wall:.3f} s  {size / 1e6:6.2f} MB")
    print(f"  terminal cpu {median_time(lambda: terminal_summary(doc, Lang.FR)):.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        everything = wall_time(lambda: write_reports(doc, Path(tmp), list(ReportFormat), Lang.FR))
    print(
        f"sum of writers (cpu) {total:.3f} s; write_reports all to disk (wall) {everything:.3f} s"
    )
    if args.compare:
        compare_alternatives(doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
