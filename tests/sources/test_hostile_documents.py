"""Hostile XML and JSON given as a model or an SBOM: refused fast, in bounded memory, with one
located line and exit 1, never a traceback and never a file read or a URL fetched."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorlock.cli import main

ATTACKS = Path(__file__).resolve().parents[1] / "assets" / "sources" / "attacks"
ARCHI_OPEN = (
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-1">'
)


def _refused(path: Path) -> list[str]:
    """Validate ``path``: exit 1, within 5 s, and the error lines naming it."""
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert elapsed < 5, f"{path.name} took {elapsed:.1f} s"
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"{path}")
    return lines


@pytest.mark.parametrize(
    "name", ["billion-laughs-archimate.xml", "xxe-archimate.xml", "xxe-cyclonedx.xml"]
)
def test_dtds_and_entities_are_refused(name: str) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    (line,) = _refused(ATTACKS / name)
    assert "refused: the XML document declares a DTD" in line
    assert "root:" not in line  # /etc/passwd never read into a message
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100


def test_a_dtd_after_a_comment_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.xml"
    text = (ATTACKS / "xxe-archimate.xml").read_text(encoding="utf-8")
    path.write_text(text.replace("?>\n", "?>\n<!-- exporté par Archi -->\n", 1), encoding="utf-8")
    (line,) = _refused(path)
    assert "declares a DTD" in line


def test_ten_thousand_nested_xml_elements(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    depth = 10_000
    path.write_text(
        ARCHI_OPEN + "<elements>" + "<x>" * depth + "</x>" * depth + "</elements></model>",
        encoding="utf-8",
    )
    (line,) = _refused(path)
    assert "not well-formed XML, or nested too deep" in line


def test_ten_thousand_nested_json_arrays(tmp_path: Path) -> None:
    path = tmp_path / "deep.cdx.json"
    depth = 10_000
    path.write_text(
        '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": '
        + "[" * depth
        + "]" * depth
        + "}",
        encoding="utf-8",
    )
    (line,) = _refused(path)
    assert "refused: the JSON document is nested more than 64 levels deep" in line


def test_truncated_json_is_located(tmp_path: Path) -> None:
    path = tmp_path / "cut.cdx.json"
    path.write_text(
        '{"bomFormat": "CycloneDX", "specVersion": "1.5",\n "components": [{"name": "x"',
        encoding="utf-8",
    )
    (line,) = _refused(path)
    assert line.startswith(f"{path}: row 2: error: not valid JSON")


def test_oversized_document_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendorlock.sources import safeparse

    monkeypatch.setattr(safeparse, "MAX_DOCUMENT_BYTES", 1000)
    path = tmp_path / "big.xml"
    path.write_text(ARCHI_OPEN + "<name>" + "x" * 5000 + "</name></model>", encoding="utf-8")
    (line,) = _refused(path)
    assert "bytes is more than the 1000 bytes vendorlock reads" in line
