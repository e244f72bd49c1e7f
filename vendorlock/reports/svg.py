"""Plain SVG building blocks for the report charts: escaped text, measured labels, axes.

The charts are written as SVG strings rather than drawn with matplotlib: a bar is one
``<rect>``, so a chart costs microseconds instead of tens of milliseconds, the command does
not import a plotting library (~0.4 s), text stays text (searchable, sharp when scaled) and the
bytes are deterministic by construction.

Labels come from users' inventories (application, editor, body names): every one is escaped
here and stripped of control characters. A label too long for its room is wrapped at word
boundaries and, past the lines it is given, ended with « … » at a word boundary; the full text
then goes in a ``<title>`` (the tooltip), so nothing is lost. Widths are measured with the
advance widths of DejaVu Sans, the first font the charts ask for and one of the widest common
sans-serif fonts: text measured with it fits in the narrower fonts a phone substitutes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from html import escape

#: DejaVu Sans advance widths (thousandths of an em) of the printable ASCII characters,
#: from " " (32) to "~" (126), read from the font's hmtx table.
_ASCII_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
#: Widths of the non-ASCII characters French labels use that do not decompose to ASCII.
_OTHER_WIDTHS = {
    "\u00a0": 318, "\u202f": 200, "\u2009": 200, "\u200b": 0, "«": 612, "»": 612,
    "’": 318, "‘": 318, "“": 518, "”": 518, "—": 1000, "–": 500, "…": 1000, "€": 636,
    "œ": 1023, "Œ": 1070, "æ": 982, "Æ": 974, "ß": 630, "°": 500, "·": 318, "•": 590,
}  # fmt: skip
#: Any other character: wide (CJK) ones one em, the rest a generous average.
_DEFAULT_WIDTH = 650
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_BREAK = re.compile(r"[^ ]+?-(?=[^ ])|[^ ]+")
_SPACES = re.compile(" +")
FONT = 'font-family="DejaVu Sans, Verdana, sans-serif"'
ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_WIDTHS[code - 32]
    if ch in _OTHER_WIDTHS:
        return _OTHER_WIDTHS[ch]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    if unicodedata.combining(ch):
        return 0
    base = unicodedata.normalize("NFD", ch)[0]
    if base != ch and 32 <= ord(base) < 127:  # é, Ç, ô…: the width of their letter
        return _ASCII_WIDTHS[ord(base) - 32]
    return _DEFAULT_WIDTH


def clean(text: object) -> str:
    """``text`` as one line: control characters (tabs, newlines, bells) become spaces."""
    return _CONTROL.sub(" ", str(text))


def width(text: str, size: float) -> float:
    """The width of ``text`` at font ``size``, in the same unit as the size."""
    return sum(_char_width(c) for c in text) * size / 1000


def _ellipsize(text: str, room: float, size: float) -> str:
    """``text`` ended with « … » so it fits in ``room``: at a word boundary (a space or a
    hyphen) when one lies in the last third of the room, otherwise mid-word."""
    budget = room - width(ELLIPSIS, size)
    used, cut = 0.0, 0
    for i, ch in enumerate(text):
        used += _char_width(ch) * size / 1000
        if used > budget:
            break
        cut = i + 1
    head = text[:cut]
    boundary = max(head.rfind(" "), head.rfind("-") + 1 if head.rfind("-") > 0 else -1)
    if boundary > 0 and width(head[:boundary], size) >= budget * 2 / 3:
        head = head[:boundary]
    return head.rstrip(" ,;:—–") + ELLIPSIS


def _words(text: str) -> list[str]:
    """``text`` split where a line may break: at spaces and after hyphens; a word that
    followed a space keeps it in front (« a - b » stays « a - b »). Never at a no-break space
    (« 1 258 », « 3 membres » stay whole)."""
    return [
        (" " if m.start() and text[m.start() - 1] == " " else "") + m.group()
        for m in _BREAK.finditer(text)
    ]


def _join(words: Sequence[str]) -> str:
    return "".join(words).lstrip(" ")


def wrap(text: str, room: float, size: float, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``room`` wide, broken between words (or
    after a hyphen); the last line ends with « … » when the text does not fit."""
    text = _SPACES.sub(" ", clean(text)).strip(" ")
    if width(text, size) <= room:
        return [text]
    out: list[str] = []
    words = _words(text)
    current: list[str] = []
    for k, word in enumerate(words):
        if not current or width(_join([*current, word]), size) <= room:
            current.append(word)  # a word wider than the room alone is ellipsized below
            continue
        if len(out) == lines - 1:
            current = words[k - len(current) :]
            break
        out.append(_join(current))
        current = [word]
    out.append(_join(current))
    return [x if width(x, size) <= room else _ellipsize(x, room, size) for x in out]


