"""Running the CLI on a hostile input and checking the shape of a refusal."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from vendorlock.cli import main


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    exception: BaseException | None

    def refused(self, *located: str) -> str:
        """Assert exit 1, no traceback, one stderr line naming ``located``; that line."""
        assert self.exception is None or isinstance(self.exception, SystemExit), self.exception
        assert "Traceback" not in self.out + self.err
        assert self.code == 1, (self.code, self.out, self.err)
        lines = [x for x in self.err.splitlines() if x.strip()]
        assert len(lines) == 1, lines
        for part in located:
            assert part in lines[0], (part, lines[0])
        return lines[0]

    def ok(self) -> None:
        assert self.exception is None or isinstance(self.exception, SystemExit), self.exception
        assert "Traceback" not in self.out + self.err
        assert self.code == 0, (self.code, self.out, self.err)


def run(*args: str) -> Run:
    result = CliRunner().invoke(main, list(args))
    exc = result.exception
    return Run(result.exit_code, result.stdout, result.stderr, exc)
