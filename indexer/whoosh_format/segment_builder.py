"""Writing a segment in Whoosh's W3 format, several times faster than Whoosh's own SegmentWriter.

Whoosh's SegmentWriter files every posting as a 5-tuple in a pool, sorts them all, then writes them one
by one through several layers of calls, reading each posting's field length back from the length column:
with ~350 postings a communiqué, writing cost about as much as parsing. SegmentBuilder writes the same
files: W3Codec's own per-document writer writes the per-document data; postings are collected per term
as documents come (collected_postings), spilled to sorted runs past a memory limit, and each term's list
and terms-table entry encoded in one go at the end (term_encoding). tests/indexer/test_store.py checks
that both writers write byte-identical per-document files and that Whoosh reads the same terms and
postings from both; tests/indexer/whoosh_format/ holds a committed golden segment against it.
"""
from __future__ import annotations

import heapq
import os
import pickle
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from whoosh import formats
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import UnknownFieldError
from whoosh.util.numeric import length_to_byte

from indexer.schema import AnalysedText, PairText
from indexer.whoosh_format.collected_postings import CollectedPostings, concatenate
from indexer.whoosh_format.stored_fields import write_stored_fields_compactly
from indexer.whoosh_format.term_encoding import FastFieldWriter, write_term
from indexer.whoosh_format.toc import read_schema

BUILD_LIMIT_MB = 128       # postings a SegmentBuilder keeps in memory (roughly) before it writes a sorted run
# Postings a block holds, and its zlib level. Whoosh's defaults (128 and 3) make a block of every 128 postings,
# each with its own length, pickled info, pickle header and zlib stream: a fifth of the postings file of a
# 100,000-document index. Readers take any block size and level (each block says its count and whether it
# is compressed), and the search reads a term's list whole (indexer.whoosh_format.reading), so longer
# blocks only mean fewer of them. Whoosh's own merges keep writing 128-posting blocks, for the small
# segments they handle.
POSTING_BLOCK_LIMIT = 1024
POSTING_COMPRESSION = 6


