"""The lazy package names (PEP 562, :mod:`vendorlock.lazy`): each public name of
:mod:`vendorlock.graph` and :mod:`vendorlock.reports` resolves to its definition, only on
first use, and a misspelt name is a plain ``AttributeError``.

Fresh interpreters: the names must resolve whatever was imported before.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("package", ["vendorlock.graph", "vendorlock.reports"])
def test_public_names_resolve_on_first_use_and_a_misspelt_one_is_an_attribute_error(
    package: str,
) -> None:
    out = _run(
        f"import sys, {package} as p\n"
        "homes = getattr(p, '_HOMES', None) or p._EXPORTS\n"
        "print(sorted(set(homes.values()) & set(sys.modules)))\n"
        "for name in p.__all__:\n"
        "    value = getattr(p, name)\n"
        "    assert not isinstance(value, type(sys)), name\n"
        "    assert name in vars(p), name\n"
        "try:\n"
        "    p.no_such_name\n"
        "except AttributeError as exc:\n"
        "    print(exc)\n"
    )
    assert out.splitlines() == ["[]", f"module {package!r} has no attribute 'no_such_name'"]


def test_graph_export_is_the_export_function_even_after_its_submodule_is_imported() -> None:
    """``vendorlock.graph.export`` is the function docs/architecture.md names, although a
    submodule of that name exists and importing it binds the module over the name."""
    _run(
        "import vendorlock.graph as g\n"
        "g.graph_bytes\n"
        "assert g.export is g.export_graph\n"
        "import vendorlock.graph.export\n"
        "assert g.export is g.export_graph\n"
    )
    _run("import vendorlock.graph as g\nassert g.export is g.export_graph\n")
