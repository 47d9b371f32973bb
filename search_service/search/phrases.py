"""Exact phrases of three words or more: the AND of their stem pairs, standing one after the other.

A phrase of two stems is one pair term, exact by itself. Longer phrases were answered by the AND of their
pairs alone, which also matched documents where the pairs stood apart ("cour pénale" here, "pénale
internationale" there: issue 22). `PairPhrase` keeps the pairs as its subqueries (scored, and seen by
snippets, as before); the executor then keeps only the documents where the pairs' positions
(indexer.schema.PairPositions: two in the pair's own posting, the rest in its overflow terms) put them one
after the other, and re-analyses the stored text only where a pair is filed in a shared bucket (rare
pairs, whose positions are dropped) or stands beyond the 32,766th stem.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.query.compound import CompoundQuery

from indexer.analysis import text_has_phrase
from indexer.schema import PairPositions

_FAR = -(1 << 20)        # an unknown position, as an int32 that no start plus offset equals


class PairPhrase(CompoundQuery):
    """The pair terms of a phrase (fieldname "pairs"), in phrase order; matches where they stand in a row.

    Not an `And`: Whoosh's normalize() would merge it into an enclosing And and lose the order.
    """

    JOINT = " PHRASE "
    intersect_merge = True

    @property
    def stems(self) -> list[str]:
        pairs = [t.text if isinstance(t.text, str) else t.text.decode("utf-8") for t in self.subqueries]
        return [pairs[0].split(" ")[0]] + [p.split(" ", 1)[1] for p in pairs]

    def normalize(self):
        return self

    def _matcher(self, subs, searcher, context):
        """Whoosh's own evaluation (only for query types the executor leaves to it): the AND of the pairs."""
        return wq.And._matcher(self, subs, searcher, context)


def phrase_mask(snap, phrase: PairPhrase, docs: np.ndarray) -> np.ndarray:
    """Which of `docs` (each holding every pair of the phrase) hold the phrase itself."""
    field = snap.schema["pairs"]
    size = field.format.fixed_value_size()
    if size != PairPositions.posting_size:           # an index without positions: read every text
        return np.array([_text_has(snap, int(d), phrase.stems) for d in docs], dtype=bool)
    pairs = [_pair_positions(snap, term, docs, size) for term in phrase.subqueries]
    matched, settled = _settle(pairs)
    for i in np.flatnonzero(~settled).tolist():
        matched[i] = _text_has(snap, int(docs[i]), phrase.stems)
    return matched


def _pair_positions(snap, term: wq.Term, docs: np.ndarray, size: int) -> tuple[list[np.ndarray], np.ndarray]:
    """One pair's known positions in each of `docs` (columns of int32, _FAR where none) and whether they
    are all of its positions there. The pair's own posting holds two; overflow terms hold the rest.
    A document whose posting is not under the pair's own term (a bucket) has none known."""
    pair = term.text if isinstance(term.text, str) else term.text.decode("utf-8")
    columns: list[np.ndarray] = []
    complete = np.zeros(len(docs), bool)
    pending = np.ones(len(docs), bool)                # documents whose next values are to be read
    first = 0
    while pending.any():
        key = pair if first == 0 else PairPositions.overflow_term(pair, first)
        ids, slots = snap.postings.positions(snap.reader, "pairs", key.encode("utf-8"), size)
        a = np.full(len(docs), PairPositions.UNKNOWN_SLOT, np.uint16)
        b = a.copy()
        if len(ids):
            at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
            here = pending & (ids[at] == docs)
            a[here], b[here] = slots[at[here], 0], slots[at[here], 1]
        known_a = pending & (a < PairPositions.LIMIT)
        unknown_b = b == PairPositions.UNKNOWN_SLOT
        more = ~unknown_b & (b & PairPositions.MORE_FLAG).astype(bool)
        b_position = np.where(unknown_b, PairPositions.UNKNOWN_SLOT, b & ~np.uint16(PairPositions.MORE_FLAG))
        known_b = known_a & (b_position < PairPositions.LIMIT)
        columns.append(np.where(known_a, a.astype(np.int32), _FAR))
        columns.append(np.where(known_b, b_position.astype(np.int32), _FAR))
        complete |= known_a & ((b_position == PairPositions.NONE) | (known_b & ~more))
        pending = known_b & more
        first += 2
    return columns, complete


def _settle(pairs: list[tuple[list[np.ndarray], np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """(matched, settled) per document from the known positions alone.

    Matched: some start has every pair at start + its offset among its known positions. Not matched
    and settled: for some pair whose positions are all known, every start it allows is refuted by a
    pair whose positions are all known. Anything else needs the text.
    """
    count = len(pairs[0][1])
    matched = np.zeros(count, bool)
    settled = np.zeros(count, bool)
    for anchor, (anchor_columns, anchor_complete) in enumerate(pairs):
        refuted_all = anchor_complete.copy()
        for column in anchor_columns:
            valid = column != _FAR
            start = column - anchor
            everywhere = valid.copy()
            refuted = np.zeros(count, bool)
            for offset, (columns, complete) in enumerate(pairs):
                hit = np.zeros(count, bool)
                for other in columns:
                    hit |= other == start + offset
                everywhere &= hit
                refuted |= complete & ~hit
            matched |= everywhere
            refuted_all &= refuted | ~valid
        settled |= refuted_all
    return matched, settled | matched


def _text_has(snap, docnum: int, stems: list[str]) -> bool:
    stored = snap.stored_fields(docnum)
    return text_has_phrase(stored.get("title") or "", stored.get("body") or "", stems)
