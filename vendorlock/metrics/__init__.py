"""Metrics: well-defined numbers computed from the portfolio and its graph (no judgement here)."""
