"""Identification by content first: exact counts per format on a generated tree."""

from __future__ import annotations

from pathlib import Path

import scan_tree

from vendorlock.registry import Registries
from vendorlock.scan import WalkOptions, build_identifier, scan_paths
from vendorlock.scan.identify import BY_CONTENT, BY_EXTENSION, DAMAGED, WRONG_EXTENSION


def test_counts_per_format_match_what_was_generated(
    tree: tuple[Path, scan_tree.Expected], registries: Registries
) -> None:
    root, expected = tree
    result = scan_paths([str(root)], registries, WalkOptions())
    assert {f.format: f.files for f in result.formats} == dict(expected.formats)
    assert len(expected.formats) >= 40
    assert sum(f.wrong_extension for f in result.formats) == expected.wrong_extension > 0
    assert sum(f.damaged for f in result.formats) == expected.damaged > 0
    assert result.empty == expected.empty
    assert result.hidden[0] == expected.hidden and result.system[0] == expected.system
    assert result.files == sum(expected.formats.values())


def _one(tmp_path: Path, registries: Registries, name: str, data: bytes) -> tuple[str, str, int]:
    path = tmp_path / name
    path.write_bytes(data)
    ident = build_identifier(registries).identify_path(str(path), name, len(data))
    return ident.format, ident.method, ident.flags


def test_content_beats_a_wrong_extension(tmp_path: Path, registries: Registries) -> None:
    odt = scan_tree.KINDS["odt"][2]()
    assert _one(tmp_path, registries, "rapport.docx", odt) == ("odt", BY_CONTENT, WRONG_EXTENSION)
    pdfa = scan_tree.KINDS["pdfa2"][2]()
    assert _one(tmp_path, registries, "acte.doc", pdfa) == ("pdfa2", BY_CONTENT, WRONG_EXTENSION)
    # A .tif that holds a TIFF is not a wrong extension even though tif also names geotiff.
    tiff = scan_tree.KINDS["tiff"][2]()
    assert _one(tmp_path, registries, "plan.tif", tiff) == ("tiff", BY_CONTENT, 0)


def test_containers_are_told_apart(tmp_path: Path, registries: Registries) -> None:
    for kind in ("docx", "xlsx", "pptx", "odt", "ods", "zip", "kmz", "xps", "doc", "xls", "msg"):
        fmt, method, flags = _one(tmp_path, registries, "f.bin", scan_tree.KINDS[kind][2]())
        assert (fmt, method, flags) == (scan_tree.KINDS[kind][0], BY_CONTENT, 0), kind


def test_truncated_container_is_damaged_but_identified(
    tmp_path: Path, registries: Registries
) -> None:
    cut = scan_tree._truncate(scan_tree.KINDS["docx"][2]())
    assert _one(tmp_path, registries, "note.docx", cut) == ("docx", BY_CONTENT, DAMAGED)
    cut_pdf = scan_tree._truncate(scan_tree.KINDS["pdf"][2]())
    assert _one(tmp_path, registries, "a.pdf", cut_pdf) == ("pdf", BY_CONTENT, DAMAGED)


def test_extension_only_when_content_cannot_tell(tmp_path: Path, registries: Registries) -> None:
    assert _one(tmp_path, registries, "budget.csv", b"a;b\n1;2\n") == ("csv", BY_EXTENSION, 0)
    assert _one(tmp_path, registries, "notes", b"du texte\n") == ("txt", BY_CONTENT, 0)
    # Binary with no signature: the extension decides, else unknown.
    assert _one(tmp_path, registries, "x.fic", b"\x00\x01\x02binary") == (
        "hfsql",
        BY_EXTENSION,
        0,
    )
    assert _one(tmp_path, registries, "x.bin", b"\x00\x01\x02")[0] == "unknown"
