"""A GLPI REST API v1 session (``apirest.php``): tokens, paging, retries, faults.

Why a module of its own: the mapping (:mod:`.glpi_api`) must never see a half-read collection.
Every fault (401/403/404, an HTML page, truncated JSON, a Content-Range that does not match
what came back, a server that keeps failing) becomes one :class:`GlpiError` with a message
key, and the session is always closed (``killSession``), also on error.

Tokens come from the environment or a private config file (:func:`load_credentials`), never
from the command line; they are sent in headers only and appear in no message, log or report.
httpx is the HTTP client: typed (mypy-clean without stubs), timeouts on by default, TLS
verification on with a CA bundle option, maintained by the encode team.
"""

from __future__ import annotations

import json
import logging
import os
import re
import ssl
import stat
import time
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from vendorlock.errors import ReaderError
from vendorlock.sources.weburl import display_url

log = logging.getLogger(__name__)

ENV_APP_TOKEN = "VENDORLOCK_GLPI_APP_TOKEN"
ENV_USER_TOKEN = "VENDORLOCK_GLPI_USER_TOKEN"
ENV_CONFIG = "VENDORLOCK_GLPI_CONFIG"

#: ``Content-Range: <start>-<end>/<total>`` (GLPI writes the end inclusive).
_CONTENT_RANGE = re.compile(r"^\s*(\d+)-(-?\d+)/(\d+)\s*$")


#: The pause between attempts (a module attribute, so tests can skip the waiting).
_sleep = time.sleep


class GlpiError(ReaderError):
    """The GLPI API could not be read completely: one line, exit 1, nothing imported."""


@dataclass(frozen=True)
class Credentials:
    """The App-Token (optional on the GLPI side) and the user token. Never printed."""

    user_token: str = field(repr=False)
    app_token: str | None = field(default=None, repr=False)


def default_config_path() -> Path:
    """``$VENDORLOCK_GLPI_CONFIG``, else ``$XDG_CONFIG_HOME/vendorlock/glpi.toml``."""
    given = os.environ.get(ENV_CONFIG)
    if given:
        return Path(given)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "vendorlock" / "glpi.toml"


def load_credentials(
    env: Mapping[str, str] | None = None, config: Path | None = None
) -> Credentials:
    """Tokens from the environment first, else from the config file (TOML: ``user_token``,
    ``app_token``). A config file that group or others may read or write is refused: a token
    there is a password."""
    env = os.environ if env is None else env
    user, app = env.get(ENV_USER_TOKEN), env.get(ENV_APP_TOKEN)
    if user:
        return Credentials(user_token=user, app_token=app or None)
    path = config if config is not None else default_config_path()
    if not path.is_file():
        raise GlpiError.of("glpi.no_token", env=ENV_USER_TOKEN, config=str(path))
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise GlpiError.of("glpi.config_open", config=str(path), mode=oct(mode & 0o777))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GlpiError.of("glpi.config_invalid", config=str(path)) from exc
    token = data.get("user_token")
    if not isinstance(token, str) or not token:
        raise GlpiError.of("glpi.no_token", env=ENV_USER_TOKEN, config=str(path))
    app_token = data.get("app_token")
    return Credentials(token, app_token if isinstance(app_token, str) and app_token else None)


@dataclass(frozen=True)
class HttpSettings:
    """How patiently to talk to the server. Tests shorten the backoff; nothing else changes."""

    ca_bundle: Path | None = None
    timeout: float = 30.0
    #: Attempts after the first on 5xx and connection errors, waiting backoff × 2ⁿ.
    retries: int = 3
    backoff: float = 0.5
    #: Rows asked per page; the server may cap it (``Accept-Range``), which is honoured.
    page_size: int = 1000


