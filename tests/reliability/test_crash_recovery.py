"""kill -9 at random points, two indexers at once: the index always opens, nothing committed is lost,
the lock comes back by itself, and a re-run finishes the job."""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from benchmarks.generator import write_pages
from indexer.generations import CURRENT, IndexStore
from search_service import create_app
from tests.reliability.indexer_runs import (finish, generations, indexed, kill_hard, lock_is_free, run_indexer,
                                            start_indexer, wait_for_lock_holder)

PAGES = 200
FEW_PAGES = 120
COMMIT_EVERY = 20


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated-pages")
    write_pages(folder, PAGES, seed=11, procs=1)
    return folder


@pytest.fixture(scope="module")
def few_pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated-few")
    write_pages(folder, FEW_PAGES, seed=12, procs=1)
    return folder


def assert_documents_served(index_dir: Path, ids: list[str]) -> None:
    client = create_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
    for doc_id in ids:
        assert client.get("/api/documents/" + doc_id).status_code == 200, doc_id


def test_kill_9_at_random_points_of_an_ingest_loses_nothing_committed(pages, tmp_path):
    index_dir = tmp_path / "index"
    rng = random.Random(7)
    committed: dict = {}
    kills = attempts = 0
    while kills < 3 and attempts < 10:
        attempts += 1
        proc = start_indexer(str(pages), "--index", str(index_dir), "--procs", "2", commit_every=COMMIT_EVERY)
        wait_for_lock_holder(index_dir, proc)          # random points of the ingest, not of Python's start-up
        time.sleep(rng.uniform(0.3, 3.5))
        if proc.poll() is not None:          # it finished first (a fast machine): go on with an empty index
            assert finish(proc).status == 0
            index_dir, committed = tmp_path / f"index-{attempts}", {}
            continue
        kill_hard(proc)
        kills += 1
        assert lock_is_free(index_dir), "the killed indexer's lock is still held"
        if not committed and not IndexStore(index_dir).exists():
            continue                                   # killed before its first generation: nothing to lose
        now = indexed(index_dir)                       # the index opens after every kill
        lost = {k for k in committed if now.get(k) != committed[k]}
        assert not lost, f"{len(lost)} committed documents lost or changed by a kill"
        committed = now
        assert_documents_served(index_dir, rng.sample(sorted(committed), min(5, len(committed))))
    assert kills == 3, "the runs kept ending before they could be killed: use more pages"
    rerun = run_indexer(str(pages), "--index", str(index_dir), commit_every=COMMIT_EVERY)
    assert rerun.status == 0, rerun.stderr[-2000:]
    assert f"unchanged: {len(committed)}," in rerun.stdout
    final = indexed(index_dir)
    assert len(final) == PAGES
    assert all(final[k] == v for k, v in committed.items())


def test_kill_9_during_a_rebuild_leaves_the_live_index_serving(few_pages, tmp_path):
    index_dir = tmp_path / "index"
    assert run_indexer(str(few_pages), "--index", str(index_dir)).status == 0
    live_before, docs_before = (index_dir / CURRENT).read_text(), indexed(index_dir)
    proc = start_indexer(str(few_pages), "--index", str(index_dir), "--rebuild")
    deadline = time.monotonic() + 60
    while len(generations(index_dir)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.15)                                    # into the middle of the new generation's build
    assert proc.poll() is None and (index_dir / CURRENT).read_text() == live_before, \
        "the rebuild finished before the kill: give it more pages"
    kill_hard(proc)
    assert (index_dir / CURRENT).read_text() == live_before
    assert indexed(index_dir) == docs_before
    assert lock_is_free(index_dir)
    assert run_indexer(str(few_pages), "--index", str(index_dir)).status == 0      # nothing new to add
    assert generations(index_dir) == [live_before.strip()], "the killed rebuild's files were kept"
    rerun = run_indexer(str(few_pages), "--index", str(index_dir), "--rebuild")
    assert rerun.status == 0, rerun.stderr[-2000:]
    assert (index_dir / CURRENT).read_text() != live_before
    assert set(indexed(index_dir)) == set(docs_before)
    assert len(generations(index_dir)) <= 2, "the abandoned generation was not cleaned up"


def test_a_second_indexer_exits_with_status_1_or_waits_for_the_lock(pages, few_pages, tmp_path):
    index_dir = tmp_path / "index"
    first = start_indexer(str(pages), str(few_pages), "--index", str(index_dir), "--procs", "1")
    wait_for_lock_holder(index_dir, first)
    started = time.monotonic()
    second = run_indexer(str(pages), str(few_pages), "--index", str(index_dir), timeout=60)
    assert second.status == 1
    assert "another indexer" in second.stderr and "--wait" in second.stderr
    assert "Traceback" not in second.stderr
    assert time.monotonic() - started < 30
    waiting = start_indexer(str(pages), str(few_pages), "--index", str(index_dir), "--wait", "600")
    time.sleep(1.5)
    if first.poll() is None:            # still writing: the second one must be waiting, not done
        assert waiting.poll() is None
    assert finish(first).status == 0
    waited = finish(waiting)
    assert waited.status == 0, waited.stderr[-2000:]
    assert f"unchanged: {PAGES + FEW_PAGES}," in waited.stdout
    assert len(indexed(index_dir)) == PAGES + FEW_PAGES
