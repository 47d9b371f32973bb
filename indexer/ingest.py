"""Write pages into the index: incremental by default, a fresh generation with --rebuild.

Unchanged pages (same bytes, same extractor version) are skipped before parsing;
a page that fails keeps whatever version the index already had.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time

from indexer.document import Communique, Failure, RawPage
from indexer.extract import ExtractionError, content_hash, extract
from indexer.sources import iter_pages
from indexer.store import IndexStore

COMMIT_EVERY = 5000        # documents per commit in incremental runs: a killed run keeps what it committed
PARALLEL_THRESHOLD = 64    # below this many pages, parsing in the main process is faster than a pool


@dataclass
class IngestSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: list[Failure] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.added + self.updated + self.unchanged + len(self.failed)


@dataclass(frozen=True)
class KnownDocument:
    doc_id: str
    content_hash: str


def document_fields(doc: Communique, source_key: str) -> dict:
    """The Whoosh fields of a communiqué (the schema lives in indexer.schema)."""
    m = doc.metadata
    fields = dict(
        id=doc.id, url=doc.url or "", source=doc.source, source_key=source_key, content_hash=doc.content_hash,
        title=doc.title, body=doc.body, exact=f"{doc.title}\n{doc.body}", pairs=f"{doc.title}\n{doc.body}",
        date_inferred=doc.date_inferred,
        lang=m.lang, topics=",".join(m.topics), people=",".join(m.people),
    )
    if doc.date:
        fields["date"] = datetime.combine(doc.date, time())
        fields["year"] = str(doc.date.year)
    if m.meeting:
        fields["meeting"] = m.meeting
    if m.location:
        fields["location"] = m.location
    return fields


def known_documents(ix) -> dict[str, KnownDocument]:
    """source_key -> (id, hash) of everything in the index, read from columns (no stored texts)."""
    known = {}
    with ix.searcher() as s:
        reader = s.reader()
        if reader.doc_count() == 0:
            return known
        keys, hashes, ids = (reader.column_reader(f) for f in ("source_key", "content_hash", "id"))
        for docnum in reader.all_doc_ids():
            key = keys[docnum]
            if key:
                known[key] = KnownDocument(ids[docnum], hashes[docnum])
    return known


def _extract_one(page: RawPage) -> Communique | Failure:
    try:
        return extract(page)
    except ExtractionError as exc:
        return Failure(page.location, str(exc))
    except RecursionError:
        return Failure(page.location, "markup nested too deeply")
    except Exception as exc:  # a parser bug on one page must not stop the run
        return Failure(page.location, f"extraction failed: {type(exc).__name__}: {exc}")


def _extracted(pages: list[RawPage], procs: int) -> Iterator[tuple[RawPage, Communique | Failure]]:
    if procs <= 1 or len(pages) < PARALLEL_THRESHOLD:
        for page in pages:
            yield page, _extract_one(page)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(procs, maxtasksperchild=2000) as pool:
        yield from zip(pages, pool.imap(_extract_one, pages, chunksize=16))


def ingest(sources: Iterable[str], store: IndexStore, *, prune: bool = False, rebuild: bool = False,
           procs: int | None = None, progress: Callable[[IngestSummary], None] | None = None,
           lock_wait: float = 0.0) -> IngestSummary:
    procs = procs or os.cpu_count() or 1
    summary = IngestSummary()
    with store.lock(wait=lock_wait):
        if rebuild:
            name, ix = store.create_generation()
            known: dict[str, KnownDocument] = {}
        else:
            name, ix = None, store.open_or_create()
            known = known_documents(ix)
        seen: set[str] = set()
        todo: list[RawPage] = []
        for spec in sources:
            for item in iter_pages(spec):
                if isinstance(item, Failure):
                    summary.failed.append(item)
                    continue
                seen.add(item.source_id)
                old = known.get(item.source_id)
                if old and old.content_hash == content_hash(item.content):
                    summary.unchanged += 1
                else:
                    todo.append(item)
        _write(ix, todo, known, summary, procs, progress, batch=None if rebuild else COMMIT_EVERY)
        if prune and not rebuild:
            summary.deleted = _prune(ix, known, seen)
        if rebuild:
            store.publish(name)
        store.cleanup()
    return summary


def _write(ix, pages: list[RawPage], known: dict[str, KnownDocument], summary: IngestSummary, procs: int,
           progress, batch: int | None) -> None:
    writer = ix.writer(limitmb=256)
    pending = 0
    try:
        for page, result in _extracted(pages, procs):
            if isinstance(result, Failure):
                summary.failed.append(result)
            else:
                old = known.get(page.source_id)
                if old and old.doc_id != result.id:
                    writer.delete_by_term("id", old.doc_id)
                writer.update_document(**document_fields(result, page.source_id))
                if old:
                    summary.updated += 1
                else:
                    summary.added += 1
                pending += 1
                if batch and pending >= batch:
                    writer.commit()
                    writer, pending = ix.writer(limitmb=256), 0
            if progress:
                progress(summary)
        writer.commit()
    except BaseException:
        writer.cancel()   # releases Whoosh's write lock, which a failed commit would otherwise keep
        raise


def _prune(ix, known: dict[str, KnownDocument], seen: set[str]) -> int:
    gone = [doc for key, doc in known.items() if key not in seen]
    if not gone:
        return 0
    writer = ix.writer()
    try:
        for doc in gone:
            writer.delete_by_term("id", doc.doc_id)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return len(gone)
