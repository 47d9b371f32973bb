"""How one term's postings become W3 bytes: a posting block, a terms-table entry, or an inlined list.

The W3 codec (whoosh.codec.whoosh3) writes each term through W3PostingsWriter, posting by posting, and
W3FieldWriter adds its entry to the terms table. `write_term` produces the same bytes for a whole list at
once: a list that fits in one block (nearly all) is encoded here; a longer one is handed to Whoosh's own
postings writer a block at a time (`_fill_blocks`). Short lists are inlined in the terms-table entry when
that is smaller (a one-posting block costs ~49 bytes in the .pst file plus a 12-byte pointer, the inlined
pickle ~24): Whoosh reads inlined postings (W3Codec.postings_reader) but never writes them, because
W3Codec(inlinelimit=N) fails in 2.7.4, and it would pickle them with protocol 2, where b"" alone takes 20
bytes. Inlined values are given as a block reader returns them (None each for a format without values):
a ListMatcher without values answers value() with str '', which Whoosh's merge pool refuses.

Private names of Whoosh used here, each with its reason: in `FastFieldWriter`, `_TermsTable`,
`_ArrayBlocksPostingsWriter`, `_fill_blocks`,
`_TERMINFO`, `_KEY_VALUE_LENGTHS` and `_HASH_SLOT`.
"""
from __future__ import annotations

import pickle
import zlib
from array import array

from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _KEY_VALUE_LENGTHS     # a terms-table record's length header
from whoosh.filedb.filetables import _pointer as _HASH_SLOT             # a hash table's slot: key hash, position
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

# W3TermInfo._struct: the fixed part of a terms-table entry (Whoosh packs it only inside to_bytes)
_TERMINFO = W3TermInfo._struct
# W3PostingsWriter._write_block means to leave a block's pickle uncompressed under 20 bytes, but overwrites
# that decision on the next line, so Whoosh zlib-compresses even a one-posting block, which makes it ~8
# bytes larger and costs a compressor set-up per term. Single-block terms, which this module encodes
# itself, follow the rule as written (readers honour each block's compression flag); the blocks of long
# posting lists, written by Whoosh's own writer, are far above 20 bytes anyway.
_SMALLEST_COMPRESSED = 20
# length_to_byte(byte_to_length(b)): how a block's min and max field lengths are written
_ROUNDED_LENGTH_BYTE = [length_to_byte(byte_to_length(b)) if b else 0 for b in range(256)]
_W3_MAGIC = b"W3Bl"
_POINTER_SIZE = 8 + 4       # a term info's offset and length of its block in the .pst file
# Posting lists tried for inlining: nearly all lists of 16 postings come out smaller inlined (docs/benchmarks.md);
# longer ones were not tried (their pickles would be decoded on every lookup of the term).
_INLINE_AT_MOST = 16
# Blocks of this many postings or more keep their deltas and weights as arrays (`_block_data`): measured on
# 960 lists of the 100,000-document bench index, all-array blocks were 1% larger than Whoosh's tuples and
# arrays from 256 postings 0.1% smaller, decoded 2.4 times faster.
ARRAY_BLOCKS_FROM = 256
_INLINE_PROTOCOL = 5
# No block is shorter: magic and length (8 bytes), the info pickle of six numbers (19 at least) and a
# compressed or uncompressed posting pickle (8 at least). A list whose inlined pickle is shorter than this
# plus a pointer is inlined without encoding its block (two thirds of a segment's terms have one posting).
SMALLEST_BLOCK = 8 + len(dumps((0,) * 6, 2)) + 8


def _as_float32(x: float) -> float:
    """x as the float32 Whoosh keeps a posting's weight in."""
    return array("f", (x,))[0]


def write_term(field_writer: FastFieldWriter, term: bytes, doc_ids, weights, first_weight, values, length_bytes,
               value_size: int | None) -> None:
    """Write one term's postings (weights None: all `first_weight`; values None: none) and its entry."""
    if len(doc_ids) > field_writer.block_limit:
        field_writer.add_long_term(term, doc_ids, weights, first_weight, values, length_bytes)
        return
    summary = _summarize(doc_ids, weights, first_weight, length_bytes)
    inlined = _inlined(doc_ids, summary.mini_weights, values, value_size) if len(doc_ids) <= _INLINE_AT_MOST else None
    if inlined is not None and len(inlined) < SMALLEST_BLOCK + _POINTER_SIZE:
        block = None        # smaller than any block: most terms, whose block need not be encoded
    else:
        block = _encode_block(doc_ids, summary, values, value_size, field_writer.compression)
    if inlined is not None and (block is None or len(inlined) < len(block) + _POINTER_SIZE):
        field_writer.add_entry(term, _term_info(True, summary, doc_ids) + inlined)
    else:
        offset = field_writer.append_block(block)
        pointer = pack_long(offset) + pack_int(len(block))
        field_writer.add_entry(term, _term_info(False, summary, doc_ids) + pointer)


