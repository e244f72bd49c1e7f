"""docs/cli.md is the command tree rendered; every command's help shows how to run it."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vendorlock.cli import main
from vendorlock.cli.reference import REFERENCES, iter_commands, render_reference
from vendorlock.i18n import Lang

ROOT = Path(__file__).resolve().parents[2]
CLI_MD = ROOT / "docs" / "cli.md"
COMMANDS = list(iter_commands(main))
PATHS = [doc.path for doc in COMMANDS]


@pytest.mark.parametrize("lang", list(REFERENCES))
def test_cli_md_matches_the_commands(lang: Lang) -> None:
    """docs/cli.md, and its French docs/cli.fr.md (the help a French --help prints)."""
    name, refresh = REFERENCES[lang]
    expected = render_reference(lang=lang)
    actual = (ROOT / name).read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    actual.splitlines(keepends=True),
                    expected.splitlines(keepends=True),
                    name,
                    "rendered from the commands",
                )
            )[:40]
        )
        pytest.fail(f"{name} is out of date; refresh it with `{refresh}`\n{diff}")


def test_french_reference_is_french() -> None:
    text = (ROOT / REFERENCES[Lang.FR][0]).read_text(encoding="utf-8")
    assert "Utilisation\u00a0: vendorlock audit [OPTIONS] [INPUTS]..." in text
    assert "| `-h, --help` | Afficher ce message et quitter. |" in text
    assert "[par défaut\u00a0: 3\u00a0; x>=2]" in text  # click's extras, French typography
    assert "Show this message" not in text and "Usage:" not in text


def test_reference_covers_every_command_and_subcommand() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    assert "vendorlock rules check" in PATHS
    assert set(main.commands) <= {path.split()[1] for path in PATHS if " " in path}
    for path in PATHS:
        assert f"\n## {path}\n" in text or f"\n### {path}\n" in text, path


def test_reference_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = render_reference()
    french = render_reference(lang=Lang.FR)
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("VENDORLOCK_LANG", "fr")
    assert render_reference() == baseline
    monkeypatch.setenv("VENDORLOCK_LANG", "en")
    assert render_reference(lang=Lang.FR) == french


@pytest.mark.parametrize("path", PATHS)
def test_help_runs_and_shows_an_example(path: str) -> None:
    args = [*path.split()[1:], "--help"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    examples = [
        line for line in result.output.splitlines() if line.strip().startswith("vendorlock ")
    ]
    assert examples, f"`{path} --help` has no example line starting with 'vendorlock '"
    if path != "vendorlock":
        assert any(
            line.strip().startswith(f"{path} ") or line.strip() == path for line in examples
        ), f"`{path} --help` has no example of `{path}` itself"


def test_rendering_a_small_tree() -> None:
    """The renderer on a tree of its own: headings, usage, help text, options, subcommands."""

    @click.group(context_settings={"help_option_names": ["-h", "--help"]})
    def tool() -> None:
        """A tool.

        \b
        Example:
          tool run --fast x | y
        """

    @tool.command("run")
    @click.option("--fast", is_flag=True, help="Go fast (choices a|b).")
    @click.argument("name")
    def run(fast: bool, name: str) -> None:
        """Run NAME."""

    text = render_reference(tool, "tool")
    assert "## tool\n" in text and "## tool run\n" in text
    assert "Usage: tool run [OPTIONS] NAME" in text
    assert "  tool run --fast x | y" in text  # \b blocks verbatim, pipes untouched in code
    assert "| `--fast` | Go fast (choices a\\|b). |" in text  # pipes escaped in tables
    assert "| `-h, --help` | Show this message and exit. |" in text
    assert "| [`run`](#tool-run) | Run NAME. |" in text


def test_every_option_says_what_it_does_and_examples_read_as_typed() -> None:
    """Each option of each command has a help line (pool's --window-months and --min-members
    showed only their defaults), and an example's shell line continuation shows as typed
    (aggregate's « --no-member-reports \\ » was joined to the next line by a run of spaces)."""
    bare = [
        f"{doc.path} {param.opts[0]}"
        for doc in COMMANDS
        for param in doc.command.params
        if isinstance(param, click.Option) and not param.hidden and not param.help
    ]
    assert bare == []
    joined = [
        (doc.path, line)
        for doc in COMMANDS
        for line in (doc.command.help or "").splitlines()
        if re.search(r"\S {4,}--", line)
    ]
    assert joined == []
