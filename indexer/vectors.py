"""The vectors of a generation's documents, in one file beside its Whoosh files.

    gen-.../vectors.npz    content_hashes (S32), text_keys (S32), vectors (float32, n × 512)

Rows are found by the content hash the index already keeps in a column, so the file needs no
document numbers and survives Whoosh merging segments. The indexer writes it (to a temporary
name, then os.replace) before every commit that adds documents, so a searcher opening a commit
finds a vector for each of its documents; rows of pages that left the index are dropped at the end
of the run. A --rebuild's new generation gets its own file and is published with it. Rows are
also found by text key (the embedded text and the model), which is how a page whose bytes changed
but whose title and lead did not keeps its vector, and how a rebuild embeds nothing it had.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.embeddings import DIMENSIONS

VECTORS_FILE = "vectors.npz"


@dataclass
class VectorStore:
    content_hashes: np.ndarray     # S32, one per row
    text_keys: np.ndarray          # S32, one per row
    vectors: np.ndarray            # float32, rows of unit length

    @classmethod
    def empty(cls) -> VectorStore:
        return cls(np.zeros(0, dtype="S32"), np.zeros(0, dtype="S32"), np.zeros((0, DIMENSIONS), dtype=np.float32))

    @classmethod
    def read(cls, directory: str | os.PathLike) -> VectorStore | None:
        """The generation's vectors, None when it has none (built with --no-semantic)."""
        path = Path(directory) / VECTORS_FILE
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(data["content_hashes"], data["text_keys"], np.asarray(data["vectors"], dtype=np.float32))
        except FileNotFoundError:
            return None

    def write(self, directory: str | os.PathLike) -> None:
        """Replace the generation's file atomically: readers see the old file or the new one, whole."""
        path = Path(directory) / VECTORS_FILE
        tmp = path.with_name(f".{VECTORS_FILE}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            np.savez(f, content_hashes=self.content_hashes, text_keys=self.text_keys, vectors=self.vectors)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    def __len__(self) -> int:
        return len(self.content_hashes)

    def by_text_key(self) -> dict[str, int]:
        return {key.decode("ascii"): row for row, key in enumerate(self.text_keys)}

    def by_content_hash(self) -> dict[str, int]:
        return {key.decode("ascii"): row for row, key in enumerate(self.content_hashes)}

    def with_rows(self, rows: dict[str, tuple[str, np.ndarray]]) -> VectorStore:
        """This store plus rows content hash -> (text key, vector); a content hash already here is replaced."""
        if not rows:
            return self
        new_hashes = set(rows)
        keep = np.array([h.decode("ascii") not in new_hashes for h in self.content_hashes], dtype=bool)
        hashes = np.array(list(rows), dtype="S32")
        keys = np.array([key for key, _ in rows.values()], dtype="S32")
        vectors = np.stack([vector for _, vector in rows.values()]).astype(np.float32)
        return VectorStore(np.concatenate([self.content_hashes[keep], hashes]),
                           np.concatenate([self.text_keys[keep], keys]),
                           np.concatenate([self.vectors[keep], vectors]))

    def restricted_to(self, content_hashes: set[str]) -> VectorStore:
        """Only the rows of these documents (the index's, once a run is over)."""
        keep = np.array([h.decode("ascii") in content_hashes for h in self.content_hashes], dtype=bool)
        if keep.all():
            return self
        return VectorStore(self.content_hashes[keep], self.text_keys[keep], self.vectors[keep])
