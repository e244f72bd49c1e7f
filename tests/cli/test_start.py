"""Instant start (issue 11): ``vendorlock --help`` and ``vendorlock audit --help`` load neither
the other commands' modules nor the heavy libraries, and the lazy listing prints exactly what
click prints from the loaded commands.

Behaviour, not timing: each run is a fresh interpreter whose ``sys.modules`` is inspected, so
a heavy import slipped back in at module level fails here on any machine, however fast.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import vendorlock.cli
from vendorlock.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]

#: Libraries a command may need but that start-up must never pay for.
HEAVY = (
    "pandas",
    "numpy",
    "matplotlib",
    "networkx",
    "igraph",
    "pyarrow",
    "polars",
    "lxml",
    "openpyxl",
    "python_calamine",
    "rapidfuzz",
    "scipy",
    "yaml",
)

#: A command run in a fresh interpreter, then the modules it imported, one per line.
RUN_LISTING_MODULES = """
import sys
from vendorlock.cli import main
try:
    main(sys.argv[1:], prog_name="vendorlock")
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print("-- modules --")
print("\\n".join(sorted(sys.modules)))
"""


def run_listing_modules(args: Sequence[str], env: Mapping[str, str]) -> tuple[str, set[str]]:
    """``vendorlock ARGS`` in a new interpreter under ``env``: its output and every module it
    imported."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_LISTING_MODULES, *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    output, _, modules = done.stdout.partition("-- modules --\n")
    return output, set(modules.split())


def _fresh_run(*args: str) -> tuple[str, set[str]]:
    """``vendorlock ARGS`` in a new interpreter, in English: output and modules imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "VENDORLOCK_LANG": "en"}
    return run_listing_modules(args, env)


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def _command_modules(modules: set[str]) -> list[str]:
    targets = {target.partition(":")[0] for target, _ in COMMANDS.values()}
    return sorted(modules & targets)


def test_root_help_imports_no_command_module_and_no_heavy_library() -> None:
    output, modules = _fresh_run("--help")
    assert "audit" in output and "validate" in output
    assert _heavy(modules) == []
    assert _command_modules(modules) == []


def test_audit_help_imports_only_the_audit_command_and_no_heavy_library() -> None:
    output, modules = _fresh_run("audit", "--help")
    assert "--fail-on [medium|high|critical]" in output
    assert "[json|xlsx|ods|html|md|docx|pdf]" in output
    assert _heavy(modules) == []
    assert _command_modules(modules) == ["vendorlock.cli.audit"]


def _all_commands_loaded() -> None:
    """Import every module of the CLI package, as the eager CLI used to."""
    for info in pkgutil.iter_modules(vendorlock.cli.__path__):
        importlib.import_module(f"vendorlock.cli.{info.name}")


def test_every_command_of_the_cli_package_is_in_the_table() -> None:
    _all_commands_loaded()
    defined = set(main.commands)
    missing = sorted(defined - set(COMMANDS))
    assert not missing, f"add these commands to COMMANDS in vendorlock/cli/__init__.py: {missing}"
    for name, (target, _summary) in COMMANDS.items():
        module, _, attribute = target.partition(":")
        assert getattr(importlib.import_module(module), attribute) is main.commands[name], name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_table_summary_shortens_like_the_command_help(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    listed = click.Command(name, help=COMMANDS[name][1])
    for limit in (20, 45, 60, 80, 94, 400):
        expected = command.get_short_help_str(limit)
        assert listed.get_short_help_str(limit) == expected, (
            f"summary of {name!r} in vendorlock/cli/__init__.py: paste the first paragraph of "
            f"its help ({expected!r} at width {limit})"
        )


def test_lazy_root_help_is_the_help_of_the_loaded_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lazy_output, _ = _fresh_run("--help")
    _all_commands_loaded()
    monkeypatch.setenv("COLUMNS", "100")  # the width the fresh run had
    ctx = click.Context(main, info_name="vendorlock", **main.context_settings)
    assert lazy_output == main.get_help(ctx) + "\n"


def test_unknown_command_is_still_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["audti"])
    assert result.exit_code == 2
    assert "No such command 'audti'" in result.output


def test_an_audit_of_an_inventory_loads_no_module_it_does_not_use(tmp_path: Path) -> None:
    """Auditing a given inventory (no demo, no --history) loads neither the demo generator, the
    history store nor networkx (the dependency-graph export): each costs start-up time the
    audit does not need."""
    from vendorlock.demo import DemoOptions, generate

    (inventory,) = generate(tmp_path / "in", DemoOptions(members=1, seed=2, apps_per_member=30))
    output, modules = _fresh_run(
        "audit", str(inventory), "-q", "-o", str(tmp_path / "out"), "--format", "json"
    )
    assert (tmp_path / "out" / "audit.json").is_file(), output
    unused = ("vendorlock.demo", "vendorlock.history")
    assert sorted(m for m in modules if m.startswith(unused)) == []
    assert _heavy(modules) and not [m for m in _heavy(modules) if m.startswith("networkx")]


def test_a_command_runs_with_a_lighter_garbage_collector_and_restores_the_callers() -> None:
    """The CLI raises the youngest GC generation's threshold while a command runs (CPU spent
    tracing short-lived cells) and gives a program that calls it its own thresholds back."""
    import gc

    from click.testing import CliRunner

    from vendorlock.cli import main
    from vendorlock.cli.app import GC_GEN0

    seen: list[tuple[int, ...]] = []

    @main.command("gc-probe", hidden=True)
    def probe() -> None:
        seen.append(gc.get_threshold())

    before = gc.get_threshold()
    try:
        result = CliRunner().invoke(main, ["gc-probe"])
    finally:
        main.commands.pop("gc-probe", None)
    assert result.exit_code == 0, result.output
    assert seen == [(GC_GEN0, *before[1:])]
    assert gc.get_threshold() == before


_FORK_SPY = """
import sys
import vendorlock.reports.processes as processes

