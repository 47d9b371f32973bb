"""The lexicon's prefix and fuzzy lookups (a range of its alphabetical order) answer what a regex over every
term answers, in the same order: most frequent first."""
from __future__ import annotations

import re

import pytest
from rapidfuzz.distance import Levenshtein
from whoosh import index as whoosh_index

from indexer.generations import IndexStore
from search_service.search.lexicon import Lexicon, _compile


@pytest.fixture(scope="module")
def lexicon(corpus_index):
    ix = IndexStore(str(corpus_index)).open()
    assert isinstance(ix, whoosh_index.FileIndex)
    with ix.reader() as reader:
        return Lexicon.read(reader, "exact")


def every_term_matching(lexicon: Lexicon, pattern: str) -> list[tuple[str, int]]:
    return [(m.group(), lexicon._frequency_at(m.start())) for m in _compile(pattern).finditer(lexicon.text)]


@pytest.mark.parametrize("pattern", ["negoci*", "minist*", "s*", "otan*", "zzzz*", "ukrain*", "a", "conseil"])
def test_a_prefix_expands_to_the_terms_a_regex_over_the_whole_lexicon_finds_most_frequent_first(lexicon, pattern):
    assert list(lexicon.matching(pattern)) == every_term_matching(lexicon, pattern)


def test_the_corpus_lexicon_has_prefixes_with_many_terms(lexicon):
    assert len(list(lexicon.matching("s*"))) > 100


@pytest.mark.parametrize("word, maxdist", [("ministere", 1), ("ukrainne", 2), ("securite", 1), ("strasbourg", 2),
                                           ("otna", 1), ("x", 1)])
def test_fuzzy_words_are_the_terms_within_the_edit_distance_that_keep_the_first_letter(lexicon, word, maxdist):
    expected = [(term, df) for term, df in every_term_matching(lexicon, "*")
                if term[:1] == word[:1] and Levenshtein.distance(word, term) <= maxdist]
    assert list(lexicon.within(word, maxdist, prefixlength=1)) == expected


def test_a_fuzzy_word_finds_its_misspelt_forms(lexicon):
    assert "ministere" in dict(lexicon.within("minsitere", 2))


def test_the_alphabetical_order_sorts_every_term(lexicon):
    terms = [lexicon.term(int(rank)) for rank in lexicon.alphabetical_ranks]
    assert terms == sorted(terms) == lexicon.alphabetical_text.split("\n") and len(terms) == lexicon.size
    assert re.fullmatch(r"[^\n]+", terms[0])


def test_every_term_is_found_at_its_rank_and_no_other_string_is(lexicon):
    terms = [lexicon.term(rank) for rank in range(lexicon.size)]
    assert [lexicon.rank_of(term) for term in terms] == list(range(lexicon.size))
    known = set(terms)
    others = {term[:-1] for term in terms} | {term + "x" for term in terms} | {"", "zzzzq"}
    assert all(lexicon.rank_of(word) is None for word in others - known)
