"""Run the console blocks of docs/user-guide.md on the shipped Valmont example.

A console block is a fenced ```console block: lines starting with ``$ `` are commands, the lines
under each are what it prints. The blocks run in order, in one folder holding the example
workbooks (docs/examples/valmont/) and the guide's own YAML files (its ```yaml blocks whose first
line is ``# NAME.yaml``), so a later block sees the reports an earlier one wrote, as a reader
following the guide does. ``vendorlock template`` runs in a folder of its own (the example's
``inventaire.xlsx`` is already there). A line ``…`` alone in a block stands for lines left out.

``python tests/docs/guide_console.py`` rewrites the blocks from real runs (blocks with ``…`` are
kept while they still match; otherwise they are written whole, to be shortened by hand).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from vendorlock.cli import main  # noqa: E402

GUIDE = ROOT / "docs" / "user-guide.md"
EXAMPLE = ROOT / "docs" / "examples" / "valmont"
#: The folder the guide's readers are shown running commands from.
HOME = "/home/dsi"
ELISION = "…"
CONSOLE_RE = re.compile(r"^```console\n(.*?)^```\n", re.S | re.M)
YAML_RE = re.compile(r"^```yaml\n# (\S+\.yaml)\b[^\n]*\n.*?^```\n", re.S | re.M)
#: Environment variables that would pick a language or layout the guide does not show.
LOCALE_VARS = ("VENDORLOCK_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "COLUMNS")


@dataclass(frozen=True)
class Step:
    """One ``$ command`` of a console block and the lines the guide shows under it."""

    block: int  # index of the console block in the guide
    command: str
    shown: tuple[str, ...]


def steps(text: str) -> list[Step]:
    found: list[Step] = []
    for b, match in enumerate(CONSOLE_RE.finditer(text)):
        command: str | None = None
        shown: list[str] = []
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append(Step(b, command, tuple(shown)))
                command, shown = line[2:], []
            elif command is None:
                raise ValueError(f"console block {b} does not start with a `$ ` command: {line!r}")
            else:
                shown.append(line)
        if command is not None:
            found.append(Step(b, command, tuple(shown)))
    return found


def yaml_files(text: str) -> dict[str, str]:
    """The guide's YAML examples by the file name their first comment gives."""
    return {
        m.group(1): m.group(0).split("\n", 1)[1].rsplit("```", 1)[0] for m in YAML_RE.finditer(text)
    }


def normalise(output: str, folders: tuple[Path, ...]) -> tuple[str, ...]:
    """The output as a reader sees it in HOME: run folders renamed, trailing spaces dropped."""
    for folder in folders:
        output = output.replace(str(folder), HOME)
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def matches(shown: tuple[str, ...], actual: tuple[str, ...]) -> bool:
    """``shown`` equals ``actual``, each ``…`` line standing for one or more lines left out."""
    pattern = "\n".join(
        r"(?:[^\n]*\n)*?[^\n]*" if line == ELISION else re.escape(line) for line in shown
    )
    return re.fullmatch(pattern, "\n".join(actual)) is not None


@dataclass(frozen=True)
class Run:
    step: Step
    actual: tuple[str, ...]


class Session:
    """The folder a reader works in, and the exit code of their last command."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.last_exit = 0
        self.runner = CliRunner()

    def run(self, step: Step) -> tuple[str, ...]:
        words = shlex.split(step.command)
        if words == ["echo", "$?"]:
            return (str(self.last_exit),)
        if not words or words[0] != "vendorlock":
            raise ValueError(f"the guide runs a command the test cannot: {step.command!r}")
        cwd = self.work
        if words[1:2] == ["template"]:
            cwd = Path(tempfile.mkdtemp(dir=self.work.parent, prefix="template-"))
        previous = Path.cwd()
        os.chdir(cwd)
        try:
            result = self.runner.invoke(main, words[1:], catch_exceptions=False)
        finally:
            os.chdir(previous)
        self.last_exit = result.exit_code
        return normalise(result.output, (cwd,))


def prepare(work: Path, text: str) -> None:
    for name in ("inventaire.xlsx", "inventaire-brouillon.xlsx"):
        shutil.copyfile(EXAMPLE / name, work / name)
    for name, body in yaml_files(text).items():
        (work / name).write_text(body, encoding="utf-8")


def run_guide(work: Path, text: str) -> Iterator[Run]:
    """Every step of the guide run in ``work`` (an empty folder), in order."""
    saved = {name: os.environ.pop(name) for name in LOCALE_VARS if name in os.environ}
    try:
        prepare(work, text)
        session = Session(work)
        for step in steps(text):
            yield Run(step, session.run(step))
    finally:
        os.environ.update(saved)


def refresh() -> int:
    """Rewrite the guide's console blocks from real runs; the number of blocks changed."""
    text = GUIDE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        runs = list(run_guide(work, text))
    blocks: dict[int, list[str]] = {}
    changed: set[int] = set()
    for run in runs:
        lines = blocks.setdefault(run.step.block, [])
        lines.append(f"$ {run.step.command}")
        if matches(run.step.shown, run.actual):
            lines += run.step.shown
        else:
            lines += run.actual
            changed.add(run.step.block)
    parts = iter(blocks[b] for b in sorted(blocks))
    text = CONSOLE_RE.sub(lambda _: "```console\n" + "\n".join(next(parts)) + "\n```\n", text)
    GUIDE.write_text(text, encoding="utf-8")
    return len(changed)


if __name__ == "__main__":
    print(f"{refresh()} console block(s) rewritten in {GUIDE.relative_to(ROOT)}")