fill = processes.fill_in_processes

def spy(jobs, parts):
    print("-- at fork --")
    print("\\n".join(sorted(sys.modules)))
    print("-- end --")
    return fill(jobs, parts)

processes.fill_in_processes = spy  # before vendorlock.reports.writer binds the name
from vendorlock.cli import main
try:
    main(sys.argv[1:], prog_name="vendorlock")
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
"""

#: Modules of one report format: imported in the report worker writing it, after the fork.
ONE_FORMAT = (
    "vendorlock.reports.tables",
    "vendorlock.reports.overview",
    "vendorlock.reports.xlsx",
    "vendorlock.reports.ods",
    "vendorlock.reports.note",
    "vendorlock.reports.audit_report",
    "vendorlock.reports.terminal",
    "vendorlock.letters",
)


def test_the_report_workers_fork_before_importing_the_modules_of_one_format(
    tmp_path: Path,
) -> None:
    """With two report workers, the workbooks' and the note's modules are imported in the
    process writing them and the page's in the other, in parallel once forked: none of them
    is imported before the fork (issue 11)."""
    from vendorlock.demo import DemoOptions, generate

    (inventory,) = generate(tmp_path / "in", DemoOptions(members=1, seed=2, apps_per_member=30))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VENDORLOCK_LANG": "en"}
    args = ["audit", str(inventory), "-q", "-o", str(out), "--workers", "2"]
    done = subprocess.run(
        [sys.executable, "-c", _FORK_SPY, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    _, marker, rest = done.stdout.partition("-- at fork --\n")
    assert marker, done.stdout + done.stderr
    at_fork = set(rest.partition("-- end --")[0].split())
    assert "vendorlock.document" in at_fork  # the audit document was built
    assert sorted(m for m in at_fork if m.startswith(ONE_FORMAT)) == []
    written = {p.name for p in out.iterdir()}
    assert {"audit.json", "audit.xlsx", "audit.ods", "audit.html", "audit.md"} <= written
