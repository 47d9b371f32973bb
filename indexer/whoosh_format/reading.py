"""Reading Whoosh 2.7's W3 files straight into NumPy arrays: posting lists, the terms table, columns.

The W3 codec writes a term's postings as consecutive blocks, each a pickled info
tuple and a (zlib-compressed) pickled (ids, weights, values) tuple with
delta-coded ids; short lists may instead be inlined in the terms table
(SegmentBuilder does so when that is smaller). Reading a term's whole extent in
one read and decoding its blocks with NumPy is far cheaper than a matcher
stepping one document at a time, and than its per-block seeks through the
compound file.

Whoosh has no public API for any of this: every private attribute used here is
named in `_Private` below with the reason it is needed. A segment that is not a
plain W3 segment is read through Whoosh's public matchers instead (slowly, but
the same answers). Whatever a damaged file makes the decoding trip on is raised
as IndexUnreadable (`decoding`). tests/indexer/whoosh_format/ holds these
functions against stock Whoosh on golden indexes.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import pickle
import struct
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterator

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.filedb.filetables import FileFormatError
from whoosh.index import IndexError as WhooshIndexError
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from indexer.errors import IndexUnreadable

Postings = tuple[np.ndarray, np.ndarray]   # (document numbers int32, weights float32), in document order

EMPTY_POSTINGS: Postings = (np.zeros(0, np.int32), np.zeros(0, np.float32))
# A field length as Whoosh's scorer sees it, from the one byte the lengths column keeps per document.
BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)

_STORED_COLUMN_NAME = "_stored"      # W3PerDocWriter's name for the stored fields' column
_BLOCK_LENGTH = struct.Struct("!i")
_FIELD_NUMBER = struct.Struct("!H")
# W3TermInfo.to_bytes: flags (1 byte), total weight (4), then the document frequency (4): read without
# unpickling the rest of the record (lexicons read them for every term of a field).
_WEIGHT_AND_DOC_FREQUENCY = struct.Struct("!fI")
_WEIGHT_OFFSET = 1
_MICROSECONDS_PER_DAY = 86_400_000_000
_DAYS_0001_TO_1970 = 719_162
_MIN_DAYS, _MAX_DAYS = -_DAYS_0001_TO_1970, 2_932_896     # 0001-01-01 .. 9999-12-31, as days since 1970

# What a damaged file makes Whoosh's decoders or ours raise (seen by corrupting a real index, see
# tests/search_service/test_api_damaged_index.py; unpickling damaged bytes can raise nearly any class).
# Raised inside `decoding`, which wraps only the decoding of index bytes, they mean IndexUnreadable.
DECODING_ERRORS = (OSError, EOFError, struct.error, pickle.UnpicklingError, zlib.error, WhooshIndexError,
                   FileFormatError, ValueError, TypeError, LookupError, ArithmeticError, AttributeError,
                   ImportError, MemoryError)


@contextlib.contextmanager
def decoding(what: str):
    """Turn a decoding failure of index files into IndexUnreadable (the exception kept as its cause).

    Wraps only code that decodes bytes read from the index, where these exception classes mean a
    damaged file; the query layer's own bugs never run inside it.
    """
    try:
        yield
    except IndexUnreadable:
        raise
    except DECODING_ERRORS as exc:
        raise IndexUnreadable(f"the index cannot be read ({what}): {type(exc).__name__}: {exc}") from exc


class _Private:
    """Every private attribute of Whoosh's reading objects this module touches, and why."""

    @staticmethod
    def terms_table(segment):
        """SegmentReader._terms: the W3TermsReader, the only object holding the terms table and .pst file;
        None when the segment is not read by Whoosh's W3 codec (then the public matchers are used)."""
        terms = getattr(segment, "_terms", None)
        codec = getattr(segment, "_codec", None)      # SegmentReader._codec: which codec wrote the segment
        if terms is None or codec is None or type(codec).__name__ != "W3Codec":
            return None
        if not hasattr(terms, "_postfile") or not hasattr(terms, "_tindex"):
            return None
        return terms

    @staticmethod
    def field_number(terms, fieldname: str) -> int | None:
        """W3TermsReader._fieldmap: field name -> the 2-byte number prefixing its keys in the terms table."""
        return terms._fieldmap.get(fieldname)

    @staticmethod
    def table_items_from(terms, prefix: bytes):
        """W3TermsReader._tindex: the ordered hash table of (key, raw term info); items_from walks it in key
        order without decoding each value (Whoosh's own walk unpickles every term info)."""
        return terms._tindex.items_from(prefix)

    @staticmethod
    def read_postings_extent(terms, info: W3TermInfo) -> bytes:
        """W3TermsReader._postfile and W3TermInfo._offset/_length: where a term's blocks are in the .pst file,
        to read them in one call (Whoosh's matcher reads and decodes a block at a time)."""
        length = info._length[0] if isinstance(info._length, tuple) else info._length   # unpacked as a tuple
        return terms._postfile.get(info._offset, length)

    @staticmethod
    def length_bytes(segment, fieldname: str) -> np.ndarray | None:
        """SegmentReader._perdoc (W3PerDocReader), its _cached_reader, and the column reader's _count, _dbfile
        and _basepos: the per-document length bytes of a field, read as one buffer (Whoosh's public
        doc_field_length decodes one document per call)."""
        perdoc = getattr(segment, "_perdoc", None)
        if perdoc is None:
            return None
        # whoosh.codec.whoosh3._lenfield: the name under which a field's lengths column is stored
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        stored = min(column._count, segment.doc_count_all())
        if not stored:
            return np.zeros(0, np.uint8)
        return np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)

    @staticmethod
    def stored_bytes(segment):
        """SegmentReader._perdoc (W3PerDocReader), its _cached_reader of the `_stored` column (a PickleColumn
        reader), that reader's _child (a CompressedBytesColumn reader) and its _offsets, _lengths, _dbfile,
        _basepos and _decompress: a function giving one document's pickled stored fields in one read.
        Whoosh's public stored_fields goes through four layers and rebuilds the dict filtered by the
        schema, twice the time of the read and decoding themselves. None when the segment is not laid
        out so."""
        perdoc = getattr(segment, "_perdoc", None)
        if perdoc is None or not hasattr(perdoc, "_cached_reader"):
            return None
        column = perdoc._cached_reader(_STORED_COLUMN_NAME, STORED_COLUMN)
        compressed = getattr(column, "_child", None)
        if not all(hasattr(compressed, name) for name in ("_offsets", "_lengths", "_dbfile", "_basepos", "_decompress")):
            return None
        offsets, lengths, start = compressed._offsets, compressed._lengths, compressed._basepos
        get, decompress = compressed._dbfile.get, compressed._decompress

        def read(docnum: int) -> bytes:
            length = lengths[docnum]
            return decompress(get(start + offsets[docnum], length)) if length else b""
        return read

    @staticmethod
    def expansion_terms(query, reader) -> Iterator[bytes | str]:
        """MultiTerm._btexts: the terms a prefix, wildcard or fuzzy query expands to, lazily (its public
        expanded_terms() lists them all: seconds for a short prefix over 100,000 terms)."""
        return query._btexts(reader)


