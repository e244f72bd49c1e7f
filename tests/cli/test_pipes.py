"""Output piped into a command that stops reading (``vendorlock rules list | head -1``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_closed_output_pipe_ends_the_command_quietly() -> None:
    """The reader went away: no « cannot use ?: Broken pipe » line on stderr and no traceback,
    the exit status a shell gives a command stopped by SIGPIPE (141), as `git log | head` does.
    The pipe is closed before the command writes, so the write always fails (no race)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "vendorlock", "rules", "list", "--lang", "fr"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read()
    assert child.wait(timeout=60) == 141
    assert err == b""
