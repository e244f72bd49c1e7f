"""Identify one file's format by its content first, its extension second.

Reads at most the signature table's head window (8 KiB), plus for a zip its central directory,
for an OLE2 file its first directory sectors and for a PDF its tail window: a million files cost a
million small reads, never a full read. Files are opened read-only with ``O_NOATIME`` where the
platform and the file's owner allow it, so scanning never changes what it measures.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from vendorlock.scan.signatures import Signatures

#: How a format was decided.
BY_CONTENT = "content"
BY_EXTENSION = "extension"
UNIDENTIFIED = "none"
#: The format id of a file nothing identifies.
UNKNOWN = "unknown"

#: Flag bits of an identification.
DAMAGED = 1  # truncated or inconsistent container: identified from what is readable
WRONG_EXTENSION = 2  # the extension names another format than the content

_O_NOATIME = getattr(os, "O_NOATIME", 0)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_CD_CAP = 1 << 20  # central directory bytes read at most (names only; OOXML needs a few KiB)
_EOCD = b"PK\x05\x06"
_CDH = b"PK\x01\x02"
_LFH = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Identification:
    """The format decided for one file, how, and its flag bits."""

    format: str
    method: str
    flags: int = 0


class Identifier:
    """Identifies files with one signature table and extension map (built once per scan)."""

    def __init__(
        self,
        sigs: Signatures,
        by_extension: Mapping[str, str],
        extensions_of: Mapping[str, frozenset[str]],
    ) -> None:
        self.sigs = sigs
        self.by_extension = by_extension
        self.extensions_of = extensions_of
        self._noatime = _O_NOATIME
        self._flags = _READ_FLAGS

    def follow_symlinks(self) -> None:
        """Open files through symbolic links too (``scan --follow-symlinks``)."""
        self._flags = _READ_FLAGS & ~getattr(os, "O_NOFOLLOW", 0)

    # -- opening -----------------------------------------------------------------------------

    def _open(self, path: str) -> int:
        if self._noatime:
            try:
                return os.open(path, self._flags | self._noatime)
            except PermissionError:
                # O_NOATIME needs the file's owner (or CAP_FOWNER); plain read-only otherwise.
                pass
        return os.open(path, self._flags)

    def identify_path(self, path: str, name: str, size: int) -> Identification:
        """Identify the file at ``path`` (``name`` its base name, ``size`` from its stat).

        Raises :class:`OSError` when the file cannot be opened or read: the walker reports it.
        """
        fd = self._open(path)
        try:
            head = os.pread(fd, self.sigs.head_bytes, 0)
            return self.identify(fd, head, name, size)
        finally:
            os.close(fd)

    # -- deciding ----------------------------------------------------------------------------

    def extension_format(self, name: str) -> str | None:
        dot = name.rfind(".")
        if dot <= 0:
            return None
        return self.by_extension.get(name[dot + 1 :].lower())

    def identify(self, fd: int, head: bytes, name: str, size: int) -> Identification:
        """Decide from ``head`` (and more reads on ``fd`` for containers)."""
        fmt, flags = self._by_content(fd, head, size)
        if fmt is None:
            ext_fmt = self.extension_format(name)
            if self._is_text(head):
                if ext_fmt in self.sigs.text_by_extension:
                    return Identification(ext_fmt, BY_EXTENSION)
                return Identification(self.sigs.text_default, BY_CONTENT)
            if ext_fmt is not None and ext_fmt not in self.sigs.text_by_extension:
                return Identification(ext_fmt, BY_EXTENSION)
            return Identification(UNKNOWN, UNIDENTIFIED)
        dot = name.rfind(".")
        if dot > 0:
            ext = name[dot + 1 :].lower()
            if ext in self.by_extension and ext not in self.extensions_of.get(fmt, frozenset()):
                flags |= WRONG_EXTENSION
        return Identification(fmt, BY_CONTENT, flags)

    @staticmethod
    def _is_text(head: bytes) -> bool:
        return b"\x00" not in head or head.startswith(_UTF16_BOMS)

    def _by_content(self, fd: int, head: bytes, size: int) -> tuple[str | None, int]:
        for magic in self.sigs.magic:
            if head.startswith(magic.data, magic.offset):
                if magic.inspect is None:
                    return magic.format, 0
                return self._inspect(magic.inspect, fd, head, size)
        if not self._is_text(head) or head.startswith(_UTF16_BOMS):
            return None, 0
        stripped = head.lstrip(b" \t\r\n\xef\xbb\xbf")
        for prefix, fmt, inspect in self.sigs.text_prefixes:
            if stripped.startswith(prefix):
                if inspect is None:
                    return fmt, 0
                return self._inspect(inspect, fd, head, size)
        return None, 0

    def _inspect(self, kind: str, fd: int, head: bytes, size: int) -> tuple[str, int]:
        if kind == "zip":
            return self._zip(fd, head, size)
        if kind == "ole":
            return self._ole(fd, head, size)
        if kind == "pdf":
            return self._pdf(fd, head, size)
        if kind == "sqlite":
            return self.sigs.sqlite_ids.get(head[68:72], self.sigs.sqlite_default), 0
        if kind == "json":
            return self.sigs.json.find(head), 0
        return self.sigs.xml.find(head), 0  # xml

    def _tail(self, fd: int, size: int, want: int) -> bytes:
        start = max(0, size - want)
        return os.pread(fd, size - start, start)

    # zip: ODF mimetype member first, else the central directory's member names.
    def _zip(self, fd: int, head: bytes, size: int) -> tuple[str, int]:
        sigs = self.sigs
        if head[30:38] == b"mimetype" and head[8:10] == b"\x00\x00":
            name_len, extra_len = struct.unpack_from("<HH", head, 26)
            (csize,) = struct.unpack_from("<I", head, 18)
            start = 30 + name_len + extra_len
            mime = head[start : start + min(csize, 200)].strip()
            if mime in sigs.zip_mimetypes:
                return sigs.zip_mimetypes[mime], self._zip_damage(fd, size)
        names = self._central_names(fd, size)
        flags = 0
        if names is None:  # no end of central directory: truncated; use the local headers
            flags = DAMAGED
            names = self._local_names(head)
        for prefix, fmt in sigs.zip.items:
            if any(n.startswith(prefix) for n in names):
                return fmt, flags
        return sigs.zip.default, flags

    def _zip_damage(self, fd: int, size: int) -> int:
        tail = self._tail(fd, size, 22 + 4096)
        return 0 if _EOCD in tail else DAMAGED

    def _central_names(self, fd: int, size: int) -> list[bytes] | None:
        tail = self._tail(fd, size, self.sigs.tail_bytes)
        at = tail.rfind(_EOCD)
        if at < 0 and size > len(tail):
            tail = self._tail(fd, size, 65_557)  # the longest zip comment
            at = tail.rfind(_EOCD)
        if at < 0 or at + 22 > len(tail):
            return None
        cd_size, cd_offset = struct.unpack_from("<II", tail, at + 12)
        if cd_offset + cd_size > size:
            return None
        data = os.pread(fd, min(cd_size, _CD_CAP), cd_offset)
        names, pos = [], 0
        while pos + 46 <= len(data) and data.startswith(_CDH, pos):
            n, e, c = struct.unpack_from("<HHH", data, pos + 28)
            names.append(data[pos + 46 : pos + 46 + n])
            pos += 46 + n + e + c
        return names

    @staticmethod
    def _local_names(head: bytes) -> list[bytes]:
        names, pos = [], head.find(_LFH)
        while pos >= 0 and pos + 30 <= len(head):
            (n,) = struct.unpack_from("<H", head, pos + 26)
            names.append(head[pos + 30 : pos + 30 + n])
            pos = head.find(_LFH, pos + 30 + n)
        return names

    # OLE2: the directory's stream names decide.
    def _ole(self, fd: int, head: bytes, size: int) -> tuple[str, int]:
        if len(head) < 512:
            return self.sigs.ole.default, DAMAGED
        (shift,) = struct.unpack_from("<H", head, 0x1E)
        (first_dir,) = struct.unpack_from("<I", head, 0x30)
        sector = 1 << shift if 7 <= shift <= 16 else 512
        offset = (first_dir + 1) * sector
        if offset >= size:
            return self.sigs.ole.find(head), DAMAGED
        if offset + sector <= len(head):
            directory = head[offset : offset + 4 * sector]
        else:
            directory = os.pread(fd, 4 * sector, offset)
        flags = DAMAGED if len(directory) < 128 else 0
        return self.sigs.ole.find(directory), flags

    # PDF: the XMP PDF/A part or a Factur-X marker, looked for in the head and tail windows.
    def _pdf(self, fd: int, head: bytes, size: int) -> tuple[str, int]:
        tail = self._tail(fd, size, self.sigs.tail_bytes) if size > len(head) else head
        flags = 0 if b"%%EOF" in tail[-1024:] else DAMAGED
        for window in (head, tail):
            fmt = self.sigs.pdf.find(window)
            if fmt != self.sigs.pdf.default:
                return fmt, flags
        for window in (head, tail):
            at = window.find(b"pdfaid:part")
            if at >= 0:
                for ch in window[at + 11 : at + 16]:
                    if 0x30 <= ch <= 0x39:
                        part = bytes([ch])
                        return self.sigs.pdfa_parts.get(part, self.sigs.pdf.default), flags
        return self.sigs.pdf.default, flags
