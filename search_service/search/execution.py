"""Evaluate a Whoosh query tree over NumPy arrays: a match mask and Whoosh's BM25F scores.

Each leaf term reads its posting list (cached per snapshot) and scores it with
Whoosh's own `bm25` function and statistics (idf, average field length), so a
search ranks exactly as Whoosh would, while AND/OR/NOT become array operations
instead of a matcher stepping through every document in Python.

A phrase pair (indexer.schema.PairText) may also be filed, in some segments, under
a bucket shared with other rare pairs: its documents are then the pair's own
postings plus those of the bucket's documents whose text has the pair, and it
scores as if every one of them were in its own postings.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from indexer.analysis import document_pairs
from indexer.schema import PairText
from search_service.search.phrases import PairPhrase, phrase_mask
from search_service.search.scoring import bm25_scores, whoosh_idf


# An AND's rarest word leads it (Executor._led_by_rarest) when the other words' lists are at least this many
# times longer: binary searches of its documents in them then cost less than spreading them (docs/benchmarks.md).
LEAD_RATIO = 16


@dataclass
class Matches:
    mask: np.ndarray      # bool per document
    scores: np.ndarray    # float32 per document (meaningful where mask is True)


class Executor:
    """`lead_ratio`: an AND of words whose other words' lists are this many times longer than its rarest
    word's is answered by looking that word's documents up in them (`_led_by_rarest`); None never is."""

    def __init__(self, snap, lead_ratio: float | None = LEAD_RATIO):
        self.snap = snap
        self.searcher = snap.searcher
        self.size = snap.size
        self.lead_ratio = lead_ratio

    def run(self, q: wq.Query | None) -> Matches:
        if q is None:
            return Matches(self.snap.live.copy(), np.zeros(self.size, np.float32))
        m = self._eval(q)
        m.mask &= self.snap.live
        return m

    def _empty(self) -> Matches:
        return Matches(np.zeros(self.size, bool), np.zeros(self.size, np.float32))

    def _eval(self, q: wq.Query) -> Matches:
        if isinstance(q, PairPhrase):
            return self._phrase(q)
        if isinstance(q, wq.Term):
            return self._term(q)
        if isinstance(q, wq.And):
            return self._combine(q.subqueries, all_of=True)
        if isinstance(q, wq.Or):
            return self._combine(q.subqueries, all_of=False)
        if isinstance(q, wq.AndNot):
            pos, neg = self._eval(q.a), self._eval(q.b)
            pos.mask &= ~neg.mask
            return pos
        if isinstance(q, wq.AndMaybe):
            req, opt = self._eval(q.a), self._eval(q.b)
            req.scores += np.where(opt.mask, opt.scores, 0)
            return req
        if isinstance(q, wq.Not):
            inner = self._eval(q.query)
            return Matches(self.snap.live & ~inner.mask, np.zeros(self.size, np.float32))
        if isinstance(q, wq.Every):
            return Matches(self.snap.live.copy(), np.zeros(self.size, np.float32))
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return self._empty()
        return self._by_whoosh(q)

    def _combine(self, subqueries, all_of: bool) -> Matches:
        """AND or OR of the subqueries, evaluated one at a time into one pair of arrays.

        Holding every child's arrays at once cost gigabytes for an OR of thousands of
        expanded prefix terms at 100,000 documents. A term adds its own documents only
        (`_term_hits`): most terms match a small share of the archive, and a pair of arrays
        the size of the archive for each of them was most of the combining.
        """
        if all_of:
            led = self._led_by_rarest(subqueries)
            if led is not None:
                return led
        mask, scores = None, np.zeros(self.size, np.float32)
        terms_in_all = None          # AND: how many of the terms each document has
        term_count = 0
        for sub in subqueries:
            if isinstance(sub, wq.Term):
                ids, term_scores = self._term_hits(sub)
                scores[ids] += term_scores
                if all_of:
                    if terms_in_all is None:
                        terms_in_all = np.zeros(self.size, np.uint16)
                    terms_in_all[ids] += 1
                    term_count += 1
                else:
                    if mask is None:
                        mask = np.zeros(self.size, bool)
                    mask[ids] = True
                continue
            part = self._eval(sub)
            scores += np.where(part.mask, part.scores, 0)
            if mask is None:
                mask = part.mask
            elif all_of:
                mask &= part.mask
            else:
                mask |= part.mask
        if terms_in_all is not None:
            having_all = terms_in_all == term_count
            mask = having_all if mask is None else mask & having_all
        return Matches(mask, scores) if mask is not None else self._empty()

    def _led_by_rarest(self, subqueries) -> Matches | None:
        """An AND of words (each a term, or an OR of terms across fields) evaluated from its rarest word: that
        word's documents are looked up in the other words' lists (a binary search each) instead of every list
        being spread over arrays the size of the archive. « retrait important Poltsanouić »: eight candidates
        against lists of 87,000 documents.

        Scores are the dense path's, bit for bit: each word's score is its terms' scores added in the same
        order from zero, and the words' scores are added in the query's order. None when the AND is not
        only words, or the other words' lists are too short for lookups to be cheaper (`lead_ratio`)."""
        if len(subqueries) < 2 or self.lead_ratio is None:
            return None
        words = [_word_terms(sub, self.snap.schema) for sub in subqueries]
        if any(terms is None for terms in words):
            return None
        hits = [[self._term_hits(t) for t in terms] for terms in words]     # read either way (cached)
        sizes = [sum(len(ids) for ids, _ in word) for word in hits]
        lead = min(range(len(words)), key=sizes.__getitem__)
        if sum(sizes) - sizes[lead] < self.lead_ratio * sizes[lead]:
            return None
        candidates = np.unique(np.concatenate([ids for ids, _ in hits[lead]]))
        total = np.zeros(len(candidates), np.float32)
        having_all = np.ones(len(candidates), dtype=bool)
        for word in hits:
            found, scores = _word_at(word, candidates)
            having_all &= found
            total += np.where(found, scores, 0)
        out = self._empty()
        out.mask[candidates[having_all]] = True
        out.scores[candidates] = total
        return out

    def _term(self, q: wq.Term) -> Matches:
        out = self._empty()
        ids, scores = self._term_hits(q)
        out.mask[ids] = True
        out.scores[ids] = scores
        return out

    def _term_hits(self, q: wq.Term) -> tuple[np.ndarray, np.ndarray]:
        """The documents having a term (each once) and their scores (zeros for a field without scores)."""
        field = self.snap.schema[q.fieldname] if q.fieldname in self.snap.schema else None
        if field is None:
            return _NO_HITS
        btext = q.text if isinstance(q.text, bytes) else field.to_bytes(q.text)
        if field.scorable and not isinstance(field, PairText):
            ids, scores = self.snap.term_scores(q.fieldname, btext)
            return (ids, scores * q.boost) if len(ids) else _NO_HITS
        ids, weights = self.snap.postings.get(self.snap.reader, q.fieldname, btext)
        if not isinstance(field, PairText):
            return (ids, np.zeros(len(ids), np.float32)) if len(ids) else _NO_HITS
        pair = field.from_bytes(btext)
        ids, weights = self._with_bucket(q.fieldname, field, pair, ids, weights)
        if not len(ids):
            return _NO_HITS
        if not field.scorable:
            return ids, np.zeros(len(ids), np.float32)
        # Whoosh's idf with the pair's documents counted wherever they are filed (deleted ones included, as
        # Whoosh counts them): a pair with no bucket has exactly its own postings.
        idf = whoosh_idf(self.searcher.doc_count_all(), len(ids))
        average_length = self.searcher.avg_field_length(q.fieldname) or 1.0
        return ids, bm25_scores(idf, weights, self.snap.lengths(q.fieldname)[ids], average_length) * q.boost

    def _phrase(self, q: PairPhrase) -> Matches:
        """Every pair present (bucketed ones checked) and scored as their AND, then only where they stand in a row."""
        m = self._combine(q.subqueries, all_of=True)
        docs = np.flatnonzero(m.mask & self.snap.live)
        m.mask[:] = False
        if len(docs):
            m.mask[docs[phrase_mask(self.snap, q, docs)]] = True
        return m

    def _with_bucket(self, fieldname: str, field: PairText, pair: str, ids, weights):
        """A pair's own postings plus the documents of its bucket whose text has the pair, scored as if all
        of them were in its own postings.

        A bucket holds the documents of pairs seen fewer than `rare_below` times in a segment: about
        30 were checked per pair at 10,000 documents, each a stored-field read and a re-analysis
        (~0.5 ms)."""
        filed = [self.snap.postings.get(self.snap.reader, fieldname, field.to_bytes(bucket))[0]
                 for bucket in field.buckets(pair, self.snap.bucket_tables(fieldname))]
        bucket_ids = np.concatenate(filed) if filed else np.zeros(0, ids.dtype)
        if not len(bucket_ids):
            return ids, weights
        candidates = np.unique(bucket_ids[~np.isin(bucket_ids, ids)])
        candidates = candidates[self._have_both_stems(candidates, pair)]
        found = [d for d in candidates.tolist() if pair in self._pairs_of(d)]
        if found:
            order = np.argsort(np.concatenate([ids, found]), kind="stable")
            ids = np.concatenate([ids, np.asarray(found, dtype=ids.dtype)])[order]
            weights = np.concatenate([weights, np.full(len(found), field.format.field_boost, weights.dtype)])[order]
        return ids, weights

    def _have_both_stems(self, candidates: np.ndarray, pair: str) -> np.ndarray:
        """Which candidates hold both stems of the pair in their title or body: a pair is two of the stems
        those fields index (indexer.analysis.analyze_document), so the others cannot have it. A bucket
        mixes many rare pairs; at 100,000 documents this spares most of the re-analyses."""
        keep = np.ones(len(candidates), dtype=bool)
        for stem in set(pair.split(" ")):
            having = np.zeros(self.size, dtype=bool)
            for fieldname in _PAIR_SOURCES:
                having[self.snap.term_scores(fieldname, stem.encode("utf-8"))[0]] = True
            keep &= having[candidates]
        return keep

    def _pairs_of(self, docnum: int) -> set[str]:
        stored = self.snap.stored_fields(docnum)
        return document_pairs(stored.get("title") or "", stored.get("body") or "")

    def _by_whoosh(self, q: wq.Query) -> Matches:
        """Any other query type: Whoosh's matcher decides what matches (unscored)."""
        out = self._empty()
        ids = self.snap.documents_matching(q)
        if len(ids):
            out.mask[ids] = True
        return out


