"""One searcher per index generation, with the per-document arrays facets and sorting read.

Built once per generation (not per request): for each facet field the
(document, value) pairs read from its posting lists, each document's date as
an integer, and the set of live documents. Counting a facet for a query is then
a NumPy bincount over the pairs whose document matches.
"""
from __future__ import annotations

import heapq
import itertools
import threading
from collections import OrderedDict
import dataclasses
import functools
from dataclasses import dataclass

import numpy as np

from indexer.schema import FACET_FIELDS
from indexer.whoosh_format import StoredFields, date_column_as_yyyymmdd, decoding
from search_service.search.lexicon import Lexicon
from search_service.search.postings import DEFAULT_POSTINGS_MB, PostingCache, field_lengths, field_postings
from search_service.search.scoring import bm25_scores, whoosh_idf
from search_service.search.semantic import DocumentVectors


def packed_bits(mask: np.ndarray) -> np.ndarray:
    """A boolean mask as bits, 64 to a word (np.packbits's order): the form facet bitsets are ANDed in."""
    packed = np.packbits(mask)
    return np.pad(packed, (0, -len(packed) % 8)).view(np.uint64)


class Selection:
    """The documents facets are counted over: a mask, with its positions and its bits computed at most once
    for every facet counted over the same documents."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    @functools.cached_property
    def positions(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    @functools.cached_property
    def bits(self) -> np.ndarray:
        return packed_bits(self.mask)


# A facet's values with the most documents keep them as bitsets too, up to this many bytes a facet. Counting
# a value by its bitset reads every word of it; by its pairs, each (document, value) pair it has; a word costs
# about a fifth of a pair (docs/benchmarks.md), so a value is worth a bitset when it has more than a quarter
# as many documents as its bitset has words.
BITSET_MAX_BYTES = 8 * 1024 * 1024
WORDS_PER_PAIR = 4


@dataclass
class FacetValues:
    labels: list[str]
    pair_docs: np.ndarray      # int32: document numbers, one per (document, value) pair
    pair_values: np.ndarray    # int32: index into labels
    index: dict[str, int]
    alpha_rank: np.ndarray     # int32: each label's rank in alphabetical order, for sorting ties
    # The same pairs by document: document d's values are values_by_doc[doc_starts[d]:doc_starts[d + 1]]
    values_by_doc: np.ndarray = dataclasses.field(init=False, repr=False)
    doc_starts: np.ndarray = dataclasses.field(init=False, repr=False)
    # The most frequent values' documents as packed bits (packed_bits of a mask of the index's size), one
    # row per value of `bitset_values`; the other values' pairs in `tail_docs` and `tail_values`.
    bitset_values: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)
    bitsets: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)
    tail_docs: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)
    tail_values: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)

    def __post_init__(self):
        by_doc = np.argsort(self.pair_docs, kind="stable")
        self.values_by_doc = self.pair_values[by_doc]
        last = int(self.pair_docs.max()) if len(self.pair_docs) else -1
        self.doc_starts = np.searchsorted(self.pair_docs[by_doc], np.arange(last + 2))

    @classmethod
    def read(cls, reader, fieldname: str, live: np.ndarray) -> FacetValues:
        labels, docs, values = [], [], []
        field = reader.schema[fieldname]
        for btext, (ids, _weights) in field_postings(reader, fieldname):
            ids = ids[live[ids]] if len(ids) else ids
            if not len(ids):
                continue
            values.append(np.full(len(ids), len(labels), dtype=np.int32))
            docs.append(ids)
            labels.append(field.from_bytes(btext))
        pair_docs = np.concatenate(docs) if docs else np.zeros(0, np.int32)
        pair_values = np.concatenate(values) if values else np.zeros(0, np.int32)
        rank = np.empty(len(labels), dtype=np.int32)
        rank[sorted(range(len(labels)), key=labels.__getitem__)] = np.arange(len(labels), dtype=np.int32)
        out = cls(labels, pair_docs, pair_values, {label: i for i, label in enumerate(labels)}, rank)
        out.keep_bitsets(len(live))
        return out

    def keep_bitsets(self, size: int) -> None:
        """Keep the documents of the values that have many as bits (see BITSET_MAX_BYTES): a large result then
        counts the topics, years or languages in a tenth of the time their pairs take, and the few hundred
        people most communiqués name in a tenth of the time too, the others by their pairs."""
        words = len(packed_bits(np.zeros(size, dtype=bool)))
        frequencies = np.bincount(self.pair_values, minlength=len(self.labels))
        by_frequency = np.argsort(-frequencies, kind="stable")[:BITSET_MAX_BYTES // (8 * max(words, 1))]
        chosen = by_frequency[frequencies[by_frequency] * WORDS_PER_PAIR >= words]
        if not len(chosen):
            return
        in_bits = np.zeros(len(self.labels), dtype=bool)
        in_bits[chosen] = True
        bitsets = np.zeros((len(chosen), words), dtype=np.uint64)
        mask = np.zeros(size, dtype=bool)
        by_value = np.argsort(self.pair_values, kind="stable")
        bounds = np.searchsorted(self.pair_values[by_value], np.arange(len(self.labels) + 1))
        for row, value in enumerate(chosen):
            docs = self.pair_docs[by_value[bounds[value]:bounds[value + 1]]]
            mask[docs] = True
            bitsets[row] = packed_bits(mask)
            mask[docs] = False
        tail = ~in_bits[self.pair_values]
        self.bitset_values, self.bitsets = chosen, bitsets
        self.tail_docs, self.tail_values = self.pair_docs[tail], self.pair_values[tail]

    def mask(self, selected: tuple[str, ...], size: int) -> np.ndarray:
        """Documents having any of the selected values (values of one facet are OR-ed)."""
        wanted = [self.index[v] for v in selected if v in self.index]
        out = np.zeros(size, dtype=bool)
        if wanted:
            out[self.pair_docs[np.isin(self.pair_values, wanted)]] = True
        return out

    def counts(self, docs: np.ndarray | Selection) -> np.ndarray:
        """How many of the documents (a mask, or a Selection of one shared between facets) have each value.

        The cheapest of three ways, by the words and pairs each reads: with few documents, their own
        values are gathered (at 100,000 documents ~0.05 ms for 1,000 matches); with many, the frequent
        values' bitsets ANDed with the documents' bits and the other values' pairs; or every pair once.
        """
        selection = docs if isinstance(docs, Selection) else Selection(docs)
        mask = selection.mask
        few = len(selection.positions) * 4 < len(mask)
        pairs = len(selection.positions) * len(self.pair_docs) // max(len(mask), 1) if few else len(self.pair_docs)
        if self.bitsets is not None and self.bitsets.shape[1] == len(selection.bits) \
                and self.bitsets.size + WORDS_PER_PAIR * len(self.tail_docs) < WORDS_PER_PAIR * pairs:
            out = np.bincount(self.tail_values[mask[self.tail_docs]], minlength=len(self.labels))
            out[self.bitset_values] = np.bitwise_count(self.bitsets & selection.bits).sum(axis=1)
            return out
        if not few:
            return np.bincount(self.pair_values[mask[self.pair_docs]], minlength=len(self.labels))
        matched = selection.positions
        matched = matched[:np.searchsorted(matched, len(self.doc_starts) - 1)]    # those doc_starts covers
        starts, ends = self.doc_starts[matched], self.doc_starts[matched + 1]
        lengths = ends - starts
        before = np.cumsum(lengths) - lengths          # where each matched document's values go
        positions = np.arange(int(lengths.sum())) + np.repeat(starts - before, lengths)
        return np.bincount(self.values_by_doc[positions], minlength=len(self.labels))


# At most this many posting lists read ahead: the big ones are worth it; reading every term of a
# small index took seconds and delayed a new version's visibility. A large index fills the posting cache
# before the cap (docs/benchmarks.md).
WARM_MAX_TERMS = 256


class ResponseCache:
    """A small LRU of finished responses; one per snapshot, so a new generation starts empty."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


