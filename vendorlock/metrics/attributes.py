"""Per-application metrics read straight from the application's own columns.

Each is a small, documented mapping of a categorical column to a number; a missing input stays
NaN. Mappings of schema enums live here (they are the metric's definition); which database
engines are open source comes from the product catalogue (``rules/catalogue.yaml``), never from
a list in code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.columns import objects
from vendorlock.dtypes import STRING
from vendorlock.metrics.formats import FloatArray
from vendorlock.registry import Kind, Registries

#: api enum → openness (none 0, proprietary 1/3, documented 2/3, open standard 1).
API_OPENNESS: dict[str, float] = {
    "none": 0.0,
    "proprietary": 1 / 3,
    "documented": 2 / 3,
    "open_standard": 1.0,
}
#: customisation enum → level.
CUSTOMISATION: dict[str, float] = {"none": 0.0, "low": 1.0, "medium": 2.0, "high": 3.0}
#: client_platform enum → its part of proprietary_stack ("other" is not known to be either).
CLIENT_STACK: dict[str, float] = {"windows": 0.5, "citrix": 0.5, "web": 0.0, "mobile": 0.0}
#: Part of proprietary_stack for a proprietary database engine.
DATABASE_STACK = 0.5
#: The licence value meaning "not open source" (schema: 'proprietary' or an SPDX id).
PROPRIETARY = "proprietary"


def _distinct(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(each row's code, −1 when missing; the distinct texts in order of appearance) of a
    column as text: factorised on its arrow array (a Series ``astype`` and ``factorize``
    cost ~0.1 ms a column, for a handful of distinct values)."""
    text = values if values.dtype == STRING else values.astype(STRING)
    codes, uniques = pd.factorize(text.array, use_na_sentinel=True)
    return codes, [str(u) for u in uniques]


def _per_value(values: pd.Series, func: Callable[[str], float]) -> FloatArray:
    """``func`` of each row's text, evaluated once per distinct text; NaN where missing."""
    codes, uniques = _distinct(values)
    table = np.array([func(u) for u in uniques] + [math.nan], dtype=np.float64)
    return table[codes]  # code −1 (missing): the last entry, NaN


def _mapped(values: pd.Series, mapping: dict[str, float]) -> FloatArray:
    return _per_value(values, lambda text: mapping.get(text, math.nan))


#: A version or edition after an engine's name (« SQL Server 2017 », « Oracle 10g »,
#: « MariaDB 10.6 », « SQL Server 2019 Standard », « PostgreSQL 13 »): dropped when the text as
#: written names no catalogue entry, so every version of an engine counts as the engine.
_ENGINE_VERSION = re.compile(
    r"(?:[\s_-]+(?:v?\d[\d.]*[a-z]{0,3}|r\d|sp\d|standard|enterprise|express|web|developer"
    r"|edition|community|classic))+\s*$",
    re.IGNORECASE,
)


def _engine(text: str, registries: Registries) -> str | None:
    """The catalogue product an inventory's database cell names, its version left aside."""
    pid = registries.resolve(Kind.PRODUCT, text)
    if pid is None:
        bare = _ENGINE_VERSION.sub("", text).strip()
        if bare and bare != text.strip():
            pid = registries.resolve(Kind.PRODUCT, bare)
    return pid


def _database_stack(values: pd.Series, registries: Registries) -> FloatArray:
    """0.5 for an engine the catalogue lists as proprietary, 0 if open source, NaN if unknown."""

    def stack(text: str) -> float:
        pid = _engine(text, registries)
        product = registries.products.get(pid) if pid else None
        return math.nan if product is None else 0.0 if product.open_source else DATABASE_STACK

    return _per_value(values, stack)


def _appearance_codes(values: pd.Series) -> np.ndarray:
    """Each row's value numbered in order of first appearance, a missing value numbered too
    (``factorize(use_na_sentinel=False)``), on the arrow array of a string column."""
    if values.dtype == STRING:
        codes: np.ndarray = pd.factorize(values.array, use_na_sentinel=False)[0]
    else:
        codes = pd.factorize(objects(values), use_na_sentinel=False)[0]
    return codes


