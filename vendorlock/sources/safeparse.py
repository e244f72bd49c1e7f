"""Parsing XML and JSON documents that may be hostile, in bounded time and memory.

Architecture models and SBOMs come from other tools and other organisations: a file can carry
a "billion laughs" entity bomb, an external entity reading ``/etc/passwd`` or a URL, or ten
thousand nested elements meant to exhaust the stack. XML goes through lxml with entities,
DTDs, the network and libxml2's "huge tree" mode off, and a document type declaration is
refused outright (no format read here needs one). JSON is bounded in size and depth. Every
refusal is one located :class:`~vendorlock.sources.interface.SourceError`, never a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lxml import etree

from vendorlock.model.problems import Location
from vendorlock.sources.interface import SourceError

#: Largest XML or JSON document read (bytes): far above any real model or SBOM.
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
#: Deepest JSON nesting accepted (CycloneDX nests components a few levels at most).
MAX_JSON_DEPTH = 64
#: A document type declaration in the prolog (before the root element), in any ASCII-compatible
#: or UTF-16 encoding once decoded by the caller's sniffing.
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_UTF16 = ("<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def _check_size(path: Path) -> bytes:
    loc = Location(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise SourceError("document_too_large", loc, size=size, limit=MAX_DOCUMENT_BYTES)
        return path.read_bytes()
    except OSError as exc:
        raise SourceError("unreadable_file", loc, detail=exc.strerror or str(exc)) from exc


def _prolog(data: bytes) -> bytes:
    """The bytes before the root element's start tag (where a DOCTYPE would sit)."""
    at = 0
    while True:
        at = data.find(b"<", at)
        if at < 0 or data[at + 1 : at + 2] not in (b"?", b"!"):
            return data[: at if at >= 0 else len(data)]
        if data.startswith(b"<!--", at):
            end = data.find(b"-->", at)
            at = len(data) if end < 0 else end + 3
        elif data.startswith(b"<?", at):
            end = data.find(b"?>", at)
            at = len(data) if end < 0 else end + 2
        else:  # <!DOCTYPE or <![CDATA[ before any element
            return data[: at + 16]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(path: Path) -> etree._Element:
    """The root element of the XML document at ``path``, parsed safely (see module docstring).

    A DOCTYPE is refused before parsing; the parser's own limits (depth 256 without huge
    tree, no entity substitution) stop what a prolog check cannot see.
    """
    loc = Location(str(path))
    data = _check_size(path)
    head = data[:65536]
    if _DOCTYPE.search(_prolog(head)) or any(m in head for m in _DOCTYPE_UTF16):
        raise SourceError("xml_doctype", loc)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise SourceError(
            "xml_invalid", Location(str(path), row=line), detail=_first_line(exc.msg or str(exc))
        ) from exc
    if root.getroottree().docinfo.doctype:
        raise SourceError("xml_doctype", loc)
    for node in root.iter(etree.Entity):  # unexpanded entity references: never expanded
        raise SourceError("xml_entity", Location(str(path), row=node.sourceline), name=node.text)
    return root


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (iterative: no recursion on hostile input)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item if isinstance(v, dict | list))
    return deepest


def parse_json(path: Path) -> Any:
    """The JSON document at ``path``, bounded in size and nesting depth."""
    loc = Location(str(path))
    data = _check_size(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError("json_invalid", loc, detail="not UTF-8 text") from exc
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise SourceError("json_too_deep", loc, limit=MAX_JSON_DEPTH) from exc
    except json.JSONDecodeError as exc:
        raise SourceError(
            "json_invalid", Location(str(path), row=exc.lineno), detail=exc.msg
        ) from exc
    if _depth(value) > MAX_JSON_DEPTH:
        raise SourceError("json_too_deep", loc, limit=MAX_JSON_DEPTH)
    return value
