"""Baseline (a): Whoosh used the straightforward way, on the index the service builds.

Serving: every request opens the index and a searcher, counts facets with
`groupedby=` FieldFacets (allow_overlap for topics and people), takes the total
from `len(results)`, highlights with the default `hit.highlights("body")`, and
tries `correct_query` when nothing matched. Facet counts are plain (each facet
counted on the filtered results), which is less work than the service's
disjunctive counts, so the comparison leans in this baseline's favour. Quoted
phrases need positions; where the index has none, a phrase is searched as its words.

Building: one process, one writer (procs=1, default memory), BeautifulSoup with
html.parser, one commit at the end. It runs the project's own extraction with
only the parser swapped, so both builds do the same work per page.

    python -m benchmarks.baselines.naive_whoosh serve --index var/bench/index-10000 --port 5101
    python -m benchmarks.baselines.naive_whoosh build PAGES_DIR OUT_DIR [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from html import escape

from flask import Flask, jsonify, request
from whoosh import index as whoosh_index
from whoosh import qparser
from whoosh import query as wq
from whoosh.sorting import Count, FieldFacet

from benchmarks.baselines.common import (FACETS, RELATED_COUNT, BadRequest, Params, default_workers, facet_list,
                                         hit_json, leading_text, read_params, search_json, serve, split_values)
from indexer.indexed import column_date

# API facet name -> index field (the schema's names; see indexer.schema.FACET_FIELDS)
FIELDS = {"meeting": "meeting", "topic": "topics", "year": "year", "location": "location", "person": "people",
          "lang": "lang"}
OVERLAPPING = {"topic", "person"}


def open_index(index_dir: str):
    """The live generation of an index written by `python -m indexer`."""
    from indexer.generations import IndexStore
    return IndexStore(index_dir).open()


def make_app(index_dir: str) -> Flask:
    app = Flask(__name__)
    app.json.ensure_ascii = False      # as the service: UTF-8 bodies, not \u escapes
    app.json.sort_keys = False

    @app.get("/healthz")
    def healthz():
        ix = open_index(index_dir)
        return jsonify({"status": "ok", "documents": ix.doc_count()})

    @app.get("/api/search")
    def search():
        try:
            params = read_params(request.args)
        except BadRequest as exc:
            return jsonify({"error": {"message": str(exc)}}), 400
        return jsonify(run_search(open_index(index_dir), params))

    @app.get("/api/documents/<path:doc_id>")
    def document(doc_id):
        found = run_document(open_index(index_dir), doc_id)
        if found is None:
            return jsonify({"error": {"code": "not_found"}}), 404
        return jsonify(found)

    return app


def run_search(ix, params: Params) -> dict:
    started = time.perf_counter()
    with ix.searcher() as searcher:
        parser = qparser.MultifieldParser(["title", "body"], ix.schema)
        q = phrases_as_words(parser.parse(params.q), ix.schema) if params.q else wq.Every()
        groupedby = {name: FieldFacet(FIELDS[name], allow_overlap=name in OVERLAPPING, maptype=Count) for name in FACETS}
        kwargs = dict(limit=params.page * params.per_page, groupedby=groupedby, filter=_filter(params))
        if params.sort != "relevance" or not params.q:
            kwargs.update(sortedby="date", reverse=params.sort != "oldest")
        results = searcher.search(q, **kwargs)
        suggestion, corrected = None, False
        if params.q and len(results) == 0:
            fixed = searcher.correct_query(q, params.q)
            if fixed.query != q:
                suggestion = fixed.string
                again = searcher.search(fixed.query, **kwargs)
                if len(again):
                    results, corrected = again, True
        start = (params.page - 1) * params.per_page
        hits = [_hit(hit, highlight=bool(params.q)) for hit in results[start:start + params.per_page]]
        facets = {name: facet_list(name, results.groups(name)) for name in FACETS}
        return search_json(params, len(results), hits, facets, (time.perf_counter() - started) * 1000,
                           suggestion, corrected)


def phrases_as_words(q: wq.Query, schema) -> wq.Query:
    """A phrase in a field indexed without positions becomes the AND of its words.

    Whoosh cannot match phrases there (it raises QueryError); the service's index
    keeps no positions in title and body, so this is all plain Whoosh can do on it.
    """
    if isinstance(q, wq.Phrase) and not schema[q.fieldname].format.supports("positions"):
        return wq.And([wq.Term(q.fieldname, w, boost=q.boost) for w in q.words])
    if q.is_leaf():
        return q
    return q.apply(lambda sub: phrases_as_words(sub, schema))


def _filter(params: Params) -> wq.Query | None:
    parts = [wq.Or([wq.Term(FIELDS[name], v) for v in values]) for name, values in params.filters.items()]
    if params.date_from or params.date_to:
        from datetime import datetime, time as dtime
        start = datetime.combine(params.date_from, dtime()) if params.date_from else None
        end = datetime.combine(params.date_to, dtime()) if params.date_to else None
        parts.append(wq.DateRange("date", start, end))
    return wq.And(parts) if parts else None


def _date(searcher, docnum: int) -> str | None:
    """The document's date: a column, not a stored field, in the project's schema; read as any Whoosh
    application would read a sortable field (raw, as an undated document's filler does not translate)."""
    when = column_date(searcher.reader().column_reader("date", translate=False)[docnum])
    return when.date().isoformat() if when else None


def _hit(hit, highlight: bool) -> dict:
    stored = hit.fields()
    body = stored.get("body", "")
    snippet = (hit.highlights("body") if highlight else "") or leading_text(body)
    title_html = (hit.highlights("title") if highlight else "") or escape(stored.get("title", ""), quote=False)
    when = _date(hit.searcher, hit.docnum)
    return hit_json(
        id=stored["id"], url=stored.get("url"), title=stored.get("title", ""), title_html=title_html,
        date=when, date_inferred=bool(stored.get("date_inferred")), year=when[:4] if when else None,
        meeting=stored.get("meeting"),
        topics=split_values(stored.get("topics")), location=stored.get("location"),
        people=split_values(stored.get("people")), lang=stored.get("lang"), snippet=snippet,
        score=round(hit.score, 4) if hit.score is not None else None)


def run_document(ix, doc_id: str) -> dict | None:
    with ix.searcher() as searcher:
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        related = [_hit(hit, highlight=False) for hit in searcher.more_like(docnum, "body", top=RELATED_COUNT)]
        when = _date(searcher, docnum)
        return {"id": stored["id"], "url": stored.get("url") or None, "title": stored.get("title", ""),
                "body": stored.get("body", ""), "date": when,
                "date_inferred": bool(stored.get("date_inferred")), "year": when[:4] if when else None,
                "meeting": stored.get("meeting"), "topics": split_values(stored.get("topics")),
                "location": stored.get("location"), "people": split_values(stored.get("people")),
                "lang": stored.get("lang"), "related": related}


# --- the straightforward build ------------------------------------------------------------------
def build(pages_dir: str, out_dir: str, limit: int | None = None) -> dict:
    """Index up to `limit` pages of `pages_dir` into a new Whoosh index in `out_dir`; returns timings."""
    import os

    from bs4 import BeautifulSoup

    import indexer.extract as extract_module
    from indexer.document import Failure
    from indexer.extract import ExtractionError, extract
    from indexer.document_fields import document_fields
    from indexer.schema import SCHEMA
    from indexer.sources import iter_pages

    def html_parser_soup(text: str):
        return BeautifulSoup(text.replace("\x00", ""), "html.parser")

    original = getattr(extract_module, "parse_html", None)
    if original is not None:
        extract_module.parse_html = html_parser_soup
    try:
        started = time.perf_counter()
        os.makedirs(out_dir, exist_ok=True)
        ix = whoosh_index.create_in(out_dir, SCHEMA)
        writer = ix.writer()
        added = failed = 0
        for page in iter_pages(pages_dir):
            if limit is not None and added + failed >= limit:
                break
            if isinstance(page, Failure):
                failed += 1
                continue
            try:
                doc = extract(page)
            except ExtractionError:
                failed += 1
                continue
            writer.add_document(**document_fields(doc, page.source_id))
            added += 1
        writer.commit()
        seconds = time.perf_counter() - started
    finally:
        if original is not None:
            extract_module.parse_html = original
    return {"docs": added, "failed": failed, "seconds": round(seconds, 3),
            "docs_per_s": round(added / seconds, 2) if seconds else None,
            "parser": "html.parser" if original is not None else "the extractor's own"}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.baselines.naive_whoosh")
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--index", required=True)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--workers", type=int, default=default_workers())
    s.add_argument("--threads", type=int, default=4)
    b = sub.add_parser("build")
    b.add_argument("pages")
    b.add_argument("out")
    b.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    if args.command == "serve":
        open_index(args.index)        # fails at once, with the reason, when there is no index
        serve(lambda: make_app(args.index), f"{args.host}:{args.port}", args.workers, args.threads)
    else:
        print(json.dumps(build(args.pages, args.out, args.limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