# --- posting lists ---------------------------------------------------------------------------------------
def decode_posting_blocks(raw: bytes) -> Postings:
    """(ids, weights) of one term's on-disk posting blocks, read whole (damaged bytes: IndexUnreadable)."""
    with decoding("posting blocks"):
        return _decode_posting_blocks(raw)


def decode_posting_values(raw: bytes) -> tuple[np.ndarray, bytes]:
    """(ids, values) of one term's on-disk posting blocks, for a format of fixed-size values: the values
    joined in document order, as Whoosh keeps them in each block (damaged bytes: IndexUnreadable)."""
    with decoding("posting values"):
        values: list[bytes] = []
        ids, _ = _decode_posting_blocks(raw, values)
        return ids, b"".join(values)


def _decode_posting_blocks(raw: bytes, values_out: list | None = None) -> Postings:
    """decode_posting_blocks, unguarded.

    Each block's ids are delta-coded from 0; the blocks' deltas are joined into one
    array, each block's first delta made relative to the previous block's last id
    (Whoosh keeps it in the block info), so one cumsum decodes them all.
    """
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise IndexUnreadable("the index cannot be read: not a Whoosh 3 posting list")
    stream = io.BytesIO(raw)
    pos, end = 4, len(raw)
    delta_parts, weight_parts, block_sizes, block_last_ids = [], [], [], []
    while pos < end:
        length = _BLOCK_LENGTH.unpack_from(raw, pos)[0]
        stream.seek(pos + 4)
        count, last_id, _max_weight, compression, _min_length, _max_length = pickle.load(stream)
        data_start, pos = stream.tell(), pos + 4 + abs(length)
        data = raw[data_start:pos]
        deltas, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
        if values_out is not None:
            values_out.append(values or b"")
        # A long block's deltas and weights are arrays (term_encoding.ARRAY_BLOCKS_FROM), others tuples.
        delta_parts.append(np.frombuffer(deltas, f"u{deltas.itemsize}") if isinstance(deltas, array)
                           else np.fromiter(deltas, np.int64, count))
        if weights is None:                  # every weight 1.0
            weights = np.ones(count, np.float32)
        elif isinstance(weights, float):     # every weight the same
            weights = np.full(count, weights, np.float32)
        elif isinstance(weights, array):
            weights = np.frombuffer(weights, np.float32)
        else:
            weights = np.array(weights, np.float32)
        weight_parts.append(weights)
        block_sizes.append(count)
        block_last_ids.append(last_id)
        if length < 0:          # a negative length marks the last block
            break
    total = sum(block_sizes)
    if not total:
        return EMPTY_POSTINGS
    deltas = delta_parts[0].astype(np.int64) if len(delta_parts) == 1 else np.concatenate(delta_parts, dtype=np.int64)
    if len(block_sizes) > 1:
        deltas[np.cumsum(block_sizes[:-1])] -= np.asarray(block_last_ids[:-1], dtype=np.int64)
    ids = np.cumsum(deltas).astype(np.int32)
    weights = weight_parts[0] if len(weight_parts) == 1 else np.concatenate(weight_parts)
    return ids, weights


