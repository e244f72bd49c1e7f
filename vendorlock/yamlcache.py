"""A per-user cache of the parsed YAML files vendorlock ships, so a command does not parse them
again at every start.

Every command reads ~30 shipped YAML files (the message catalogue, the registries, the rule
pack, the connectors: ~500 KB). libyaml parses them in ~0.13 s of CPU at each start; reading the
same data back from this cache (:mod:`marshal`, then rebuilding the line-numbered mappings of
:mod:`vendorlock.yamlio`) takes ~0.02 s.

Where: ``$VENDORLOCK_CACHE_DIR`` when set (``off`` disables the cache), else
``$XDG_CACHE_HOME/vendorlock``, else ``~/.cache/vendorlock``; entries sit in its ``yaml/``
folder, one per shipped file and loader. Deleting the folder is always safe.

Why it cannot serve stale or foreign data:
- an entry is used only when its key matches: the SHA-256 of the YAML file's bytes, the loader,
  vendorlock's version, the Python version and this module's format; else the file is parsed
  and the entry replaced. A payload digest catches a damaged entry (then parsed again);
- the cache is never fatal: an unreadable, unwritable or corrupt cache, or data the cache cannot
  hold, means the YAML is parsed as without it;
- entries are written to a temporary file then renamed (atomic: a concurrent command reads the
  old entry or the new one, never half of one), readable by their owner only, in a folder that
  is not used at all when another user owns it or others may write to it;
- only files shipped with vendorlock are cached (:func:`is_shipped`): a user's rules, waivers
  or mapping files are parsed each time. They are small (parsing them costs milliseconds), live
  at any path (temporary files would each add an entry) and may be confidential;
- data sharing one object in two places (YAML anchors and aliases) or holding types
  :mod:`marshal` cannot store is not cached, so an alias bomb is never expanded here.

Why it does not grow without end: each shipped file has one entry per loader and installation
folder, replaced in place when vendorlock is upgraded there; an installation that is gone (an
old virtual environment, a CI checkout) would leave its ~30 entries behind. So whenever an entry
is written (a miss: a first run, an upgrade), entries not written for :data:`STALE_DAYS` days
are deleted. An entry still in use is then parsed and written once more: one parse per file
every few weeks, and no cost at all on the path of a command that finds its entries.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import marshal
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from vendorlock import __version__
from vendorlock.resources import DATA_DIRS, data_dir

T = TypeVar("T")

#: The environment variable naming the cache folder; ``off`` turns the cache off.
ENV_CACHE_DIR = "VENDORLOCK_CACHE_DIR"
#: The value of :data:`ENV_CACHE_DIR` that turns the cache off.
DISABLED = "off"
#: Entries not written for this many days are deleted when another entry is written.
STALE_DAYS = 30
#: Bumped whenever the encoding below changes, so older entries are parsed again.
FORMAT = 1
_MAGIC = b"vendorlock-yaml-cache\n"
_DIGEST = 32  # bytes of a SHA-256 digest
_PACKAGE_DIR = Path(__file__).resolve().parent

_SCALARS = (str, int, float, bool, type(None), bytes)
#: The modules whose code shapes the cached data (their sources are part of every key).
_PARSERS = ("yamlcache.py", "yamlio.py", "i18n.py", "registry/load.py")


def cache_dir() -> Path | None:
    """The cache's folder (see the module's docstring), or None when it is turned off."""
    given = (os.environ.get(ENV_CACHE_DIR) or "").strip()
    if given.lower() == DISABLED:
        return None
    if given:
        # "~/x" from a unit file or a .env is meant as the home's; a relative folder would
        # follow the working directory, so it is ignored as XDG_CACHE_HOME's is
        chosen = Path(given).expanduser()
        if chosen.is_absolute():
            return chosen
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if Path(base).is_absolute():
        return Path(base) / "vendorlock"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no $HOME and no passwd entry (arbitrary uid)
        return None
    return home / ".cache" / "vendorlock"


def _shipped_roots() -> tuple[Path, ...]:
    roots = [_PACKAGE_DIR / "locale"]
    for name in DATA_DIRS:
        try:
            roots.append(data_dir(name))
        except FileNotFoundError:  # pragma: no cover - a broken installation
            continue
    return tuple(roots)


def is_shipped(path: Path) -> bool:
    """Whether ``path`` is one of the data files installed with vendorlock (cacheable)."""
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(root) for root in _shipped_roots())


def load(path: Path, raw: bytes, loader: str, parse: Callable[[bytes], T]) -> T:
    """``parse(raw)``, the data of the YAML file ``path`` whose bytes are ``raw``, read from the
    cache when an entry for these bytes and ``loader`` (a name for what ``parse`` builds) is
    there, else parsed and stored. ``parse``'s errors are raised as they are (never cached)."""
    if not is_shipped(path):  # a user's file: parsed, and no cache folder made for it
        return parse(raw)
    folder = _usable_folder()
    if folder is None:
        return parse(raw)
    key = _key(raw, loader)
    slot = f"{loader}\0{Path(path).resolve()}".encode()
    entry = folder / hashlib.sha256(slot).hexdigest()
    found = _read(entry, key)
    if found is not None:
        try:
            return _decode(found)
        except Exception:  # a damaged entry that still passed the digest: parse again
            pass
    data = parse(raw)
    _write(entry, key, data)
    return data


