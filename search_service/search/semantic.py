"""The semantic channel of a snapshot: document vectors by document number, nearest documents, translations.

The vectors come from the indexer (indexer/vectors.py), found by the content hash each document
keeps in a column; a document without one (an index built with --no-semantic) is simply never
found by meaning. Nearest documents are a numpy dot product over unit vectors: at 100,000
documents that is a 200 MB matrix read whole for every query, about 16 ms on one core here, bound
by memory reads. A large matrix is therefore cut into SIMILARITY_THREADS stretches of rows, each
multiplied in a thread of its own (numpy releases the GIL in the product): about 9 ms with two.
These are not BLAS threads (those stay pinned to one, indexer.embeddings): each product still runs
on one thread, and under load the stretches of two workers simply take turns on the cores.
The product does not depend on the query's words, so a search starts it (`DocumentVectors.start`)
before matching them and collects it after: the keyword half and the product overlap.

Translations: the ministry publishes some communiqués in French, English and German the same day.
Two documents in different languages, dated within TRANSLATION_MAX_DAYS of each other, whose vectors
are at least TRANSLATION_MIN_SIMILARITY alike, are taken as versions of one communiqué (figures in
docs/semantic.md).
"""
from __future__ import annotations

import logging
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Callable

import numpy as np

from indexer.analysis import FRENCH_ANALYSIS
from indexer.vectors import VectorStore
from search_service.search.operators import to_english_syntax

log = logging.getLogger(__name__)

MEANING_MIN_SIMILARITY = 0.20    # above the 99th percentile (0.18) of query-document pairs that are unrelated: docs/semantic.md
MEANING_CANDIDATES = 50          # nearest documents taken into the fusion
TRANSLATION_MIN_SIMILARITY = 0.70
TRANSLATION_MAX_DAYS = 1
SIMILARITY_THREADS = min(2, os.cpu_count() or 1)
SPLIT_ABOVE_ROWS = 20_000        # below, one product is quicker than handing stretches to threads

_FIELD_PREFIX = re.compile(r"\b(?:title|body):", re.IGNORECASE)
_NEGATED = re.compile(r"(?:^|\s)(?:-|NOT\s+)(?:\"[^\"]*\"|\S+)")
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT)\b")
_SYNTAX = re.compile(r"[\"()*?]|~\d*")


def meaning_text(q: str) -> str:
    """The words of a query as a sentence for the encoder: its syntax (fields, quotes, operators, wildcards)
    removed, and the words it excludes dropped (the encoder has no "not"). French operators (SAUF, OU, titre:,
    « … ») are read as the keyword parser reads them, so « Russie SAUF sanctions » means what « Russie NOT
    sanctions » means.

    Empty when every word is a stop word: the keyword parser then has no query either and the search
    browses, so the query is not encoded (a few milliseconds) for neighbours nothing would list."""
    text = _NEGATED.sub(" ", to_english_syntax(q))
    text = _FIELD_PREFIX.sub(" ", text)
    text = _OPERATORS.sub(" ", text)
    text = _SYNTAX.sub(" ", text)
    if not any(FRENCH_ANALYSIS.index_word(word) for word in FRENCH_ANALYSIS.tokens(text)):
        return ""
    return " ".join(text.split())


