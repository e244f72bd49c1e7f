"""``vendorlock template`` and ``vendorlock demo-data``: a blank inventory, a synthetic one."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from vendorlock.cli.app import (
    as_of_option,
    echo_safe,
    force_option,
    format_option,
    lang_option,
    main,
    quiet_option,
)
from vendorlock.demo.generate import DemoOptions
from vendorlock.demo.template import write_template
from vendorlock.demo.writers import OutputFormat, write_demo
from vendorlock.i18n import Lang, default_lang, t


@main.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
@force_option("Overwrite OUT if it exists.")
def template_command(out: Path, lang: Lang, force: bool) -> None:
    """Write a blank inventory workbook (OUT.xlsx or OUT.ods) to fill in.

    One sheet per table with the headers vendorlock reads, dropdown lists for every
    enumerated column, formats and standards, and an instructions sheet (first) that
    explains each column with an example.

    \b
    Example:
      vendorlock template inventaire.xlsx --lang fr
      vendorlock validate inventaire.xlsx
    """
    path = write_template(out, lang, force)
    echo_safe(t("demo.written", lang, path=path))


@main.command("demo-data")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--members", type=int, default=12, show_default=True, help="Member bodies.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@format_option(
    [f.value for f in OutputFormat],
    "xlsx/ods: one workbook; csv/parquet: one file per table (for large sets).",
    dest="fmt",
    default=OutputFormat.XLSX.value,
)
@click.option(
    "--apps-per-member",
    type=int,
    default=None,
    help="Applications per member (default: grows with population, ~15 to ~150).",
)
@click.option(
    "--flows-per-app",
    type=float,
    default=None,
    help="Flows per application (default 2.5).",
)
@as_of_option
@force_option("Overwrite existing files in OUTDIR.")
@quiet_option("No progress line.")
def demo_data_command(
    outdir: Path,
    members: int,
    seed: int,
    fmt: str,
    apps_per_member: int | None,
    flows_per_app: float | None,
    as_of: datetime | None,
    force: bool,
    quiet: bool,
) -> None:
    """Write a synthetic, deterministic inventory of a mutualisation structure.

    A fictitious syndicat mixte and N member bodies (communes of 400 to 120,000
    inhabitants and an intercommunalité) with applications, editors, contracts and flows
    to national platforms. Contract ends are placed around --as-of (today by default): a
    few decisions overdue, most ahead. Same options and --as-of, same bytes.

    \b
    Examples:
      vendorlock demo-data demo/                              # ~600 applications, xlsx
      vendorlock demo-data demo/ --as-of 2027-01-15 --force   # contracts around that date
      vendorlock demo-data big/ --members 50000 --format parquet --flows-per-app 3.5
      vendorlock demo-data one/ --members 1 --apps-per-member 2000 --flows-per-app 5
    """
    lang = default_lang()
    day = as_of.date() if as_of else date.today()
    options = DemoOptions(members, seed, apps_per_member, flows_per_app, as_of=day)

    def progress(done: int, total: int) -> None:
        if not quiet:
            click.echo(f"\r{t('demo.progress', lang, done=done, total=total)}", nl=False, err=True)

    paths = write_demo(outdir, options, OutputFormat(fmt), force=force, progress=progress)
    if not quiet:
        click.echo("", err=True)
    for path in paths:
        echo_safe(t("demo.written", lang, path=path))
