"""Whoosh's table of contents (TOC): which commit is the newest, what a commit holds, making one.

A Whoosh index folder holds `_MAIN_<n>.toc` files, one per commit; the highest n is what readers open.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from whoosh.index import clean_files
from whoosh.reading import SegmentReader

_TOC_PREFIX, _TOC_SUFFIX = "_MAIN_", ".toc"     # Whoosh's TOC file names for the index named MAIN
# Whoosh's merge is pure Python (~100 documents a second here): only segments this small are ever merged,
# and only once this many of them have gathered, so a commit merges at most a few thousand documents.
SMALL_SEGMENT_DOCS = 1_000
SMALL_SEGMENTS_TO_MERGE = 4
# A small segment more than this share deleted is rewritten without its deleted documents at the next commit
# (issue 21: repeated updates of every page otherwise kept every old copy).
COMPACT_DELETED_ABOVE = 0.25


def commit_number(path: str | os.PathLike) -> int:
    """The newest commit in an index folder (-1 when none), from file names alone.

    Whoosh's public latest_generation() needs an opened index; this runs at the start of every request
    (index_handle's version check), so it only lists the folder.
    """
    best = -1
    for name in os.listdir(path):
        if name.startswith(_TOC_PREFIX) and name.endswith(_TOC_SUFFIX):
            best = max(best, int(name[len(_TOC_PREFIX):-len(_TOC_SUFFIX)]))
    return best


def read_schema(ix):
    """The schema the index's newest TOC pickled (its classes are found by their import path, see
    indexer.schema)."""
    return ix.schema


def commit_with_segments(writer, segments: list) -> None:
    """Commit `writer` (its deletions, and the merges of small or mostly deleted segments) together with
    finished segments written beside it (SegmentBuilder): one new TOC, so readers see all of it or none.

    SegmentWriter.commit() has no way to take segments written elsewhere: these are its steps
    (_check_state, _merge_segments, _finalize_segment or _close_segment, _commit_toc, _finish), with the
    extra segments added to the list the new TOC records.
    """
    writer._check_state()
    final = writer._merge_segments(merge_small_segments_only, None, None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final + list(segments))
    writer._finish()


def merge_small_segments_only(writer, segments: list) -> list:
    """A Whoosh merge policy (what `SegmentWriter._merge_segments` calls) bounded in cost: merge the segments
    of fewer than SMALL_SEGMENT_DOCS documents once SMALL_SEGMENTS_TO_MERGE of them exist (before that, only
    those mostly deleted), drop segments whose documents are all deleted, and never read a larger segment.

    Whoosh's own MERGE_SMALL merges ever larger segments as commits accumulate: a first ingest of 100,000
    pages in rounds of 5,000 spent most of its 28 minutes merging in the main process (issue 22). Large
    segments therefore stay as written (their deleted documents are skipped by readers, and reclaimed by
    `ingest --rebuild`)."""
    kept = [s for s in segments if s.doc_count() > 0]
    small = [s for s in kept if s.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) < SMALL_SEGMENTS_TO_MERGE:
        small = [s for s in small if s.deleted_count() > COMPACT_DELETED_ABOVE * s.doc_count_all()]
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = {id(s) for s in small}
    return [s for s in kept if id(s) not in merged]


def committed_segments(ix) -> list:
    """The segments the newest TOC lists (FileIndex._segments(): Whoosh offers no public list of them)."""
    return ix._segments()


def remove_uncommitted_files(ix) -> None:
    """Delete the files of segments no commit refers to (a failed writer's), best effort."""
    clean_files(ix.storage, ix.indexname, ix.latest_generation(), committed_segments(ix))
    temporary = Path(ix.storage.folder) / f"{ix.indexname}.tmp"
    if temporary.is_dir():
        shutil.rmtree(temporary, ignore_errors=True)
