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
