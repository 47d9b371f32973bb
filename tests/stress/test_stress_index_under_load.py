"""The production server (gunicorn, a worker per core) under a steady load of checking clients while
batches are ingested and a --rebuild switches generations: no failed request, no mixed version, new
documents visible within seconds with no restart (gunicorn's own max_requests recycling aside), no worker
timing out or failing."""
from __future__ import annotations

import os
import time

import pytest

from benchmarks.servers import start_service, stop, wait_ready
from tests.reliability.indexer_runs import generated_batch, indexed, run_indexer
from tests.reliability.records import record
from tests.reliability.under_load import LoadChecker

pytestmark = pytest.mark.stress

BASE, BATCH, BATCHES, REBUILD_EXTRA = 600, 100, 4, 150
VISIBLE_WITHIN_S = 5.0


def test_ingest_and_rebuild_under_load_on_the_production_server(tmp_path):
    folders = [generated_batch(tmp_path, f"batch{i}", BASE if i == 0 else BATCH, 50 + i) for i in range(BATCHES + 1)]
    extra = generated_batch(tmp_path, "extra", REBUILD_EXTRA, 59)      # the rebuild's total is one never seen before
    index_dir = tmp_path / "index"
    assert run_indexer(str(folders[0]), "--index", str(index_dir), timeout=1800).status == 0
    total = len(indexed(index_dir))
    workers = os.cpu_count() or 1
    server = start_service(str(index_dir), tmp_path / "logs", workers=workers)
    try:
        wait_ready(server, timeout=120, workers=workers)
        load = LoadChecker(server.port, threads=4)
        load.allow(total)
        load.start()
        delays = []
        try:
            for folder in folders[1:]:
                load.allow(total + BATCH)
                done = run_indexer(str(folder), "--index", str(index_dir), timeout=1800)
                assert done.status == 0, done.stderr[-2000:]
                total += BATCH
                delays.append(round(load.wait_for_total(total, VISIBLE_WITHIN_S), 3))
            rebuilt_total = BASE + REBUILD_EXTRA
            load.allow(rebuilt_total)
            rebuilt = run_indexer(str(folders[0]), str(extra), "--index", str(index_dir), "--rebuild", timeout=1800)
            assert rebuilt.status == 0, rebuilt.stderr[-2000:]
            delays.append(round(load.wait_for_total(rebuilt_total, VISIBLE_WITHIN_S), 3))
            time.sleep(2)                          # the clients' own requests see the rebuilt generation too
        finally:
            report = load.stop()
    finally:
        stop(server)
    log = server.log_path.read_text("utf-8", "replace")
    assert "WORKER TIMEOUT" not in log and "Traceback" not in log and "[ERROR]" not in log, server.log_tail(40)
    lat = sorted(report.latencies)
    record("index_under_load_gunicorn", documents=BASE, batches=BATCHES, batch=BATCH, requests=report.requests,
           errors=len(report.errors), inconsistent=len(report.inconsistent), visible_after_s=delays,
           totals_seen=dict(report.totals_seen), p50_ms=round(lat[len(lat) // 2] * 1000, 1),
           p99_ms=round(lat[int(len(lat) * 0.99)] * 1000, 1))
    assert not report.errors, report.errors[:5]
    assert not report.inconsistent, report.inconsistent[:5]
    assert max(delays) < VISIBLE_WITHIN_S
    assert set(report.totals_seen) == {BASE + k * BATCH for k in range(BATCHES + 1)} | {BASE + REBUILD_EXTRA}
