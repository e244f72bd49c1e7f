"""Render the command reference (docs/cli.md, and its French docs/cli.fr.md) from the click
command tree.

The reference is generated, never written by hand, so it cannot drift from the commands: a test
renders it in memory and compares it with docs/cli.md and docs/cli.fr.md. Refresh them with::

    python -m vendorlock.cli.reference > docs/cli.md
    python -m vendorlock.cli.reference --lang fr > docs/cli.fr.md

Rendering uses a fixed width so the text does not depend on the terminal that runs it; the
French is the help a French ``--help`` prints (:mod:`vendorlock.cli.helptext`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import click

from vendorlock.cli import helptext
from vendorlock.i18n import Lang, french_spaces

#: Width of the rendered help text (the CLI's own ``max_content_width``).
WIDTH = 100

#: The command that regenerates docs/cli.md (quoted by the drift test).
REFRESH_COMMAND = "python -m vendorlock.cli.reference > docs/cli.md"
#: The same for each language: the file and the command writing it.
REFERENCES = {
    Lang.EN: ("docs/cli.md", REFRESH_COMMAND),
    Lang.FR: ("docs/cli.fr.md", "python -m vendorlock.cli.reference --lang fr > docs/cli.fr.md"),
}

_HEADER = f"""\
# Command reference

<!-- Generated from the click command tree by `{REFRESH_COMMAND}`; do not edit by hand:
     tests/docs/test_cli_reference.py fails when this file and the commands differ. -->

