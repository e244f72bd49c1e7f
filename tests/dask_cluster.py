"""A real Dask cluster for tests: `dask scheduler` and two `dask worker` processes on 127.0.0.1,
started as a user starts them (shared by the observatory and the group engines' tests)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def real_cluster(workers: int = 2) -> Iterator[str]:
    """The scheduler's address, once ``workers`` workers have joined; everything stopped after."""
    from distributed import Client

    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    assert dask is not None, "the dask extra installs the `dask` command"
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    quiet: dict[str, object] = {
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "env": env,
    }
    procs = [
        subprocess.Popen(  # type: ignore[call-overload]
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **quiet,
        )
    ]
    try:
        procs += [
            subprocess.Popen(  # type: ignore[call-overload]
                [
                    dask,
                    "worker",
                    address,
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                **quiet,
            )
            for _ in range(workers)
        ]
        deadline = time.monotonic() + 60
        with Client(address, timeout="30s") as client:
            while len(client.scheduler_info()["workers"]) < workers:
                assert time.monotonic() < deadline, f"{workers} workers did not join in 60 s"
                time.sleep(0.2)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
