"""Reference registries: formats, exchange standards, platforms, editors, domains, products.

The facts live in YAML under ``rules/`` (each entry with its source); this package only loads
them, applies user overlays and resolves what users write ("Word 2016", "PESv2", "BERGER
LEVRAULT SAS") to registry ids.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: object) -> str:
    """User text lower-case and without accents, punctuation kept (« N.B. » → "n.b.").

    >>> fold("Coût : HT")
    'cout : ht'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def normalise_key(text: object) -> str:
    """Comparison key for user text: :func:`fold`, punctuation collapsed to one space.

    >>> normalise_key("  Éditeur / Fournisseur ")
    'editeur fournisseur'
    """
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def slugify(text: object) -> str:
    """Id slug of user text: ``normalise_key`` with hyphens (``Berger SA`` → ``berger-sa``)."""
    return normalise_key(text).replace(" ", "-")


# Re-exports (after the helpers above: the modules below import them from this package).
from vendorlock.registry.entries import (  # noqa: E402
    DomainEntry,
    EditorEntry,
    FormatEntry,
    Kind,
    Openness,
    PlatformEntry,
    ProductEntry,
    StandardEntry,
)
from vendorlock.registry.load import (  # noqa: E402
    RegistryError,
    check_registry_sections,
    load_registries,
    render_problem,
    unverified_overlay,
)
from vendorlock.registry.registries import UNKNOWN_EDITOR, Registries  # noqa: E402
from vendorlock.registry.spec import REGISTRY_SECTIONS  # noqa: E402

__all__ = [
    "REGISTRY_SECTIONS",
    "UNKNOWN_EDITOR",
    "DomainEntry",
    "EditorEntry",
    "FormatEntry",
    "Kind",
    "Openness",
    "PlatformEntry",
    "ProductEntry",
    "Registries",
    "RegistryError",
    "StandardEntry",
    "check_registry_sections",
    "load_registries",
    "normalise_key",
    "render_problem",
    "slugify",
    "unverified_overlay",
]
