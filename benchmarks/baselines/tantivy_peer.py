"""Baseline (c): a positional peer on Tantivy (the `tantivy` package), behind the same HTTP API.

Issue 22 asked for a stronger yardstick than FTS5: an engine written in Rust, with
positions, French stemming and accent folding, answering what the service answers.
The index holds the same documents as FTS5 (what the project's indexer stored).
`title` and `body` go through one analyzer: tantivy's simple tokenizer (runs of
letters and digits), lowercase, ASCII folding, the project's French stop words plus
the elided articles (l, d, qu…), then the Snowball French stemmer; positions are
kept, so a quoted phrase is a positional phrase query. Facet values are raw fast
fields; a search runs one collector for the total and the page of hits, one terms
aggregation for the facets without a filter of their own and one per filtered
facet (disjunctive counts, exact: every aggregation is asked for all the values).
Snippets come from tantivy's snippet generator, rewritten with `<mark>`.

Semantic differences with the service are listed in docs/benchmarks.md.

    python -m benchmarks.baselines.tantivy_peer build var/bench/index-10000 var/bench/tantivy-10000
    python -m benchmarks.baselines.tantivy_peer serve --index var/bench/tantivy-10000 --port 5103
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable
from html import escape

import tantivy
from flask import Flask, jsonify, request

from benchmarks.baselines.common import (FACETS, RELATED_COUNT, SNIPPET_CHARS, BadRequest, Params, default_workers,
                                         facet_list, hit_json, leading_text, read_params, search_json, serve)
from benchmarks.baselines.fts5 import _edits1
from indexer.analysis import STOPWORDS

ANALYZER = "fr_folded"
# How a quoted phrase matches. "positional", what the API serves: the stems at the positions the phrase gives
# them, its stop words holding their places ("droits de l'homme": two words between droit and homm).
# "adjacent": the stems next to one another once the stop words are taken out of the phrase and of the
# text, which is how the service's analysis chain reads a phrase (its stem pairs skip the stop words).
PHRASE_MODES = {"positional": ("title", "body"), "adjacent": ("title_adj", "body_adj")}
TITLE_WEIGHT = 3.0            # as the service's title boost
FIELDS = {"meeting": "meeting", "topic": "topics", "year": "year", "location": "location", "person": "people",
          "lang": "lang"}
UNDATED_NEWEST = -1           # sorts last newest first
UNDATED_OLDEST = 10 ** 9      # sorts last oldest first
WRITER_HEAP = 256_000_000
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
_TOKEN = re.compile(r"[^\W_]+")      # what tantivy's simple tokenizer calls a token: a run of letters and digits
META_FILE = "peer-meta.json"
# Elided articles and pronouns: the simple tokenizer cuts "l’accord" into "l" and "accord", and these become stop words.
ELIDED = ("l", "m", "t", "n", "s", "j", "d", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")


def french_analyzer() -> tantivy.TextAnalyzer:
    """The peer's analysis of title and body; the elided articles are stop words, as the tokenizer splits
    "l’accord" into "l" and "accord"."""
    stopwords = sorted(set(STOPWORDS) | set(ELIDED))
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.custom_stopword(stopwords)).filter(tantivy.Filter.stemmer("french")).build())


def folding_analyzer() -> tantivy.TextAnalyzer:
    """Lowercase and folded, not stemmed: how a prefix is read."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def build_schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field("title", stored=True, tokenizer_name=ANALYZER)
    b.add_text_field("body", stored=True, tokenizer_name=ANALYZER)
    # The same stems with the stop words taken out, positions renumbered: phrases as adjacent stems (see
    # PHRASE_MODES). Not searched by the benchmark's requests; the harness reads totals from them to explain
    # phrase totals that differ between the service and the positional peer.
    b.add_text_field("title_adj", tokenizer_name=ANALYZER)
    b.add_text_field("body_adj", tokenizer_name=ANALYZER)
    b.add_text_field("date", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("date_inferred", stored=True)
    b.add_integer_field("day", indexed=True, fast=True)          # days since 0001-01-01; undated: UNDATED_NEWEST
    b.add_integer_field("day_oldest", fast=True)                 # the same; undated: UNDATED_OLDEST
    for field in FIELDS.values():
        b.add_text_field(field, stored=True, fast=True, tokenizer_name="raw")
    return b.build()


def adjacent_stems(analyzer: tantivy.TextAnalyzer, text: str) -> tantivy.PreTokenizedString:
    """The text's stems numbered one after the other, as if its stop words were not there."""
    return tantivy.PreTokenizedString(text, [tantivy.Token(stem, i, 0, 0) for i, stem in enumerate(analyzer.analyze(text))])


def open_index(path: str) -> tantivy.Index:
    index = tantivy.Index.open(path)
    index.register_tokenizer(ANALYZER, french_analyzer())
    return index


# --- building -------------------------------------------------------------------------------------
def build_index(path: str, documents: Iterable, meta: dict[str, str] | None = None, threads: int = 1) -> dict:
    """Index (source id, Communique or None) pairs into a new Tantivy index at `path` (replaced whole)."""
    started = time.perf_counter()
    tmp = path + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    schema = build_schema()
    index = tantivy.Index(schema, path=tmp)
    index.register_tokenizer(ANALYZER, french_analyzer())
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=threads)
    analyzer = french_analyzer()
    docs = rejected = 0
    for _, doc in documents:
        if doc is None:
            rejected += 1
            continue
        docs += 1
        writer.add_document(_document(doc, analyzer))
    writer.commit()
    writer.wait_merging_threads()
    with open(os.path.join(tmp, META_FILE), "w", encoding="utf-8") as f:
        json.dump({"docs": docs, **(meta or {})}, f)
    shutil.rmtree(path, ignore_errors=True)
    os.replace(tmp, path)
    size = sum(os.path.getsize(os.path.join(path, name)) for name in os.listdir(path))
    return {"docs": docs, "rejected": rejected, "seconds": round(time.perf_counter() - started, 2),
            "index_bytes": size, "segments": open_index(path).searcher().num_segments}