class Snapshot:
    """A searcher on one version of the index and the arrays derived from it."""

    def __init__(self, searcher, version, cache_size: int = 256, directory=None,
                 postings_mb: int = DEFAULT_POSTINGS_MB):
        self.searcher = searcher
        self.version = version
        self.reader = reader = searcher.reader()
        self.schema = searcher.schema
        self.size = reader.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        for docnum in reader.all_doc_ids():
            self.live[docnum] = True
        self.doc_count = int(self.live.sum())
        self.dates = date_column_as_yyyymmdd(reader, "date", self.size)     # 0: undated (sorted last)
        self.facets = {name: FacetValues.read(reader, fieldname, self.live) for name, fieldname in FACET_FIELDS.items()}
        # The semantic channel's vectors (None: a keyword-only generation, or no directory given).
        self.vectors = DocumentVectors.read(directory, reader, self.live) if directory is not None else None
        self.cache = ResponseCache(cache_size)
        self.postings = PostingCache(postings_mb * 1024 * 1024)
        self._stored_fields = StoredFields(reader)
        self._derived: dict[tuple[str, str], object] = {}
        self._derived_lock = threading.Lock()

    # --- reads of the index after opening: a damaged file raises IndexUnreadable -----------------------
    def stored_fields(self, docnum: int) -> dict:
        """A document's stored fields (read lazily from the segment)."""
        return self._stored_fields(docnum)

    def document_number(self, doc_id: str) -> int | None:
        with decoding("the id field"):
            return self.searcher.document_number(id=doc_id)

    def doc_frequency(self, fieldname: str, text) -> int:
        with decoding(f"terms of {fieldname}"):
            return self.reader.doc_frequency(fieldname, text)

    def terms_within(self, fieldname: str, text: str, maxdist: int, prefix: int = 0) -> list:
        with decoding(f"terms of {fieldname}"):
            return list(self.reader.terms_within(fieldname, text, maxdist, prefix=prefix))

    def term_scores(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """A scored field's term: its documents and their BM25 scores before any query boost.

        A term's scores depend on this snapshot only (its idf, the field's lengths), so they are cached in
        place of its weights: a term read from the cache is not scored again."""
        return self.postings.scored(self.reader, fieldname, btext, self._bm25)

    def _bm25(self, fieldname: str, btext: bytes, ids: np.ndarray, weights: np.ndarray):
        if not len(ids):
            return ids, weights
        idf = whoosh_idf(self.searcher.doc_count_all(), len(ids))     # ids: every posting, deleted ones too
        average_length = self.searcher.avg_field_length(fieldname) or 1.0
        return ids, bm25_scores(idf, weights, self.lengths(fieldname)[ids], average_length)

    def first_document(self, fieldname: str, text) -> int | None:
        """The first document with a term, None when none has it."""
        with decoding(f"postings of {fieldname}"):
            postings = self.reader.postings(fieldname, text) if self.reader.doc_frequency(fieldname, text) else None
            return postings.id() if postings is not None and postings.is_active() else None

    def documents_matching(self, query) -> np.ndarray:
        """Document numbers Whoosh's own matchers find for a query (the query types the executor leaves it)."""
        with decoding("postings"):
            return np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64)

    def lengths(self, fieldname: str) -> np.ndarray:
        """Per-document field lengths for BM25, read once per snapshot."""
        return self._once(("lengths", fieldname), lambda: field_lengths(self.reader, fieldname, self.size))

    def bucket_tables(self, fieldname: str) -> tuple[int, ...]:
        """The table sizes (bits) the index files rare pairs under, read once per snapshot: a segment uses one
        size, so a pair's bucket is looked up in those only, not in all seven (each look-up of an absent
        term reads its hash table from disk, in every segment)."""
        field = self.schema[fieldname]

        def used() -> tuple[int, ...]:
            with decoding(f"terms of {fieldname}"):
                return tuple(bits for bits in field.table_bits
                             if next(iter(self.reader.expand_prefix(fieldname, field.table_prefix(bits))), None))
        return self._once(("bucket tables", fieldname), used)

    def lexicon(self, fieldname: str) -> Lexicon:
        """The field's terms by frequency, for prefix and wildcard expansion; read once per snapshot."""
        return self._once(("lexicon", fieldname), lambda: Lexicon.read(self.reader, fieldname))

    def warm(self, fieldnames) -> Snapshot:
        """Read now what the first queries would otherwise wait for: lengths, lexicons and their lookups, and
        the scored posting lists (`fieldnames` are scored fields) of the most frequent terms until the posting
        cache is full, so a worker's memory is reached at once instead of creeping up for minutes as queries
        fill the cache."""
        for fieldname in fieldnames:
            self.lengths(fieldname)
            self.lexicon(fieldname).warm()
        by_field = [self._by_frequency(fieldname) for fieldname in fieldnames]
        budget = self.postings.max_bytes
        frequent = heapq.merge(*by_field, reverse=True)
        for df, fieldname, term in itertools.islice(frequent, WARM_MAX_TERMS):
            budget -= df * 8          # an int32 id and a float32 score per posting
            if budget < 0:
                break
            self.term_scores(fieldname, self.schema[fieldname].to_bytes(term))
        return self

    def _by_frequency(self, fieldname: str):
        """(document frequency, field, term) of a field's terms, most frequent first."""
        for term, df in self.lexicon(fieldname).matching("*"):
            yield df, fieldname, term

    def _once(self, key: tuple[str, str], build):
        found = self._derived.get(key)
        if found is None:
            with self._derived_lock:
                found = self._derived.get(key)
                if found is None:
                    found = self._derived[key] = build()
        return found

    def translations(self) -> dict[int, list[int]]:
        """Document number -> its versions in other languages (see semantic.py), found once per snapshot."""
        def build():
            if self.vectors is None:
                return {}
            values = self.facets["lang"]
            langs = {int(d): values.labels[v] for d, v in zip(values.pair_docs, values.pair_values)}
            return self.vectors.translations(self.dates, langs)
        return self._once(("translations", ""), build)

    def date_of(self, docnum: int) -> str | None:
        """The document's date as YYYY-MM-DD (dates are a column, not stored), None when undated."""
        d = int(self.dates[docnum])
        return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}" if d else None

    def close(self) -> None:
        self.searcher.close()