def _alternatives(apps: pd.DataFrame, registries: Registries) -> tuple[FloatArray, FloatArray]:
    """Catalogue products of the app's domain other than its own: all, and open-source ones.

    When the product is not given, the application may be any of the domain's products, so one
    is taken off each count (the fewest alternatives the data allows): leaving the product out
    never shows more competition than naming it would."""
    # each distinct (domain, product) pair numbered in order of appearance, missing values
    # included (a groupby ``ngroup`` on the two columns, at a tenth of its cost)
    d_codes = _appearance_codes(apps["domain"])
    p_codes = _appearance_codes(apps["product"])
    pair = d_codes.astype(np.int64) * (int(p_codes.max()) + 1 if len(p_codes) else 1) + p_codes
    codes, _ = pd.factorize(pair)
    # each pair's first row: codes number pairs as they appear, so a pair's first row is
    # where the running maximum of the codes grows
    grows = codes[1:] > np.maximum.accumulate(codes)[:-1]
    first = np.flatnonzero(np.r_[len(codes) > 0, grows])
    domains = objects(apps["domain"].iloc[first])
    products = objects(apps["product"].iloc[first])
    alt = np.full(len(first), np.nan)
    alt_os = np.full(len(first), np.nan)
    for i, (domain, product) in enumerate(zip(domains, products, strict=True)):
        if domain is None or pd.isna(domain):
            continue
        listed = registries.products_for_domain(str(domain))
        if product is None or pd.isna(product):
            alt[i] = max(len(listed) - 1, 0)
            alt_os[i] = max(sum(1 for p in listed if p.open_source) - 1, 0)
            continue
        own = registries.resolve(Kind.PRODUCT, product)
        others = [p for p in listed if p.id != own]
        alt[i] = len(others)
        alt_os[i] = sum(1 for p in others if p.open_source)
    return alt[codes], alt_os[codes]


def _proprietary_licence(values: pd.Series) -> FloatArray:
    """1 for ``proprietary``, NaN for ``unknown`` or missing, 0 for any other (an SPDX id),
    case and surrounding spaces aside (arrow's trim and lower, as ``Series.str`` runs them,
    on the distinct texts only)."""
    codes, uniques = _distinct(values)
    texts = pc.utf8_lower(pc.utf8_trim_whitespace(pa.array(uniques, type=pa.string())))
    table = [
        math.nan if text == "unknown" else float(text == PROPRIETARY) for text in texts.to_pylist()
    ]
    return np.array([*table, math.nan], dtype=np.float64)[codes]


def attribute_metrics(apps: pd.DataFrame, registries: Registries) -> dict[str, FloatArray]:
    """The application-column metrics, one float array each (aligned with ``apps``)."""
    client = _mapped(apps["client_platform"], CLIENT_STACK)
    database = _database_stack(apps["database"], registries)
    both_unknown = np.isnan(client) & np.isnan(database)
    stack = np.where(both_unknown, np.nan, np.nan_to_num(client) + np.nan_to_num(database))
    alternatives, open_alternatives = _alternatives(apps, registries)
    return {
        "api_openness": _mapped(apps["api"], API_OPENNESS),
        "customisation_level": _mapped(apps["customisation"], CUSTOMISATION),
        "users": apps["users"].to_numpy(dtype=np.float64, na_value=np.nan),
        "data_volume_gb": apps["data_volume_gb"].to_numpy(dtype=np.float64, na_value=np.nan),
        "editor_saas": _per_value(apps["hosting"], lambda text: float(text == "editor_saas")),
        "proprietary_licence": _proprietary_licence(apps["licence"]),
        "proprietary_stack": stack,
        "alternatives": alternatives,
        "open_source_alternatives": open_alternatives,
    }
