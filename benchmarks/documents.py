"""The benchmark's documents as the project extracts them, for loading into the FTS5 baseline.

Two sources give the same documents: `extracted_documents` runs
`indexer.extract.extract` over the page folder (in parallel), and
`indexed_documents` reads back what the project's indexer stored when it ran that
same extraction during the build (seconds instead of minutes at 100,000 pages,
and exactly the documents the service serves, the 1% update included).

`generated_document` skips the HTML altogether: the stress tests need a
100,000-document index to query, not another hour of parsing pages the
benchmark and the hostile-corpus tests already parse.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

from benchmarks.generator import GeneratedPage
from benchmarks.layouts import SITE_URL
from indexer.document import Communique, Failure
from indexer.extract import ExtractionError, content_hash, extract
from indexer.metadata import extract_metadata
from indexer.sources import list_html_files, read_file

CHUNK = 32


def _extract_path(args) -> tuple[str, Communique | None]:
    path, root = args
    page = read_file(Path(path), Path(root))
    if isinstance(page, Failure):
        return path, None
    try:
        return page.source_id, extract(page)
    except ExtractionError:
        return page.source_id, None


def extracted_documents(pages_dir: str | os.PathLike, procs: int | None = None) -> Iterator[tuple[str, Communique | None]]:
    """(source id, communiqué or None when the page was rejected), for every page of the folder."""
    root = Path(pages_dir)
    jobs = [(str(p), str(root)) for p in sorted(list_html_files(root))]
    procs = procs or os.cpu_count() or 1
    if procs == 1 or len(jobs) < 200:
        yield from map(_extract_path, jobs)
        return
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        yield from pool.imap(_extract_path, jobs, chunksize=CHUNK)


def extractor_fingerprint() -> str:
    """Changes whenever the project's extraction code changes (so cached extractions are redone)."""
    import indexer
    digest = hashlib.sha1()
    for path in sorted(Path(indexer.__file__).parent.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".tsv", ".json"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def indexed_documents(index_dir: str | os.PathLike) -> Iterator[tuple[str, Communique]]:
    """(source key, communiqué) for every live document of the index, as the indexer stored it."""
    from indexer.indexed import communique, records
    from indexer.generations import IndexStore
    ix = IndexStore(index_dir).open()
    with ix.searcher() as searcher:
        for _, fields in records(searcher.reader()):
            yield fields.get("source_key") or fields["id"], communique(fields)


def generated_document(page: GeneratedPage) -> Communique:
    """A generated page as the indexer would store it, read from the generator's own text instead of its HTML:
    the same title, paragraphs and date (the cleaner recovers exactly these from every layout), and the
    metadata the project's tagger finds in that text."""
    doc = page.communique
    return Communique(
        id=f"{SITE_URL}/fr/actualites/{doc.published.year}/{doc.number:06d}-{doc.slug}.html",
        url=None, source=page.relpath, content_hash=content_hash(page.content),
        title=doc.title, body="\n\n".join(doc.paragraphs), date=doc.published, date_inferred=False,
        metadata=extract_metadata(doc.title, doc.paragraphs, doc.lang))
