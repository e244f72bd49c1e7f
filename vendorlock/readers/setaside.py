"""Lenient reading: rows with errors are set aside, located and explained; the rest is audited.

Real inventories always hold a few bad rows (a cost written "voir DAF", a flow to an application
nobody listed). Refusing the whole file for them leaves a body with no audit at all, so by default
every row an error is located on is taken out of the portfolio and kept as a :class:`SetAsideRow`
(file, sheet, row and the errors that put it aside); every report then states how many rows were
set aside and why. ``--strict`` skips this step and keeps the all-or-nothing behaviour.

What a row is: the spreadsheet row the user sees. A flat inventory row holds an application and
its contract; both are set aside together, as the user would expect from "row 12 is wrong".
An error on a header row (a required column missing) sets aside every data row of its sheet.
Rows that refer to a set-aside row follow sensibly: the applications, contracts and flows of a
set-aside organisation go too, a flow to or from a set-aside application goes too (half a flow
means nothing), and a contract naming a set-aside application stays — its money is real and still
counts in the spend — with a warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.i18n import Lang, has, t
from vendorlock.model.portfolio import Portfolio, split_multi
from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.model.schema import Table

#: Tables whose rows come from the user's own rows (editors and organisations may also be
#: derived from them, carrying the same provenance: those are never set aside by row).
ROW_TABLES = (Table.APPLICATIONS, Table.CONTRACTS, Table.FLOWS)
REFERENCE_TABLES = (Table.ORGANISATIONS, Table.EDITORS)

RowKey = tuple[str, str, int]
#: Errors that do not put their row aside: a contract naming an application nobody listed is
#: still money the body spends. It is kept (covering no application, so counted in the spend
#: with a ``contract_without_application`` warning) and the error is reported as a warning.
KEEP_ROW_CODES = frozenset({"unknown_application"})


@dataclass(frozen=True)
class SetAsideRow:
    """One input row left out of the audit, and what it held (``tables``: applications and
    contracts for a flat inventory row; empty when a whole file or sheet could not be read)."""

    tables: tuple[Table, ...]
    location: Location
    reasons: tuple[Problem, ...]

    @property
    def table(self) -> Table | None:
        return self.tables[0] if self.tables else None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({p.code for p in self.reasons}))

    def to_json(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        loc = self.location
        return {
            "tables": [t_.value for t_ in self.tables],
            "file": loc.file,
            "sheet": loc.sheet,
            "row": loc.row,
            "reasons": [
                {"code": p.code, "column": p.location.column, "message": p.message(lang)}
                for p in self.reasons
            ],
        }

    def render(self, lang: Lang | str = Lang.EN) -> str:
        """``file: sheet S, row 12: set aside — <first reason>`` (one line per row)."""
        why = t("loc.semicolon", lang).join(
            t("setaside.cell", lang, column=p.location.column, message=p.message(lang))
            if p.location.column
            else p.message(lang)
            for p in self.reasons
        )
        # a whole file or sheet (« le classeur … laissé de côté »), else a row (« écartée »)
        key = "setaside.line" if self.location.row is not None else "setaside.line_unreadable"
        return t(key, lang, where=self.location.render(lang), why=why)


def reason_code(row: SetAsideRow) -> list[str]:
    """The reason codes of a row; a whole file or sheet that could not be read is ``input``."""
    return ["input"] if row.table is None else list(row.codes)


def reason_counts(rows: Iterable[SetAsideRow]) -> dict[str, int]:
    """How many rows each reason code set aside (a row with two reasons counts in both)."""
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(reason_code(row))
    return dict(sorted(counts.items()))


def reason_label(code: str, lang: Lang | str = Lang.EN) -> str:
    """A short label of a reason code, for counts ("date unreadable (3)")."""
    key = f"setaside.reason.{code}"
    return t(key, lang) if has(key) else t("setaside.reason.other", lang, code=code)


def split_unreadable(
    rows: Sequence[SetAsideRow],
) -> tuple[list[SetAsideRow], list[SetAsideRow]]:
    """(rows of data, whole files or sheets that could not be read): the two are counted apart,
    so that a damaged file is never announced as « 1 ligne écartée »."""
    data = [r for r in rows if r.location.row is not None]
    return data, [r for r in rows if r.location.row is None]


def summary_text(rows: Sequence[SetAsideRow], lang: Lang | str = Lang.EN) -> str:
    """``date unreadable (2), required value missing (1)``."""
    return ", ".join(f"{reason_label(c, lang)} ({n})" for c, n in reason_counts(rows).items())


def _keys(df: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays(
        [
            df["_file"].astype("string").fillna("").to_numpy(dtype=object),
            df["_sheet"].astype("string").fillna("").to_numpy(dtype=object),
            df["_row"].astype("Int64").fillna(-1).to_numpy(dtype=np.int64),
        ]
    )


def _sheet_keys(df: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays(
        [
            df["_file"].astype("string").fillna("").to_numpy(dtype=object),
            df["_sheet"].astype("string").fillna("").to_numpy(dtype=object),
        ]
    )


def _key(p: Problem) -> RowKey:
    loc = p.location
    return (loc.file, loc.sheet or "", loc.row if loc.row is not None else -1)


def _reference(
    table: Table, df: pd.DataFrame, mask: np.ndarray, code: str, **params: Any
) -> list[Problem]:
    """Warnings for rows that follow a set-aside row, located at the row itself."""
    idx = np.flatnonzero(mask)
    out = []
    for f, s, r in zip(
        df["_file"].to_numpy()[idx],
        df["_sheet"].to_numpy()[idx],
        df["_row"].to_numpy()[idx],
        strict=True,
    ):
        loc = Location(
            "" if pd.isna(f) else str(f),
            None if pd.isna(s) else str(s),
            None if pd.isna(r) else int(r),
        )
        out.append(Problem.make(Severity.WARNING, code, loc, table=table.value, **params))
    return out


def _merge(rows: list[SetAsideRow]) -> list[SetAsideRow]:
    """One entry per spreadsheet row (a flat row's application and contract together), sorted."""
    merged: dict[Location, SetAsideRow] = {}
    for row in rows:
        seen = merged.get(row.location)
        if seen is None:
            merged[row.location] = row
            continue
        tables = tuple(dict.fromkeys(seen.tables + row.tables))
        reasons = tuple(dict.fromkeys(seen.reasons + row.reasons))
        merged[row.location] = SetAsideRow(tables, row.location, reasons)
    return sorted(
        merged.values(),
        key=lambda r: (r.location.file, r.location.sheet or "", r.location.row or 0),
    )


@dataclass(frozen=True)
class Lenient:
    """The portfolio without its bad rows, the rows set aside, and warnings about what followed."""

    portfolio: Portfolio
    rows: tuple[SetAsideRow, ...]
    warnings: tuple[Problem, ...]


def set_aside(portfolio: Portfolio, problems: Sequence[Problem]) -> Lenient:
    """Take every row an error is located on out of ``portfolio`` (see the module docstring)."""
    errors = [p for p in problems if p.severity is Severity.ERROR and p.location.file]
    kept_rows = [
        Problem(Severity.WARNING, p.code, p.location, p.params)
        for p in errors
        if p.code in KEEP_ROW_CODES
    ]
    errors = [p for p in errors if p.code not in KEEP_ROW_CODES]
    if not errors:
        return Lenient(portfolio, (), tuple(kept_rows))
    by_row: dict[RowKey, list[Problem]] = {}
    for p in errors:
        by_row.setdefault(_key(p), []).append(p)
    data_keys: set[RowKey] = set()
    for table in ROW_TABLES:
        data_keys.update(_keys(portfolio.table(table)).tolist())
    own: dict[Table, pd.MultiIndex] = {t_: _keys(portfolio.table(t_)) for t_ in Table}
    for table in REFERENCE_TABLES:
        own_keys = set(own[table].tolist())
        data_keys.update(own_keys - {k for k in own_keys if k[2] == -1})
    first_row: dict[tuple[str, str], int] = {}
    for file, sheet, row in data_keys:
        if row >= 0 and row < first_row.get((file, sheet), row + 1):
            first_row[(file, sheet)] = row
    sheet_level: dict[tuple[str, str], list[Problem]] = {}
    file_level: dict[str, list[Problem]] = {}
    stray: list[tuple[RowKey, list[Problem]]] = []
    for key, found in by_row.items():
        if key in data_keys:
            continue
        if key[2] == -1 and not key[1]:
            file_level.setdefault(key[0], []).extend(found)
        elif key[2] < first_row.get((key[0], key[1]), key[2] + 1):
            # on the header (or above): it concerns every row of the sheet
            sheet_level.setdefault((key[0], key[1]), []).extend(found)
        else:
            stray.append((key, found))  # a row no table kept: listed, nothing else removed
    bad_rows = pd.Index([k for k in by_row if k in data_keys])
    bad_sheets = pd.Index(list(sheet_level))

    kept: dict[Table, pd.DataFrame] = {}
    rows: list[SetAsideRow] = []
    warnings: list[Problem] = list(kept_rows)
    derived = set().union(*(set(own[t_].tolist()) for t_ in ROW_TABLES))
    for table in Table:
        df = portfolio.table(table)
        if not len(df):
            kept[table] = df
            continue
        keys = own[table]
        has_row = df["_row"].notna().to_numpy()
        mask = keys.isin(bad_rows) | (_sheet_keys(df).isin(bad_sheets) & has_row)
        if table in REFERENCE_TABLES:
            mask &= ~keys.isin(pd.Index(list(derived)))
        for i in np.flatnonzero(mask):
            key = keys[i]
            loc = Location(key[0], key[1] or None, None if key[2] == -1 else int(key[2]))
            reasons = by_row.get(key) or sheet_level.get((key[0], key[1]), [])
            rows.append(SetAsideRow((table,), loc, tuple(reasons)))
        kept[table] = df[~mask].reset_index(drop=True)

    # Rows that follow a set-aside row.
    gone_orgs = set(portfolio.organisations["org_id"].dropna()) - set(
        kept[Table.ORGANISATIONS]["org_id"].dropna()
    )
    if gone_orgs:
        for table in ROW_TABLES:
            df = kept[table]
            mask = df["org_id"].isin(list(gone_orgs)).to_numpy(dtype=bool)
            if mask.any():
                found = _reference(table, df, mask, "set_aside_organisation")
                rows += [SetAsideRow((table,), p.location, (p,)) for p in found]
                kept[table] = df[~mask].reset_index(drop=True)
    gone_apps = set(portfolio.applications["app_id"].dropna()) - set(
        kept[Table.APPLICATIONS]["app_id"].dropna()
    )
    if gone_apps:
        flows = kept[Table.FLOWS]
        gone = list(gone_apps)
        mask = (flows["source"].isin(gone) | flows["target"].isin(gone)).to_numpy(dtype=bool)
        if mask.any():
            found = _reference(Table.FLOWS, flows, mask, "set_aside_flow_end")
            rows += [SetAsideRow((Table.FLOWS,), p.location, (p,)) for p in found]
            kept[Table.FLOWS] = flows[~mask].reset_index(drop=True)
        contracts = kept[Table.CONTRACTS]
        listed = split_multi(contracts["app_ids"])
        hit = listed[listed.isin(gone)]
        if len(hit):
            names = hit.groupby(level=0).agg(lambda s: ", ".join(sorted(set(s))))
            mask = np.zeros(len(contracts), dtype=bool)
            mask[names.index.to_numpy()] = True
            warnings += [
                Problem.make(p.severity, p.code, p.location, **dict(p.params), apps=a)
                for p, a in zip(
                    _reference(Table.CONTRACTS, contracts, mask, "contract_app_set_aside"),
                    names.tolist(),
                    strict=True,
                )
            ]
    # Errors that put no data row aside: a file or sheet that could not be read at all.
    matched = {(r.location.file, r.location.sheet or "") for r in rows if r.reasons}
    for file, found in sorted(file_level.items()):
        rows.append(SetAsideRow((), Location(file), tuple(found)))
    for (file, sheet), found in sorted(sheet_level.items()):
        if (file, sheet) not in matched:
            rows.append(SetAsideRow((), Location(file, sheet or None), tuple(found)))
    for (file, sheet, row), found in stray:
        rows.append(SetAsideRow((), Location(file, sheet or None, row), tuple(found)))
    rows = _merge(rows)
    trimmed = Portfolio(**{t_.value: kept[t_] for t_ in Table}, sources=portfolio.sources)
    return Lenient(trimmed, tuple(rows), tuple(warnings))
