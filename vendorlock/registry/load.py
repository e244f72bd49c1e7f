"""Load the shipped registries from ``rules/`` and apply user overlays on top of them.

The shipped files and a user's rules file go through the same checker and the same merge, one
file after the other: an entry whose id exists updates the fields it gives (aliases are
appended), a new id adds an entry, ``disabled: true`` removes one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

import yaml

from vendorlock import yamlcache, yamlio
from vendorlock.errors import RuleError
from vendorlock.i18n import Lang, tn
from vendorlock.model.problems import Location, Problem, Severity, sort_problems
from vendorlock.registry import normalise_key
from vendorlock.registry.check import (
    RawState,
    as_list,
    check_sections,
    empty_state,
    sourcing_problems,
)
from vendorlock.registry.entries import (
    DomainEntry,
    EditorEntry,
    Entry,
    FormatEntry,
    LicenceCategory,
    LicenceEntry,
    Openness,
    PlatformEntry,
    ProductEntry,
    StandardEntry,
)
from vendorlock.registry.registries import Registries
from vendorlock.registry.spec import (
    DISABLED_KEY,
    FIELDS,
    KIND_SECTION,
    REGISTRY_SECTIONS,
    SOURCED_SECTIONS,
    SOURCING_KEY,
)
from vendorlock.resources import data_dir
from vendorlock.yamlio import FileKey, file_keys, load_yaml

#: Shipped registry files, in dependency order (a file only names ids of the files before it).
BUILTIN_FILES: tuple[str, ...] = (
    "domains.yaml",
    "formats.yaml",
    "standards.yaml",
    "editors.yaml",
    "catalogue.yaml",
    "licences.yaml",
)

#: The opt-in overlay of facts no citable source confirmed yet, relative to the rules folder.
UNVERIFIED_OVERLAY_NAME: str = "overlays/unverified.yaml"


def unverified_overlay() -> Path:
    """Path of the shipped opt-in overlay (editors and products still to verify).

    The default packs are held to the sourcing rule; what could not be verified lives in this
    file, loaded only when passed explicitly (``--rules``, ``load_registries([path])``).
    """
    return data_dir("rules") / UNVERIFIED_OVERLAY_NAME


class RegistryError(RuleError):
    """Registry data (shipped or a user overlay) is invalid; ``problems`` lists every problem."""

    def __init__(self, problems: Sequence[Problem], lang: Lang | str = Lang.EN) -> None:
        self.problems = tuple(sort_problems(problems))
        lines = "\n".join(render_problem(p, lang) for p in self.problems)
        head = tn("registry.problems", len(self.problems), lang)
        super().__init__(f"{head}\n{lines}")


def render_problem(problem: Problem, lang: Lang | str = Lang.EN) -> str:
    """ "path: line N: error: message" — rule files are located by YAML line, not row."""
    return problem.render(lang, lines=True)


def raw_state(registries: Registries) -> RawState:
    """The registries as raw fields, the base an overlay is checked and merged against."""
    state = empty_state()
    for section in REGISTRY_SECTIONS:
        entries: Mapping[str, Any] = getattr(registries, section)
        state[section] = {
            entry_id: {k: v for k, v in asdict(entry).items() if v is not None}
            for entry_id, entry in entries.items()
        }
    return state


def _apply(state: RawState, data: Mapping[str, Any], path: Path) -> None:
    """Merge the registry sections of a checked file into ``state`` (in place)."""
    for section in REGISTRY_SECTIONS:
        for item in data.get(section) or ():
            entry_id = item["id"]
            if item.get(DISABLED_KEY) is True:
                state[section].pop(entry_id, None)
                continue
            rules = FIELDS[section]
            fields = {k: v for k, v in item.items() if k != DISABLED_KEY and not rules[k].doc_only}
            current = state[section].get(entry_id)
            if current is None:
                fields.setdefault("source", f"{path.name} (user rules)")
                state[section][entry_id] = fields
                continue
            aliases = list(as_list(current.get("aliases")))
            for alias in as_list(fields.pop("aliases", None)):
                if alias not in aliases:
                    aliases.append(alias)
            current.update(fields)
            current["aliases"] = aliases


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(as_list(value))


def _entry(section: str, f: Mapping[str, Any]) -> Entry:
    """Build one entry from merged raw fields, with defaults for what was not given."""
    common = {"id": f["id"], "aliases": _tuple(f.get("aliases"))}
    source = str(f.get("source") or "")
    checked = str(f.get("checked") or "")
    if section == "formats":
        return FormatEntry(
            name=f["name"],
            name_fr=str(f.get("name_fr") or ""),
            openness=Openness(f.get("openness", Openness.UNKNOWN.value)),
            rgi_status=f.get("rgi_status", "unknown"),
            extensions=_tuple(f.get("extensions")),
            mime=_tuple(f.get("mime")),
            pronom=_tuple(f.get("pronom")),
            source=source,
            checked=checked,
            universal=bool(f.get("universal", False)),
            **common,
        )
    if section == "standards":
        return StandardEntry(
            name=f["name"],
            name_fr=str(f.get("name_fr") or ""),
            domain=f["domain"],
            owner=f.get("owner", ""),
            open=bool(f["open"]),
            formats=_tuple(f.get("formats")),
            mandatory=f.get("mandatory", ""),
            mandatory_fr=str(f.get("mandatory_fr") or ""),
            source=source,
            checked=checked,
            **common,
        )
    if section == "platforms":
        return PlatformEntry(
            name=f["name"],
            name_fr=str(f.get("name_fr") or ""),
            owner=f.get("owner", ""),
            standards=_tuple(f.get("standards")),
            formats=_tuple(f.get("formats")),
            source=source,
            checked=checked,
            interchangeable=bool(f.get("interchangeable", False)),
            **common,
        )
    if section == "editors":
        return EditorEntry(
            name=f["name"],
            group=f.get("group"),
            country=f.get("country"),
            siren=f.get("siren"),
            source=source,
            checked=checked,
            group_source=str(f.get("group_source") or ""),
            group_since=str(f.get("group_since") or ""),
            **common,
        )
    if section == "products":
        return ProductEntry(
            name=f["name"],
            name_fr=str(f.get("name_fr") or ""),
            editor_id=f["editor_id"],
            domains=_tuple(f.get("domains")),
            licence=f["licence"],
            open_source=bool(f["open_source"]),
            standards=_tuple(f.get("standards")),
            export_formats=_tuple(f.get("export_formats")),
            import_formats=_tuple(f.get("import_formats")),
            alternative=bool(f.get("alternative", True)),
            api=f.get("api"),
            hosting=_tuple(f.get("hosting")),
            source=source,
            checked=checked,
            **common,
        )
    if section == "licences":
        return LicenceEntry(
            name=f["name"],
            category=LicenceCategory(f["category"]),
            spdx=f.get("spdx"),
            source=source,
            checked=checked,
            **common,
        )
    return DomainEntry(en=f["en"], fr=f["fr"], **common)


def _clash_problems(registries: Registries, state: RawState) -> list[Problem]:
    """Alias clashes, located at the entry that claimed the name second (or at the overlay's)."""
    problems = []
    for clash in registries.alias_clashes:
        section = state[KIND_SECTION[clash.kind]]
        fields = section[clash.id]
        if "_file" not in fields:  # a shipped entry: locate at the overlay entry instead
            fields = section.get(clash.other, fields)
        problems.append(
            Problem.make(
                Severity.ERROR,
                "registry_alias_clash",
                Location(file=str(fields.get("_file", "")), row=fields.get("_line")),
                section=KIND_SECTION[clash.kind],
                id=clash.id,
                alias=clash.key,
                other=clash.other,
            )
        )
    return problems


def _read(path: Path) -> Any:
    data = load_yaml(path)
    return {} if data is None else data


def _read_shipped(path: Path) -> Any:
    """Load a shipped registry file with libyaml when present (about 10x faster, same lines).

    Shipped files are trusted and tested, so the speed matters more than the friendlier errors
    of :func:`vendorlock.yamlio.load_yaml`, which user files keep going through.
    """
    loader = _fast_loader()
    if loader is None:
        return _read(path)

    def parse(raw: bytes) -> Any:
        return yaml.load(yamlcache.decoded(raw, "utf-8"), Loader=loader)

    # parsed once per version of the file: later runs read the cache (vendorlock.yamlcache)
    data = yamlcache.load(path, path.read_bytes(), "registry", parse)
    return {} if data is None else data


@cache
def _fast_loader() -> type[Any] | None:
    if not getattr(yaml, "__with_libyaml__", False):
        return None

    class _FastLineLoader(yaml.CSafeLoader):
        """libyaml parser with the line-remembering constructors of :mod:`vendorlock.yamlio`."""

    tags = yaml.resolver.BaseResolver
    _FastLineLoader.add_constructor(tags.DEFAULT_MAPPING_TAG, yamlio._construct_mapping)
    _FastLineLoader.add_constructor(tags.DEFAULT_SEQUENCE_TAG, yamlio._construct_sequence)
    return _FastLineLoader


def _version(path: Path, data: Mapping[str, Any]) -> str:
    version = data.get("version") if isinstance(data, Mapping) else None
    return f"{path.stem}-{version if version is not None else 'unversioned'}"


def _locate(state: RawState, data: Mapping[str, Any], path: Path) -> None:
    """Remember where each entry of ``data`` was last defined (for clash messages)."""
    for section in REGISTRY_SECTIONS:
        items = data.get(section) or ()
        lines = getattr(items, "lines", [])
        for index, item in enumerate(items):
            current = state[section].get(item["id"])
            if current is not None:
                current["_file"] = str(path)
                current["_line"] = lines[index] if index < len(lines) else None


def _build(state: RawState, version: str, extras: Mapping[str, Any]) -> Registries:
    built = {
        section: {
            entry_id: _entry(section, {k: v for k, v in f.items() if not k.startswith("_")})
            for entry_id, f in state[section].items()
        }
        for section in REGISTRY_SECTIONS
    }
    return Registries(
        formats=built["formats"],  # type: ignore[arg-type]
        standards=built["standards"],  # type: ignore[arg-type]
        platforms=built["platforms"],  # type: ignore[arg-type]
        editors=built["editors"],  # type: ignore[arg-type]
        products=built["products"],  # type: ignore[arg-type]
        domains=built["domains"],  # type: ignore[arg-type]
        licences=built["licences"],  # type: ignore[arg-type]
        version=version,
        legal_forms=tuple(str(x) for x in extras.get("legal_forms") or ()),
        unknown_names=frozenset(
            normalise_key(x) for x in (*(extras.get("unknown_names") or ()), "", "unknown")
        ),
    )


def _load(
    paths: Sequence[Path],
    base: RawState,
    base_versions: Sequence[str],
    extras: Mapping[str, Any],
    read: Callable[[Path], Any] = _read,
) -> Registries:
    """Check and apply each file in turn; raise with every problem of every file at once."""
    state = base
    versions = list(base_versions)
    all_problems: list[Problem] = []
    for path in paths:
        data = read(path)
        problems = check_sections(data, path, state)
        if problems:
            all_problems.extend(problems)
            continue
        _apply(state, data, path)
        _locate(state, data, path)
        versions.append(_version(path, data))
    if all_problems:
        raise RegistryError(all_problems)
    registries = _build(state, "+".join(versions), extras)
    clashes = _clash_problems(registries, state)
    if clashes:
        raise RegistryError(clashes)
    return registries


@cache
def _builtin() -> tuple[Registries, Callable[[], RawState]]:
    """The shipped registries, and what gives their raw state (computed at its first call:
    only overlays and ``rules check`` need it, and it was a fifth of loading the registries)."""
    rules = data_dir("rules")
    paths = [rules / name for name in BUILTIN_FILES]
    loaded = {path: _read_shipped(path) for path in paths}
    editors = loaded[rules / "editors.yaml"]
    extras = {k: editors.get(k) for k in ("legal_forms", "unknown_names")}
    registries = _load(paths, empty_state(), (), extras, loaded.__getitem__)
    return registries, cache(partial(raw_state, registries))


def load_registries(overlays: Sequence[Path] = ()) -> Registries:
    """The shipped registries, with the registry sections of user rules files applied in order.

    Without overlays the result is cached (it is immutable). Raises :class:`RegistryError`
    (a :class:`RuleError`) listing every problem of every overlay at once.
    """
    builtin, _ = _builtin()
    if not overlays:
        return builtin
    return _load_overlaid(file_keys(overlays))


@lru_cache(maxsize=16)
def _load_overlaid(keys: tuple[FileKey, ...]) -> Registries:
    builtin, builtin_state = _builtin()
    state = builtin_state()
    overlays = [Path(k[0]) for k in keys]
    base = _copy_state(state)
    versions = builtin.version.split("+")
    extras = {"legal_forms": builtin.legal_forms, "unknown_names": sorted(builtin.unknown_names)}
    return _load([Path(p) for p in overlays], base, versions, extras)


def check_registry_sections(
    data: Mapping[str, Any],
    path: Path,
    base: Registries | None = None,
    require_sources: bool = False,
) -> list[Problem]:
    """Every problem of the registry sections of a user rules file (other keys are ignored).

    References are checked against ``base`` (default: the shipped registries) plus the ids the
    file itself defines; when the file is otherwise valid, it is merged on a copy to find names
    or aliases it would give two entries. Problems carry the YAML line in ``location.row``.
    ``require_sources`` holds the file to the sourcing rule even when it does not declare
    ``sourcing: strict`` (``vendorlock rules check --require-sources``).
    """
    if base is None:
        registries, builtin_state = _builtin()
        state = builtin_state()
    else:
        registries, state = base, raw_state(base)
    path = Path(path)
    problems = check_sections(data, path, state, require_sources)
    if not problems:
        merged = _copy_state(state)
        _apply(merged, data, path)
        _locate(merged, data, path)
        extras = {
            "legal_forms": registries.legal_forms,
            "unknown_names": sorted(registries.unknown_names),
        }
        problems = _clash_problems(_build(merged, registries.version, extras), merged)
    return sort_problems(problems)


def _copy_state(state: RawState) -> RawState:
    """A copy of ``state`` that merging may change (entries are copied, values are immutable)."""
    return {section: {k: dict(v) for k, v in entries.items()} for section, entries in state.items()}


@dataclass(frozen=True)
class SourcingCount:
    """How many entries of one shipped section carry a verified source and a check date."""

    file: str
    section: str
    mode: str
    entries: int
    sourced: int
    unverified: tuple[str, ...]


def shipped_sourcing() -> tuple[list[SourcingCount], list[Problem]]:
    """Count sourced entries of every shipped pack and list what keeps the rest from the rule.

    The problems are those the sourcing rule would raise on every shipped entry, whatever the
    pack declares: a strict pack has none (it would not load otherwise); a lenient one lists the
    entries still to verify.
    """
    rules = data_dir("rules")
    counts: list[SourcingCount] = []
    problems: list[Problem] = []
    for name in BUILTIN_FILES:
        path = rules / name
        data = _read(path)
        mode = str(data.get(SOURCING_KEY) or "lenient")
        for section in SOURCED_SECTIONS:
            items = data.get(section) or []
            lines = getattr(items, "lines", [])
            bad: list[str] = []
            for index, item in enumerate(items):
                line = lines[index] if index < len(lines) else None
                found = sourcing_problems(path, section, item, line, str(item.get("id")))
                if found:
                    bad.append(str(item.get("id")))
                    problems.extend(found)
            if items:
                sourced = len(items) - len(bad)
                counts.append(SourcingCount(name, section, mode, len(items), sourced, tuple(bad)))
    counts.extend(_overlay_counts())
    return counts, sort_problems(problems)


def _overlay_counts() -> list[SourcingCount]:
    """The opt-in overlay's entries, counted like a lenient pack; its problems are not reported
    (it is not loaded by default, and holding facts still to verify is its purpose)."""
    path = unverified_overlay()
    if not path.is_file():
        return []
    data = _read(path)
    counts = []
    for section in SOURCED_SECTIONS:
        items = data.get(section) or []
        bad = tuple(
            str(item.get("id"))
            for item in items
            if sourcing_problems(path, section, item, None, str(item.get("id")))
        )
        if items:
            counts.append(
                SourcingCount(
                    UNVERIFIED_OVERLAY_NAME,
                    section,
                    "lenient",
                    len(items),
                    len(items) - len(bad),
                    bad,
                )
            )
    return counts
