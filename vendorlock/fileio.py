"""Writing outputs safely: atomically, never over an input, byte-for-byte reproducible.

Every writer goes through :func:`atomic_write`: the file appears complete or not at all, so a
failed run never leaves a half report. Zip-based formats (xlsx, ods) embed timestamps; callers
pass their bytes through :func:`normalise_zip` so that the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Collection
from pathlib import Path

from vendorlock.errors import ReportError

#: Fixed timestamp for zip members (the earliest a zip can hold).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def atomic_write(
    path: Path,
    data: bytes | Callable[[Path], None],
    protected: Collection[Path] = (),
) -> Path:
    """Write ``data`` (bytes, or a function that writes to the temp path given) to ``path``.

    Refuses to overwrite any path in ``protected`` (the run's inputs). The temp file lives in the
    destination folder so the final rename is atomic.
    """
    target = path.resolve()
    if any(target == Path(p).resolve() for p in protected):
        raise ReportError(f"{path}: refusing to overwrite an input file")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            os.close(fd)
            data(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports are ordinary files
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def normalise_zip(data: bytes, first: str | None = None, compresslevel: int | None = None) -> bytes:
    """Rewrite a zip with fixed member timestamps and sorted members (``first`` stays first).

    ODF requires the ``mimetype`` member first and stored uncompressed; pass ``first="mimetype"``.
    ``compresslevel`` (zlib 1–9, default 6): large reports use 1, 2.5× faster for ~25 % more bytes.
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
