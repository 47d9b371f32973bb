"""Writing a segment in Whoosh's W3 format, several times faster than Whoosh's own SegmentWriter.

Whoosh's SegmentWriter files every posting as a 5-tuple in a pool, sorts them all, then writes them one
by one through several layers of calls, reading each posting's field length back from the length column:
with ~350 postings a communiqué, writing cost about as much as parsing. SegmentBuilder writes the same
files (the same codec objects write the per-document data) but collects postings per term as documents
come, and encodes each term's posting list and terms-table entry in one go. tests/indexer/test_store.py
checks that both write byte-identical per-document files and that Whoosh reads the same terms and
postings from both (the posting blocks differ only where small blocks are left uncompressed, see
_SMALLEST_COMPRESSED); tests/indexer/whoosh_format/ holds a committed golden index against it.

Short posting lists are inlined into the term's terms-table entry when that is smaller (see _inlined):
a one-posting block costs ~49 bytes in the .pst file plus a 12-byte pointer, the inlined pickle ~24.
Whoosh reads inlined postings with a ListMatcher (W3Codec.postings_reader), but never writes them: its
W3Codec(inlinelimit=N) fails in 2.7.4 (it calls a misnamed method), and it would pickle them with
protocol 2, where b"" alone takes 20 bytes. Values are given as a block reader returns them (None each
for a format without values), because a ListMatcher without values answers value() with str '', which
Whoosh's merge pool refuses.

It works behind W3Codec's seams (the codec's per-document writer, a subclass of its FieldWriter, its
PostingsWriter and TermInfo layout); the private attributes they need are all in `_FastFieldWriter`,
`_fill_blocks` and `_TERMINFO`, each with its reason.
"""
from __future__ import annotations

import heapq
import os
import pickle
import shutil
import zlib
from array import array
from collections.abc import Iterator
from operator import itemgetter

from whoosh import formats
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.fields import UnknownFieldError
from whoosh.filedb.filetables import _lengths as _KEY_VALUE_LENGTHS
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.schema import AnalysedText, PairText
from indexer.whoosh_format.toc import read_schema

BUILD_LIMIT_MB = 128       # postings a SegmentBuilder keeps in memory (roughly) before it writes a sorted run


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
_INLINE_PROTOCOL = 5
# No block is shorter: magic and length (8 bytes), the info pickle of six numbers (19 at least) and a
# compressed or uncompressed posting pickle (8 at least). A list whose inlined pickle is shorter than this
# plus a pointer is inlined without encoding its block (two thirds of a segment's terms have one posting).
_SMALLEST_BLOCK = 8 + len(dumps((0,) * 6, 2)) + 8


def _as_float32(x: float) -> float:
    """x as the float32 Whoosh keeps a posting's weight in."""
    return array("f", (x,))[0]