class _BlockSummary:
    """What a one-block posting list's block info and terms-table entry say about it."""

    __slots__ = ("total_weight", "mini_weights", "max_weight", "min_length_byte", "max_length_byte")

    def __init__(self, total_weight, mini_weights, max_weight, min_length_byte, max_length_byte):
        self.total_weight = total_weight            # sum of the float32 weights
        self.mini_weights = mini_weights            # as W3PostingsWriter._mini_weights gives them
        self.max_weight = max_weight                # the largest weight, 0 when none is positive
        self.min_length_byte = min_length_byte      # the block's shortest and longest field length, as
        self.max_length_byte = max_length_byte      # the one byte Whoosh rounds them to (0: no lengths)


def _summarize(doc_ids, weights, first_weight, length_bytes) -> _BlockSummary:
    """The figures W3PostingsWriter works out as postings are added to one block (add_posting)."""
    count = len(doc_ids)
    if count == 1:
        # Most terms (a pair, a name, a date seen once): the general case below, without its loops.
        weight = first_weight if weights is None else weights[0]
        total_weight = _as_float32(weight)
        mini_weights = None if total_weight == 1.0 else total_weight
        top = weight
        if length_bytes is not None:
            min_length_byte = max_length_byte = _ROUNDED_LENGTH_BYTE[length_bytes[doc_ids[0]]]
        else:
            min_length_byte = max_length_byte = 0
    else:
        if weights is None:
            weights32 = array("f", [first_weight]) * count
            top = first_weight
            one = weights32[0]
            mini_weights = None if one == 1.0 else one
        else:
            weights32 = array("f", weights)
            top = max(weights)
            mini_weights = _mini_weights(weights32)
        total_weight = sum(weights32)
        present = [length_bytes[d] for d in doc_ids if length_bytes[d]] if length_bytes is not None else ()
        min_length_byte = _ROUNDED_LENGTH_BYTE[min(present)] if present else 0
        max_length_byte = _ROUNDED_LENGTH_BYTE[max(present)] if present else 0
    return _BlockSummary(total_weight, mini_weights, top if top > 0 else 0, min_length_byte, max_length_byte)


def _encode_block(doc_ids, summary: _BlockSummary, values, value_size: int | None, compression: int) -> bytes:
    """A one-block posting list as W3PostingsWriter._write_block(last=True) writes it: magic, the negated
    length (the last block), the pickled block info, the (compressed) pickled postings."""
    kept_values = [v for v in values if v] if values is not None else []
    if value_size is None or value_size < 0:
        mini_values = tuple(kept_values)
    elif value_size == 0:
        mini_values = None
    else:
        mini_values = b"".join(kept_values)
    data = _block_data(doc_ids, summary.mini_weights, mini_values)
    level = compression if len(data) >= _SMALLEST_COMPRESSED else 0
    if level:
        data = zlib.compress(data, level)
    info = dumps((len(doc_ids), doc_ids[-1], summary.max_weight, level,
                  summary.min_length_byte, summary.max_length_byte), 2)
    return _W3_MAGIC + pack_int(-(len(info) + len(data))) + info + data


def _block_data(doc_ids, mini_weights, mini_values) -> bytes:
    """A block's (deltas, weights, values) pickle. Whoosh pickles tuples of numbers (protocol 2); a reader
    unpickles them one object at a time, which was most of a search's posting decode at 100,000 documents.
    A block of `ARRAY_BLOCKS_FROM` postings or more keeps its deltas and weights as arrays in machine
    format (protocol 5, so that the array's bytes are pickled whole): Whoosh reads them alike (it iterates
    and indexes them), the adapter's reader takes them as NumPy buffers. Shorter blocks stay tuples: an
    array's pickle header (about 70 bytes) would outweigh what it saves."""
    deltas = [doc_ids[0], *(b - a for a, b in zip(doc_ids, doc_ids[1:]))]        # delta-coded from 0
    if len(deltas) < ARRAY_BLOCKS_FROM:
        return dumps((tuple(deltas), mini_weights, mini_values), 2)
    largest = max(deltas)
    typecode = "B" if largest < 1 << 8 else "H" if largest < 1 << 16 else "I"
    if isinstance(mini_weights, tuple):
        mini_weights = array("f", mini_weights)
    return pickle.dumps((array(typecode, deltas), mini_weights, mini_values), 5)


