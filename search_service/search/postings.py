"""Whoosh's posting lists and per-document columns read into NumPy arrays.

Whoosh 2.7's W3 codec writes a term's postings as consecutive blocks, each a
pickled info tuple and a (zlib-compressed) pickled (ids, weights, values) tuple
with delta-coded ids; short lists may instead be inlined in the terms table
(indexer.store.SegmentBuilder does so when that is smaller). Reading a term's
whole extent in one read and decoding its blocks with NumPy is far cheaper than
a matcher stepping one document at a time (and than a matcher's per-block seeks
through the compound file). This module is the only place that knows those codec
details (pinned by whoosh>=2.7.4,<2.8 and covered by tests comparing with
Whoosh's own matchers).
"""
from __future__ import annotations

import io
import itertools
import pickle
import struct
import threading
import zlib
from collections import OrderedDict
from typing import Iterator

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.util.numeric import byte_to_length

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_EMPTY = (np.zeros(0, np.int32), np.zeros(0, np.float32))
_INT = struct.Struct("!i")
_FIELD_NUMBER = struct.Struct("!H")
Postings = tuple[np.ndarray, np.ndarray]


def _decode_extent(raw: bytes) -> Postings:
    """(ids, weights) of one term's on-disk posting blocks, read whole.

    Each block's ids are delta-coded from 0; the blocks' deltas are joined into one
    array, each block's first delta made relative to the previous block's last id
    (Whoosh keeps it in the block info), so one cumsum decodes them all.
    """
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 posting list")
    stream = io.BytesIO(raw)
    pos, end = 4, len(raw)
    id_parts, weight_parts, counts, last_ids = [], [], [], []
    while pos < end:
        length = _INT.unpack_from(raw, pos)[0]
        stream.seek(pos + 4)
        count, last_id, _maxweight, compression, _mn, _mx = pickle.load(stream)
        data_start, pos = stream.tell(), pos + 4 + abs(length)
        data = raw[data_start:pos]
        raw_ids, raw_weights, _values = pickle.loads(zlib.decompress(data) if compression else data)
        id_parts.append(raw_ids)
        if raw_weights is None:
            raw_weights = itertools.repeat(1.0, count)
        elif isinstance(raw_weights, float):
            raw_weights = itertools.repeat(raw_weights, count)
        weight_parts.append(raw_weights)
        counts.append(count)
        last_ids.append(last_id)
        if length < 0:          # a negative length marks the last block
            break
    total = sum(counts)
    if not total:
        return _EMPTY
    deltas = np.fromiter(itertools.chain.from_iterable(id_parts), dtype=np.int64, count=total)
    if len(counts) > 1:
        deltas[np.cumsum(counts[:-1])] -= np.asarray(last_ids[:-1], dtype=np.int64)
    ids = np.cumsum(deltas).astype(np.int32)
    weights = np.fromiter(itertools.chain.from_iterable(weight_parts), dtype=np.float32, count=total)
    return ids, weights


def posting_extent(info: W3TermInfo) -> tuple[int, int]:
    """(offset, length) of a term's posting blocks in the .pst file (a term whose postings are not inlined)."""
    length = info._length[0] if isinstance(info._length, tuple) else info._length   # Whoosh unpacks it as a tuple
    return info._offset, length


def _from_terminfo(terms, info: W3TermInfo) -> Postings:
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        if weights is None:          # all 1.0, as a ListMatcher reads it
            return np.asarray(ids, np.int32), np.ones(len(ids), np.float32)
        return np.asarray(ids, np.int32), np.asarray(weights, np.float32)
    return _decode_extent(terms._postfile.get(*posting_extent(info)))


def _w3_terms(segment):
    """The segment's W3 terms table, or None when the segment is not a plain W3 segment."""
    terms = getattr(segment, "_terms", None)
    if terms is None or not hasattr(terms, "_postfile") or not hasattr(terms, "_tindex"):
        return None
    if getattr(segment, "_codec", None) is None or type(segment._codec).__name__ != "W3Codec":
        return None
    return terms


def _matcher_postings(segment, fieldname: str, btext: bytes) -> Postings:
    """The slow, general way: step Whoosh's matcher."""
    m = segment.postings(fieldname, btext)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.array(ids, np.int32), np.array(weights, np.float32)


def _leaf_postings(segment, fieldname: str, btext: bytes) -> Postings:
    """(document numbers, weights) of one term in one segment, deleted documents included."""
    if (fieldname, btext) not in segment:
        return _EMPTY
    terms = _w3_terms(segment)
    if terms is None:
        return _matcher_postings(segment, fieldname, btext)
    return _from_terminfo(terms, terms.term_info(fieldname, btext))


def raw_field_entries(segment, fieldname: str) -> Iterator[tuple[bytes, bytes]] | None:
    """(term bytes, raw W3 terminfo bytes) of a field in one segment, in term order, straight from the
    terms table; None when the segment is not a plain W3 segment (callers then ask Whoosh)."""
    terms = _w3_terms(segment)
    if terms is None:
        return None
    return _entries(terms, fieldname)


def _entries(terms, fieldname: str) -> Iterator[tuple[bytes, bytes]]:
    if fieldname not in terms._fieldmap:
        return
    prefix = _FIELD_NUMBER.pack(terms._fieldmap[fieldname])
    for key, value in terms._tindex.items_from(prefix):
        if key[:2] != prefix:
            break
        yield key[2:], value


def _leaf_field_postings(segment, fieldname: str) -> Iterator[tuple[bytes, Postings]]:
    """Every term of a field in one segment with its postings, in term order."""
    entries = raw_field_entries(segment, fieldname)
    if entries is None:
        for btext in segment.lexicon(fieldname):
            yield btext, _matcher_postings(segment, fieldname, btext)
        return
    terms = segment._terms
    for btext, value in entries:
        yield btext, _from_terminfo(terms, W3TermInfo.from_bytes(value))


def field_postings(reader, fieldname: str) -> Iterator[tuple[bytes, Postings]]:
    """Every term of a field with its postings in global document numbers (a facet's values, read once)."""
    leaves = list(reader.leaf_readers())
    if len(leaves) == 1:
        segment, base = leaves[0]
        for btext, (ids, weights) in _leaf_field_postings(segment, fieldname):
            yield btext, (ids + base if base else ids, weights)
        return
    merged: dict[bytes, list] = {}
    for segment, base in leaves:
        for btext, (ids, weights) in _leaf_field_postings(segment, fieldname):
            merged.setdefault(btext, []).append((ids + base, weights))
    for btext in sorted(merged):
        parts = merged[btext]
        yield btext, (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))


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
