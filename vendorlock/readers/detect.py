"""Telling what an input is from its bytes, and refusing hostile containers before parsing.

Users rename files, export "Excel" that is really CSV, or mail password-protected workbooks:
the extension is a hint, the content decides. Zip containers are checked (member sizes,
compression ratio) before anything is inflated, so a decompression bomb costs nothing.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from vendorlock.i18n import Lang, t
from vendorlock.model.problems import Localised, Location
from vendorlock.readers.interface import DEFAULT_LIMITS, InputError, InputKind, ReadLimits

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Name of the stream an encrypted (password-protected) OOXML file keeps inside its OLE2 box.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
WORKBOOK_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods"}
#: Bytes read from the start of a file to guess its kind.
SNIFF_BYTES = 8192


def _looks_textual(head: bytes) -> bool:
    """No NUL byte and almost no control character: plain text of some 8-bit encoding."""
    if not head or b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) // 100


def check_zip(path: Path, limits: ReadLimits) -> zipfile.ZipFile:
    """Open a zip container after checking it cannot inflate into something huge."""
    loc = Location(str(path))
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError("corrupt_workbook", loc, detail=str(exc)) from exc
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked_bytes:
        archive.close()
        raise InputError("zip_bomb", loc, size=total, limit=limits.max_unpacked_bytes)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and ratio > limits.max_member_ratio:
            archive.close()
            raise InputError(
                "zip_bomb_ratio",
                loc,
                member=member.filename,
                ratio=round(ratio),
                limit=round(limits.max_member_ratio),
            )
    return archive


#: JSON sources recognised by a key near the top (the connectors issue will read them).
_JSON_KINDS = (
    (re.compile(rb'"bomFormat"\s*:\s*"CycloneDX"'), "cyclonedx"),
    (re.compile(rb'"(?:marches|acheteur|titulaires|dateNotification)"\s*:'), "decp"),
    (re.compile(rb'"(?:manufacturers_id|softwarecategories_id|entities_id)"\s*:'), "glpi"),
)
#: How a JSON document starts: a bracket, then a string, a value or another bracket.
_JSON_START = re.compile(rb'[\[{]\s*(?:"|\{|\[|\]|\}|-?\d|true|false|null)')
#: XML sources recognised by their root element: (namespace fragment, local name) → kind.
_XML_KINDS = (
    ("cyclonedx.org", "bom", "cyclonedx"),
    ("opengroup.org/xsd/archimate", "model", "archimate"),
    ("", "marches", "decp"),
)


def _structured_kind(path: Path, head: bytes) -> tuple[str, str] | None:
    """(``JSON``/``XML``, source kind) when the text is a JSON or XML document, else None.

    Decided from the first bytes (and, for XML, the root element read by a parser that
    resolves no entity and opens no network), so a large export costs nothing to refuse.
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"[") and re.match(
        rb'[\[{]\s*(?:"|\{|\[|\]|\}|-?\d|true|false|null)', text
    ):
        kind = next((k for rx, k in _JSON_KINDS if rx.search(head)), "other")
        return "JSON", kind
    if text[:1] == b"<":
        return "XML", _xml_kind(path)
    return None


def _xml_kind(path: Path) -> str:
    try:
        for _, element in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True
        ):
            qname = etree.QName(element)
            namespace, local = qname.namespace or "", qname.localname
            return next(
                (k for ns, name, k in _XML_KINDS if ns in namespace and name == local), "other"
            )
    except (etree.XMLSyntaxError, OSError, ValueError):
        return "other"
    return "other"


#: What reading a damaged zip member can raise (bad offsets, bad deflate data, unknown
#: compression or encryption, a member cut short).
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def _zip_kind(path: Path, limits: ReadLimits) -> InputKind:
    try:
        return _zip_members_kind(path, limits)
    except ZIP_READ_ERRORS as exc:
        raise InputError("corrupt_workbook", Location(str(path)), detail=str(exc)[:200]) from exc


def _zip_members_kind(path: Path, limits: ReadLimits) -> InputKind:
    with check_zip(path, limits) as archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            mimetype = archive.read("mimetype")[:200].strip()
            if mimetype == ODS_MIMETYPE:
                return InputKind.ODS
            raise InputError(
                "not_a_spreadsheet", Location(str(path)), kind=mimetype.decode("ascii", "replace")
            )
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return InputKind.XLSX
    raise InputError("not_a_spreadsheet", Location(str(path)), kind="zip")


def _ole2_kind(path: Path) -> InputKind:
    data = path.read_bytes()
    if ENCRYPTED_STREAM in data:
        raise InputError("encrypted_workbook", Location(str(path)))
    return InputKind.XLS


def detect_kind(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> InputKind:
    """Kind of ``path`` from its content; raise :class:`InputError` when it cannot be read."""
    loc = Location(str(path))
    if path.is_dir():
        return InputKind.FOLDER
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError as exc:
        raise InputError("unreadable_file", loc, detail=exc.strerror or str(exc)) from exc
    if not regular:
        # A device (/dev/urandom) never ends, a FIFO blocks until written, and a pipe
        # (``<(cat f.csv)``) cannot be read twice (sniffed, then parsed): all refused.
        raise InputError("not_regular_file", loc)
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError("unreadable_file", loc, detail=exc.strerror or str(exc)) from exc
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise InputError("empty_file", loc)
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path, limits)
    if head.startswith(OLE2_MAGIC):
        return _ole2_kind(path)
    suffix = path.suffix.lower()
    textual = _looks_textual(head) or head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))
    structured = _structured_kind(path, head) if textual else None
    if structured is not None:
        syntax, kind = structured
        raise InputError(
            "structured_input",
            loc,
            syntax=syntax,
            kind=Localised(t(f"source.{kind}", Lang.EN), t(f"source.{kind}", Lang.FR)),
        )
    if suffix in WORKBOOK_EXTENSIONS:
        if textual:
            raise InputError("text_as_workbook", loc, extension=suffix)
        raise InputError("corrupt_workbook", loc, detail="unknown content")
    return InputKind.CSV
