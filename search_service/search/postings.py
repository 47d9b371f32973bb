"""Whoosh's posting lists and per-document columns read into NumPy arrays.

Whoosh 2.7's W3 codec keeps each posting block as a pickled (ids, weights,
values) tuple with delta-coded ids; reading a block whole and decoding it with
NumPy is far cheaper than stepping a matcher one document at a time. This
module is the only place that knows those codec details (pinned by
whoosh>=2.7.4,<2.8 and covered by tests comparing with Whoosh's own matchers).
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_EMPTY = (np.zeros(0, np.int32), np.zeros(0, np.float32))


def _leaf_postings(segment, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of one term in one segment, deleted documents included."""
    if (fieldname, btext) not in segment:
        return _EMPTY
    m = segment.postings(fieldname, btext)
    if not hasattr(m, "_read_ids"):          # not a W3 leaf matcher: the slow, general way
        ids, weights = [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
        return np.array(ids, np.int32), np.array(weights, np.float32)
    id_blocks, weight_blocks = [], []
    while m.is_active():
        if m._data is None:
            m._read_data()
        raw_ids, raw_weights = m._data[0], m._data[1]
        ids = np.asarray(raw_ids, dtype=np.int64)
        if not m._byteids:
            ids = np.cumsum(ids)
        count = m._blocklength
        if raw_weights is None:
            weights = np.ones(count, np.float32)
        elif isinstance(raw_weights, float):
            weights = np.full(count, raw_weights, np.float32)
        else:
            weights = np.asarray(raw_weights, dtype=np.float32)
        id_blocks.append(ids.astype(np.int32))
        weight_blocks.append(weights)
        if m._lastblock:
            break
        m._next_block()
    if not id_blocks:
        return _EMPTY
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)


def term_postings(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Postings of a term over the whole (possibly multi-segment) reader, in global document numbers."""
    parts = []
    for segment, base in reader.leaf_readers():
        ids, weights = _leaf_postings(segment, fieldname, btext)
        if len(ids):
            parts.append((ids + base, weights))
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def field_lengths(reader, fieldname: str, size: int) -> np.ndarray:
    """Per-document length of a field (Whoosh's one-byte approximation), as Whoosh's scorer sees it."""
    out = np.zeros(size, dtype=np.float32)
    for segment, base in reader.leaf_readers():
        count = segment.doc_count_all()
        perdoc = getattr(segment, "_perdoc", None)
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
        if column is None:
            continue
        stored = min(column._count, count)
        raw = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8) if stored else np.zeros(0, np.uint8)
        out[base:base + stored] = _BYTE_TO_LENGTH[raw]
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