def _document(doc, analyzer: tantivy.TextAnalyzer) -> tantivy.Document:
    m = doc.metadata
    day = doc.date.toordinal() if doc.date else None
    out = tantivy.Document(id=doc.id, title=doc.title, body=doc.body, date_inferred=int(doc.date_inferred),
                           day=UNDATED_NEWEST if day is None else day,
                           day_oldest=UNDATED_OLDEST if day is None else day)
    out.add_pre_tokenized_text("title_adj", adjacent_stems(analyzer, doc.title))
    out.add_pre_tokenized_text("body_adj", adjacent_stems(analyzer, doc.body))
    if doc.url:
        out.add_text("url", doc.url)
    if doc.date:
        out.add_text("date", doc.date.isoformat())
        out.add_text("year", str(doc.date.year))
    for field, value in (("meeting", m.meeting), ("location", m.location), ("lang", m.lang)):
        if value:
            out.add_text(field, value)
    for value in m.topics:
        out.add_text("topics", value)
    for value in m.people:
        out.add_text("people", value)
    return out


# --- queries --------------------------------------------------------------------------------------
class TantivySearch:
    """Answers API requests on one opened index (one per worker; tantivy's searcher is shared by threads)."""

    def __init__(self, index: tantivy.Index):
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()
        self.analyzer = french_analyzer()
        self.folder = folding_analyzer()
        self.doc_count = self.searcher.num_docs
        # Ask every aggregation for all the values a facet has, so its counts are exact.
        every = self.searcher.aggregate(tantivy.Query.all_query(), _terms_aggregation(FACETS, 65_000))
        self.facet_sizes = {name: max(1, len(every[name]["buckets"])) for name in FACETS}

    # analysis
    def stems(self, text: str) -> list[tuple[int, str]]:
        """(position, stem) of each token that is not a stop word; positions count the stop words, as the
        index's do."""
        out = []
        for position, token in enumerate(_TOKEN.findall(text)):
            analysed = self.analyzer.analyze(token)
            if analysed:
                out.append((position, analysed[0]))
        return out

    def text_query(self, q: str, phrases: str = "positional") -> tantivy.Query | None:
        """Quoted phrases (see PHRASE_MODES), word* prefixes, other words: every part must match, in title or
        body."""
        parts = []
        for phrase, token in _PHRASE_OR_WORD.findall(q):
            if phrase:
                stems = self.stems(phrase)
                if phrases == "adjacent":
                    stems = list(enumerate(s for _, s in stems))
                if len(stems) == 1:
                    parts.append(self._either_field(lambda f, s=stems[0][1]: self._term(f, s)))
                elif stems:
                    first = stems[0][0]
                    words = [(p - first, s) for p, s in stems]
                    parts.append(self._either_field(
                        lambda f, w=words: tantivy.Query.phrase_query(self.schema, f, w), PHRASE_MODES[phrases]))
                continue
            tokens = _TOKEN.findall(token)
            prefix = token.endswith("*") and tokens
            for i, word in enumerate(tokens):
                if prefix and i == len(tokens) - 1:
                    folded = "".join(self.folder.analyze(word))
                    parts.append(self._either_field(
                        lambda f, p=folded: tantivy.Query.regex_query(self.schema, f, re.escape(p) + ".*")))
                    continue
                for _, stem in self.stems(word):
                    parts.append(self._either_field(lambda f, s=stem: self._term(f, s)))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])

    def _term(self, field: str, stem: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, stem)

    @staticmethod
    def _either_field(make, fields: tuple[str, str] = ("title", "body")) -> tantivy.Query:
        title, body = fields
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Should, tantivy.Query.boost_query(make(title), TITLE_WEIGHT)),
            (tantivy.Occur.Should, make(body))])

    def filter_queries(self, params: Params, skip: str | None = None) -> list[tantivy.Query]:
        out = []
        for name, values in params.filters.items():
            if name == skip:
                continue
            terms = [tantivy.Query.term_query(self.schema, FIELDS[name], v) for v in values]
            out.append(terms[0] if len(terms) == 1 else
                       tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms]))
        if params.date_from or params.date_to:
            out.append(tantivy.Query.range_query(
                self.schema, "day", tantivy.FieldType.Integer,
                params.date_from.toordinal() if params.date_from else 1,
                params.date_to.toordinal() if params.date_to else UNDATED_OLDEST - 1))
        return out

    @staticmethod
    def combine(text: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
        parts = ([text] if text is not None else []) + filters
        if not parts:
            return tantivy.Query.all_query()
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])

    # searching
    def search(self, params: Params) -> dict:
        started = time.perf_counter()
        text = self.text_query(params.q) if params.q else None
        suggestion, corrected = None, False
        if params.q and text is None:
            return search_json(params, 0, [], {name: [] for name in FACETS}, (time.perf_counter() - started) * 1000)
        filters = self.filter_queries(params)
        query = self.combine(text, filters)
        kwargs = {"limit": params.per_page, "offset": (params.page - 1) * params.per_page, "count": True}
        if params.sort == "oldest":
            kwargs.update(order_by_field="day_oldest", order=tantivy.Order.Asc)
        elif params.sort == "newest" or not params.q:
            kwargs.update(order_by_field="day", order=tantivy.Order.Desc)
        result = self.searcher.search(query, **kwargs)
        if params.q and result.count == 0:
            fixed = self._corrected(params.q)
            if fixed:
                suggestion = fixed
                alternative = self.text_query(fixed)
                again = self.searcher.search(self.combine(alternative, filters), **kwargs)
                if again.count:
                    text, query, result, corrected = alternative, self.combine(alternative, filters), again, True
        facets = self.facets(text, params)
        hits = self._hits(result, text, ranked=params.q and "order_by_field" not in kwargs)
        return search_json(params, result.count, hits, facets, (time.perf_counter() - started) * 1000,
                           suggestion, corrected)

    def total(self, params: Params, phrases: str = "positional") -> int:
        """The number of documents matching the request, its phrases read in the given mode (no correction)."""
        text = self.text_query(params.q, phrases) if params.q else None
        if params.q and text is None:
            return 0
        return self.searcher.search(self.combine(text, self.filter_queries(params)), limit=1, count=True).count

    def facets(self, text: tantivy.Query | None, params: Params) -> dict[str, list[dict]]:
        """Disjunctive counts: the facets without a filter of their own in one aggregation under every
        filter, each filtered facet in its own under every filter but its own."""
        counts: dict[str, dict[str, int]] = {}
        unfiltered = [name for name in FACETS if name not in params.filters]
        if unfiltered:
            found = self.searcher.aggregate(self.combine(text, self.filter_queries(params)),
                                            _terms_aggregation(unfiltered, None, self.facet_sizes))
            counts.update({name: _buckets(found, name) for name in unfiltered})
        for name in params.filters:
            found = self.searcher.aggregate(self.combine(text, self.filter_queries(params, skip=name)),
                                            _terms_aggregation([name], None, self.facet_sizes))
            counts[name] = _buckets(found, name)
        return {name: facet_list(name, counts.get(name, {})) for name in FACETS}

    def _hits(self, result, text: tantivy.Query | None, ranked: bool) -> list[dict]:
        body_snippets = title_snippets = None
        if text is not None and result.hits:
            body_snippets = tantivy.SnippetGenerator.create(self.searcher, text, self.schema, "body")
            body_snippets.set_max_num_chars(SNIPPET_CHARS)
            title_snippets = tantivy.SnippetGenerator.create(self.searcher, text, self.schema, "title")
            title_snippets.set_max_num_chars(1000)
        out = []
        for score, address in result.hits:
            doc = self.searcher.doc(address)
            fields = doc.to_dict()
            body, title = _first(fields, "body") or "", _first(fields, "title") or ""
            snippet = marked(body_snippets.snippet_from_doc(doc), body) if body_snippets else ""
            title_html = marked(title_snippets.snippet_from_doc(doc), title, ellipsis=False) if title_snippets else ""
            out.append(_hit(fields, title_html=title_html or escape(title, quote=False),
                            snippet=snippet or leading_text(body), score=round(score, 4) if ranked else None))
        return out

    def _corrected(self, q: str) -> str | None:
        """The query with each unknown word replaced by its most frequent neighbour one edit away."""
        fixed, changed = q, False
        for phrase, token in _PHRASE_OR_WORD.findall(q):
            for word in _TOKEN.findall(token if not phrase else ""):
                folded = "".join(self.folder.analyze(word))
                stems = self.stems(folded)
                if len(folded) < 4 or folded.isdigit() or not stems or self._df(stems[0][1]):
                    continue
                best, best_df = None, 0
                for candidate in sorted(_edits1(folded)):
                    s = self.stems(candidate)
                    df = self._df(s[0][1]) if s else 0
                    if df > best_df:
                        best, best_df = candidate, df
                if best:
                    fixed = re.sub(r"(?<!\w)%s(?!\w)" % re.escape(word), best, fixed)
                    changed = True
        return fixed if changed else None

    def _df(self, stem: str) -> int:
        return max(self.searcher.doc_freq("body", stem), self.searcher.doc_freq("title", stem))

    # documents
    def document(self, doc_id: str) -> dict | None:
        found = self.searcher.search(tantivy.Query.term_query(self.schema, "id", doc_id), limit=1, count=False).hits
        if not found:
            return None
        address = found[0][1]
        fields = self.searcher.doc(address).to_dict()
        base = _hit(fields, title_html="", snippet="", score=None)
        for key in ("title_html", "snippet", "score"):
            base.pop(key)
        return {**base, "body": _first(fields, "body") or "", "related": self._related(address, doc_id)}

    def _related(self, address, doc_id: str) -> list[dict]:
        """Tantivy's more-like-this, from terms found in two documents or more: a term only this document has
        (its id, its url) finds nothing else."""
        like = tantivy.Query.more_like_this_query(address, min_doc_frequency=2, min_term_frequency=1,
                                                  max_query_terms=12, min_word_length=4)
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, like), (tantivy.Occur.MustNot,
                                             tantivy.Query.term_query(self.schema, "id", doc_id))])
        out = []
        for score, related in self.searcher.search(query, limit=RELATED_COUNT, count=False).hits:
            fields = self.searcher.doc(related).to_dict()
            body, title = _first(fields, "body") or "", _first(fields, "title") or ""
            out.append(_hit(fields, title_html=escape(title, quote=False), snippet=leading_text(body),
                            score=round(score, 4)))
        return out