class SegmentBuilder:
    """Writes one new segment of `ix` (without taking its lock and without committing it: the caller puts
    the finished segment into a commit). `add` takes the keyword arguments of `IndexWriter.add_document`
    and returns the document's number in the segment.

    Memory is bounded: past `limitmb` (estimated) the postings collected so far go to a sorted run on disk,
    and the runs are merged term by term at the end.
    """

    def __init__(self, ix, limitmb: int = BUILD_LIMIT_MB):
        self.schema = read_schema(ix)
        self.storage = ix.storage
        self.indexname = ix.indexname
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"SegmentBuilder does not write term vectors or spelling fields ({name})")
        self.codec = W3Codec()                  # Whoosh's default codec, exactly: what every reader expects
        self.segment = self.codec.new_segment(self.storage, self.indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.docnum = 0
        self.limit = limitmb * 1024 * 1024
        # field -> _Terms: term bytes -> postings, in the most compact form the field's postings allow
        self._postings: dict[str, _Terms] = {}
        self._lengths: dict[str, bytearray] = {n: bytearray() for n, f in self.schema.items() if f.scorable}
        self._size = 0
        self._runs: list[dict[str, str]] = []
        self._rundir: str | None = None
        self.closed = False

    # --- adding documents ---------------------------------------------------------------------------------
    def add(self, **fields) -> int:
        """SegmentWriter.add_document, with the same per-document data and postings."""
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        for name in names:
            if name not in schema:
                raise UnknownFieldError(f"No field named {name!r} in {schema}")
        docboost = float(fields["_boost"]) if "_boost" in fields else 1.0
        # Everything that can fail on a bad value (encoding terms, columns) runs before anything is written.
        indexed = []
        perdoc = []
        lengths = {}
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                boost = float(fields[f"_{name}_boost"]) if f"_{name}_boost" in fields else docboost
                if isinstance(value, dict) and isinstance(field, AnalysedText):
                    # Terms counted beforehand (AnalysedText.index's items, without building them)
                    terms = [term.encode("utf-8") for term in value]
                    fb = field.format.field_boost
                    if isinstance(field.format, formats.Existence):
                        length, weights, weight = len(terms), None, fb * boost
                    else:
                        freqs = list(value.values())
                        length, weights, weight = sum(freqs), [f * fb * boost for f in freqs], None
                    if terms:
                        indexed.append((name, terms, weights, weight))
                else:
                    items = list(field.index(value))
                    for item in items:
                        length += item[1]
                    if items:
                        indexed.append((name, items, None, boost))
                if not field.scorable:
                    length = 0
                elif length:
                    lengths[name] = length_to_byte(length)
            custom = fields.get(f"_stored_{name}", value)
            column = field.column_type
            column_value = field.to_column_value(custom) if column and custom is not None else None
            perdoc.append((name, field, custom if field.stored else None, length, column, column_value))

        docnum = self.docnum
        perdoc_writer = self.perdoc
        perdoc_writer.start_doc(docnum)
        for name, field, stored, length, column, column_value in perdoc:
            perdoc_writer.add_field(name, field, stored, length)
            if column and column_value is not None:
                perdoc_writer.add_column_value(name, column, column_value)
        perdoc_writer.finish_doc()
        for name, field_length_bytes in self._lengths.items():
            field_length_bytes.append(lengths.get(name, 0))

        size = 0
        postings = self._postings
        for name, items, weights, weight in indexed:
            terms = postings.get(name)
            if terms is None:
                terms = postings[name] = _Terms()
            if type(items[0]) is bytes:
                size += terms.add_terms(docnum, items, weights, weight)
            else:
                size += terms.add(docnum, items, weight)
        self.docnum += 1
        self._size += size
        if self._size > self.limit:
            self._spill()
        return docnum

    # --- runs on disk ------------------------------------------------------------------------------------
    def _spill(self) -> None:
        if self._rundir is None:
            self._rundir = os.path.join(self.storage.folder, f"{self.indexname}.tmp", f"build-{self.segment.segid}")
            os.makedirs(self._rundir, exist_ok=True)
        run = {}
        for name, terms in self._postings.items():
            path = os.path.join(self._rundir, f"run{len(self._runs)}-{name}")
            with open(path, "wb") as f:
                chunk = []
                for item in terms.sorted_items():
                    chunk.append(item)
                    if len(chunk) >= 4096:
                        pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
                        chunk = []
                if chunk:
                    pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
            run[name] = path
        self._runs.append(run)
        self._postings = {}
        self._size = 0

    @staticmethod
    def _read_run(path: str) -> Iterator[tuple]:
        with open(path, "rb") as f:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk

    def _field_terms(self, name: str) -> Iterator[tuple]:
        """(term bytes, ids, weights, first weight, values) of one field in term order, runs merged."""
        memory = self._postings.get(name)
        current = memory.sorted_items() if memory is not None else iter(())
        sources = [self._read_run(run[name]) for run in self._runs if name in run]
        if not sources:
            yield from current
            return
        pending = None
        for item in heapq.merge(*sources, current, key=itemgetter(0)):
            if pending is not None and item[0] == pending[0]:
                pending = _concatenate(pending, item)
                continue
            if pending is not None:
                yield pending
            pending = item
        if pending is not None:
            yield pending

    def _terms_to_write(self, name: str, field) -> Iterator[tuple]:
        """`_field_terms`, except that a PairText field's rare pairs are filed under their buckets.

        One pass over the field's terms, in memory or in runs on disk (reading the runs twice was
        measurably slower, see docs/benchmarks.md): the other pairs are written as they come, and
        the buckets, whose keys sort after every pair (PairText.mark), at the end.
        """
        if not isinstance(field, PairText):
            yield from self._field_terms(name)
            return
        rare_below = field.rare_below
        by_slot: dict[int, list] = {}          # slot in the largest table -> documents
        postings = 0
        for item in self._field_terms(name):
            _, ids, weights, first_weight, values = item
            if len(ids) < rare_below and weights is None and values is None and first_weight == 1.0:
                by_slot.setdefault(field.slot(item[0].decode("utf-8")), []).extend(ids)
                postings += len(ids)
            else:
                yield item
        bits = field.bits_for(postings)
        buckets: dict[bytes, set] = {}
        for slot, docs in by_slot.items():
            buckets.setdefault(field.bucket(slot, bits).encode("utf-8"), set()).update(docs)
        for key in sorted(buckets):
            yield key, sorted(buckets[key]), None, 1.0, None

    # --- finishing ---------------------------------------------------------------------------------------
    def finish(self):
        """Write the postings, close the segment's files and return the segment (None when nothing was added)."""
        if self.docnum == 0:
            self.cancel()
            return None
        self.perdoc.close()
        field_writer = _FastFieldWriter(self.codec, self.storage, self.segment)
        try:
            for name in sorted(set(self._postings) | {n for run in self._runs for n in run}):
                self._write_field(field_writer, name)
        finally:
            field_writer.close()
        self._remove_runs()
        segment = self.segment
        segment.set_doc_count(self.docnum)
        if segment.should_assemble():
            segment.create_compound_file(self.storage)
        self.closed = True
        return segment

    def _write_field(self, field_writer: _FastFieldWriter, name: str) -> None:
        """One field's terms, as W3FieldWriter writes them. A term whose postings fit in one block (nearly all
        of them) is encoded here directly, in the bytes W3PostingsWriter would write; longer lists go through
        Whoosh's postings writer, a block at a time."""
        field = self.schema[name]
        field_writer.start_field(name, field)
        length_bytes = self._lengths.get(name)
        if length_bytes is not None and not any(length_bytes):
            length_bytes = None
        value_size = field.format.fixed_value_size()
        for term, doc_ids, weights, first_weight, values in self._terms_to_write(name, field):
            if len(doc_ids) > field_writer.block_limit:
                field_writer.add_long_term(term, doc_ids, weights, first_weight, values, length_bytes)
                continue
            summary = _summarize(doc_ids, weights, first_weight, length_bytes)
            inlined = _inlined(doc_ids, summary.mini_weights, values, value_size) \
                if len(doc_ids) <= _INLINE_AT_MOST else None
            if inlined is not None and len(inlined) < _SMALLEST_BLOCK + _POINTER_SIZE:
                block = None        # smaller than any block: most terms, whose block need not be encoded
            else:
                block = _encode_block(doc_ids, summary, values, value_size, field_writer.compression)
            if inlined is not None and (block is None or len(inlined) < len(block) + _POINTER_SIZE):
                field_writer.add_entry(term, _term_info(True, summary, doc_ids) + inlined)
            else:
                offset = field_writer.append_block(block)
                pointer = pack_long(offset) + pack_int(len(block))
                field_writer.add_entry(term, _term_info(False, summary, doc_ids) + pointer)
        field_writer.finish_field()

    def cancel(self) -> None:
        if not self.perdoc.is_closed:
            self.perdoc.close()
        self._remove_runs()
        for name in self.segment.list_files(self.storage):
            try:
                self.storage.delete_file(name)
            except OSError:
                pass
        self.closed = True

    def _remove_runs(self) -> None:
        if self._rundir:
            shutil.rmtree(self._rundir, ignore_errors=True)
            self._rundir = None
        self._runs = []
        self._postings = {}


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
    deltas = (doc_ids[0], *(b - a for a, b in zip(doc_ids, doc_ids[1:])))      # delta-coded from 0
    data = dumps((deltas, summary.mini_weights, mini_values), 2)
    level = compression if len(data) >= _SMALLEST_COMPRESSED else 0
    if level:
        data = zlib.compress(data, level)
    info = dumps((len(doc_ids), doc_ids[-1], summary.max_weight, level,
                  summary.min_length_byte, summary.max_length_byte), 2)
    return _W3_MAGIC + pack_int(-(len(info) + len(data))) + info + data


def _term_info(inlined: bool, summary: _BlockSummary, doc_ids) -> bytes:
    """The fixed part of a W3TermInfo.to_bytes record; the inlined pickle or the block's pointer follows."""
    return _TERMINFO.pack(1 if inlined else 0, summary.total_weight, len(doc_ids), summary.min_length_byte,
                          summary.max_length_byte, summary.max_weight, doc_ids[0], doc_ids[-1])


class _FastFieldWriter(W3FieldWriter):
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

    def start_field(self, fieldname, fieldobj):
        super().start_field(fieldname, fieldobj)
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

class _Terms:
    """One field's postings in memory: term bytes -> postings, in the cheapest of three forms that holds them.

    - "same": every posting has the same weight and no value (Existence fields: `exact`, `pairs`, ids):
      term -> [document numbers].
    - "weighted": no values (TermWeights fields: `title`, `body`): term -> [[document numbers], [weights]].
    - "general": term -> [document numbers, weights or None while all equal the first weight, first weight,
      values or None while all are empty].

    A field moves to a more general form, once, when a document does not fit the one it has.
    """

    __slots__ = ("terms", "mode", "weight")

    def __init__(self):
        self.terms: dict[bytes, list] = {}
        self.mode = None
        self.weight = None

    def add(self, docnum: int, items: list, boost: float) -> int:
        """Add one document's (term bytes, frequency, weight, value) items; returns the memory they took
        (estimated from CPython's object sizes: a dict slot, the key, a list, a float per weight)."""
        _, _, weights, values = zip(*items)
        plain = not any(values)
        if plain and self.mode in (None, "same"):
            distinct = set(weights)
            if len(distinct) == 1:
                weight = weights[0] * boost
                if self.mode is None:
                    self.mode, self.weight = "same", weight
                if weight == self.weight:
                    return self._add_same(docnum, (item[0] for item in items))
        if plain and self.mode == "same":
            self._become("weighted")
        if plain and self.mode in (None, "weighted"):
            self.mode = "weighted"
            return self._add_weighted(docnum, items, boost)
        if self.mode != "general":
            self._become("general")
        return self._add_general(docnum, items, boost)

    def add_terms(self, docnum: int, terms: list[bytes], weights: list[float] | None, weight: float | None) -> int:
        """Add one document's terms with their weights (None: all `weight`), none with a value."""
        if weights is None:
            if self.mode is None:
                self.mode, self.weight = "same", weight
            if self.mode == "same" and weight == self.weight:
                return self._add_same(docnum, terms)
            return self.add(docnum, [(t, 1, weight, b"") for t in terms], 1.0)
        if self.mode in (None, "weighted"):
            self.mode = "weighted"
            return self._add_weighted(docnum, [(t, 0, w, b"") for t, w in zip(terms, weights)], 1.0)
        return self.add(docnum, [(t, 0, w, b"") for t, w in zip(terms, weights)], 1.0)

    def _add_same(self, docnum: int, term_bytes) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes in term_bytes:
            ids = get(tbytes)
            if ids is None:
                terms[tbytes] = [docnum]
                size += 230 + len(tbytes)
            else:
                ids.append(docnum)
                size += 10
        return size

    def _add_weighted(self, docnum: int, items: list, boost: float) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes, _, weight, _ in items:
            entry = get(tbytes)
            if entry is None:
                terms[tbytes] = [[docnum], [weight * boost]]
                size += 380 + len(tbytes)
            else:
                entry[0].append(docnum)
                entry[1].append(weight * boost)
                size += 45
        return size

    def _add_general(self, docnum: int, items: list, boost: float) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes, _, weight, vbytes in items:
            weight *= boost
            entry = get(tbytes)
            if entry is None:
                terms[tbytes] = [[docnum], None, weight, [vbytes] if vbytes else None]
                size += 450 + len(tbytes)
                continue
            ids = entry[0]
            if entry[1] is not None:
                entry[1].append(weight)
            elif weight != entry[2]:
                entry[1] = [entry[2]] * len(ids)
                entry[1].append(weight)
            if vbytes:
                if entry[3] is None:
                    entry[3] = [b""] * len(ids)
                entry[3].append(vbytes)
            elif entry[3] is not None:
                entry[3].append(b"")
            ids.append(docnum)
            size += 60
        return size

    def _become(self, mode: str) -> None:
        self.terms = {tbytes: self._as(mode, tbytes, entry) for tbytes, entry in self.terms.items()}
        self.mode = mode

    def _as(self, mode: str, tbytes: bytes, entry: list) -> list:
        _, ids, weights, first_weight, values = self._normal(tbytes, entry)
        if mode == "weighted":
            return [ids, weights if weights is not None else [first_weight] * len(ids)]
        return [ids, weights, first_weight, values]

    def _normal(self, tbytes: bytes, entry: list) -> tuple:
        if self.mode == "same":
            return tbytes, entry, None, self.weight, None
        if self.mode == "weighted":
            return tbytes, entry[0], entry[1], entry[1][0], None
        return (tbytes, *entry)

    def sorted_items(self) -> Iterator[tuple]:
        """(term bytes, ids, weights or None, first weight, values or None), in term order."""
        terms = self.terms
        normal = self._normal
        for tbytes in sorted(terms):
            yield normal(tbytes, terms[tbytes])


def _concatenate(a: tuple, b: tuple) -> tuple:
    """One term's postings from two runs (b's documents come after a's)."""
    tbytes, ids, weights, first_weight, values = a
    _, ids2, weights2, first_weight2, values2 = b
    if weights is None and weights2 is None and first_weight == first_weight2:
        new_weights = None
    else:
        new_weights = (weights if weights is not None else [first_weight] * len(ids)) + \
                      (weights2 if weights2 is not None else [first_weight2] * len(ids2))
    if values is None and values2 is None:
        new_values = None
    else:
        new_values = (values if values is not None else [b""] * len(ids)) + \
                     (values2 if values2 is not None else [b""] * len(ids2))
    return tbytes, ids + ids2, new_weights, first_weight, new_values


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
