"""``vendorlock connectors list``: every source vendorlock reads and what each accepts."""

from __future__ import annotations

from vendorlock.cli.app import VendorlockGroup, echo_safe, lang_option, main
from vendorlock.i18n import Lang, t
from vendorlock.sources import all_sources
from vendorlock.sources.registry import all_catalogues


@main.group("connectors", cls=VendorlockGroup)
def connectors_group() -> None:
    """The sources vendorlock reads: inventory spreadsheets and the connectors to what public
    bodies already have (procurement records, the SILL…), detected from content.

    \b
    Examples:
      vendorlock connectors list
      vendorlock validate --source decp:marches-2024.json
    """


@connectors_group.command("list")
@lang_option
def list_command(lang: Lang) -> None:
    """Each source's kind (for --source KIND:PATH), name and accepted inputs.

    \b
    Examples:
      vendorlock connectors list --lang fr
      vendorlock audit inventaire.xlsx --source decp:marches-2024.json
    """
    echo_safe(t("connectors.title", lang))
    rows = [
        (
            "spreadsheet",
            t("connectors.spreadsheet_label", lang),
            t("connectors.spreadsheet_accepts", lang),
        ),
    ]
    rows += [(s.kind, s.label[lang.value], s.accepts[lang.value]) for s in all_sources()]
    rows += [(c.kind, c.label[lang.value], c.accepts[lang.value]) for c in all_catalogues()]
    width = max(len(kind) for kind, _label, _accepts in rows)
    for kind, label, accepts in rows:
        echo_safe(f"  {kind.ljust(width)}  {label}")
        echo_safe(
            f"  {' ' * width}  {t('connectors.accepts', lang)}{t('loc.colon', lang)}{accepts}"
        )
