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
    heads, middles, rule_ids, titles = [], [], [], []
    for c in pack.criteria:
        heads.append(
            f'{{"max_points": {encode(round(c.weight, 4))},"metric": {encode(c.metric)},"points": '
        )
        refs = [pack.references[r].label(lang) for r in c.references]
        middles.append(f',"references": {encode(refs)},"remedy": ')
        rule_ids.append(f',"rule_id": {encode(c.id)},"status": ')
        titles.append(f',"title": {encode(c.title.get(lang))},"value": ')

    def lines(positions: np.ndarray) -> list[str]:
        if not len(positions):
            return []
        lo, hi = np.searchsorted(crit_app, [positions.min(), positions.max() + 1])
        part = criteria.iloc[lo:hi]
        where = "$.applications[].criteria"
        rules = part["rule"].tolist()
        points = fragments(per_distinct(part["points"].tolist(), _round4), where)
        values = fragments(per_distinct(part["value"].tolist(), clean), where)
        status = fragments(part["status"].astype(str).tolist(), where)
        reason = fragments(part["reason"].astype(str).tolist(), where)
        remedy = fragments(part["remedy"].astype(str).tolist(), where)
        waiver = fragments(per_distinct(part["waiver"].tolist(), waiver_json), where)
        items = [
            heads[r]
            + p
            + ',"reason": '
            + rs
            + middles[r]
            + rm
            + rule_ids[r]
            + st
            + titles[r]
            + v
            + ',"waiver": '
            + w
            + "}"
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
    return objects(
        {
            c: fragments(per_distinct(part[c].tolist(), clean), f"$.flows[].{c}")
            for c in FLOW_COLUMNS
        }
    )


def _round4(value: float) -> float:
    return round(value, 4)


def _nan_none(value: Any) -> Any:
    return None if value != value else value
