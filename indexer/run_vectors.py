"""The vectors of one ingest run (the semantic channel), kept beside the index generation it writes."""
from __future__ import annotations

import os
import numpy as np

from indexer import embeddings
from indexer.vectors import VECTORS_FILE, VectorStore

EMBED_BATCH = 24           # stored texts embedded per call to the encoder when a run fills in missing vectors


class RunVectors:
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

    def finish(self, ix) -> int:
        """Once the run's commits are done: embed the documents that have no vector yet (an index built with
        --no-semantic, then ingested with vectors: its unchanged pages are not read again) from their stored
        text, and drop the rows of pages that left the index. Returns how many texts it embedded."""
        embedded = 0
        with ix.searcher() as searcher:
            reader = searcher.reader()
            hashes = reader.column_reader("content_hash") if reader.doc_count() else None
            live = {hashes[d]: d for d in reader.all_doc_ids()} if hashes is not None else {}
            have = self.store.by_content_hash()
            missing = [(h, d) for h, d in live.items() if h not in have]
            for start in range(0, len(missing), EMBED_BATCH):
                embedded += self._embed_stored(searcher, missing[start:start + EMBED_BATCH])
        if self.pending:
            self.store = self.store.with_rows(self.pending)
            self.pending = {}
        kept = self.store.restricted_to(set(live))
        if missing or kept is not self.store or not has_vectors_file(ix):
            kept.write(ix.storage.folder)
        self.store = kept
        return embedded

    def _embed_stored(self, searcher, documents: list[tuple[str, int]]) -> int:
        """Vectors for (content hash, document number) pairs, from the stored title and body; how many it
        had to compute (the others were known by their text)."""
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
        for h in texts:
            row = self.rows_by_key.get(keys[h])
            vector = self.store.vectors[row] if row is not None else computed.get(h)
            if vector is not None:
                self.pending[h] = (keys[h], vector)
        return len(computed)


def has_vectors_file(ix) -> bool:
    return os.path.exists(os.path.join(ix.storage.folder, VECTORS_FILE))


def run_vectors(directory, semantic: bool) -> RunVectors | None:
    """The vectors a run starts from: those of `directory` (the live generation), none in a keyword-only run."""
    if not semantic:
        return None
    try:
        found = VectorStore.read(directory) if directory is not None else None
    except Exception:       # a damaged file (numpy's zip reader raises various errors): embed everything again
        found = None
    return RunVectors(found if found is not None else VectorStore.empty())
