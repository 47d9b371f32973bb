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


def commit_with_segments(writer, segments: list) -> None:
    """Commit `writer` (its deletions, and the merges of small segments Whoosh's policy chooses) together with
    finished segments written beside it (SegmentBuilder): one new TOC, so readers see all of it or none.

    SegmentWriter.commit() has no way to take segments written elsewhere: these are its steps
    (_check_state, _merge_segments, _finalize_segment or _close_segment, _commit_toc, _finish), with the
    extra segments added to the list the new TOC records.
    """
    writer._check_state()
    final = writer._merge_segments(None, None, None)
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
