"""Metrics over multi-valued format columns (stored, exported, returned formats).

Cells hold ``;``-joined format ids and repeat a lot (a million applications use a few hundred
combinations), so each distinct cell is evaluated once and the result spread back with numpy
(:func:`vendorlock.distinct.float_per_distinct` of :func:`over_ids`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from vendorlock.model.portfolio import MULTI_SEP
from vendorlock.registry import Registries

FloatArray = npt.NDArray[np.float64]

#: A multi-valued cell meaning "explicitly none" (e.g. no export at all).
NONE_TOKEN = "none"


def over_ids(func: Callable[[list[str]], float]) -> Callable[[Any], float]:
    """``func`` of a multi-valued cell's id list (sorted, distinct, empty parts dropped): what
    :func:`vendorlock.distinct.float_per_distinct` evaluates once per distinct cell."""

    def of_cell(cell: Any) -> float:
        return func(sorted({v for v in str(cell).split(MULTI_SEP) if v}))

    return of_cell


def closedness_share(registries: Registries) -> Callable[[list[str]], float]:
    """Mean closedness of the formats whose openness is known; NaN when none is known."""

    def share(ids: list[str]) -> float:
        known = [
            c
            for c in (registries.formats[i].closedness for i in ids if i in registries.formats)
            if not math.isnan(c)
        ]
        return sum(known) / len(known) if known else math.nan

    return share


def export_capability(registries: Registries) -> Callable[[list[str]], float]:
    """1 if any export format is open, 0.5 if only known non-open ones, 0 for "none"."""

    def capability(ids: list[str]) -> float:
        if ids == [NONE_TOKEN]:
            return 0.0
        entries = [registries.formats[i] for i in ids if i in registries.formats]
        if any(e.is_open for e in entries):
            return 1.0
        if any(not math.isnan(e.closedness) for e in entries):
            return 0.5
        return math.nan

    return capability


def any_open(registries: Registries) -> Callable[[list[str]], float]:
    """1 if any format is open, 0 if all known formats are not, NaN when none is known."""

    def is_open(ids: list[str]) -> float:
        entries = [registries.formats[i] for i in ids if i in registries.formats]
        if any(e.is_open for e in entries):
            return 1.0
        if any(not math.isnan(e.closedness) for e in entries):
            return 0.0
        return math.nan

    return is_open
