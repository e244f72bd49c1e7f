"""A workbook's zip rebuilt uncompressed, for calamine to read the sheets the scan unzipped.

Before calamine opens an xlsx file, :mod:`.sheetscan` inflates every worksheet to measure it;
calamine would then inflate them all again (about a tenth of its read: 0.15 s of CPU for the
58 MB of sheets of a 500-member workbook). Handing it the same members *stored* (no
compression) spares that second inflation: the sheet bytes it reads are the ones the scan
measured and zipfile checked against their CRC-32.

The other members (workbook, styles, shared strings, images…) are copied as they are, still
compressed. The copy is made only when it cannot change what calamine reports: every member
stored or deflated (what zipfile and calamine both read), none encrypted, no name given twice
(which member would be read would then depend on the reader), and a small enough archive (the
copy is held in memory). Otherwise, or when a member cannot be copied, the original file is read
as before and calamine reports what it finds.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Mapping
from typing import BinaryIO

#: Unpacked bytes up to which a workbook is copied: the copy is held in memory while calamine
#: reads it (+44 MB of peak for the 58 MB of sheets of a 500-member workbook).
MAX_COPY_BYTES = 128 * 1024**2
#: Members a zip without its 64-bit extension can list.
_MAX_MEMBERS = 0xFFFF
#: Modification date of every member: 1980-01-01, the first a zip can hold (unused by readers).
_DOS_DATE, _DOS_TIME = (0 << 9) | (1 << 5) | 1, 0
_UTF8_NAME = 0x800


def worth_copying(archive: zipfile.ZipFile) -> bool:
    """Whether the members are few and small enough to be copied in memory, and all of a kind
    both zipfile and calamine read the same way."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    return (
        len(infos) < _MAX_MEMBERS
        and sum(info.file_size for info in infos) <= MAX_COPY_BYTES
        # members nobody inflates are copied as stored: a member declaring a few bytes
        # unpacked may still hold hundreds of megabytes packed
        and sum(info.compress_size for info in infos) <= MAX_COPY_BYTES
        and len(set(names)) == len(names)
        and all(
            info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            and not info.flag_bits & 0x1
            for info in infos
        )
    )


def stored_copy(
    archive: zipfile.ZipFile, source: BinaryIO, unzipped: Mapping[str, bytes]
) -> bytes | None:
    """The bytes of a new zip holding the archive's members: those of ``unzipped`` (the sheets
    the scan inflated) stored, the others copied as they are from ``source``, the archive's
    file (never inflated here: calamine reads few of them).

    None when the archive is not :func:`worth_copying` or a member cannot be copied.
    """
    if not worth_copying(archive):
        return None
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for info in archive.infolist():
        data = unzipped.get(info.filename)
        if data is not None:
            if len(data) != info.file_size:
                return None
            method, packed = zipfile.ZIP_STORED, len(data)
        else:
            data = _raw_member(source, info)
            if data is None:
                return None
            method, packed = info.compress_type, info.compress_size
        name = info.filename.encode("utf-8")
        fields = (
            20,  # version needed: 2.0
            0 if name.isascii() else _UTF8_NAME,
            method,
            _DOS_TIME,
            _DOS_DATE,
            info.CRC,
            packed,
            info.file_size,
            len(name),
        )
        parts += [struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0), name, data]
        central += [struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset)]
        central.append(name)
        offset += 30 + len(name) + len(data)
    directory = b"".join(central)
    if offset + len(directory) > 0xFFFFFFFF:  # past what a zip without ZIP64 can point at
        return None
    count = len(parts) // 3
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join([*parts, directory, end])


def _raw_member(source: BinaryIO, info: zipfile.ZipInfo) -> bytes | None:
    """A member's bytes as stored in the archive (compressed), read where its local header
    says, as zipfile reads them; None when the header or the data is not there."""
    try:
        source.seek(info.header_offset)
        header = source.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            return None
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        source.seek(name_length + extra_length, 1)
        data = source.read(info.compress_size)
    except OSError:
        return None
    return data if len(data) == info.compress_size else None
