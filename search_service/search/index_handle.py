"""Open the index once per worker process and follow it as the indexer updates it.

Whoosh searchers are not thread-safe, and pure-Python search gains nothing from
threads under the GIL: requests of one process take turns on one snapshot
(`using()`), which also makes closing a replaced snapshot safe. A cheap version
check (the CURRENT pointer and the newest Whoosh commit) at the start of each
request decides whether a new searcher is needed; a request keeps the snapshot it
started with, so it never mixes two versions.
"""
from __future__ import annotations

import contextlib
import threading

from whoosh.filedb.filestore import FileStorage

from indexer.store import IndexStore
from search_service.search.snapshot import Snapshot


class IndexHandle:
    def __init__(self, index_dir: str, cache_size: int = 256):
        self.store = IndexStore(index_dir)
        self.cache_size = cache_size
        self._snapshot: Snapshot | None = None
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def using(self):
        """The current snapshot, held exclusively for the duration of one request."""
        with self._lock:
            yield self._current()

    def snapshot(self) -> Snapshot:
        """The current snapshot, for single-threaded callers (tests, scripts)."""
        with self._lock:
            return self._current()

    def _current(self) -> Snapshot:
        version = self.store.version()
        snap = self._snapshot
        if snap is not None and snap.version == version:
            return snap
        ix = self._open()
        self._snapshot = Snapshot(ix.searcher(), version, cache_size=self.cache_size)
        if snap is not None:
            snap.close()
        return self._snapshot

    def _open(self):
        """The live index read with plain file reads, not mmap: mapped pages of a 600 MB index count in
        each worker's RSS as they are touched (measured at 100,000 documents: 550 MB after opening, 810 MB
        after a common word, against 60 and 80 MB with reads; latency the same within noise)."""
        if not self.store.exists():
            self.store.open()      # raises NoIndex, with the message telling how to build one
        return FileStorage(str(self.store.current_dir()), supports_mmap=False).open_index()

    def available(self) -> bool:
        return self.store.exists()
