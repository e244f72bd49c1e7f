"""Writing outputs safely: atomically, never over an input, byte-for-byte reproducible.

Every writer goes through :func:`atomic_write`: the file appears complete or not at all, so a
failed run never leaves a half report, and it is never written through a symbolic link, over
an input, or over a file inside an input folder (:func:`check_target`; report sets check every
target with :func:`check_targets` before writing the first). Zip-based formats (xlsx, ods)
embed timestamps: they are written through :class:`ZipWriter` (or their bytes passed through
:func:`normalise_zip`) so that the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from vendorlock.errors import ReportError

#: Fixed timestamp for zip members (the earliest a zip can hold).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def output_path(path: Path) -> Path:
    """``path`` made absolute with its folder's symlinks resolved but not its own name.

    The file written is always this path itself: when it is a symbolic link the write is
    refused (:func:`check_target`), never followed to wherever it points.
    """
    path = Path(path)
    return Path(os.path.realpath(path.parent)) / path.name


def check_target(path: Path, protected: Collection[Path] = ()) -> Path:
    """Refuse, with a message naming both, a write that would land on an input or escape.

    Refused: ``path`` is a symbolic link (writing through it would change a file outside the
    output folder); ``path`` is a folder; ``path`` is an input of the run, or an existing file
    inside an input folder (output folder = input folder must not eat the inventory). Returns
    the resolved target. Nothing is written.
    """
    target = output_path(path)
    if target.is_symlink():
        raise ReportError.of("core.write_symlink", path=path, link=os.readlink(target))
    if target.is_dir():
        raise ReportError.of("core.write_is_folder", path=path)
    for given in protected:
        source = Path(os.path.realpath(given))
        if target == source:
            raise ReportError.of("core.write_over_input", path=path, input=given)
        if source.is_dir() and source in target.parents and target.exists():
            raise ReportError.of("core.write_in_input_folder", path=path, input=given)
    return target


def check_targets(paths: Iterable[Path], protected: Collection[Path] = ()) -> None:
    """:func:`check_target` for every file of a report set, before the first is written."""
    for path in paths:
        check_target(path, protected)


def atomic_write(
    path: Path,
    data: bytes | Callable[[Path], None],
    protected: Collection[Path] = (),
) -> Path:
    """Write ``data`` (bytes, or a function that writes to the temp path given) to ``path``.

    Refuses what :func:`check_target` refuses (a symlink, a folder, an input). The temp file
    lives in the destination folder so the final rename is atomic and replaces ``path``
    itself. A folder that cannot be created or written becomes a :class:`ReportError` naming
    it, never a traceback.
    """
    return atomic_write_all([(path, data)], protected)[0]


#: What a file is written from: its bytes, or a function writing it to the path it is given.
Content = bytes | Callable[[Path], None]
#: One file to fill: (temp path to write, target path it will be renamed to, its content).
Job = tuple[Path, Path, Content]
#: Fills a set of :data:`Job`, raising the error of the first one (in order) that failed.
Filler = Callable[[Sequence[Job]], None]


def atomic_write_all(
    items: Sequence[tuple[Path, Content]],
    protected: Collection[Path] = (),
    on_written: Callable[[Path], None] | None = None,
    fill: Filler | None = None,
) -> list[Path]:
    """:func:`atomic_write` for a set of files that stands or falls together: a temp file is
    reserved beside each target (every target checked first), each is written (streamed writers
    included), and only when every one succeeded are they renamed into place — a failing writer
    leaves neither a partial file nor a report set mixing this run with an earlier one.

    ``fill`` writes the temp files (default: :func:`fill_jobs`, in this process, in order;
    :mod:`vendorlock.reports.processes` spreads them over processes): every temp file is
    reserved here, before, so whatever happens to the writer the caller removes them all.
    ``on_written`` is called after each file is written, or after all when ``fill`` is given.
    """
    jobs: list[Job] = []
    try:
        for path, data in items:
            tmp, target = _reserve(path, protected)
            jobs.append((tmp, target, data))
        if fill is None:
            fill_jobs(jobs, on_written)
        else:
            fill(jobs)
            for _, target, _ in jobs:
                if on_written is not None:
                    on_written(target)
        for tmp, target, _ in jobs:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise ReportError.of("core.write_failed", path=target, reason=_reason(exc)) from exc
    except BaseException:
        for tmp, _, _ in jobs:
            tmp.unlink(missing_ok=True)
        raise
    return [target for _, target, _ in jobs]


def fill_jobs(jobs: Sequence[Job], on_written: Callable[[Path], None] | None = None) -> None:
    """Write each job's temp file in turn (:func:`fill_one`), stopping at the first error."""
    for job in jobs:
        fill_one(job)
        if on_written is not None:
            on_written(job[1])


