"""Write pages into the index: incremental by default, a fresh generation with --rebuild.

Unchanged pages (same bytes, same extractor version) are skipped before parsing;
a page that fails keeps whatever version the index already had.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time

from whoosh.index import clean_files

from indexer.analysis import DocumentTerms, analyze_document
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


def document_fields(doc: Communique, source_key: str, terms: DocumentTerms | None = None) -> dict:
    """The Whoosh fields of a communiqué (the schema lives in indexer.schema).

    Text fields get their terms counted beforehand (in the parser processes when
    `terms` is given); the texts themselves are stored as they are.
    """
    m = doc.metadata
    terms = terms or analyze_document(doc.title, doc.body)
    fields = dict(
        id=doc.id, url=doc.url or "", source=doc.source, source_key=source_key, content_hash=doc.content_hash,
        title=terms.title, _stored_title=doc.title, body=terms.body, _stored_body=doc.body,
        exact=terms.exact, pairs=terms.pairs, date_inferred=doc.date_inferred,
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


def _extract_one(page: RawPage) -> tuple[Communique, DocumentTerms] | Failure:
    """Parse, clean, tag and analyse one page: all the per-page work, so it runs in the parser processes."""
    try:
        doc = extract(page)
        return doc, analyze_document(doc.title, doc.body)
    except ExtractionError as exc:
        return Failure(page.location, str(exc))
    except RecursionError:
        return Failure(page.location, "markup nested too deeply")
    except Exception as exc:  # a parser bug on one page must not stop the run
        return Failure(page.location, f"extraction failed: {type(exc).__name__}: {exc}")


def _extracted(pages: list[RawPage], procs: int) -> Iterator[tuple[RawPage, tuple[Communique, DocumentTerms] | Failure]]:
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
        store.cleanup()    # a generation abandoned by a killed or failed run holds disk space this run may need
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
        try:
            _write(ix, todo, known, summary, procs, progress, batch=None if rebuild else COMMIT_EVERY, seen=seen)
            if prune and not rebuild:
                summary.deleted = _prune(ix, known, seen)
            if rebuild:
                store.publish(name)
        except BaseException:
            if rebuild:
                store.discard(name)    # never published, so no reader has it open: free its space now
            raise
        store.cleanup()
    return summary


def _write(ix, pages: list[RawPage], known: dict[str, KnownDocument], summary: IngestSummary, procs: int,
           progress, batch: int | None, seen: set[str] = frozenset()) -> None:
    # Which page holds each id: the id comes from the page's canonical URL, and a second page
    # claiming it (a CMS bug, a hostile page) must be reported, not silently written over the first.
    owners = {k.doc_id: key for key, k in known.items() if key in seen}
    writer = ix.writer(limitmb=256)
    pending = 0
    written: set[str] = set()
    try:
        for page, result in _extracted(pages, procs):
            if not isinstance(result, Failure):
                result = _unless_taken(owners, page, result)
            if isinstance(result, Failure):
                summary.failed.append(result)
            else:
                doc, terms = result
                old = known.get(page.source_id)
                if old and old.doc_id != doc.id:
                    writer.delete_by_term("id", old.doc_id)
                fields = document_fields(doc, page.source_id, terms)
                # Into an empty index, only an id seen earlier in this run can need replacing:
                # add_document skips update_document's delete lookup for all the others.
                replace = bool(known) or doc.id in written
                (writer.update_document if replace else writer.add_document)(**fields)
                written.add(doc.id)
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
        _abandon(ix, writer)
        raise


def _unless_taken(owners: dict[str, str], page: RawPage, result: tuple[Communique, DocumentTerms]):
    """The extraction result, or a Failure when another page of the sources already holds its id."""
    doc = result[0]
    owner = owners.setdefault(doc.id, page.source_id)
    if owner == page.source_id:
        return result
    return Failure(page.location, f"same canonical URL as {owner}: {doc.id} (indexed once, from {owner})")


def _abandon(ix, writer) -> None:
    """Give up a writer after an error: release Whoosh's write lock even when cancel() fails too (a failed
    commit otherwise keeps it), and delete the files it had written, which would keep a full disk full."""
    try:
        writer.cancel()
    except Exception:
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except Exception:
                pass
    try:
        toc = ix._read_toc()
        clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
        shutil.rmtree(os.path.join(ix.storage.folder, f"{ix.indexname}.tmp"), ignore_errors=True)
    except Exception:
        pass     # best effort: the next successful commit cleans up too


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
        _abandon(ix, writer)
        raise
    return len(gone)
