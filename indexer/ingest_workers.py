"""The page work of an ingest, and the processes that do it.

Each page is parsed, cleaned, tagged and analysed, then added to a segment of the worker's own
(whoosh_format.SegmentBuilder); its vector is computed there too, a batch at a time. With several
processes, every worker writes its own segments and the main process (indexer.ingest) decides which
documents stand and commits the segments together; with one, the same work runs inline.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import traceback
from collections import deque

from indexer import embeddings
from indexer.analysis import DocumentTerms, analyze_document
from indexer.document import Communique, Failure, RawPage
from indexer.document_fields import document_fields
from indexer.extract import ExtractionError, extract
from indexer.whoosh_format import SegmentBuilder

IN_FLIGHT = 2              # batches queued per worker: it never waits for work, the main process holds little
FULL_COLLECTION_BATCHES = 100   # a worker collects every generation of garbage this often (see _worker_main)
WORKER_POLL_S = 0.5        # how often a waiting process checks that the other side is still alive


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


def index_batch(builder: SegmentBuilder, pages: list[RawPage], known_texts: frozenset[str] | None) -> list:
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


# An executor takes numbered batches of pages and gives back, in any order, (number, segment id, outcomes):
# one outcome per page, (document id, document number in that segment) or a Failure. At the end of a round
# it finishes its segments and hands them over for the commit.

class InlineExecutor:
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
        outcomes = index_batch(self.builder, pages, self.known_texts)
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
                outcomes = index_batch(builder, pages, known_texts)
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


class ProcessExecutor:
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
