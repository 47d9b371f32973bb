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
from dataclasses import dataclass

import numpy as np

from indexer.schema import FACET_FIELDS
from search_service.search.lexicon import Lexicon
from search_service.search.postings import PostingCache, field_lengths, field_postings
from search_service.search.semantic import DocumentVectors


@dataclass
class FacetValues:
    labels: list[str]
    pair_docs: np.ndarray      # int32: document numbers, one per (document, value) pair
    pair_values: np.ndarray    # int32: index into labels
    index: dict[str, int]
    alpha_rank: np.ndarray     # int32: each label's rank in alphabetical order, for sorting ties

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
        return cls(labels, pair_docs, pair_values, {label: i for i, label in enumerate(labels)}, rank)

    def mask(self, selected: tuple[str, ...], size: int) -> np.ndarray:
        """Documents having any of the selected values (values of one facet are OR-ed)."""
        wanted = [self.index[v] for v in selected if v in self.index]
        out = np.zeros(size, dtype=bool)
        if wanted:
            out[self.pair_docs[np.isin(self.pair_values, wanted)]] = True
        return out

    def counts(self, docs: np.ndarray) -> np.ndarray:
        return np.bincount(self.pair_values[docs[self.pair_docs]], minlength=len(self.labels))


# At most this many posting lists read ahead: the big ones are worth it; reading every term of a
# small index took seconds and delayed a new version's visibility.
WARM_MAX_TERMS = 256
_MICROSECONDS_PER_DAY = 86_400_000_000
_DAYS_0001_TO_1970 = 719_162
_MIN_DAYS, _MAX_DAYS = -_DAYS_0001_TO_1970, 2_932_896     # 0001-01-01 .. 9999-12-31, as days since 1970


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

    def __init__(self, searcher, version, cache_size: int = 256, directory=None):
        self.searcher = searcher
        self.version = version
        self.reader = reader = searcher.reader()
        self.schema = searcher.schema
        self.size = reader.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        for docnum in reader.all_doc_ids():
            self.live[docnum] = True
        self.doc_count = int(self.live.sum())
        self.dates = self._read_dates(reader)
        self.facets = {name: FacetValues.read(reader, fieldname, self.live) for name, fieldname in FACET_FIELDS.items()}
        # The semantic channel's vectors (None: a keyword-only generation, or no directory given).
        self.vectors = DocumentVectors.read(directory, reader, self.live) if directory is not None else None
        self.cache = ResponseCache(cache_size)
        self.postings = PostingCache()
        self._derived: dict[tuple[str, str], object] = {}
        self._derived_lock = threading.Lock()

    def lengths(self, fieldname: str) -> np.ndarray:
        """Per-document field lengths for BM25, read once per snapshot."""
        return self._once(("lengths", fieldname), lambda: field_lengths(self.reader, fieldname, self.size))

    def lexicon(self, fieldname: str) -> Lexicon:
        """The field's terms by frequency, for prefix and wildcard expansion; read once per snapshot."""
        return self._once(("lexicon", fieldname), lambda: Lexicon.read(self.reader, fieldname))

    def warm(self, fieldnames) -> Snapshot:
        """Read now what the first queries would otherwise wait for: lengths, lexicons, and the posting
        lists of the most frequent terms until the posting cache is full, so a worker's memory is
        reached at once instead of creeping up for minutes as queries fill the cache."""
        for fieldname in fieldnames:
            self.lengths(fieldname)
        by_field = [self._by_frequency(fieldname) for fieldname in fieldnames]
        budget = self.postings.max_bytes
        frequent = heapq.merge(*by_field, reverse=True)
        for df, fieldname, term in itertools.islice(frequent, WARM_MAX_TERMS):
            budget -= df * 8          # an int32 id and a float32 weight per posting
            if budget < 0:
                break
            self.postings.get(self.reader, fieldname, self.schema[fieldname].to_bytes(term))
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

    def _read_dates(self, reader) -> np.ndarray:
        """yyyymmdd per document, 0 when the document has no date (sorted last).

        Read raw: Whoosh stores a DATETIME as microseconds since 0001-01-01, and
        translating the column's filler value of an undated document overflows.
        """
        dates = np.zeros(self.size, dtype=np.int32)
        if not reader.has_column("date"):
            return dates
        col = reader.column_reader("date", translate=False)
        raw = np.fromiter((col[d] for d in range(self.size)), dtype=np.float64, count=self.size)
        days = np.floor_divide(raw, _MICROSECONDS_PER_DAY) - _DAYS_0001_TO_1970
        valid = (raw > 0) & (days > _MIN_DAYS) & (days < _MAX_DAYS)
        when = days[valid].astype("int64").astype("datetime64[D]")
        years = when.astype("datetime64[Y]").astype(np.int64) + 1970
        months = when.astype("datetime64[M]").astype(np.int64) % 12 + 1
        day_of_month = (when - when.astype("datetime64[M]")).astype(np.int64) + 1
        dates[valid] = years * 10000 + months * 100 + day_of_month
        return dates

    def close(self) -> None:
        self.searcher.close()
