"""The observatory's engines: :mod:`vendorlock.engines`, shared with ``aggregate`` and ``pool``."""

from vendorlock.engines import ENGINES, EngineError, run_partitions

__all__ = ["ENGINES", "EngineError", "run_partitions"]
