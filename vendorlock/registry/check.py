"""Validate the registry sections of a rules file before anything is merged.

Every problem of a file is collected (types, unknown keys, duplicate ids, references to ids that
exist neither in the file nor in the registries it extends) and located by YAML line, so a user
fixes an overlay in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vendorlock.model.problems import Location, Problem, Severity
from vendorlock.registry.entries import Kind
from vendorlock.registry.spec import (
    DATE_PATTERN,
    DISABLED_KEY,
    FIELDS,
    ID_PATTERN,
    KIND_SECTION,
    REGISTRY_SECTIONS,
    SOURCED_SECTIONS,
    SOURCING_KEY,
    SOURCING_MODES,
    UNVERIFIED_MARKS,
    FieldRule,
    FieldType,
)
from vendorlock.yamlio import line_of, type_name

#: Raw registry state: section → id → fields (as loaded, plus ``_file`` / ``_line``).
RawState = dict[str, dict[str, dict[str, Any]]]

_ID_RE = re.compile(ID_PATTERN)


def empty_state() -> RawState:
    """A state with every section and no entry."""
    return {section: {} for section in REGISTRY_SECTIONS}


def _problem(path: Path, line: int | None, code: str, **params: Any) -> Problem:
    return Problem.make(Severity.ERROR, code, Location(file=str(path), row=line), **params)


def as_list(value: Any) -> list[str]:
    """A LIST field's value as a list of strings (one string counts as a one-item list)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _check_value(
    path: Path, line: int | None, section: str, entry_id: str, key: str, rule: FieldRule, value: Any
) -> list[Problem]:
    """Type, pattern and choice problems of one field value."""
    where = {"section": section, "id": entry_id, "key": key}
    if rule.type is FieldType.BOOL:
        if not isinstance(value, bool):
            return [
                _problem(
                    path,
                    line,
                    "registry_wrong_type",
                    expected="true/false",
                    got=type_name(value),
                    **where,
                )
            ]
        return []
    if rule.type is FieldType.LIST:
        if isinstance(value, str):
            items: list[Any] = [value]
        elif isinstance(value, list):
            items = value
        else:
            return [
                _problem(
                    path,
                    line,
                    "registry_wrong_type",
                    expected="list of text",
                    got=type_name(value),
                    **where,
                )
            ]
        out = []
        for index, item in enumerate(items):
            item_line = line_of(value, index, line) if isinstance(value, list) else line
            if not isinstance(item, str) or not item.strip():
                out.append(
                    _problem(
                        path,
                        item_line,
                        "registry_wrong_type",
                        expected="text",
                        got=type_name(item),
                        **where,
                    )
                )
            elif rule.choices is not None and item not in rule.choices:
                out.append(
                    _problem(
                        path,
                        item_line,
                        "registry_bad_choice",
                        value=item,
                        choices=", ".join(rule.choices),
                        **where,
                    )
                )
            elif rule.pattern is not None and not re.match(rule.pattern, item):
                out.append(
                    _problem(
                        path,
                        item_line,
                        "registry_bad_pattern",
                        value=item,
                        pattern=rule.pattern,
                        **where,
                    )
                )
        return out
    if value is None and rule.type is FieldType.OPTIONAL_TEXT:
        return []
    if not isinstance(value, str) or (rule.required and not value.strip()):
        return [
            _problem(
                path, line, "registry_wrong_type", expected="text", got=type_name(value), **where
            )
        ]
    if rule.choices is not None and value not in rule.choices:
        return [
            _problem(
                path,
                line,
                "registry_bad_choice",
                value=value,
                choices=", ".join(rule.choices),
                **where,
            )
        ]
    if rule.calendar and not is_calendar_date(value, rule.pattern):
        code = "registry_bad_date" if rule.pattern == DATE_PATTERN else "registry_bad_partial_date"
        return [_problem(path, line, code, value=value, **where)]
    if rule.pattern is not None and not re.match(rule.pattern, value):
        return [
            _problem(path, line, "registry_bad_pattern", value=value, pattern=rule.pattern, **where)
        ]
    return []


