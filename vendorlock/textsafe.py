"""Text made inert for the places a user-supplied name ends up: terminals and XML.

One function per destination, used by every writer and printer, so a name from an inventory
(a spreadsheet cell, an organisation id) can neither forge output lines, reorder them on
screen, nor make an XML file invalid:

* :func:`terminal_text`: control characters (C0, DEL, C1: newlines, escape sequences), bidi
  embeddings, overrides, isolates and marks, zero-width characters and line/paragraph
  separators become U+FFFD; a tab becomes a space.
* :func:`xml_clean`: the characters XML 1.0 cannot carry (C0 controls other than tab, newline
  and carriage return, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. Escaping ``<&"`` is the
  serialiser's job; this only makes the text representable.
"""

from __future__ import annotations

import re

#: Characters XML 1.0 forbids even as character references.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Characters a terminal obeys or that change how a line reads: C0/DEL/C1 controls, bidi
#: embeddings/overrides (U+202A–202E), isolates (U+2066–2069), marks (U+200E, U+200F,
#: U+061C), zero-width characters (U+200B–200D, U+2060–2064, U+FEFF), line and paragraph
#: separators (U+2028, U+2029).
TERMINAL_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)

REPLACEMENT = "\ufffd"


def terminal_text(value: object, limit: int | None = None) -> str:
    """``value`` as one inert terminal line, cut to ``limit`` characters (with "…")."""
    text = "" if value is None else str(value).replace("\t", " ")
    text = TERMINAL_UNSAFE.sub(REPLACEMENT, text)
    if limit is not None and len(text) > limit:
        return text[: max(limit - 1, 0)] + "…"
    return text


def xml_clean(value: str) -> str:
    """``value`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return XML_ILLEGAL.sub(REPLACEMENT, value)
