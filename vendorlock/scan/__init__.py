"""``vendorlock scan``: measure which formats a body's files are really in.

:func:`scan_paths` walks the given paths read-only (:mod:`~vendorlock.scan.walk`), identifies
each file by content then extension (:mod:`~vendorlock.scan.identify`, signatures in
``rules/signatures.yaml``) and returns a frozen :class:`~vendorlock.scan.model.ScanResult`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from vendorlock.registry import Registries
from vendorlock.scan.cache import ScanCache
from vendorlock.scan.identify import Identifier
from vendorlock.scan.model import ScanResult, summarise
from vendorlock.scan.signatures import Signatures, load_signatures, signatures_path
from vendorlock.scan.walk import Walker, WalkOptions


def build_identifier(registries: Registries) -> Identifier:
    """An identifier for ``registries``: signatures checked against its format ids, and the
    extension map (an extension goes to the format of the same id, else the first listing it)."""
    sigs: Signatures = load_signatures(frozenset(registries.formats))
    by_ext: dict[str, str] = {}
    extensions_of: dict[str, frozenset[str]] = {}
    for fid, entry in registries.formats.items():
        extensions_of[fid] = frozenset(e.lower() for e in entry.extensions)
        for ext in entry.extensions:
            by_ext.setdefault(ext.lower(), fid)
    for fid in registries.formats:
        if fid in by_ext:
            by_ext[fid] = fid
    return Identifier(sigs, by_ext, extensions_of)


def signatures_version() -> str:
    """The signature table's version line (shown in reports, part of the cache key)."""
    from vendorlock.yamlio import load_yaml

    return str(load_yaml(signatures_path()).get("version", "?"))


def scan_paths(
    paths: Sequence[str],
    registries: Registries,
    options: WalkOptions,
    cache_dir: Path | None = None,
) -> ScanResult:
    """Scan ``paths`` and summarise; ``cache_dir`` keeps identifications for a quick re-run."""
    identifier = build_identifier(registries)
    cache = None
    if cache_dir is not None:
        key = hashlib.sha256(
            signatures_path().read_bytes() + repr(sorted(identifier.by_extension.items())).encode()
        ).hexdigest()
        cache = ScanCache(cache_dir, key)
    try:
        walker = Walker(identifier, cache, options)
        tally = walker.run(paths)
    finally:
        if cache is not None:
            cache.close()
    return summarise(tally, registries, tuple(paths), walker.partial)


__all__ = ["ScanResult", "WalkOptions", "build_identifier", "scan_paths", "signatures_version"]
