"""Validate a rule-pack file against the pack it extends, reporting every problem at once.

A rules file (the shipped ``rules/lockin.yaml`` / ``rules/costs.yaml`` or a user ``--rules``
overlay) is checked *before* it is merged: unknown keys, wrong types, unknown metrics, duplicate
ids, thresholds out of order, severities outside 0–1, missing English/French sentences and
placeholders a sentence cannot fill. Checks that need the merged result (an overlay changing
only ``direction``, or only ``levels.critical``) run on the merged values and are located at the
overlay's line. Problems carry the YAML line in ``location.row``.
"""

from __future__ import annotations

import copy
import difflib
import math
import re
import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vendorlock.metrics.interface import METRICS, Scope
from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.scoring.model import LEVEL_ORDER, Direction
from vendorlock.yamlio import line_of, type_name

#: Raw pack state: the merged YAML of every file read so far, before typing.
RawPack = dict[str, Any]

#: Largest magnitude of any number in a rules file (euros, months, thresholds): far above any
#: real parameter, far below where sums and products of costs lose precision or overflow.
MAX_NUMBER = 1e9
#: Month counts (notice, renewal, parallel run, months to the end): a century at most, so
#: decision dates computed from them stay within the calendar.
MAX_MONTHS = 1200

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGS = ("en", "fr")
OPS = (">", ">=", "<", "<=", "==", "!=")

#: Top-level keys of a rules file handled here; registry sections are checked by the registry.
PACK_KEYS = (
    "id",
    "version",
    "description",
    "levels",
    "unknown_factor",
    "min_coverage",
    "procurement_lead_months",
    "organisation",
    "actions",
    "references",
    "clauses",
    "criteria",
    "costs",
)
CRITERION_KEYS = (
    "id",
    "metric",
    "weight",
    "direction",
    "thresholds",
    "applies_when",
    "clause",
    "title",
    "reason",
    "remedy",
    "references",
    "source",
    "enabled",
)
CRITERION_REQUIRED = ("metric", "weight", "direction", "thresholds", "title", "reason", "remedy")
TEXT_FIELDS = ("title", "reason", "remedy")
LEVEL_KEYS = ("medium", "high", "critical")
ACTION_KEYS = (
    "keep_level",
    "exit_level",
    "min_alternatives",
    "pool_window_months",
    "pool_horizon_months",
    "default_notice_months",
)
ORG_KEYS = ("concentration_weight",)
REFERENCE_KEYS = ("title", "title_fr", "url", "verified", "note")
CLAUSE_KEYS = ("title", "references")

#: The cost model's parameters (the formulas are code, so their names are fixed here):
#: ``common`` and ``sizing`` hold parameters shared by several items.
COST_RANGES: dict[str, tuple[str, ...]] = {
    "common": ("day_rate",),
    "reimplementation": ("multiple_of_annual_cost", "customisation_uplift"),
    "data_migration": ("days", "per_gb", "closed_surcharge"),
    "interfaces": (
        "per_open_standard_flow",
        "per_other_flow",
        "per_platform_flow",
        "open_format_factor",
    ),
    "training": ("days_per_user", "cost_per_trainee_day"),
    "parallel_run": ("months", "share_of_annual_cost"),
    "contract_exit": ("remaining_share",),
    "sizing": (
        "population",
        "staff_per_1000_inhabitants",
        "gb_per_user",
        "annual_cost_per_user",
        "open_source_cost_share",
        "full_scale_population",
        "small_body_share",
    ),
}
COST_SCALARS: dict[str, tuple[str, ...]] = {"contract_exit": ("renewal_months",)}
#: Per-domain defaults of unknown drivers (``costs.domains.<domain>``).
COST_DOMAIN_DRIVERS = ("user_share", "flows")
COST_DEFAULTS = (
    "closed_storage_share",
    "open_standard_flow_share",
    "closed_flow_share",
    "platform_flows",
    "customisation_level",
    "months_to_end",
    "tacit_renewal",
    "notice_months",
)
RANGE_KEYS = ("low", "high", "source", "assumption", "note")

