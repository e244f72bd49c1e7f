"""Generate a file tree of small files in ~50 formats for `vendorlock scan` tests and benchmarks.

Every file is built from its published layout (magic numbers and container structure: ISO 32000
and ISO 19005 XMP for PDF and PDF/A, [MS-CFB] for OLE2 compound files, APPNOTE.TXT for zip, ODF 1.2
part 3 for the mimetype member, the SQLite file format and GeoPackage application id, ...), small
but complete enough that a real tool recognises it. The tree carries the traps a real share has:
wrong extensions, truncated containers, empty files, hidden and system files, symbolic-link
loops and unreadable folders. :func:`generate` returns what a correct scan must count.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import tarfile
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TOP_FOLDERS = ("archives", "courrier", "finances", "rh", "urbanisme", "marches", "etat-civil")


def _ole(stream: str) -> bytes:
    """A minimal [MS-CFB] v3 compound file: header, one directory sector, one FAT sector."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 0)  # directory starts at sector 0
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<I", header, 0x3C, 0xFFFFFFFE)
    struct.pack_into("<I", header, 0x44, 0xFFFFFFFE)
    struct.pack_into("<I", header, 0x4C, 1)  # FAT at sector 1
    directory = bytearray(512)
    for i, (name, kind) in enumerate((("Root Entry", 5), (stream, 2))):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        directory[i * 128 : i * 128 + len(raw)] = raw
        struct.pack_into("<HB", directory, i * 128 + 0x40, len(raw), kind)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFE, 0xFFFFFFFD)
    return bytes(header + directory + fat)


def _zip(members: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(members):
            method = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compress_type=method)
    return buf.getvalue()


def _ooxml(part: str, main: str) -> bytes:
    ctypes = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        b"</Types>"
    )
    return _zip(
        [
            ("[Content_Types].xml", ctypes),
            ("_rels/.rels", b"<Relationships/>"),
            (f"{part}/{main}", b"<?xml version='1.0'?><doc/>"),
        ]
    )


def _odf(mime: str) -> bytes:
    return _zip(
        [
            ("mimetype", mime.encode()),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
            ("content.xml", b"<office:document-content/>"),
        ],
        stored_first=True,
    )


def _pdf(xmp: str = "") -> bytes:
    meta = (
        f'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f"<rdf:RDF>{xmp}</rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
        if xmp
        else ""
    )
    body = (
        "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type/Catalog/Pages 2 0 R/Metadata 3 0 R>> endobj\n"
        "2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj\n"
        f"3 0 obj <</Type/Metadata/Subtype/XML/Length {len(meta)}>> stream\n{meta}\n"
        "endstream endobj\n"
        "xref\n0 4\ntrailer <</Root 1 0 R/Size 4>>\nstartxref\n0\n%%EOF\n"
    )
    return body.encode("latin-1")


def _pdfa(part: int) -> bytes:
    return _pdf(
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
        "</rdf:Description>"
    )


def _sqlite(app_id: bytes = b"\x00\x00\x00\x00") -> bytes:
    header = bytearray(1024)
    header[0:16] = b"SQLite format 3\x00"
    struct.pack_into(">HBBBBBB", header, 16, 1024, 1, 1, 0, 64, 32, 32)
    header[68:72] = app_id
    header[100] = 0x0D
    return bytes(header)


def _tar() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        data = b"id;nom\n1;Dupont\n"
        info = tarfile.TarInfo("export/agents.csv")
        info.size, info.mtime = len(data), 1_577_836_800
        tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _shp() -> bytes:
    header = bytearray(100)
    struct.pack_into(">i", header, 0, 9994)
    struct.pack_into(">i", header, 24, 50)
    struct.pack_into("<ii", header, 28, 1000, 1)
    return bytes(header)


#: Root reads a mode-000 folder anyway: no unreadable folder can be made then.
_CAN_REFUSE = not hasattr(os, "geteuid") or os.geteuid() != 0

_XMLD = '<?xml version="1.0" encoding="UTF-8"?>\n'

