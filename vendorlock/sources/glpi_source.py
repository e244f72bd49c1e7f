"""The GLPI REST API as a registered connector (``connectors list``, ``--source glpi-api:URL``).

Kept apart from :mod:`.glpi_api` so that listing connectors or sniffing files never imports
the HTTP client: the API is only loaded when a URL is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vendorlock.readers.interface import RawSheet, ReadLimits
from vendorlock.sources.weburl import is_url


@dataclass(frozen=True)
class GlpiApiSource:
    """The GLPI API as a connector: an ``https://…/apirest.php`` input, never a file."""

    kind: str
    label: Mapping[str, str]
    accepts: Mapping[str, str]

    def sniff(self, path: Path, head: bytes) -> bool:
        """Files are never API answers: the API is named by its URL."""
        return False

    def sheets(self, path: Path | str, limits: ReadLimits) -> list[RawSheet]:
        from vendorlock.sources.glpi_api import read_glpi
        from vendorlock.sources.glpi_client import GlpiError

        text = str(path)
        if not is_url(text):
            raise GlpiError.of("glpi.not_url", input=text)
        return read_glpi(text, limits)


SOURCE = GlpiApiSource(
    kind="glpi-api",
    label={"en": "GLPI REST API", "fr": "API REST de GLPI"},
    accepts={
        "en": "https://…/apirest.php (tokens from VENDORLOCK_GLPI_* or a private config file)",
        "fr": "https://…/apirest.php (jetons dans VENDORLOCK_GLPI_* ou un fichier de "
        "configuration privé)",
    },
)
