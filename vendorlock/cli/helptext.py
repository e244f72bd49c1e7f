"""The language click speaks: every command's and option's help, and click's own words.

The English texts live where they always did, in the commands' docstrings and their options'
``help=``; their French lives in ``vendorlock/locale/help/fr.yaml``, a gettext-style catalogue
whose keys are the English texts themselves (compared with their runs of spaces folded, so
re-wrapping a docstring changes nothing). Keying by the English is what keeps the two from
drifting: an English text edited without its French has no French any more, and
tests/cli/test_help_french.py names it, as it names a French entry no command uses any more.

Click's own words ("Usage:", "Show this message and exit.", "No such command…") go through
``gettext`` in click's modules; :func:`install` points click's ``_`` and ``ngettext`` at this
module, which answers from the same catalogue while a vendorlock command runs in French and
hands every other call to ``gettext`` unchanged (another click program in the same process, or
vendorlock in English, sees click as it is).

Which language: :func:`speaking` sets it for the time a command runs (the locale's, see
:func:`vendorlock.i18n.default_lang`), and a command's ``--lang`` switches it as soon as it is
parsed (an eager option, so ``vendorlock audit --lang fr --help`` is French). Nothing here is
read when the language is English: ``vendorlock --help`` in English loads no catalogue.
"""

from __future__ import annotations

import copy
import gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

import click

from vendorlock.i18n import Lang, french_spaces

#: The French catalogue of help texts and click's messages.
CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "help" / "fr.yaml"

#: The language of the running command's help and usage errors; None outside a command (click
#: then speaks as it always does).
_SPEAKING: ContextVar[Lang | None] = ContextVar("vendorlock_help_lang", default=None)

#: A line holding only ``\b`` in the catalogue: click's "keep this block as written" marker
#: (the control character itself cannot be written in YAML).
_NO_REWRAP = re.compile(r"^[ \t]*\\b[ \t]*$", re.MULTILINE)


def spoken() -> Lang:
    """The language help and click's messages are written in now (English outside a run)."""
    return _SPEAKING.get() or Lang.EN


@contextmanager
def speaking(lang: Lang | None) -> Iterator[None]:
    """Speak ``lang`` until the block ends (None: click's own English, untouched)."""
    token = _SPEAKING.set(lang)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def switch(lang: Lang) -> None:
    """Speak ``lang`` from now until the enclosing :func:`speaking` block ends (``--lang``)."""
    if _SPEAKING.get() is not None:
        _SPEAKING.set(lang)


def key(text: str) -> str:
    """What a text is looked up by: its words, runs of spaces and line breaks folded."""
    return " ".join(text.split())


def _summary(text: str) -> str:
    """The first sentence of a help text: what click lists a command by, however wide."""
    return click.Command(None, help=text).get_short_help_str(limit=1 << 30)


def _marked(text: str) -> str:
    return _NO_REWRAP.sub("\b", text)


@cache
def entries() -> dict[str, dict[str, str]]:
    """The catalogue as written: section (``click``, ``help``) → English → French, the ``\\b``
    markers restored and French typography's no-break spaces applied."""
    from vendorlock import yamlcache

    def parse(raw: bytes) -> Any:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(yamlcache.decoded(raw, "utf-8"), Loader=loader)

    data = yamlcache.load(CATALOGUE, CATALOGUE.read_bytes(), "help-catalogue", parse) or {}
    return {
        section: {_marked(pair["en"]): french_spaces(_marked(pair["fr"])) for pair in pairs}
        for section, pairs in data.items()
    }


@cache
def _french() -> dict[str, str]:
    """English key → French."""
    return {
        key(english): french for pairs in entries().values() for english, french in pairs.items()
    }


@cache
def _by_summary() -> dict[str, str]:
    """First sentence of an English help text → its whole French."""
    return {key(_summary(english)): french for english, french in entries()["help"].items()}


