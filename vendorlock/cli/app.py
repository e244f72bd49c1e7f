"""The root click group and the options every command shares.

Command modules (``vendorlock.cli.<area>``) attach their commands to :data:`main`; only the CLI
prints, chooses streams and exit codes. Library code raises :class:`VendorlockError` subclasses,
which become one clean line on stderr and exit code 1.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from vendorlock import __version__
from vendorlock.errors import VendorlockError
from vendorlock.i18n import Lang, default_lang

F = TypeVar("F", bound=Callable[..., Any])

#: Exit codes, one meaning each.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_FAIL_ON = 3


class VendorlockGroup(click.Group):
    """Group that turns vendorlock's own errors into one line and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VendorlockError as exc:
            click.echo(f"vendorlock: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("vendorlock: interrupted", err=True)
            ctx.exit(130)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)


def lang_option(func: F) -> F:
    """``--lang fr|en``; default from the locale (LANG / LC_ALL / VENDORLOCK_LANG)."""
    return click.option(
        "--lang",
        type=click.Choice([lang.value for lang in Lang]),
        default=None,
        help="Language of messages and reports (default: from the locale).",
        callback=lambda _ctx, _param, value: Lang(value) if value else default_lang(),
    )(func)


def mapping_option(func: F) -> F:
    """``--mapping FILE`` → ``mapping_path``: a mapping file written by ``validate
    --save-mapping`` (and edited), applied before headers are recognised."""
    return click.option(
        "--mapping",
        "mapping_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="Mapping file (from validate --save-mapping): each sheet's table and each "
        "header's field, applied before recognition.",
    )(func)


def read_mapping(path: Path | None, lang: Lang) -> Any:
    """The :class:`~vendorlock.readers.mapping.MappingFile` at ``path`` (None without one);
    a file that is not a mapping is a usage error naming it, in the user's language."""
    if path is None:
        return None
    from vendorlock.i18n import t
    from vendorlock.readers.mapping import MappingError, load_mapping

    try:
        return load_mapping(path)
    except MappingError as exc:
        message = t(f"problem.{exc.code}", lang, **exc.params)
        raise click.BadParameter(f"{path}: {message}", param_hint="--mapping") from exc


def rules_option(func: F) -> F:
    """``--rules FILE`` (repeatable) → ``overlays``: a user rules file overlaid, in order, on the
    built-in rule pack and registries (weights, thresholds, criteria, formats, editors…)."""
    return click.option(
        "--rules",
        "overlays",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Your rules file, overlaid on the built-in rule pack and registries (repeatable).",
    )(func)


def as_of_option(func: F) -> F:
    """``--as-of YYYY-MM-DD`` → ``as_of`` (a datetime or None): the reference date."""
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Reference date YYYY-MM-DD for contract deadlines (default: today).",
    )(func)


def verbose_option(func: F) -> F:
    return click.option("-v", "--verbose", count=True, help="More log output (repeatable).")(func)


def setup_logging(verbose: int) -> None:
    """Configure vendorlock's logger only (never the root logger)."""
    logger = logging.getLogger("vendorlock")
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else 10)


@click.group(
    cls=VendorlockGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="vendorlock")
def main() -> None:
    """vendorlock: how locked-in is a public body to its software editors, why, what leaving
    would cost, and how to buy better next time.

    \b
    Start with the bundled demo:
      vendorlock audit            # audits the demo inventory, writes ./vendorlock-report/
    Your own inventory:
      vendorlock template inventaire.xlsx --lang fr
      vendorlock validate inventaire.xlsx
      vendorlock audit inventaire.xlsx -o rapport/
    """


def paths_argument(name: str = "inputs", required: bool = True) -> Callable[[F], F]:
    return click.argument(
        name,
        nargs=-1,
        required=required,
        type=click.Path(exists=True, dir_okay=True, file_okay=True, path_type=None),
    )


def echo_lines(lines: Sequence[str], err: bool = False) -> None:
    for line in lines:
        click.echo(line, err=err)
