"""Starting a baseline as a real gunicorn server, reading its workers' memory, stopping it cleanly."""
from __future__ import annotations

import os

from benchmarks import servers
from benchmarks.baselines import fts5
from benchmarks.client import Client
from tests.benchmarks.baselines.test_fts5 import DOCS


def test_a_baseline_server_runs_its_workers_and_stops_with_them(tmp_path):
    db = str(tmp_path / "bench.sqlite")
    fts5.build_database(db, DOCS)
    server = servers.start_fts5(db, tmp_path / "logs", workers=2, threads=2)
    try:
        servers.wait_ready(server, timeout=60, workers=2)
        workers = server.worker_pids()
        assert len(workers) == 2
        assert all(rss > 5 for rss in server.worker_rss_mb())
        reply = Client(server.port).get("/api/search?q=ukraine")
        assert reply.status == 200 and reply.json()["total"] == 3
    finally:
        servers.stop(server)
    assert server.process.poll() is not None
    for pid in workers:
        assert not os.path.exists(f"/proc/{pid}") or "Z" in open(f"/proc/{pid}/stat").read().split(")")[1][:3]


def test_a_server_that_cannot_start_is_reported_with_its_log(tmp_path):
    server = servers.start_fts5(str(tmp_path / "missing.sqlite"), tmp_path / "logs", workers=1, threads=1)
    try:
        try:
            servers.wait_ready(server, timeout=20)
        except RuntimeError as exc:
            assert "fts5 exited" in str(exc) and "no database" in str(exc)
        else:
            raise AssertionError("a server without its database must not become ready")
    finally:
        servers.stop(server)


def test_the_service_is_measured_only_once_every_worker_has_warmed_its_index(corpus_index, tmp_path):
    server = servers.start_service(str(corpus_index), tmp_path / "logs", workers=2)
    try:
        servers.wait_ready(server, timeout=60, workers=2)
        servers.wait_warmed(server, 2, timeout=60)
        from search_service.wsgi_server import WARMED
        assert server.log_tail(10_000).count(WARMED) == 2
        try:
            servers.wait_warmed(server, 3, timeout=1)             # counts the workers that warmed
        except RuntimeError as exc:
            assert "3 workers did not warm" in str(exc)
        else:
            raise AssertionError("two warmed workers must not pass for three")
    finally:
        servers.stop(server)
