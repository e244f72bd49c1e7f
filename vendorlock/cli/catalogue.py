"""``vendorlock catalogue NAME``: what the registries say about a product, editor or format."""

from __future__ import annotations

from pathlib import Path

import click

from vendorlock.cli.app import EXIT_ERROR, echo_safe, lang_option, main, rules_option
from vendorlock.i18n import Lang, t
from vendorlock.registry import load_registries
from vendorlock.registry.describe import closest_names, describe, lookup


@main.command("catalogue")
@click.argument("name")
@rules_option
@lang_option
def catalogue(name: str, overlays: tuple[Path, ...], lang: Lang) -> None:
    """Show what vendorlock knows about NAME, with its sources and check dates.

    NAME is a product, editor, format, standard or national platform, written any way the
    registries know (id, name or alias; case and accents do not matter). Each match shows its
    facts (editor and corporate group, domains, licence, standards, export formats, API,
    alternatives...) and ends with its source and the day it was checked. Unknown NAME: exit 1
    with the closest known names.

    \b
    Examples:
      vendorlock catalogue "e.magnus" --lang fr
      vendorlock catalogue "Word 2016"
      vendorlock catalogue PESv2
      vendorlock catalogue "Ciril GROUP" --rules my-rules.yaml
    """
    reg = load_registries(overlays)
    matches = lookup(reg, name)
    if not matches:
        echo_safe(t("catalogue.unknown_name", lang, name=name), err=True)
        close = closest_names(reg, name, lang)
        if close:
            echo_safe(t("catalogue.closest", lang, names=", ".join(close)), err=True)
        else:
            echo_safe(t("catalogue.no_closest", lang), err=True)
        raise SystemExit(EXIT_ERROR)
    for index, match in enumerate(matches):
        if index:
            click.echo("")
        for line in describe(reg, match, lang):
            echo_safe(line)