APP_METRICS = tuple(sorted(m for m, spec in METRICS.items() if spec.scope is Scope.APPLICATION))
#: Placeholders a criterion sentence may use: its own value and any application metric.
PLACEHOLDERS = frozenset(("value", *APP_METRICS))


def empty_state() -> RawPack:
    """The state before any file: no criterion, no setting."""
    return {
        "levels": {},
        "organisation": {},
        "actions": {},
        "references": {},
        "clauses": {},
        "criteria": {},
        "costs": {"defaults": {}, "domains": {}},
    }


class _Checker:
    """Collects the problems of one file; ``line`` falls back to the enclosing item's line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int | None, code: str, **params: Any) -> None:
        loc = Location(file=str(self.path), row=line)
        self.problems.append(Problem.make(Severity.ERROR, code, loc, **params))

    def mapping(self, value: Any, field: str, line: int | None) -> bool:
        if isinstance(value, Mapping):
            return True
        self.add(line, "pack_wrong_type", field=field, expected="mapping", got=type_name(value))
        return False

    def keys(self, data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                self.add(
                    line_of(data, key),
                    "pack_unknown_key",
                    key=str(key),
                    where=where,
                    expected=", ".join(allowed),
                )

    def number(
        self,
        value: Any,
        field: str,
        line: int | None,
        low: float | None = None,
        high: float | None = None,
    ) -> bool:
        """Whether ``value`` is a finite number within ``low``–``high`` (and ±MAX_NUMBER).

        The one number policy of rules files: NaN and infinities are refused, and so is any
        magnitude over :data:`MAX_NUMBER`, so no parameter can overflow a cost or a date.
        """
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(line, "pack_wrong_type", field=field, expected="number", got=type_name(value))
            return False
        if not math.isfinite(value):
            self.add(line, "pack_not_finite", field=field, value=str(value))
            return False
        low = -MAX_NUMBER if low is None else max(low, -MAX_NUMBER)
        high = MAX_NUMBER if high is None else min(high, MAX_NUMBER)
        if not low <= value <= high:
            self.add(
                line,
                "pack_out_of_range",
                field=field,
                value=value,
                low=_bound(low),
                high=_bound(high),
            )
            return False
        return True

    def text(self, value: Any, field: str, line: int | None) -> bool:
        if isinstance(value, str):
            return True
        self.add(line, "pack_wrong_type", field=field, expected="text", got=type_name(value))
        return False

    def ident(self, value: Any, field: str, line: int | None) -> bool:
        if not self.text(value, field, line):
            return False
        if not ID_RE.match(value):
            self.add(line, "pack_bad_id", field=field, id=value)
            return False
        return True

    def choice(self, value: Any, field: str, line: int | None, choices: Iterable[str]) -> bool:
        choices = tuple(choices)
        if not self.text(value, field, line):
            return False
        if value not in choices:
            self.add(line, "pack_bad_choice", field=field, value=value, choices=", ".join(choices))
            return False
        return True

    def id_list(self, value: Any, field: str, line: int | None) -> bool:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(
                line, "pack_wrong_type", field=field, expected="list of ids", got=type_name(value)
            )
            return False
        return True


def _bound(value: float | None) -> str:
    return "∞" if value is None else f"{value:g}"


def check_data(data: Any, path: Path, base: RawPack) -> list[Problem]:
    """Every problem of one rules file's pack sections, checked against ``base``.

    Registry sections (formats, standards…) are skipped here; ``check_pack_file`` asks the
    registry to check them.
    """
    c = _Checker(path)
    if data is None:
        return []
    if not isinstance(data, Mapping):
        c.add(1, "pack_not_mapping")
        return c.problems
    c.keys(data, (*PACK_KEYS, *_registry_sections()), "the rules file")
    for key in ("id", "version", "description"):
        if key in data and not isinstance(data[key], (str, int, float)):
            c.add(line_of(data, key), "pack_wrong_type", field=key, expected="text", got="mapping")
    if "unknown_factor" in data:
        c.number(data["unknown_factor"], "unknown_factor", line_of(data, "unknown_factor"), 0, 1)
    if "min_coverage" in data:
        c.number(data["min_coverage"], "min_coverage", line_of(data, "min_coverage"), 0, 1)
    if "procurement_lead_months" in data:
        line = line_of(data, "procurement_lead_months")
        c.number(data["procurement_lead_months"], "procurement_lead_months", line, 0, 120)
    _check_levels(c, data, base)
    _check_settings(c, data, "organisation", ORG_KEYS)
    _check_actions(c, data)
    _check_references(c, data)
    _check_clauses(c, data, base)
    _check_criteria(c, data, base)
    _check_costs(c, data, base)
    return c.problems


def _registry_sections() -> tuple[str, ...]:
    try:
        from vendorlock.registry.spec import REGISTRY_SECTIONS
    except ImportError:  # pragma: no cover - registry not installed yet
        return ("formats", "standards", "platforms", "editors", "products", "domains")
    return (*REGISTRY_SECTIONS, "sourcing")


def _check_levels(c: _Checker, data: Mapping[str, Any], base: RawPack) -> None:
    if "levels" not in data:
        return
    levels = data["levels"]
    if not c.mapping(levels, "levels", line_of(data, "levels")):
        return
    c.keys(levels, LEVEL_KEYS, "levels")
    given = [k for k in LEVEL_KEYS if k in levels]
    ok = all([c.number(levels[k], f"levels.{k}", line_of(levels, k), 0, 100) for k in given])
    merged = {**base["levels"], **{k: v for k, v in levels.items() if k in LEVEL_KEYS}}
    if ok and all(k in merged for k in LEVEL_KEYS):
        values = [merged[k] for k in LEVEL_KEYS]
        if not values[0] < values[1] < values[2]:
            c.add(
                line_of(data, "levels"),
                "pack_levels_order",
                medium=values[0],
                high=values[1],
                critical=values[2],
            )


def _check_settings(
    c: _Checker, data: Mapping[str, Any], section: str, keys: tuple[str, ...]
) -> None:
    if section not in data:
        return
    value = data[section]
    if not c.mapping(value, section, line_of(data, section)):
        return
    c.keys(value, keys, section)
    for key in keys:
        if key in value:
            c.number(value[key], f"{section}.{key}", line_of(value, key), 0, 1)


def _check_actions(c: _Checker, data: Mapping[str, Any]) -> None:
    if "actions" not in data:
        return
    value = data["actions"]
    if not c.mapping(value, "actions", line_of(data, "actions")):
        return
    c.keys(value, ACTION_KEYS, "actions")
    levels = [lv.value for lv in LEVEL_ORDER]  # a score band, never insufficient_data
    for key in ("keep_level", "exit_level"):
        if key in value:
            c.choice(value[key], f"actions.{key}", line_of(value, key), levels)
    for key in (
        "min_alternatives",
        "pool_window_months",
        "pool_horizon_months",
        "default_notice_months",
    ):
        if key in value:
            c.number(value[key], f"actions.{key}", line_of(value, key), 0, 120)


def _check_text(
    c: _Checker,
    value: Any,
    field: str,
    line: int | None,
    base: Mapping[str, Any] | None,
    placeholders: frozenset[str] | None,
    rule: str,
) -> None:
    """A ``{en, fr}`` sentence; ``placeholders`` None means plain text (no template)."""
    if not c.mapping(value, field, line):
        return
    c.keys(value, LANGS, field)
    merged = {**(base or {}), **value}
    for lang in LANGS:
        text = merged.get(lang)
        where = line_of(value, lang, line)
        if text is None or (isinstance(text, str) and not text.strip()):
            c.add(line, "pack_missing_text", rule=rule, field=field, lang=lang)
        elif c.text(text, f"{field}.{lang}", where) and placeholders is not None:
            _check_template(c, text, field, lang, where, placeholders, rule)


def _check_template(
    c: _Checker,
    text: str,
    field: str,
    lang: str,
    line: int | None,
    placeholders: frozenset[str],
    rule: str,
) -> None:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        c.add(line, "pack_bad_template", rule=rule, field=field, lang=lang, error=str(exc))
        return
    for name in names:
        if name not in placeholders:
            c.add(line, "pack_placeholder", rule=rule, field=field, lang=lang, name=name or "")


def _check_references(c: _Checker, data: Mapping[str, Any]) -> None:
    if "references" not in data:
        return
    refs = data["references"]
    if not c.mapping(refs, "references", line_of(data, "references")):
        return
    for ref_id, ref in refs.items():
        line = line_of(refs, ref_id)
        c.ident(ref_id, "references", line)
        if not c.mapping(ref, f"references.{ref_id}", line):
            continue
        c.keys(ref, REFERENCE_KEYS, f"reference '{ref_id}'")
        for key in ("title", "title_fr", "url", "note"):
            if key in ref:
                c.text(ref[key], f"references.{ref_id}.{key}", line_of(ref, key))
        for key in ("title", "title_fr"):  # French reports cite the French title
            if key not in ref:
                c.add(line, "pack_missing", field=key, where=f"reference '{ref_id}'")
        if "verified" in ref and not isinstance(ref["verified"], bool):
            got = type_name(ref["verified"])
            c.add(
                line_of(ref, "verified"),
                "pack_wrong_type",
                field="verified",
                expected="true/false",
                got=got,
            )


def _known_refs(data: Mapping[str, Any], base: RawPack) -> set[str]:
    refs = set(base["references"])
    if isinstance(data.get("references"), Mapping):
        refs |= set(data["references"])
    return refs


def _check_ref_ids(c: _Checker, value: Any, field: str, line: int | None, known: set[str]) -> None:
    if not c.id_list(value, field, line):
        return
    for i, ref in enumerate(value):
        if ref not in known:
            c.add(line_of(value, i, line), "pack_unknown_reference", field=field, ref=ref)


def _check_clauses(c: _Checker, data: Mapping[str, Any], base: RawPack) -> None:
    if "clauses" not in data:
        return
    clauses = data["clauses"]
    if not c.mapping(clauses, "clauses", line_of(data, "clauses")):
        return
    known = _known_refs(data, base)
    for clause_id, clause in clauses.items():
        line = line_of(clauses, clause_id)
        c.ident(clause_id, "clauses", line)
        if not c.mapping(clause, f"clauses.{clause_id}", line):
            continue
        c.keys(clause, CLAUSE_KEYS, f"clause '{clause_id}'")
        old = base["clauses"].get(clause_id, {})
        if "title" in clause:
            title_line = line_of(clause, "title")
            _check_text(c, clause["title"], "title", title_line, old.get("title"), None, clause_id)
        elif not old:
            c.add(line, "pack_missing", field="title", where=f"clause '{clause_id}'")
        if "references" in clause:
            refs_line = line_of(clause, "references")
            _check_ref_ids(c, clause["references"], "references", refs_line, known)


def _check_criteria(c: _Checker, data: Mapping[str, Any], base: RawPack) -> None:
    if "criteria" not in data:
        return
    items = data["criteria"]
    if not isinstance(items, list):
        got = type_name(items)
        c.add(
            line_of(data, "criteria"), "pack_wrong_type", field="criteria", expected="list", got=got
        )
        return
    seen: dict[str, int | None] = {}
    known_refs = _known_refs(data, base)
    known_clauses = set(base["clauses"])
    if isinstance(data.get("clauses"), Mapping):
        known_clauses |= set(data["clauses"])
    for i, item in enumerate(items):
        line = line_of(items, i)
        if not c.mapping(item, "criteria item", line):
            continue
        rule = item.get("id")
        if not c.ident(rule, "id", line_of(item, "id", line)):
            continue
        if rule in seen:
            c.add(line_of(item, "id", line), "pack_duplicate_id", id=rule, first=seen[rule] or 0)
            continue
        seen[rule] = line_of(item, "id", line)
        _check_criterion(c, item, line, base["criteria"].get(rule), known_refs, known_clauses)


def _check_criterion(
    c: _Checker,
    item: Mapping[str, Any],
    line: int | None,
    old: Mapping[str, Any] | None,
    known_refs: set[str],
    known_clauses: set[str],
) -> None:
    rule = str(item["id"])
    c.keys(item, CRITERION_KEYS, f"criterion '{rule}'")
    if "enabled" in item and not isinstance(item["enabled"], bool):
        got = type_name(item["enabled"])
        c.add(
            line_of(item, "enabled"),
            "pack_wrong_type",
            field="enabled",
            expected="true/false",
            got=got,
        )
    if old is None:
        if item.get("enabled") is False and len(item) <= 2:
            c.add(line, "pack_disable_unknown", id=rule)
            return
        for key in CRITERION_REQUIRED:
            if key not in item:
                c.add(line, "pack_missing", field=key, where=f"criterion '{rule}'")
    old = old or {}
    if "metric" in item:
        _check_metric(c, item["metric"], "metric", line_of(item, "metric"), rule)
    if "weight" in item:
        c.number(item["weight"], "weight", line_of(item, "weight"), 0, 100)
    if "direction" in item:
        choices = [d.value for d in Direction]
        c.choice(item["direction"], "direction", line_of(item, "direction"), choices)
    if "thresholds" in item or "direction" in item:
        direction = item.get("direction", old.get("direction"))
        thresholds = item.get("thresholds", old.get("thresholds"))
        where = line_of(item, "thresholds", line_of(item, "direction", line))
        _check_thresholds(c, thresholds, direction, where, rule)
    if "applies_when" in item:
        _check_condition(c, item["applies_when"], line_of(item, "applies_when"), rule)
    clause = item.get("clause")
    clause_line = line_of(item, "clause")
    if "clause" in item and c.text(clause, "clause", clause_line) and clause not in known_clauses:
        c.add(clause_line, "pack_unknown_clause", clause=clause)
    if "references" in item:
        _check_ref_ids(c, item["references"], "references", line_of(item, "references"), known_refs)
    if "source" in item:
        c.text(item["source"], "source", line_of(item, "source"))
    for field in TEXT_FIELDS:
        if field in item:
            placeholders = None if field == "title" else PLACEHOLDERS
            _check_text(
                c, item[field], field, line_of(item, field), old.get(field), placeholders, rule
            )


def _check_metric(c: _Checker, metric: Any, field: str, line: int | None, rule: str) -> bool:
    if not c.text(metric, field, line):
        return False
    spec = METRICS.get(metric)
    if spec is None:
        close = difflib.get_close_matches(metric, APP_METRICS, n=1)
        hint = close[0] if close else APP_METRICS[0]
        c.add(line, "pack_unknown_metric", rule=rule, metric=metric, hint=hint)
        return False
    if spec.scope is not Scope.APPLICATION:
        c.add(line, "pack_metric_scope", rule=rule, metric=metric, scope=spec.scope.value)
        return False
    return True


def _check_thresholds(
    c: _Checker, thresholds: Any, direction: Any, line: int | None, rule: str
) -> None:
    if thresholds is None:
        return
    if not isinstance(thresholds, list) or not thresholds:
        c.add(line, "pack_thresholds_empty", rule=rule)
        return
    pairs: list[tuple[float, float]] = []
    for i, t in enumerate(thresholds):
        tline = line_of(thresholds, i, line)
        if not c.mapping(t, "thresholds item", tline):
            return
        c.keys(t, ("at", "severity"), "a threshold")
        if "at" not in t or "severity" not in t:
            c.add(tline, "pack_missing", field="at/severity", where="a threshold")
            return
        at_ok = c.number(t["at"], "at", line_of(t, "at", tline))
        sev_ok = c.number(t["severity"], "severity", line_of(t, "severity", tline), 0, 1)
        if not (at_ok and sev_ok):
            return
        pairs.append((float(t["at"]), float(t["severity"])))
    if direction not in (d.value for d in Direction):
        return
    worse = 1 if direction == Direction.HIGHER_IS_WORSE.value else -1
    for i in range(1, len(pairs)):
        (prev_at, prev_sev), (at, sev) = pairs[i - 1], pairs[i]
        tline = line_of(thresholds, i, line)
        if (at - prev_at) * worse <= 0:
            c.add(
                tline,
                "pack_thresholds_order_up" if worse == 1 else "pack_thresholds_order_down",
                rule=rule,
                direction=direction,
                prev=f"{prev_at:g}",
                at=f"{at:g}",
            )
        elif sev < prev_sev:
            c.add(
                tline,
                "pack_severity_order",
                rule=rule,
                prev=f"{prev_sev:g}",
                now=f"{sev:g}",
            )


def _check_condition(c: _Checker, cond: Any, line: int | None, rule: str) -> None:
    if not c.mapping(cond, "applies_when", line):
        return
    c.keys(cond, ("metric", "op", "value"), "applies_when")
    for key in ("metric", "op", "value"):
        if key not in cond:
            c.add(line, "pack_missing", field=key, where=f"applies_when of '{rule}'")
    if "metric" in cond:
        _check_metric(c, cond["metric"], "applies_when.metric", line_of(cond, "metric", line), rule)
    if "op" in cond:
        c.choice(cond["op"], "applies_when.op", line_of(cond, "op", line), OPS)
    if "value" in cond:
        c.number(cond["value"], "applies_when.value", line_of(cond, "value", line))


def _check_costs(c: _Checker, data: Mapping[str, Any], base: RawPack) -> None:
    if "costs" not in data:
        return
    costs = data["costs"]
    if not c.mapping(costs, "costs", line_of(data, "costs")):
        return
    known = _known_refs(data, base)
    c.keys(costs, ("source", *COST_RANGES, "domains", "defaults"), "costs")
    if "source" in costs:
        c.text(costs["source"], "costs.source", line_of(costs, "source"))
    for item in COST_RANGES:
        if item not in costs:
            continue
        params = costs[item]
        if not c.mapping(params, f"costs.{item}", line_of(costs, item)):
            continue
        c.keys(params, (*COST_RANGES[item], *COST_SCALARS.get(item, ())), f"costs.{item}")
        for name in COST_RANGES[item]:
            if name in params:
                line = line_of(params, name)
                _check_range(c, params[name], f"costs.{item}.{name}", line, known)
        for name in COST_SCALARS.get(item, ()):
            if name in params:
                line = line_of(params, name)
                c.number(params[name], f"costs.{item}.{name}", line, 0, MAX_MONTHS)
    if "domains" in costs:
        _check_cost_domains(c, costs["domains"], line_of(costs, "domains"), known)
    if "defaults" in costs:
        defaults = costs["defaults"]
        if c.mapping(defaults, "costs.defaults", line_of(costs, "defaults")):
            c.keys(defaults, COST_DEFAULTS, "costs.defaults")
            for name, value in defaults.items():
                if name in COST_DEFAULTS:
                    _check_default(c, name, value, line_of(defaults, name))


def _check_cost_domains(c: _Checker, domains: Any, line: int | None, known: set[str]) -> None:
    if not c.mapping(domains, "costs.domains", line):
        return
    for domain, profile in domains.items():
        where = f"costs.domains.{domain}"
        dline = line_of(domains, domain, line)
        if not c.mapping(profile, where, dline):
            continue
        c.keys(profile, COST_DOMAIN_DRIVERS, where)
        for driver in COST_DOMAIN_DRIVERS:
            if driver in profile:
                pline = line_of(profile, driver, dline)
                _check_range(c, profile[driver], f"{where}.{driver}", pline, known)


def _check_default(c: _Checker, name: str, value: Any, line: int | None) -> None:
    """A default is one number or the {low, high} pair of values used for each estimate."""
    low: float = -MAX_MONTHS if name == "months_to_end" else 0
    high = MAX_MONTHS if "months" in name else None
    field = f"costs.defaults.{name}"
    if isinstance(value, Mapping):
        c.keys(value, ("low", "high"), field)
        for key in ("low", "high"):
            if key not in value:
                c.add(line, "pack_missing", field=key, where=field)
            else:
                c.number(value[key], f"{field}.{key}", line_of(value, key, line), low, high)
    else:
        c.number(value, field, line, low, high)


def _check_range(
    c: _Checker, value: Any, field: str, line: int | None, known: set[str] | None = None
) -> None:
    """A cost range: low ≤ high, both ≥ 0, and where it comes from (``source`` reference ids
    or ``assumption: true``) so no figure of the model is unexplained."""
    if not c.mapping(value, field, line):
        return
    c.keys(value, RANGE_KEYS, field)
    ok = True
    for key in ("low", "high"):
        if key not in value:
            c.add(line, "pack_missing", field=key, where=field)
            ok = False
        else:
            ok = c.number(value[key], f"{field}.{key}", line_of(value, key, line), 0) and ok
    if ok and value["low"] > value["high"]:
        c.add(line, "pack_range_order", field=field, low=value["low"], high=value["high"])
    if "note" in value:
        c.text(value["note"], f"{field}.note", line_of(value, "note", line))
    assumed = value.get("assumption", False)
    if not isinstance(assumed, bool):
        got = type_name(assumed)
        c.add(line, "pack_wrong_type", field=f"{field}.assumption", expected="true/false", got=got)
    if "source" in value:
        _check_ref_ids(c, value["source"], f"{field}.source", line, known or set())
    elif assumed is not True:
        c.add(line, "pack_cost_unsourced", field=field)


def check_complete(state: RawPack, path: Path) -> list[Problem]:
    """Problems of a merged pack that lacks a setting (only the shipped files can cause them)."""
    c = _Checker(path)
    for key in ("unknown_factor", "min_coverage", "procurement_lead_months"):
        if key not in state:
            c.add(None, "pack_missing", field=key, where="the rule pack")
    for key in LEVEL_KEYS:
        if key not in state["levels"]:
            c.add(None, "pack_missing", field=f"levels.{key}", where="the rule pack")
    for key in ACTION_KEYS:
        if key not in state["actions"]:
            c.add(None, "pack_missing", field=f"actions.{key}", where="the rule pack")
    for key in ORG_KEYS:
        if key not in state["organisation"]:
            c.add(None, "pack_missing", field=f"organisation.{key}", where="the rule pack")
    costs = state["costs"]
    for item, names in COST_RANGES.items():
        for name in (*names, *COST_SCALARS.get(item, ())):
            if name not in costs.get(item, {}):
                c.add(None, "pack_missing", field=f"costs.{item}.{name}", where="the cost model")
    for name in COST_DEFAULTS:
        if name not in costs["defaults"]:
            c.add(None, "pack_missing", field=f"costs.defaults.{name}", where="the cost model")
    for driver in COST_DOMAIN_DRIVERS:
        if driver not in costs["domains"].get("default", {}):
            field = f"costs.domains.default.{driver}"
            c.add(None, "pack_missing", field=field, where="the cost model")
    return c.problems


def merge(state: RawPack, data: Mapping[str, Any], path: Path) -> RawPack:
    """``state`` with a checked file's pack sections applied (a new dict; inputs untouched)."""
    out = copy.deepcopy(state)
    files = list(out.get("_files", []))
    files.append(str(path))
    out["_files"] = files
    for key in ("id", "version", "unknown_factor", "min_coverage", "procurement_lead_months"):
        if key in data:
            out[key] = data[key]
    for key in ("levels", "organisation", "actions"):
        out[key].update(dict(data.get(key) or {}))
    for ref_id, ref in (data.get("references") or {}).items():
        out["references"][ref_id] = {**out["references"].get(ref_id, {}), **dict(ref)}
    for clause_id, clause in (data.get("clauses") or {}).items():
        old = out["clauses"].get(clause_id, {})
        new = {**old, **dict(clause)}
        if "title" in clause:
            new["title"] = {**old.get("title", {}), **dict(clause["title"])}
        out["clauses"][clause_id] = new
    for item in data.get("criteria") or []:
        rule = item["id"]
        old = out["criteria"].get(rule, {})
        new = {**old, **{k: v for k, v in item.items()}}
        for field in TEXT_FIELDS:
            if field in item:
                new[field] = {**old.get(field, {}), **dict(item[field])}
        new["_file"] = str(path)
        new["_line"] = line_of(item, "id")
        out["criteria"][rule] = new
    costs = data.get("costs") or {}
    for item, params in costs.items():
        if item == "source":
            out["costs"]["source"] = params
        elif item == "domains":
            for domain, profile in params.items():
                out["costs"]["domains"].setdefault(domain, {}).update(dict(profile))
        else:
            out["costs"].setdefault(item, {}).update(dict(params))
    return out
