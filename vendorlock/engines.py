"""Where per-partition work runs: serially, in local processes, or on a Dask cluster.

Every engine maps the same pure function over the same partitions and returns the results in
partition order, so what comes out does not depend on the engine. The observatory maps
:func:`vendorlock.observatory.compute.partition_work` over buyers, ``aggregate`` and ``pool``
map :func:`vendorlock.group.scale.score_partition` over members. Dask
(``pip install 'vendorlock[dask]'``) is imported only when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from vendorlock.errors import VendorlockError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("processes", "serial", "dask")


class EngineError(VendorlockError):
    """The engine cannot run (Dask missing, scheduler unreachable)."""


def run_partitions(
    func: Callable[[T], R],
    parts: Sequence[T],
    engine: str = "processes",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
) -> list[R]:
    """``func`` over ``parts``, results in the order of ``parts``."""
    if engine == "serial" or (engine == "processes" and (workers == 1 or len(parts) <= 1)):
        return [func(p) for p in parts]
    if engine == "processes":
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(func, parts))
    if engine == "dask":
        return _dask(func, parts, scheduler)
    raise ValueError(engine)


def _dask(func: Callable[[T], R], parts: Sequence[T], scheduler: str | None) -> list[R]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise EngineError.of("observatory.dask_missing") from exc
    if not scheduler:
        raise EngineError.of("observatory.dask_no_scheduler")
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise EngineError.of("observatory.dask_unreachable", address=scheduler) from exc
    try:
        futures = client.map(func, list(parts), pure=False)
        return list(client.gather(futures))
    finally:
        client.close()