def _from_term_info(terms, info: W3TermInfo) -> Postings:
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        if weights is None:          # all 1.0, as a ListMatcher reads it
            return np.asarray(ids, np.int32), np.ones(len(ids), np.float32)
        return np.asarray(ids, np.int32), np.asarray(weights, np.float32)
    return decode_posting_blocks(_Private.read_postings_extent(terms, info))


def _matcher_postings(segment, fieldname: str, btext: bytes) -> Postings:
    """The slow, general way: step Whoosh's public matcher."""
    matcher = segment.postings(fieldname, btext)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, np.int32), np.array(weights, np.float32)


def _table_entries(terms, fieldname: str) -> Iterator[tuple[bytes, bytes]]:
    """(term bytes, raw term info) of a field, in term order, straight from the terms table."""
    number = _Private.field_number(terms, fieldname)
    if number is None:
        return
    prefix = _FIELD_NUMBER.pack(number)
    for key, value in _Private.table_items_from(terms, prefix):
        if key[:2] != prefix:
            break
        yield key[2:], value


def segment_term_postings(segment, fieldname: str, btext: bytes) -> Postings:
    """(document numbers, weights) of one term in one segment, deleted documents included."""
    with decoding(f"postings of {fieldname}"):
        terms = _Private.terms_table(segment)
        if terms is None:
            return _matcher_postings(segment, fieldname, btext) if (fieldname, btext) in segment else EMPTY_POSTINGS
        info = _term_info_or_none(terms, fieldname, btext)
        return EMPTY_POSTINGS if info is None else _from_term_info(terms, info)


def _term_info_or_none(terms, fieldname: str, btext: bytes) -> W3TermInfo | None:
    """A term's info in one segment, None when the segment lacks it: one look-up in the terms table, where
    `(fieldname, btext) in segment` then `term_info` made two (each reads hash slots from the file)."""
    if _Private.field_number(terms, fieldname) is None:
        return None
    try:
        return terms.term_info(fieldname, btext)
    except TermNotFound:
        return None


def segment_term_values(segment, fieldname: str, btext: bytes) -> tuple[np.ndarray, bytes]:
    """(document numbers, their fixed-size values joined) of one term in one segment, for a field whose
    format keeps `fixed_value_size()` > 0 bytes a posting (indexer.schema.PairPositions)."""
    with decoding(f"postings of {fieldname}"):
        terms = _Private.terms_table(segment)
        if terms is None:
            if (fieldname, btext) not in segment:
                return EMPTY_POSTINGS[0], b""
            return _matcher_values(segment, fieldname, btext)
        info = _term_info_or_none(terms, fieldname, btext)
        if info is None:
            return EMPTY_POSTINGS[0], b""
        if info.is_inlined():
            ids, _weights, values = info.inlined_postings()
            return np.asarray(ids, np.int32), b"".join(values)
        return decode_posting_values(_Private.read_postings_extent(terms, info))


def _matcher_values(segment, fieldname: str, btext: bytes) -> tuple[np.ndarray, bytes]:
    matcher = segment.postings(fieldname, btext)
    ids, values = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        values.append(matcher.value())
        matcher.next()
    return np.array(ids, np.int32), b"".join(values)


