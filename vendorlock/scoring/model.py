"""The rule pack as typed, frozen values: criteria, levels, references, clauses, cost model.

A pack is read from YAML (``rules/lockin.yaml``, ``rules/costs.yaml`` and any ``--rules``
overlay), checked, merged and only then built into these records, so the scoring code never
sees a half-valid pack. Everything the score depends on is here and printed by ``vendorlock
rules show``: no scoring constant lives in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from string import Formatter
from types import MappingProxyType
from typing import Any

from vendorlock.i18n import Lang, french_spaces

# The levels live in a module without dependencies (the CLI names them in --help); re-exported.
from vendorlock.model.levels import ALL_LEVELS as ALL_LEVELS
from vendorlock.model.levels import LEVEL_ORDER as LEVEL_ORDER
from vendorlock.model.levels import Level as Level


class Status(StrEnum):
    """How one criterion was evaluated for one application."""

    SCORED = "scored"  # metric known: points = weight × severity
    UNKNOWN = "unknown"  # metric unknown: 0 to weight points (the band); headline weight × factor
    WAIVED = "waived"  # an accepted risk (waiver file): 0 points, reason kept
    NOT_APPLICABLE = "not_applicable"  # ``applies_when`` is false: 0 points


STATUS_ORDER: tuple[Status, ...] = tuple(Status)


class Direction(StrEnum):
    """Which way a metric gets worse."""

    HIGHER_IS_WORSE = "higher_is_worse"
    LOWER_IS_WORSE = "lower_is_worse"


class ActionKind(StrEnum):
    """What to do with an application at its next renewal."""

    COLLECT_DATA = "collect_data"  # insufficient data: collect the missing inputs first
    KEEP = "keep"
    RENEGOTIATE = "renegotiate"
    PREPARE_EXIT = "prepare_exit"
    POOL = "pool"


@dataclass(frozen=True)
class Text:
    """A sentence (or template) in both languages."""

    en: str
    fr: str

    def get(self, lang: Lang | str) -> str:
        return french_spaces(self.fr) if str(lang) == Lang.FR.value else self.en


@dataclass(frozen=True)
class Threshold:
    """From ``at`` on (in the criterion's direction), the criterion has this ``severity``."""

    at: float
    severity: float


@dataclass(frozen=True)
class Condition:
    """``applies_when``: the criterion counts only when ``metric op value`` holds."""

    metric: str
    op: str
    value: float


@dataclass(frozen=True)
class Reference:
    """A legal or normative text a criterion or clause rests on."""

    id: str
    title: str
    url: str
    verified: bool
    note: str = ""
    #: The French title (``title_fr`` in the pack; ``rules check`` requires it).
    title_fr: str = ""

    def label(self, lang: Lang | str) -> str:
        """The title in ``lang``: French reports show ``title_fr`` (its spaces before « : » and
        inside « » bound, as a rule sentence's: :func:`french_spaces`), else ``title``."""
        if str(lang) == Lang.FR.value:
            return french_spaces(self.title_fr) if self.title_fr else self.title
        return self.title


@dataclass(frozen=True)
class Clause:
    """A contract clause to demand at renewal, named by the criteria it answers."""

    id: str
    title: Text
    references: tuple[str, ...]


@dataclass(frozen=True)
class Criterion:
    """One lock-in criterion: a metric, a weight, thresholds, and what to tell the user."""

    id: str
    metric: str
    weight: float
    direction: Direction
    thresholds: tuple[Threshold, ...]
    title: Text
    reason: Text
    remedy: Text
    references: tuple[str, ...] = ()
    applies_when: Condition | None = None
    clause: str | None = None
    source: str = ""
    enabled: bool = True

    def severity_of(self, value: float) -> float:
        """Severity of one known value (the vectorised path is ``scoring.score``)."""
        reached = [
            t.severity
            for t in self.thresholds
            if (value >= t.at if self.direction is Direction.HIGHER_IS_WORSE else value <= t.at)
        ]
        return reached[-1] if reached else 0.0


@dataclass(frozen=True)
class Levels:
    """Lower bound (inclusive) of each level on the 0–100 score; ``low`` starts at 0."""

    medium: float
    high: float
    critical: float

    def of(self, score: float) -> Level:
        if score >= self.critical:
            return Level.CRITICAL
        if score >= self.high:
            return Level.HIGH
        if score >= self.medium:
            return Level.MEDIUM
        return Level.LOW


@dataclass(frozen=True)
class ActionParams:
    """Parameters of the renewal-action rule (see docs/rules.md, "Actions")."""

    exit_level: Level
    keep_level: Level
    min_alternatives: float
    pool_window_months: float
    default_notice_months: float
    #: pool only when the decision date is at most this many months after the audit date
    pool_horizon_months: float = 24.0


@dataclass(frozen=True)
class Range:
    """A money or quantity range used by the cost model, with where its figures come from:
    ``sources`` (reference ids of published figures) or ``assumption`` (none was found)."""

    low: float
    high: float
    sources: tuple[str, ...] = ()
    assumption: bool = False
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"low": self.low, "high": self.high}
        if self.sources:
            out["sources"] = list(self.sources)
        if self.assumption:
            out["assumption"] = True
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class CostModel:
    """Exit-cost parameters: ``params[item][name]`` ranges (``common`` and ``sizing`` included),
    ``defaults`` for unknown inputs (low = high for a single value), ``domains[domain][driver]``
    the per-domain defaults of ``user_share`` and ``flows`` (``default`` for other domains)."""

    params: Mapping[str, Mapping[str, Range]]
    scalars: Mapping[str, float]
    defaults: Mapping[str, Range]
    domains: Mapping[str, Mapping[str, Range]] = field(default_factory=lambda: MappingProxyType({}))
    source: str = ""

    def p(self, item: str, name: str) -> Range:
        return self.params[item][name]

    def domain(self, domain: str, driver: str) -> Range:
        """The ``driver`` default of ``domain`` (the ``default`` profile when not listed)."""
        profile = self.domains.get(domain) or self.domains["default"]
        return profile[driver]

    def as_json(self) -> dict[str, Any]:
        """Every parameter with its range and source, for the audit document."""
        return {
            "source": self.source,
            "parameters": {
                f"{item}.{name}": r.as_json()
                for item, names in self.params.items()
                for name, r in names.items()
            },
            "scalars": dict(self.scalars),
            "defaults": {k: {"low": r.low, "high": r.high} for k, r in self.defaults.items()},
            "domains": {
                d: {k: r.as_json() for k, r in prof.items()} for d, prof in self.domains.items()
            },
        }


