"""The demo inventory that ships with the package."""

from __future__ import annotations

import io
from functools import cache

from openpyxl import load_workbook

from vendorlock.demo import BUNDLED_OPTIONS, bundled_demo_path
from vendorlock.demo.generate import generate_tables
from vendorlock.demo.writers import xlsx_bytes
from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.registry import load_registries


def _cells(data: bytes | str) -> dict[str, list[tuple[object, ...]]]:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    wb = load_workbook(source, read_only=True)
    return {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}


@cache
def _shipped() -> dict[str, list[tuple[object, ...]]]:
    return _cells(str(bundled_demo_path()))


def test_shipped_demo_equals_a_fresh_generation() -> None:
    """Fails after a change to the generator or market.yaml until the file is rebuilt with
    ``python -m vendorlock.demo.build_bundled``."""
    shipped = _shipped()
    fresh = _cells(xlsx_bytes(generate_tables(BUNDLED_OPTIONS)))
    assert shipped.keys() == fresh.keys()
    for sheet in fresh:
        assert shipped[sheet] == fresh[sheet], sheet


def test_shipped_demo_size() -> None:
    cells = _shipped()
    assert 550 <= len(cells["Applications"]) - 1 <= 650
    assert 1350 <= len(cells["Flux"]) - 1 <= 1650


def test_shipped_demo_validates_without_errors() -> None:
    result = load_inventory([bundled_demo_path()], load_registries(), LoadOptions())
    errors = result.errors()
    assert not errors, errors[:5]
    assert (
        result.portfolio.counts()["applications"]
        == len(_cells(str(bundled_demo_path()))["Applications"]) - 1
    )
