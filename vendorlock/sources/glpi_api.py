"""GLPI's REST API (``https://…/apirest.php``) as raw sheets: organisations, editors,
applications, contracts.

The collections are read whole (:mod:`.glpi_client`), then joined here with pandas; the
sheets carry schema field names, so typing, editor resolution, validation and scoring are the
spreadsheet path's own. Nothing is returned until every collection is read: a fault anywhere
raises and the run imports nothing. The mapping is documented in docs/connectors.md (GLPI).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.readers.interface import RawSheet, ReadLimits
from vendorlock.registry import slugify
from vendorlock.sources.glpi_client import (
    Credentials,
    GlpiError,
    GlpiSession,
    HttpSettings,
    load_credentials,
)
from vendorlock.sources.weburl import display_url

#: Itemtype → whether to ask ``expand_dropdowns=true``. Shown tables get names; link tables
#: keep ids, since GLPI expands every ``*_id`` key, the join keys included.
ITEMTYPES: dict[str, bool] = {
    "Entity": True,
    "Manufacturer": True,
    "Supplier": True,
    "Software": True,
    "SoftwareVersion": False,
    "SoftwareLicense": False,
    "Contract": True,
    "Contract_Supplier": False,
    "Contract_Item": False,
    "ContractCost": False,
    "Infocom": False,
}

#: GLPI contract ``renewal`` codes (Contract::getContractRenewalName).
RENEWAL = {0: "none", 1: "tacit", 2: "explicit"}

#: How GLPI shows an empty dropdown once expanded (older versions: ``&nbsp;``).
_EMPTY = {"", " ", "&nbsp;", "0", "-1", "None", "null"}


def read_glpi(
    url: str,
    limits: ReadLimits,
    settings: HttpSettings | None = None,
    credentials: Credentials | None = None,
) -> list[RawSheet]:
    """Every collection of :data:`ITEMTYPES`, then the sheets; the session is closed either way."""
    creds = credentials if credentials is not None else load_credentials()
    with GlpiSession(url, creds, settings or HttpSettings()) as session:
        data = {name: _frame(session.collection(name, on)) for name, on in ITEMTYPES.items()}
    too_many = max(len(f) for f in data.values())
    if too_many > limits.max_rows:
        raise GlpiError.of("glpi.too_many", url=display_url(url), rows=too_many)
    return glpi_sheets(display_url(url), data)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows) if rows else pd.DataFrame()


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    """Column ``name`` as text with GLPI's empty markers blanked (missing column: all blank)."""
    if name not in df.columns:
        return pd.Series(pd.NA, index=df.index, dtype="string")
    text = df[name].astype("string").str.strip()
    return text.mask(text.isin(_EMPTY))


def _num(df: pd.DataFrame, name: str) -> pd.Series:
    if name not in df.columns:
        return pd.Series(np.nan, index=df.index, dtype="float64")
    return pd.to_numeric(df[name], errors="coerce")


def _live(df: pd.DataFrame) -> pd.DataFrame:
    """Rows neither in the trash nor templates."""
    keep = pd.Series(True, index=df.index)
    for flag in ("is_deleted", "is_template"):
        if flag in df.columns:
            keep &= _num(df, flag).fillna(0).eq(0)
    return df[keep]


def _sheet(url: str, table: str, frame: pd.DataFrame) -> RawSheet:
    frame = frame.reset_index(drop=True).astype("string")
    cells = frame.set_axis(range(frame.shape[1]), axis=1)
    return RawSheet(
        file=url,
        sheet=table,
        header=tuple(str(c) for c in frame.columns),
        cells=cells.astype(object).where(cells.notna(), None),
        first_row=2,
        text=True,
    )


@dataclass(frozen=True)
class _Orgs:
    frame: pd.DataFrame
    #: Entity complete name ("Entité racine > Ville") → org_id.
    by_path: Mapping[str, str]


def _organisations(entities: pd.DataFrame) -> _Orgs:
    """One organisation per entity: named after its last path segment, its parent the entity
    above (the recursive tree flattened). Ids are slugs of the name, the GLPI id appended
    where two entities share a name."""
    if entities.empty:
        return _Orgs(pd.DataFrame(columns=["org_id", "name", "kind", "parent_id"]), {})
    path = _col(entities, "completename").fillna(_col(entities, "name"))
    name = _col(entities, "name").fillna(path.str.split(" > ").str[-1])
    slug = name.map(lambda n: slugify(n) or "entity", na_action="ignore").fillna("entity")
    dup = slug.duplicated(keep=False)
    ids = slug.where(~dup, slug + "-" + entities["id"].astype("string"))
    by_path = dict(zip(path, ids, strict=True))
    parent_path = path.str.rpartition(" > ")[0].replace("", pd.NA)
    parent = parent_path.map(by_path)
    reg = _col(entities, "registration_number").str.replace(r"\s", "", regex=True)
    siren = reg.where(reg.str.fullmatch(r"\d{9}|\d{14}").fillna(False)).str[:9]
    frame = pd.DataFrame(
        {"org_id": ids, "name": name, "kind": "other", "siren": siren, "parent_id": parent}
    )
    return _Orgs(frame.sort_values("org_id"), by_path)


