"""Inputs named by a web address instead of a path (the GLPI API), told apart cheaply.

Kept apart from the HTTP client so that recognising a URL never imports it.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def is_url(text: object) -> bool:
    """Whether an input names a web address (read through an API) rather than a file."""
    return isinstance(text, str) and text.lower().startswith(("https://", "http://"))


def display_url(url: str) -> str:
    """``url`` without user info, query or fragment: what messages and reports may show."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