def _terms_aggregation(names, size: int | None, sizes: dict[str, int] | None = None) -> dict:
    return {name: {"terms": {"field": FIELDS[name], "size": size or sizes[name],
                             "segment_size": size or sizes[name]}} for name in names}


def _buckets(found: dict, name: str) -> dict[str, int]:
    return {b["key"]: int(b["doc_count"]) for b in found.get(name, {}).get("buckets", [])}


def marked(snippet: tantivy.Snippet, text: str, ellipsis: bool = True) -> str:
    """A tantivy snippet as HTML with <mark> around the matched words; "" when nothing matched.

    tantivy gives the fragment's and the highlights' ranges in UTF-8 bytes of the stored text.
    """
    highlights = snippet.highlighted()
    if not highlights:
        return ""
    fragment = snippet.fragment().encode("utf-8")
    out, at = [], 0
    for r in sorted(highlights, key=lambda r: r.start):
        if r.start < at:
            continue
        out.append(escape(fragment[at:r.start].decode("utf-8", "replace"), quote=False))
        out.append("<mark>" + escape(fragment[r.start:r.end].decode("utf-8", "replace"), quote=False) + "</mark>")
        at = r.end
    out.append(escape(fragment[at:].decode("utf-8", "replace"), quote=False))
    html = "".join(out).replace("\n", " ")
    if ellipsis:
        span = snippet.fragment_range()
        html = ("… " if span.start > 0 else "") + html + (" …" if span.end < len(text.encode("utf-8")) else "")
    return html


