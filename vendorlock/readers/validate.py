"""Checking the assembled portfolio against the published schema, column by column.

Every check is a vectorised mask over a whole column (required, pattern, minimum, unique, foreign
key, date order); only the rows it flags become problems, each located at the cell the user
wrote. Cells already reported as unreadable are not reported again as missing.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from vendorlock.dtypes import STRING
from vendorlock.i18n import date_text
from vendorlock.model.portfolio import Portfolio
from vendorlock.model.problems import Localised, Location, Problem, Severity
from vendorlock.model.schema import FieldType, Table, table_spec
from vendorlock.readers.assemble import HeaderBook, report
from vendorlock.readers.connector import load_connector
from vendorlock.readers.values import arrow_text, has_duplicates

#: Warnings for optional contract data that a lock-in audit needs.
WORTH_KNOWING = (("end_date", "missing_end_date"), ("annual_cost", "missing_cost"))


#: Required fields a row may take from the applications it names when its sheet has no column
#: for them (:func:`vendorlock.readers.assemble._editors_from_apps`).
_FROM_APPLICATIONS = frozenset({(Table.CONTRACTS, "editor_id")})


def _label(table: Table, field: str, lang: str) -> str:
    """A field as the template names it in ``lang`` ("Éditeur"), never its schema id."""
    return load_connector().label(table, field, lang)


def _required(
    book: HeaderBook, table: Table, df: pd.DataFrame, already: set[tuple[object, ...]]
) -> list[Problem]:
    out: list[Problem] = []
    for spec in table_spec(table).fields:
        if not spec.required or not len(df):
            continue
        mask = df[spec.name].isna().to_numpy()
        if not mask.any():
            continue
        flagged = df[mask]
        for (file, sheet), part in flagged.groupby(["_file", "_sheet"], dropna=False, sort=True):
            sheet_name = None if pd.isna(sheet) else str(sheet)
            headers = book.headers.get((table, str(file), sheet_name), {})
            from_apps = (table, spec.name) in _FROM_APPLICATIONS and "app_ids" in headers
            if spec.name not in headers and from_apps:
                # a contract's editor is taken from its applications (assemble): those left
                # without one are errors of their own rows, not of the whole sheet
                sub = part.reset_index(drop=True)
                label = Localised(*(_label(table, spec.name, lang) for lang in ("en", "fr")))
                named = sub["app_ids"].fillna("").astype(str).to_numpy() != ""
                for mask, code in (
                    (named, "contract_editor_unknown"),  # its applications disagree
                    (~named, "contract_without_editor"),  # it names none
                ):
                    if mask.any():
                        out += report(
                            book, table, sub, mask, "app_ids", Severity.ERROR, code, field=label
                        )
                continue
            if spec.name not in headers:
                first = int(df.loc[(df["_file"] == file), "_row"].min()) - 1
                # The column is absent: located at the header row, named by its label.
                loc = Location(str(file), sheet_name, max(first, 1))
                label = Localised(*(_label(table, spec.name, lang) for lang in ("en", "fr")))
                out.append(Problem.make(Severity.ERROR, "missing_column", loc, field=label))
                continue
            sub = part.reset_index(drop=True)
            for p in report(
                book,
                table,
                sub,
                np.ones(len(sub), dtype=bool),
                spec.name,
                Severity.ERROR,
                "required",
                field=spec.name,
            ):
                if _key(p) not in already:
                    out.append(p)
    return out


def _constraints(book: HeaderBook, table: Table, df: pd.DataFrame) -> list[Problem]:
    out: list[Problem] = []
    for spec in table_spec(table).fields:
        patterned = bool(spec.pattern) and spec.type is FieldType.STRING
        if not (patterned or spec.minimum is not None or spec.unique):
            continue  # nothing to check: the column is not even looked up (~20 µs each)
        col = df[spec.name]
        if patterned:
            text = col.astype(STRING)
            bad = (text.notna() & ~text.str.fullmatch(spec.pattern).fillna(True)).to_numpy()
            if bad.any():
                out += report(
                    book,
                    table,
                    df,
                    bad,
                    spec.name,
                    Severity.ERROR,
                    "invalid_pattern",
                    expected=spec.pattern,
                )
        if spec.minimum is not None:
            bad = (col < spec.minimum).fillna(False).to_numpy(dtype=bool)
            if bad.any():
                out += report(
                    book,
                    table,
                    df,
                    bad,
                    spec.name,
                    Severity.ERROR,
                    "below_minimum",
                    minimum=_num(spec.minimum),
                )
        derived = spec.name == table_spec(table).primary_key and table in book.derived_ids
        if spec.unique and not derived and has_duplicates(col):
            codes = pd.Series(pd.factorize(col)[0], index=col.index)
            dup = (col.notna() & codes.duplicated(keep="first")).to_numpy()
            if dup.any():
                first_rows = df.groupby(col, dropna=True)["_row"].transform("first")
                out += [
                    Problem.make(p.severity, p.code, p.location, **dict(p.params), first_row=int(r))
                    for p, r in zip(
                        report(book, table, df, dup, spec.name, Severity.ERROR, "duplicate_id"),
                        first_rows[dup].fillna(0).tolist(),
                        strict=True,
                    )
                ]
    return out


def _key(p: Problem) -> tuple[object, ...]:
    loc = p.location
    return (loc.file, loc.sheet, loc.row, loc.column)


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _known(column: pd.Series, target: pd.Series) -> np.ndarray:
    """Mask of the cells of ``column`` that ``target`` holds (missing ones: not held)."""
    if isinstance(column.dtype, pd.StringDtype) and isinstance(target.dtype, pd.StringDtype):
        # text against text: one arrow hash pass over both (~4 ms of Python objects and
        # pandas' isin for 10,000 flows)
        found = pc.is_in(arrow_text(column), value_set=arrow_text(target.dropna()))
        return np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    # as Python objects: pandas' arrow-string isin builds one arrow scalar per target
    # value (seconds for the 40,000 buyers of a year of procurement records)
    values = target.dropna().to_numpy(dtype=object)
    return pd.Series(column.to_numpy(dtype=object)).isin(values).to_numpy(dtype=bool)


def _foreign_keys(book: HeaderBook, portfolio: Portfolio) -> list[Problem]:
    out: list[Problem] = []
    for table, df in portfolio.tables():
        for fk in table_spec(table).foreign_keys:
            col = df[fk.field]
            known = _known(col, portfolio.table(fk.table)[fk.target_field])
            bad = col.notna().to_numpy(dtype=bool) & ~known
            if bad.any():
                out += report(
                    book,
                    table,
                    df,
                    bad,
                    fk.field,
                    Severity.ERROR,
                    "unknown_reference",
                    table=Localised(
                        *(load_connector().table_label(fk.table, lang) for lang in ("en", "fr"))
                    ),
                )
    return out


def _end_before_start(book: HeaderBook, df: pd.DataFrame, order: np.ndarray) -> list[Problem]:
    """A contract ending before it starts, with both dates as the reader writes them (« 31
    décembre 2024 » in French: an ISO date reads as English there); ``value`` stays ISO."""
    locs = book.locate(Table.CONTRACTS, df, order, "end_date")
    rows = np.flatnonzero(order)
    ends = df["end_date"].to_numpy()[rows]
    starts = df["start_date"].to_numpy()[rows]
    out = []
    for loc, end, start in zip(locs, ends, starts, strict=True):
        end_day, start_day = pd.Timestamp(end).date(), pd.Timestamp(start).date()
        out.append(
            Problem.make(
                Severity.ERROR,
                "end_before_start",
                loc,
                value=end_day.isoformat(),
                end=Localised(date_text(end_day, "en"), date_text(end_day, "fr")),
                start=Localised(date_text(start_day, "en"), date_text(start_day, "fr")),
            )
        )
    return out


def _contracts(
    book: HeaderBook, df: pd.DataFrame, already: set[tuple[object, ...]]
) -> list[Problem]:
    out: list[Problem] = []
    if not len(df):
        return out
    order = (df["end_date"] < df["start_date"]).fillna(False).to_numpy(dtype=bool)
    if order.any():
        out += _end_before_start(book, df, order)
    for name, code in WORTH_KNOWING:
        missing = df[name].isna().to_numpy()
        if missing.any():
            out += [
                p
                for p in report(book, Table.CONTRACTS, df, missing, name, Severity.WARNING, code)
                if _key(p) not in already
            ]
    return out


def validate(portfolio: Portfolio, book: HeaderBook, earlier: Iterable[Problem]) -> list[Problem]:
    """Schema problems of the assembled portfolio (``earlier``: problems already reported)."""
    already = {_key(p) for p in earlier if p.severity is Severity.ERROR}
    out: list[Problem] = []
    for table, df in portfolio.tables():
        out += _required(book, table, df, already)
        out += _constraints(book, table, df)
    out += _foreign_keys(book, portfolio)
    out += _contracts(book, portfolio.contracts, already)
    return out
