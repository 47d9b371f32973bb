"""Fusing the keyword ranking with the semantic channel, under one rule that never bends.

Reciprocal rank fusion (what Elasticsearch, OpenSearch and Manticore do): a document scores
Σ 1 / (RRF_K + rank) over the lists it appears in. It is applied within tiers, never across them:

1. the documents that match every word of the query (today's full matches), in keyword order;
2. below them, the documents matching most of the words (relaxation) and the documents found by
   meaning only, fused by RRF, so a partial match that is also close by meaning comes first.

A document found only by meaning therefore never outranks one that contains every word, whatever
the similarity. Keeping the full matches in keyword order also keeps the existing gold queries'
ranking exactly (fusing inside tier 1 was measured too: docs/semantic.md).
"""
from __future__ import annotations

from dataclasses import dataclass

RRF_K = 60
ALL, PARTIAL, MEANING = "all", "partial", "meaning"


@dataclass(frozen=True)
class Ranked:
    docnum: int
    score: float | None       # the keyword score; for a meaning-only hit, its similarity to the query
    match: str                # ALL, PARTIAL or MEANING


def fuse(keyword: list[tuple[int, float | None]], full: set[int], neighbours: list[tuple[int, float]],
         keyword_matches: set[int], max_meaning: int, fuse_full: bool = False) -> list[Ranked]:
    """The hit list: `keyword` (document, score) in keyword order, `full` the documents of it that match every
    word, `neighbours` (document, similarity) best first, `keyword_matches` every document the words matched
    (beyond the `keyword` window too: such a document is never labelled a meaning-only hit)."""
    semantic_rank = {docnum: rank for rank, (docnum, _) in enumerate(neighbours, 1)}
    tier1 = [(d, s) for d, s in keyword if d in full]
    if fuse_full:
        tier1 = _by_rrf(tier1, semantic_rank)
    partial = [(d, s) for d, s in keyword if d not in full]
    meaning = [(d, sim) for d, sim in neighbours if d not in keyword_matches][:max_meaning]
    keyword_rank = {d: rank for rank, (d, _) in enumerate(partial, 1)}
    rest = {d: 0.0 for d, _ in partial + meaning}
    for d in rest:
        if d in keyword_rank:
            rest[d] += 1 / (RRF_K + keyword_rank[d])
        if d in semantic_rank:
            rest[d] += 1 / (RRF_K + semantic_rank[d])
    scores = dict(partial + meaning)
    order = sorted(rest, key=lambda d: (-rest[d], keyword_rank.get(d, len(keyword_rank) + 1), d))
    out = [Ranked(d, s, ALL) for d, s in tier1]
    out += [Ranked(d, scores[d], PARTIAL if d in keyword_rank else MEANING) for d in order]
    return out


def _by_rrf(ranked: list[tuple[int, float | None]], semantic_rank: dict[int, int]) -> list[tuple[int, float | None]]:
    def rrf(item):
        rank, (d, _) = item
        return 1 / (RRF_K + rank) + (1 / (RRF_K + semantic_rank[d]) if d in semantic_rank else 0.0)
    return [pair for _, pair in sorted(enumerate(ranked, 1), key=lambda item: (-rrf(item), item[0]))]
