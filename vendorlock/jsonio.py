"""JSON out, strictly: never ``NaN`` or ``Infinity`` (not JSON; most parsers reject them).

Every JSON writer (audit.json, group views, graph node-link, diff) goes through
:func:`dumps`. A non-finite number reaching a document is a bug or a parameter that escaped
the number policy of rules files; it becomes a :class:`ReportError` naming where it is in
the document instead of a file other tools cannot read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from vendorlock.errors import ReportError


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps(value, **options)`` with ``allow_nan=False``; a located error otherwise."""
    try:
        return json.dumps(value, allow_nan=False, **options)
    except ValueError as exc:
        where = non_finite_path(value)
        if where is None:
            raise
        raise ReportError.of("core.json_not_finite", where=where) from exc


def non_finite_path(value: Any, prefix: str = "$") -> str | None:
    """Path (``$.applications[3].score``) of the first NaN or infinity in ``value``, if any."""
    stack: list[tuple[str, Any]] = [(prefix, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return path
        if isinstance(item, Mapping):
            keys = sorted(item, key=str)
            stack.extend((f"{path}.{k}", item[k]) for k in reversed(keys))
        elif isinstance(item, list | tuple):
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(item))))
    return None


#: Containers this deep or deeper are written on one line by :func:`dumps_lines`.
LINE_DEPTH = 3


def dumps_lines(value: Any, depth: int = LINE_DEPTH) -> str:
    """``value`` as sorted-key UTF-8 JSON, indented by two spaces for its first ``depth``
    levels of containers and compact below (one list item or deep object per line).

    ``json.dumps(indent=2)`` falls back to Python's pure encoder, about 10× slower than the C
    one: a 500-member pool view (12 MB) took a second. Here the C encoder writes every deep
    part and Python only lays out the few outer levels, so the text stays line-diffable and two
    runs stay byte-identical. A NaN or infinity is refused with its path, as :func:`dumps` does.
    """
    encode = json.JSONEncoder(
        sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ": ")
    ).encode
    try:
        return "".join(_layout(value, depth, "", encode))
    except ValueError as exc:
        where = non_finite_path(value)
        if where is None:
            raise
        raise ReportError.of("core.json_not_finite", where=where) from exc


def _layout(value: Any, depth: int, pad: str, encode: Any) -> list[str]:
    inner = pad + "  "
    if (
        depth > 0
        and isinstance(value, Mapping)
        and value
        and all(isinstance(k, str) for k in value)
    ):
        parts = ["{\n"]
        for n, key in enumerate(sorted(value)):
            parts.append(f",\n{inner}" if n else inner)
            parts.append(f"{encode(key)}: ")
            parts.extend(_layout(value[key], depth - 1, inner, encode))
        parts.append(f"\n{pad}}}")
        return parts
    if depth > 0 and isinstance(value, list | tuple) and value:
        parts = ["[\n"]
        for n, item in enumerate(value):
            parts.append(f",\n{inner}" if n else inner)
            parts.extend(_layout(item, depth - 1, inner, encode))
        parts.append(f"\n{pad}]")
        return parts
    return [encode(value)]
