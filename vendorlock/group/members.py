"""Loading many members' inventories, one file at a time, so one broken file costs one member.

INPUT may be a folder holding one workbook (or CSV folder) per member, several files, or one
multi-organisation inventory. Each source is read with :func:`vendorlock.readers.load_inventory`
on its own; a source with errors is left out and named with why, and the others go through.
Across sources: the same member given twice (same id and name) keeps its first copy; two
different bodies sharing an id are a collision and the later file is left out; application,
contract and flow ids that collide between members are prefixed with the member id. Members
are the organisations other than the mutualisation structure itself (kind ``mutualisation``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from vendorlock.errors import GroupError
from vendorlock.group.frames import pylist
from vendorlock.i18n import Lang, t
from vendorlock.model.portfolio import MULTI_SEP, STRUCTURE_KIND, Portfolio, concat_portfolios
from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.registry import normalise_key
from vendorlock.registry.registries import Registries

if TYPE_CHECKING:
    from vendorlock.readers.mapping import MappingFile

#: Inputs inside a members folder that are one member each.
MEMBER_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv"})
#: Largest plausible population per kind of body (Paris ~2.1 M inhabitants, Île-de-France
#: region ~12.3 M, the largest EPCI (Métropole du Grand Paris) ~7.2 M; INSEE 2021 orders of
#: magnitude). Above it, or at 0 or below, the population is reported and ignored.
POPULATION_LIMITS: dict[str, int] = {
    "commune": 3_000_000,
    "epci": 10_000_000,
    "departement": 3_000_000,
    "region": 13_000_000,
    "syndicat": 15_000_000,
    "mutualisation": 15_000_000,
    "other": 70_000_000,
}
#: Problem codes that mean a member (or a file) was left out of the group view.
LEFT_OUT_CODES = frozenset(
    {"group_member_file_failed", "group_member_collision", "group_member_duplicate"}
)


@dataclass(frozen=True)
class MemberSet:
    """Members read: the merged portfolio, who counts as a member, and every problem."""

    portfolio: Portfolio
    members: tuple[str, ...]
    structure: tuple[str, ...]
    problems: tuple[Problem, ...]
    sources: tuple[Path, ...]

    def left_out(self) -> list[Problem]:
        return [p for p in self.problems if p.code in LEFT_OUT_CODES]


def member_sources(paths: Sequence[Path]) -> list[Path]:
    """The inputs to read one by one: a folder of workbooks gives one source per workbook.

    A folder holding CSV files directly is one member's CSV folder; otherwise each workbook,
    CSV file and sub-folder in it is one member (sorted, hidden files skipped).
    """
    out: list[Path] = []
    for path in paths:
        p = Path(path)
        if not p.is_dir():
            out.append(p)
            continue
        children = sorted(c for c in p.iterdir() if not c.name.startswith((".", "~$")))
        if any(c.is_file() and c.suffix.lower() == ".csv" for c in children):
            out.append(p)
            continue
        members = [c for c in children if c.is_dir() or c.suffix.lower() in MEMBER_SUFFIXES]
        out.extend(members or [p])
    return list(dict.fromkeys(out))


def _without_orgs(part: Portfolio, drop: set[str]) -> Portfolio:
    if not drop:
        return part
    keep = part.organisations[~part.organisations["org_id"].isin(drop)]
    return Portfolio(
        organisations=keep,
        editors=part.editors,
        applications=part.applications[~part.applications["org_id"].isin(drop)],
        contracts=part.contracts[~part.contracts["org_id"].isin(drop)],
        flows=part.flows[~part.flows["org_id"].isin(drop)],
        sources=part.sources,
    )


def _prefix(ids: pd.Series, orgs: pd.Series) -> pd.Series:
    return (orgs.astype("string") + "/" + ids.astype("string")).astype("string")


def prefix_ids(part: Portfolio) -> Portfolio:
    """Every application, contract and flow id of ``part`` prefixed with its ``org_id/``."""
    apps = part.applications.copy()
    app_ids = set(apps["app_id"].dropna())
    apps["app_id"] = _prefix(apps["app_id"], apps["org_id"])
    flows = part.flows.copy()
    for end in ("source", "target"):
        is_app = flows[end].isin(app_ids)
        flows.loc[is_app, end] = _prefix(flows.loc[is_app, end], flows.loc[is_app, "org_id"])
    flows["flow_id"] = _prefix(flows["flow_id"], flows["org_id"])
    contracts = part.contracts.copy()
    contracts["contract_id"] = _prefix(contracts["contract_id"], contracts["org_id"])
    contracts["app_ids"] = [
        pd.NA
        if pd.isna(ids)
        else MULTI_SEP.join(sorted(f"{org}/{i}" for i in str(ids).split(MULTI_SEP) if i))
        for ids, org in zip(contracts["app_ids"], contracts["org_id"], strict=True)
    ]
    contracts["app_ids"] = contracts["app_ids"].astype("string")
    return Portfolio(
        organisations=part.organisations,
        editors=part.editors,
        applications=apps,
        contracts=contracts,
        flows=flows,
        sources=part.sources,
    )


def _id_sets(part: Portfolio) -> dict[str, set[Any]]:
    """The application, contract and flow ids of ``part``, each column read once as a list
    (iterating an Arrow-backed column boxes every value through pandas)."""
    return {
        col: set(pylist(table[col].dropna()))
        for col, table in (
            ("app_id", part.applications),
            ("contract_id", part.contracts),
            ("flow_id", part.flows),
        )
    }


def _org_names(part: Portfolio) -> list[tuple[str, str]]:
    """(org_id, name) of each organisation row as text, as iterating the rows gave them (a
    missing value reads ``<NA>``), each column converted once (iterating an Arrow-backed
    frame boxes every value)."""
    orgs = part.organisations
    ids, names = orgs["org_id"].astype(object).tolist(), orgs["name"].astype(object).tolist()
    return [(str(o), str(n)) for o, n in zip(ids, names, strict=True)]


def _reason(problems: Sequence[Problem], lang: Lang) -> str:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    first = errors[0].render(lang) if errors else ""
    more = len(errors) - 1
    return first + (f" (+{more})" if more > 0 else "")


def _loc(part: Portfolio, org_id: str, source: Path, column: str | None = None) -> Location:
    rows = part.organisations[part.organisations["org_id"] == org_id]
    if rows.empty:
        return Location(file=str(source), column=column)
    r = rows.iloc[0]
    row = r.get("_row")
    return Location(
        file=str(r.get("_file") if pd.notna(r.get("_file")) else source),
        sheet=None if pd.isna(r.get("_sheet")) else str(r.get("_sheet")),
        row=None if pd.isna(row) else int(row),
        column=column,
    )


def load_members(
    paths: Sequence[Path],
    registries: Registries,
    lang: Lang = Lang.EN,
    strict: bool = False,
    mapping: MappingFile | None = None,
    forced: Sequence[tuple[str, str]] = (),
) -> MemberSet:
    """Read every source separately and merge the good ones (see the module docstring).

    Each source is read leniently (its bad rows set aside, counted in a warning) and left out only
    when nothing usable is left; ``strict`` leaves out any source with an error instead.
    ``mapping`` is a ``--mapping`` file applied to every source; ``forced`` the ``--source``
    ``(path, kind)`` pairs (a connector named for a path)."""
    from vendorlock.readers import LoadOptions, load_inventory
    from vendorlock.readers.setaside import summary_text

    sources = member_sources(paths)
    parts: list[Portfolio] = []
    problems: list[Problem] = []
    seen_orgs: dict[str, tuple[str, str]] = {}  # org_id -> (file, name)
    seen_ids: dict[str, set[str]] = {"app_id": set(), "contract_id": set(), "flow_id": set()}
    for k, source in enumerate(sources):
        result = load_inventory(
            [source],
            registries,
            LoadOptions(lenient=not strict, mapping=mapping, forced=tuple(forced)),
        )
        problems.extend(result.problems)
        if strict:
            refused = bool(result.files_failed or result.errors())
        else:  # left out only when nothing usable is left
            empty = result.portfolio.organisations.empty
            refused = empty or (bool(result.set_aside) and not result.usable)
        if not refused and result.set_aside:
            problems.append(
                Problem.make(
                    Severity.WARNING,
                    "group_member_rows_set_aside",
                    Location(file=str(source)),
                    count=len(result.set_aside),
                    reasons=summary_text(result.set_aside, lang),
                )
            )
        if refused:
            problems.append(
                Problem.make(
                    Severity.ERROR,
                    "group_member_file_failed",
                    Location(file=str(source)),
                    reason=_reason(result.problems, lang),
                )
            )
            continue
        part = result.portfolio
        drop: set[str] = set()
        for org_id, name in _org_names(part):
            if org_id not in seen_orgs:
                continue
            other_file, other_name = seen_orgs[org_id]
            same = normalise_key(other_name) == normalise_key(name)
            problems.append(
                Problem.make(
                    Severity.WARNING if same else Severity.ERROR,
                    "group_member_duplicate" if same else "group_member_collision",
                    _loc(part, org_id, source, "org_id"),
                    org=org_id,
                    name=name,
                    other_name=other_name,
                    other_file=other_file,
                )
            )
            drop.add(org_id)
        part = _without_orgs(part, drop)
        if part.organisations.empty:
            continue
        for org_id, name in _org_names(part):
            seen_orgs[org_id] = (str(source), name)
        if k == len(sources) - 1 and not any(seen_ids.values()):
            parts.append(part)  # the one source kept: no id of another member to collide with
            continue
        ids = _id_sets(part)
        clash = {col: found & seen_ids[col] for col, found in ids.items()}
        if any(clash.values()):
            for org_id in sorted(set(part.organisations["org_id"])):
                problems.append(
                    Problem.make(
                        Severity.WARNING,
                        "group_ids_prefixed",
                        _loc(part, org_id, source),
                        org=org_id,
                        count=sum(len(v) for v in clash.values()),
                    )
                )
            part = prefix_ids(part)
            ids = _id_sets(part)
        for col, found in ids.items():
            seen_ids[col] |= found
        parts.append(part)
    merged = concat_portfolios(parts)
    merged, more = check_members(merged)
    problems.extend(more)
    kinds = merged.organisations.set_index("org_id")["kind"]
    structure = tuple(sorted(str(o) for o, k in kinds.items() if k == STRUCTURE_KIND))
    members = tuple(sorted(str(o) for o, k in kinds.items() if k != STRUCTURE_KIND))
    if not members:
        members = structure  # a structure audited alone is its own only member
    return MemberSet(merged, members, structure, tuple(problems), tuple(sources))


def require_members(members: MemberSet, lang: Lang = Lang.EN) -> None:
    """Raise when no member could be read (after the caller printed why)."""
    if not members.members:
        raise GroupError(t("problem.group_no_members", lang))


def check_members(portfolio: Portfolio) -> tuple[Portfolio, list[Problem]]:
    """Members without contracts (warning) and implausible populations (warning, ignored).

    Each warning is located where the member is read: its row, or for a member no row
    describes (a GLPI entity known only from its applications' entity path) the first row
    naming it (:func:`vendorlock.readers.assemble.first_places`).
    """
    orgs = portfolio.organisations.copy()
    problems: list[Problem] = []
    with_contracts = set(portfolio.contracts["org_id"].dropna())
    # only the members without contracts are located (a frame lookup each), in row order
    structure = orgs["kind"].eq(STRUCTURE_KIND).fillna(False).to_numpy(dtype=bool)
    contracted = orgs["org_id"].isin(with_contracts).fillna(False).to_numpy(dtype=bool)
    lonely = ~structure & ~contracted
    for r in orgs[lonely].itertuples(index=False):
        loc = _loc(portfolio, str(r.org_id), Path(""))
        problems.append(
            Problem.make(
                Severity.WARNING,
                "group_member_no_contracts",
                loc,
                org=str(r.org_id),
                name=str(r.name),
            )
        )
    limit = orgs["kind"].map(POPULATION_LIMITS).fillna(POPULATION_LIMITS["other"])
    pop = orgs["population"].astype("float64")
    bad = pop.notna() & ((pop <= 0) | (pop > limit.astype("float64")))
    for idx in orgs.index[bad]:
        r = orgs.loc[idx]
        problems.append(
            Problem.make(
                Severity.WARNING,
                "group_population_incoherent",
                _loc(portfolio, str(r["org_id"]), Path(""), "population"),
                org=str(r["org_id"]),
                kind=str(r["kind"]),
                population=int(r["population"]),
                limit=int(limit[idx]),
            )
        )
    orgs.loc[bad, "population"] = pd.NA
    fixed = Portfolio(
        organisations=orgs,
        editors=portfolio.editors,
        applications=portfolio.applications,
        contracts=portfolio.contracts,
        flows=portfolio.flows,
        sources=portfolio.sources,
    )
    return fixed, problems


def left_out_lines(problems: Sequence[Problem], lang: Lang) -> list[str]:
    """One line per member or file left out, located, for the report and the terminal."""
    return [p.render(lang) for p in problems if p.code in LEFT_OUT_CODES]