def is_calendar_date(value: str, pattern: str | None) -> bool:
    """Whether ``value`` matches ``pattern`` and names a day (or month, or year) that exists:
    ``2026-02-30`` and ``2026-13`` match the digits pattern but are no date."""
    if pattern is not None and not re.match(pattern, value):
        return False
    year, month, day = ([*map(int, value.split("-")), 1, 1])[:3]
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _check_entry(
    path: Path,
    section: str,
    entry: Mapping[Any, Any],
    line: int | None,
    entry_id: str,
    is_new: bool,
) -> list[Problem]:
    """Keys, types and required fields of one entry."""
    rules = FIELDS[section]
    problems: list[Problem] = []
    disabled = entry.get(DISABLED_KEY, False)
    for key, value in entry.items():
        key_line = line_of(entry, key, line)
        if key == DISABLED_KEY:
            if not isinstance(value, bool):
                problems.append(
                    _problem(
                        path,
                        key_line,
                        "registry_wrong_type",
                        section=section,
                        id=entry_id,
                        key=key,
                        expected="true/false",
                        got=type_name(value),
                    )
                )
            continue
        rule = rules.get(key) if isinstance(key, str) else None
        if rule is None:
            problems.append(
                _problem(
                    path,
                    key_line,
                    "registry_unknown_key",
                    section=section,
                    id=entry_id,
                    key=key,
                    allowed=", ".join(sorted(rules)),
                )
            )
            continue
        if key != "id":
            problems.extend(_check_value(path, key_line, section, entry_id, key, rule, value))
    if is_new and disabled is not True:
        for key, rule in rules.items():
            if rule.required and key not in entry:
                problems.append(
                    _problem(
                        path, line, "registry_missing_field", section=section, id=entry_id, key=key
                    )
                )
    return problems


def _entries(
    path: Path, data: Mapping[Any, Any], section: str
) -> tuple[list[tuple[Mapping[Any, Any], int | None, str]], list[Problem]]:
    """The well-formed entries of a section (mapping with a valid id) and the other problems."""
    items = data[section]
    section_line = line_of(data, section)
    if items is None:
        return [], []
    if not isinstance(items, list):
        return [], [
            _problem(
                path,
                section_line,
                "registry_section_not_list",
                section=section,
                got=type_name(items),
            )
        ]
    entries: list[tuple[Mapping[Any, Any], int | None, str]] = []
    problems: list[Problem] = []
    seen: dict[str, int | None] = {}
    for index, item in enumerate(items):
        line = line_of(items, index, section_line)
        if not isinstance(item, dict):
            problems.append(
                _problem(
                    path, line, "registry_entry_not_mapping", section=section, got=type_name(item)
                )
            )
            continue
        entry_id = item.get("id")
        if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
            problems.append(
                _problem(
                    path,
                    line_of(item, "id", line),
                    "registry_bad_id",
                    section=section,
                    id=entry_id,
                    pattern=ID_PATTERN,
                )
            )
            continue
        if entry_id in seen:
            problems.append(
                _problem(
                    path,
                    line,
                    "registry_duplicate_id",
                    section=section,
                    id=entry_id,
                    first=seen[entry_id],
                )
            )
            continue
        seen[entry_id] = line
        entries.append((item, line, entry_id))
    return entries, problems


def _references(section: str, fields: Mapping[str, Any]) -> Iterable[tuple[str, Kind, str]]:
    """(field, target kind, value) of every cross-reference an entry makes."""
    for key, rule in FIELDS[section].items():
        if rule.ref is None or key not in fields:
            continue
        values = as_list(fields[key]) if rule.type is FieldType.LIST else [fields[key]]
        for value in values:
            if isinstance(value, str):
                yield key, rule.ref, value


def is_unverified(text: str) -> bool:
    """Whether a source says the fact was not verified ("unverified", "general knowledge"…)."""
    lowered = text.lower()
    return any(mark in lowered for mark in UNVERIFIED_MARKS)


def is_strict(data: Mapping[Any, Any], require_sources: bool = False) -> bool:
    """Whether the sourcing rule applies to a file: asked for, or declared by the file."""
    return require_sources or data.get(SOURCING_KEY) == "strict"


