"""Metrics: well-defined numbers computed from the portfolio and its graph (no judgement here)."""

from __future__ import annotations

from vendorlock.metrics.compute import compute_metrics
from vendorlock.metrics.interface import METRICS, Metrics, MetricSpec, Scope

__all__ = ["METRICS", "MetricSpec", "Metrics", "Scope", "compute_metrics"]
