"""Markdown helpers the group and diff reports share.

Every value taken from the inventory goes through :func:`md_text`, which backslash-escapes
markdown and HTML punctuation so that a name can neither format a report, inject HTML nor become
a link. The note for elected officials (``audit.md``) is :mod:`vendorlock.reports.note`, whose
:func:`~vendorlock.reports.note.md_plain` escapes only what is active, so it reads as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~&\"'=@:$]")
_LINE_BREAKS = re.compile(r"[\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f]+")


def md_text(value: Any) -> str:
    """``value`` as inert markdown text on one line (every special character escaped)."""
    if value is None:
        return ""
    # a function, not the template r"\\\1": expanding a template per match costs 2-5x more
    return _MD_SPECIAL.sub(_escaped, _LINE_BREAKS.sub(" ", str(value)))


def _escaped(match: re.Match[str]) -> str:
    return "\\" + match.group()


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A pipe table; cells must already be escaped with :func:`md_text`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)
