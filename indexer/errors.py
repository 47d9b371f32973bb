"""What can go wrong with an index, in the words of this project rather than of its storage library.

The index's storage (indexer.generations) and its file-format adapter (indexer.whoosh_format) raise these at
their boundary; callers (the CLI, the query layer, the web layer) map them to exit statuses and responses
without knowing which library or decoder failed.
"""
from __future__ import annotations


class IndexStateError(RuntimeError):
    """Base class of the index's domain errors."""


class NoIndex(IndexStateError):
    """No index has been built in this folder yet."""


class IndexLocked(IndexStateError):
    """Another indexer holds the right to write."""


class IndexUnreadable(IndexStateError):
    """The live index exists but its files cannot be read (damaged): it has to be rebuilt."""