_NO_HITS = (np.zeros(0, np.int32), np.zeros(0, np.float32))


def _word_at(hits: list[tuple[np.ndarray, np.ndarray]], docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of `docs` (sorted) a word's terms have, and the word's score in each: its terms' scores added
    from zero in the query's order, as the dense path adds them."""
    found = np.zeros(len(docs), dtype=bool)
    scores = np.zeros(len(docs), np.float32)
    for ids, term_scores in hits:
        if not len(ids):
            continue
        at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
        present = ids[at] == docs
        found |= present
        scores[present] += term_scores[at[present]]
    return found, scores


def _word_terms(q: wq.Query, schema) -> list[wq.Term] | None:
    """A word of a query as the terms it is searched by (one term, or an OR of terms across fields);
    None for anything else, phrase pairs included (their buckets make their frequency a guess)."""
    if isinstance(q, wq.Term):
        terms = [q]
    elif isinstance(q, wq.Or) and all(isinstance(sub, wq.Term) for sub in q.subqueries):
        terms = list(q.subqueries)
    else:
        return None
    known = all(t.fieldname in schema and not isinstance(schema[t.fieldname], PairText) for t in terms)
    return terms if known else None

# The fields whose stems make up the pairs (indexer.analysis.analyze_document).
_PAIR_SOURCES = ("title", "body")

SCORE_TIE_DIGITS = 2      # scores equal to this many decimals count as a tie, broken by date (newer first)


def top(matches_mask: np.ndarray, scores: np.ndarray, dates: np.ndarray, limit: int,
        tie_digits: int) -> list[tuple[int, float]]:
    """The best `limit` documents by (score rounded to `tie_digits`, newer first, docnum): a total order."""
    docs = np.flatnonzero(matches_mask)
    if not len(docs) or limit <= 0:
        return []
    rounded = np.round(scores[docs].astype(np.float64), tie_digits)
    if len(docs) > limit:
        threshold = np.partition(rounded, len(rounded) - limit)[len(rounded) - limit]
        keep = rounded >= threshold
        docs, rounded = docs[keep], rounded[keep]
    order = np.lexsort((docs, -dates[docs].astype(np.int64), -rounded))[:limit]
    return [(int(docs[i]), float(scores[docs[i]])) for i in order]