def segment_field_postings(segment, fieldname: str) -> Iterator[tuple[bytes, Postings]]:
    """Every term of a field in one segment with its postings, in term order."""
    with decoding(f"terms of {fieldname}"):
        terms = _Private.terms_table(segment)
        if terms is None:
            for btext in segment.lexicon(fieldname):
                yield btext, _matcher_postings(segment, fieldname, btext)
            return
        for btext, value in _table_entries(terms, fieldname):
            yield btext, _from_term_info(terms, W3TermInfo.from_bytes(value))


def segment_term_statistics(segment, fieldname: str) -> Iterator[tuple[bytes, int, float]]:
    """(term bytes, document frequency, total weight) of every term of a field in one segment, in term
    order. The total weight is what Whoosh's `frequency` gives: the term's occurrences, times the boost."""
    with decoding(f"terms of {fieldname}"):
        terms = _Private.terms_table(segment)
        if terms is None:
            for btext in segment.lexicon(fieldname):
                yield btext, segment.doc_frequency(fieldname, btext), segment.frequency(fieldname, btext)
            return
        for btext, value in _table_entries(terms, fieldname):
            weight, doc_frequency = _WEIGHT_AND_DOC_FREQUENCY.unpack_from(value, _WEIGHT_OFFSET)
            yield btext, doc_frequency, weight


def segment_field_lengths(segment, fieldname: str) -> np.ndarray:
    """Per-document length of a field in one segment (Whoosh's one-byte approximation, as its scorer sees
    it); zeros where the segment keeps no lengths."""
    count = segment.doc_count_all()
    out = np.zeros(count, dtype=np.float32)
    with decoding(f"lengths of {fieldname}"):
        raw = _Private.length_bytes(segment, fieldname)
    if raw is not None:
        out[:len(raw)] = BYTE_TO_LENGTH[raw[:count]]
    return out


# --- stored fields -----------------------------------------------------------------------------------------
class StoredFields:
    """A reader's stored fields by global document number, each read, decompressed and unpickled in one step,
    as W3Codec's PickleColumn over a CompressedBytesColumn does. A segment not laid out as W3 writes it
    is read through Whoosh's public stored_fields."""

    def __init__(self, reader):
        leaves = list(reader.leaf_readers())
        self._bases = [base for _segment, base in leaves]
        with decoding("stored fields"):
            self._segments = [(segment, _Private.stored_bytes(segment)) for segment, _base in leaves]

    def __call__(self, docnum: int) -> dict:
        i = bisect_right(self._bases, docnum) - 1
        segment, read = self._segments[i]
        local = docnum - self._bases[i]
        with decoding("stored fields"):
            if read is None:
                return segment.stored_fields(local)
            raw = read(local)
            return pickle.loads(raw) if raw else {}


# --- columns ---------------------------------------------------------------------------------------------
def date_column_as_yyyymmdd(reader, fieldname: str, size: int) -> np.ndarray:
    """A DATETIME column as yyyymmdd integers per document, 0 where a document has no date.

    Read untranslated: Whoosh stores a DATETIME as microseconds since 0001-01-01, and translating
    the column's filler value of an undated document overflows.
    """
    dates = np.zeros(size, dtype=np.int32)
    with decoding(f"column {fieldname}"):
        if not reader.has_column(fieldname):
            return dates
        column = reader.column_reader(fieldname, translate=False)
        raw = np.fromiter((column[d] for d in range(size)), dtype=np.float64, count=size)
    days = np.floor_divide(raw, _MICROSECONDS_PER_DAY) - _DAYS_0001_TO_1970
    valid = (raw > 0) & (days > _MIN_DAYS) & (days < _MAX_DAYS)
    when = days[valid].astype("int64").astype("datetime64[D]")
    years = when.astype("datetime64[Y]").astype(np.int64) + 1970
    months = when.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (when - when.astype("datetime64[M]")).astype(np.int64) + 1
    dates[valid] = years * 10000 + months * 100 + day_of_month
    return dates


# --- expansions ------------------------------------------------------------------------------------------
def expansion_terms(query, reader, limit: int) -> list[bytes | str]:
    """The first `limit` terms a prefix, wildcard or fuzzy query expands to, in Whoosh's order
    (fuzzy terms come back as str)."""
    with decoding(f"terms of {query.fieldname}"):
        return list(itertools.islice(_Private.expansion_terms(query, reader), limit))
