"""Validation problems: located, typed, rendered in the user's language.

A problem names where it is (file, sheet, spreadsheet row as the user sees it, column) and what
was expected. Problems are data: readers and validators collect all of them and the CLI decides
what to print and which exit code follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from vendorlock.i18n import Lang, t, t_counted


class Severity(StrEnum):
    """Errors make the inventory invalid; warnings are worth a look but do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem sits, as the user sees it (1-based rows, header row included)."""

    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def render(self, lang: Lang | str = Lang.EN, *, lines: bool = False) -> str:
        """``file: sheet 'X', row 4, column 'Y'``; ``lines`` for a text file (YAML rules),
        whose row is a line: ``file: line 4``. The one place French gets its non-breaking space
        before the colon."""
        parts: list[str] = []
        if self.sheet:
            parts.append(t("loc.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("loc.line" if lines else "loc.row", lang, row=self.row))
        if self.column:
            parts.append(t("loc.column", lang, column=self.column))
        where = ", ".join(parts)
        if self.file and where:
            return f"{self.file}{t('loc.colon', lang)}{where}"
        return self.file or where


@dataclass(frozen=True)
class Localised:
    """A message parameter that reads differently in each language (a column's label, a
    table's name): the user reads their own words, never a schema id."""

    en: str
    fr: str

    def get(self, lang: Lang | str) -> str:
        return self.fr if str(lang) == Lang.FR.value else self.en

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class Problem:
    """One problem found in the input. ``code`` selects the message ``problem.<code>``."""

    severity: Severity
    code: str
    location: Location = field(default_factory=Location)
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def make(
        cls,
        severity: Severity,
        code: str,
        location: Location | None = None,
        **params: Any,
    ) -> Problem:
        return cls(severity, code, location or Location(), tuple(sorted(params.items())))

    @property
    def param_dict(self) -> dict[str, Any]:
        return dict(self.params)

    def message(self, lang: Lang | str = Lang.EN) -> str:
        """The sentence alone, without the location."""
        params = {
            k: v.get(lang) if isinstance(v, Localised) else v for k, v in self.param_dict.items()
        }
        return t_counted(f"problem.{self.code}", lang, **params)

    def render(self, lang: Lang | str = Lang.EN, *, lines: bool = False) -> str:
        """One line: location, severity and message (``lines``: see :meth:`Location.render`)."""
        where = self.location.render(lang, lines=lines)
        sev = t(f"severity.{self.severity.value}", lang)
        colon = t("loc.colon", lang)
        line = f"{sev}{colon}{self.message(lang)}"
        return f"{where}{colon}{line}" if where else line

    def to_json(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        loc = self.location
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": loc.file,
            "sheet": loc.sheet,
            "row": loc.row,
            "column": loc.column,
            "message": self.message(lang),
            "params": {k: _jsonable(v) for k, v in self.params},
        }

    def sort_key(self) -> tuple[str, str, int, str, str]:
        loc = self.location
        return (loc.file, loc.sheet or "", loc.row or 0, loc.column or "", self.code)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order (file, sheet, row, column), for stable output."""
    return sorted(problems, key=Problem.sort_key)


def count_by_severity(problems: Iterable[Problem]) -> Mapping[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for p in problems:
        counts[p.severity] += 1
    return counts