#: kind → (format id the scan must find, extension written, content builder, damage kind)
KINDS: dict[str, tuple[str, str, Callable[[], bytes]]] = {
    "doc": ("doc", "doc", lambda: _ole("WordDocument")),
    "xls": ("xls", "xls", lambda: _ole("Workbook")),
    "ppt": ("ppt", "ppt", lambda: _ole("PowerPoint Document")),
    "msg": ("msg", "msg", lambda: _ole("__substg1.0_0037001F")),
    "vsd": ("vsd", "vsd", lambda: _ole("VisioDocument")),
    "mpp": ("mpp", "mpp", lambda: _ole("   114")),
    "docx": ("docx", "docx", lambda: _ooxml("word", "document.xml")),
    "xlsx": ("xlsx", "xlsx", lambda: _ooxml("xl", "workbook.xml")),
    "pptx": ("pptx", "pptx", lambda: _ooxml("ppt", "presentation.xml")),
    "odt": ("odt", "odt", lambda: _odf("application/vnd.oasis.opendocument.text")),
    "ods": ("ods", "ods", lambda: _odf("application/vnd.oasis.opendocument.spreadsheet")),
    "odp": ("odp", "odp", lambda: _odf("application/vnd.oasis.opendocument.presentation")),
    "odg": ("odg", "odg", lambda: _odf("application/vnd.oasis.opendocument.graphics")),
    "zip": ("zip", "zip", lambda: _zip([("releve.csv", b"a;b\n1;2\n")])),
    "kmz": ("kmz", "kmz", lambda: _zip([("doc.kml", b"<kml/>")])),
    "xps": ("xps", "xps", lambda: _zip([("FixedDocumentSequence.fdseq", b"<x/>")])),
    "pdf": ("pdf", "pdf", _pdf),
    "pdfa1": ("pdfa1", "pdf", lambda: _pdfa(1)),
    "pdfa2": ("pdfa2", "pdf", lambda: _pdfa(2)),
    "pdfa3": ("pdfa3", "pdf", lambda: _pdfa(3)),
    "factur_x": (
        "factur_x",
        "pdf",
        lambda: _pdf(
            '<rdf:Description xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">'
            "<fx:DocumentType>INVOICE</fx:DocumentType></rdf:Description>"
        ),
    ),
    "png": ("png", "png", lambda: bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(17)),
    "jpeg": ("jpeg", "jpg", lambda: bytes.fromhex("ffd8ffe000104a46494600010100") + bytes(40)),
    "tiff": ("tiff", "tif", lambda: b"II*\x00\x08\x00\x00\x00" + bytes(40)),
    "jp2": ("jp2", "jp2", lambda: bytes.fromhex("0000000c6a5020200d0a870a") + bytes(40)),
    "gz": ("gz", "gz", lambda: gzip.compress(b"journal de bord\n" * 4, mtime=0)),
    "tar": ("tar", "tar", _tar),
    "7z": ("7z", "7z", lambda: bytes.fromhex("377abcaf271c0004") + bytes(24)),
    "rar": ("rar", "rar", lambda: bytes.fromhex("526172211a070100") + bytes(24)),
    "sqlite": ("sqlite", "sqlite", _sqlite),
    "gpkg": ("gpkg", "gpkg", lambda: _sqlite(b"GPKG")),
    "mdb": ("mdb", "mdb", lambda: b"\x00\x01\x00\x00Standard Jet DB\x00" + bytes(100)),
    "accdb": ("accdb", "accdb", lambda: b"\x00\x01\x00\x00Standard ACE DB\x00" + bytes(100)),
    "pst": ("pst", "pst", lambda: b"!BDN" + bytes(60)),
    "dwg": ("dwg", "dwg", lambda: b"AC1032" + bytes(60)),
    "shp": ("shp", "shp", _shp),
    "rtf": ("rtf", "rtf", lambda: b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}} Bonjour\\par }"),
    "warc": ("warc", "warc", lambda: b"WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n"),
    "ics": ("ics", "ics", lambda: b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"),
    "vcf": ("vcf", "vcf", lambda: b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Mairie\r\nEND:VCARD\r\n"),
    "xml": (
        "xml",
        "xml",
        lambda: (_XMLD + "<deliberations><acte/></deliberations>").encode(),
    ),
    "kml": (
        "kml",
        "kml",
        lambda: (_XMLD + '<kml xmlns="http://www.opengis.net/kml/2.2"/>').encode(),
    ),
    "gml": (
        "gml",
        "gml",
        lambda: (
            _XMLD + '<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml"/>'
        ).encode(),
    ),
    "html": ("html", "html", lambda: b"<!DOCTYPE html><html><body>Avis</body></html>"),
    "json": ("json", "json", lambda: b'{"agents": [{"id": 1}]}'),
    "geojson": ("geojson", "geojson", lambda: b'{"type": "FeatureCollection", "features": []}'),
    "eml": (
        "eml",
        "eml",
        lambda: b"MIME-Version: 1.0\r\nFrom: a@b.fr\r\n\r\nCorps\r\n",
    ),
    "mbox": (
        "mbox",
        "mbox",
        lambda: b"From a@b.fr Mon Jan  1 00:00:00 2024\n\nCorps\n",
    ),
    "dxf": ("dxf", "dxf", lambda: b"  0\nSECTION\n  2\nHEADER\n  0\nENDSEC\n  0\nEOF\n"),
    "csv": ("csv", "csv", lambda: "id;libellé;montant\n1;Fournitures;12,50\n".encode()),
    "txt": ("txt", "txt", lambda: b"Compte rendu du conseil municipal\n"),
    "sql": ("sql", "sql", lambda: b"INSERT INTO agents VALUES (1, 'Dupont');\n"),
}
#: Kinds identified by content whatever their extension (wrong extensions go on these only).
CONTENT_KINDS = tuple(k for k in KINDS if k not in ("csv", "txt", "sql", "dxf"))
#: Kinds whose truncation keeps the format readable (containers cut before their directory).
TRUNCATABLE = ("docx", "xlsx", "pptx", "odt", "ods", "zip", "pdf", "pdfa2")


@dataclass
class Expected:
    """What a correct scan of the generated tree counts."""

    formats: Counter[str] = field(default_factory=Counter)
    wrong_extension: int = 0
    damaged: int = 0
    empty: int = 0
    hidden: int = 0
    system: int = 0
    symlink_loops: int = 0
    unreadable_folders: int = 0
    unreadable_files_inside: int = 0  # files in unreadable folders (not counted when refused)


def _truncate(data: bytes) -> bytes:
    if data.startswith(b"PK"):
        return data[: data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06")) - 0]
    return data[: data.rfind(b"%%EOF")]


def generate(
    root: Path,
    files: int,
    per_folder: int = 500,
    unreadable: bool = True,
    loops: bool = True,
) -> Expected:
    """Write ``files`` files under ``root``; returns the counts a correct scan finds.

    One file in 17 of a content-identified kind carries another kind's extension; one in 23 of a
    truncatable kind is cut before its central directory or ``%%EOF``; one in 101 is empty; each
    folder also holds a hidden file and a ``Thumbs.db``; every 10th folder a symlink loop pair;
    one folder in 50 is made unreadable (mode 000: only effective when not run as root).
    """
    blobs = {k: v[2]() for k, v in KINDS.items()}
    names = list(KINDS)
    exp = Expected()
    kinds_n = len(names)
    folder_i = 0
    written = 0
    ext_of = {k: v[1] for k, v in KINDS.items()}
    unreadable_dirs: list[Path] = []
    while written < files:
        top = TOP_FOLDERS[folder_i % len(TOP_FOLDERS)]
        folder = root / top / f"{2010 + folder_i % 15}" / f"lot-{folder_i:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        refused = unreadable and folder_i % 50 == 49 and _CAN_REFUSE
        n = min(per_folder, files - written)
        for j in range(n):
            i = written + j
            kind = names[(i * 7 + i // kinds_n) % kinds_n]
            fmt, ext, _ = KINDS[kind]
            data = blobs[kind]
            wrong = dmg = False
            if i % 101 == 100:
                data, fmt = b"", ""
            elif i % 17 == 5 and kind in CONTENT_KINDS:
                other = names[(names.index(kind) + 11) % kinds_n]
                if ext_of[other] != ext:
                    ext, wrong = ext_of[other], True
            elif i % 23 == 7 and kind in TRUNCATABLE:
                data, dmg = _truncate(data), True
            (folder / f"f{i:07d}.{ext}").write_bytes(data)
            if refused:
                exp.unreadable_files_inside += 1
                continue
            if not data:
                exp.empty += 1
                continue
            exp.formats[fmt] += 1
            exp.wrong_extension += wrong
            exp.damaged += dmg
        (folder / ".verrou").write_bytes(b"x")
        (folder / "Thumbs.db").write_bytes(_ole("Catalog"))
        if not refused:
            exp.hidden += 1
            exp.system += 1
        if loops and folder_i % 10 == 0:
            os.symlink("boucle-b", folder / "boucle-a")
            os.symlink("boucle-a", folder / "boucle-b")
            os.symlink("..", folder / "parent")
            if not refused:
                exp.symlink_loops += 2
        if refused:
            unreadable_dirs.append(folder)
        written += n
        folder_i += 1
    for folder in unreadable_dirs:
        folder.chmod(0)
        exp.unreadable_folders += 1
    return exp


def restore(root: Path) -> None:
    """Make unreadable folders readable again (so the tree can be deleted)."""
    for dirpath, dirnames, _ in os.walk(root):
        for d in dirnames:
            p = Path(dirpath) / d
            if not p.is_symlink():
                p.chmod(0o755)
