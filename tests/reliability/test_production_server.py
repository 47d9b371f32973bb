"""The production server (gunicorn via `python -m search_service`) fed malformed bytes over a real socket:
no 5xx, no leak, and it keeps serving; slow, stalled or lingering clients cannot stall it; rate limiting works
over HTTP and ignores X-Forwarded-For."""
from __future__ import annotations

import itertools
import json
import socket
import time

import pytest

from benchmarks.servers import free_port, start, stop, wait_ready
from search_service.gunicorn_worker import HEAD_TIMEOUT, THREADS
from tests.reliability.hostile_queries import leaks
from tests.reliability.records import record

RAW_REQUESTS = {
    "invalid utf-8 in the query": b"GET /api/search?q=\xff\xfe%ff HTTP/1.1\r\nHost: t\r\n\r\n",
    "invalid utf-8 in a document id": b"GET /api/documents/\xff\xfe\xc3\x28 HTTP/1.1\r\nHost: t\r\n\r\n",
    "invalid utf-8 in a page path": b"GET /documents/\xed\xa0\x80 HTTP/1.1\r\nHost: t\r\n\r\n",
    "NUL in the path": b"GET /api/search\x00?q=a HTTP/1.1\r\nHost: t\r\n\r\n",
    "encoded NUL and traversal": b"GET /static/..%2f..%2f..%2fetc%2fpasswd%00.css HTTP/1.1\r\nHost: t\r\n\r\n",
    "request line of 20,000 bytes": b"GET /api/search?q=" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: t\r\n\r\n",
    "80 headers": b"GET / HTTP/1.1\r\nHost: t\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(80)) + b"\r\n",
    "a header of 64 kB": b"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + b"v" * 65536 + b"\r\n\r\n",
    "garbage request line": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage\r\n\r\n",
    "unknown HTTP version": b"GET / HTTP/9.9\r\nHost: t\r\n\r\n",
    "absurd Content-Length": b"POST /api/search HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999\r\n\r\nabc",
    "negative Content-Length": b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n",
    "broken chunked body": b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n",
    "smuggling: both lengths": (b"POST /api/search HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                                b"0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n"),
    "CRLF injection in the query": b"GET /api/search?q=a%0d%0aSet-Cookie:%20x=1 HTTP/1.1\r\nHost: t\r\n\r\n",
    "method TRACE": b"TRACE / HTTP/1.1\r\nHost: t\r\n\r\n",
    "method DELETE on a document": b"DELETE /api/documents/x HTTP/1.1\r\nHost: t\r\n\r\n",
}


def raw_request(port: int, data: bytes, timeout: float = 10.0) -> tuple[int | None, bytes]:
    """Send bytes, read the reply until the server closes; (status, whole reply) or (None, b"") if none."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (socket.timeout, ConnectionResetError):
            pass
    reply = b"".join(chunks)
    if not reply.startswith(b"HTTP/"):
        return None, reply
    return int(reply.split(b" ", 2)[1]), reply


def get(port: int, path: str, headers: dict | None = None) -> tuple[int | None, bytes]:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *(f"{k}: {v}" for k, v in (headers or {}).items())]
    return raw_request(port, ("\r\n".join(lines) + "\r\n\r\n").encode())


@pytest.fixture(scope="module")
def server(corpus_index, tmp_path_factory):
    logs = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    srv = start("service", ["-m", "search_service", "--index", str(corpus_index), "--port", str(port), "--workers", "1"],
                logs / "service.log", port, {"COMMUNIQUES_RATE_LIMIT": "0"})
    try:
        wait_ready(srv, timeout=60)
        yield srv
    finally:
        stop(srv)


def test_an_over_long_request_line_gets_the_apis_json_414(server):
    status, reply = raw_request(server.port, RAW_REQUESTS["request line of 20,000 bytes"])
    head, _, body = reply.partition(b"\r\n\r\n")
    assert status == 414 and b"application/json" in head
    assert json.loads(body)["error"]["code"] == "uri_too_long"


def test_an_over_long_request_line_for_a_page_gets_the_french_414_page(server):
    status, reply = raw_request(server.port, b"GET /?q=" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: t\r\n\r\n")
    head, _, body = reply.partition(b"\r\n\r\n")
    assert status == 414 and b"text/html; charset=utf-8" in head and b"Content-Security-Policy" in head
    page = body.decode("utf-8")
    assert '<html lang="fr">' in page and "Adresse trop longue" in page and 'name="viewport"' in page


@pytest.mark.parametrize("name", RAW_REQUESTS)
def test_malformed_requests_get_no_server_error_and_leak_nothing(server, name):
    status, reply = raw_request(server.port, RAW_REQUESTS[name])
    assert status is None or status < 500, f"{name}: {reply[:300]!r}"
    assert leaks(reply) is None, f"{name}: {leaks(reply)}"
    assert b"set-cookie" not in reply.split(b"\r\n\r\n", 1)[0].lower(), "a header was injected"
    assert get(server.port, "/healthz")[0] == 200, f"the server stopped answering after {name}"


def half_sent(port: int, count: int) -> list[socket.socket]:
    """Connections that send part of a request, then wait: half stop in the request line, half in a header."""
    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(count)]
    for i, sock in enumerate(idle):
        sock.sendall(b"GET /api/search?q=ot" if i % 2 else b"GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ")
    return idle


def served_within(port: int, seconds: float) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=seconds) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            return sock.recv(12).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def slowest_of(port: int, requests: int, seconds: float) -> float | None:
    """Seconds the slowest of `requests` health checks in a row took, None if one was not served in `seconds`."""
    slowest = 0.0
    for _ in range(requests):
        started = time.monotonic()
        if not served_within(port, seconds):
            return None
        slowest = max(slowest, time.monotonic() - started)
    return slowest


def test_a_few_half_sent_requests_do_not_stop_the_server(server):
    idle = half_sent(server.port, 3)
    try:
        assert served_within(server.port, 10)
    finally:
        for sock in idle:
            sock.close()


def test_slow_clients_cannot_stall_the_server(server):
    """Four times as many stalled clients as the worker has threads, half of them having sent nothing."""
    count = 4 * THREADS
    idle = half_sent(server.port, count // 2) + [socket.create_connection(("127.0.0.1", server.port))
                                                 for _ in range(count // 2)]
    try:
        slowest = slowest_of(server.port, 5, 3)
        record("production_server_stalled_clients", idle_connections=count, threads=THREADS, slowest_s=slowest)
        assert slowest is not None, f"{count} stalled clients kept a health check waiting over 3 s"
    finally:
        for sock in idle:
            sock.close()


def test_slowloris_clients_are_disconnected_and_do_not_stall_the_server(server):
    """Clients sending header bytes one at a time (one every half second or so) hold no thread, and are answered
    408 and cut off once HEAD_TIMEOUT is up, however steadily they trickle."""
    count = 2 * THREADS
    lorises = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(count)]
    trickles = [itertools.cycle(b"X-Slow: 1\r\n") for _ in lorises]      # valid header lines, never a blank one
    started = time.monotonic()
    ended: dict[int, tuple[float, bytes]] = {}
    slowest_meanwhile = 0.0
    try:
        for sock in lorises:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: t\r\n")
            sock.setblocking(False)
        while len(ended) < count and time.monotonic() - started < HEAD_TIMEOUT + 4:
            for i, sock in enumerate(lorises):
                if i in ended:
                    continue
                try:
                    reply = sock.recv(200)
                except BlockingIOError:
                    try:
                        sock.send(bytes([next(trickles[i])]))
                    except OSError:
                        ended[i] = (time.monotonic() - started, b"")
                    continue
                except OSError:
                    reply = b""
                ended[i] = (time.monotonic() - started, reply)
            if len(ended) < count:
                waited = slowest_of(server.port, 1, 3)
                assert waited is not None, "slowloris clients kept a health check waiting over 3 s"
                slowest_meanwhile = max(slowest_meanwhile, waited)
            time.sleep(0.5)
        record("production_server_slowloris", clients=count, head_timeout_s=HEAD_TIMEOUT,
               cut_off_after_s=sorted({round(t, 1) for t, _ in ended.values()}), slowest_health_check_s=slowest_meanwhile)
        assert len(ended) == count, f"{count - len(ended)} of {count} trickling clients still connected " \
                                    f"after {HEAD_TIMEOUT + 4:.0f} s"
        assert min(t for t, _ in ended.values()) >= HEAD_TIMEOUT - 1, "cut off before the head timeout"
        assert all(reply.startswith(b"HTTP/1.1 408") or reply == b"" for _, reply in ended.values())
    finally:
        for sock in lorises:
            sock.close()


def test_clients_that_never_hang_up_do_not_stall_the_server(server):
    """Clients that read a `Connection: close` reply but keep their end open (gunicorn lingered 2 s on each
    in the loop every connection goes through: 16 of them kept a new request waiting about 30 s)."""
    count = 2 * THREADS
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(count)]
    try:
        for sock in idle:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        assert all(sock.recv(12).startswith(b"HTTP/1.1 200") for sock in idle)
        slowest = slowest_of(server.port, 5, 3)
        record("production_server_clients_never_closing", idle_connections=count, slowest_s=slowest)
        assert slowest is not None, f"{count} clients that never hang up kept a health check waiting over 3 s"
    finally:
        for sock in idle:
            sock.close()


def test_keep_alive_pipelining_and_split_heads_are_still_served(server):
    """Heads are buffered before a thread takes them: bytes read ahead and heads in pieces must still get through."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n" * 2 + b"GET /healthz HTTP/1.1\r\nHo")
        time.sleep(0.3)
        sock.sendall(b"st: t\r\n\r\nGET /api/facets HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.count(b"HTTP/1.1 200 OK") == 4, reply[:500]


def test_security_headers_over_http(server):
    status, reply = get(server.port, "/?q=otan")
    head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert status == 200
    for header in ("content-security-policy:", "x-content-type-options: nosniff", "referrer-policy:"):
        assert header in head, header
    assert "server: gunicorn/" not in head or "debug" not in head


def test_rate_limit_over_http_is_per_peer_and_ignores_forwarded_for(corpus_index, tmp_path):
    port = free_port()
    srv = start("limited", ["-m", "search_service", "--index", str(corpus_index), "--port", str(port), "--workers", "1"],
                tmp_path / "limited.log", port, {"COMMUNIQUES_RATE_LIMIT": "20"})
    try:
        wait_ready(srv, timeout=60)     # /healthz is not rate limited
        statuses = [get(port, "/api/search?q=otan", {"X-Forwarded-For": f"198.51.100.{i}"})[0] for i in range(25)]
        assert statuses[:20] == [200] * 20 and set(statuses[20:]) == {429}, statuses
        status, reply = get(port, "/api/facets")
        head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
        assert status == 429 and "retry-after: " in head
    finally:
        stop(srv)
