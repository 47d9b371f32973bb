"""Open the index once per worker process and follow it as the indexer updates it.

Whoosh searchers are not thread-safe, and pure-Python search gains nothing from
threads under the GIL: requests of one process take turns on one snapshot
(`using()`), which also makes closing a replaced snapshot safe. A cheap version
check (the CURRENT pointer and the newest Whoosh commit) at the start of each
request notices a new index version; the new snapshot is then opened and warmed
in a background thread while requests keep being answered from the old one, and
swapped in between two requests (at 100,000 documents a cold snapshot took about
3 s, which every request arriving meanwhile would otherwise have waited for).
A request keeps the snapshot it started with, so it never mixes two versions.
"""
from __future__ import annotations

import contextlib
import logging
import threading
import time

from whoosh.filedb.filestore import FileStorage

from indexer.errors import IndexUnreadable, NoIndex
from indexer.generations import IndexStore
from search_service.search.postings import DEFAULT_POSTINGS_MB
from search_service.search.querying import SEARCH_FIELDS
from search_service.search.snapshot import Snapshot

log = logging.getLogger(__name__)


__all__ = ["IndexHandle", "IndexUnreadable", "NoIndex"]

RETRY_FAILED_AFTER_S = 5.0      # a version that failed to open is tried again after this long


class IndexHandle:
    def __init__(self, index_dir: str, cache_size: int = 128, background_refresh: bool = True,
                 postings_mb: int = DEFAULT_POSTINGS_MB):
        """`postings_mb`: the decoded posting lists each snapshot keeps (search_service.config)."""
        self.store = IndexStore(index_dir)
        self.cache_size = cache_size
        self.postings_mb = postings_mb
        self.background_refresh = background_refresh
        self._snapshot: Snapshot | None = None
        self._lock = threading.RLock()
        self._refreshing: threading.Thread | None = None
        self._failed: tuple[object, float, str] | None = None   # (version, when, why) of the last failed opening
        self._retired: list[Snapshot] = []     # replaced snapshots, closed by the next request to take the lock
        self._swap_lock = threading.Lock()
        self._refresh_lock = threading.Lock()     # one refresh thread, whichever path starts it

    @contextlib.contextmanager
    def using(self):
        """The current snapshot, held exclusively for the duration of one request."""
        with self._lock:
            self._close_retired()
            yield self._current(wait=not self.background_refresh)

    def peek(self, fresh: bool = False) -> Snapshot | None:
        """The snapshot being served, without the request lock: only for reading what never changes in it
        (counts, version, its response cache), never its searcher. None before one is opened, and with
        `fresh`, None too when a newer version is on disk (a refresh is then started in the background)."""
        snap = self._snapshot
        if snap is None or not fresh:
            return snap
        version = self.store.version()
        if snap.version == version:
            return snap
        if self.background_refresh and version is not None:
            with self._refresh_lock:
                self._refresh_in_background(version)
        return None

    def snapshot(self) -> Snapshot:
        """The newest snapshot, opened now if needed: for single-threaded callers (tests, scripts)."""
        with self._lock:
            self._close_retired()
            return self._current(wait=True)

    def warm(self) -> None:
        """Open and warm the snapshot before the first request needs it (a worker's start)."""
        self.snapshot()

    def _current(self, wait: bool) -> Snapshot:
        version = self.store.version()
        snap = self._snapshot
        if snap is not None and snap.version == version:
            return snap
        if snap is None or version is None or wait:
            fresh = self._open_snapshot()
            self._swap(fresh)
            self._close_retired()          # the request lock is held: the old one is not in use
            return fresh
        with self._refresh_lock:
            self._refresh_in_background(version)
        return snap

    def _refresh_in_background(self, version) -> None:
        if self._refreshing is not None and self._refreshing.is_alive():
            return
        if self._recently_failed(version):
            return
        self._refreshing = threading.Thread(target=self._refresh, args=(version,), name="index-refresh", daemon=True)
        self._refreshing.start()

    def _refresh(self, version) -> None:
        try:
            fresh = self._open_snapshot()
        except Exception:        # a damaged new version: keep answering from the one we have
            log.warning("index version %s not opened; still serving the previous one", version, exc_info=True)
            return
        # Not under the request lock: under steady load the requests kept taking it and the new
        # version waited (a stress run saw a batch still invisible after 5 s). The replaced snapshot
        # may be in use by the running request, so it is closed by the next one to take the lock.
        self._swap(fresh)

    def _swap(self, fresh: Snapshot) -> None:
        with self._swap_lock:
            old, self._snapshot = self._snapshot, fresh
            if old is not None:
                self._retired.append(old)

    def _close_retired(self) -> None:
        """Called with the request lock held: no request is using a retired snapshot any more."""
        with self._swap_lock:
            retired, self._retired = self._retired, []
        for snap in retired:
            snap.close()

    def _recently_failed(self, version) -> bool:
        return (self._failed is not None and self._failed[0] == version
                and time.monotonic() - self._failed[1] < RETRY_FAILED_AFTER_S)

    def _open_snapshot(self) -> Snapshot:
        """A warmed snapshot, labelled with the version it really opened (not the one checked before).

        A damaged index raises IndexUnreadable with its cause, and is answered from that record (without
        a cause: the caller logs it once) until RETRY_FAILED_AFTER_S has passed, not re-read on every request.
        """
        version = self.store.version()
        if self._recently_failed(version):
            raise IndexUnreadable(self._failed[2])
        try:
            if not self.store.exists():
                self.store.open()      # raises NoIndex, with the message telling how to build one
            return self._read_snapshot()
        except NoIndex:
            raise
        except Exception as exc:       # whatever a damaged file makes Whoosh's decoders trip on while opening
            cause = exc.__cause__ if isinstance(exc, IndexUnreadable) and exc.__cause__ is not None else exc
            message = f"the index in {self.store.root} cannot be read: {type(cause).__name__}: {cause}"
            self._failed = (version, time.monotonic(), message)
            raise IndexUnreadable(message) from cause

    def _read_snapshot(self) -> Snapshot:
        directory = self.store.current_dir()
        # Plain file reads, not mmap: mapped pages of the index count in each worker's RSS as they are
        # touched, ten times the memory for the same latency (docs/benchmarks.md).
        ix = FileStorage(str(directory), supports_mmap=False).open_index()
        searcher = ix.searcher()
        generation = searcher.reader().generation()
        if generation is None:      # an empty index's reader has no generation: its TOC has one
            generation = ix.latest_generation()
        version = (directory.name, generation)
        return Snapshot(searcher, version, cache_size=self.cache_size, directory=directory,
                        postings_mb=self.postings_mb).warm(SEARCH_FIELDS)
