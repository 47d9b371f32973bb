"""Ingest streams pages to worker processes that write their own segments: the same index as one process,
bounded memory, ids settled as before, and a failing worker stops the run cleanly."""
from __future__ import annotations

import errno
import os
import weakref
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

import indexer.ingest as ingest_module
import indexer.whoosh_format.toc as toc_module
from indexer.document import RawPage
from indexer.indexed import records
from indexer.ingest import ingest
from indexer.ingest_workers import IN_FLIGHT, WorkerError
from indexer.store import IndexStore, SegmentBuilder
from indexer.whoosh_format import committed_segments
from tests.conftest import page, write_pages
from tests.indexer.test_ingest import GYMNICH, OTAN

CANONICAL = "https://maee.example.lu/fr/actualites/2019/03/18-conseil.html"
HEAD = f'<link rel="canonical" href="{CANONICAL}">'
GOOD = page("Conseil Affaires étrangères à Bruxelles", "Les ministres ont parlé de l’Ukraine et du Moyen-Orient.",
            head=HEAD)
IMPOSTOR = page("Page qui usurpe une adresse", "Ce texte ne doit pas remplacer le communiqué du Conseil.", head=HEAD)


@pytest.fixture
def small_batches(monkeypatch):
    """Workers from a handful of pages on, a few pages per batch, a commit every few pages."""
    monkeypatch.setattr(ingest_module, "PARALLEL_THRESHOLD", 4)
    monkeypatch.setattr(ingest_module, "BATCH_PAGES", 3)
    monkeypatch.setattr(ingest_module, "COMMIT_EVERY", 7)


def many(count: int, start: int = 0) -> dict[str, str]:
    return {f"p{i:03}.html": OTAN.replace("Bruxelles", f"Bruxelles numéro {i}") for i in range(start, start + count)}


def stored(index_dir: Path) -> dict[str, dict]:
    with IndexStore(index_dir).open().searcher() as s:
        return {d["id"]: d for _, d in records(s.reader())}


def test_workers_build_the_same_documents_as_one_process(tmp_path, small_batches):
    src = write_pages(tmp_path / "src", {**many(30), "vide.html": b"", "gymnich.html": GYMNICH})
    one = ingest([str(src)], IndexStore(tmp_path / "one"), procs=1, rebuild=True)
    two = ingest([str(src)], IndexStore(tmp_path / "two"), procs=2, rebuild=True)
    assert (one.added, len(one.failed)) == (two.added, len(two.failed)) == (31, 1)
    a, b = stored(tmp_path / "one"), stored(tmp_path / "two")
    assert a.keys() == b.keys()
    assert all(a[k]["body"] == b[k]["body"] and a[k]["title"] == b[k]["title"] for k in a)
    assert len(committed_segments(IndexStore(tmp_path / "two").open())) == 2     # one per worker


def test_incremental_runs_with_workers_update_skip_and_prune(tmp_path, small_batches):
    src = write_pages(tmp_path / "src", many(20))
    store = IndexStore(tmp_path / "ix")
    assert ingest([str(src)], store, procs=2).added == 20
    write_pages(src, {"p003.html": OTAN.replace("Bruxelles", "Varsovie"), **many(10, start=20)})
    (src / "p005.html").unlink()
    summary = ingest([str(src)], store, procs=2, prune=True)
    assert (summary.added, summary.updated, summary.unchanged, summary.deleted) == (10, 1, 18, 1)
    docs = stored(tmp_path / "ix")
    assert len(docs) == 29 and "p005.html" not in docs and "Varsovie" in docs["p003.html"]["body"]
    with store.open().searcher() as s:
        assert s.doc_count() == 29                                    # the replaced version is gone


def test_an_impostor_read_before_the_page_it_copies_is_reported(tmp_path, small_batches):
    src = write_pages(tmp_path / "src", {"z-conseil.html": GOOD, **many(12)})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2)
    write_pages(src, {"0-impostor.html": IMPOSTOR, **many(12, start=12)})     # read first; its id is taken
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2)
    assert (summary.added, summary.unchanged, len(summary.failed)) == (12, 13, 1)
    assert "same canonical URL as z-conseil.html" in summary.failed[0].reason
    assert stored(tmp_path / "ix")[CANONICAL]["title"] == "Conseil Affaires étrangères à Bruxelles"


def test_a_page_moved_to_a_new_file_keeps_its_id_when_listed_sources_show_the_old_file_gone(tmp_path, small_batches):
    src = write_pages(tmp_path / "src", {"old-name.html": GOOD, **many(12)})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2)
    (src / "old-name.html").rename(src / "new-name.html")
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2)
    assert summary.failed == [] and summary.added == 1
    assert stored(tmp_path / "ix")[CANONICAL]["source_key"] == "new-name.html"


def test_a_claim_settled_only_at_the_end_of_the_stream_is_indexed(tmp_path, small_batches, monkeypatch):
    """Without a listing of the sources (a web source), a claim on an indexed id waits for the end."""
    src = write_pages(tmp_path / "src", {"old-name.html": GOOD, **many(12)})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2)
    (src / "old-name.html").rename(src / "new-name.html")
    monkeypatch.setattr(ingest_module, "source_keys", lambda spec: None)
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2)
    assert summary.failed == [] and (summary.added, summary.unchanged) == (1, 12)
    docs = stored(tmp_path / "ix")
    assert docs[CANONICAL]["source_key"] == "new-name.html" and len(docs) == 13


def test_the_same_source_given_twice_is_indexed_once(tmp_path, small_batches):
    src = write_pages(tmp_path / "src", many(10))
    summary = ingest([str(src), str(src)], IndexStore(tmp_path / "ix"), procs=2, rebuild=True)
    assert summary.failed == []
    with IndexStore(tmp_path / "ix").open().searcher() as s:
        assert s.doc_count() == 10 and len(list(s.all_stored_fields())) == 10