def sourcing_problems(
    path: Path, section: str, entry: Mapping[Any, Any], line: int | None, entry_id: str
) -> list[Problem]:
    """What keeps one entry of a strict file from being cited: its source and check date.

    A disabled entry asserts nothing and needs neither; a group link needs its own source.
    """
    if section not in SOURCED_SECTIONS or entry.get(DISABLED_KEY) is True:
        return []
    problems = []
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append(_problem(path, line, "registry_unsourced", section=section, id=entry_id))
    elif is_unverified(source):
        problems.append(
            _problem(
                path,
                line_of(entry, "source", line),
                "registry_source_unverified",
                section=section,
                id=entry_id,
            )
        )
    if not entry.get("checked"):
        problems.append(_problem(path, line, "registry_unchecked", section=section, id=entry_id))
    if section == "formats" and not str(entry.get("name_fr") or "").strip():
        problems.append(
            _problem(path, line, "registry_no_french_name", section=section, id=entry_id)
        )
    if section == "editors" and entry.get("group"):
        group_source = entry.get("group_source")
        if (
            not isinstance(group_source, str)
            or not group_source.strip()
            or is_unverified(group_source)
        ):
            problems.append(
                _problem(
                    path,
                    line_of(entry, "group", line),
                    "registry_group_unsourced",
                    section=section,
                    id=entry_id,
                    group=entry.get("group"),
                )
            )
    return problems


def check_sections(
    data: Any, path: Path, base: RawState, require_sources: bool = False
) -> list[Problem]:
    """All problems of the registry sections of ``data`` (a rules file) applied over ``base``.

    With ``require_sources`` (or ``sourcing: strict`` in the file) every entry of the sourced
    sections must also carry a verified ``source`` and a ``checked`` date.
    """
    if not isinstance(data, dict):
        return [_problem(path, None, "registry_not_mapping", got=type_name(data))]
    problems: list[Problem] = []
    mode = data.get(SOURCING_KEY)
    if mode is not None and mode not in SOURCING_MODES:
        problems.append(
            _problem(
                path,
                line_of(data, SOURCING_KEY),
                "registry_bad_sourcing",
                value=mode,
                choices=", ".join(SOURCING_MODES),
            )
        )
    strict = is_strict(data, require_sources)
    parsed: dict[str, list[tuple[Mapping[Any, Any], int | None, str]]] = {}
    for section in REGISTRY_SECTIONS:
        if section not in data:
            continue
        entries, found = _entries(path, data, section)
        problems.extend(found)
        parsed[section] = entries
        for entry, line, entry_id in entries:
            is_new = entry_id not in base[section]
            problems.extend(_check_entry(path, section, entry, line, entry_id, is_new))
            if strict:
                problems.extend(sourcing_problems(path, section, entry, line, entry_id))
    problems.extend(_check_references(path, parsed, base))
    return problems


def _check_references(
    path: Path,
    parsed: Mapping[str, list[tuple[Mapping[Any, Any], int | None, str]]],
    base: RawState,
) -> list[Problem]:
    """References that do not resolve once the file is applied, and disabled ids still in use."""
    known = {section: set(base[section]) for section in REGISTRY_SECTIONS}
    disabled: dict[str, dict[str, int | None]] = {section: {} for section in REGISTRY_SECTIONS}
    for section, entries in parsed.items():
        for entry, line, entry_id in entries:
            if entry.get(DISABLED_KEY) is True:
                known[section].discard(entry_id)
                disabled[section][entry_id] = line
            else:
                known[section].add(entry_id)
    problems: list[Problem] = []
    overridden: dict[tuple[str, str], Mapping[Any, Any]] = {}
    for section, entries in parsed.items():
        for entry, line, entry_id in entries:
            overridden[(section, entry_id)] = entry
            if entry.get(DISABLED_KEY) is True:
                continue
            for key, target, value in _references(section, entry):
                if value not in known[KIND_SECTION[target]]:
                    problems.append(
                        _problem(
                            path,
                            line_of(entry, key, line),
                            "registry_unknown_ref",
                            section=section,
                            id=entry_id,
                            key=key,
                            target=target.value,
                            value=value,
                        )
                    )
    # Entries of the base that keep pointing at an id this file disables.
    for section, entries_by_id in base.items():
        for entry_id, fields in sorted(entries_by_id.items()):
            update = overridden.get((section, entry_id), {})
            if update.get(DISABLED_KEY) is True:
                continue
            for key, target, value in _references(section, fields):
                if key in update:
                    continue
                target_section = KIND_SECTION[target]
                if value in disabled[target_section]:
                    problems.append(
                        _problem(
                            path,
                            disabled[target_section][value],
                            "registry_disabled_in_use",
                            section=target_section,
                            id=value,
                            user_section=section,
                            user=entry_id,
                            key=key,
                        )
                    )
    return problems
