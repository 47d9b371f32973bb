"""kill -9 the indexer again and again at random points of a large ingest (incremental runs that commit
every 100 documents, and --rebuild runs): after every kill the index opens, every document committed before
is still there and served, the lock is free; a last run completes the job."""
from __future__ import annotations

import random
import time

import pytest

from benchmarks.generator import write_pages
from indexer.store import CURRENT
from search_service import create_app
from tests.reliability.indexer_runs import finish, generations, indexed, kill_hard, lock_is_free, run_indexer, start_indexer
from tests.reliability.records import record

pytestmark = pytest.mark.stress

PAGES, COMMIT_EVERY, KILLS = 1500, 50, 8


def test_repeated_kill_9_loses_no_committed_document(tmp_path):
    pages = tmp_path / "pages"
    write_pages(pages, PAGES, seed=41)
    index_dir = tmp_path / "index"
    rng = random.Random(41)
    committed: dict = {}
    log = []
    while len(log) < KILLS:
        rebuild = len(log) % 4 == 3 and committed
        args = [str(pages), "--index", str(index_dir), "--procs", "2"] + (["--rebuild"] if rebuild else [])
        live = (index_dir / CURRENT).read_text() if rebuild else None
        proc = start_indexer(*args, commit_every=None if rebuild else COMMIT_EVERY)
        delay = rng.uniform(2.0, 20.0 if rebuild else 12.0)
        time.sleep(delay)
        if proc.poll() is not None:          # finished before the kill: start again from scratch
            assert finish(proc).status == 0
            committed = indexed(index_dir)
            log.append({"run": "rebuild" if rebuild else "incremental", "killed_after_s": None,
                        "documents": len(committed)})
            if len(committed) == PAGES and not rebuild:
                index_dir = tmp_path / f"index-{len(log)}"      # a fresh index, so kills keep landing mid-ingest
                committed = {}
            continue
        kill_hard(proc)
        assert lock_is_free(index_dir), "the lock stayed held after kill -9"
        now = indexed(index_dir)
        lost = [k for k, v in committed.items() if now.get(k) != v]
        assert not lost, f"kill {len(log) + 1}: {len(lost)} committed documents lost or changed"
        if rebuild and (index_dir / CURRENT).read_text() != live:
            # Killed after its switch (while cleaning up or exiting): only a complete rebuild is ever published.
            assert len(now) == PAGES, "a killed rebuild switched the live index to an incomplete generation"
        client = create_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
        for doc_id in rng.sample(sorted(now), min(10, len(now))):
            assert client.get("/api/documents/" + doc_id).status_code == 200
        log.append({"run": "rebuild" if rebuild else "incremental", "killed_after_s": round(delay, 2),
                    "documents": len(now), "generations": len(generations(index_dir))})
        committed = now
    final = run_indexer(str(pages), "--index", str(index_dir), commit_every=COMMIT_EVERY, timeout=1800)
    assert final.status == 0, final.stderr[-2000:]
    done = indexed(index_dir)
    assert len(done) == PAGES and all(done[k] == v for k, v in committed.items())
    assert len(generations(index_dir)) <= 2
    kills = [e for e in log if e["killed_after_s"] is not None]
    record("kill9_long", pages=PAGES, commit_every=COMMIT_EVERY, kills=len(kills),
           rebuild_kills=sum(e["run"] == "rebuild" for e in kills), lost=0, runs=log)
    print(log)
