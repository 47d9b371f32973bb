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
    segment_term_values,
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


def term_positions(reader, fieldname: str, btext: bytes, value_size: int) -> tuple[np.ndarray, np.ndarray]:
    """A pair term's documents (global numbers) and, per document, its two 16-bit position slots
    (indexer.schema.PairPositions), as an (n, 2) array."""
    id_parts, value_parts = [], []
    for segment, base in reader.leaf_readers():
        ids, values = segment_term_values(segment, fieldname, btext)
        if len(ids):
            id_parts.append(ids + base)
            value_parts.append(values)
    if not id_parts:
        return np.zeros(0, np.int32), np.zeros((0, 2), np.uint16)
    ids = np.concatenate(id_parts)
    slots = np.frombuffer(b"".join(value_parts), dtype=">u2").astype(np.uint16)
    if len(slots) != 2 * len(ids) or value_size != 4:
        # Not one 4-byte value a posting: positions unknown (PairPositions.UNKNOWN_SLOT), the texts will tell
        return ids, np.full((len(ids), 2), 0xFFFF, np.uint16)
    return ids, slots.reshape(-1, 2)


def field_lengths(reader, fieldname: str, size: int) -> np.ndarray:
    """Per-document length of a field (Whoosh's one-byte approximation), as Whoosh's scorer sees it."""
    out = np.zeros(size, dtype=np.float32)
    for segment, base in reader.leaf_readers():
        lengths = segment_field_lengths(segment, fieldname)
        out[base:base + len(lengths)] = lengths
    return out


# The lists searches keep coming back to: the common words of three fields (title, body, exact), 8 bytes a
# posting, and the middling ones a day of queries repeats. A larger cache matches faster but keeps the
# workers' memory growing while they serve (docs/benchmarks.md).
DEFAULT_POSTINGS_MB = 64


class PostingCache:
    """An LRU of decoded posting lists, bounded in bytes; one per snapshot."""

    def __init__(self, max_bytes: int = DEFAULT_POSTINGS_MB * 1024 * 1024):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, reader, fieldname: str, btext: bytes):
        return self._cached((fieldname, btext), lambda: term_postings(reader, fieldname, btext))

    def scored(self, reader, fieldname: str, btext: bytes, score):
        """A term's documents with `score(fieldname, btext, ids, weights)` in place of their weights, cached
        apart from the plain lists (a query reads a scored field's terms this way only)."""
        return self._cached((fieldname, btext, "scored"),
                            lambda: score(fieldname, btext, *term_postings(reader, fieldname, btext)))

    def positions(self, reader, fieldname: str, btext: bytes, value_size: int):
        """`term_positions`, cached beside the posting lists."""
        return self._cached((fieldname, btext, "positions"),
                            lambda: term_positions(reader, fieldname, btext, value_size))

    def _cached(self, key, compute):
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
                return found
        found = compute()
        size = found[0].nbytes + found[1].nbytes
        with self._lock:
            if key not in self._data and size <= self.max_bytes // 4:
                self._data[key] = found
                self.bytes += size
                while self.bytes > self.max_bytes:
                    _, (ids, w) = self._data.popitem(last=False)
                    self.bytes -= ids.nbytes + w.nbytes
        return found
