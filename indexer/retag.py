"""`python -m indexer retag`: re-compute the metadata of every indexed communiqué.

After an edit of the data files (meetings, topics, places, people), the index is
re-tagged from the title and body it stores: no page is fetched or parsed again.
Only documents whose metadata changed are rewritten, in one commit, under the
ingest lock, so searchers see either the old tags or the new ones.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from indexer.document import Communique
from indexer.indexed import communique, records
from indexer.document_fields import document_fields
from indexer.metadata import extract_metadata
from indexer.generations import IndexStore
from indexer.whoosh_format import merge_small_segments_only

PARAGRAPH_SEPARATOR = "\n\n"    # how CleanPage.body joins paragraphs


@dataclass
class RetagSummary:
    documents: int = 0
    changed: int = 0


def retagged(indexed: Communique) -> Communique:
    """The indexed document with freshly extracted metadata (the stored language is only a hint)."""
    metadata = extract_metadata(indexed.title, indexed.body.split(PARAGRAPH_SEPARATOR), indexed.metadata.lang,
                                indexed.date)
    return replace(indexed, metadata=metadata)


def retag(store: IndexStore, lock_wait: float = 0.0) -> RetagSummary:
    summary = RetagSummary()
    if not store.exists():
        store.open()      # raises NoIndex, before the lock would create the folder
    with store.lock(wait=lock_wait):
        ix = store.open()
        writer = ix.writer(limitmb=256)
        try:
            with ix.searcher() as searcher:
                for _, fields in records(searcher.reader()):
                    summary.documents += 1
                    indexed = communique(fields)
                    doc = retagged(indexed)
                    if doc.metadata != indexed.metadata:
                        writer.update_document(**document_fields(doc, fields.get("source_key", "")))
                        summary.changed += 1
            if summary.changed:
                writer.commit(mergetype=merge_small_segments_only)     # never Whoosh's merge of large segments
            else:
                writer.cancel()
        except BaseException:
            writer.cancel()   # releases Whoosh's write lock
            raise
    return summary
