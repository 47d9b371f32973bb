"""A real HTTP server on 127.0.0.1 (the standard library's threaded one) that records every request.

Routes map a path (with its query string) to a function of the request returning a Reply, so a
route can change its answer over time (500 once, then 200) or between two crawls.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0        # seconds to wait before answering: a slow page


@dataclass
class Hit:
    """One request as the server saw it (times from time.monotonic, the clock the crawler uses too)."""

    path: str
    host: str
    headers: dict[str, str]
    started: float
    ended: float | None = None
    status: int | None = None
    stalled: bool = False

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


Handler = Callable[[Hit], Reply]


class RecordingServer:
    def __init__(self):
        self.routes: dict[str, Handler] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler | Reply) -> None:
        self.routes[path] = handler if callable(handler) else (lambda hit, reply=handler: reply)

    def start(self) -> RecordingServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def take_hits(self) -> list[Hit]:
        """The requests so far, in arrival order; the log starts afresh."""
        with self._lock:
            hits, self.hits = self.hits, []
        return sorted(hits, key=lambda h: h.started)

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        hit = Hit(path=handler.path, host=handler.headers.get("Host", ""),
                  headers={k.lower(): v for k, v in handler.headers.items()}, started=time.monotonic())
        with self._lock:
            self.hits.append(hit)
        route = self.routes.get(handler.path)
        reply = route(hit) if route else Reply(404, "<html><body><h1>Page introuvable</h1></body></html>".encode(),
                                               {"Content-Type": "text/html; charset=utf-8"})
        if reply.stall:
            hit.stalled = True
            self._stopping.wait(reply.stall)
        hit.status = reply.status
        try:
            handler.send_response(reply.status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(reply.body)))
            handler.end_headers()
            if reply.body and reply.status not in (204, 304):
                handler.wfile.write(reply.body)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass      # the client gave up (a timeout) or did not want the body (a PDF)
        finally:
            hit.ended = time.monotonic()


def _handler_class(server: RecordingServer):
    class _Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            server._answer(self)

        def log_message(self, *args):
            pass
    return _Handler


def http_date(ts: float) -> str:
    return formatdate(ts, usegmt=True)


def conditional(body: bytes, content_type: str = "text/html; charset=utf-8", etag: str | None = None,
                modified: float | None = None) -> Reply:
    """A page that answers a matching If-None-Match / If-Modified-Since with 304, as real servers do."""
    headers = {"Content-Type": content_type}
    if etag:
        headers["ETag"] = etag
    if modified is not None:
        headers["Last-Modified"] = http_date(modified)
    return Reply(200, body, headers)


def answer_conditionally(reply: Reply, hit: Hit) -> Reply:
    etag, modified = reply.headers.get("ETag"), reply.headers.get("Last-Modified")
    if etag and hit.headers.get("if-none-match") == etag:
        return Reply(304, b"", {"ETag": etag})
    since = hit.headers.get("if-modified-since")
    if modified and since and not etag:
        try:
            if parsedate_to_datetime(modified) <= parsedate_to_datetime(since):
                return Reply(304, b"", {"Last-Modified": modified})
        except (TypeError, ValueError):
            pass
    return reply