def wrap_keeping(name: str, suffix: str, room: float, size: float, lines: int = 2) -> list[str]:
    """``name`` then ``suffix`` (« — 3 membres », « (9) ») wrapped like :func:`wrap`, the suffix
    never broken (no-break spaces) nor dropped: when the whole does not fit, ``name`` is the
    part ended with « … »."""
    glued = suffix[:1] + suffix[1:].replace(" ", "\u00a0")
    name = _SPACES.sub(" ", clean(name)).strip(" ")
    got = wrap(name + glued, room, size, lines)
    if got[-1].endswith(ELLIPSIS) or not got[-1].endswith(glued.strip(" ")):
        short = wrap(name, lines * room - width(glued, size) - 2 * size, size, 1)[0]
        got = wrap(short + glued, room, size, lines)
    return got


def shortened(text: str, lines: Sequence[str]) -> bool:
    """Whether ``lines`` (from :func:`wrap`) lost part of ``text``."""

    def bare(s: str) -> str:
        return s.replace(" ", "").replace("\u00a0", "")

    return bare("".join(lines)) != bare(clean(text))


def text(
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    full: str | None = None,
    anchor: str = "start",
    size: float | None = None,
    line_height: float = 11.0,
    extra: str = "",
) -> str:
    """A ``<text>`` of one or more lines (``<tspan>`` each), the first baseline at ``y``,
    escaped; with ``full`` (the text before it was shortened) a ``<title>`` tooltip."""
    attrs = f'x="{num(x)}" y="{num(y)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if size is not None:
        attrs += f' font-size="{num(size)}"'
    if extra:
        attrs += " " + extra
    if len(lines) == 1:
        body = escape(lines[0])
    else:
        body = "".join(
            f'<tspan x="{num(x)}" dy="{num(0 if i == 0 else line_height)}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
    tip = f"<title>{escape(clean(full))}</title>" if full is not None else ""
    return f"<text {attrs}>{body}{tip}</text>"


def label(
    x: float,
    y: float,
    value: object,
    room: float,
    size: float,
    *,
    lines: int = 1,
    anchor: str = "start",
    line_height: float | None = None,
    extra: str = "",
) -> str:
    """A user-supplied label fitted in ``room`` (see :func:`wrap`), its full text as tooltip
    when shortened; lines are centred on ``y`` when there are several."""
    raw = clean(value)
    got = wrap(raw, room, size, lines)
    step = line_height or size * 1.2
    first = y - step * (len(got) - 1) / 2
    return text(
        x,
        first,
        got,
        full=raw if shortened(raw, got) else None,
        anchor=anchor,
        size=size,
        line_height=step,
        extra=extra,
    )


def num(value: float) -> str:
    """A coordinate: one decimal, no trailing ``.0`` (smaller files, same bytes every run)."""
    s = f"{value:.1f}"
    if s == "-0.0":
        return "0"
    return s[:-2] if s.endswith(".0") else s


def rect(x: float, y: float, w: float, h: float, fill: str, tip: str | None = None) -> str:
    """A filled rectangle, with an escaped tooltip."""
    head = f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="{fill}"'
    return f"{head}/>" if tip is None else f"{head}><title>{escape(clean(tip))}</title></rect>"


def line(x1: float, y1: float, x2: float, y2: float, stroke: str = "#333") -> str:
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{stroke}"/>'


def document(
    w: float,
    h: float,
    title: str,
    body: str,
    size: float = 9,
    *,
    title_lines: Sequence[str] | None = None,
) -> str:
    """The ``<svg>`` element: a viewBox (the page scales it to its column), the chart's
    title top left, and an accessible name (``aria-label``) for screen readers.

    ``title_lines``: the title wrapped by the caller (a narrow chart), one line every 13 pt
    from the usual baseline; the caller's drawing starts below them."""
    t = escape(clean(title))
    bold = 'font-size="10.5" font-weight="bold"'
    if title_lines:
        head = text(6, 14, title_lines, line_height=13, extra=bold)
    else:
        head = f'<text x="6" y="14" {bold}>{t}</text>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(w)}pt" height="{num(h)}pt" '
        f'viewBox="0 0 {num(w)} {num(h)}" {FONT} font-size="{num(size)}" role="img" '
        f'aria-label="{t}">{head}{body}</svg>'
    )


def nice_max(value: float, ticks: int = 4) -> tuple[float, float]:
    """An axis top at or above ``value`` and a round step for about ``ticks`` ticks."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(value / step - 1e-9), step
