"""One k-anonymity rule for every figure that shows members' money to other members.

A mutualisation structure's reports are read by all its members; what one member pays an
editor is commercially sensitive. So any money figure computed from fewer than k distinct bodies
— spend, cost per inhabitant or per user, medians and sums of them, exit costs (which embed the
yearly cost), an estimate priced on other bodies' contracts — is suppressed wherever another
member may read it: its value becomes null, the row names it under ``suppressed_fields`` and the
reports print "suppressed (fewer than k members)" in its place. A body's own figure is never
suppressed for itself (the ``viewer``). Counts, scores and lock-in indices are not money and
stay. k is the ``--min-group`` option of aggregate, compare, pool and simulate; the default is
the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from vendorlock.i18n import Lang, t

#: k when ``--min-group`` is not given.
DEFAULT_MIN_GROUP = 3
#: Key of a view row listing its suppressed fields.
SUPPRESSED_FIELDS = "suppressed_fields"


@dataclass(frozen=True)
class KAnonymity:
    """The rule with its threshold ``k`` (at least 2: one body alone is never a group)."""

    k: int = DEFAULT_MIN_GROUP

    def __post_init__(self) -> None:
        if self.k < 2:
            raise ValueError(f"min_group must be at least 2, got {self.k}")

    def shows(self, bodies: Iterable[Any], viewer: str | None = None) -> bool:
        """Whether a figure computed from ``bodies`` (body ids) may be shown to ``viewer``.

        Shown when no body is behind it (the figure is unknown anyway), when every body behind
        it is the viewer itself, or when at least k distinct bodies are.
        """
        distinct = {str(b) for b in bodies if b is not None}
        if not distinct or (viewer is not None and distinct <= {viewer}):
            return True
        return len(distinct) >= self.k

    def shows_count(self, bodies: int) -> bool:
        """:meth:`shows` when only the number of distinct bodies is known (no viewer)."""
        return bodies == 0 or bodies >= self.k

    def apply(
        self,
        row: MutableMapping[str, Any],
        fields: Sequence[str],
        bodies: Iterable[Any],
        viewer: str | None = None,
    ) -> bool:
        """Null ``fields`` of ``row`` (in place) unless their figures may be shown.

        Nested ranges (``{"low", "high"}``) are nulled member by member. The suppressed field
        names are appended to ``row["suppressed_fields"]`` (created empty when absent, so every
        row of a table has the key). Returns True when the figures stay.
        """
        return _suppress(row, fields, self.shows(bodies, viewer))

    def apply_count(
        self, row: MutableMapping[str, Any], fields: Sequence[str], bodies: int
    ) -> bool:
        """:meth:`apply` when only the number of distinct bodies is known (no viewer)."""
        return _suppress(row, fields, self.shows_count(bodies))

    def block(self, suppressed: int) -> dict[str, Any]:
        """The ``anonymity`` entry of a view: the threshold and how many figures it hid."""
        return {"min_group": self.k, "suppressed": suppressed}


def _suppress(row: MutableMapping[str, Any], fields: Sequence[str], show: bool) -> bool:
    """Null ``fields`` and list them under ``suppressed_fields`` unless ``show``."""
    listed = row.setdefault(SUPPRESSED_FIELDS, [])
    if show:
        return True
    for field in fields:
        value = row.get(field)
        row[field] = {key: None for key in value} if isinstance(value, Mapping) else None
        if field not in listed:
            listed.append(field)
    listed.sort()
    return False


def count_suppressed(rows: Iterable[Mapping[str, Any]]) -> int:
    """Figures suppressed over ``rows`` (each row's ``suppressed_fields``)."""
    return sum(len(r.get(SUPPRESSED_FIELDS) or ()) for r in rows)


def is_suppressed(row: Mapping[str, Any], field: str) -> bool:
    """Whether ``field`` of a view row was suppressed."""
    return field in (row.get(SUPPRESSED_FIELDS) or ())


@lru_cache(maxsize=64)  # one text per (k, language), printed in thousands of cells
def cell_text(k: int, lang: Lang) -> str:
    """What a report prints in place of a suppressed figure."""
    return t("group.suppressed", lang, k=k)


def note(k: int, lang: Lang) -> str:
    """The sentence stating the rule under a table or in a report's JSON."""
    return t("group.anon.note", lang, k=k)


def shown(row: Mapping[str, Any], field: str, value: Any, k: int, lang: Lang) -> Any:
    """``value`` for a report cell, or the suppression text when ``field`` was suppressed."""
    return cell_text(k, lang) if is_suppressed(row, field) else value


def with_note(view: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The view with its ``anonymity`` block stating the rule in ``lang`` (for the JSON)."""
    out = dict(view)
    block = dict(out.get("anonymity") or {})
    if "min_group" in block:
        block["note"] = note(int(block["min_group"]), lang)
    out["anonymity"] = block
    return out