def _term_info(inlined: bool, summary: _BlockSummary, doc_ids) -> bytes:
    """The fixed part of a W3TermInfo.to_bytes record; the inlined pickle or the block's pointer follows."""
    return _TERMINFO.pack(1 if inlined else 0, summary.total_weight, len(doc_ids), summary.min_length_byte,
                          summary.max_length_byte, summary.max_weight, doc_ids[0], doc_ids[-1])


class _TermsTable(OrderedHashWriter):
    """The terms table as W3FieldWriter writes it (OrderedHashWriter), with hash tables two thirds full.

    OrderedHashWriter gives each of its 256 hash tables twice as many slots as keys: 24 of the ~60 bytes
    a term costs in the terms table, with ~650,000 terms at 100,000 documents. HashReader takes any number
    of slots (the directory gives each table's) and probes linearly until it meets the key or an empty
    slot, so one and a half slots a key are read alike: by the linear-probing formula, a lookup of an
    absent term is expected to read about five slots instead of two and a half (not measured). Overrides the private `_write_hashes`, which
    OrderedHashWriter.close calls after the keys and values.
    """

    def _write_hashes(self):
        empty = (0, 0)        # no record starts at 0 (the file's header is there)
        for entries in self.buckets:
            slots = len(entries) + len(entries) // 2 + 1 if entries else 0
            self.directory.append((self.dbfile.tell(), slots))
            table = [empty] * slots
            for key_hash, position in entries:
                slot = (key_hash >> 8) % slots
                while table[slot] != empty:
                    slot = slot + 1 if slot + 1 < slots else 0
                table[slot] = (key_hash, position)
            self.dbfile.write(b"".join(_HASH_SLOT.pack(key_hash, position) for key_hash, position in table))


class FastFieldWriter(W3FieldWriter):
    """W3Codec's FieldWriter with one more way in: a term's finished terms-table entry and posting block.

    W3FieldWriter builds each entry through its postings writer, posting by posting (start_term, add,
    finish_term); the builder encodes nearly every term whole instead. It is made directly, not through
    W3Codec.field_writer, so that the segment still names the stock W3Codec (the TOC pickles it). The
    base class's private attributes used, and why:
    - `_postwriter` (W3PostingsWriter): its `_blocklimit` and `_compression` decide how blocks are cut and
      compressed; long lists are still written by it (`_fill_blocks`).
    - `_fieldid`: the 2-byte field number prefixing the field's keys in the terms table.
    - `_tindex` (OrderedHashWriter): its `dbfile`, `hashfn`, `buckets`, `index` and `lastkey`, which
      OrderedHashWriter.add updates per key; done here in the same way, without a call per term.
    - `_postfile`: the .pst file the blocks go to (its position is a term's pointer).
    """

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._tindex.__class__ = _TermsTable        # made by W3FieldWriter.__init__, header already written

    def start_field(self, fieldname, fieldobj):
        super().start_field(fieldname, fieldobj)
        self._postwriter.__class__ = _ArrayBlocksPostingsWriter
        self.block_limit = self._postwriter._blocklimit
        self.compression = self._postwriter._compression
        self._key_prefix = pack_ushort(self._fieldid)
        self._last_key = self._tindex.lastkey
        self._table_pos = self._tindex.dbfile.tell()
        self._postings_pos = self._postfile.tell()

    def add_entry(self, term: bytes, value: bytes) -> None:
        """OrderedHashWriter.add(field number + term, value)."""
        key = self._key_prefix + term
        if key <= self._last_key:
            raise ValueError(f"Keys must increase: {self._last_key!r}..{key!r}")
        table = self._tindex
        table.index.append(self._table_pos)
        record = _KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value
        table.dbfile.write(record)
        hashed = table.hashfn(key)
        table.buckets[hashed & 255].append((hashed, self._table_pos))
        self._last_key = key
        self._table_pos += len(record)

    def append_block(self, block: bytes) -> int:
        """Write a posting block to the .pst file; returns where it starts."""
        offset = self._postings_pos
        self._postfile.write(block)
        self._postings_pos += len(block)
        return offset

    def add_long_term(self, term: bytes, doc_ids, weights, first_weight, values, length_bytes) -> None:
        """A posting list longer than a block, through the base class and its postings writer."""
        self._tindex.lastkey = self._last_key
        self.start_term(term)
        _fill_blocks(self._postwriter, doc_ids, weights, first_weight, values, length_bytes)
        self.finish_term()
        self._last_key = self._tindex.lastkey
        self._table_pos = self._tindex.dbfile.tell()
        self._postings_pos = self._postfile.tell()

    def finish_field(self):
        self._tindex.lastkey = self._last_key
        super().finish_field()


