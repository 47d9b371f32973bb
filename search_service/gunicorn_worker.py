"""A gunicorn gthread worker that slow or stalled clients cannot stall.

Stock gthread hands a connection to a thread as soon as it is readable, and the
thread blocks until the request head is complete: a few clients sending half a
request (or one byte a second) held every thread and the service stopped
answering. This worker reads heads in its event loop, times them out, and drains
closing connections there too. It overrides gthread internals, hence the
gunicorn pin (>=27,<28) in pyproject.toml; tests/reliability/test_production_server.py
pins the behaviour.
"""
from __future__ import annotations

import errno
import os
import re
import selectors
import socket
import threading
import time
from concurrent import futures
from functools import partial

from gunicorn import util
from gunicorn.workers.gthread import TConn, ThreadWorker

HEAD_TIMEOUT = 10.0     # seconds for a whole request head, from the connection (or its next request) on
WRITE_TIMEOUT = 30.0    # seconds for a thread to hand a response to a client that does not read it
LINGER = 2.0            # seconds a closing connection is drained before it is closed outright
LINGER_MAX_BYTES = 65536
THREADS = 16            # per worker; they wait on slow readers, not on heads, and search is serialized anyway
MAX_HEAD_BYTES = 65536  # an unfinished head this long gets a 431: a worker's 1,000 connections buffer 64 MB at most
_REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
_HEAD_TOO_LARGE = b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
# The API's own error shape (search_service/errors.py) for a request line over gunicorn's limit,
# which would otherwise be gunicorn's plain-text 400 and never the 414 the OpenAPI description promises.
_URI_TOO_LONG_BODY = b'{"error":{"code":"uri_too_long","message":"request line too long","parameter":null}}'
_URI_TOO_LONG = (b"HTTP/1.1 414 URI Too Long\r\nConnection: close\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(_URI_TOO_LONG_BODY)) + _URI_TOO_LONG_BODY
_API_LINE = re.compile(rb"^[A-Z]+ /(?:api/|healthz[ ?])", re.I)     # who gets JSON, as security._is_api says


def _french_page(app, status: int, status_line: bytes, fallback: bytes, extra: bytes = b"") -> bytes:
    """The French error page people get from Flask for `status`, drawn once per worker so the event loop can
    send it itself (a request line over gunicorn's limit, a search refused under load); `fallback`, the JSON
    reply, if it cannot be drawn."""
    from search_service.error_pages import error_page
    from search_service.security import CSP
    try:
        with app.test_request_context("/"):
            response = error_page(status)
    except Exception:
        return fallback
    if response.mimetype != "text/html":
        return fallback
    body = response.get_data()
    return (b"HTTP/1.1 " + status_line + b"\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Security-Policy: " + CSP.encode() + b"\r\nX-Content-Type-Options: nosniff\r\n"
            b"X-Frame-Options: DENY\r\n" + extra + b"Content-Length: %d\r\n\r\n" % len(body)) + body


def _json_reply(status: bytes, code: str, message: str, extra: bytes = b"") -> bytes:
    body = b'{"error":{"code":"%s","message":"%s","parameter":null}}' % (code.encode(), message.encode())
    return (b"HTTP/1.1 " + status + b"\r\nConnection: close\r\nContent-Type: application/json\r\n" + extra +
            b"Content-Length: %d\r\n\r\n" % len(body)) + body


# No route takes a request body (the service only reads): one is refused as soon as the head announces it,
# from the event loop, so no thread ever waits for body bytes a client trickles (64 such clients kept every
# health check waiting 45 s). The whole request is then bounded by HEAD_TIMEOUT.
_BODY_REFUSED = _json_reply(b"413 Content Too Large", "body_not_accepted", "this service takes no request body")
_BODY_HEADERS = re.compile(rb"^(?:content-length[ \t]*:[ \t]*0*[1-9]|transfer-encoding[ \t]*:)", re.I | re.M)
# Requests that never wait for the index (health, static files, the API description) have threads of their
# own: they must not queue behind searches, which take turns on the index one at a time per process.
LIGHT_THREADS = 4
_LIGHT_PATHS = re.compile(rb"^[A-Z]+ (?:/healthz|/static/[^ ?]*|/api/openapi\.json)(?:\?[^ ]*)? ", re.I)
# Searches and pages queued or running per worker at most; beyond, 503 with Retry-After instead of a wait
# that grows with the load (COMMUNIQUES_MAX_QUEUED; 0: no bound). A request whose client has hung up still
# counts until its search is done, so the bound leaves room for a whole wave of abandoned requests on top of
# an honest load: at twice the threads, 32 connections reopened at once were shed (docs/reliability.md).
MAX_QUEUED = int(os.environ.get("COMMUNIQUES_MAX_QUEUED") or str(4 * THREADS))
RETRY_AFTER_S = 1
_OVERLOADED = _json_reply(b"503 Service Unavailable", "overloaded", "too many requests in progress; retry shortly",
                          b"Retry-After: %d\r\n" % RETRY_AFTER_S)


class _Conn(TConn):
    """A client connection that buffers its request head and closes through the worker's event loop."""

    def __init__(self, cfg, sock, client, server, worker: SlowClientSafeWorker):
        super().__init__(cfg, sock, client, server)
        self.worker = worker
        self.head = bytearray()
        self.scanned = 0                  # bytes of `head` already searched for its end
        self.head_ready = False

    def close(self, graceful=False):
        # gunicorn lingers on a closing socket for up to 2 s, blocking the loop thread that every
        # connection goes through: a few clients that never hang up stalled the whole worker.
        if graceful and threading.current_thread() is threading.main_thread():
            self.worker.linger(self.sock)
        else:
            super().close(graceful)


def head_complete(data: bytearray, start: int) -> bool:
    """Enough bytes for gunicorn's parser to answer without reading again: a blank line, or a bare LF
    (which it rejects). Only the bytes from `start` on are new, so a head trickled in costs linear time."""
    if data.find(b"\r\n\r\n", max(start - 3, 0)) >= 0:
        return True
    i = data.find(b"\n", start)
    while i >= 0:
        if i == 0 or data[i - 1] != 0x0D:
            return True
        i = data.find(b"\n", i + 1)
    return False


class SlowClientSafeWorker(ThreadWorker):
    """gthread, but a thread only gets a connection once its whole request head has arrived.

    Stock gthread hands a connection to a thread that blocks reading until the head is complete, so a
    few clients that send half a request (or one byte a second) held every thread and the service
    stopped answering. Here the event loop reads heads without blocking and drops a head still incomplete
    after HEAD_TIMEOUT with a 408; it also drains closing connections itself instead of blocking on each.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cfg = self.cfg
        # Raw bytes can be read ahead only where gunicorn's parser is the first reader of the socket.
        self.buffer_heads = (not cfg.is_ssl and cfg.protocol == "http" and cfg.proxy_protocol == "off"
                             and list(cfg.http_protocols) == ["h1"])
        self.lingering: dict[socket.socket, list] = {}
        self.stop_deadline = None         # once stopping, slow heads must not hold the worker up
        self.light_pool = None
        self.queued = 0                   # requests given to the main threads and not finished yet
        self.shed = 0                     # refused under load since the last log line
        self.shed_logged_at = 0.0
        self.uri_too_long_page = _URI_TOO_LONG   # the French pages once the app is loaded (run)
        self.overloaded_page = _OVERLOADED

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self.enqueue_req(_Conn(self.cfg, client_sock, client_addr, listener.getsockname(), self))

    def init_process(self):
        self.light_pool = futures.ThreadPoolExecutor(LIGHT_THREADS, thread_name_prefix="light")
        super().init_process()

    def run(self):
        self.uri_too_long_page = _french_page(self.wsgi, 414, b"414 URI Too Long", _URI_TOO_LONG)
        self.overloaded_page = _french_page(self.wsgi, 503, b"503 Service Unavailable", _OVERLOADED,
                                            b"Retry-After: %d\r\n" % RETRY_AFTER_S)
        try:
            super().run()
        finally:
            self.light_pool.shutdown(wait=False)

    def enqueue_req(self, conn):
        if self.buffer_heads and not conn.head_ready:
            self.await_head(conn)
            return
        conn.head_ready = False           # the next request on this connection is awaited again
        light = getattr(conn, "light", False)
        if not light:
            self.queued += 1
        fs = (self.light_pool if light else self.tpool).submit(self.handle, conn)
        fs.add_done_callback(lambda fut: self.method_queue.defer(self.request_done, conn, fut, light))

    def request_done(self, conn, fut, light: bool):
        if not light:
            self.queued -= 1
        self.finish_request(conn, fut)

    def await_head(self, conn):
        if conn.parser is not None:       # kept alive: bytes read ahead start the next head
            conn.head += conn.parser.unreader.take_buffered()
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + HEAD_TIMEOUT
        if self.stop_deadline is not None:
            conn.timeout = min(conn.timeout, self.stop_deadline)
        self.pending_conns.append(conn)   # sorted by timeout: every entry gets now + HEAD_TIMEOUT
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.read_head, conn))
        self.read_head(conn)              # the head has often arrived with the connection

    def read_head(self, conn, _fileobj=None):
        eof = False
        try:
            while len(conn.head) <= MAX_HEAD_BYTES:
                chunk = conn.sock.recv(65536)
                if not chunk:
                    eof = True
                    break
                conn.head += chunk
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            eof = True
        complete = head_complete(conn.head, conn.scanned)
        conn.scanned = len(conn.head)
        if not (complete or eof or len(conn.head) > MAX_HEAD_BYTES):
            return
        self.stop_awaiting(conn)
        if not conn.head or not (complete or eof):     # closed before a byte, or a head too large
            self.nr_conns -= 1
            if conn.head:
                self.try_send(conn.sock, _HEAD_TOO_LARGE)
            conn.close(graceful=bool(conn.head))
            return
        if self.request_line_too_long(conn.head):
            self.nr_conns -= 1
            self.try_send(conn.sock, _URI_TOO_LONG if _API_LINE.match(conn.head) else self.uri_too_long_page)
            conn.close(graceful=True)
            return
        refusal = self.refusal(conn)
        if refusal is not None:
            self.nr_conns -= 1
            self.try_send(conn.sock, refusal)
            conn.close(graceful=True)     # lingers in the loop: a body being sent is drained, not waited for
            return
        if conn.parser is None:
            conn.init()                   # no I/O over plain HTTP/1: builds the parser
        conn.parser.unreader.unread(bytes(conn.head))     # it answers a broken or cut-off head itself
        conn.head, conn.scanned = bytearray(), 0
        conn.head_ready = True
        self.enqueue_req(conn)

    def refusal(self, conn) -> bytes | None:
        """What the loop answers itself instead of giving the request to a thread: a request with a body, or
        a search or page when MAX_QUEUED are already waiting. Marks health checks and static files light."""
        head = bytes(conn.head)
        end = head.find(b"\r\n\r\n")
        first = head[: end if end >= 0 else len(head)]
        if _BODY_HEADERS.search(first):
            return _BODY_REFUSED
        conn.light = bool(_LIGHT_PATHS.match(first))
        if not conn.light and MAX_QUEUED and self.queued >= MAX_QUEUED:
            self.note_shed()
            return _OVERLOADED if _API_LINE.match(first) else self.overloaded_page
        return None

    def note_shed(self) -> None:
        self.shed += 1
        self.report_shed()

    def report_shed(self) -> None:
        """Operators must see that the service sheds load: a warning with the count, one a second at most (the
        loop calls this at least once a second, so the last ones of a burst are reported too)."""
        now = time.monotonic()
        if self.shed and now - self.shed_logged_at >= 1.0:
            self.log.warning("Overloaded: %d search(es) or page(s) refused with 503 (%d in progress, bound %d)",
                             self.shed, self.queued, MAX_QUEUED)
            self.shed, self.shed_logged_at = 0, now

    def request_line_too_long(self, head: bytearray) -> bool:
        limit = self.cfg.limit_request_line
        if not limit:
            return False
        end = head.find(b"\n")
        return (end if end >= 0 else len(head)) > limit + 1

    def stop_awaiting(self, conn):
        self.pending_conns.remove(conn)
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass

    def murder_pending(self):
        """Close connections whose head is still incomplete, and lingering ones whose time is up."""
        now = time.monotonic()
        if not self.alive and self.stop_deadline is None:
            self.stop_deadline = now + LINGER
            for conn in self.pending_conns:   # capping keeps the deque sorted
                conn.timeout = min(conn.timeout, self.stop_deadline)
        while self.pending_conns and self.pending_conns[0].timeout <= now:
            conn = self.pending_conns[0]
            self.stop_awaiting(conn)
            self.nr_conns -= 1
            partial_head = bool(getattr(conn, "head", b""))
            if partial_head:
                self.log.debug("No complete request head from %s in %.0f s", conn.client, HEAD_TIMEOUT)
                self.try_send(conn.sock, _REQUEST_TIMEOUT)
            conn.close(graceful=partial_head)
        for sock in [s for s, (deadline, _) in self.lingering.items() if deadline <= now]:
            self.end_linger(sock)
        self.report_shed()

    def handle_request(self, req, conn):
        """Bound writes: a client that does not read its response frees the thread after WRITE_TIMEOUT."""
        conn.sock.settimeout(WRITE_TIMEOUT)
        try:
            return super().handle_request(req, conn)
        except TimeoutError:
            self.log.info("%s did not read its response in %.0f s; connection closed", conn.client, WRITE_TIMEOUT)
            return False

    def linger(self, sock):
        """Half-close, then drain in the event loop until the peer closes, LINGER_MAX_BYTES or LINGER s."""
        try:
            sock.setblocking(False)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            util.close(sock)
            return
        if len(self.lingering) >= self.worker_connections:
            util.close(sock)
            return
        self.lingering[sock] = [time.monotonic() + LINGER, 0]
        self.poller.register(sock, selectors.EVENT_READ, self.drain_lingering)
        self.drain_lingering(sock)

    def drain_lingering(self, sock):
        entry = self.lingering.get(sock)
        if entry is None:
            return
        try:
            while entry[1] < LINGER_MAX_BYTES:
                data = sock.recv(65536)
                if not data:
                    break
                entry[1] += len(data)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self.end_linger(sock)

    def end_linger(self, sock):
        self.lingering.pop(sock, None)
        try:
            self.poller.unregister(sock)
        except (KeyError, ValueError, OSError):
            pass
        util.close(sock)

    @staticmethod
    def try_send(sock, data: bytes) -> None:
        try:
            sock.setblocking(False)
            sock.send(data)
        except OSError:
            pass
