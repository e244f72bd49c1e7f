"""HTML to PDF through WeasyPrint: the audit report (and other printed documents) as A4 pages.

WeasyPrint lays out HTML and CSS itself (no browser, no network: a URL fetcher that refuses
every request), honours the print stylesheet (``@page`` sizes, named landscape pages, repeated
table headers) and is a well-kept pure-Python library over Pango. It is an optional extra
(``pip install 'vendorlock[pdf]'``): a missing install is a clear message, not a traceback.
The bytes are deterministic: the creation and modification dates are pinned and the file
identifier is derived from the content, so the same HTML always gives the same PDF.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from vendorlock.errors import ReportError

#: Fixed dates written in the PDF's metadata (a report carries no timestamp).
PINNED_DATE = "2000-01-01T00:00:00Z"


def _refusing_fetcher(weasyprint: Any) -> Any:
    """A WeasyPrint URL fetcher that loads nothing: the report is self-contained, and a
    hostile name must not make the PDF writer reach the network or the disk."""
    base = getattr(weasyprint.urls, "URLFetcher", None)
    message = "vendorlock PDF: external resource refused: {}"
    if isinstance(base, type):  # WeasyPrint ≥ 68: a URLFetcher class with fetch()

        class Refuse(base):  # type: ignore[misc, valid-type]
            def fetch(self, url: str, headers: Any = None) -> Any:
                raise ValueError(message.format(url[:80]))

        return Refuse()

    def refuse(url: str, timeout: int = 10, ssl_context: Any = None) -> Any:
        raise ValueError(message.format(url[:80]))

    return refuse


def available() -> bool:
    """Whether WeasyPrint (and its Pango library) can be loaded."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (a complete page whose CSS is inline).

    Raises :class:`~vendorlock.errors.ReportError` (its message in the run's language) when
    WeasyPrint or Pango is missing.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise ReportError.of("reports.pdf.missing") from exc
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)  # unsupported CSS, missing glyphs, refused fetches: expected
    try:
        document = weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher(weasyprint)).render()
        document.metadata.created = PINNED_DATE
        document.metadata.modified = PINNED_DATE
        out = document.write_pdf(identifier=digest)
    finally:
        logger.setLevel(level)
    assert isinstance(out, bytes)
    return out
