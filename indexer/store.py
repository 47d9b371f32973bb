"""Former home of the index generations and the segment writer, kept so existing imports keep working.

New code imports indexer.generations (generations, locking, the CURRENT switch) and
indexer.whoosh_format (SegmentBuilder, commit_with_segments).
"""
from __future__ import annotations

from indexer.generations import (  # noqa: F401
    CURRENT,
    DEFAULT_INDEX_DIR,
    LOCK,
    IndexLocked,
    IndexStore,
    NoIndex,
    default_index_dir,
)
from indexer.whoosh_format.segment_builder import BUILD_LIMIT_MB, SegmentBuilder  # noqa: F401
from indexer.whoosh_format.term_encoding import SMALLEST_BLOCK as _SMALLEST_BLOCK  # noqa: F401
from indexer.whoosh_format.toc import commit_with_segments  # noqa: F401
