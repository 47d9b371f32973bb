"""The index schema, shared by the indexer (writes it) and the search service (reads it).

Facet fields are indexed as single terms and stored, so the search side can
build per-generation value arrays from their posting lists.
"""
from __future__ import annotations

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

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


def build_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        url=STORED(),
        source=STORED(),
        # The file path or URL a document was read from, and a hash of its bytes: columns,
        # so an incremental run reads them for 100,000 documents without loading stored texts.
        source_key=ID(stored=True, sortable=True),
        content_hash=ID(stored=True, sortable=True),
        # No positions: phrases are answered by the `pairs` field, snippets from the stored text.
        title=TEXT(analyzer=FRENCH, stored=True, field_boost=TITLE_BOOST, phrase=False),
        body=TEXT(analyzer=FRENCH, stored=True, phrase=False),
        # Unstemmed, folded words of title and body: ranks exact forms above
        # stem-only matches, and is the dictionary for spelling suggestions.
        exact=TEXT(analyzer=EXACT, phrase=False),
        # Adjacent stem pairs of title and body: a quoted phrase is an AND of its pairs.
        pairs=TEXT(analyzer=PAIRS, phrase=False),
        date=DATETIME(stored=True, sortable=True),
        date_inferred=BOOLEAN(stored=True),
        year=ID(stored=True, sortable=True),
        meeting=ID(stored=True),
        topics=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        location=ID(stored=True),
        people=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        lang=ID(stored=True),
    )


SCHEMA = build_schema()
