"""The index schema, shared by the indexer (writes it) and the search service (reads it).

Facet fields are indexed as single terms and stored, so the search side can
build per-generation value arrays from their posting lists.
"""
from __future__ import annotations

import re
import struct
import zlib

from whoosh import formats
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, STORED, TEXT, FieldType, Schema  # noqa: F401

from indexer.analysis import EXACT, FRENCH, PAIRS

# Field names the search side filters and counts on, keyed by their API parameter name.
FACET_FIELDS = {
    "meeting": "meeting",
    "topic": "topics",
    "year": "year",
    "location": "location",
    "person": "people",
    "lang": "lang",
}
TITLE_BOOST = 3.0


class TermWeights(formats.Frequency):
    """Term frequency as the posting weight and nothing else.

    Whoosh's Frequency format also stores the frequency as a 4-byte value beside
    the weight; BM25 reads only the weight, so the value is dropped.
    """

    posting_size = 0

    def word_values(self, value, analyzer, **kwargs):
        return ((w, freq, weight, b"") for w, freq, weight, _ in super().word_values(value, analyzer, **kwargs))

    def decode_frequency(self, valuestring):
        raise NotImplementedError("TermWeights keeps the frequency only as the weight")

    decode_weight = decode_frequency


class AnalysedText(TEXT):
    """A text field that also accepts terms counted beforehand (indexer.analysis.analyze_document).

    Parsing and analysis then run in the parser processes; the writer only files postings.
    """

    def __init__(self, analyzer, posting_format=TermWeights, field_boost=1.0, **kwargs):
        super().__init__(analyzer=analyzer, phrase=False, field_boost=field_boost, **kwargs)
        self.format = posting_format(field_boost=field_boost)

    def index(self, value, **kwargs):
        if isinstance(value, dict):
            boost = self.format.field_boost
            if isinstance(self.format, formats.Existence):
                return ((term.encode("utf-8"), 1, boost, b"") for term in value)
            return ((term.encode("utf-8"), freq, freq * boost, b"") for term, freq in value.items())
        return super().index(value, **kwargs)


class PairPositions(formats.Existence):
    """Where a pair stands in its document: its positions, two in each fixed 4-byte posting value.

    A phrase of three words or more matches a document only where its pairs stand one after the other
    (issue 22: the AND of pairs alone matched "cour pénale internationale" where "cour pénale" and
    "pénale internationale" stood apart). The pair's own posting keeps its first two positions, which
    is all of them for 96% of the postings of the generated archive (87% one occurrence, 9% two); a
    pair seen more often in a document continues in its overflow terms (`overflow_term(pair, 2)` holds
    the third and fourth positions, and so on), so that every position is known without re-reading the
    text. Fixed-size values are stored by Whoosh as one byte string a block (variable-size ones pickle
    each value, ~10 bytes a posting) and decode with one NumPy call.

    Slot a: a position (below LIMIT), or UNKNOWN_SLOT. Slot b: the next position, NONE when there is
    none, with MORE_FLAG when the next overflow term continues; UNKNOWN_SLOT past LIMIT. A bucket's
    postings are UNKNOWN: the search then re-analyses the document's text.

    Weight and frequency stay Existence's (1 a document; 0 for overflow terms, which add nothing to
    the field's length), so pairs score as they did without positions.
    """

    posting_size = 4
    LIMIT = 0x7FFE            # positions from here on are not kept (a document of 32,766 stems)
    NONE = 0x7FFF             # slot b: no further position
    MORE_FLAG = 0x8000        # slot b: further positions in the next overflow term
    UNKNOWN_SLOT = 0xFFFF
    OVERFLOW = "\U0010fffe"  # joins a pair to its overflow number; sorts after every word, before buckets
    _PACK = struct.Struct(">HH")
    UNKNOWN = _PACK.pack(UNKNOWN_SLOT, UNKNOWN_SLOT)

    @classmethod
    def overflow_term(cls, pair: str, first: int) -> str:
        """The term holding a pair's positions number `first` and `first` + 1 (counted from 0) in a document."""
        return f"{pair}{cls.OVERFLOW}{first}"

    @classmethod
    def is_overflow(cls, term: bytes) -> bool:
        return cls.OVERFLOW.encode("utf-8") in term

    def word_values(self, value, analyzer, **kwargs):
        kwargs["positions"] = True
        seen: dict[str, list[int]] = {}
        for t in formats.tokens(value, analyzer, kwargs):
            seen.setdefault(t.text, []).append(t.pos)
        for pair, positions in seen.items():
            for term, freq, value_bytes in self.postings(pair, positions):
                yield term, freq, self.field_boost, value_bytes

    def postings(self, pair: str, positions) -> list[tuple[str, int, bytes]]:
        """(term, frequency, value) of the pair's own posting and of its overflow postings in one document."""
        chunks = self.chunks(positions)
        return [(pair, 1, chunks[0])] + [(self.overflow_term(pair, 2 * i), 0, chunk)
                                         for i, chunk in enumerate(chunks[1:], 1)]

    def chunks(self, positions) -> list[bytes]:
        """The 4-byte values holding the pair's positions (ascending), two by two."""
        if isinstance(positions, int) or not positions:
            return [self.UNKNOWN]
        out = []
        for k in range(0, len(positions), 2):
            first = positions[k]
            if first >= self.LIMIT:
                out.append(self.UNKNOWN)
                break
            if k + 1 == len(positions):
                out.append(self._PACK.pack(first, self.NONE))
                break
            second = positions[k + 1]
            if second >= self.LIMIT:
                out.append(self._PACK.pack(first, self.UNKNOWN_SLOT))
                break
            out.append(self._PACK.pack(first, second | (self.MORE_FLAG if k + 2 < len(positions) else 0)))
        return out

    def encode(self, positions) -> bytes:
        """The pair's own posting value (its first two positions)."""
        return self.chunks(positions)[0]

    def decode_positions(self, valuestring: bytes) -> list[int]:
        """The positions one value holds."""
        first, second = self._PACK.unpack(valuestring)
        second = second & ~self.MORE_FLAG if second != self.UNKNOWN_SLOT else second
        return [p for p in (first, second) if p < self.LIMIT]


