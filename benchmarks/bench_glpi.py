"""Benchmark: the GLPI API connector reading 10,000 software entries through paging.

A local apirest.php (the test server, tests/sources/glpi_server.py) holds ``--software``
entries (default 10,000) with a version and a licence each, 200 contracts and their links; the
server caps pages at 990 rows (its Accept-Range) as GLPI's default ``api_max`` does. Timed:
``load_inventory`` on the URL (session, every collection paged and checked against
Content-Range, mapping, typing, validation), median of ``--runs`` runs. Goal: < 30 s, judged
on CPU time (benchmarks/timing.py; the local server's thread is in that CPU time, so the
verdict is stricter than the connector alone), wall time printed beside it.

    python benchmarks/bench_glpi.py [--software 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import measure, median, meets, verdict

from tests.sources.glpi_server import APP_TOKEN, USER_TOKEN, Glpi, serve
from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.registry import load_registries
from vendorlock.sources.glpi_client import ENV_APP_TOKEN, ENV_USER_TOKEN

GOAL_SECONDS = 30.0


def instance(software: int) -> Glpi:
    """A GLPI with ``software`` entries spread over the fixture's entities and publishers."""
    glpi = Glpi()
    glpi.tables["Software"] = [
        {"id": i, "name": f"Logiciel métier {i:05d}", "entities_id": 1 + i % 2}
        | {"manufacturers_id": 1 + i % 4, "is_deleted": 0, "is_template": 0}
        for i in range(1, software + 1)
    ]
    glpi.tables["SoftwareVersion"] = [
        {"id": i, "softwares_id": i, "name": f"{i % 9}.{i % 13}"} for i in range(1, software + 1)
    ]
    glpi.tables["SoftwareLicense"] = [
        {"id": i, "softwares_id": i, "number": 5 + i % 50, "is_deleted": 0, "is_template": 0}
        for i in range(1, software + 1)
    ]
    contracts = range(1, 201)
    glpi.tables["Contract"] = [
        {"id": c, "name": f"Marché {c}", "num": f"2024-{c:03d}", "entities_id": 1}
        | {"begin_date": "2024-01-01", "duration": 36, "notice": 3, "renewal": 1}
        | {"is_deleted": 0, "is_template": 0}
        for c in contracts
    ]
    glpi.tables["Contract_Supplier"] = [
        {"id": c, "contracts_id": c, "suppliers_id": 1 + c % 3} for c in contracts
    ]
    glpi.tables["Contract_Item"] = [
        {"id": c, "contracts_id": c, "itemtype": "Software", "items_id": c * 7} for c in contracts
    ]
    glpi.tables["ContractCost"] = [
        {"id": c, "contracts_id": c, "begin_date": "2024-01-01", "cost": f"{1000 * c}.0000"}
        for c in contracts
    ]
    return glpi


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--software", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ[ENV_USER_TOKEN], os.environ[ENV_APP_TOKEN] = USER_TOKEN, APP_TOKEN
    registries = load_registries()
    glpi = instance(args.software)
    times = []
    with serve(glpi) as url:
        for _ in range(args.runs):
            with measure() as watch:
                result = load_inventory([url], registries, LoadOptions())
            times.append(watch.timing)
            apps = len(result.portfolio.applications)
            assert apps == args.software, apps
    typical = median(times)
    pages = sum(1 for e, _, _ in glpi.requests if e == "Software")
    print(
        f"GLPI API, {args.software:,} software ({pages // args.runs} pages of ≤990 each run), "
        f"median of {args.runs} runs: {verdict(typical, GOAL_SECONDS)}"
    )
    return 0 if meets(typical, GOAL_SECONDS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