def test_pages_stream_through_in_bounded_memory(tmp_path, monkeypatch):
    """At most a few batches of pages are alive at once, however many the sources hold."""
    alive: list[weakref.ref] = []
    most = 0
    html = OTAN.encode()

    def pages(spec):
        nonlocal most
        for i in range(400):
            alive[:] = [r for r in alive if r() is not None]
            most = max(most, len(alive))
            p = RawPage(f"p{i}.html", f"p{i}.html", html.replace(b"Bruxelles", b"Bruxelles %d" % i))
            alive.append(weakref.ref(p))
            yield p

    monkeypatch.setattr(ingest_module, "iter_pages", pages)
    for procs in (1, 2):
        most = 0
        summary = ingest(["x"], IndexStore(tmp_path / f"ix{procs}"), procs=procs, rebuild=True)
        assert summary.added == 400
        bound = ingest_module.PARALLEL_THRESHOLD + ingest_module.BATCH_PAGES * (IN_FLIGHT * procs + 2)
        assert most <= bound, (procs, most)


def test_a_worker_that_fails_to_write_stops_the_run_and_leaves_the_index_as_it_was(tmp_path, small_batches,
                                                                                      monkeypatch):
    src = write_pages(tmp_path / "src", many(6))
    store = IndexStore(tmp_path / "ix")
    ingest([str(src)], store, procs=1)
    live, before = store.current_dir(), sorted(p.name for p in store.current_dir().iterdir())
    write_pages(src, many(20, start=6))

    def full_disk(self, **fields):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SegmentBuilder, "add", full_disk)
    for rebuild in (False, True):
        with pytest.raises(OSError, match="No space left"):
            ingest([str(src)], store, procs=2, rebuild=rebuild)
        assert store.current_dir() == live and len(stored(tmp_path / "ix")) == 6
        assert sorted(p.name for p in live.iterdir() if p.name != "MAIN.tmp") == \
            [n for n in before if n != "MAIN.tmp"]
        assert sorted(p.name for p in (tmp_path / "ix").glob("gen-*")) == [live.name]
    with store.lock():       # the lock is free again
        pass


def test_a_worker_that_dies_stops_the_run_instead_of_hanging(tmp_path, small_batches, monkeypatch):
    src = write_pages(tmp_path / "src", many(20))

    def die(self, **fields):
        os._exit(9)

    monkeypatch.setattr(SegmentBuilder, "add", die)
    with pytest.raises(WorkerError, match="ended unexpectedly"):
        ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2, rebuild=True)
    assert list((tmp_path / "ix").glob("gen-*")) == []


def test_workers_do_not_outlive_a_killed_main_process(tmp_path):
    """kill -9 of the indexer takes its workers with it: nothing keeps its pipes or the index lock."""
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT
    filler = "<p>" + "Les ministres ont évoqué la coopération régionale et la sécurité européenne. " * 40 + "</p>"
    big = {name: html.replace("</main>", filler * 60 + "</main>") for name, html in many(200).items()}
    src = write_pages(tmp_path / "src", big)    # ~300 KB a page: the main process is mid-way through a message
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "ingest", str(src), "--index", str(tmp_path / "ix"),
                             "--rebuild", "--procs", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((tmp_path / "ix").glob("gen-*/MAIN_*")):
        time.sleep(0.05)                        # workers have started writing segments
    os.kill(proc.pid, signal.SIGKILL)
    try:
        proc.communicate(timeout=30)            # hangs if a worker still holds the pipes
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)     # whatever is left of this test's own indexer
        except ProcessLookupError:
            pass
    assert proc.returncode == -signal.SIGKILL
    with IndexStore(tmp_path / "ix").lock():     # and the lock is free
        pass


def test_a_first_ingest_into_an_empty_index_builds_like_a_rebuild_without_whoosh_merging(tmp_path, small_batches,
                                                                                         monkeypatch):
    src = write_pages(tmp_path / "src", many(30))
    rebuilt, first = IndexStore(tmp_path / "rebuilt"), IndexStore(tmp_path / "first")
    assert ingest([str(src)], rebuilt, procs=2, rebuild=True).added == 30

    def no_merge(self, reader):
        raise AssertionError("Whoosh's pure-Python merge ran during a first ingest")
    monkeypatch.setattr(SegmentWriter, "add_reader", no_merge)
    assert ingest([str(src)], first, procs=2).added == 30          # 30 pages: rounds of 7 before issue 22
    assert stored(tmp_path / "first") == stored(tmp_path / "rebuilt")
    assert len(committed_segments(first.open())) == 2              # one per worker, as --rebuild writes


def test_incremental_rounds_merge_only_small_segments(tmp_path, small_batches, monkeypatch):
    monkeypatch.setattr(toc_module, "SMALL_SEGMENT_DOCS", 4)
    merged_sizes = []
    real_add_reader = SegmentWriter.add_reader

    def recording_add_reader(self, reader):
        merged_sizes.append(reader.doc_count_all())
        return real_add_reader(self, reader)
    monkeypatch.setattr(SegmentWriter, "add_reader", recording_add_reader)
    src = write_pages(tmp_path / "src", many(10))
    store = IndexStore(tmp_path / "ix")
    ingest([str(src)], store, procs=1)
    for start in range(10, 40, 2):              # fifteen small updates, a commit each
        write_pages(src, many(2, start=start))
        assert ingest([str(src)], store, procs=1).added == 2
    assert merged_sizes and max(merged_sizes) < 4           # small segments were merged, the first one never
    assert len(stored(tmp_path / "ix")) == 40
    assert len(committed_segments(store.open())) < 16
