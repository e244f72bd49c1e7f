"""What to collect next: the unknown inputs whose filling would move the most points.

A criterion whose metric is unknown leaves its whole weight open (the score band, see
``scoring.score``): filling in the inventory columns the metric is computed from
(``metrics.interface.METRIC_INPUTS``) settles up to that many points. Per application, the
unknown criteria are ranked by weight; per organisation, each column is credited with the
weights of the unknown criteria it feeds, summed over its applications — the columns to fill
first to make the body's figures defensible. Columns are named as the user's inventory names
them (the connector's header in the report language, e.g. « Contrats › Réversibilité »).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from vendorlock.dtypes import STRING
from vendorlock.i18n import Lang, t
from vendorlock.metrics.grouped import Grouping
from vendorlock.metrics.interface import METRIC_INPUTS
from vendorlock.model.schema import Table
from vendorlock.readers.connector import load_connector
from vendorlock.scoring.model import RulePack, Status
from vendorlock.scoring.score import Scores

#: How many columns an organisation's "what to collect next" lists.
MAX_ORG_COLUMNS = 5


def column_label(table: str, field: str, lang: Lang) -> str:
    """« Contrats › Réversibilité »: the sheet and the header the template gives the field."""
    header = load_connector().label(Table(table), field, lang.value)
    sheet = t(f"scoring.table.{table}", lang)
    return f"{sheet} › {header}"


def _unknown_mask(scores: Scores, rule_id: str) -> np.ndarray:
    """Where the criterion's status is unknown: on the categorical's codes when the status
    is one (a categorical's ``==`` costs ~60 µs, once per criterion)."""
    status = scores.status[rule_id]
    values = status.array
    if isinstance(values, pd.Categorical) and Status.UNKNOWN.value in values.categories:
        code = values.categories.get_loc(Status.UNKNOWN.value)
        codes: np.ndarray = values.codes == code
        return codes
    mask: np.ndarray = (status == Status.UNKNOWN.value).to_numpy(dtype=bool)
    return mask


def per_application(
    scores: Scores, pack: RulePack, ids: list[str], lang: Lang
) -> dict[str, list[dict[str, Any]]]:
    """For each of ``ids``: its unknown criteria, heaviest first (ties by rule id), each with
    the points it leaves open and the columns to fill in."""
    position = pd.Index(scores.status.index.astype(str)).get_indexer(ids)
    out: dict[str, list[dict[str, Any]]] = {app_id: [] for app_id in ids}
    ordered = sorted(pack.criteria, key=lambda c: (-c.weight, c.id))
    for crit in ordered:
        unknown = _unknown_mask(scores, crit.id)[position]
        if not unknown.any():
            continue
        inputs = METRIC_INPUTS.get(crit.metric, ())
        item = {
            "rule_id": crit.id,
            "title": crit.title.get(lang),
            "points": round(crit.weight, 4),
            "columns": [column_label(tb, fd, lang) for tb, fd in inputs],
            "inputs": [f"{tb}.{fd}" for tb, fd in inputs],
        }
        for i in np.flatnonzero(unknown):
            out[ids[i]].append(item)
    return out


def per_organisation(
    scores: Scores, pack: RulePack, org_of: pd.Series, lang: Lang
) -> dict[str, list[dict[str, Any]]]:
    """For each organisation: the inventory columns whose filling would settle the most
    points across its applications (at most :data:`MAX_ORG_COLUMNS`, most points first),
    with the number of applications concerned. ``org_of`` is indexed like ``scores``."""
    # organisations as sorted integer codes: the group-bys below hash ints, not strings
    org_text = org_of if org_of.dtype == STRING else org_of.astype(STRING)
    org_codes, org_ids = pd.factorize(org_text, sort=True)
    orgs = org_codes.astype(np.int64)
    points: dict[tuple[str, str], np.ndarray] = {}
    apps: dict[tuple[str, str], np.ndarray] = {}
    for crit in pack.criteria:
        unknown = _unknown_mask(scores, crit.id)
        if not unknown.any():
            continue
        for key in METRIC_INPUTS.get(crit.metric, ()):
            points[key] = points.get(key, np.zeros(len(orgs))) + unknown * crit.weight
            apps[key] = apps.get(key, np.zeros(len(orgs), dtype=bool)) | unknown
    if not points:
        return {}
    # (organisation, column) groups over the rows a frame of (org, key, points, apps) stacked
    # column after column would have: the same sums in the same order as its group-by (the
    # last bit of a total decides its rounding), without the frame.
    n_keys = len(points)
    org_rows = np.tile(orgs, n_keys)
    key_rows = np.repeat(np.arange(n_keys, dtype=np.int64), len(orgs))
    kept = org_rows >= 0  # a missing organisation: no group
    grouping = Grouping.of_codes(org_rows[kept], key_rows[kept])
    summed = grouping.sum(np.concatenate(list(points.values()))[kept])
    counted = grouping.sum_bool(np.concatenate(list(apps.values()))[kept])
    group_org, group_key = grouping.keys
    keys = list(points)
    per_org: dict[int, list[tuple[float, str, str, int]]] = {}
    for g in np.flatnonzero(summed > 0).tolist():
        table, field = keys[int(group_key[g])]
        per_org.setdefault(int(group_org[g]), []).append(
            (float(summed[g]), table, field, int(counted[g]))
        )
    out: dict[str, list[dict[str, Any]]] = {}
    for org, rows in sorted(per_org.items()):
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))
        out[str(org_ids[org])] = [
            {
                "column": column_label(table, field, lang),
                "input": f"{table}.{field}",
                "points": round(value, 2),
                "applications": count,
            }
            for value, table, field, count in rows[:MAX_ORG_COLUMNS]
        ]
    return out