def _org_of(entity_paths: pd.Series, orgs: _Orgs) -> pd.Series:
    """org_id of each expanded ``entities_id`` (a complete name); unknown paths keep their
    last segment, which the assembly turns into an organisation of that name."""
    mapped = entity_paths.map(orgs.by_path)
    return mapped.fillna(entity_paths.str.split(" > ").str[-1])


def _editors(manufacturers: pd.DataFrame, suppliers: pd.DataFrame) -> pd.DataFrame:
    """Publishers (Manufacturer) and suppliers (Supplier), by name; a supplier's SIRET or
    SIREN (``registration_number``) gives the SIREN, its ``country`` the country."""
    frames = []
    if not manufacturers.empty:
        name = _col(manufacturers, "name")
        frames.append(pd.DataFrame({"editor_id": name, "name": name}))
    if not suppliers.empty:
        live = _live(suppliers)
        name = _col(live, "name")
        reg = _col(live, "registration_number").str.replace(r"\s", "", regex=True)
        siren = reg.where(reg.str.fullmatch(r"\d{9}|\d{14}").fillna(False)).str[:9]
        frames.append(
            pd.DataFrame(
                {"editor_id": name, "name": name, "siren": siren, "country": _col(live, "country")}
            )
        )
    if not frames:
        return pd.DataFrame(columns=["editor_id", "name"])
    out = pd.concat(frames, ignore_index=True).dropna(subset=["name"])
    # A supplier that is also a manufacturer keeps the row carrying its SIREN and country.
    out = out.sort_values(["name", "siren"], na_position="last")
    return out.drop_duplicates("name").sort_values("name")


def _software_ids(df: pd.DataFrame) -> pd.Series:
    return "glpi-software-" + df["id"].astype("Int64").astype("string")


def _applications(data: Mapping[str, pd.DataFrame], orgs: _Orgs) -> pd.DataFrame:
    software = _live(data["Software"])
    if software.empty:
        return pd.DataFrame(columns=["app_id", "org_id", "name", "editor_id"])
    ids = software["id"].astype("Int64")
    editor = _col(software, "manufacturers_id")
    fallback = _infocom_suppliers(data, "Software")
    editor = editor.fillna(ids.map(fallback).astype("string"))
    frame = pd.DataFrame(
        {
            "app_id": _software_ids(software),
            "org_id": _org_of(_col(software, "entities_id"), orgs),
            "name": _col(software, "name"),
            "product": _col(software, "name"),
            "editor_id": editor,
            "version": ids.map(_latest_versions(data["SoftwareVersion"])).astype("string"),
            "users": ids.map(_licensed_seats(data["SoftwareLicense"])).astype("Int64"),
        }
    )
    return frame.iloc[np.argsort(ids.to_numpy(dtype="int64"), kind="stable")]


def _latest_versions(versions: pd.DataFrame) -> pd.Series:
    """softwares_id → the name of its most recently registered version (highest id)."""
    if versions.empty or "softwares_id" not in versions.columns:
        return pd.Series(dtype="string")
    v = versions.assign(sw=_num(versions, "softwares_id"), name=_col(versions, "name"))
    v = v.dropna(subset=["sw", "name"]).sort_values("id")
    last = v.groupby("sw")["name"].last()
    return last.set_axis(last.index.astype("int64"))


def _licensed_seats(licenses: pd.DataFrame) -> pd.Series:
    """softwares_id → seats bought (sum of ``number`` over live licences; -1, unlimited, and
    0 are left out: they say nothing about users)."""
    if licenses.empty or "softwares_id" not in licenses.columns:
        return pd.Series(dtype="Int64")
    live = _live(licenses)
    seats = _num(live, "number")
    sw = _num(live, "softwares_id")
    ok = seats.gt(0) & sw.notna()
    total = seats[ok].groupby(sw[ok].astype("int64")).sum()
    return total.astype("Int64")


def _infocom_suppliers(data: Mapping[str, pd.DataFrame], itemtype: str) -> pd.Series:
    """items_id → supplier name from the financial information (Infocom) of ``itemtype``."""
    infocom, suppliers = data["Infocom"], data["Supplier"]
    if infocom.empty or suppliers.empty or "itemtype" not in infocom.columns:
        return pd.Series(dtype="string")
    names = pd.Series(_col(suppliers, "name").to_numpy(), index=suppliers["id"].astype("int64"))
    rows = infocom[_col(infocom, "itemtype").eq(itemtype).fillna(False)]
    sup = _num(rows, "suppliers_id")
    ok = sup.gt(0)
    found = sup[ok].astype("int64").map(names)
    return pd.Series(found.to_numpy(), index=_num(rows, "items_id")[ok].astype("int64")).dropna()


