"""Open the index once per worker thread and follow it as the indexer updates it.

Each request asks for the snapshot; a cheap version check (the CURRENT pointer
and the newest Whoosh commit) decides whether a new searcher is needed. A
request keeps the snapshot it started with, so it never mixes two versions.
"""
from __future__ import annotations

import threading

from indexer.store import IndexStore
from search_service.search.snapshot import Snapshot


class IndexHandle:
    def __init__(self, index_dir: str, cache_size: int = 256):
        self.store = IndexStore(index_dir)
        self.cache_size = cache_size
        self._local = threading.local()

    def snapshot(self) -> Snapshot:
        version = self.store.version()
        snap: Snapshot | None = getattr(self._local, "snapshot", None)
        if snap is not None and snap.version == version:
            return snap
        ix = self.store.open()
        fresh = Snapshot(ix.searcher(), version, cache_size=self.cache_size)
        self._local.snapshot = fresh
        if snap is not None:
            snap.close()
        return fresh

    def available(self) -> bool:
        return self.store.exists()
