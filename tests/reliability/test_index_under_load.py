"""Indexing while the service answers a steady load: no request fails, every response comes from one index
version, new documents show within seconds without a restart, and a --rebuild switches atomically."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from search_service import create_app
from tests.reliability.indexer_runs import generated_batch, indexed, run_indexer
from tests.reliability.under_load import LoadChecker

BASE, BATCH, BATCHES = 100, 30, 3
VISIBLE_WITHIN_S = 5.0


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> list[Path]:
    parent = tmp_path_factory.mktemp("batches")
    return [generated_batch(parent, f"batch{i}", BASE if i == 0 else BATCH, 30 + i) for i in range(BATCHES + 1)]


def test_ingest_and_rebuild_under_load_fail_no_request_and_mix_no_versions(batches, tmp_path):
    index_dir = tmp_path / "index"
    assert run_indexer(str(batches[0]), "--index", str(index_dir)).status == 0
    total = len(indexed(index_dir))
    server = make_server("127.0.0.1", 0, create_app({"INDEX": str(index_dir)}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    load = LoadChecker(server.server_port, threads=4)
    load.allow(total)
    load.start()
    try:
        delays = []
        for folder in batches[1:]:
            load.allow(total + BATCH)              # a batch is one commit: readers see all of it or none
            done = run_indexer(str(folder), "--index", str(index_dir))
            assert done.status == 0, done.stderr[-2000:]
            total += BATCH
            delays.append(load.wait_for_total(total, VISIBLE_WITHIN_S))
        smaller = BASE + BATCH                      # a rebuild from fewer pages: the switch shows in the total
        load.allow(smaller)
        rebuilt = run_indexer(str(batches[0]), str(batches[1]), "--index", str(index_dir), "--rebuild")
        assert rebuilt.status == 0, rebuilt.stderr[-2000:]
        delays.append(load.wait_for_total(smaller, VISIBLE_WITHIN_S))
    finally:
        report = load.stop()
        server.shutdown()
    assert not report.errors, report.errors[:5]
    assert not report.inconsistent, report.inconsistent[:5]
    assert report.requests >= 50, report.requests
    assert len(report.totals_seen) >= 3, report.totals_seen
    assert max(delays) < VISIBLE_WITHIN_S
