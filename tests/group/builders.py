"""Hand-made audit documents and registries for the group tests (small, schema-valid)."""

from __future__ import annotations

from typing import Any

from vendorlock.registry.entries import (
    DomainEntry,
    EditorEntry,
    FormatEntry,
    Openness,
    PlatformEntry,
    ProductEntry,
    StandardEntry,
)
from vendorlock.registry.registries import Registries


def level_of(score: float) -> str:
    return "low" if score < 25 else "medium" if score < 50 else "high" if score < 75 else "critical"


def app(
    app_id: str,
    org_id: str,
    *,
    editor_id: str | None = "berger-levrault",
    domain: str = "finances",
    product: str | None = "e.magnus",
    cost: float | None = 1000.0,
    score: float = 50.0,
    users: float | None = 10.0,
    contract_end: str | None = "2027-12-31",
    decision_date: str | None = "2026-12-31",
    notice: float | None = 3.0,
    contract_id: str | None = None,
    group: str | None = None,
    exit_low: float = 1000.0,
    exit_high: float = 3000.0,
    interfaces: tuple[float, float] = (400.0, 800.0),
) -> dict[str, Any]:
    return {
        "app_id": app_id,
        "org_id": org_id,
        "name": f"App {app_id}",
        "product": product,
        "editor_id": editor_id,
        "editor": editor_id.replace("-", " ").title() if editor_id else None,
        "group": group,
        "domain": domain,
        "hosting": "on_premise",
        "licence": "proprietary",
        "open_source": False,
        "annual_cost": cost,
        "contract_id": contract_id or f"c-{app_id}",
        "contract_end": contract_end,
        "decision_date": decision_date,
        "score": score,
        "level": level_of(score),
        "criteria": [],
        "exit_cost": {
            "low": exit_low,
            "high": exit_high,
            "breakdown": [
                {"item": "interfaces", "low": interfaces[0], "high": interfaces[1], "basis": "x"},
                {
                    "item": "data_migration",
                    "low": exit_low - interfaces[0],
                    "high": exit_high - interfaces[1],
                    "basis": "y",
                },
            ],
        },
        "action": {"kind": "keep", "text": "keep"},
        "metrics": {"users": users, "notice_months": notice, "annual_cost": cost},
    }


def org(
    org_id: str,
    *,
    name: str | None = None,
    population: float | None = 1000.0,
    kind: str = "commune",
    index: float = 40.0,
) -> dict[str, Any]:
    return {
        "org_id": org_id,
        "name": name or f"Commune {org_id}",
        "kind": kind,
        "population": population,
        "lockin_index": index,
        "level": level_of(index),
        "applications": 0,
        "annual_spend": None,
        "hhi_editor": None,
        "hhi_group": None,
        "exit_cost": {"low": 0.0, "high": 0.0},
    }


def flow(
    flow_id: str,
    org_id: str,
    source: str,
    target: str,
    *,
    target_kind: str = "application",
    standard: str | None = None,
    fmt: str | None = None,
) -> dict[str, Any]:
    return {
        "flow_id": flow_id,
        "org_id": org_id,
        "source": source,
        "target": target,
        "target_kind": target_kind,
        "format": fmt,
        "standard": standard,
        "protocol": "sftp",
    }


def doc(
    orgs: list[dict[str, Any]],
    apps: list[dict[str, Any]],
    flows: list[dict[str, Any]] | None = None,
    as_of: str = "2026-01-01",
) -> dict[str, Any]:
    for o in orgs:
        mine = [a for a in apps if a["org_id"] == o["org_id"]]
        o["applications"] = len(mine)
        costs = [a["annual_cost"] for a in mine if a["annual_cost"] is not None]
        o["annual_spend"] = float(sum(costs)) if costs else None
    return {
        "schema_version": "1",
        "generator": "tests",
        "as_of": as_of,
        "lang": "en",
        "rule_pack": {"id": "test", "version": "0"},
        "summary": {
            "organisations": len(orgs),
            "applications": len(apps),
            "flows": len(flows or []),
            "annual_spend": 0.0,
            "levels": {},
            "exit_cost": {"low": 0.0, "high": 0.0},
        },
        "organisations": orgs,
        "applications": apps,
        "editors": [],
        "groups": [],
        "flows": flows or [],
        "formats": [],
        "actions": [],
        "waivers": [],
        "problems": [],
    }


def _fmt(fid: str, openness: Openness) -> FormatEntry:
    return FormatEntry(fid, fid.upper(), openness, "unknown", (), (), (), (), "test")


def _std(sid: str, domain: str = "finances", *, open_: bool = True) -> StandardEntry:
    return StandardEntry(sid, sid.upper(), domain, "owner", open_, (), "", (), "test")


def _product(
    pid: str,
    editor: str,
    domain: str,
    *,
    open_source: bool = False,
    standards: tuple[str, ...] = (),
    exports: tuple[str, ...] = (),
    api: str | None = "documented",
    name: str | None = None,
) -> ProductEntry:
    return ProductEntry(
        pid,
        name or pid,
        editor,
        (domain,),
        "AGPL-3.0" if open_source else "proprietary",
        open_source,
        standards,
        exports,
        api,
        ("on_premise", "editor_saas"),
        (),
        "test",
    )