def french(text: str) -> str | None:
    """The French of an English help text or click message, None when it has none."""
    return _french().get(key(text))


def summary_help(summary: str) -> str:
    """The help a command not loaded yet is listed by, from its summary (the first paragraph
    of its English help): in French, the whole French help its first sentence starts (the
    listing shows only that sentence, shortened as click shortens it)."""
    if spoken() is Lang.EN:
        return summary
    return _by_summary().get(key(_summary(summary)), summary)


def translate(text: str, lang: Lang | None = None) -> str:
    """``text`` in ``lang`` (default: :func:`spoken`); the English itself when it has no
    translation (tests/cli/test_help_french.py keeps that from happening)."""
    if (lang or spoken()) is Lang.EN or not text:
        return text
    return french(text) or text


_gettext = gettext.gettext
_ngettext = gettext.ngettext


def click_gettext(message: str) -> str:
    """click's ``_``: the French of ``message`` while a command runs in French."""
    return translate(message) if spoken() is Lang.FR else _gettext(message)


def click_ngettext(singular: str, plural: str, count: int) -> str:
    """click's ``ngettext``; in French the singular also covers zero and one."""
    if spoken() is Lang.FR:
        return translate(singular if count < 2 else plural)
    return _ngettext(singular, plural, count)


#: click's modules whose messages a user reads (help, usage errors, value checks).
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types")


def install() -> None:
    """Point click's ``_`` and ``ngettext`` at :func:`click_gettext` and :func:`click_ngettext`."""
    import importlib

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        module._ = click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = click_ngettext  # type: ignore[attr-defined]


class HelpFormatter(click.HelpFormatter):
    """click's formatter; headings take French typography's no-break space before the colon."""

    def write_heading(self, heading: str) -> None:
        colon = "\u00a0:" if spoken() is Lang.FR else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")


class Context(click.Context):
    formatter_class = HelpFormatter


def translated_param(param: click.Parameter) -> click.Parameter:
    """``param`` with its help in the spoken language (a copy: the parameter is shared)."""
    text = getattr(param, "help", None)
    if spoken() is Lang.EN or not text:
        return param
    twin = copy.copy(param)
    twin.help = translate(text)
    return twin


#: The "; " click puts between an option's extras (``[default: 3; x>=2]``): in its last brackets.
_EXTRAS_SEPARATOR = re.compile(r"; (?=[^\[\]]*\]$)")


def help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """The option's line of ``--help`` (its declarations, its help) in the spoken language;
    in French, the separator click puts between its extras takes its no-break space too."""
    record = translated_param(param).get_help_record(ctx)
    if record is None or spoken() is Lang.EN:
        return record
    declarations, text = record
    return declarations, _EXTRAS_SEPARATOR.sub("\u00a0; ", text)


class Translated(click.Command):
    """A command whose help, options' help and summary are written in the spoken language.

    A group puts it after :class:`click.Group` among its bases, so that click's group adds its
    command list after these options."""

    context_class = Context

    def _twin(self) -> Translated:
        """This command with its help in the spoken language (self in English)."""
        if spoken() is Lang.EN or not self.help:
            return self
        twin = copy.copy(self)
        twin.help = translate(self.help)
        return twin

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super(Translated, self._twin()).format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        short = super(Translated, self._twin()).get_short_help_str(limit)
        # click rejoins the words with plain spaces: bind those French typography binds again
        return french_spaces(short) if spoken() is Lang.FR else short

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's, each option's help in the spoken language."""
        records = [
            record
            for param in self.get_params(ctx)
            if not isinstance(param, click.Argument)
            and (record := help_record(param, ctx)) is not None
        ]
        if records:
            with formatter.section(click_gettext("Options")):
                formatter.write_dl(records)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click makes the help option once per command and keeps its help text: make it in
        # English, whatever the first run speaks (its help is translated when printed)
        with speaking(None):
            return super().get_help_option(ctx)
