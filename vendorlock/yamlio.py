"""Safe YAML loading that remembers line numbers, so rule-pack errors can say "line 42".

Mappings load as :class:`LineDict` and sequences as :class:`LineList`; both behave as plain
``dict`` / ``list`` and carry the 1-based line of each key or item in ``.lines``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from vendorlock import yamlcache
from vendorlock.errors import RuleError

#: Refuse rule files larger than this: the largest shipped file is ~35 KB and a whole user
#: rule pack a few hundred KB. Building the line-numbered mappings costs ~1–2 s per MiB even
#: with libyaml (5 s on a loaded machine), so 1 MiB bounds a check to seconds.
MAX_YAML_BYTES = 1024 * 1024
#: Deepest nesting of mappings and sequences accepted (rule files use 5–6 levels); deeper
#: input would exhaust Python's recursion before any useful message.
MAX_YAML_DEPTH = 40
#: YAML 1.1 reads ``2027-02-31`` as a timestamp and fails on impossible dates with a traceback;
#: dates load as text here and the code that wants a date parses it with a located message.
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class LineDict(dict[Any, Any]):
    """A dict whose ``lines`` maps each key to its 1-based line in the file."""

    lines: dict[Any, int]
    line: int


class LineList(list[Any]):
    """A list whose ``lines`` gives each item's 1-based line in the file."""

    lines: list[int]
    line: int


class _DepthError(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.line = line


class _LineLoader(yaml.SafeLoader):
    """Safe loader with bounded nesting and no implicit timestamps (dates stay text)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML reads this class attribute
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _DepthError(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _enter(loader: Any, node: yaml.Node) -> None:
    """Count one more level of nesting; refuse past :data:`MAX_YAML_DEPTH`.

    Construction recurses once per level, with libyaml's composer as with PyYAML's, so
    counting here bounds both loaders (libyaml itself stops flow nesting at 1,000).
    """
    depth = getattr(loader, "_vl_depth", 0) + 1
    if depth > MAX_YAML_DEPTH:
        raise _DepthError(node.start_mark.line + 1)
    loader._vl_depth = depth


def _leave(loader: Any) -> None:
    loader._vl_depth -= 1


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    _enter(loader, node)
    try:
        loader.flatten_mapping(node)
        out = LineDict()
        out.lines = {}
        out.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError as exc:
                raise RuleError(f"line {key_node.start_mark.line + 1}: unhashable key") from exc
            if key in out:
                raise RuleError(f"line {key_node.start_mark.line + 1}: duplicate key {key!r}")
            out[key] = loader.construct_object(value_node, deep=True)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    finally:
        _leave(loader)


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> LineList:
    _enter(loader, node)
    try:
        out = LineList(loader.construct_object(child, deep=True) for child in node.value)
        out.lines = [child.start_mark.line + 1 for child in node.value]
        out.line = node.start_mark.line + 1
        return out
    finally:
        _leave(loader)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _fast_loader() -> type[Any]:
    """libyaml's parser with the same constructors and resolvers, when PyYAML has it.

    About 6× faster than the pure-Python loader on a large rules file; marks (lines) and
    errors (``problem_mark``) are the same shape.
    """
    base = getattr(yaml, "CSafeLoader", None)
    if base is None:  # pragma: no cover - PyYAML built without libyaml
        return _LineLoader

    class _FastLineLoader(base):  # type: ignore[valid-type, misc]
        yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers

    _FastLineLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
    )
    _FastLineLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence
    )
    return _FastLineLoader


_LOADER = _fast_loader()


FileKey = tuple[str, int, int]


def file_keys(paths: Sequence[Path]) -> tuple[FileKey, ...]:
    """Identity of user rule files (path, mtime, size): a cache key that changes when they do.

    Commands load the rule pack and the registries from the same ``--rules`` files in several
    places (the audit of each member, the group views); with this key they are parsed once.
    """
    keys = []
    for p in paths:
        try:
            st = Path(p).stat()
        except OSError as exc:
            raise RuleError(f"{p}: cannot read ({exc.strerror})") from exc
        keys.append((str(p), st.st_mtime_ns, st.st_size))  # as given: messages name it so
    return tuple(keys)


def load_yaml(path: Path) -> Any:
    """Load a YAML file safely, with line numbers; raise :class:`RuleError` with the location."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RuleError(f"{path}: cannot read ({exc.strerror})") from exc
    if size > MAX_YAML_BYTES:
        raise RuleError.of(
            "core.yaml_too_large", path=path, size=size, limit=MAX_YAML_BYTES // (1024 * 1024)
        )
    raw = path.read_bytes()

    def parse(raw: bytes) -> Any:
        try:
            text = yamlcache.decoded(raw, "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RuleError(f"{path}: not UTF-8 text") from exc
        try:
            return yaml.load(text, Loader=_LOADER)
        except RuleError as exc:
            raise RuleError(f"{path}: {exc}") from exc
        except (_DepthError, RecursionError) as exc:
            line = exc.line if isinstance(exc, _DepthError) else 1
            raise RuleError.of(
                "core.yaml_too_deep", path=path, line=line, depth=MAX_YAML_DEPTH
            ) from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise RuleError(f"{path}: {where}invalid YAML ({problem})") from exc

    # shipped files come from the parsed-data cache when it holds these bytes (yamlcache)
    return yamlcache.load(path, raw, "lines", parse)


def line_of(container: Any, key: Any, default: int | None = None) -> int | None:
    """Line of ``key`` in a LineDict (or index in a LineList); ``default`` when unknown."""
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, default)
    if isinstance(lines, list) and isinstance(key, int) and 0 <= key < len(lines):
        return lines[key]
    return getattr(container, "line", default)


def type_name(value: Any) -> str:
    """What a YAML value is, in words a rule-file author understands ("number", "list"…)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__
