"""Waivers: accepted risks, recorded with who accepted them, why, and until when.

A waiver sets one criterion to ``waived`` (0 points) for one application (or ``*``, every
application) and keeps its reason for the report. Expired waivers are loaded but not applied,
and flagged; waivers that match nothing are flagged after scoring (see ``WaiverOutcome``), so
a stale waiver file never hides risk silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from vendorlock.i18n import Lang, tn
from vendorlock.model.problems import Location, Problem, Severity, sort_problems
from vendorlock.scoring.load import RulePackError, render_problem
from vendorlock.yamlio import line_of, load_yaml

WAIVER_KEYS = ("criterion", "application", "reason", "author", "expires")
#: ``application: "*"`` waives the criterion for every application.
ALL_APPLICATIONS = "*"


@dataclass(frozen=True)
class Waiver:
    """One accepted risk, located in its file for messages."""

    criterion: str
    application: str
    reason: str
    author: str
    expires: dt.date
    file: str = ""
    line: int | None = None

    def is_expired(self, as_of: dt.date) -> bool:
        """A waiver is valid through its expiry date and expired the day after."""
        return self.expires < as_of


@dataclass(frozen=True)
class WaiverSet:
    """Waivers of one file, split into those in force and those expired at ``as_of``."""

    as_of: dt.date
    active: tuple[Waiver, ...] = ()
    expired: tuple[Waiver, ...] = ()


class WaiverOutcomeKind(StrEnum):
    APPLIED = "applied"
    EXPIRED = "expired"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class WaiverOutcome:
    """What became of one waiver in a scoring run (``matched``: applications it waived)."""

    waiver: Waiver
    kind: WaiverOutcomeKind
    matched: int = 0


class WaiverError(RulePackError):
    """The waivers file is invalid; ``problems`` lists every problem."""

    def __init__(self, problems: list[Problem], lang: Lang | str = Lang.EN) -> None:
        super().__init__(problems, lang)
        lines = "\n".join(render_problem(p, lang) for p in self.problems)
        self.args = (f"{tn('scoring.waiver_error', len(self.problems), lang)}\n{lines}",)


def load_waivers(path: Path, as_of: dt.date) -> WaiverSet:
    """Read a waivers file (a YAML list, or ``waivers:`` holding one); every problem at once."""
    path = Path(path)
    data = load_yaml(path)
    problems: list[Problem] = []

    def add(line: int | None, code: str, **params: Any) -> None:
        loc = Location(file=str(path), row=line)
        problems.append(Problem.make(Severity.ERROR, code, loc, **params))

    items = data.get("waivers") if isinstance(data, Mapping) else data
    if data is None:
        items = []
    if not isinstance(items, list):
        add(1, "waiver_not_list")
        raise WaiverError(problems)
    waivers: list[Waiver] = []
    for i, item in enumerate(items):
        line = line_of(items, i)
        waiver = _waiver(item, line, path, add)
        if waiver is not None:
            waivers.append(waiver)
    if problems:
        raise WaiverError(sort_problems(problems))
    waivers.sort(key=lambda w: (w.criterion, w.application, w.expires, w.line or 0))
    return WaiverSet(
        as_of=as_of,
        active=tuple(w for w in waivers if not w.is_expired(as_of)),
        expired=tuple(w for w in waivers if w.is_expired(as_of)),
    )


def _waiver(item: Any, line: int | None, path: Path, add: Any) -> Waiver | None:
    if not isinstance(item, Mapping):
        add(line, "waiver_wrong_type", field="each item", expected="a mapping")
        return None
    ok = True
    for key in item:
        if key not in WAIVER_KEYS:
            add(line_of(item, key, line), "waiver_unknown_key", key=str(key))
            ok = False
    for key in WAIVER_KEYS:
        if key not in item or item[key] in (None, ""):
            add(line, "waiver_missing", field=key)
            ok = False
    for key in ("criterion", "application", "reason", "author"):
        if key in item and item[key] is not None and not isinstance(item[key], (str, int)):
            add(line_of(item, key, line), "waiver_wrong_type", field=key, expected="text")
            ok = False
    expires = item.get("expires")
    if isinstance(expires, str):
        try:
            expires = dt.date.fromisoformat(expires)
        except ValueError:
            expires = None
    if "expires" in item and item["expires"] is not None and not isinstance(expires, dt.date):
        add(
            line_of(item, "expires", line),
            "waiver_wrong_type",
            field="expires",
            expected="a date (YYYY-MM-DD)",
        )
        ok = False
    if not ok or not isinstance(expires, dt.date):
        return None
    if isinstance(expires, dt.datetime):
        expires = expires.date()
    return Waiver(
        criterion=str(item["criterion"]),
        application=str(item["application"]),
        reason=str(item["reason"]),
        author=str(item["author"]),
        expires=expires,
        file=str(path),
        line=line,
    )
