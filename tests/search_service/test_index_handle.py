"""The handle follows the index: a new version is opened and warmed beside the live one, then swapped in."""
from __future__ import annotations

import time
from datetime import date

from search_service.search.index_handle import IndexHandle
from tests.search_service.conftest import communique, write_index


def doc(i: int):
    return communique(f"d{i}", f"Communiqué {i}", "Le ministre a rencontré son homologue.", date(2020, 1, 1))


def wait_for(handle: IndexHandle, count: int, timeout: float = 10.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        with handle.using() as snap:
            if snap.doc_count == count:
                return time.monotonic() - started
        time.sleep(0.01)
    raise AssertionError(f"the handle never showed {count} documents")


def test_requests_keep_the_old_version_while_the_new_one_opens_then_see_the_new_one(tmp_path):
    write_index(tmp_path, [doc(1)])
    handle = IndexHandle(str(tmp_path))
    with handle.using() as first:
        assert first.doc_count == 1
    write_index(tmp_path, [doc(1), doc(2)])             # a rebuild: a new generation published
    with handle.using() as during:
        assert during is first                           # answered at once, from the version it had
    wait_for(handle, 2)


def test_a_snapshot_is_warm_before_it_serves(tmp_path):
    write_index(tmp_path, [doc(1)])
    snap = IndexHandle(str(tmp_path)).snapshot()
    assert {("lexicon", "exact"), ("lengths", "body")} <= set(snap._derived)
    cached = set(snap.postings._data)          # the terms of every search field, most frequent first, scored ahead
    assert {("body", b"ministr", "scored"), ("exact", b"ministre", "scored")} <= cached
    assert {(field, next(snap.lexicon(field).matching("*"))[0].encode(), "scored")
            for field in ("title", "body", "exact")} <= cached


def test_the_posting_cache_is_as_large_as_the_environment_says(tmp_path, monkeypatch):
    from search_service import create_app
    write_index(tmp_path, [doc(1)])
    monkeypatch.setenv("COMMUNIQUES_POSTINGS_CACHE_MB", "3")
    app = create_app({"INDEX": str(tmp_path), "TESTING": True})
    with app.extensions["engine"].handle.using() as snap:
        assert snap.postings.max_bytes == 3 * 1024 * 1024


def test_scripts_see_a_new_version_at_once(tmp_path):
    write_index(tmp_path, [doc(1)])
    handle = IndexHandle(str(tmp_path))
    assert handle.snapshot().doc_count == 1
    write_index(tmp_path, [doc(1), doc(2), doc(3)])
    assert handle.snapshot().doc_count == 3


def test_a_new_version_that_cannot_be_opened_leaves_the_old_one_serving(tmp_path):
    write_index(tmp_path, [doc(1)])
    handle = IndexHandle(str(tmp_path))
    with handle.using() as first:
        pass
    write_index(tmp_path, [doc(1), doc(2)])
    current = handle.store.current_dir()
    for segment in current.glob("*.seg"):
        segment.write_bytes(b"\0" * 64)                  # damaged after publishing
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and handle._failed is None:
        with handle.using() as snap:
            assert snap is first
        time.sleep(0.02)
    assert handle._failed is not None
    with handle.using() as snap:
        assert snap is first and snap.doc_count == 1


def test_a_new_version_shows_while_requests_keep_the_handle_busy(tmp_path):
    import threading
    write_index(tmp_path, [doc(1)])
    handle = IndexHandle(str(tmp_path))
    handle.warm()
    stop = threading.Event()

    def busy():                                   # requests back to back, as under steady load
        while not stop.is_set():
            with handle.using():
                time.sleep(0.005)

    threads = [threading.Thread(target=busy) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        write_index(tmp_path, [doc(1), doc(2)])
        assert wait_for(handle, 2, timeout=3.0) < 3.0
    finally:
        stop.set()
        for t in threads:
            t.join()
