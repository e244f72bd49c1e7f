"""``--app ID``: an SBOM read as the supply chain of one application of the inventory.

Read alone, an SBOM's components are applications of an organisation named after the file.
Given with an inventory and ``--app ID``, they become applications of that application's
organisation, with ids ``ID/<component>`` and names ``<application> › <component>``: each is
scored by the same criteria as any application (editor concentration, licence, SaaS…), and
reports list them next to the application they are part of; the flows of the SBOM's
``dependencies`` graph follow them. The SBOM's own organisation, which only the file name made
up, disappears.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from vendorlock.errors import ReaderError
from vendorlock.i18n import t, tn
from vendorlock.readers.detect import SNIFF_BYTES
from vendorlock.readers.load import LoadResult
from vendorlock.registry.registries import UNKNOWN_EDITOR as UNKNOWN
from vendorlock.sources.cyclonedx import SOURCE

#: Between the application's name and the component's in a supply-chain application's name.
NAME_SEP = " › "


def _is_sbom(file: str) -> bool:
    path = Path(file)
    try:
        with path.open("rb") as fh:
            return SOURCE.sniff(path, fh.read(SNIFF_BYTES))
    except OSError:
        return False


def attach_supply_chain(result: LoadResult, app_id: str) -> LoadResult:
    """``result`` with its SBOMs' applications attached to application ``app_id``."""
    portfolio = result.portfolio
    apps = portfolio.applications
    files = apps["_file"].astype("string")
    sboms = {f for f in files.dropna().unique() if _is_sbom(str(f))}
    if not sboms:
        raise ReaderError.of("supply_chain.no_sbom", app=app_id)
    in_sbom = files.isin(sboms).fillna(False).to_numpy(dtype=bool)
    owner = apps[~in_sbom & (apps["app_id"] == app_id).to_numpy(dtype=bool)]
    if not len(owner):
        known = sorted(apps.loc[~in_sbom, "app_id"].astype(str))
        shown = ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
        raise ReaderError.of("supply_chain.unknown_app", app=app_id, known=shown or "-")
    org, name = str(owner["org_id"].iloc[0]), str(owner["name"].iloc[0])
    chain = apps[in_sbom]
    old_orgs = chain["org_id"].astype(str)
    local = [
        a[len(o) + 1 :] if a.startswith(o + "-") else a
        for a, o in zip(chain["app_id"].astype(str), old_orgs, strict=True)
    ]
    chain = chain.assign(
        app_id=[f"{app_id}/{x}" for x in local],
        org_id=org,
        name=NAME_SEP.join([name, ""]) + chain["name"].astype(str),
    )
    renamed = dict(
        zip(chain.index.map(lambda i: str(apps.at[i, "app_id"])), chain["app_id"], strict=True)
    )
    merged = pd.concat([apps[~in_sbom], chain], ignore_index=True).astype(apps.dtypes.to_dict())
    flows = _chain_flows(portfolio.flows, sboms, org, renamed)
    used = (
        set(merged["org_id"].dropna())
        | set(portfolio.contracts["org_id"].dropna())
        | set(flows["org_id"].dropna())
    )
    orgs = portfolio.organisations
    orgs = orgs[orgs["org_id"].isin(used) | ~orgs["org_id"].isin(set(old_orgs))]
    attached = dataclasses.replace(
        portfolio, applications=merged, flows=flows, organisations=orgs.reset_index(drop=True)
    )
    return dataclasses.replace(result, portfolio=attached)


def _chain_flows(
    flows: pd.DataFrame, sboms: set[str], org: str, renamed: dict[str, str]
) -> pd.DataFrame:
    """The SBOMs' dependency flows moved with their components (organisation and ends)."""
    if not len(flows):
        return flows
    mine = flows["_file"].astype("string").isin(sboms).fillna(False).to_numpy(dtype=bool)
    if not mine.any():
        return flows
    out = flows.copy()
    out.loc[mine, "org_id"] = org
    for end in ("source", "target"):
        out.loc[mine, end] = out.loc[mine, end].astype("string").replace(renamed)
    out.loc[mine, "flow_id"] = (
        org + "-" + out.loc[mine, "source"].astype(str) + "-" + out.loc[mine, "target"].astype(str)
    )
    return out


def sbom_lines(result: LoadResult, lang: str) -> list[str]:
    """One line per SBOM read: its components, services, suppliers and licences (validate)."""
    apps = result.portfolio.applications
    if not len(apps):
        return []
    files = apps["_file"].astype("string")
    lines: list[str] = []
    for file in sorted(f for f in files.dropna().unique() if _is_sbom(str(f))):
        rows = apps[(files == file).fillna(False).to_numpy(dtype=bool)]
        services = int((rows["hosting"].astype("string") == "editor_saas").fillna(False).sum())
        editors = rows["editor_id"].astype("string").fillna(UNKNOWN)
        licences = rows["licence"].astype("string").fillna(t("sbom.unknown", lang))
        counts = licences.value_counts()
        ranked = sorted(counts.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))
        lines.append(
            t(
                "sbom.summary",
                lang,
                file=file,
                components=tn("sbom.count.components", len(rows) - services, lang),
                services=tn("sbom.count.services", services, lang),
                suppliers=tn(
                    "sbom.count.suppliers",
                    int(editors[(editors != UNKNOWN).to_numpy(dtype=bool)].nunique()),
                    lang,
                ),
                licences=", ".join(f"{k} ×{int(v)}" for k, v in ranked),
            )
        )
    return lines
