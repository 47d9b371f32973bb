"""The one place that knows Whoosh 2.7's on-disk format (pinned: whoosh>=2.7.4,<2.8).

Reading (`reading`): posting lists decoded whole into NumPy arrays, a field's terms and document
frequencies from the raw terms table, per-document field lengths, DATETIME columns as yyyymmdd.
Writing (`segment_builder`): SegmentBuilder, a segment written several times faster than Whoosh's
own writer, and `toc.commit_with_segments`, which commits it. Everything else (the engine, the
snapshot, ingest, the generations) goes through the names exported here.

Whoosh offers no public API for these; every private attribute used is touched in this package only,
each with the reason beside it. Reading failures caused by a damaged file come out as
indexer.errors.IndexUnreadable. tests/indexer/whoosh_format/ checks both directions against stock Whoosh
on committed golden indexes.
"""
from __future__ import annotations

from indexer.whoosh_format.reading import (
    BYTE_TO_LENGTH,
    EMPTY_POSTINGS,
    Postings,
    StoredFields,
    date_column_as_yyyymmdd,
    decode_posting_blocks,
    decoding,
    expansion_terms,
    segment_term_statistics,
    segment_field_lengths,
    segment_field_postings,
    segment_term_postings,
    segment_term_values,
)
from indexer.whoosh_format.segment_builder import BUILD_LIMIT_MB, SegmentBuilder
from indexer.whoosh_format.toc import (
    commit_number,
    commit_with_segments,
    committed_segments,
    merge_small_segments_only,
    read_schema,
    remove_uncommitted_files,
)

__all__ = [
    "BUILD_LIMIT_MB", "BYTE_TO_LENGTH", "EMPTY_POSTINGS", "Postings", "SegmentBuilder", "StoredFields", "commit_number",
    "commit_with_segments", "committed_segments", "date_column_as_yyyymmdd",
    "merge_small_segments_only", "decode_posting_blocks", "decoding", "expansion_terms",
    "read_schema", "remove_uncommitted_files", "segment_term_statistics", "segment_field_lengths",
    "segment_field_postings", "segment_term_postings", "segment_term_values",
]
