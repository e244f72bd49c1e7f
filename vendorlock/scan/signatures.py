"""The signature table of ``vendorlock scan``, loaded from ``rules/signatures.yaml``.

Signatures are data (which bytes mean which format, which container members decide), the code in
:mod:`vendorlock.scan.identify` only knows how to look. Loading checks every format id against
the formats registry so a typo in the YAML is a located error, not a silent "unknown".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vendorlock.errors import RuleError
from vendorlock.resources import data_dir
from vendorlock.yamlio import load_yaml

#: Inspectors a magic entry may hand a file to (container or text inspection).
INSPECTORS = frozenset({"pdf", "zip", "ole", "xml", "json", "sqlite"})


@dataclass(frozen=True)
class Magic:
    """Bytes at an offset that identify a format (then, optionally, an inspector refines it)."""

    format: str
    offset: int
    data: bytes
    inspect: str | None


@dataclass(frozen=True)
class Markers:
    """Ordered (marker bytes, format) pairs and the format when none is found."""

    default: str
    items: tuple[tuple[bytes, str], ...]

    def find(self, window: bytes) -> str:
        for marker, fmt in self.items:
            if marker in window:
                return fmt
        return self.default


@dataclass(frozen=True)
class Signatures:
    """Everything identification reads from the YAML, in lookup-ready form."""

    head_bytes: int
    tail_bytes: int
    magic: tuple[Magic, ...]
    ole: Markers
    zip_mimetypes: Mapping[bytes, str]
    zip: Markers
    pdf: Markers
    pdfa_parts: Mapping[bytes, str]
    xml: Markers
    json: Markers
    sqlite_default: str
    sqlite_ids: Mapping[bytes, str]
    text_default: str
    text_prefixes: tuple[tuple[bytes, str, str | None], ...]
    text_by_extension: frozenset[str]
    system_names: frozenset[str]
    system_prefixes: tuple[str, ...]


def _markers(section: Mapping[str, Any], key: str, field: str, encode: str = "utf-8") -> Markers:
    items = tuple((str(m[field]).encode(encode), str(m["format"])) for m in section.get(key, []))
    return Markers(str(section["default"]), items)


def parse_signatures(
    raw: Mapping[str, Any], known_formats: frozenset[str], where: str
) -> Signatures:
    """Build :class:`Signatures` from the loaded YAML; unknown format ids are refused."""
    try:
        ole = raw["ole"]
        zip_ = raw["zip"]
        pdf = raw["pdf"]
        sqlite = raw["sqlite"]
        text = raw["text"]
        sigs = Signatures(
            head_bytes=int(raw["head_bytes"]),
            tail_bytes=int(raw["tail_bytes"]),
            magic=tuple(
                Magic(
                    str(m["format"]),
                    int(m.get("offset", 0)),
                    bytes.fromhex(str(m["hex"])),
                    m.get("inspect"),
                )
                for m in raw["magic"]
            ),
            ole=Markers(
                str(ole["default"]),
                tuple(
                    (str(s["name"]).encode("utf-16-le"), str(s["format"])) for s in ole["streams"]
                ),
            ),
            zip_mimetypes={str(k).encode(): str(v) for k, v in zip_["mimetypes"].items()},
            zip=_markers(zip_, "members", "prefix"),
            pdf=_markers(pdf, "markers", "text"),
            pdfa_parts={str(k).encode(): str(v) for k, v in pdf["pdfa_parts"].items()},
            xml=_markers(raw["xml"], "markers", "text"),
            json=_markers(raw["json"], "markers", "text"),
            sqlite_default=str(sqlite["default"]),
            sqlite_ids={
                bytes.fromhex(str(k)): str(v) for k, v in sqlite["application_ids"].items()
            },
            text_default=str(text["default"]),
            text_prefixes=tuple(
                (str(p["text"]).encode(), str(p["format"]), p.get("inspect"))
                for p in text["prefixes"]
            ),
            text_by_extension=frozenset(str(x) for x in text["by_extension"]),
            system_names=frozenset(str(x) for x in raw.get("system_names", [])),
            system_prefixes=tuple(str(x) for x in raw.get("system_prefixes", [])),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RuleError.of("scan.signatures_invalid", path=where, reason=repr(exc)) from exc
    named = {m.format for m in sigs.magic} | {sigs.ole.default, sigs.zip.default, sigs.pdf.default}
    for markers in (sigs.ole, sigs.zip, sigs.pdf, sigs.xml, sigs.json):
        named |= {fmt for _, fmt in markers.items} | {markers.default}
    named |= set(sigs.zip_mimetypes.values()) | set(sigs.pdfa_parts.values())
    named |= set(sigs.sqlite_ids.values()) | {sigs.sqlite_default, sigs.text_default}
    named |= {fmt for _, fmt, _ in sigs.text_prefixes} | sigs.text_by_extension
    unknown = sorted(named - known_formats)
    if unknown:
        raise RuleError.of("scan.signatures_unknown_format", path=where, ids=", ".join(unknown))
    bad = sorted({m.inspect for m in sigs.magic if m.inspect} - INSPECTORS)
    if bad:
        raise RuleError.of("scan.signatures_invalid", path=where, reason=", ".join(bad))
    return sigs


def signatures_path() -> Path:
    return data_dir("rules") / "signatures.yaml"


@cache
def load_signatures(known_formats: frozenset[str]) -> Signatures:
    """The shipped signature table, checked against ``known_formats`` (registry ids)."""
    path = signatures_path()
    return parse_signatures(load_yaml(path), known_formats, str(path))