def _first(fields: dict, name: str):
    values = fields.get(name)
    return values[0] if values else None


def _hit(fields: dict, *, title_html: str, snippet: str, score) -> dict:
    when = _first(fields, "date")
    return hit_json(id=_first(fields, "id"), url=_first(fields, "url"), title=_first(fields, "title") or "",
                    title_html=title_html, date=when, date_inferred=bool(_first(fields, "date_inferred")),
                    year=_first(fields, "year"), meeting=_first(fields, "meeting"), topics=fields.get("topics", []),
                    location=_first(fields, "location"), people=fields.get("people", []), lang=_first(fields, "lang"),
                    snippet=snippet, score=score)


# --- serving --------------------------------------------------------------------------------------
def make_app(index_path: str) -> Flask:
    app = Flask(__name__)
    app.json.ensure_ascii = False      # as the service: UTF-8 bodies, not \u escapes
    app.json.sort_keys = False
    engine = TantivySearch(open_index(index_path))

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok", "documents": engine.doc_count})

    @app.get("/api/search")
    def search():
        try:
            params = read_params(request.args)
        except BadRequest as exc:
            return jsonify({"error": {"message": str(exc)}}), 400
        return jsonify(engine.search(params))

    @app.get("/api/documents/<path:doc_id>")
    def document(doc_id):
        found = engine.document(doc_id)
        if found is None:
            return jsonify({"error": {"code": "not_found"}}), 404
        return jsonify(found)

    return app


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.baselines.tantivy_peer")
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--index", required=True)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--workers", type=int, default=default_workers())
    s.add_argument("--threads", type=int, default=4)
    b = sub.add_parser("build", help="index the documents a project index stored")
    b.add_argument("project_index")
    b.add_argument("out")
    args = ap.parse_args(argv)
    if args.command == "build":
        from benchmarks.documents import indexed_documents
        print(json.dumps(build_index(args.out, indexed_documents(args.project_index))))
        return 0
    if not os.path.isdir(args.index) or not tantivy.Index.exists(args.index):
        ap.error(f"no tantivy index at {args.index}")
    serve(lambda: make_app(args.index), f"{args.host}:{args.port}", args.workers, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
