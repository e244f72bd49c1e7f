"""``--help`` speaks the user's language: a French locale (or VENDORLOCK_LANG=fr, or a command's
``--lang fr``) gives every command's description, every option's help, click's own words and
its usage errors in French; English stays the default everywhere else."""

from __future__ import annotations

import ast
import os
import re
import string
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.cli.test_start import run_listing_modules
from vendorlock.cli import helptext, main
from vendorlock.cli.reference import iter_commands
from vendorlock.i18n import Lang

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = list(iter_commands(main))  # loads every command
PATHS = [doc.path for doc in COMMANDS]
NBSP = "\u00a0"

#: The locale of a French workstation, nothing else saying otherwise.
FRENCH: Mapping[str, str | None] = {
    "VENDORLOCK_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "fr_FR.UTF-8",
    "COLUMNS": "100",
}
ENGLISH: Mapping[str, str | None] = {**FRENCH, "LANG": "en_GB.UTF-8"}


def _run(args: list[str], env: Mapping[str, str | None]) -> click.testing.Result:
    return CliRunner().invoke(main, args, env=dict(env), catch_exceptions=False)


def _flat(text: str) -> str:
    """``text`` on one line, each run of spaces and line breaks one space (no-break spaces,
    French typography's, kept)."""
    return re.sub(r"[ \t\n]+", " ", text).strip()


def _help_texts() -> list[tuple[str, str]]:
    """(where, English text) of every command's help and every option's help."""
    found = []
    for doc in COMMANDS:
        if doc.command.help:
            found.append((doc.path, doc.command.help))
        for param in doc.command.get_params(doc.context):
            text = getattr(param, "help", None)
            if text:
                found.append((f"{doc.path} {param.opts[0]}", text))
    return found


def test_every_command_and_option_has_its_french() -> None:
    """A new command or option, or an English help edited, fails here until its French is in
    vendorlock/locale/help/fr.yaml (the English text is the key: an edit makes it new)."""
    missing = [
        f"{where}: {_flat(text)[:70]}"
        for where, text in _help_texts()
        if helptext.french(text) is None
    ]
    assert missing == [], "add their French to vendorlock/locale/help/fr.yaml:\n" + "\n".join(
        missing
    )


def test_every_french_help_entry_is_still_used() -> None:
    """An entry whose English no command says any more is stale (its English was edited)."""
    used = {helptext.key(text) for _, text in _help_texts()}
    stale = [e[:70] for e in helptext.entries()["help"] if helptext.key(e) not in used]
    assert stale == []


def _click_messages() -> set[str]:
    """Every string click passes to gettext (``_``, ``ngettext``) in the modules hooked."""
    found: set[str] = set()
    for name in helptext.CLICK_MODULES:
        source = Path(click.__file__).with_name(f"{name}.py").read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")
            ):
                found |= {
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                }
    # passed through a variable: `extra["required"] = "required"`, then `_(extra["required"])`
    if 'extra["required"] = "required"' in Path(click.__file__).with_name("core.py").read_text():
        found.add("required")
    return found


def test_french_click_messages_are_messages_click_still_has() -> None:
    """A click upgrade that rewords a message would silently bring the English back."""
    gone = sorted(set(helptext.entries()["click"]) - _click_messages())
    assert gone == []


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_french_keeps_the_placeholders_and_the_example_commands() -> None:
    """Placeholders filled into the French exist in the English; each example line of a help
    (a command as typed) is the same in French, only its comment translated."""
    for section in helptext.entries().values():
        for english, french in section.items():
            assert _fields(french) <= _fields(english), english
            typed = [
                line.split("  #")[0].rstrip()
                for line in english.splitlines()
                if line.strip().startswith(("vendorlock ", "dot "))
            ]
            for line in typed:
                assert line in french, f"example {line.strip()!r} changed in its French"


def test_root_help_is_french_under_a_french_locale() -> None:
    result = _run(["--help"], FRENCH)
    assert result.exit_code == 0
    out = result.output
    assert out.startswith(f"Utilisation{NBSP}: ")
    assert f"vendorlock{NBSP}: à quel point un organisme public dépend" in out
    assert f"\nOptions{NBSP}:\n" in out and f"\nCommandes{NBSP}:\n" in out
    assert "Afficher ce message et quitter." in out
    assert "Afficher la version et quitter." in out
    # the command list, from the table of commands not loaded as from loaded ones
    assert "Auditer un inventaire" in out
    assert "Les éditeurs d'un domaine côte à côte." in out
    assert "Show this message" not in out and "Commands:" not in out and "Audit an" not in out


def test_vendorlock_lang_fr_gives_french_too() -> None:
    result = _run(["--help"], {**ENGLISH, "VENDORLOCK_LANG": "fr"})
    assert f"Commandes{NBSP}:" in result.output


def test_english_stays_the_default_elsewhere() -> None:
    result = _run(["audit", "--help"], ENGLISH)
    assert result.output.startswith("Usage: ")
    assert "Audit an inventory: lock-in scores" in result.output
    assert "Show this message and exit." in result.output
    assert "Commandes" not in _run(["--help"], {**FRENCH, "LANG": None}).output  # no locale


@pytest.mark.parametrize("path", PATHS)
def test_every_help_is_french_options_included(path: str) -> None:
    """Each command's help: its description and each option's help in French, with French
    typography (no plain space before : ; ? ! — a line never starts with one)."""
    doc = COMMANDS[PATHS.index(path)]
    result = _run([*path.split()[1:], "--help"], FRENCH)
    assert result.exit_code == 0, result.output
    out = _flat(result.output.replace("-\n", "-"))
    description = helptext.french(doc.command.help or "")
    assert description is not None
    assert _flat(description.replace("\b", ""))[:60] in out
    for param in doc.command.get_params(doc.context):
        text = getattr(param, "help", None)
        if text and not param.hidden:
            french = helptext.french(text)
            assert french is not None and _flat(french)[:40] in out, (path, param.opts)
    assert re.search(r" [:;?!](\s|$)", result.output) is None, result.output
    assert "Usage:" not in result.output and "Options:" not in result.output


