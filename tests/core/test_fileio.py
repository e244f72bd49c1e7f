import io
import zipfile
from pathlib import Path

import pytest

from vendorlock.errors import ReportError
from vendorlock.fileio import atomic_write, normalise_zip


def test_atomic_write_never_overwrites_an_input(tmp_path: Path) -> None:
    src = tmp_path / "inventaire.xlsx"
    src.write_bytes(b"original")
    with pytest.raises(ReportError, match=r"refusing to overwrite .*, an input of this run"):
        atomic_write(src, b"report", protected=[src])
    assert src.read_bytes() == b"original"


def test_atomic_write_leaves_nothing_when_the_writer_fails(tmp_path: Path) -> None:
    def boom(_tmp: Path) -> None:
        raise RuntimeError("writer failed")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "out.xlsx", boom)
    assert list(tmp_path.iterdir()) == []


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_normalise_zip_gives_identical_bytes_whatever_the_member_order_and_time() -> None:
    one = _zip({"b.xml": b"B", "mimetype": b"application/x", "a.xml": b"A"})
    two = _zip({"a.xml": b"A", "mimetype": b"application/x", "b.xml": b"B"})
    assert normalise_zip(one, first="mimetype") == normalise_zip(two, first="mimetype")
    names = zipfile.ZipFile(io.BytesIO(normalise_zip(one, first="mimetype"))).infolist()
    assert names[0].filename == "mimetype"
    assert names[0].compress_type == zipfile.ZIP_STORED


def test_written_files_follow_the_umask_not_mkstemp(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        path = atomic_write(tmp_path / "audit.json", b"{}")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
