"""A local stand-in for GLPI's ``apirest.php``, answering as glpi-project/glpi's apirest.md shows.

``initSession`` (``Authorization: user_token …``, ``App-Token``) → ``{"session_token": …}``;
``GET /:itemtype/?range=a-b&expand_dropdowns=…`` → the rows, ``Content-Range: a-b/total``,
``Accept-Range: <itemtype> <max>``, 200 when the page holds everything, else 206; a range past
the total → 400 ``["ERROR_RANGE_EXCEED_TOTAL", …]``; errors as ``[CODE, message]``;
``killSession``. ``faults`` makes it misbehave the ways a real server or proxy does.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

INSTANCE = Path(__file__).resolve().parents[1] / "assets" / "sources" / "glpi" / "api-instance.json"

APP_TOKEN = "f7g3csp8mgatg5ebc5elnazakw20i9fyev1qopya7"
USER_TOKEN = "q56hqkniwot8wntb3z1qarka5atf365taaa2uyjrn"
SESSION = "83af7e620c83a50a18d3eac2f6ed05a3ca0bea62"

#: Foreign-key prefix → itemtype, for expand_dropdowns (GLPI derives it from the table name).
FOREIGN = {
    "entities": "Entity",
    "manufacturers": "Manufacturer",
    "suppliers": "Supplier",
    "softwares": "Software",
    "contracts": "Contract",
}


def load_instance() -> dict[str, list[dict[str, Any]]]:
    data = json.loads(INSTANCE.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@dataclass
class Glpi:
    """The server's state: its tables, its page cap and the faults to play."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=load_instance)
    api_max: int = 990
    #: endpoint (``initSession``, an itemtype…) → fault name; see ``_fault``.
    faults: dict[str, str] = field(default_factory=dict)
    #: How many 503 answers to give before answering normally (per endpoint).
    failures_left: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], dict[str, list[str]]]] = field(default_factory=list)
    sessions_open: int = 0
    killed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def expand(self, itemtype: str, row: dict[str, Any]) -> dict[str, Any]:
        """What GLPI shows with expand_dropdowns=true: every ``*_id`` key replaced by a name."""
        out = dict(row)
        for key, value in row.items():
            if not key.endswith("_id") or key == "items_id":
                continue
            target = FOREIGN.get(key[:-3])
            if target is None or not isinstance(value, int):
                continue
            if target == "Entity":
                found = next((e for e in self.tables["Entity"] if e["id"] == value), None)
                out[key] = found["completename"] if found else "&nbsp;"
                continue
            found = next((r for r in self.tables.get(target, []) if r["id"] == value), None)
            out[key] = found["name"] if found else "&nbsp;"
        return out


