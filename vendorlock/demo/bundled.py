"""The bundled demo, fresh for any audit date.

The shipped workbook is generated for :data:`~vendorlock.demo.generate.REFERENCE_DATE`, and
every generated date is that date plus an offset. Shifting the contract dates by
(as-of − reference) therefore gives exactly what ``demo-data --as-of`` generates for as-of,
at the cost of reading one workbook: ``vendorlock audit`` with no input stays as fast as
reading any inventory, its decision dates never drift into the past, and the same as-of
always gives the same report.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from vendorlock.demo import bundled_demo_path
from vendorlock.demo.generate import REFERENCE_DATE
from vendorlock.model.portfolio import Portfolio
from vendorlock.model.schema import FieldType, Table, table_spec
from vendorlock.readers import LoadOptions, LoadResult, load_inventory
from vendorlock.registry.registries import Registries


def shift_dates(portfolio: Portfolio, days: int) -> Portfolio:
    """The portfolio with every date column moved by ``days`` (other columns untouched)."""
    if days == 0:
        return portfolio
    delta = np.timedelta64(days, "D")
    changed: dict[str, pd.DataFrame] = {}
    for table in Table:
        dates = [f.name for f in table_spec(table).fields if f.type is FieldType.DATE]
        if not dates:
            continue
        df = portfolio.table(table).copy()
        for name in dates:
            df[name] = df[name] + delta
        changed[table.value] = df
    return replace(portfolio, **changed)


def load_bundled(as_of: date, registries: Registries) -> LoadResult:
    """The bundled demo as generated for ``as_of`` (contract ends placed around it)."""
    result = load_inventory([bundled_demo_path()], registries, LoadOptions())
    days = (as_of - REFERENCE_DATE).days
    return replace(result, portfolio=shift_dates(result.portfolio, days))