def _inlined(ids, mini_weights, values, fixedsize: int | None) -> bytes | None:
    """A short posting list as W3TermInfo keeps it inlined: a pickled (ids, weights, values) tuple, or None
    when its values could not be given as a block reader gives them.

    Weights None when all are 1.0 (ListMatcher's default). Pickled with the current protocol, which
    W3TermInfo.from_bytes reads like any other.
    """
    n = len(ids)
    if fixedsize == 0:
        values = (None,) * n
    elif values is None or not all(values):
        return None
    if mini_weights is None:
        weights = None
    elif isinstance(mini_weights, float):
        weights = (mini_weights,) * n
    else:
        weights = mini_weights
    return dumps((tuple(ids), weights, tuple(values)), _INLINE_PROTOCOL)


def _mini_weights(w32: array):
    """W3PostingsWriter._mini_weights."""
    if all(w == 1.0 for w in w32):
        return None
    first = w32[0]
    if all(w == first for w in w32):
        return first
    return tuple(w32)


class _ArrayBlocksPostingsWriter(W3PostingsWriter):
    """W3PostingsWriter writing each block's postings through `_block_data` (arrays from
    `ARRAY_BLOCKS_FROM` postings). Overrides the private `_write_block`, which Whoosh calls when a block is
    full and for the last one; the rest, as Whoosh writes it: the header before the first block, the term
    info's statistics (`_terminfo.add_block`), the pickled block info, the length negated on the last block,
    then a new block (`_blockcount`, `_new_block`)."""

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(_W3_MAGIC)
        self._terminfo.add_block(self)
        data = _block_data(self._ids, self._mini_weights(), self._mini_values())
        compression = self._compression
        if compression:
            data = zlib.compress(data, compression)
        ids = self._ids
        info = dumps((len(ids), ids[-1], self._maxweight, compression,
                      length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


def _fill_blocks(postings_writer: W3PostingsWriter, doc_ids, weights, first_weight, values, length_bytes) -> None:
    """Give one term's postings to the postings writer as W3PostingsWriter.add_posting would have filled its
    blocks: full blocks written as they fill, the last one left for finish_postings.

    add_posting takes one posting per call and recomputes the block's figures each time; setting the block
    it is filling (`_ids`, `_weights`, `_values`, `_maxweight`, `_minlength`, `_maxlength`) and calling its
    `_write_block` when full does the same at once per block, with the bytes Whoosh itself then encodes.
    """
    limit = postings_writer._blocklimit
    count = len(doc_ids)
    for start in range(0, count, limit):
        end = min(start + limit, count)
        if start:
            postings_writer._write_block()
        block_ids = doc_ids[start:end]
        postings_writer._ids = block_ids
        if weights is None:
            postings_writer._weights = array("f", [first_weight]) * (end - start)
            top = first_weight
        else:
            block_weights = weights[start:end]
            postings_writer._weights = array("f", block_weights)
            top = max(block_weights)
        postings_writer._maxweight = top if top > 0 else 0
        postings_writer._values = [v for v in values[start:end] if v] if values is not None else []
        present = [length_bytes[d] for d in block_ids if length_bytes[d]] if length_bytes is not None else ()
        if present:
            postings_writer._minlength = byte_to_length(min(present))
            postings_writer._maxlength = byte_to_length(max(present))
        else:
            postings_writer._minlength, postings_writer._maxlength = None, 0
