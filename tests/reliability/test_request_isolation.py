"""The production server under slow request bodies and mixed load (issue 21, defects 1 and 7): a body is refused
as soon as its head announces it, so trickling bodies hold no thread; health checks and static files do not
queue behind searches; and beyond a bounded queue, searches are shed with a 503 and Retry-After."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from benchmarks.servers import free_port, start, stop, wait_ready
from search_service.gunicorn_worker import THREADS
from tests.reliability.mixed_load import SlowBodies, health_latencies, run_mixed_load
from tests.reliability.records import record
from tests.reliability.test_production_server import raw_request


def serve(index, logs, **env):
    port = free_port()
    server = start("service", ["-m", "search_service", "--index", str(index), "--port", str(port), "--workers", "1"],
                   logs / "service.log", port, {"COMMUNIQUES_RATE_LIMIT": "0", **env})
    wait_ready(server, timeout=60)
    return server


@pytest.fixture(scope="module")
def server(corpus_index, tmp_path_factory):
    srv = serve(corpus_index, tmp_path_factory.mktemp("isolation"), COMMUNIQUES_CACHE_SIZE="0")
    try:
        yield srv
    finally:
        stop(srv)


@pytest.mark.parametrize("head", [
    b"POST /api/search HTTP/1.1\r\nHost: t\r\nContent-Length: 60000\r\n\r\n{",
    b"GET /api/search?q=otan HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
    b"HEAD /healthz HTTP/1.1\r\nHost: t\r\ncontent-length:  7\r\n\r\n",
])
def test_a_request_announcing_a_body_is_refused_at_once(server, head):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head)             # and nothing more: the body never comes
        reply = sock.recv(4096)
    assert time.monotonic() - started < 3
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b"body_not_accepted" in reply


def test_requests_without_a_body_are_served_as_before(server):
    assert raw_request(server.port, b"GET /api/search?q=otan HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n"
                                    b"Connection: close\r\n\r\n")[0] == 200
    assert raw_request(server.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")[0] == 200


def test_slow_request_bodies_do_not_stall_health_checks(server):
    """Four times as many clients as threads announce 60,000 bytes and send one every 2 s (before: every
    health check timed out while they lasted)."""
    count = 4 * THREADS
    with SlowBodies(server.port, count, every=2.0) as bodies:
        time.sleep(0.5)
        waits = health_latencies(server.port, 10, pause=0.5, timeout=5)
        refused = sum(reply.startswith(b"HTTP/1.1 413") for reply in bodies.replies.values())
    answered = [w for w in waits if w is not None]
    record("production_server_slow_bodies", clients=count, health_checks=len(waits), answered=len(answered),
           slowest_health_s=round(max(answered), 3) if answered else None, refused_413=refused)
    assert len(answered) == len(waits), f"{len(waits) - len(answered)} of {len(waits)} health checks not answered in 5 s"
    assert max(answered) < 2.0
    assert refused == count


def test_health_and_static_files_do_not_queue_behind_searches(server):
    weights = {"health": 1, "static": 1, "search": 4, "expensive search": 3, "page": 2, "export": 1}
    results = run_mixed_load(server.port, connections=100, seconds=15, weights=weights)
    summary = {name: r.summary() for name, r in results.items()}
    record("production_server_mixed_load", connections=100, seconds=15, workers=1, per_class=summary)
    slow = [r.percentile(50) for name, r in results.items() if name not in ("health", "static") and r.seconds]
    assert results["health"].seconds and max(slow) > 0.2, f"no queue built up: {summary}"
    for cheap in ("health", "static"):
        assert all(s == 200 for s in results[cheap].statuses), summary[cheap]
        assert results[cheap].percentile(95) < max(0.25, max(slow) / 4), summary


def test_beyond_the_bounded_queue_searches_get_a_503_with_retry_after(corpus_index, tmp_path):
    srv = serve(corpus_index, tmp_path, COMMUNIQUES_CACHE_SIZE="0", COMMUNIQUES_MAX_QUEUED="4")
    try:
        weights = {"health": 1, "search": 4, "expensive search": 3, "export": 1}
        results = run_mixed_load(srv.port, connections=60, seconds=10, weights=weights)
    finally:
        stop(srv)
    summary = {name: r.summary() for name, r in results.items()}
    record("production_server_bounded_queue", connections=60, max_queued=4, per_class=summary)
    shed = sum(r.statuses.get(503, 0) for r in results.values())
    served = sum(r.statuses.get(200, 0) for r in results.values())
    assert shed > 0 and served > 0, summary
    assert all(set(r.statuses) <= {200, 503} for r in results.values()), summary
    assert set(results["health"].statuses) == {200}, summary["health"]       # never shed
    assert "Overloaded: " in (tmp_path / "service.log").read_text("utf-8"), "shedding must show in the log"


def test_no_control_socket_is_shared_between_instances(corpus_index, tmp_path):
    """gunicorn's default control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl): every instance of
    the same user bound it in turn. The service creates none."""
    home = tmp_path / "home"
    home.mkdir()
    srv = serve(corpus_index, tmp_path, HOME=str(home), XDG_RUNTIME_DIR="")
    try:
        assert srv.process.poll() is None
        assert not (home / ".gunicorn" / "gunicorn.ctl").exists()
        assert not list(home.rglob("*.ctl"))
    finally:
        stop(srv)


def test_a_page_shed_under_load_is_the_french_503_page_and_the_api_keeps_json(corpus_index, tmp_path):
    """Beyond the queue a reader of the search page gets the site's French page, a program the API's JSON error;
    both say when to come back."""
    srv = serve(corpus_index, tmp_path, COMMUNIQUES_CACHE_SIZE="0", COMMUNIQUES_MAX_QUEUED="1")
    replies: list[bytes] = []

    def ask(path: bytes) -> None:
        with socket.create_connection(("127.0.0.1", srv.port), timeout=30) as sock:
            sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
            replies.append(data)

    try:
        paths = [b"/?q=minist*+OR+conseil*+OR+europ*&per_page=100", b"/api/search?q=minist*+OR+conseil*&per_page=100"]
        threads = [threading.Thread(target=ask, args=(paths[i % 2],)) for i in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        stop(srv)
    shed = [r for r in replies if r.startswith(b"HTTP/1.1 503")]
    pages = [r for r in shed if b"text/html" in r.split(b"\r\n\r\n", 1)[0]]
    api = [r for r in shed if b"application/json" in r.split(b"\r\n\r\n", 1)[0]]
    assert pages and api, f"{len(shed)} of {len(replies)} shed"
    assert all(b"Retry-After: 1" in r for r in shed)
    assert all("Recherche momentanément indisponible" in r.decode("utf-8") and b'lang="fr"' in r for r in pages)
    assert all(b'"overloaded"' in r for r in api)
