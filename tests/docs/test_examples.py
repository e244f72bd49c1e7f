"""Every `vendorlock ...` example in the docs and in --help names real commands and options.

Examples are read from fenced code blocks and inline code in README.md and docs/*.md, and from
each command's help text; a renamed command or option then fails here instead of misleading a
reader.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from vendorlock.cli import main
from vendorlock.cli.reference import help_text, iter_commands

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FENCE_RE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1", re.S | re.M)
INLINE_RE = re.compile(r"`(vendorlock [^`\n]+)`")
STOP = {"|", "||", "&&", ";", ">", ">>", "2>", "<"}


def doc_examples() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in FENCE_RE.finditer(text):
            for line in block.group(2).splitlines():
                line = line.strip().removeprefix("$ ").strip()
                if line.startswith("vendorlock "):
                    found.append((doc.name, line))
        found += [(doc.name, m.group(1)) for m in INLINE_RE.finditer(FENCE_RE.sub("", text))]
    return found


def help_examples() -> list[tuple[str, str]]:
    return [
        (f"{doc.path} --help", line.strip())
        for doc in iter_commands(main)
        for line in help_text(doc).splitlines()
        if line.strip().startswith("vendorlock ")
    ]


def check(line: str) -> list[str]:
    """Problems with one example line: unknown command, subcommand or option."""
    try:
        tokens = shlex.split(line, comments=True)
    except ValueError:
        tokens = line.split()
    if any(stop in tokens for stop in STOP):
        tokens = tokens[: min(tokens.index(stop) for stop in STOP if stop in tokens)]
    command: click.Command = main
    ctx = click.Context(main, info_name="vendorlock")
    problems: list[str] = []
    words = tokens[1:]
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        if not any(ch.islower() for ch in words[0]):  # a placeholder: COMMAND, X.Y.Z, …
            return problems
        sub = command.get_command(ctx, words[0])
        if sub is None:
            return [f"no command {words[0]!r} in `{ctx.command_path}`"]
        ctx = click.Context(sub, info_name=words[0], parent=ctx)
        command, words = sub, words[1:]
    known = {"-h", "--help"}
    for param in command.params:
        if isinstance(param, click.Option):
            known.update(param.opts, param.secondary_opts)
    for word in words:
        name = word.split("=", 1)[0]
        if name.startswith("-") and len(name) > 1 and not name[1:2].isdigit() and name not in known:
            problems.append(f"`{ctx.command_path}` has no option {name}")
    return problems


@pytest.mark.parametrize(("where", "line"), doc_examples() + help_examples())
def test_example_names_real_commands_and_options(where: str, line: str) -> None:
    assert check(line) == [], f"{where}: {line}"


def test_checker_catches_drift() -> None:
    assert check("vendorlock audit inv.xlsx --fail-on high -o out/") == []
    assert check("vendorlock rules show closed-api --lang fr") == []
    assert check("vendorlock audits inv.xlsx") == ["no command 'audits' in `vendorlock`"]
    assert check("vendorlock rules shw x") == ["no command 'shw' in `vendorlock rules`"]
    assert check("vendorlock audit --fail high") == ["`vendorlock audit` has no option --fail"]
    assert check("vendorlock diff a.json b.json --format md > changes.md") == []
    assert check("vendorlock COMMAND --help") == []


def test_the_guide_has_examples_to_check() -> None:
    guide = [line for where, line in doc_examples() if where == "user-guide.md"]
    assert len(guide) >= 15
