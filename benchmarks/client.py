"""A keep-alive HTTP client that times requests the way a browser experiences them.

One client per thread (http.client connections are not thread-safe). It asks for
gzip like a browser; the time is from sending the request to having read the
whole body; decompressing and checking the JSON happen after the clock stops.
"""
from __future__ import annotations

import gzip
import http.client
import json
import time
from dataclasses import dataclass

HEADERS = {"Accept": "application/json", "Accept-Encoding": "gzip", "User-Agent": "communiques-bench/1"}


@dataclass
class Reply:
    status: int              # 0 when no HTTP answer came back
    seconds: float
    body: bytes = b""
    error: str | None = None

    def json(self):
        return json.loads(self.body)


class Client:
    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 300.0):
        self.host, self.port, self.timeout = host, port, timeout
        self._conn: http.client.HTTPConnection | None = None

    def get(self, path: str) -> Reply:
        # A kept-alive connection the server has closed fails at once: retry that on a fresh one.
        for attempt in (0, 1):
            fresh = self._conn is None
            if fresh:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self._conn.request("GET", path, headers=HEADERS)
                response = self._conn.getresponse()
                body = response.read()
                seconds = time.perf_counter() - started
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                self.close()
                if fresh or attempt:
                    return Reply(0, time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
                continue
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                return Reply(0, time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
            if response.will_close:
                self.close()
            if response.getheader("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return Reply(response.status, seconds, body)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def problem(path: str, reply: Reply) -> str | None:
    """Why a reply does not count as an answer, or None when it does."""
    if reply.error:
        return reply.error
    if reply.status != 200:
        return f"HTTP {reply.status}"
    try:
        data = reply.json()
    except ValueError:
        return "invalid JSON"
    if path.startswith("/api/documents/"):
        missing = [k for k in ("id", "title", "related") if k not in data]
    else:
        missing = [k for k in ("total", "hits", "facets") if k not in data]
        if not missing and (not isinstance(data["hits"], list) or not isinstance(data["facets"], dict)):
            return "hits or facets of the wrong type"
    return f"missing {', '.join(missing)}" if missing else None
