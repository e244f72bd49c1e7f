"""The root click group and the options every command shares.

Command modules (``vendorlock.cli.<area>``) attach their commands to :data:`main` and are
listed in ``vendorlock/cli/__init__.py``'s ``COMMANDS``, which loads them lazily; only the CLI
prints, chooses streams and exit codes. Library code raises :class:`VendorlockError` subclasses,
which become one clean line on stderr and exit code 1.

Every ``--help`` goes through this module: it imports nothing heavy at module level (library
code is imported inside the functions, type-only names under ``TYPE_CHECKING``);
tests/cli/test_start.py checks it.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vendorlock import __version__
from vendorlock.cli import helptext
from vendorlock.errors import VendorlockError
from vendorlock.i18n import Lang, default_lang, t, tn
from vendorlock.textsafe import terminal_text

if TYPE_CHECKING:  # type-only: importing them at start would load pandas for `--help`
    from vendorlock.model.portfolio import Portfolio
    from vendorlock.readers.load import LoadResult
    from vendorlock.readers.mapping import MappingFile
    from vendorlock.registry.registries import Registries

F = TypeVar("F", bound=Callable[..., Any])

_LANG_META = "vendorlock.lang"

#: Exit codes, one meaning each.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_FAIL_ON = 3


#: Container allocations between two collections of the youngest GC generation while a
#: command runs (CPython's default: 700). See :meth:`VendorlockGroup.main`.
GC_GEN0 = 50_000


#: Whether :func:`skip_exit_collection` registered its exit hook in this process.
_EXIT_HOOK: list[bool] = []


def skip_exit_collection() -> None:
    """Spare the interpreter's last full garbage collection at exit.

    A command keeps its tables (a group command: every member's, and its view) until the
    process ends, and the collection Python runs when it exits walks all of them again:
    ~0.45 s of a 500-member ``pool`` on this machine (0.6 s → 0.14 s from the command's end
    to the process's), ~0.06 s of a 2,000-application audit. An exit hook freezes what is
    alive then, so that walk skips it; reference counting still frees everything as the
    modules are cleared, and every file was closed by its writer. Registered once per
    process: in tests (commands run in process) it runs when the test process ends.
    """
    if not _EXIT_HOOK:
        import atexit

        atexit.register(gc.freeze)
        _EXIT_HOOK.append(True)


#: Exit status of a command whose output pipe was closed: a shell's 128 + SIGPIPE (13).
EXIT_BROKEN_PIPE = 141


def _stdout_broken() -> bool:
    """Whether standard output is the pipe that broke: its read end is closed, which poll()
    reports as an error on the write end (where poll() is missing, assume it is)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test runner's buffer)
        return False
    import select  # only when a pipe broke: not on every start

    if not hasattr(select, "poll"):
        return True
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poller.poll(0))


def _os_error(ctx: click.Context, exc: OSError) -> None:
    """A filesystem refusal no library code anticipated (a full disk, a folder where a file
    should be): still one line naming the path, never a traceback."""
    path = exc.filename if exc.filename is not None else "?"
    reason = exc.strerror or type(exc).__name__
    echo_error(t("core.os_error", _run_lang(ctx), path=path, reason=reason))
    ctx.exit(EXIT_ERROR)


def _silence_stdout() -> None:
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test runner's buffer)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


class VendorlockCommand(helptext.Translated):
    """Every vendorlock command: its help in the language of the run (:mod:`.helptext`)."""


class VendorlockGroup(click.Group, helptext.Translated):
    """Group that turns vendorlock's own errors into one line and exit 1, never a traceback.

    It also loads its commands lazily (click's documented LazyGroup pattern):
    :attr:`lazy_commands` maps a command name to the ``module:attribute`` defining it and the
    summary ``--help`` lists. The module is imported only when that command runs or prints its
    own help, so starting vendorlock never pays for the libraries of the other commands.

    Its commands and subgroups (``@group.command``, ``@group.group``) speak the language of the
    run (:mod:`.helptext`): the locale's, or the command's ``--lang``.
    """

    command_class = VendorlockCommand
    group_class = type  # subgroups (rules, connectors) are of this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: name → (``module:attribute``, first paragraph of the command's help).
        self.lazy_commands: dict[str, tuple[str, str]] = {}

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run a command with the cyclic garbage collector's first generation collected every
        :data:`GC_GEN0` container allocations instead of 700: a command builds millions of
        short-lived cells and strings in few cycles, and the default threshold spent ~15 % of
        the CPU tracing them (2,000-application audit, median of 5 interleaved runs: 4.47 →
        3.73 s CPU, same peak memory). The caller's thresholds are restored afterwards."""
        skip_exit_collection()
        before = gc.get_threshold()
        gc.set_threshold(GC_GEN0, *before[1:])
        try:
            with helptext.speaking(default_lang()):
                return super().main(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VendorlockError as exc:
            echo_error(exc.message(_run_lang(ctx)))
            ctx.exit(EXIT_ERROR)
        except BrokenPipeError as exc:
            if not _stdout_broken():  # another pipe (a worker's): an error like any other
                _os_error(ctx, exc)
            # The reader of our output went away (`vendorlock rules list | head -1`): stop
            # quietly, as the commands a pipe usually starts do (exit status 128 + SIGPIPE), and
            # point stdout at /dev/null so Python's own flush at exit does not complain again.
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except OSError as exc:
            _os_error(ctx, exc)
        except KeyboardInterrupt:
            echo_error(t("core.interrupted", _run_lang(ctx)))
            ctx.exit(130)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(self._import(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def _import(self, cmd_name: str) -> click.Command:
        module_name, _, attribute = self.lazy_commands[cmd_name][0].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # a wrong table entry, caught by the tests
            raise TypeError(f"{module_name}:{attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing, with the summaries of commands not loaded yet taken from
        :attr:`lazy_commands` (shortened by click's rule) instead of importing them."""
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None:
                summary = helptext.summary_help(self.lazy_commands[name][1])
                command = VendorlockCommand(name, help=summary)
            if not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(helptext.click_gettext("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])


def _run_lang(ctx: click.Context) -> Lang:
    """The language of the running command (its ``--lang``), else the locale's."""
    lang = ctx.meta.get(_LANG_META)
    return lang if isinstance(lang, Lang) else default_lang()


def _lang_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> Lang:
    lang = Lang(value) if value else default_lang()
    ctx.meta[_LANG_META] = lang  # shared with the root context: errors speak this language
    helptext.switch(lang)  # and so do the help and click's usage errors
    return lang


def lang_option(func: F) -> F:
    """``--lang fr|en``; default from the locale (LANG / LC_ALL / VENDORLOCK_LANG).

    Eager, as ``--help`` is: click handles eager options in the order they were typed, so
    ``vendorlock audit --lang fr --help`` prints the help in French, and every later option's
    usage error speaks the chosen language."""
    return click.option(
        "--lang",
        type=click.Choice([lang.value for lang in Lang]),
        default=None,
        is_eager=True,
        help="Language of messages and reports (default: from the locale).",
        callback=_lang_callback,
    )(func)


def _mapping(*decls: str, **extra: Any) -> Callable[[F], F]:
    return click.option(
        "--mapping",
        *decls,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="Mapping file (from validate --save-mapping): each sheet's table and each "
        "header's field, applied before recognition.",
        **extra,
    )


def mapping_option(func: F) -> F:
    """``--mapping FILE`` → ``mapping_path``: a mapping file written by ``validate
    --save-mapping`` (and edited), applied before headers are recognised."""
    return _mapping("mapping_path")(func)


#: Where :func:`kept_mapping_option` leaves the ``--mapping`` path (click context meta).
MAPPING_META = "vendorlock.mapping"


def _keep_mapping(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    ctx.meta[MAPPING_META] = value


def kept_mapping_option(func: F) -> F:
    """``--mapping FILE`` kept in the context (:data:`MAPPING_META`) instead of passed to the
    command: for commands that read it where their inputs are read, not in their body."""
    return _mapping(expose_value=False, callback=_keep_mapping)(func)


#: Where ``--source KIND:PATH`` leaves its ``(path, kind)`` pairs (click context meta).
SOURCES_META = "vendorlock.sources"


def _keep_sources(ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> None:
    pairs: list[tuple[str, str]] = []
    for value in values:
        kind, sep, path = value.partition(":")
        if not sep or not kind.strip() or not path:
            raise click.BadParameter(
                t("connectors.bad_source", _run_lang(ctx), value=value), param_hint="--source"
            )
        if not Path(path).exists():
            raise click.BadParameter(
                t("connectors.missing_path", _run_lang(ctx), path=path), param_hint="--source"
            )
        kind = kind.strip().lower()
        known = ["spreadsheet", *sorted(s.kind for s in _all_sources())]
        if kind not in known:
            message = t(
                "problem.unknown_source_kind", _run_lang(ctx), kind=kind, known=", ".join(known)
            )
            raise click.BadParameter(message, param_hint="--source")
        pairs.append((path, kind))
    ctx.meta[SOURCES_META] = tuple(pairs)


def _all_sources() -> Any:
    from vendorlock.sources import all_sources

    return all_sources()


def source_option(func: F) -> F:
    """``--source KIND:PATH`` (repeatable): read PATH with the connector KIND whatever its
    content (``vendorlock connectors list``); the path is added to the inputs."""
    return click.option(
        "--source",
        "sources",
        multiple=True,
        metavar="KIND:PATH",
        expose_value=False,
        callback=_keep_sources,
        help="Read PATH with the connector KIND (see `vendorlock connectors list`) instead of "
        "detecting it from content; repeatable, adds PATH to the inputs.",
    )(func)


def forced_sources() -> tuple[tuple[str, str], ...]:
    """The ``--source`` pairs of the running command (none outside a command)."""
    ctx = click.get_current_context(silent=True)
    found = ctx.meta.get(SOURCES_META, ()) if ctx is not None else ()
    return tuple(found)


def with_sources(paths: Sequence[Path]) -> list[Path]:
    """``paths`` and the ``--source`` paths not among them, in the order given (web inputs,
    given as text, stay text: a ``Path`` would fold the ``//`` of ``https://``)."""
    out = [p if isinstance(p, str) else Path(p) for p in paths]
    for path, _kind in forced_sources():
        if Path(path) not in out:
            out.append(Path(path))
    return out


def catalogue_option(func: F) -> F:
    """``--catalogue FILE`` → ``catalogue``: a catalogue of open-source alternatives (the SILL,
    CSV or sill.json) merged into the product catalogue like a rules file."""
    return click.option(
        "--catalogue",
        "catalogue",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="Catalogue of open-source alternatives to merge into the product catalogue: the "
        "SILL (CSV or sill.json, see `vendorlock connectors list`).",
    )(func)


def with_catalogue(
    overlays: Sequence[Path], catalogue: Path | None, lang: Lang
) -> tuple[Path, ...]:
    """``overlays`` and, with ``--catalogue``, the catalogue as one more registry overlay (a
    file in a folder removed when the command ends)."""
    if catalogue is None:
        return tuple(overlays)
    import tempfile

    from vendorlock.registry import load_registries
    from vendorlock.sources.interface import SourceError
    from vendorlock.sources.sill import write_overlay

    ctx = click.get_current_context()
    folder = Path(ctx.with_resource(tempfile.TemporaryDirectory(prefix="vendorlock-catalogue-")))
    try:
        path = write_overlay(catalogue, load_registries(tuple(overlays)), folder)
    except SourceError as exc:
        message = t(f"problem.{exc.code}", lang, **exc.params)
        raise click.BadParameter(f"{catalogue}: {message}", param_hint="--catalogue") from exc
    return (*overlays, path)


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


def output_option(
    help: str,
    default: Path | None = None,
    *,
    dest: str = "out_dir",
    folder: bool = True,
    required: bool = False,
) -> Callable[[F], F]:
    """``-o/--output`` → ``dest``: where the command writes, a folder (``folder``) or a file;
    ``help`` says what is written there, ``default`` (shown in the help) when not given."""
    return click.option(
        "-o",
        "--output",
        dest,
        type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path),
        default=default,
        show_default=default is not None,
        required=required,
        help=help,
    )


def format_option(
    choices: Sequence[str],
    help: str,
    *,
    dest: str = "formats",
    default: str | None = None,
) -> Callable[[F], F]:
    """``--format`` → ``dest``: repeatable (a tuple of formats) without a ``default``, else
    one format, ``default`` unless given (shown in the help)."""
    return click.option(
        "--format",
        dest,
        type=click.Choice(list(choices)),
        multiple=default is None,
        default=default,
        show_default=default is not None,
        help=help,
    )


def org_option(help: str, *, dest: str = "orgs", multiple: bool = True) -> Callable[[F], F]:
    """``--org ID`` → ``dest``: the organisations a command keeps (repeatable by default);
    :func:`only_orgs` applies it to a portfolio."""
    return click.option("--org", dest, multiple=multiple, default=None, help=help)


def quiet_option(help: str) -> Callable[[F], F]:
    """``-q/--quiet``: print less; ``help`` says what is still printed."""
    return click.option("-q", "--quiet", is_flag=True, help=help)


def force_option(help: str) -> Callable[[F], F]:
    """``--force``: overwrite what is there; ``help`` says what."""
    return click.option("--force", is_flag=True, help=help)


def engine_options(
    default: str,
    help: str,
    workers_help: str = "Local processes for --engine processes (default: one per core).",
) -> Callable[[F], F]:
    """``--engine``, ``--scheduler``, ``--workers``: where partitions of the work run (this
    process, local processes or a Dask cluster; the output is the same bytes whichever runs).
    ``help`` says what the engine runs, ``workers_help`` what else ``--workers`` sets."""

    def decorate(func: F) -> F:
        func = click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            help=workers_help,
        )(func)
        func = click.option(
            "--scheduler",
            default=None,
            help="Address of the Dask scheduler for --engine dask "
            "(for example tcp://10.0.0.5:8786).",
        )(func)
        return click.option(
            "--engine",
            type=click.Choice(["serial", "processes", "dask"]),
            default=default,
            show_default=True,
            help=help,
        )(func)

    return decorate


def as_of_option(func: F) -> F:
    """``--as-of YYYY-MM-DD`` → ``as_of`` (a datetime or None): the reference date."""
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Reference date YYYY-MM-DD for contract deadlines (default: today).",
    )(func)


def strict_option(func: F) -> F:
    """``--strict``: all-or-nothing reading (any inventory error refuses the run, exit 1)."""
    return click.option(
        "--strict",
        is_flag=True,
        help="Refuse the whole inventory on any error (exit 1) instead of setting bad rows aside.",
    )(func)


def verbose_option(func: F) -> F:
    return click.option("-v", "--verbose", count=True, help="More log output (repeatable).")(func)


def setup_logging(verbose: int) -> None:
    """Configure vendorlock's logger only (never the root logger)."""
    import logging  # 20 ms: paid by the commands that log, not by `--help`

    logger = logging.getLogger("vendorlock")
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else 10)


helptext.install()


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


class InputParam(click.ParamType):
    """An inventory input: an existing file or folder (a :class:`Path`), or a web address
    (``https://…/apirest.php``) kept as text, since a Path would fold its ``//``."""

    name = "path_or_url"

    def __init__(self, prefetch: bool = False) -> None:
        #: Start reading a workbook input's cells in a forked process as soon as it is named
        #: (:mod:`vendorlock.readers.prefetch`), while the command imports its modules.
        self.prefetch = prefetch

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if self.prefetch and isinstance(value, str | Path):
            # before the import below, which loads pandas: the child needs none of it
            from vendorlock.readers import prefetch

            prefetch.start(Path(value))
        from vendorlock.sources.weburl import is_url

        if is_url(value):
            return str(value)
        return click.Path(exists=True, path_type=Path).convert(value, param, ctx)


#: The type of every command's inventory inputs.
INPUT = InputParam()
#: The same, a workbook's cells prefetched (``audit``).
PREFETCHED_INPUT = InputParam(prefetch=True)


def paths_argument(
    name: str = "inputs", required: bool = True, prefetch: bool = False
) -> Callable[[F], F]:
    """The inventory inputs; ``prefetch``: a workbook's cells read while the command imports
    (:mod:`vendorlock.readers.prefetch`)."""
    kind = PREFETCHED_INPUT if prefetch else INPUT
    return click.argument(name, nargs=-1, required=required, type=kind)


def sbom_app_option(func: F) -> F:
    """``--app ID`` → ``sbom_app``: the CycloneDX SBOMs among the inputs are that application's
    supply chain."""
    return click.option(
        "--app",
        "sbom_app",
        default=None,
        metavar="ID",
        help="Read the CycloneDX SBOMs among the inputs as the supply chain of this application: "
        "their components become its parts, scored like any application.",
    )(func)


def only_orgs(portfolio: Portfolio, orgs: Sequence[str], lang: Lang) -> Portfolio:
    """``portfolio`` restricted to ``orgs`` (``--org``); an unknown id is a usage error naming
    the known ones."""
    if not orgs:
        return portfolio
    from vendorlock.model.portfolio import concat_portfolios

    known = portfolio.org_ids()
    unknown = sorted(set(orgs) - set(known))
    if unknown:
        raise click.BadParameter(
            t("audit.unknown_org", lang, orgs=", ".join(unknown), known=", ".join(known[:20])),
            param_hint="--org",
        )
    return concat_portfolios([portfolio.for_org(o) for o in orgs])


def ca_bundle_option(func: F) -> F:
    """``--ca-bundle FILE``: the certificate authorities a web input's TLS is checked against
    (verification itself is never turned off)."""
    return click.option(
        "--ca-bundle",
        "ca_bundle",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="CA certificates (PEM) to verify an https:// input against (e.g. an internal GLPI).",
    )(func)


def echo_lines(lines: Sequence[str], err: bool = False) -> None:
    """Print each line made inert (:func:`~vendorlock.textsafe.terminal_text`)."""
    for line in lines:
        click.echo(terminal_text(line), err=err)


def echo_safe(line: str, err: bool = False) -> None:
    """Print one line that may hold user text (names, ids, paths), made inert first.

    Every CLI printer of inventory-derived text goes through here or :func:`echo_lines`, so
    a name with a newline, an escape sequence or a bidi override cannot forge output lines.
    """
    click.echo(terminal_text(line), err=err)


def echo_error(text: str) -> None:
    """An error on stderr, ``vendorlock: `` first; each of its lines made inert."""
    lines = f"vendorlock: {text}".split("\n")
    click.echo("\n".join(terminal_text(x) for x in lines), err=True)


#: How many located problems or set-aside rows to print before summarising the rest.
MAX_PRINTED = 50


def load_checked(
    paths: Sequence[Path],
    registries: Registries,
    *,
    strict: bool,
    lang: Lang,
    refused: str,
    mapping: MappingFile | None = None,
    ca_bundle: Path | None = None,
) -> LoadResult:
    """Read an inventory for a command that works on it (audit, graph…).

    Strict: any error prints the located errors, the ``refused`` message and exits 1. Lenient
    (default): rows with errors are set aside, a count per reason is printed on stderr, and the
    run goes on unless nothing usable is left (no application: exit 1).
    """
    from vendorlock.model.problems import Severity
    from vendorlock.readers import LoadOptions, load_inventory
    from vendorlock.readers.setaside import split_unreadable, summary_text

    options = LoadOptions(
        lenient=not strict, mapping=mapping, ca_bundle=ca_bundle, forced=forced_sources()
    )
    result = load_inventory(with_sources(paths), registries, options)
    errors = result.errors()
    if (strict and errors) or not result.usable:
        shown = errors or [p for p in result.problems if p.severity is Severity.ERROR]
        echo_lines([p.render(lang) for p in shown[:MAX_PRINTED]], err=True)
        if len(shown) > MAX_PRINTED:
            click.echo(tn("audit.more_errors", len(shown) - MAX_PRINTED, lang), err=True)
        if strict and errors:
            click.echo(tn(refused, len(errors), lang), err=True)
        else:
            aside = len(result.set_aside)
            if aside or shown:
                click.echo(tn("setaside.nothing_left", aside, lang, rows=aside), err=True)
            else:  # read without error, but only contracts or editors (a GLPI contract list)
                held = tn("setaside.held", len(result.portfolio.contracts), lang)
                click.echo(t("setaside.no_applications", lang, held=held), err=True)
        raise SystemExit(EXIT_ERROR)
    if result.set_aside:
        echo_lines([r.render(lang) for r in result.set_aside[:MAX_PRINTED]], err=True)
        if len(result.set_aside) > MAX_PRINTED:
            more = len(result.set_aside) - MAX_PRINTED
            click.echo(tn("setaside.more", more, lang), err=True)
        rows, unreadable = split_unreadable(result.set_aside)
        if rows:
            reasons = summary_text(rows, lang)
            echo_safe(tn("setaside.summary", len(rows), lang, reasons=reasons), err=True)
        if unreadable:
            click.echo(tn("setaside.summary_unreadable", len(unreadable), lang), err=True)
    return result