def decoded(raw: bytes, encoding: str) -> str:
    r"""``raw`` as text, ``\r\n`` and ``\r`` read as ``\n``: what ``Path.read_text`` gives
    (text mode), so a file read as bytes for its key parses as it did read as text."""
    text = raw.decode(encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


@functools.cache
def _parser_digest() -> str:
    """A digest of the code that turns YAML into data (this module, the parse functions of the
    catalogue, registries and rule files) and of PyYAML's version: a checkout whose parsing
    changed while ``__version__`` and the YAML bytes did not must not read back old data."""
    sha = hashlib.sha256()
    # PyYAML's version and whether libyaml is there, without importing it (a command reading
    # only the catalogue back needs no YAML library): its __init__ holds the version, its
    # folder lists the compiled _yaml module when present
    spec = importlib.util.find_spec("yaml")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    if origin is not None:
        with contextlib.suppress(OSError):
            sha.update(origin.read_bytes())
            sha.update("\0".join(sorted(p.name for p in origin.parent.iterdir())).encode())
    for name in _PARSERS:
        try:
            sha.update((_PACKAGE_DIR / name).read_bytes())
        except OSError:  # pragma: no cover - an installation without sources
            sha.update(name.encode())
    return sha.hexdigest()


def _key(raw: bytes, loader: str) -> bytes:
    parts = (
        hashlib.sha256(raw).hexdigest(),
        loader,
        __version__,
        _parser_digest(),
        sys.implementation.cache_tag or sys.version,
        sys.version,
        str(FORMAT),
    )
    return hashlib.sha256("\0".join(parts).encode()).digest()


def _usable_folder() -> Path | None:
    """``cache_dir()/yaml`` when this user may use it: created private when missing, refused
    when someone else owns it or group or others may write to it (they could plant data)."""
    root = cache_dir()
    if root is None:
        return None
    folder = root / "yaml"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    # Windows reports every writable folder as 0o777: its permissions are ACLs, not mode bits
    if os.name != "nt" and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return folder


def _read(entry: Path, key: bytes) -> Any:
    """The encoded data of ``entry`` when its key and payload digest match, else None."""
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 2 * _DIGEST
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    stored_key = blob[len(_MAGIC) : len(_MAGIC) + _DIGEST]
    digest = blob[len(_MAGIC) + _DIGEST : head]
    payload = blob[head:]
    if stored_key != key or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except Exception:  # EOFError, ValueError, TypeError on damaged data
        return None


def _write(entry: Path, key: bytes, data: Any) -> None:
    """Store ``data`` for ``key`` atomically; silently nothing when it cannot be stored."""
    try:
        payload = marshal.dumps(_encode(data, set()))
    except (_Uncacheable, ValueError, RecursionError):
        return
    blob = b"".join((_MAGIC, key, hashlib.sha256(payload).digest(), payload))
    import tempfile  # only when writing: not on the path of a command that finds its entries

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")  # private (0600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, entry)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _prune(entry.parent)


def _prune(folder: Path) -> None:
    """Delete the entries of ``folder`` (and temporary files a killed command left) written
    more than :data:`STALE_DAYS` days ago. Only names this module writes are touched, so a
    cache folder set by hand to a folder holding anything else loses nothing else."""
    import time

    limit = time.time() - STALE_DAYS * 86_400
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not (_is_entry_name(name) or name.startswith(".tmp-")):
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                path.unlink()


def _is_entry_name(name: str) -> bool:
    """Whether ``name`` is an entry's: the 64 hexadecimal digits of its slot's SHA-256."""
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


class _Uncacheable(Exception):
    """The data shares an object or holds a type the encoding does not keep."""


# Encoding: scalars, plain dicts and plain lists as they are; the line-numbered containers of
# vendorlock.yamlio and tuples (YAML !!pairs / !!omap) as tagged tuples, which YAML data never
# holds otherwise.
_LINE_DICT, _LINE_LIST, _TUPLE = "D", "L", "T"


def _encode(value: Any, seen: set[int]) -> Any:
    from vendorlock.yamlio import LineDict, LineList  # yamlio loads through this module

    def encode(value: Any) -> Any:
        kind = type(value)
        if kind in _SCALARS:
            return value
        if id(value) in seen:  # an alias: the same object twice (or inside itself)
            raise _Uncacheable
        seen.add(id(value))
        if kind is LineDict:
            keys = list(value)
            if any(type(k) not in _SCALARS for k in keys):
                raise _Uncacheable
            return (
                _LINE_DICT,
                value.line,
                keys,
                [encode(v) for v in value.values()],
                [value.lines[k] for k in keys],
            )
        if kind is LineList:
            return (_LINE_LIST, value.line, [encode(v) for v in value], list(value.lines))
        if kind is dict:
            if any(type(k) not in _SCALARS for k in value):
                raise _Uncacheable
            return {k: encode(v) for k, v in value.items()}
        if kind is list:
            return [encode(v) for v in value]
        if kind is tuple:
            return (_TUPLE, [encode(v) for v in value])
        if kind is set and all(type(v) in _SCALARS for v in value):
            return set(value)
        raise _Uncacheable  # dates, and anything else marshal would not give back as it was

    return encode(value)


def _decode(value: Any) -> Any:
    scalars = _SCALARS

    def decode(value: Any) -> Any:
        kind = type(value)
        if kind is tuple:
            tag = value[0]
            # yamlio (which imports PyYAML) only for data that has its types: the catalogue
            # read from the cache needs no YAML library at all
            from vendorlock.yamlio import LineDict, LineList

            if tag == _LINE_DICT:
                _, line, keys, values, lines = value
                mapping = LineDict(
                    zip(keys, [v if type(v) in scalars else decode(v) for v in values], strict=True)
                )
                mapping.lines = dict(zip(keys, lines, strict=True))
                mapping.line = line
                return mapping
            if tag == _LINE_LIST:
                _, line, items, lines = value
                sequence = LineList(v if type(v) in scalars else decode(v) for v in items)
                sequence.lines = lines
                sequence.line = line
                return sequence
            if tag == _TUPLE:
                return tuple(decode(v) for v in value[1])
            raise ValueError(f"unknown cache tag {tag!r}")
        if kind is dict:
            return {k: v if type(v) in scalars else decode(v) for k, v in value.items()}
        if kind is list:
            return [v if type(v) in scalars else decode(v) for v in value]
        return value

    return decode(value)
