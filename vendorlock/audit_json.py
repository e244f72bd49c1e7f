"""audit.json's per-application lines written column by column from the document's tables.

Building one nested dict per application and handing it to ``json.dumps`` cost more than every
other report (1.7 s of CPU for 2,000 applications): most of the text is the ``criteria`` list —
fifteen objects per application whose sentences repeat across applications — and the flat
``metrics`` object. Here each column of the criteria table is encoded once per distinct value
and each criterion's object is assembled from those pieces and the rule's constant parts; the
application's line then takes the criteria and metrics texts in place of its placeholders.
The text is the same, byte for byte, as encoding the legacy objects
(``tests/reports/test_audit_json.py`` compares them).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import pandas as pd

from vendorlock.audit_doc import FLOW_COLUMNS, clean
from vendorlock.distinct import per_distinct
from vendorlock.document import py_values
from vendorlock.errors import ReportError
from vendorlock.i18n import Lang
from vendorlock.jsonio import encode, fragments, objects

#: The encoder's own writer of a string (what :func:`fragments` gives for one, UTF-8 kept).
_STRING: Callable[[str], str] = json.encoder.encode_basestring

if TYPE_CHECKING:
    from vendorlock.scoring import RulePack


def spans(keys: np.ndarray, positions: np.ndarray) -> tuple[slice | np.ndarray, np.ndarray]:
    """The rows of a table sorted by ``keys`` (an application position per row) whose key is
    each of ``positions``, in that order, and how many rows each position has.

    A chunk of consecutive applications is one slice; the few applications a report shows (its
    top risks, scattered over the document) are their own rows only: the slice from the first
    to the last of them spanned nearly every criterion, encoded for 15 applications.
    """
    lo = np.searchsorted(keys, positions, side="left")
    hi = np.searchsorted(keys, positions, side="right")
    counts = hi - lo
    if not len(positions) or (lo[1:] == hi[:-1]).all():
        return slice(int(lo[0]) if len(lo) else 0, int(hi[-1]) if len(hi) else 0), counts
    before = np.cumsum(counts) - counts  # each position's first place in the output
    rows = np.arange(int(counts.sum())) + np.repeat(lo - before, counts)
    return rows, counts


def criteria_lines(
    criteria: pd.DataFrame, pack: RulePack, lang: Lang, waiver_json: Callable[[Any], Any]
) -> Callable[[np.ndarray], list[str]]:
    """The function giving, for positions of applications, the JSON text of each one's
    ``criteria`` list (the objects of the long ``criteria`` table, in its order)."""
    crit_app = criteria["app"].to_numpy()
    # one %-template per rule (its constant parts encoded once): one formatting per criterion
    templates = []
    for c in pack.criteria:
        refs = [pack.references[r].label(lang) for r in c.references]
        constants = [
            f'{{"max_points": {encode(round(c.weight, 4))},"metric": {encode(c.metric)},"points": ',
            ',"reason": ',
            f',"references": {encode(refs)},"remedy": ',
            f',"rule_id": {encode(c.id)},"status": ',
            f',"title": {encode(c.title.get(lang))},"value": ',
            ',"waiver": ',
            "}",
        ]
        templates.append("%s".join(part.replace("%", "%%") for part in constants))

    def lines(positions: np.ndarray) -> list[str]:
        if not len(positions):
            return []
        rows, counts = spans(crit_app, positions)
        part = criteria.iloc[rows]
        where = "$.applications[].criteria"
        rules = part["rule"].tolist()
        points = _float_texts(part["points"], where, _round4, 4)
        values = _float_texts(part["value"], where, clean, 6, "null", "null")
        status, reason, remedy = (
            _str_texts(part[c], where) for c in ("status", "reason", "remedy")
        )
        waiver = fragments(per_distinct(part["waiver"].tolist(), waiver_json), where)
        items = [
            templates[r] % (p, rs, rm, st, v, w)
            for r, p, rs, rm, st, v, w in zip(
                rules, points, reason, remedy, status, values, waiver, strict=True
            )
        ]
        last = np.cumsum(counts)
        first = (last - counts).tolist()
        return ["[" + ",".join(items[a:b]) + "]" for a, b in zip(first, last.tolist(), strict=True)]

    return lines


def metric_lines(table: pd.DataFrame) -> list[str]:
    """Each row of a (float) metric table as a compact JSON object, missing values ``null``."""
    columns = {
        str(c): _float_texts(table[c], f"$.applications[].metrics.{c}", _nan_none, None, "null")
        for c in table.columns
    }
    return objects(columns)


def flow_lines(part: pd.DataFrame) -> list[str]:
    """Rows of the flow table as the compact JSON text of the published ``flows`` objects
    (:func:`vendorlock.audit_doc.flow_dicts`, encoded), column by column."""
    return objects({c: _clean_texts(part[c], f"$.flows[].{c}") for c in FLOW_COLUMNS})


def _clean_texts(series: pd.Series, where: str) -> list[str]:
    """The JSON text of each value of a column once :func:`clean`, by codes when it has them
    (``clean`` keeps strings and booleans, and makes a missing value ``None``)."""
    coded = coded_fragments(series, where)
    if coded is None:
        return fragments(per_distinct(series.tolist(), clean), where)
    return coded


def coded_fragments(series: pd.Series, where: str, missing: Any = None) -> list[str] | None:
    """The JSON text of each value of a categorical (string categories), string or boolean
    column, missing values written as ``missing``: each distinct value encoded once and the
    texts taken by the column's codes in numpy. The same texts as :func:`fragments` of the
    column's values (``.tolist()``, or ``.astype(str)`` with ``missing="nan"``, a category's
    values being strings); None for other dtypes (floats: ``0.0`` and ``-0.0`` share a code).

    ``fragments`` hashes every value twice (distinct values, then the take by value): on the
    18,000-row criteria table and the 10,000-row flows table, codes skip both passes.
    """
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        uniques = dtype.categories.tolist()
        if not set(map(type, uniques)) <= {str}:
            return None
        codes = series.cat.codes.to_numpy()
    elif isinstance(dtype, pd.StringDtype) or str(dtype) in ("bool", "bool[pyarrow]", "boolean"):
        found, values = pd.factorize(series, use_na_sentinel=True)
        codes, uniques = found, values.tolist()
        if not set(map(type, uniques)) <= {str, bool}:
            return None
    else:
        return None
    # distinct already: each written by the encoder's own helper (``fragments`` would look for
    # repeats again); code -1 (missing) takes the last text
    strings = set(map(type, uniques)) <= {str}
    encoded = list(map(_STRING, uniques)) if strings else fragments(uniques, where)
    texts = np.array([*encoded, fragments([missing], where)[0]], dtype=object)
    out: list[str] = texts[codes].tolist()
    return out


def float_fragments(
    values: Any,
    where: str,
    digits: int | None = None,
    nan: str | None = None,
    infinite: str | None = None,
) -> list[str] | None:
    """The JSON text of each number of a float column, rounded to ``digits`` when given (as
    ``round`` does), NaN written as ``nan`` and an infinity as ``infinite`` (None: refused
    with its place): each distinct number rounded and written once, the texts taken by
    ``np.unique``'s inverse. The same texts as :func:`fragments` of the rounded values; None
    when the column holds ``-0.0`` (equal to ``0.0`` for ``np.unique``, written differently).

    Rounding and encoding each of the 18,000 criteria values and 40,000 cost figures one by
    one cost more than the rest of their lines.
    """
    array = np.asarray(values, dtype=np.float64)
    if ((array == 0) & np.signbit(array)).any():
        return None
    uniques, inverse = np.unique(array, return_inverse=True)  # NaNs: one unique, last
    texts = []
    for value in uniques.tolist():
        if value != value:
            text = nan
        elif value in (math.inf, -math.inf):
            text = infinite
        else:
            text = repr(value if digits is None else round(value, digits))
        if text is None:
            n = int(np.flatnonzero((array == value) | ((array != array) & (value != value)))[0])
            raise ReportError.of("core.json_not_finite", where=f"{where}[{n}]")
        texts.append(text)
    out: list[str] = np.array(texts, dtype=object)[inverse.reshape(-1)].tolist()
    return out


def column_fragments(series: pd.Series, where: str) -> list[str]:
    """:func:`fragments` of ``py_values(series)`` (missing values ``null``), by codes or
    distinct numbers where the dtype allows (:func:`coded_fragments`, :func:`float_fragments`)."""
    texts = coded_fragments(series, where)
    if texts is None and series.dtype == np.float64:
        texts = float_fragments(series.to_numpy(), where, None, "null")
    return fragments(py_values(series), where) if texts is None else texts


def rounded_fragments(values: np.ndarray, where: str, digits: int) -> list[str]:
    """:func:`fragments` of ``[round(v, digits) for v in values]``, once per distinct number."""
    texts = float_fragments(values, where, digits)
    if texts is None:
        return fragments([round(v, digits) for v in values.tolist()], where)
    return texts


def _float_texts(
    series: pd.Series,
    where: str,
    func: Callable[[Any], Any],
    digits: int | None,
    nan: str | None = None,
    infinite: str | None = None,
) -> list[str]:
    """:func:`float_fragments` of a float64 column; ``fragments`` of ``func`` of each value
    (the same texts) for another dtype or a column holding ``-0.0``."""
    if series.dtype == np.float64:
        texts = float_fragments(series.to_numpy(), where, digits, nan, infinite)
        if texts is not None:
            return texts
    return fragments(per_distinct(series.tolist(), func), where)


def _str_texts(series: pd.Series, where: str) -> list[str]:
    """The JSON text of each value of ``series.astype(str)``, by codes when it has them."""
    coded = coded_fragments(series, where, "nan")
    return fragments(series.astype(str).tolist(), where) if coded is None else coded


def _round4(value: float) -> float:
    return round(value, 4)


def _nan_none(value: Any) -> Any:
    return None if value != value else value


# One layout of a nested object, read two ways -------------------------------------------------
#
# A published object (an application's exit cost, its action, an action-plan row) is declared
# once as a :data:`Layout`: each key with the column of its values over a slice of rows. The
# reports' few objects are :func:`layout_values` of it, audit.json's lines :func:`layout_texts`
# of it (each column encoded at once, a distinct value once): the two cannot disagree on a key.


@dataclass(frozen=True)
class Rounded:
    """A float column published rounded to ``digits`` decimals (as ``round`` does)."""

    values: np.ndarray
    digits: int


@dataclass(frozen=True)
class Same:
    """One value for every row of a column (an item's name, its parameter list)."""

    value: Any
    rows: int


@dataclass(frozen=True)
class Both:
    """A column given both ways, each computed only if read: its values, and their JSON texts
    (written from a cheaper form than the values, e.g. once per distinct pattern)."""

    values: Callable[[], list[Any]]
    texts: Callable[[], list[str]]


@dataclass(frozen=True)
class Listed:
    """Per row, the list of one object of each layout of ``items`` (a cost breakdown)."""

    items: tuple[Layout, ...]


Column = Union[pd.Series, Rounded, Same, Both, Listed, "Layout", list[Any]]
#: A published object: its keys, each with the column of its values.
Layout = Mapping[str, Column]


def layout_values(layout: Layout) -> list[dict[str, Any]]:
    """The objects of ``layout``'s rows (keys in the layout's order)."""
    keys = list(layout)
    columns = [column_values(layout[k]) for k in keys]
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


def column_values(column: Column) -> list[Any]:
    """A column's values as the published JSON values (Python objects, rounded)."""
    if isinstance(column, Rounded):
        return [round(v, column.digits) for v in column.values.tolist()]
    if isinstance(column, Same):
        value = column.value
        return [list(value) if isinstance(value, list) else value for _ in range(column.rows)]
    if isinstance(column, Both):
        return column.values()
    if isinstance(column, Listed):
        objects_ = [layout_values(item) for item in column.items]
        return [list(row) for row in zip(*objects_, strict=True)]
    if isinstance(column, pd.Series):
        return py_values(column)
    if isinstance(column, Mapping):
        return layout_values(column)
    return list(column)


def layout_texts(layout: Layout, where: str) -> list[str]:
    """The compact JSON text (sorted keys) of each object of :func:`layout_values`, written
    column by column."""
    return objects({k: column_texts(c, f"{where}.{k}") for k, c in layout.items()})


def column_texts(column: Column, where: str) -> list[str]:
    """The JSON text of each value of :func:`column_values`, each column encoded at once."""
    if isinstance(column, Rounded):
        return rounded_fragments(column.values, where, column.digits)
    if isinstance(column, Same):
        return [encode(column.value, where)] * column.rows
    if isinstance(column, Both):
        return column.texts()
    if isinstance(column, Listed):
        texts = [layout_texts(item, f"{where}[]") for item in column.items]
        return ["[" + ",".join(row) + "]" for row in zip(*texts, strict=True)]
    if isinstance(column, pd.Series):
        return column_fragments(column, where)
    if isinstance(column, Mapping):
        return layout_texts(column, where)
    return fragments(column, where)


def clause_column(clauses: pd.Series, titles: Mapping[str, str], where: str) -> Both:
    """An action's ``clauses``: the titles of its ``;``-joined clause ids (an unknown id as
    it is), the list and its text made once per distinct clause set."""
    values = clauses.tolist()

    def listed(value: Any) -> list[str]:
        return [titles.get(c, c) for c in str(value).split(";") if c]

    def lists() -> list[Any]:
        return [list(v) for v in per_distinct(values, listed)]

    def texts() -> list[str]:
        return per_distinct(values, lambda v: encode(listed(v), where))

    return Both(lists, texts)
