"""A tiny hand-made portfolio and registries whose metrics are computed by hand in the tests.

org-a (5 applications)::

    a4 --f4 (doc, edi_x)--> a1 --f1 (csv)--> a2 --f2 (mdb)--> a3        a5 (no flows)
    a4 --f5 (?, actes)--> platform actes
    a1 --f3 (xml, pes_v2)--> platform helios

Editors alpha-soft and beta-soft belong to group alpha-group; libre-co stands alone; a5's
editor is unknown. org-b is a 3-application chain b1 -> b2 -> b3 supplied by alpha-soft.
Reference date: 2026-01-01.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from vendorlock.model.portfolio import Portfolio, conform
from vendorlock.model.schema import Table
from vendorlock.registry import (
    DomainEntry,
    EditorEntry,
    FormatEntry,
    Openness,
    PlatformEntry,
    ProductEntry,
    Registries,
    StandardEntry,
)

AS_OF = date(2026, 1, 1)
NA = pd.NA


def _fmt(id_: str, openness: Openness) -> FormatEntry:
    return FormatEntry(id_, id_.upper(), openness, "unknown", (id_,), (), (), (), "test")


def _product(id_: str, domain: str, open_source: bool, editor: str = "x") -> ProductEntry:
    licence = "AGPL-3.0" if open_source else "proprietary"
    return ProductEntry(
        id_, id_.title(), editor, (domain,), licence, open_source, (), (), None, (), (), "test"
    )


def registries() -> Registries:
    formats = {
        f.id: f
        for f in (
            _fmt("csv", Openness.OPEN_STANDARD),
            _fmt("xml", Openness.OPEN_STANDARD),
            _fmt("odt", Openness.OPEN_STANDARD),
            _fmt("doc", Openness.DOCUMENTED_PROPRIETARY),
            _fmt("mdb", Openness.CLOSED_PROPRIETARY),
            _fmt("mystery", Openness.UNKNOWN),
        )
    }
    standards = {
        "pes_v2": StandardEntry(
            "pes_v2", "PES V2", "finances", "DGFiP", True, ("xml",), "yes", (), "t"
        ),
        "actes": StandardEntry(
            "actes", "ACTES", "council_acts", "DGCL", True, ("xml",), "yes", (), "t"
        ),
        "edi_x": StandardEntry("edi_x", "EDI X", "finances", "alpha", False, (), "no", (), "t"),
    }
    platforms = {
        "helios": PlatformEntry("helios", "Hélios", "DGFiP", ("pes_v2",), ("xml",), (), "t"),
        "actes": PlatformEntry("actes", "@ctes", "DGCL", ("actes",), ("xml",), (), "t"),
    }
    editors = {
        "alpha-soft": EditorEntry("alpha-soft", "Alpha Soft", "alpha-group", "FR", None, (), "t"),
        "beta-soft": EditorEntry("beta-soft", "Beta Soft", "alpha-group", "FR", None, (), "t"),
        "libre-co": EditorEntry("libre-co", "Libre Co", None, "FR", None, (), "t"),
    }
    products = {
        p.id: p
        for p in (
            _product("fin-one", "finances", False),
            _product("fin-two", "finances", False),
            _product("fin-libre", "finances", True),
            _product("hr-one", "hr_payroll", False),
            _product("postgresql", "infrastructure", True),
            _product("oracle", "infrastructure", False),
        )
    }
    domains = {
        d: DomainEntry(d, d, d, ())
        for d in ("finances", "hr_payroll", "archives", "council_acts", "messaging")
    }
    return Registries(formats, standards, platforms, editors, products, domains, version="test")


def _table(table: Table, rows: list[dict[str, Any]]) -> pd.DataFrame:
    return conform(table, pd.DataFrame(rows))


def _app(app_id: str, org: str, editor: str, domain: str, **kw: Any) -> dict[str, Any]:
    return {
        "app_id": app_id,
        "org_id": org,
        "name": app_id.upper(),
        "editor_id": editor,
        "domain": domain,
        **kw,
    }


def portfolio(with_org_b: bool = True) -> Portfolio:
    ts = pd.Timestamp
    orgs = [{"org_id": "org-a", "name": "Commune A", "kind": "commune"}]
    apps = [
        _app(
            "a1",
            "org-a",
            "alpha-soft",
            "finances",
            product="fin-one",
            storage_formats="doc;odt",
            export_formats="csv",
            api="documented",
            hosting="editor_saas",
            licence="proprietary",
            database="oracle",
            client_platform="windows",
            customisation="high",
            users=40,
            data_volume_gb=12.5,
        ),
        _app(
            "a2",
            "org-a",
            "alpha-soft",
            "hr_payroll",
            product="hr-one",
            storage_formats="mdb",
            export_formats="doc",
            api="proprietary",
            hosting="on_premise",
            licence="proprietary",
            database="postgresql",
            client_platform="web",
            customisation="low",
        ),
        _app("a3", "org-a", "beta-soft", "archives"),
        _app(
            "a4",
            "org-a",
            "libre-co",
            "council_acts",
            storage_formats="mystery",
            export_formats="mystery;odt",
            api="open_standard",
            licence="AGPL-3.0",
        ),
        _app("a5", "org-a", "unknown", "messaging", storage_formats="mdb;odt"),
    ]
    contracts = [
        {
            "contract_id": "c1",
            "org_id": "org-a",
            "editor_id": "alpha-soft",
            "app_ids": "a1;a2",
            "end_date": ts("2027-07-01"),
            "annual_cost": 30000.0,
            "renewal": "tacit",
            "notice_months": 3,
            "reversibility_clause": True,
            "data_return_format": "csv",
        },
        {
            "contract_id": "c2",
            "org_id": "org-a",
            "editor_id": "beta-soft",
            "app_ids": NA,
            "end_date": ts("2025-07-01"),
            "annual_cost": 10000.0,
            "renewal": "explicit",
            "reversibility_clause": False,
            "data_return_format": "mdb",
        },
        {
            "contract_id": "c3",
            "org_id": "org-a",
            "editor_id": "alpha-soft",
            "app_ids": "a1",
            "end_date": ts("2026-04-01"),
            "annual_cost": 5000.0,
            "renewal": "tacit",
        },
        {"contract_id": "c4", "org_id": "org-a", "editor_id": "libre-co", "app_ids": "a4"},
    ]
    flows = [
        {
            "flow_id": "f1",
            "org_id": "org-a",
            "source": "a1",
            "target": "a2",
            "format": "csv",
            "protocol": "sftp",
            "frequency": "daily",
            "data": "payments",
        },
        {"flow_id": "f2", "org_id": "org-a", "source": "a2", "target": "a3", "format": "mdb"},
        {
            "flow_id": "f3",
            "org_id": "org-a",
            "source": "a1",
            "target": "helios",
            "format": "xml",
            "standard": "pes_v2",
            "protocol": "https_api",
        },
        {
            "flow_id": "f4",
            "org_id": "org-a",
            "source": "a4",
            "target": "a1",
            "format": "doc",
            "standard": "edi_x",
        },
        {
            "flow_id": "f5",
            "org_id": "org-a",
            "source": "a4",
            "target": "actes",
            "standard": "actes",
        },
    ]
    editors = [
        {"editor_id": "alpha-soft", "name": "Alpha Soft"},
        {"editor_id": "beta-soft", "name": "Beta Soft", "group": "Alpha Group"},
        {"editor_id": "libre-co", "name": "Libre Co"},
        {"editor_id": "unknown", "name": "unknown"},
    ]
    if with_org_b:
        orgs.append({"org_id": "org-b", "name": "Commune B", "kind": "commune"})
        apps += [_app(f"b{i}", "org-b", "alpha-soft", "finances") for i in (1, 2, 3)]
        flows += [
            {"flow_id": "g1", "org_id": "org-b", "source": "b1", "target": "b2"},
            {"flow_id": "g2", "org_id": "org-b", "source": "b2", "target": "b3"},
        ]
        contracts.append(
            {
                "contract_id": "d1",
                "org_id": "org-b",
                "editor_id": "alpha-soft",
                "app_ids": NA,
                "end_date": ts("2026-02-01"),
                "annual_cost": 9000.0,
            }
        )
    return Portfolio(
        organisations=_table(Table.ORGANISATIONS, orgs),
        editors=_table(Table.EDITORS, editors),
        applications=_table(Table.APPLICATIONS, apps),
        contracts=_table(Table.CONTRACTS, contracts),
        flows=_table(Table.FLOWS, flows),
        sources=("tiny",),
    )