@dataclass(frozen=True)
class OrgIndexParams:
    """Organisation lock-in index: ``(1 − w) × weighted mean + w × HHI / 100``."""

    concentration_weight: float


@dataclass(frozen=True)
class RulePack:
    """A checked, merged rule pack. ``criteria`` holds enabled criteria only, in file order."""

    id: str
    version: str
    levels: Levels
    unknown_factor: float
    procurement_lead_months: float
    min_coverage: float
    criteria: tuple[Criterion, ...]
    disabled: tuple[str, ...]
    references: Mapping[str, Reference]
    clauses: Mapping[str, Clause]
    actions: ActionParams
    organisation: OrgIndexParams
    costs: CostModel
    files: tuple[str, ...] = ()
    _by_id: Mapping[str, Criterion] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )

    def criterion(self, rule_id: str) -> Criterion:
        """The enabled criterion ``rule_id`` (KeyError when absent or disabled)."""
        found = self._by_id.get(rule_id)
        if found is None:
            raise KeyError(rule_id)
        return found

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def metrics_read(self) -> frozenset[str]:
        """Every metric the enabled criteria score, test (``applies_when``) or print (a
        ``{metric}`` placeholder in a title, reason or remedy): what an audit must compute."""
        names: set[str] = set()
        for crit in self.criteria:
            names.add(crit.metric)
            if crit.applies_when is not None:
                names.add(crit.applies_when.metric)
            for text in (crit.title, crit.reason, crit.remedy):
                for template in (text.en, text.fr):
                    names.update(n for _, n, _, _ in Formatter().parse(template) if n)
        return frozenset(names - {"value"})  # {value} is the criterion's own metric

    @property
    def max_points(self) -> float:
        return float(sum(c.weight for c in self.criteria))

    def as_json(self) -> dict[str, Any]:
        """What a report needs to let a reader recompute scores: settings and each criterion's
        metric, weight, direction and thresholds (sentences stay in ``rules show``)."""
        return {
            "id": self.id,
            "version": self.version,
            "files": list(self.files),
            "levels": {"medium": self.levels.medium, "high": self.levels.high,
                       "critical": self.levels.critical},
            "unknown_factor": self.unknown_factor,
            "min_coverage": self.min_coverage,
            "procurement_lead_months": self.procurement_lead_months,
            "concentration_weight": self.organisation.concentration_weight,
            "disabled": list(self.disabled),
            "criteria": [
                {
                    "id": c.id,
                    "metric": c.metric,
                    "weight": c.weight,
                    "direction": c.direction.value,
                    "thresholds": [{"at": t.at, "severity": t.severity} for t in c.thresholds],
                    "applies_when": (
                        {"metric": c.applies_when.metric, "op": c.applies_when.op,
                         "value": c.applies_when.value}
                        if c.applies_when else None
                    ),
                }
                for c in self.criteria
            ],
        }  # fmt: skip