def fill_one(job: Job) -> None:
    """Write one reserved temp file; an ``OSError`` becomes a :class:`ReportError` naming the
    report (not the temp file), other errors pass unchanged."""
    tmp, target, data = job
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            data(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports are ordinary files
    except OSError as exc:
        raise ReportError.of("core.write_failed", path=target, reason=_reason(exc)) from exc


def _reserve(path: Path, protected: Collection[Path]) -> tuple[Path, Path]:
    """An empty temp file beside ``path`` (checked first), created now: (temp, target)."""
    try:
        target = check_target(path, protected)
    except OSError as exc:  # the folder cannot be looked into
        raise ReportError.of("core.write_failed", path=path, reason=_reason(exc)) from exc
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        folder = Path(path).parent
        if isinstance(exc, FileExistsError | NotADirectoryError):  # a file holds the name
            raise ReportError.of("core.write_not_folder", path=path, folder=folder) from exc
        raise ReportError.of(
            "core.write_folder_failed", path=path, folder=folder, reason=_reason(exc)
        ) from exc
    os.close(fd)
    return Path(tmp_name), target


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def normalise_zip(data: bytes, first: str | None = None, compresslevel: int | None = None) -> bytes:
    """Rewrite a zip with fixed member timestamps and sorted members (``first`` stays first).

    ODF requires the ``mimetype`` member first and stored uncompressed; pass ``first="mimetype"``.
    ``compresslevel`` (zlib 1–9, default 6). For zips made by other libraries (openpyxl, odfpy:
    the demo's workbooks), deflated by Python's zlib, so the demo inventories keep their bytes;
    vendorlock's own writers use :class:`ZipWriter` (zlib-ng): the same members, names, order
    and attributes, other compressed bytes.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    ordered = ([first] if first in names else []) + sorted(n for n in names if n != first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            stored = name == first == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name), compresslevel=compresslevel)
    return out.getvalue()


#: Version of zlib-ng (bundled in python-zlib-ng, pinned in pyproject.toml) that deflates the
#: members :class:`ZipWriter` writes: its bytes are part of every workbook's bytes. Chosen over
#: Python's zlib (about 2x the CPU at a level giving larger files; figures at
#: :data:`vendorlock.reports.writer.ZIP_LEVEL`) and over ISA-L (python-isal, faster still)
#: for determinism. ISA-L picks its code at run time from the processor and its paths hash
#: differently (the C fallback by multiplication, the SSE4.2+ assembly by the CRC32
#: instruction: ISA-L igzip/huffman.h): checked under QEMU, one wheel gives other bytes on an
#: x86-64 without SSE4.2 than with it. zlib-ng 2.2 removed its processor-specific hashes
#: (zlib-ng PR #1681); what it still dispatches (match lengths, checksums, hash sliding)
#: computes the same values on every path: 2.3.3 gave the same bytes under QEMU with SSE2 only,
#: SSE4.2, AVX and AVX2, and on this machine with AVX-512.
ZLIB_NG = "2.3.3"


#: zlib-ng level of a :class:`ZipWriter` given none (the group, history, scan and letters
#: workbooks, the notes and letters): on the 500-member pool.xlsx / pool.ods (3.5 / 10.3 MB of
#: XML) 25 / 17 ms CPU for 438 / 332 KB, where Python's zlib at its default 6 took 62 / 63 ms
#: for 430 / 280 KB. Not zlib-ng's 6 (53 / 34 ms, 428 / 275 KB): at 1, 5 and 6 zlib-ng's
#: bytes also depend on how the member's text is cut into writes (its quick and medium
#: strategies), still the same for the same writer, but at 2-4 and 7-9 they depend on the text
#: alone, as zlib's do at every level (checked on 57 real members cut at random).
DEFAULT_LEVEL = 4


def deflater(level: int | None) -> Any:
    """A raw-deflate compressor (zlib-ng) at ``level`` (``None``: :data:`DEFAULT_LEVEL`),
    with the interface of :func:`zlib.compressobj`'s: ``compress`` then ``flush``."""
    from zlib_ng import zlib_ng  # imported by the writers only, not by every command

    return zlib_ng.compressobj(DEFAULT_LEVEL if level is None else level, zlib_ng.DEFLATED, -15)


class ZipWriter:
    """A zip written once, in the order members are added, laid out as :func:`normalise_zip`
    lays one out: fixed timestamps, ``0644`` attributes, deflate at ``compresslevel``
    (:data:`DEFAULT_LEVEL` when ``None``; ``mimetype`` stored when it is the first member, as
    ODF requires).

    The members are deflated by zlib-ng (:func:`deflater`, :data:`ZLIB_NG`): the same bytes
    for the same members on every processor, in about half the CPU of Python's zlib at a
    level that also gives smaller files. :mod:`zipfile` still writes every header and the
    checksums; only its compressor object is replaced before the first byte.

    :meth:`stream` opens a member for writing so a large part (a worksheet, ``content.xml``)
    is compressed piece by piece as it is produced, never held whole; at zlib-ng levels 2–4
    and 7–9 (vendorlock uses 2 and 4) deflate gives the same bytes whether its input comes in
    one piece or many — not at 1, 5 and 6, see :data:`DEFAULT_LEVEL`. The caller adds members
    in a fixed order (the order is part of the bytes).
    """

    def __init__(self, fh: IO[bytes], compresslevel: int | None = None) -> None:
        self._zip = zipfile.ZipFile(fh, "w")
        self._level = DEFAULT_LEVEL if compresslevel is None else compresslevel
        self._count = 0

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
        info.external_attr = 0o644 << 16
        stored = self._count == 0 and name == "mimetype"
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        self._count += 1
        return info

    def add(self, name: str, data: str | bytes) -> None:
        """One member from text (UTF-8) or bytes."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        # as ZipFile.writestr does: the size known first (it decides the zip64 header)
        with self._open(self._info(name), len(raw), large=False) as member:
            member.write(raw)

    @contextmanager
    def stream(self, name: str, large: bool = False) -> Iterator[IO[bytes]]:
        """A member opened for writing; ``large`` allows it to pass 2 GiB (a zip64 entry,
        whose local header differs from a small member's)."""
        with self._open(self._info(name), 0, large) as member:
            yield member

    @contextmanager
    def _open(self, info: zipfile.ZipInfo, size: int, large: bool) -> Iterator[IO[bytes]]:
        info.file_size = size
        # ZipFile.open reads the level from the ZipInfo (a private field, as writestr sets it).
        setattr(info, "_compresslevel", self._level)  # noqa: B010
        with self._zip.open(info, "w", force_zip64=large) as member:
            # The member's compressor (zipfile's _ZipWriteFile._compressor, a zlib object
            # not yet given a byte) replaced by zlib-ng's; without that attribute (another
            # Python), zipfile's zlib deflates it: other bytes, the same valid file.
            if info.compress_type == zipfile.ZIP_DEFLATED and hasattr(member, "_compressor"):
                setattr(member, "_compressor", deflater(self._level))  # noqa: B010
            yield member

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> ZipWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
