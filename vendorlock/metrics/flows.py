"""Per-application metrics of the flows table: counts and shares, vectorised with bincount.

Flow ends are turned into application positions once (``-1`` for a national platform or an
unknown system); every metric is then a weighted ``np.bincount`` over those positions, which
runs in well under a second on ten million flows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.distinct import float_per_distinct
from vendorlock.metrics.formats import FloatArray, closedness_share, over_ids
from vendorlock.metrics.keys import arrow_text, positions_of
from vendorlock.registry import Registries

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class FlowEnds:
    """Flow ends as application positions (-1: not an application) and platform flags."""

    src: IntArray
    tgt: IntArray
    src_platform: npt.NDArray[np.bool_]
    tgt_platform: npt.NDArray[np.bool_]


def flow_ends(flows: pd.DataFrame, app_ids: pd.Series, registries: Registries) -> FlowEnds:
    """Positions in ``app_ids`` of each flow's source and target.

    Both ends are looked up at once, as one arrow array (one hash table of the ids, one of
    the platforms: two lookups instead of four, ~1 ms on 10,000 flows)."""
    n = len(flows)
    if n == 0:
        none = np.zeros(0, dtype=np.int64)
        return FlowEnds(none, none.copy(), np.zeros(0, dtype=bool), np.zeros(0, dtype=bool))
    ends = pa.concat_arrays([arrow_text(flows["source"]), arrow_text(flows["target"])])
    at = positions_of(ends, app_ids)
    platforms = pa.array([str(p) for p in registries.platforms], type=pa.string())
    # Series.isin: a missing end is no platform
    platform = pc.is_in(ends, value_set=platforms).fill_null(False)
    flags = (at < 0) & platform.to_numpy(zero_copy_only=False)
    return FlowEnds(src=at[:n], tgt=at[n:], src_platform=flags[:n], tgt_platform=flags[n:])


def _per_app(ends: FlowEnds, weights: FloatArray, n: int) -> FloatArray:
    """Sum of ``weights`` over the flows each application is an end of (a self-loop once)."""
    s_ok = ends.src >= 0
    t_ok = (ends.tgt >= 0) & (ends.tgt != ends.src)
    out = np.bincount(ends.src[s_ok], weights=weights[s_ok], minlength=n) + np.bincount(
        ends.tgt[t_ok], weights=weights[t_ok], minlength=n
    )
    return np.asarray(out, dtype=np.float64)


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def flow_metrics(
    flows: pd.DataFrame, ends: FlowEnds, n: int, registries: Registries
) -> dict[str, FloatArray]:
    """fan_in, fan_out, platform_flows, closed_flow_share, open_standard_flow_share."""
    ones = np.ones(len(flows), dtype=np.float64)
    total = _per_app(ends, ones, n)
    closed = float_per_distinct(flows["format"], over_ids(closedness_share(registries)))
    known = ~np.isnan(closed)
    open_std_ids = pa.array([s for s, e in registries.standards.items() if e.open], pa.string())
    # Series.isin (a missing standard is none of them), as one arrow kernel
    in_open = pc.is_in(arrow_text(flows["standard"]), value_set=open_std_ids).fill_null(False)
    open_std = in_open.to_numpy(zero_copy_only=False).astype(np.float64)
    platform = (ends.src_platform | ends.tgt_platform).astype(np.float64)
    return {
        "fan_in": np.bincount(ends.tgt[ends.tgt >= 0], minlength=n).astype(np.float64),
        "fan_out": np.bincount(ends.src[ends.src >= 0], minlength=n).astype(np.float64),
        "platform_flows": _per_app(ends, platform, n),
        "closed_flow_share": _ratio(
            _per_app(ends, np.where(known, closed, 0.0), n),
            _per_app(ends, known.astype(np.float64), n),
        ),
        "open_standard_flow_share": _ratio(_per_app(ends, open_std, n), total),
    }
