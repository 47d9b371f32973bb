"""One HTTP GET with the standard library: separate connect and read timeouts, a size cap,
and a say in whether the body is worth downloading at all (a PDF is not).

No redirects, retries or politeness here: fetcher.py does those.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0     # to open the connection (and finish the TLS handshake)
    read: float = 30.0        # for each wait on the socket once connected
    total: float = 120.0      # for the whole response: a server dripping bytes cannot hold us forever


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]    # lower-case names; repeated headers joined with ", "
    body: bytes | None         # None when the caller declined it (or for HEAD-like answers)


class TransportError(Exception):
    def __init__(self, reason: str, transient: bool):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient   # worth retrying: timeouts, refused or reset connections


def get(url: str, headers: dict[str, str], timeouts: Timeouts, max_bytes: int,
        want_body: Callable[[int, dict[str, str]], bool]) -> Response:
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    conn_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = conn_class(parts.hostname, parts.port, timeout=timeouts.connect)
    deadline = time.monotonic() + timeouts.total
    try:
        try:
            conn.connect()
            conn.sock.settimeout(timeouts.read)
            conn.request("GET", path, headers={**headers, "Connection": "close"})
            resp = conn.getresponse()
            found = _headers(resp)
            body = _read(resp, max_bytes, deadline) if want_body(resp.status, found) else None
            return Response(url, resp.status, found, body)
        finally:
            conn.close()
    except TransportError:
        raise
    except (TimeoutError, socket.timeout):
        raise TransportError("timeout", transient=True) from None
    except ConnectionRefusedError:
        raise TransportError("connection refused", transient=True) from None
    except socket.gaierror as exc:
        raise TransportError(f"cannot resolve host {parts.hostname} ({exc.strerror or exc})", transient=True) from None
    except ssl.SSLError as exc:   # includes certificate errors: retrying will not help
        raise TransportError(f"TLS error: {exc.reason or exc}", transient=False) from None
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        raise TransportError(f"connection error: {type(exc).__name__}: {exc}".rstrip(": "), transient=True) from None


def _headers(resp: http.client.HTTPResponse) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in resp.getheaders():
        key = name.lower()
        found[key] = f"{found[key]}, {value}" if key in found else value
    return found


def _read(resp: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise TransportError("timeout (response took too long)", transient=True)
        chunk = resp.read1(CHUNK) if hasattr(resp, "read1") else resp.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise TransportError(f"page too large (over {max_bytes} bytes)", transient=False)
        chunks.append(chunk)
