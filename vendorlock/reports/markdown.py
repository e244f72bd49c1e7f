"""Markdown helpers the group, diff and section reports share.

Every value taken from the inventory goes through :func:`md_text` (a line of prose, a list
item, a heading) or :func:`md_cell` (a table cell), which escape only what a Markdown reader
would misread at that position — an emphasis or code mark, a bracket that could open a link,
an underscore at a word's edge, an HTML tag's ``<``, an entity's ``&``, a line start taken
for a heading, a list or a quote, a pipe in a table — so that a name can neither format a
report, inject HTML nor hide a link behind words, and still reads as written when the
file is read as plain text (« Pont-Uzevalle-les-Bains », « l'éditeur (SaaS) : 3.5 », never
« Pont\\-Uzevalle\\-les\\-Bains », « l\\'éditeur \\(SaaS\\) \\: 3\\.5 »). The note for elected
officials (``audit.md``) is :mod:`vendorlock.reports.note`, whose
:func:`~vendorlock.reports.note.md_plain` follows the same idea. An address in angle brackets
is escaped like any tag (« \\<https://eur-lex.europa.eu/…> »): a value is never passed through
as markup, even a link that seems to show its own target (a control character inside it made
Markdown read it as text, and the brackets within as a hidden link).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

#: What is active anywhere in a line of CommonMark or GitHub Markdown.
_INLINE = (
    r"[`*\[\]~]"  # code spans, emphasis, links and images, strikethrough
    r"|\\(?=[!-/:-@\[-`{-~]|$)"  # a backslash that would escape what follows it
    r"|(?<![^\W_])_|_(?![^\W_])"  # an underscore at a word's edge (inside a word it is text)
    r"|<(?=[A-Za-z/!?])"  # an HTML tag or comment (« < 3 membres » is text)
    r"|&(?=#?\w+;)"  # an entity (« &amp; »; « R&D » is text)
)
_PROSE = re.compile(_INLINE)
_CELL = re.compile(_INLINE + r"|\|")  # a pipe ends a table cell
#: The characters every match above starts with: most values hold none, and one search for
#: them costs far less than the alternation's lookarounds at every position.
_MAYBE = re.compile(r"[`*\[\]~\\_<&|]")
#: ASCII control characters, DEL included: a reader shows none of them, and one inside
#: « <https://…> » turns an autolink back into text whose brackets would then open a link.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"[ \x00-\x1f\x7f]{2,}|[\x00-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f]+")
#: A line start read as a heading, a list item, a quote, a rule or a setext underline.
_LINE_START = re.compile(r"^(?=(?:[-+](?:\s|$)|#{1,6}(?:\s|$)|>|[-=]+\s*$))")
_LINE_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _escaped(match: re.Match[str]) -> str:
    return "\\" + match.group()


def md_cell(value: Any) -> str:
    """``value`` as inert text of a pipe-table cell, on one line."""
    if value is None:
        return ""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _CELL.sub(_escaped, text) if _MAYBE.search(text) else text


def md_text(value: Any, *, starts_line: bool = True) -> str:
    """``value`` as inert Markdown on one line; ``starts_line``: it may start a line or a
    list item's text, where « - », « # » or « 1. » would open a block (not in a heading's
    text after « ## », where « 1. Standards » is a title)."""
    if value is None:
        return ""
    # line breaks and runs of spaces as one space; a no-break space stays (str.split() would
    # take it for a space: « Coût de sortie : » lost the one before its colon)
    text = str(value)
    if "  " in text or _CONTROL.search(text):  # most values hold neither: no substitution
        text = _SPACES.sub(" ", text)
    text = text.strip(" ")
    if _MAYBE.search(text):
        text = _PROSE.sub(_escaped, text)
    if not starts_line:
        return text
    if text[:1].isdigit():
        return _LINE_ORDERED.sub(r"\1\\\2", text)
    return _LINE_START.sub("\\\\", text)


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A pipe table; cells must already be escaped with :func:`md_cell`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)
