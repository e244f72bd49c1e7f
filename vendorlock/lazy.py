"""Package names loaded on first use (PEP 562), shared by the packages whose ``__init__`` must
stay light: :mod:`vendorlock.reports` (``--help`` reads ``ReportFormat`` only) and
:mod:`vendorlock.graph` (networkx is no part of an audit's start).

Only :mod:`importlib` is imported here: this module is on the ``--help`` path.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(
    namespace: dict[str, Any],
    homes: Mapping[str, str],
    aliases: Mapping[str, str] | None = None,
) -> Callable[[str], Any]:
    """The module ``__getattr__`` of a package whose public names live in submodules.

    ``namespace`` is the package's ``globals()``; ``homes`` maps each public name to the module
    defining it; ``aliases`` maps a public name to the name it has in its home. The value
    found is stored in ``namespace`` so the next access is a plain attribute read.

    An alias may share its name with a submodule (``vendorlock.graph.export``, the function
    docs/architecture.md names): importing that submodule binds the module over the name, so
    every alias of the imported home is bound again to its value right after the import.
    """
    renamed = dict(aliases or {})

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        module = importlib.import_module(home)
        for alias, target in renamed.items():
            if homes[alias] == home:
                namespace[alias] = getattr(module, target)
        value = getattr(module, renamed.get(name, name))
        namespace[name] = value
        return value

    return __getattr__
