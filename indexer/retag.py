"""`python -m indexer retag`: re-compute the metadata of every indexed communiqué.

After an edit of the data files (meetings, topics, places, people), the index is
re-tagged from the title and body it stores: no page is fetched or parsed again.
Only documents whose metadata changed are rewritten, in one commit, under the
ingest lock, so searchers see either the old tags or the new ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from indexer.document import Communique, Metadata
from indexer.ingest import document_fields
from indexer.metadata import extract_metadata
from indexer.store import IndexStore

PARAGRAPH_SEPARATOR = "\n\n"    # how CleanPage.body joins paragraphs


@dataclass
class RetagSummary:
    documents: int = 0
    changed: int = 0


def stored_metadata(stored: dict) -> Metadata:
    return Metadata(meeting=stored.get("meeting") or None, topics=_split(stored.get("topics")),
                    location=stored.get("location") or None, people=_split(stored.get("people")),
                    lang=stored.get("lang") or "fr")


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def retagged(stored: dict) -> Communique:
    """The stored document with freshly extracted metadata (the stored language is only a hint)."""
    title, body = stored.get("title", ""), stored.get("body", "")
    metadata = extract_metadata(title, body.split(PARAGRAPH_SEPARATOR), stored.get("lang"))
    return Communique(id=stored["id"], url=stored.get("url") or None, source=stored.get("source", ""),
                      content_hash=stored.get("content_hash", ""), title=title, body=body,
                      date=_date(stored.get("date")), date_inferred=bool(stored.get("date_inferred")),
                      metadata=metadata)


def retag(store: IndexStore, lock_wait: float = 0.0) -> RetagSummary:
    summary = RetagSummary()
    if not store.exists():
        store.open()      # raises NoIndex, before the lock would create the folder
    with store.lock(wait=lock_wait):
        ix = store.open()
        writer = ix.writer(limitmb=256)
        try:
            with ix.searcher() as searcher:
                for _, stored in searcher.reader().iter_docs():
                    summary.documents += 1
                    doc = retagged(stored)
                    if doc.metadata != stored_metadata(stored):
                        writer.update_document(**document_fields(doc, stored.get("source_key", "")))
                        summary.changed += 1
            if summary.changed:
                writer.commit()
            else:
                writer.cancel()
        except BaseException:
            writer.cancel()   # releases Whoosh's write lock
            raise
    return summary
