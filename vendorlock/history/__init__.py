"""Audit history: every audit appended to one SQLite file, and the trend it tells."""

from vendorlock.history.store import (
    SCHEMA_VERSION,
    HistoryError,
    Recorded,
    check_file,
    record_audit,
    run_key,
)
from vendorlock.history.trend import Trend, load_trend

__all__ = [
    "SCHEMA_VERSION",
    "HistoryError",
    "Recorded",
    "Trend",
    "check_file",
    "load_trend",
    "record_audit",
    "run_key",
]