class _Handler(BaseHTTPRequestHandler):
    glpi: Glpi

    def log_message(self, *args: Any) -> None:  # quiet tests
        return

    def _send(
        self, status: int, body: Any, headers: dict[str, str] | None = None, raw: bytes = b""
    ) -> None:
        data = raw or json.dumps(body).encode()
        self.send_response(status)
        ctype = (headers or {}).pop("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        glpi = self.glpi
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = parts.path
        if not path.startswith("/apirest.php/"):
            self._send(404, b"", {"Content-Type": "text/html"}, raw=b"<html>Not Found</html>")
            return
        endpoint = path.removeprefix("/apirest.php/").strip("/")
        with glpi.lock:
            glpi.requests.append((endpoint, dict(self.headers.items()), query))
            left = glpi.failures_left.get(endpoint, 0)
            if left:
                glpi.failures_left[endpoint] = left - 1
        if left:
            self._send(503, ["ERROR", "Service Unavailable"])
            return
        fault = glpi.faults.get(endpoint)
        if fault and self._fault(fault):
            return
        if endpoint == "initSession":
            self._init_session()
        elif endpoint == "killSession":
            with glpi.lock:
                glpi.killed += 1
                glpi.sessions_open -= 1
            self._send(200, "")
        else:
            self._collection(endpoint, query)

    def _fault(self, fault: str) -> bool:
        if fault == "unauthorized":
            self._send(401, ["ERROR_GLPI_LOGIN_USER_TOKEN", "parameter user_token seems invalid"])
        elif fault == "forbidden":
            self._send(
                403, ["ERROR_RIGHT_MISSING", "You don't have permission to perform this action."]
            )
        elif fault == "not_found":
            self._send(404, ["ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", "resource not found"])
        elif fault == "html":
            page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
            self._send(200, None, {"Content-Type": "text/html"}, raw=page)
        elif fault == "truncated":
            rows = [self.glpi.expand("Software", r) for r in self.glpi.tables["Software"]]
            text = json.dumps(rows).encode()
            total = len(rows)
            headers = {"Content-Range": f"0-{total - 1}/{total}", "Accept-Range": "Software 990"}
            self._send(200, None, headers, raw=text[: len(text) // 2])
        elif fault == "lying_range":
            rows = [self.glpi.expand("Software", r) for r in self.glpi.tables["Software"]]
            # Claims more rows than it sends: a proxy cut the page, or the server miscounts.
            headers = {"Content-Range": f"0-{len(rows) + 4}/{len(rows) + 5}"}
            self._send(200, rows, headers)
        elif fault == "always_503":
            self._send(503, ["ERROR", "Service Unavailable"])
        else:
            return False
        return True

    def _init_session(self) -> None:
        auth = self.headers.get("Authorization", "")
        if self.headers.get("App-Token") != APP_TOKEN:
            self._send(400, ["ERROR_WRONG_APP_TOKEN_PARAMETER", "missing parameter app_token"])
            return
        if auth != f"user_token {USER_TOKEN}":
            self._send(401, ["ERROR_GLPI_LOGIN_USER_TOKEN", "parameter user_token seems invalid"])
            return
        with self.glpi.lock:
            self.glpi.sessions_open += 1
        self._send(200, {"session_token": SESSION})

    def _collection(self, itemtype: str, query: dict[str, list[str]]) -> None:
        glpi = self.glpi
        if self.headers.get("Session-Token") != SESSION:
            self._send(401, ["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"])
            return
        if itemtype not in glpi.tables:
            self._send(400, ["ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", "resource not found"])
            return
        rows = glpi.tables[itemtype]
        total = len(rows)
        start, end = (int(x) for x in query.get("range", ["0-50"])[0].split("-"))
        if total and start >= total:
            self._send(
                400,
                ["ERROR_RANGE_EXCEED_TOTAL", "Provided range exceed total count of data: {total}"],
            )
            return
        end = min(end, start + glpi.api_max - 1, total - 1)
        page = rows[start : end + 1]
        if query.get("expand_dropdowns", ["false"])[0] == "true":
            page = [glpi.expand(itemtype, r) for r in page]
        status = 200 if len(page) == total else 206
        headers = {
            "Content-Range": f"{start}-{end}/{total}",
            "Accept-Range": f"{itemtype} {glpi.api_max}",
        }
        self._send(status, page, headers)


@contextmanager
def serve(glpi: Glpi, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Run ``glpi`` on 127.0.0.1 (a free port) in a thread; yields the apirest.php URL
    (https when given a server TLS context)."""
    handler = type("Handler", (_Handler,), {"glpi": glpi})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        scheme = "https" if tls is not None else "http"
        yield f"{scheme}://127.0.0.1:{server.server_port}/apirest.php"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def make_tls(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A private certificate authority and a certificate for 127.0.0.1 signed by it (openssl):
    the server context and the CA bundle a client must be given to trust it."""
    import subprocess

    def sh(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    sh(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    )
    sh(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    )
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n", encoding="ascii")
    sh(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "server.pem",
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "server.pem", folder / "server.key")
    return context, folder / "ca.pem"