Every command with its usage line, help text and options, rendered from the definitions that
`vendorlock COMMAND --help` prints. The [user guide](user-guide.md) shows them at work. Exit
codes: 0 ok, 1 bad input or failure, 2 usage error, 3 `--fail-on` threshold crossed (`audit`).
Commands that work on an inventory (`audit`, `graph`, `aggregate`, `pool`, `compare`,
`simulate`, `requirements`) set rows with errors aside and go on (exit 0, the reports list them);
they exit 1 only when nothing usable is left, or on any error with `--strict`. `validate` is a
checker: exit 1 on any error (see [inventory.md](inventory.md#lenient-and-strict-reading)).
"""


_HEADER_FR = f"""\
# Référence des commandes

<!-- Généré depuis l'arbre des commandes click par
     `{REFERENCES[Lang.FR][1]}` ;
     ne pas modifier à la main : tests/docs/test_cli_reference.py échoue quand ce fichier et
     les commandes diffèrent. -->

Chaque commande avec sa ligne d'utilisation, son aide et ses options, telles que les affiche
`vendorlock COMMANDE --help` sous une locale française (ou avec `VENDORLOCK_LANG=fr`). Le
[guide de l'utilisateur](user-guide.md) (en anglais) les montre à l'œuvre ; la même référence
existe [en anglais](cli.md). Codes de sortie : 0 terminé, 1 entrée invalide ou échec, 2 erreur
d'utilisation, 3 seuil `--fail-on` franchi (`audit`). Les commandes qui travaillent sur un
inventaire (`audit`, `graph`, `aggregate`, `pool`, `compare`, `simulate`, `requirements`)
écartent les lignes en erreur et continuent (code 0, les rapports les listent) ; elles ne
sortent avec le code 1 que lorsqu'il ne reste rien d'utilisable, ou à la moindre erreur avec
`--strict`. `validate` est un vérificateur : code 1 à la moindre erreur (voir
[inventory.md](inventory.md#lenient-and-strict-reading)).
"""

#: Per language: the page's header, and the headings of the options and subcommands tables.
_PAGE = {
    Lang.EN: (_HEADER, "| option | description |", "| command | what it does |"),
    Lang.FR: (
        french_spaces(_HEADER_FR),
        "| option | description |",
        "| commande | ce qu'elle fait |",
    ),
}


@dataclass(frozen=True)
class CommandDoc:
    """One command of the tree with the context it runs in (for usage lines and options)."""

    path: str
    command: click.Command
    context: click.Context


def iter_commands(root: click.Command, name: str = "vendorlock") -> Iterator[CommandDoc]:
    """Walk the tree depth-first, root first, subcommands sorted by name."""
    yield from _walk(root, name, None)


def _walk(command: click.Command, name: str, parent: click.Context | None) -> Iterator[CommandDoc]:
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    ctx = command.context_class(command, info_name=name, parent=parent, **settings)
    path = ctx.command_path
    yield CommandDoc(path, command, ctx)
    if isinstance(command, click.Group):
        for sub_name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                yield from _walk(sub, sub_name, ctx)


def help_text(doc: CommandDoc) -> str:
    """The command's description as ``--help`` formats it (``\\b`` blocks kept verbatim)."""
    formatter = doc.context.make_formatter()
    doc.command.format_help_text(doc.context, formatter)
    return _dedent(formatter.getvalue())


def usage_line(doc: CommandDoc) -> str:
    formatter = doc.context.make_formatter()
    doc.command.format_usage(doc.context, formatter)
    return formatter.getvalue().strip()


def _dedent(text: str) -> str:
    lines = text.rstrip().splitlines()
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return "\n".join(line[indent:] for line in lines)


def _cell(text: str) -> str:
    """Markdown table cell: one line, pipes escaped (choices read ``[en|fr]``); French
    typography's no-break spaces kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip().replace("|", "\\|")


def options_table(doc: CommandDoc) -> list[str]:
    rows = [
        record
        for param in doc.command.get_params(doc.context)
        if isinstance(param, click.Option)
        and (record := helptext.help_record(param, doc.context)) is not None
    ]
    if not rows:
        return []
    lines = [_PAGE[helptext.spoken()][1], "|---|---|"]
    lines += [f"| `{_cell(opts)}` | {_cell(text)} |" for opts, text in rows]
    return lines


def subcommands_table(doc: CommandDoc) -> list[str]:
    if not isinstance(doc.command, click.Group):
        return []
    lines = [_PAGE[helptext.spoken()][2], "|---|---|"]
    for sub_name in sorted(doc.command.list_commands(doc.context)):
        sub = doc.command.get_command(doc.context, sub_name)
        if sub is None or sub.hidden:
            continue
        anchor = f"{doc.path} {sub_name}".replace(" ", "-")
        short = sub.get_short_help_str(limit=400)
        lines.append(f"| [`{sub_name}`](#{anchor}) | {_cell(short)} |")
    return lines


def render_command(doc: CommandDoc) -> str:
    depth = doc.path.count(" ")  # vendorlock: 0, vendorlock audit: 1, vendorlock rules check: 2
    level = "#" * (1 + max(depth, 1))
    parts = [f"{level} {doc.path}", "", "```text", usage_line(doc), "```", ""]
    text = help_text(doc)
    if text:
        parts += ["```text", text, "```", ""]
    for table in (options_table(doc), subcommands_table(doc)):
        if table:
            parts += [*table, ""]
    return "\n".join(parts)


def render_reference(
    root: click.Command | None = None, name: str = "vendorlock", lang: Lang = Lang.EN
) -> str:
    """docs/cli.md (docs/cli.fr.md: ``lang`` French) for ``root`` invoked as ``name`` (default:
    vendorlock's own command tree)."""
    if root is None:
        from vendorlock.cli import main as vendorlock_main

        root = vendorlock_main
    with helptext.speaking(lang):
        body = [render_command(doc) for doc in iter_commands(root, name)]
    return _PAGE[lang][0] + "\n" + "\n".join(body).rstrip() + "\n"


def _print_reference() -> None:
    parser = argparse.ArgumentParser(description="Print the command reference (Markdown).")
    parser.add_argument("--lang", choices=[lang.value for lang in Lang], default=Lang.EN.value)
    lang = Lang(parser.parse_args().lang)
    sys.stdout.buffer.write(render_reference(lang=lang).encode("utf-8"))


if __name__ == "__main__":
    _print_reference()
