"""The risk levels a score is placed in, from least to most severe.

A module of its own, importing nothing heavy: ``vendorlock audit --help`` lists the levels
(``--fail-on``) without loading the scoring code. :mod:`vendorlock.scoring.model` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """Risk levels: ``insufficient_data`` (coverage below the pack's ``min_coverage``: no band
    is claimed), then the score bands on 0–100 from least to most severe."""

    INSUFFICIENT_DATA = "insufficient_data"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


#: The score bands in increasing severity (what a score with enough coverage can be).
LEVEL_ORDER: tuple[Level, ...] = (Level.LOW, Level.MEDIUM, Level.HIGH, Level.CRITICAL)
#: Every level, ``insufficient_data`` first: the categories of ``Scores.level`` (ordered, so
#: "at least high" comparisons never select an application whose level is not established).
ALL_LEVELS: tuple[Level, ...] = (Level.INSUFFICIENT_DATA, *LEVEL_ORDER)
