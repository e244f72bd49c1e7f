"""``vendorlock diff OLD.json NEW.json``: what changed between two audits."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import click

from vendorlock.cli.app import format_option, lang_option, main
from vendorlock.i18n import Lang
from vendorlock.reports.diff import diff_documents, load_audit_document, render_diff


@main.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option(
    ["text", "json", "md"],
    "Output format: text for people, json for scripts, md for a note.",
    dest="fmt",
    default="text",
)
@lang_option
def diff_command(old: Path, new: Path, fmt: Literal["text", "json", "md"], lang: Lang) -> None:
    """Tell what changed between two audits (two audit.json files written by `vendorlock audit`):
    applications added or removed, score and level changes with the criteria that moved,
    lock-in index changes, new and ended contracts, exit cost changes.

    \b
    Example:
      vendorlock diff rapport-2025/audit.json rapport-2026/audit.json --format md > changes.md
    """
    diff = diff_documents(load_audit_document(old, lang), load_audit_document(new, lang))
    click.echo(render_diff(diff, lang, fmt), nl=False)