def _contracts(data: Mapping[str, pd.DataFrame], orgs: _Orgs) -> pd.DataFrame:
    contracts = _live(data["Contract"])
    if contracts.empty:
        return pd.DataFrame(columns=["contract_id", "org_id", "editor_id"])
    cid = contracts["id"].astype("int64")
    num = _col(contracts, "num")
    unique_num = num.notna() & ~num.duplicated(keep=False)
    contract_id = num.where(unique_num, "glpi-contract-" + cid.astype("string"))
    begin = pd.to_datetime(_col(contracts, "begin_date"), errors="coerce", format="%Y-%m-%d")
    months = _num(contracts, "duration")
    end = pd.Series(
        [
            b + pd.DateOffset(months=int(m)) - pd.Timedelta(days=1)
            if pd.notna(b) and pd.notna(m) and m > 0
            else pd.NaT
            for b, m in zip(begin, months, strict=True)
        ],
        index=contracts.index,
        dtype="datetime64[ns]",
    )
    renewal = _num(contracts, "renewal").map(RENEWAL)
    frame = pd.DataFrame(
        {
            "contract_id": contract_id,
            "org_id": _org_of(_col(contracts, "entities_id"), orgs),
            "editor_id": cid.map(_contract_suppliers(data)).astype("string"),
            "app_ids": cid.map(_contract_software(data)).astype("string"),
            "start_date": begin.dt.strftime("%Y-%m-%d"),
            "end_date": end.dt.strftime("%Y-%m-%d"),
            "annual_cost": cid.map(_annual_costs(data["ContractCost"])),
            "renewal": renewal,
            "notice_months": _num(contracts, "notice").astype("Int64"),
        }
    )
    return frame.sort_values("contract_id")


def _contract_suppliers(data: Mapping[str, pd.DataFrame]) -> pd.Series:
    """contracts_id → the name of its first linked supplier (lowest link id)."""
    links, suppliers = data["Contract_Supplier"], data["Supplier"]
    if links.empty or suppliers.empty:
        return pd.Series(dtype="string")
    names = pd.Series(_col(suppliers, "name").to_numpy(), index=suppliers["id"].astype("int64"))
    links = links.sort_values("id")
    named = _num(links, "suppliers_id").map(names)
    first = named.groupby(_num(links, "contracts_id")).first()
    return first.set_axis(first.index.astype("int64"))


def _contract_software(data: Mapping[str, pd.DataFrame]) -> pd.Series:
    """contracts_id → ``;``-joined app ids of the software it covers, directly or through one
    of its licences (Contract_Item rows of itemtype Software or SoftwareLicense)."""
    items = data["Contract_Item"]
    if items.empty or "itemtype" not in items.columns:
        return pd.Series(dtype="string")
    kind = _col(items, "itemtype")
    target = _num(items, "items_id")
    licenses = data["SoftwareLicense"]
    if not licenses.empty and "softwares_id" in licenses.columns:
        of_license = pd.Series(
            _num(licenses, "softwares_id").to_numpy(), index=licenses["id"].astype("int64")
        )
        target = target.where(kind.eq("Software").fillna(False), target.map(of_license))
    keep = kind.isin(["Software", "SoftwareLicense"]).fillna(False) & target.notna()
    app = "glpi-software-" + target[keep].astype("int64").astype("string")
    joined = app.groupby(_num(items, "contracts_id")[keep]).agg(lambda s: ";".join(sorted(set(s))))
    return joined.set_axis(joined.index.astype("int64"))


def _annual_costs(costs: pd.DataFrame) -> pd.Series:
    """contracts_id → the sum of its costs in the latest year that has any (ContractCost
    rows are usually one per period; the latest year is what the body pays now)."""
    if costs.empty or "contracts_id" not in costs.columns:
        return pd.Series(dtype="float64")
    year = pd.to_datetime(_col(costs, "begin_date"), errors="coerce").dt.year
    year = year.fillna(pd.to_datetime(_col(costs, "end_date"), errors="coerce").dt.year)
    contract = _num(costs, "contracts_id")
    c = pd.DataFrame(
        {"contract": contract, "year": year.fillna(0), "cost": _num(costs, "cost")}
    ).dropna(subset=["contract", "cost"])
    per_year = c.groupby(["contract", "year"])["cost"].sum().reset_index()
    latest = per_year.sort_values("year").groupby("contract")["cost"].last()
    return latest.set_axis(latest.index.astype("int64"))


def glpi_sheets(url: str, data: Mapping[str, pd.DataFrame]) -> list[RawSheet]:
    """The four sheets from the collections read (``data``: itemtype → frame)."""
    data = {name: data.get(name, pd.DataFrame()) for name in ITEMTYPES}
    orgs = _organisations(data["Entity"])
    apps = _applications(data, orgs)
    sheets = [
        _sheet(url, "organisations", orgs.frame),
        _sheet(url, "editors", _editors(data["Manufacturer"], data["Supplier"])),
        _sheet(url, "applications", apps),
        _sheet(url, "contracts", _contracts(data, orgs)),
    ]
    return [s for s in sheets if len(s.cells)]
