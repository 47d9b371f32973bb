"""Whoosh's BM25F with its default parameters: how the engine ranks a term's documents.

Whoosh's own `bm25` function over NumPy arrays, so a search ranks exactly as Whoosh would; the snapshot
scores a term once and caches the scores (Snapshot.term_scores), the executor scores a pair filed under
a bucket with the idf of all its documents (Executor._term_hits).
"""
from __future__ import annotations

import math

import numpy as np
from whoosh.scoring import bm25

B, K1 = 0.75, 1.2      # Whoosh's BM25F defaults


def bm25_scores(idf: float, weights: np.ndarray, lengths: np.ndarray, average_length: float) -> np.ndarray:
    """Each posting's score, before any query boost (float32, as Whoosh computes it from float32 weights)."""
    return bm25(idf, weights, lengths, average_length, B, K1).astype(np.float32)


def whoosh_idf(doc_count_all: int, doc_frequency: int) -> float:
    """Whoosh's idf (WeightingModel.idf), deleted documents counted on both sides as Whoosh counts them. Computed
    from a term's decoded postings, it spares the term's lookup in every segment's terms table that
    Searcher.idf makes, and the searcher's idf cache, which grew with every term a snapshot ever scored."""
    return math.log(doc_count_all / (doc_frequency + 1)) + 1