@dataclass
class DocumentVectors:
    matrix: np.ndarray      # float32, one unit row per document that has a vector
    docnums: np.ndarray     # int64: the document number of each row

    @classmethod
    def read(cls, directory, reader, live: np.ndarray) -> DocumentVectors | None:
        """The vectors of the snapshot's live documents; None when the generation has no vector file, or one that
        cannot be read (logged): the words still answer, only the semantic channel is off."""
        try:
            store = VectorStore.read(directory)
        except Exception as exc:        # a damaged file: whatever numpy's zip reader trips on
            log.error("the vectors in %s cannot be read (%s: %s): searching by keywords only; rebuild the index",
                      directory, type(exc).__name__, exc)
            return None
        if store is None:
            return None
        rows = store.by_content_hash()
        hashes = reader.column_reader("content_hash") if reader.doc_count_all() else None
        docnums, picked = [], []
        for docnum in np.flatnonzero(live):
            row = rows.get(hashes[int(docnum)]) if hashes is not None else None
            if row is not None:
                docnums.append(int(docnum))
                picked.append(row)
        matrix = store.vectors[picked] if picked else np.zeros((0, store.vectors.shape[1]), dtype=np.float32)
        return cls(np.ascontiguousarray(matrix, dtype=np.float32), np.asarray(docnums, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.docnums)

    def start(self, query_vector: np.ndarray) -> Nearness:
        """The query's similarity to every document, computed on the pool's threads while the caller goes on."""
        return Nearness(self, similarities_started(self.matrix, query_vector.astype(np.float32)))

    def nearest(self, query_vector: np.ndarray, allowed: np.ndarray, limit: int = MEANING_CANDIDATES,
                min_similarity: float = MEANING_MIN_SIMILARITY) -> list[tuple[int, float]]:
        """(document number, similarity) of the documents closest to the query, best first, among `allowed`."""
        return self.start(query_vector).nearest(allowed, limit, min_similarity)

    def translations(self, dates: np.ndarray, langs: dict[int, str]) -> dict[int, list[int]]:
        """Document number -> the document numbers of its versions in other languages."""
        days = {}
        for row, docnum in enumerate(self.docnums):
            d = int(dates[docnum])
            if d and langs.get(int(docnum)):
                days[row] = date(d // 10000, d // 100 % 100, d % 100).toordinal()
        order = sorted(days, key=days.__getitem__)
        links: dict[int, list[int]] = {}
        for i, row in enumerate(order):
            a = int(self.docnums[row])
            for other in order[i + 1:]:
                if days[other] - days[row] > TRANSLATION_MAX_DAYS:
                    break
                b = int(self.docnums[other])
                if langs[a] == langs[b]:
                    continue
                if float(self.matrix[row] @ self.matrix[other]) >= TRANSLATION_MIN_SIMILARITY:
                    links.setdefault(a, []).append(b)
                    links.setdefault(b, []).append(a)
        return links


class Nearness:
    """A query's similarities to the documents, being computed; `nearest` waits for them."""

    def __init__(self, vectors: DocumentVectors, pending: Callable[[], np.ndarray]):
        self._vectors = vectors
        self._pending = pending

    def nearest(self, allowed: np.ndarray, limit: int = MEANING_CANDIDATES,
                min_similarity: float = MEANING_MIN_SIMILARITY) -> list[tuple[int, float]]:
        """(document number, similarity) of the documents closest to the query, best first, among `allowed`."""
        sims = self._pending()
        docnums = self._vectors.docnums
        if not len(docnums):
            return []
        ok = allowed[docnums] & (sims >= min_similarity)
        rows = np.flatnonzero(ok)
        if len(rows) > limit:
            rows = rows[np.argpartition(-sims[rows], limit - 1)[:limit]]
        rows = rows[np.lexsort((docnums[rows], -sims[rows]))]
        return [(int(docnums[r]), float(sims[r])) for r in rows]


def similarities(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix @ vector, in stretches of rows on SIMILARITY_THREADS threads when the matrix is large."""
    return similarities_started(matrix, vector)()


def similarities_started(matrix: np.ndarray, vector: np.ndarray) -> Callable[[], np.ndarray]:
    """`similarities`, started: a large matrix's stretches are handed to the pool and the call returns at
    once; calling what it returns waits for them (a small matrix is multiplied then and there)."""
    rows = len(matrix)
    if rows <= SPLIT_ABOVE_ROWS:
        return lambda: matrix @ vector
    out = np.empty(rows, dtype=np.result_type(matrix, vector))
    bounds = np.linspace(0, rows, max(1, SIMILARITY_THREADS) + 1).astype(int)

    def product(start: int, end: int) -> None:
        np.dot(matrix[start:end], vector, out=out[start:end])

    pool = _threads()
    futures = [pool.submit(product, start, end) for start, end in zip(bounds[:-1], bounds[1:])]

    def collected() -> np.ndarray:
        for future in futures:
            future.result()
        return out

    return collected


_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _threads() -> ThreadPoolExecutor:
    """One pool per process, made on first use: a pool inherited through fork (gunicorn's workers) has
    no threads behind it, so a process that did not make it makes its own."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool, _pool_pid = ThreadPoolExecutor(SIMILARITY_THREADS, thread_name_prefix="similarities"), os.getpid()
        return _pool
