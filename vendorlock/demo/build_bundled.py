"""Regenerate the bundled demo workbook: ``python -m vendorlock.demo.build_bundled``.

Run it after changing the market model or the generator; ``tests/demo`` fails until the
shipped file matches a fresh generation.
"""

from __future__ import annotations

from vendorlock.demo import BUNDLED_OPTIONS, bundled_demo_path
from vendorlock.demo.generate import generate_tables
from vendorlock.demo.writers import xlsx_bytes
from vendorlock.fileio import atomic_write


def main() -> None:
    path = atomic_write(bundled_demo_path(), xlsx_bytes(generate_tables(BUNDLED_OPTIONS)))
    print(path)


if __name__ == "__main__":
    main()