class PairText(AnalysedText):
    """The adjacent stem pairs of title and body (indexer.analysis.PairFilter); rare ones share bucket terms.

    Most pairs occur in one or two documents, and Whoosh 2.7.4 spends ~140 bytes on any term
    (a terms-table record, a hash-index slot, a posting block) whatever its postings: filed
    one by one, pairs seen in fewer than 8 documents of a segment were two thirds of the pairs
    field and a quarter of a 100,000-document index. `indexer.whoosh_format.SegmentBuilder` files
    such a pair under a bucket term shared with other rare pairs, from a table sized for
    about `docs_per_bucket` documents a bucket; Whoosh's own writer files every pair as
    itself. A search reads the pair's own term and its bucket in every table size (a pair
    can be filed either way in different segments, and stays so after Whoosh merges them)
    and checks the bucket's documents against their stored text.

    Changing the constants or the hash needs a --rebuild.
    """

    rare_below = 8
    docs_per_bucket = 8        # each is re-analysed when a phrase's pair falls in its bucket (~0.5 ms)
    table_bits = tuple(range(10, 17))
    # The last code point: bucket keys sort after every pair in UTF-8, so the writer files them last
    # (indexer.whoosh_format.SegmentBuilder), and no word contains it.
    mark = "\U0010ffff"

    def __init__(self):
        super().__init__(PAIRS, posting_format=PairPositions)

    def index(self, value, **kwargs):
        """Pairs with their positions (indexer.analysis.DocumentTerms.pairs), or text to analyse."""
        if isinstance(value, dict):
            fmt, boost = self.format, self.format.field_boost
            if not isinstance(fmt, PairPositions):      # an index written before positions
                return ((pair.encode("utf-8"), 1, boost, fmt.encode(positions)) for pair, positions in value.items())
            return ((term.encode("utf-8"), freq, boost, value_bytes)
                    for pair, positions in value.items() for term, freq, value_bytes in fmt.postings(pair, positions))
        return super().index(value, **kwargs)

    @staticmethod
    def slot(pair: str) -> int:
        """The pair's place in the largest table (CRC-32: the same in every process and run, unlike hash())."""
        return zlib.crc32(pair.encode("utf-8")) & 0xFFFF

    @classmethod
    def bucket(cls, slot: int, bits: int) -> str:
        return f"{cls.table_prefix(bits)}{slot & ((1 << bits) - 1):x}"

    @classmethod
    def table_prefix(cls, bits: int) -> str:
        """What every bucket term of one table size starts with."""
        return f"{cls.mark}{bits}:"

    @classmethod
    def buckets(cls, pair: str, table_bits: tuple[int, ...] | None = None) -> list[str]:
        """Every bucket term the pair may be filed under (in the given table sizes; default: all)."""
        slot = cls.slot(pair)
        return [cls.bucket(slot, bits) for bits in (cls.table_bits if table_bits is None else table_bits)]

    @classmethod
    def bits_for(cls, rare_postings: int) -> int:
        """The largest table whose buckets hold `docs_per_bucket` documents on average (else the smallest)."""
        fitting = [bits for bits in cls.table_bits if rare_postings >= cls.docs_per_bucket << bits]
        return max(fitting, default=cls.table_bits[0])


