"""Posting lists and field lengths over a whole (possibly multi-segment) index, in global document numbers.

Each segment is read by indexer.whoosh_format, which decodes Whoosh's files straight into NumPy arrays;
this module joins the segments and keeps the decoded lists of one snapshot in a bounded cache.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Iterator

import numpy as np

from indexer.whoosh_format import (
    EMPTY_POSTINGS,
    Postings,
    segment_field_lengths,
    segment_field_postings,
    segment_term_postings,
)


def field_postings(reader, fieldname: str) -> Iterator[tuple[bytes, Postings]]:
    """Every term of a field with its postings in global document numbers (a facet's values, read once)."""
    leaves = list(reader.leaf_readers())
    if len(leaves) == 1:
        segment, base = leaves[0]
        for btext, (ids, weights) in segment_field_postings(segment, fieldname):
            yield btext, (ids + base if base else ids, weights)
        return
    merged: dict[bytes, list] = {}
    for segment, base in leaves:
        for btext, (ids, weights) in segment_field_postings(segment, fieldname):
            merged.setdefault(btext, []).append((ids + base, weights))
    for btext in sorted(merged):
        parts = merged[btext]
        yield btext, (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))


def term_postings(reader, fieldname: str, btext: bytes) -> Postings:
    """Postings of a term over the whole reader, in global document numbers."""
    parts = []
    for segment, base in reader.leaf_readers():
        ids, weights = segment_term_postings(segment, fieldname, btext)
        if len(ids):
            parts.append((ids + base, weights))
    if not parts:
        return EMPTY_POSTINGS
    if len(parts) == 1:
        return parts[0]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def field_lengths(reader, fieldname: str, size: int) -> np.ndarray:
    """Per-document length of a field (Whoosh's one-byte approximation), as Whoosh's scorer sees it."""
    out = np.zeros(size, dtype=np.float32)
    for segment, base in reader.leaf_readers():
        lengths = segment_field_lengths(segment, fieldname)
        out[base:base + len(lengths)] = lengths
    return out


class PostingCache:
    """An LRU of decoded posting lists, bounded in bytes; one per snapshot."""

    def __init__(self, max_bytes: int = 32 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, reader, fieldname: str, btext: bytes):
        key = (fieldname, btext)
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
                return found
        found = term_postings(reader, fieldname, btext)
        size = found[0].nbytes + found[1].nbytes
        with self._lock:
            if key not in self._data and size <= self.max_bytes // 4:
                self._data[key] = found
                self.bytes += size
                while self.bytes > self.max_bytes:
                    _, (ids, w) = self._data.popitem(last=False)
                    self.bytes -= ids.nbytes + w.nbytes
        return found
