"""Exact phrases of three words or more: the AND of their stem pairs, standing one after the other.

A phrase of two stems is one pair term, exact by itself. Longer phrases were answered by the AND of their
pairs alone, which also matched documents where the pairs stood apart ("cour pénale" here, "pénale
internationale" there: issue 22). `PairPhrase` keeps the pairs as its subqueries (scored, and seen by
snippets, as before); the executor then keeps only the documents where the pairs' positions
(indexer.schema.PairPositions) put them one after the other, and re-analyses the stored text of the few
whose positions do not settle it (a pair seen three times or more, or filed in a shared bucket).
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
    first, second = _slots(snap, phrase, docs, size)
    matched, settled = _settle(first, second)
    unsure = np.flatnonzero(~matched & ~settled)
    for i in unsure.tolist():
        matched[i] = _text_has(snap, int(docs[i]), phrase.stems)
    return matched


def _slots(snap, phrase: PairPhrase, docs: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's two position slots in each document, (pairs, docs) arrays; MORE where it is not filed
    under its own term there (a bucket)."""
    k, m = len(phrase.subqueries), len(docs)
    first = np.full((k, m), PairPositions.MORE, np.uint16)
    second = np.full((k, m), PairPositions.MORE, np.uint16)
    for j, term in enumerate(phrase.subqueries):
        btext = term.text if isinstance(term.text, bytes) else term.text.encode("utf-8")
        ids, slots = snap.postings.positions(snap.reader, "pairs", btext, size)
        if not len(ids):
            continue
        at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
        here = ids[at] == docs
        first[j, here] = slots[at[here], 0]
        second[j, here] = slots[at[here], 1]
    return first, second


def _settle(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(matched, settled) per document from the slots alone.

    Matched: some start has every pair at start + its offset among their known positions. Not matched
    and settled: for some pair whose positions are all known, every start it allows is refuted by a
    pair whose positions are all known. Anything else needs the text.
    """
    k = first.shape[0]
    known_a = first < PairPositions.LIMIT
    known_b = second < PairPositions.LIMIT
    a = np.where(known_a, first.astype(np.int32), _FAR)
    b = np.where(known_b, second.astype(np.int32), _FAR - 1)
    complete = known_a & (second != PairPositions.MORE)
    offsets = np.arange(k, dtype=np.int32)[:, None]
    matched = np.zeros(first.shape[1], bool)
    settled = np.zeros(first.shape[1], bool)
    for anchor in range(k):
        refuted_all = complete[anchor].copy()
        for starts, valid in ((a[anchor] - anchor, known_a[anchor]), (b[anchor] - anchor, known_b[anchor])):
            wanted = starts[None, :] + offsets
            hits = (a == wanted) | (b == wanted)
            matched |= valid & hits.all(axis=0)
            refuted = (complete & ~hits).any(axis=0)
            refuted_all &= refuted | ~valid
        settled |= refuted_all
    return matched, settled | matched


def _text_has(snap, docnum: int, stems: list[str]) -> bool:
    stored = snap.stored_fields(docnum)
    return text_has_phrase(stored.get("title") or "", stored.get("body") or "", stems)
