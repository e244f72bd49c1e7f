"""JSON out, strictly: never ``NaN`` or ``Infinity`` (not JSON; most parsers reject them).

Every JSON writer (audit.json, group views, graph node-link, diff) goes through
:func:`dumps`. A non-finite number reaching a document is a bug or a parameter that escaped
the number policy of rules files; it becomes a :class:`ReportError` naming where it is in
the document instead of a file other tools cannot read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from vendorlock.distinct import by_value, first_seen
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


#: The encoder's own writers of a string (UTF-8 kept), a float and an int.
_STRING = json.encoder.encode_basestring
_FLOAT = float.__repr__
_INT = int.__repr__

#: The compact encoder of audit.json's lines: sorted keys, UTF-8, ``,`` and ``": "``.
_ENCODE = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ": ")
).encode


def encode(value: Any, where: str = "$") -> str:
    """``value`` as the compact JSON of audit.json's lines; a NaN or infinity is refused with
    its path below ``where``."""
    try:
        return _ENCODE(value)
    except ValueError as exc:
        path = non_finite_path(value, where)
        if path is None:
            raise
        raise ReportError.of("core.json_not_finite", where=path) from exc


def fragments(values: Sequence[Any], where: str = "$") -> list[str]:
    """The JSON text of each value of a column: what :func:`encode` gives for each value,
    each distinct value encoded once (strings, numbers and ``None`` by the encoder's own C
    helpers) and the texts taken by value in C (``map`` over a dict), with no Python
    bytecode per value.

    A column of a report table repeats few distinct sentences, labels and numbers; writing a
    large document column by column this way is what makes it cheaper than encoding one
    object per row. Values of different types stay apart (``True``, ``1`` and ``1.0`` are
    equal in Python, not in JSON); a column holding a list or dict is encoded value by value.
    """
    types = set(map(type, values))
    if not types <= _SCALARS:
        return [_fragment(v, where, n) for n, v in enumerate(values)]
    found = first_seen(values, types)
    if found is None:
        return [_fragment(v, where, n) for n, v in enumerate(values)]
    for value in found[2]:
        if type(value) is float and (value != value or value in (math.inf, -math.inf)):
            n = next(i for i, v in enumerate(values) if v is value)
            raise ReportError.of("core.json_not_finite", where=f"{where}[{n}]")
    return by_value(found, map(_fragment, found[2]))


#: Types :func:`fragments` encodes once per distinct value.
_SCALARS = frozenset({str, float, int, bool, type(None)})


def _fragment(value: Any, where: str = "$", n: int = 0) -> str:
    """One value's JSON text (:func:`encode`), a scalar by the encoder's C helpers."""
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if kind is float:
        if value != value or value in (math.inf, -math.inf):
            raise ReportError.of("core.json_not_finite", where=f"{where}[{n}]")
        return _FLOAT(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return _INT(value)
    return encode(value, f"{where}[{n}]")


def objects(columns: Mapping[str, Sequence[str]]) -> list[str]:
    """Rows as compact JSON objects (sorted keys) from the JSON text of each column's values
    (:func:`fragments`): the same text as :func:`encode` of each row's dict."""
    keys = sorted(columns)
    if not keys:
        return []
    # one %-template per table: a single formatting operation per row
    template = "{" + ",".join(_ENCODE(k).replace("%", "%%") + ": %s" for k in keys) + "}"
    return [template % row for row in zip(*(columns[k] for k in keys), strict=True)]