class SegmentBuilder:
    """Writes one new segment of `ix` (without taking its lock and without committing it: the caller puts
    the finished segment into a commit). `add` takes the keyword arguments of `IndexWriter.add_document`
    and returns the document's number in the segment.

    Memory is bounded: past `limitmb` (estimated) the postings collected so far go to a sorted run on disk,
    and the runs are merged term by term at the end.
    """

    def __init__(self, ix, limitmb: int = BUILD_LIMIT_MB, block_limit: int = POSTING_BLOCK_LIMIT):
        self.schema = read_schema(ix)
        self.storage = ix.storage
        self.indexname = ix.indexname
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"SegmentBuilder does not write term vectors or spelling fields ({name})")
        # Whoosh's own codec (the segment names it, and every W3 reader reads it), with longer blocks
        self.codec = W3Codec(blocklimit=block_limit, compression=POSTING_COMPRESSION)
        self.segment = self.codec.new_segment(self.storage, self.indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        write_stored_fields_compactly(self.perdoc)
        self.docnum = 0
        self.limit = limitmb * 1024 * 1024
        # field -> CollectedPostings: term bytes -> postings, in the most compact form the field's postings allow
        self._postings: dict[str, CollectedPostings] = {}
        self._lengths: dict[str, bytearray] = {n: bytearray() for n, f in self.schema.items() if f.scorable}
        self._size = 0
        self._runs: list[dict[str, str]] = []
        self._rundir: str | None = None
        self.closed = False

    # --- adding documents ---------------------------------------------------------------------------------
    def add(self, **fields) -> int:
        """SegmentWriter.add_document, with the same per-document data and postings."""
        document = self._prepare(fields)      # everything that can fail on a bad value, before anything is written
        docnum = self.docnum
        self._write_per_document(docnum, document)
        size = self._collect(docnum, document.postings)
        self.docnum += 1
        self._size += size
        if self._size > self.limit:
            self._spill()
        return docnum

    def _prepare(self, fields: dict) -> _PreparedDocument:
        """A document's postings, per-document values and length bytes, field by field in name order."""
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        for name in names:
            if name not in schema:
                raise UnknownFieldError(f"No field named {name!r} in {schema}")
        document_boost = float(fields["_boost"]) if "_boost" in fields else 1.0
        document = _PreparedDocument([], [], {})
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                boost = float(fields[f"_{name}_boost"]) if f"_{name}_boost" in fields else document_boost
                length = _field_postings(document.postings, name, field, value, boost)
                if not field.scorable:
                    length = 0
                elif length:
                    document.length_bytes[name] = length_to_byte(length)
            custom = fields.get(f"_stored_{name}", value)
            column = field.column_type
            column_value = field.to_column_value(custom) if column and custom is not None else None
            document.perdoc.append((name, field, custom if field.stored else None, length, column, column_value))
        return document

    def _write_per_document(self, docnum: int, document: _PreparedDocument) -> None:
        """Stored fields, lengths and columns, through W3Codec's own per-document writer."""
        perdoc_writer = self.perdoc
        perdoc_writer.start_doc(docnum)
        for name, field, stored, length, column, column_value in document.perdoc:
            perdoc_writer.add_field(name, field, stored, length)
            if column and column_value is not None:
                perdoc_writer.add_column_value(name, column, column_value)
        perdoc_writer.finish_doc()
        for name, field_length_bytes in self._lengths.items():
            field_length_bytes.append(document.length_bytes.get(name, 0))

    def _collect(self, docnum: int, postings: list) -> int:
        """File the document's postings under their terms; returns the memory they took (estimated)."""
        size = 0
        collected = self._postings
        for name, items, weights, weight in postings:
            terms = collected.get(name)
            if terms is None:
                terms = collected[name] = CollectedPostings()
            if type(items[0]) is bytes:
                size += terms.add_terms(docnum, items, weights, weight)
            else:
                size += terms.add(docnum, items, weight)
        return size

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
                pending = concatenate(pending, item)
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
            # Rare pairs share buckets (their positions dropped); overflow terms stay as themselves
            if len(ids) < rare_below and weights is None and first_weight == 1.0 and not _is_overflow(field, item[0]):
                by_slot.setdefault(field.slot(item[0].decode("utf-8")), []).extend(ids)
                postings += len(ids)
            else:
                yield item
        bits = field.bits_for(postings)
        buckets: dict[bytes, set] = {}
        for slot, docs in by_slot.items():
            buckets.setdefault(field.bucket(slot, bits).encode("utf-8"), set()).update(docs)
        unknown = _bucket_value(field)
        for key in sorted(buckets):
            docs = sorted(buckets[key])
            yield key, docs, None, 1.0, [unknown] * len(docs) if unknown else None

    # --- finishing ---------------------------------------------------------------------------------------
    def finish(self):
        """Write the postings, close the segment's files and return the segment (None when nothing was added)."""
        if self.docnum == 0:
            self.cancel()
            return None
        self.perdoc.close()
        field_writer = FastFieldWriter(self.codec, self.storage, self.segment)
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

    def _write_field(self, field_writer: FastFieldWriter, name: str) -> None:
        """One field's terms, in term order, as W3FieldWriter writes them (see term_encoding.write_term)."""
        field = self.schema[name]
        field_writer.start_field(name, field)
        length_bytes = self._lengths.get(name)
        if length_bytes is not None and not any(length_bytes):
            length_bytes = None
        value_size = field.format.fixed_value_size()
        for term, doc_ids, weights, first_weight, values in self._terms_to_write(name, field):
            write_term(field_writer, term, doc_ids, weights, first_weight, values, length_bytes, value_size)
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


@dataclass(slots=True)
class _PreparedDocument:
    """One document's data, worked out before any of it is written."""

    postings: list      # (field name, term bytes or index items, weights or None, weight or boost) per field
    perdoc: list        # (name, field, stored value, length, column type, column value) per field
    length_bytes: dict  # field name -> its length as the one byte Whoosh keeps


def _is_overflow(field, term: bytes) -> bool:
    """Whether a pairs term holds further positions of a pair (indexer.schema.PairPositions.overflow_term)."""
    is_overflow = getattr(field.format, "is_overflow", None)
    return bool(is_overflow and is_overflow(term))


def _bucket_value(field) -> bytes | None:
    """What a bucket's postings hold as their value: nothing known (PairPositions.UNKNOWN), or no value
    at all in an index whose pairs have none (a schema from before positions)."""
    return getattr(field.format, "UNKNOWN", None) if field.format.fixed_value_size() else None


def _field_postings(postings: list, name: str, field, value, boost: float) -> int:
    """Add one field's postings for a document to `postings`; returns the field's length in terms."""
    if isinstance(value, dict) and isinstance(field, AnalysedText) and field.format.fixed_value_size() == 0:
        # Terms counted beforehand (AnalysedText.index's items, without building them)
        terms = [term.encode("utf-8") for term in value]
        field_boost = field.format.field_boost
        if isinstance(field.format, formats.Existence):
            length, weights, weight = len(terms), None, field_boost * boost
        else:
            frequencies = list(value.values())
            length, weights, weight = sum(frequencies), [f * field_boost * boost for f in frequencies], None
        if terms:
            postings.append((name, terms, weights, weight))
        return length
    items = list(field.index(value))
    if items:
        postings.append((name, items, None, boost))
    return sum(item[1] for item in items)
