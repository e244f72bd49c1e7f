"""Load the shipped rule pack, apply ``--rules`` overlays, and build the frozen :class:`RulePack`.

Files are read in order (``rules/lockin.yaml``, ``rules/costs.yaml``, then each overlay), each
checked against the state before it and merged only when clean; every problem of every file is
reported in one :class:`RulePackError` and nothing runs on a broken pack.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from vendorlock.errors import RuleError
from vendorlock.i18n import Lang, tn
from vendorlock.model.problems import Location, Problem, Severity, sort_problems
from vendorlock.resources import data_dir
from vendorlock.scoring.check import (
    COST_DOMAIN_DRIVERS,
    COST_RANGES,
    COST_SCALARS,
    RawPack,
    check_complete,
    check_data,
    empty_state,
    merge,
)
from vendorlock.scoring.model import (
    ActionParams,
    Clause,
    Condition,
    CostModel,
    Criterion,
    Direction,
    Level,
    Levels,
    OrgIndexParams,
    Range,
    Reference,
    RulePack,
    Text,
    Threshold,
)
from vendorlock.yamlio import FileKey, file_keys, load_yaml

logger = logging.getLogger(__name__)

#: The shipped pack files, in load order.
BUILTIN_FILES = ("lockin.yaml", "costs.yaml")


class RulePackError(RuleError):
    """A rule pack (shipped or a user overlay) is invalid; ``problems`` lists every problem."""

    def __init__(self, problems: Sequence[Problem], lang: Lang | str = Lang.EN) -> None:
        self.problems = tuple(sort_problems(problems))
        lines = "\n".join(render_problem(p, lang) for p in self.problems)
        super().__init__(f"{tn('scoring.pack_error', len(self.problems), lang)}\n{lines}")


def render_problem(problem: Problem, lang: Lang | str = Lang.EN) -> str:
    """``FILE: line N: error: message`` — rule files are located by YAML line."""
    return problem.render(lang, lines=True)


#: Limits of :func:`vendorlock.yamlio.load_yaml` (size, depth) and their problem codes.
_YAML_LIMIT_CODES = {
    "core.yaml_too_large": "pack_yaml_too_large",
    "core.yaml_too_deep": "pack_yaml_too_deep",
}


def _read(path: Path) -> tuple[Any, list[Problem]]:
    """YAML data of ``path``, or a located problem when it cannot be parsed at all."""
    try:
        return load_yaml(path), []
    except RuleError as exc:
        code = _YAML_LIMIT_CODES.get(exc.msg_key or "")
        if code is not None:  # a limit of the YAML reader: its own localised message
            params = {k: v for k, v in (exc.msg_params or {}).items() if k != "path"}
            loc = Location(file=str(path), row=params.get("line"))
            return None, [Problem.make(Severity.ERROR, code, loc, **params)]
        detail = str(exc).removeprefix(f"{path}: ")
        loc = Location(file=str(path))
        return None, [Problem.make(Severity.ERROR, "pack_yaml", loc, detail=detail)]


def _apply(state: RawPack, paths: Sequence[Path]) -> tuple[RawPack, list[Problem]]:
    problems: list[Problem] = []
    for path in paths:
        data, read_problems = _read(path)
        found = read_problems or check_data(data, path, state)
        problems += found
        if not found and isinstance(data, Mapping):
            state = merge(state, data, path)
    return state, problems


@cache
def _builtin_state() -> RawPack:
    folder = data_dir("rules")
    state, problems = _apply(empty_state(), [folder / name for name in BUILTIN_FILES])
    problems += check_complete(state, folder / BUILTIN_FILES[0])
    if problems:
        raise RulePackError(problems)
    return state


def builtin_state() -> RawPack:
    """The merged raw state of the shipped pack (a copy callers may not mutate)."""
    return _builtin_state()


def load_pack(overlays: Sequence[Path] = ()) -> RulePack:
    """The shipped rule pack with each overlay applied in order.

    Raises :class:`RulePackError` (a ``RuleError``) listing every problem of every file, each
    located by YAML line.
    """
    return _load_pack(file_keys(overlays))


@lru_cache(maxsize=16)
def _load_pack(keys: tuple[FileKey, ...]) -> RulePack:
    state, problems = _apply(_builtin_state(), [Path(k[0]) for k in keys])
    if problems:
        raise RulePackError(problems)
    return build(state)


def check_pack_file(path: Path) -> list[Problem]:
    """Every problem of one user rules file, as an overlay on the shipped pack.

    Registry sections (formats, standards, platforms, editors, products, domains) are checked by
    ``vendorlock.registry`` when it is available, so ``rules check`` validates the whole file.
    """
    path = Path(path)
    data, problems = _read(path)
    if problems:
        return problems
    problems = check_data(data, path, _builtin_state())
    if isinstance(data, Mapping):
        problems += _registry_problems(data, path)
    return sort_problems(problems)


def _registry_problems(data: Mapping[str, Any], path: Path) -> list[Problem]:
    try:
        from vendorlock.registry.load import check_registry_sections
    except ImportError:  # pragma: no cover - the registry is written in parallel
        logger.info("registry checker unavailable; registry sections of %s not checked", path)
        return []
    return list(check_registry_sections(data, path))


def build(state: RawPack) -> RulePack:
    """Type the merged raw state (already checked) into a frozen :class:`RulePack`."""
    refs = {
        ref_id: Reference(
            id=ref_id,
            title=str(r["title"]),
            url=str(r.get("url", "")),
            verified=bool(r.get("verified", False)),
            note=str(r.get("note", "")),
            title_fr=str(r.get("title_fr", "")),
        )
        for ref_id, r in sorted(state["references"].items())
    }
    clauses = {
        cid: Clause(cid, _text(c["title"]), tuple(c.get("references", ())))
        for cid, c in sorted(state["clauses"].items())
    }
    criteria: list[Criterion] = []
    disabled: list[str] = []
    for rule_id, raw in state["criteria"].items():
        if raw.get("enabled", True) is False:
            disabled.append(rule_id)
            continue
        criteria.append(_criterion(rule_id, raw))
    lv = state["levels"]
    act = state["actions"]
    return RulePack(
        id=str(state.get("id", "")),
        version=str(state.get("version", "")),
        levels=Levels(float(lv["medium"]), float(lv["high"]), float(lv["critical"])),
        unknown_factor=float(state["unknown_factor"]),
        min_coverage=float(state["min_coverage"]),
        procurement_lead_months=float(state["procurement_lead_months"]),
        criteria=tuple(criteria),
        disabled=tuple(sorted(disabled)),
        references=MappingProxyType(refs),
        clauses=MappingProxyType(clauses),
        actions=ActionParams(
            exit_level=Level(act["exit_level"]),
            keep_level=Level(act["keep_level"]),
            min_alternatives=float(act["min_alternatives"]),
            pool_window_months=float(act["pool_window_months"]),
            default_notice_months=float(act["default_notice_months"]),
            pool_horizon_months=float(act["pool_horizon_months"]),
        ),
        organisation=OrgIndexParams(float(state["organisation"]["concentration_weight"])),
        costs=_costs(state["costs"]),
        files=tuple(state.get("_files", ())),
        _by_id=MappingProxyType({c.id: c for c in criteria}),
    )


def _text(raw: Mapping[str, Any]) -> Text:
    return Text(en=str(raw["en"]), fr=str(raw["fr"]))


def _criterion(rule_id: str, raw: Mapping[str, Any]) -> Criterion:
    cond = raw.get("applies_when")
    return Criterion(
        id=rule_id,
        metric=str(raw["metric"]),
        weight=float(raw["weight"]),
        direction=Direction(raw["direction"]),
        thresholds=tuple(
            Threshold(float(th["at"]), float(th["severity"])) for th in raw["thresholds"]
        ),
        title=_text(raw["title"]),
        reason=_text(raw["reason"]),
        remedy=_text(raw["remedy"]),
        references=tuple(raw.get("references", ())),
        applies_when=(
            Condition(str(cond["metric"]), str(cond["op"]), float(cond["value"])) if cond else None
        ),
        clause=raw.get("clause"),
        source=str(raw.get("source", "")),
        enabled=True,
    )


def _range(raw: Mapping[str, Any]) -> Range:
    return Range(
        float(raw["low"]),
        float(raw["high"]),
        sources=tuple(str(x) for x in raw.get("source") or ()),
        assumption=bool(raw.get("assumption", False)),
        note=str(raw.get("note", "")),
    )


def _default(value: Any) -> Range:
    if isinstance(value, Mapping):
        return Range(float(value["low"]), float(value["high"]))
    return Range(float(value), float(value))


def _costs(raw: Mapping[str, Any]) -> CostModel:
    params = {
        item: MappingProxyType({name: _range(raw[item][name]) for name in names})
        for item, names in COST_RANGES.items()
    }
    scalars = {
        f"{item}.{name}": float(raw[item][name])
        for item, names in COST_SCALARS.items()
        for name in names
    }
    default_profile = raw["domains"]["default"]
    domains = {
        domain: MappingProxyType(
            {
                driver: _range(profile.get(driver, default_profile[driver]))
                for driver in COST_DOMAIN_DRIVERS
            }
        )
        for domain, profile in sorted(raw["domains"].items())
    }
    return CostModel(
        params=MappingProxyType(params),
        scalars=MappingProxyType(scalars),
        defaults=MappingProxyType({k: _default(v) for k, v in raw["defaults"].items()}),
        domains=MappingProxyType(domains),
        source=str(raw.get("source", "")),
    )
