"""Whoosh's table of contents (TOC): which commit is the newest, what a commit holds, making one.

A Whoosh index folder holds `_MAIN_<n>.toc` files, one per commit; the highest n is what readers open.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from whoosh.index import clean_files

_TOC_PREFIX, _TOC_SUFFIX = "_MAIN_", ".toc"     # Whoosh's TOC file names for the index named MAIN


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


# A segment whose deleted documents pass this share of it is rewritten without them at the next commit:
# Whoosh's own policy only merges small segments, so repeated updates of every page kept every old copy.
COMPACT_DELETED_ABOVE = 0.25


def merge_small_and_compact(writer, segments: list) -> list:
    """Whoosh's MERGE_SMALL, after dropping segments with no live document and rewriting (through the writer's
    new segment) those that are mostly deleted."""
    from whoosh.reading import SegmentReader
    from whoosh.writing import MERGE_SMALL
    kept = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue                # every document deleted: its files go with the next TOC
        if segment.deleted_count() > COMPACT_DELETED_ABOVE * segment.doc_count_all():
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
            continue
        kept.append(segment)
    return MERGE_SMALL(writer, kept)


def commit_with_segments(writer, segments: list) -> None:
    """Commit `writer` (its deletions, and the merges of small or mostly deleted segments) together with
    finished segments written beside it (SegmentBuilder): one new TOC, so readers see all of it or none.

    SegmentWriter.commit() has no way to take segments written elsewhere: these are its steps
    (_check_state, _merge_segments, _finalize_segment or _close_segment, _commit_toc, _finish), with the
    extra segments added to the list the new TOC records.
    """
    writer._check_state()
    final = writer._merge_segments(merge_small_and_compact, None, None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final + list(segments))
    writer._finish()


def committed_segments(ix) -> list:
    """The segments the newest TOC lists (FileIndex._segments(): Whoosh offers no public list of them)."""
    return ix._segments()


def remove_uncommitted_files(ix) -> None:
    """Delete the files of segments no commit refers to (a failed writer's), best effort."""
    clean_files(ix.storage, ix.indexname, ix.latest_generation(), committed_segments(ix))
    temporary = Path(ix.storage.folder) / f"{ix.indexname}.tmp"
    if temporary.is_dir():
        shutil.rmtree(temporary, ignore_errors=True)
