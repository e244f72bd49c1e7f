"""Where per-partition work runs: serially, in local processes, or on a Dask cluster.

Every engine maps the same pure function over the same partitions and returns the results in
partition order, so what comes out does not depend on the engine. The observatory maps
:func:`vendorlock.observatory.compute.partition_work` over buyers, ``aggregate`` and ``pool``
map :func:`vendorlock.group.scale.score_partition` over members. Dask
(``pip install 'vendorlock[dask]'``) is imported only when asked.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

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


def stream_partitions(
    func: Callable[[T], R],
    parts: Iterable[T],
    engine: str = "processes",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    in_flight: int = 2,
) -> Iterator[R]:
    """``func`` over ``parts`` as they come, results yielded in their order.

    At most ``in_flight`` partitions per worker are submitted and not yet collected, so a
    long (lazily generated) sequence of partitions is never held in memory at once; one pool
    of processes, or one Dask client, serves the whole stream.
    """
    if engine == "serial" or (engine == "processes" and workers == 1):
        yield from map(func, parts)
        return
    if engine == "processes":
        n = workers or os.cpu_count() or 1
        with ProcessPoolExecutor(max_workers=n) as pool:
            yield from _window(pool.submit, func, parts, in_flight * n)
        return
    if engine != "dask":
        raise ValueError(engine)
    client = _client(scheduler)
    try:
        workers_now = len(client.scheduler_info().get("workers", {})) or 1

        def submit(f: Callable[[T], R], part: T) -> Any:
            return client.submit(f, part, pure=False)

        yield from _window(submit, func, parts, in_flight * workers_now)
    finally:
        client.close()


def _window(
    submit: Callable[[Callable[[T], R], T], Any],
    func: Callable[[T], R],
    parts: Iterable[T],
    size: int,
) -> Iterator[R]:
    pending: deque[Future[R]] = deque()
    for part in parts:
        pending.append(submit(func, part))
        if len(pending) >= max(1, size):
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _client(scheduler: str | None) -> Any:
    """A client of the Dask scheduler at ``scheduler`` (located errors when it cannot be)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise EngineError.of("observatory.dask_missing") from exc
    if not scheduler:
        raise EngineError.of("observatory.dask_no_scheduler")
    try:
        return Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise EngineError.of("observatory.dask_unreachable", address=scheduler) from exc


def _dask(func: Callable[[T], R], parts: Sequence[T], scheduler: str | None) -> list[R]:
    client = _client(scheduler)
    try:
        futures = client.map(func, list(parts), pure=False)
        return list(client.gather(futures))
    finally:
        client.close()
