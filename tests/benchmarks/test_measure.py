"""Measuring over real HTTP: interleaving, percentiles, throughput windows, reply checks."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.client import Client, Reply, problem
from benchmarks.measure import cases_for, latency_run, load_window, percentile, summary, throughput_run, warm_up
from benchmarks.querymix import QueryCase


class _Recorder:
    """A real HTTP server on 127.0.0.1 that answers like the search API and logs what it was asked."""

    def __init__(self, name: str, log: list, lock: threading.Lock, fail_on: str | None = None,
                 drop_connections: bool = False):
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with lock:
                    log.append((name, self.path))
                if fail_on and fail_on in self.path:
                    body, status = b"oops", 500
                elif self.path.startswith("/api/documents/"):
                    body, status = json.dumps({"id": "x", "title": "t", "related": []}).encode(), 200
                else:
                    body, status = json.dumps({"total": 3, "hits": [], "facets": {}}).encode(), 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                # as a server whose keep-alive timeout has expired: closes without saying so
                self.close_connection = drop_connections

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        recorder.name = name

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def three():
    log, lock = [], threading.Lock()
    servers = [_Recorder("service", log, lock), _Recorder("fts5", log, lock), _Recorder("naive", log, lock, fail_on="broken")]
    yield {s.name: s.port for s in servers}, log
    for s in servers:
        s.close()


def test_percentiles_interpolate_between_ranks():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([7.0], 99) == 7.0 and percentile([], 50) is None
    assert summary([1.0, 2.0, 3.0])["p50"] == 2.0


def test_each_request_goes_to_every_system_in_a_rotating_order(three):
    ports, log = three
    cases = [[QueryCase("word", f"/api/search?q=w{i}") for i in range(3)]]
    samples = latency_run(ports, cases)
    assert [name for name, _ in log] == ["service", "fts5", "naive", "fts5", "naive", "service", "naive", "service", "fts5"]
    assert [path for _, path in log[:3]] == ["/api/search?q=w0"] * 3
    assert {name: len(samples.ms[name]["word"]) for name in ports} == {"service": 3, "fts5": 3, "naive": 3}
    assert samples.totals["fts5"]["/api/search?q=w1"] == 3


def test_a_slow_system_can_take_part_in_every_kth_round_only(three):
    ports, log = three
    rounds = [[QueryCase("word", f"/api/search?q=r{r}")] for r in range(6)]
    latency_run(ports, rounds, skip_every={"naive": 3})
    assert [path for name, path in log if name == "naive"] == ["/api/search?q=r0", "/api/search?q=r3"]
    assert sum(1 for name, _ in log if name == "service") == 6


def test_errors_are_counted_not_timed(three):
    ports, _ = three
    samples = latency_run(ports, [[QueryCase("word", "/api/search?q=broken")]])
    assert len(samples.errors["naive"]) == 1 and "HTTP 500" in samples.errors["naive"][0]
    assert not samples.ms["naive"]["word"] and len(samples.ms["service"]["word"]) == 1


def test_a_load_window_counts_completed_requests_from_several_threads(three):
    ports, log = three
    cases = [QueryCase("word", f"/api/search?q=t{i}") for i in range(10)]
    window = load_window("fts5", ports["fts5"], cases, threads=3, seconds=0.5)
    assert window.completed > 10 and window.errors == 0
    assert window.per_second == pytest.approx(window.completed / 0.5)
    assert len({path for _, path in log}) == 10


def test_an_uncached_request_sent_twice_to_a_system_is_counted_a_cached_one_is_not(three):
    ports, _ = three
    rounds = [[QueryCase("word", "/api/search?q=once"), QueryCase("repeated", "/api/search?q=again")],
              [QueryCase("word", "/api/search?q=once"), QueryCase("repeated", "/api/search?q=again")]]
    samples = latency_run(ports, rounds)
    assert dict(samples.repeats) == {"service": 1, "fts5": 1, "naive": 1}
    assert len(samples.ms["service"]["repeated"]) == 2


def test_a_load_window_that_wraps_round_its_pool_counts_the_requests_it_sent_again(three):
    ports, _ = three
    small = [QueryCase("word", f"/api/search?q=s{i}") for i in range(4)]
    window = load_window("fts5", ports["fts5"], small, threads=2, seconds=0.5)
    assert window.completed > 4 and window.repeats >= window.completed - 4
    cached = [QueryCase("repeated", "/api/search?q=same")]
    assert load_window("fts5", ports["fts5"], cached, threads=2, seconds=0.3).repeats == 0


def test_reply_checks_want_the_api_shape():
    ok = json.dumps({"total": 0, "hits": [], "facets": {}}).encode()
    assert problem("/api/search?q=x", Reply(200, 0.01, ok)) is None
    assert problem("/api/search?q=x", Reply(200, 0.01, b'{"total": 1}')) == "missing hits, facets"
    assert problem("/api/search?q=x", Reply(503, 0.01, ok)) == "HTTP 503"
    assert problem("/api/search?q=x", Reply(200, 0.01, b"<html>")) == "invalid JSON"
    assert problem("/api/documents/a", Reply(200, 0.01, b'{"id": "a", "title": "", "related": []}')) is None
    assert problem("/api/search", Reply(0, 0.01, error="ConnectionRefusedError")) == "ConnectionRefusedError"


def test_the_client_reconnects_after_the_server_drops_a_kept_alive_connection():
    log = []
    server = _Recorder("service", log, threading.Lock(), drop_connections=True)
    try:
        client = Client(server.port)
        replies = [client.get(f"/api/search?q={w}") for w in ("a", "b", "c")]
        assert [r.status for r in replies] == [200, 200, 200]
        assert [path for _, path in log] == ["/api/search?q=a", "/api/search?q=b", "/api/search?q=c"]
    finally:
        server.close()


def test_hybrid_requests_go_to_the_service_only_interleaved_with_the_others(three):
    ports, log = three
    rounds = [[QueryCase("word", "/api/search?q=a&mode=keyword"), QueryCase("word (hybrid)", "/api/search?q=b&mode=hybrid"),
               QueryCase("rare", "/api/search?q=c&mode=keyword")]]
    samples = latency_run(ports, rounds)
    for baseline in ("fts5", "naive"):
        assert [path for name, path in log if name == baseline] == ["/api/search?q=a&mode=keyword",
                                                                    "/api/search?q=c&mode=keyword"]
    assert [path for name, path in log if name == "service"] == [c.path for c in rounds[0]]
    assert len(samples.ms["service"]["word (hybrid)"]) == 1 and not samples.ms["fts5"]["word (hybrid)"]


def test_warm_up_and_throughput_send_the_baselines_no_hybrid_request(three):
    ports, log = three
    cases = [QueryCase("word", "/api/search?q=k&mode=keyword"), QueryCase("word (hybrid)", "/api/search?q=h&mode=hybrid")]
    assert cases_for("fts5", cases) == cases[:1] and cases_for("service", cases) == cases
    warm_up(ports, cases, threads=1, seconds=0.2)
    throughput_run(ports, [cases], threads=1, seconds=0.2)
    assert {path for name, path in log if name != "service"} == {"/api/search?q=k&mode=keyword"}
    assert "/api/search?q=h&mode=hybrid" in {path for name, path in log if name == "service"}