def registries() -> Registries:
    """A tiny catalogue: two finance products, one open-source, two platforms."""
    return Registries(
        formats={
            "csv": _fmt("csv", Openness.OPEN_STANDARD),
            "xml": _fmt("xml", Openness.OPEN_STANDARD),
            "xls": _fmt("xls", Openness.DOCUMENTED_PROPRIETARY),
            "mdb": _fmt("mdb", Openness.CLOSED_PROPRIETARY),
        },
        standards={
            "pes_v2": _std("pes_v2"),
            "actes": _std("actes", "council_acts"),
            "dsn": _std("dsn", "hr_payroll"),
            "ubl": _std("ubl"),
            "cii": _std("cii"),
        },
        platforms={
            "helios": PlatformEntry("helios", "Hélios", "DGFiP", ("pes_v2",), (), (), "test"),
            "chorus_pro": PlatformEntry(
                "chorus_pro", "Chorus Pro", "AIFE", ("ubl", "cii"), (), (), "test"
            ),
        },
        editors={
            "berger-levrault": EditorEntry(
                "berger-levrault", "Berger-Levrault", "bl-group", "FR", None, (), "t"
            ),
            "libriciel": EditorEntry("libriciel", "Libriciel", None, "FR", None, (), "t"),
            "jvs": EditorEntry("jvs", "JVS-Mairistem", None, "FR", None, (), "t"),
        },
        products={
            "e-magnus": _product(
                "e-magnus",
                "berger-levrault",
                "finances",
                standards=("pes_v2", "ubl"),
                exports=("csv", "xls"),
                name="e.magnus",
            ),
            "open-gf": _product(
                "open-gf",
                "libriciel",
                "finances",
                open_source=True,
                standards=("pes_v2",),
                exports=("csv", "xml"),
            ),
            "horizon": _product(
                "horizon", "jvs", "finances", standards=(), exports=("mdb",), api="none"
            ),
        },
        domains={
            "finances": DomainEntry("finances", "Finance", "Finances", ("paie finances",)),
            "hr_payroll": DomainEntry("hr_payroll", "HR and payroll", "RH et paie", ("paie",)),
            "council_acts": DomainEntry("council_acts", "Council acts", "Actes", ()),
        },
        version="test",
    )


def portfolio(
    orgs: list[dict[str, Any]],
    apps: list[dict[str, Any]],
    contracts: list[dict[str, Any]] | None = None,
    flows: list[dict[str, Any]] | None = None,
    editors: list[dict[str, Any]] | None = None,
) -> Any:
    """A Portfolio from plain rows (columns not given stay unknown)."""
    import pandas as pd

    from vendorlock.model.portfolio import Portfolio, conform, empty_table
    from vendorlock.model.schema import Table

    def table(t: Table, rows: list[dict[str, Any]] | None) -> pd.DataFrame:
        frame = pd.DataFrame(rows or [])
        for col, dtype in empty_table(t).dtypes.items():
            if col not in frame.columns:
                frame[col] = pd.Series([None] * len(frame), dtype="object").astype(dtype)
        return conform(t, frame)

    eds = editors
    if eds is None:
        ids = sorted({a["editor_id"] for a in apps})
        eds = [{"editor_id": e, "name": e.title()} for e in ids]
    return Portfolio(
        organisations=table(Table.ORGANISATIONS, orgs),
        editors=table(Table.EDITORS, eds),
        applications=table(Table.APPLICATIONS, apps),
        contracts=table(Table.CONTRACTS, contracts),
        flows=table(Table.FLOWS, flows),
    )


def fake_audit(p: Any) -> dict[str, Any]:
    """A stand-in for audit_portfolio: proprietary 80, open source 20; index = mean score."""
    import pandas as pd

    apps_out = []
    for r in p.applications.to_dict("records"):
        proprietary = r["licence"] == "proprietary"
        score = 80.0 if proprietary else 20.0
        users = None if pd.isna(r["users"]) else float(r["users"])
        apps_out.append(
            app(
                r["app_id"],
                r["org_id"],
                editor_id=r["editor_id"],
                domain=r["domain"],
                product=None if pd.isna(r["product"]) else r["product"],
                score=score,
                users=users,
                cost=1200.0 if proprietary else None,
            )
        )
    orgs_out = []
    for o in p.organisations.to_dict("records"):
        mine = [a["score"] for a in apps_out if a["org_id"] == o["org_id"]]
        orgs_out.append(org(o["org_id"], name=o["name"], index=sum(mine) / max(1, len(mine))))
    flows_out = [
        flow(
            f["flow_id"],
            f["org_id"],
            f["source"],
            f["target"],
            standard=None if pd.isna(f["standard"]) else f["standard"],
            fmt=None if pd.isna(f["format"]) else f["format"],
        )
        for f in p.flows.to_dict("records")
    ]
    return doc(orgs_out, apps_out, flows_out)
