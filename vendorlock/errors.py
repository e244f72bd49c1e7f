"""Base errors, one per stage. The CLI turns any of them into one clean line and exit 1."""

from __future__ import annotations

from os import PathLike
from typing import Any, Self


class VendorlockError(Exception):
    """Root of every error vendorlock reports to the user without a traceback.

    Errors raised deep in the library, where the run's language is not known (writing a file,
    reading YAML), are built with :meth:`of` from a message key: ``str(exc)`` is English and
    the CLI renders :meth:`message` in the language of the command.
    """

    msg_key: str | None = None
    msg_params: dict[str, Any] | None = None

    @classmethod
    def of(cls, key: str, /, **params: Any) -> Self:
        """An error whose text is the catalogue message ``key`` filled with ``params``."""
        from vendorlock.i18n import t
        from vendorlock.textsafe import terminal_text

        # Paths and names in the message come from the user: made inert for the terminal.
        params = {
            k: terminal_text(v) if isinstance(v, str | PathLike) else v for k, v in params.items()
        }
        exc = cls(t(key, "en", **params))
        exc.msg_key, exc.msg_params = key, params
        return exc

    def message(self, lang: str) -> str:
        """The error's text in ``lang`` (its English text when it was not built from a key)."""
        if self.msg_key is None:
            return str(self)
        from vendorlock.i18n import t

        return t(self.msg_key, lang, **(self.msg_params or {}))


class ReaderError(VendorlockError):
    """An input file cannot be read at all (wrong kind, corrupt, encrypted, too big)."""


class RuleError(VendorlockError):
    """A rule pack or registry is invalid."""


class ReportError(VendorlockError):
    """A report cannot be written."""


class GroupError(VendorlockError):
    """A many-bodies command (aggregate, pool, compare, simulate, requirements) cannot proceed."""