class GlpiSession:
    """One API session: ``with GlpiSession(url, creds, settings) as s: s.collection(...)``."""

    def __init__(self, url: str, credentials: Credentials, settings: HttpSettings) -> None:
        self.base = url.rstrip("/")
        self.shown = display_url(url)
        self._credentials = credentials
        self._settings = settings
        # Verification is always on; a CA bundle only adds the authorities to trust.
        try:
            verify = ssl.create_default_context(
                cafile=str(settings.ca_bundle) if settings.ca_bundle is not None else None
            )
        except (ssl.SSLError, OSError) as exc:
            raise GlpiError.of("glpi.bad_ca_bundle", path=str(settings.ca_bundle)) from exc
        self._client = httpx.Client(timeout=settings.timeout, verify=verify)
        self._token: str | None = None

    def __enter__(self) -> GlpiSession:
        try:
            self._init_session()
        except BaseException:
            self._client.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._kill_session()
        finally:
            self._client.close()

    # -- session ------------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._credentials.app_token:
            headers["App-Token"] = self._credentials.app_token
        if self._token is not None:
            headers["Session-Token"] = self._token
        return headers

    def _init_session(self) -> None:
        headers = self._headers()
        headers["Authorization"] = f"user_token {self._credentials.user_token}"
        response = self._get("initSession", {}, headers)
        body = self._json(response, "initSession")
        token = body.get("session_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise GlpiError.of("glpi.not_json", url=self.shown, endpoint="initSession")
        self._token = token

    def _kill_session(self) -> None:
        """End the session; a failure here loses nothing read, so it is only logged."""
        if self._token is None:
            return
        try:
            self._client.get(f"{self.base}/killSession", headers=self._headers())
        except httpx.HTTPError as exc:
            log.info("killSession on %s failed: %s", self.shown, type(exc).__name__)
        finally:
            self._token = None

    # -- requests -----------------------------------------------------------------------------

    def _get(
        self, endpoint: str, params: Mapping[str, str], headers: Mapping[str, str] | None = None
    ) -> httpx.Response:
        """GET with bounded retries on 5xx and connection errors; 4xx become messages."""
        url = f"{self.base}/{endpoint}"
        attempt = 0
        while True:
            try:
                response = self._client.get(url, params=params, headers=headers or self._headers())
            except httpx.TransportError as exc:
                if "CERTIFICATE_VERIFY_FAILED" in str(exc).upper():  # retrying cannot help
                    raise GlpiError.of("glpi.tls", url=self.shown) from exc
                if attempt < self._settings.retries:
                    self._wait(attempt)
                    attempt += 1
                    continue
                reason = type(exc).__name__
                raise GlpiError.of("glpi.unreachable", url=self.shown, reason=reason) from exc
            if response.status_code >= 500 and attempt < self._settings.retries:
                self._wait(attempt)
                attempt += 1
                continue
            self._check_status(response, endpoint.rstrip("/"))
            return response

    def _wait(self, attempt: int) -> None:
        _sleep(self._settings.backoff * 2**attempt)

    def _check_status(self, response: httpx.Response, endpoint: str) -> None:
        code = response.status_code
        if code in (200, 206):
            return
        detail = _glpi_error_code(response)
        if code == 401:
            raise GlpiError.of("glpi.unauthorized", url=self.shown, detail=detail)
        if code == 403:
            raise GlpiError.of("glpi.forbidden", url=self.shown, endpoint=endpoint, detail=detail)
        if code == 404:
            raise GlpiError.of("glpi.not_found", url=self.shown, endpoint=endpoint)
        raise GlpiError.of(
            "glpi.http_error", url=self.shown, endpoint=endpoint, status=code, detail=detail
        )

    def _json(self, response: httpx.Response, endpoint: str) -> Any:
        ctype = response.headers.get("content-type", "").lower()
        text = response.text
        if "html" in ctype or text.lstrip()[:1] == "<":
            raise GlpiError.of("glpi.html", url=self.shown, endpoint=endpoint)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise GlpiError.of("glpi.bad_json", url=self.shown, endpoint=endpoint) from exc

    # -- collections --------------------------------------------------------------------------

    def collection(self, itemtype: str, expand: bool) -> list[dict[str, Any]]:
        """Every row of ``itemtype``, page by page, each page checked against Content-Range.

        ``expand`` asks for ``expand_dropdowns=true`` (names instead of ids): wanted for what
        is shown (publishers, entities), not for link tables, whose ids join the collections.
        """
        return list(self._pages(itemtype, expand))

    def _pages(self, itemtype: str, expand: bool) -> Iterator[dict[str, Any]]:
        start, size, total = 0, self._settings.page_size, None
        while total is None or start < total:
            params = {
                "range": f"{start}-{start + size - 1}",
                "expand_dropdowns": "true" if expand else "false",
                "get_hateoas": "false",
            }
            response = self._get(f"{itemtype}/", params)
            rows = self._json(response, itemtype)
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise GlpiError.of("glpi.not_json", url=self.shown, endpoint=itemtype)
            header = response.headers.get("content-range")
            if header is None and start == 0 and response.status_code == 200:
                yield from rows  # a short list some versions send without a range
                return
            match = _CONTENT_RANGE.match(header or "")
            if match is None:
                raise GlpiError.of(
                    "glpi.bad_range", url=self.shown, endpoint=itemtype, header=header or "-"
                )
            first, last, count = (int(g) for g in match.groups())
            if count == 0 and not rows and total is None:
                return  # an empty list: GLPI writes "0--1/0"
            if (
                first != start
                or last < first
                or last - first + 1 != len(rows)
                or (total is not None and count != total)
                or last >= count
            ):
                raise GlpiError.of(
                    "glpi.bad_range", url=self.shown, endpoint=itemtype, header=header or "-"
                )
            total = count
            yield from rows
            start = last + 1
            if last - first + 1 < size:  # the server caps pages (Accept-Range): follow it
                size = last - first + 1


def _glpi_error_code(response: httpx.Response) -> str:
    """GLPI's own error code (``["ERROR_…", "message"]``) when the body carries one."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return str(response.status_code)
    if isinstance(body, list) and body and isinstance(body[0], str):
        return body[0][:80]
    return str(response.status_code)
