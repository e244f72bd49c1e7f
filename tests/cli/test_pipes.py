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


def test_another_broken_pipe_is_an_error_like_any_other(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Only a closed standard output ends the command quietly: a pipe breaking elsewhere (a
    worker's) is reported, one line, exit 1, as any unexpected OS error."""
    from click.testing import CliRunner

    import vendorlock.cli.rules as rules_cli
    from vendorlock.cli import main

    def broken(*_: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(rules_cli, "_pack", broken)
    result = CliRunner().invoke(main, ["rules", "list", "--lang", "en"])
    assert result.exit_code == 1
    assert "Broken pipe" in result.output