def test_default_values_and_ranges_in_french() -> None:
    out = _flat(_run(["audit", "--help"], FRENCH).output)
    assert f"[par défaut{NBSP}: vendorlock-report]" in out
    assert "[x>=1]" in out  # a range as click writes it
    assert "default:" not in out
    pool = _flat(_run(["pool", "--help"], FRENCH).output)
    assert f"[par défaut{NBSP}: 3{NBSP}; x>=2]" in pool  # click's "; " between extras


def test_lang_option_given_before_help_chooses_the_help_language() -> None:
    """``--lang`` is eager, like ``--help``: typed first, it sets the help's language."""
    french = _run(["audit", "--lang", "fr", "--help"], ENGLISH).output
    assert "Auditer un inventaire" in french and f"Options{NBSP}:" in french
    english = _run(["audit", "--lang", "en", "--help"], FRENCH).output
    assert "Audit an inventory" in english and "Options:" in english


def test_usage_errors_in_french() -> None:
    unknown = _run(["audti"], FRENCH)
    assert unknown.exit_code == 2
    assert f"Erreur{NBSP}: Commande «{NBSP}audti{NBSP}» inconnue." in unknown.output
    assert f"Vouliez-vous dire 'audit'{NBSP}?" in unknown.output
    assert f"Essayez «{NBSP}" in unknown.output and "pour l'aide." in unknown.output
    missing = _run(["rules", "show"], FRENCH)
    assert missing.exit_code == 2
    assert "Argument manquant 'RULE_ID'." in missing.output
    bad = _run(["audit", "--fail-on", "x"], FRENCH)
    assert bad.exit_code == 2
    assert f"Valeur invalide pour '--fail-on'{NBSP}: «{NBSP}x{NBSP}» n'est pas" in bad.output
    option = _run(["audit", "--fial-on", "high"], FRENCH)
    assert f"Option «{NBSP}--fial-on{NBSP}» inconnue." in option.output
    # the user's --lang counts for the errors of the options after it
    english = _run(["audit", "--lang", "en", "--fail-on", "x"], FRENCH)
    assert "Error: Invalid value for '--fail-on': 'x' is not one of" in english.output


def test_a_french_run_leaves_click_and_english_runs_as_they_were() -> None:
    """click's help option is made once per command: made during a French run, it must not
    keep French for the English runs after it; and click outside vendorlock stays English."""
    assert "Afficher ce message" in _run(["rules", "list", "--help"], FRENCH).output
    assert "Show this message and exit." in _run(["rules", "list", "--help"], ENGLISH).output

    @click.command()
    @click.option("--n", type=int, default=1, show_default=True, help="How many.")
    def other(n: int) -> None:
        """Another click program in the same process."""

    result = CliRunner().invoke(other, ["--help"], env={**FRENCH})
    assert "Usage: other" in result.output and "[default: 1]" in result.output


def test_lazy_french_root_help_is_the_help_of_the_loaded_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real program, in a fresh process under a French locale: the root help lists the
    commands it has not imported in the same French as once they are loaded."""
    env = {k: v for k, v in os.environ.items() if k not in FRENCH}
    env |= {"LANG": "fr_FR.UTF-8", "COLUMNS": "100", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "vendorlock", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    monkeypatch.setenv("COLUMNS", "100")  # the width the fresh run had
    ctx = main.context_class(main, info_name="vendorlock", **main.context_settings)
    with helptext.speaking(Lang.FR):
        loaded = main.get_help(ctx)
    assert done.stdout.replace("python -m vendorlock", "vendorlock") == loaded + "\n"
    assert "Commandes" in done.stdout and "Show this message" not in done.stdout


def test_french_help_loads_no_command_and_reads_its_catalogue_from_the_cache(
    tmp_path: Path,
) -> None:
    """French ``vendorlock audit --help`` stays a quick start (issue 11): it imports the audit
    command only, never pandas; its catalogue is parsed once, then read from the YAML cache
    without even importing the YAML parser."""
    env = {k: v for k, v in os.environ.items() if k not in FRENCH}
    env |= {"VENDORLOCK_LANG": "fr", "PYTHONPATH": str(ROOT)}
    env["VENDORLOCK_CACHE_DIR"] = str(tmp_path / "cache")
    seen = []
    for _ in range(2):
        output, modules = run_listing_modules(["audit", "--help"], env)
        assert "Auditer un inventaire" in output
        seen.append(modules)
    for modules in seen:
        assert {m for m in modules if m.startswith("vendorlock.cli.")} == {
            "vendorlock.cli.app",
            "vendorlock.cli.audit",
            "vendorlock.cli.helptext",
        }
        assert not {m for m in modules if m.split(".")[0] in ("pandas", "numpy", "openpyxl")}
    assert "yaml" in seen[0] and "yaml" not in seen[1]


def test_an_interrupted_command_says_so_in_the_users_language() -> None:
    @main.command("interrupt-probe", hidden=True)
    def probe() -> None:
        raise KeyboardInterrupt

    try:
        french = _run(["interrupt-probe"], FRENCH)
        english = _run(["interrupt-probe"], ENGLISH)
    finally:
        main.commands.pop("interrupt-probe", None)
    assert french.exit_code == english.exit_code == 130
    assert french.output == "vendorlock: interrompu\n"
    assert english.output == "vendorlock: interrupted\n"
