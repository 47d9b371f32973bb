"""Fusing the keyword ranking with the semantic channel, under one rule that never bends.

Hits are listed class by class (search_service/search/match_classes.py), so the page can show each
class under its own heading: every document matching all the query's concepts first, in keyword
order; then the partial matches; then the documents found by meaning only. Fusion happens inside a
class, never across classes:

- the partial matches are ordered by reciprocal rank fusion (what Elasticsearch, OpenSearch and
  Manticore do: Σ 1 / (RRF_K + rank) over the keyword and the semantic lists), so a partial match
  that is also close by meaning comes first among them;
- the meaning-only hits keep their semantic rank.

A document found only by meaning therefore never outranks one that contains every word, whatever the
similarity; keeping the full matches in keyword order also keeps the word queries' ranking exactly
(fusing inside the all-matches too was measured: docs/semantic.md).
"""
from __future__ import annotations

from collections.abc import Container

from search_service.search.match_classes import MatchClass

RRF_K = 60

Listed = tuple[int, "float | None", MatchClass]     # (document number, score, how it matched)


def fuse(keyword: list[Listed], neighbours: list[tuple[int, float]], keyword_matches: Container[int],
         max_meaning: int) -> list[Listed]:
    """The hit list: `keyword` the keyword hits listed class by class (all-matches, then partial ones, in keyword
    order), `neighbours` (document, similarity) best first, `keyword_matches` every document the words matched
    (beyond the `keyword` window too: such a document is never labelled a meaning-only hit)."""
    semantic_rank = {docnum: rank for rank, (docnum, _) in enumerate(neighbours, 1)}
    full = [h for h in keyword if h[2] is MatchClass.ALL]
    partial = [h for h in keyword if h[2] is MatchClass.PARTIAL]
    return full + by_rrf(partial, semantic_rank) + meaning_only(neighbours, keyword_matches, max_meaning)


def meaning_only(neighbours: list[tuple[int, float]], keyword_matches: Container[int],
                 max_meaning: int) -> list[Listed]:
    """The neighbours the words did not match, best first, at most `max_meaning`; their score is the similarity."""
    out = [(d, sim, MatchClass.MEANING) for d, sim in neighbours if d not in keyword_matches]
    return out[:max_meaning]


def by_rrf(ranked: list[Listed], semantic_rank: dict[int, int]) -> list[Listed]:
    """`ranked` (keyword order) reordered by reciprocal rank fusion with the semantic ranks; ties keep keyword order."""
    def rrf(item: tuple[int, Listed]) -> float:
        rank, (d, _, _) = item
        return 1 / (RRF_K + rank) + (1 / (RRF_K + semantic_rank[d]) if d in semantic_rank else 0.0)
    return [hit for _, hit in sorted(enumerate(ranked, 1), key=lambda item: (-rrf(item), item[0]))]
