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

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vendorlock.audit_doc import FLOW_COLUMNS, clean
from vendorlock.distinct import per_distinct
from vendorlock.i18n import Lang
from vendorlock.jsonio import encode, fragments, objects

if TYPE_CHECKING:
    from vendorlock.scoring import RulePack


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
        lo, hi = np.searchsorted(crit_app, [positions.min(), positions.max() + 1])
        part = criteria.iloc[lo:hi]
        where = "$.applications[].criteria"
        rules = part["rule"].tolist()
        points = fragments(per_distinct(part["points"].tolist(), _round4), where)
        values = fragments(per_distinct(part["value"].tolist(), clean), where)
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
        first = np.searchsorted(crit_app[lo:hi], positions, side="left").tolist()
        last = np.searchsorted(crit_app[lo:hi], positions, side="right").tolist()
        return ["[" + ",".join(items[a:b]) + "]" for a, b in zip(first, last, strict=True)]

    return lines


def metric_lines(table: pd.DataFrame) -> list[str]:
    """Each row of a (float) metric table as a compact JSON object, missing values ``null``."""
    columns = {
        str(c): fragments(
            per_distinct(table[c].tolist(), _nan_none), f"$.applications[].metrics.{c}"
        )
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
        if not all(type(u) is str for u in uniques):
            return None
        codes = series.cat.codes.to_numpy()
    elif isinstance(dtype, pd.StringDtype) or str(dtype) in ("bool[pyarrow]", "boolean"):
        found, values = pd.factorize(series, use_na_sentinel=True)
        codes, uniques = found, values.tolist()
        if not all(type(u) is str or type(u) is bool for u in uniques):
            return None
    else:
        return None
    # code -1 (missing) takes the last text
    texts = np.array([*fragments(uniques, where), fragments([missing], where)[0]], dtype=object)
    out: list[str] = texts[codes].tolist()
    return out


def _str_texts(series: pd.Series, where: str) -> list[str]:
    """The JSON text of each value of ``series.astype(str)``, by codes when it has them."""
    coded = coded_fragments(series, where, "nan")
    return fragments(series.astype(str).tolist(), where) if coded is None else coded


def _round4(value: float) -> float:
    return round(value, 4)


def _nan_none(value: Any) -> Any:
    return None if value != value else value