class ColumnOnly(FieldType):
    """A string per document, read by document number and never searched: a column, not stored
    (indexer.indexed reads it back with the stored fields).

    Indexed, such a field costs one term per document, each with its own posting block
    and terms-table entry (about 160 bytes with a 64-character key): for source_key and
    content_hash together, ~45 MB of a 100,000-document index, for terms nothing looks up.
    """

    indexed = False
    scorable = False

    def __init__(self, stored: bool = False):
        self.format = formats.Existence()
        self.analyzer = None
        self.stored = stored
        self.unique = False
        self.set_sortable(True)


class HexDigestColumn(ColumnOnly):
    """A hexadecimal digest per document (the content hash), kept as its bytes: about half the column.

    A lowercase hexadecimal value is written as a tag byte and its bytes; anything else (a hash from
    elsewhere, in capitals) as another tag and its UTF-8, so every value reads back as written. Indexes
    written before keep ColumnOnly for the field (their schema is pickled with them) and read as before.
    """

    _HEX, _TEXT = b"\x01", b"\x00"

    def to_column_value(self, value: str) -> bytes:
        if len(value) % 2 == 0 and _LOWER_HEX.fullmatch(value):
            return self._HEX + bytes.fromhex(value)
        return self._TEXT + value.encode("utf-8")

    def from_column_value(self, value: bytes) -> str:
        if value[:1] == self._HEX:
            return value[1:].hex()
        return value[1:].decode("utf-8")


_LOWER_HEX = re.compile(r"[0-9a-f]*")


class Date(DATETIME):
    """A datetime, sortable (a column), and indexed at full precision only.

    Whoosh's DATETIME also indexes seven coarser copies of every value (shift_step=8) so that a
    range query reads few terms. Here only a typed `date:` query and the naive benchmark baseline
    run such queries (the service filters dates on the column): the copies were a few percent of
    a 100,000-document index (docs/benchmarks.md), and a range without them reads one term per day in it.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.shift_step = 0


def build_schema() -> Schema:
    return Schema(
        # No column: an incremental run reads the ids from the id terms (indexer.ingest.known_documents);
        # the column kept them a third time, ~9 MB at 100,000 documents.
        id=ID(unique=True, stored=True),
        url=STORED(),
        source=STORED(),
        # The file path or URL a document was read from, and a hash of its bytes: columns,
        # so an incremental run reads them for 100,000 documents without loading stored texts.
        # Columns only, like the date and the year: indexer.indexed reads them back with the stored fields.
        source_key=ColumnOnly(),
        content_hash=HexDigestColumn(),
        # No positions: phrases are answered by the `pairs` field, snippets from the stored text.
        title=AnalysedText(FRENCH, stored=True, field_boost=TITLE_BOOST),
        body=AnalysedText(FRENCH, stored=True),
        # Unstemmed, folded words of title and body: ranks exact forms above
        # stem-only matches, and is the dictionary for spelling suggestions.
        exact=AnalysedText(EXACT, posting_format=formats.Existence),
        # Adjacent stem pairs of title and body with their positions: a quoted phrase is the AND of its
        # pairs, standing one after the other.
        pairs=PairText(),
        date=Date(sortable=True),
        date_inferred=BOOLEAN(stored=True),     # stored only when true (indexer.document_fields)
        year=ID(),                              # the date's year, for the facet and `year:` queries
        meeting=ID(stored=True),
        topics=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        location=ID(stored=True),
        people=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        lang=ID(stored=True),
        # The sitting of the meeting (indexer.metadata.occurrences): its id, to find its communiqués, and
        # {"label", "start", "end", "place"} as a hit shows it.
        occurrence=ID(stored=True),
        occurrence_info=STORED(),
    )


SCHEMA = build_schema()
