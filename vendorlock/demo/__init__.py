"""Demo and scale data, and the blank inventory template.

``generate`` writes a deterministic synthetic inventory (the bundled demo, benchmarks at
country scale); ``write_template`` writes the blank workbook users fill in. The bundled demo
ships as ``data/inventaire-demo.xlsx`` (generated for ``REFERENCE_DATE``), is found with
:func:`bundled_demo_path` and read for another audit date with
:func:`vendorlock.demo.bundled.load_bundled`.
"""

from __future__ import annotations

from pathlib import Path

from vendorlock.demo.generate import REFERENCE_DATE, DemoOptions, generate_tables, iter_chunks
from vendorlock.demo.market import DemoError
from vendorlock.demo.template import write_template
from vendorlock.demo.writers import OutputFormat, write_demo

#: Options of the bundled demo (12 members, ~600 applications, ~1,500 flows), generated for
#: REFERENCE_DATE; ``vendorlock audit`` shifts it to its --as-of.
BUNDLED_OPTIONS = DemoOptions(members=12, seed=0, as_of=REFERENCE_DATE)
BUNDLED_NAME = "inventaire-demo.xlsx"


def bundled_demo_path() -> Path:
    """The demo inventory that ships with vendorlock (what the README's main command reads)."""
    return Path(__file__).resolve().parent / "data" / BUNDLED_NAME


def generate(
    out_dir: Path, options: DemoOptions, fmt: OutputFormat = OutputFormat.XLSX, force: bool = False
) -> list[Path]:
    """Write the inventory ``options`` describe into ``out_dir`` (see :func:`write_demo`)."""
    return write_demo(out_dir, options, fmt, force=force)


__all__ = [
    "BUNDLED_OPTIONS",
    "REFERENCE_DATE",
    "DemoError",
    "DemoOptions",
    "OutputFormat",
    "bundled_demo_path",
    "generate",
    "generate_tables",
    "iter_chunks",
    "write_demo",
    "write_template",
]
