"""Prefix, wildcard and fuzzy words: what they expand to, in which order, and within which budget."""
from __future__ import annotations

from datetime import date

import pytest

from search_service.search import querying
from search_service.search.index_handle import IndexHandle
from search_service.search.lexicon import Lexicon
from search_service.search.querying import parse
from search_service.search.synonyms import Synonyms
from tests.search_service.conftest import communique, write_index

BODIES = [
    "La coopération et la négociation ont dominé la réunion.",
    "Une délégation a salué la coopération régionale.",
    "La coopération transfrontalière progresse.",
    "Les négociations sur la situation humanitaire continuent.",
    "Le ministre a rencontré son homologue.",
]


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    folder = tmp_path_factory.mktemp("expansions")
    write_index(folder, [communique(f"d{i}", f"Communiqué {i}", body, date(2020, 1, i + 1)) for i, body in enumerate(BODIES)])
    return IndexHandle(str(folder)).snapshot()


def terms_of(query) -> set[tuple[str, str]]:
    return {(t.fieldname, t.text) for t in query.leaves()}


def test_a_suffix_wildcard_matches_words_as_written_not_stems(snap):
    parsed = parse("*tion", snap.reader, lexicon=snap.lexicon)
    assert not parsed.fallback
    exact = {text for field, text in terms_of(parsed.query) if field == "exact"}
    assert {"cooperation", "negociation", "delegation", "situation"} <= exact
    assert all(field != "body" for field, _ in terms_of(parsed.query))     # body holds stems ("negoci")


def test_a_fuzzy_word_expands_to_close_terms_instead_of_falling_back(snap):
    parsed = parse("cooperaton~1", snap.reader, lexicon=snap.lexicon)
    assert not parsed.fallback
    assert ("exact", "cooperation") in terms_of(parsed.query)


def test_a_capped_expansion_keeps_the_most_frequent_terms(snap, monkeypatch):
    monkeypatch.setattr(querying, "MAX_EXPANSIONS", 1)
    parsed = parse("*tion", snap.reader, lexicon=snap.lexicon)
    assert parsed.capped == ["*tion"]
    assert {text for field, text in terms_of(parsed.query) if field == "exact"} == {"cooperation"}   # in 3 documents


def test_expansions_stop_at_the_postings_budget_but_keep_one_term_per_word(snap, monkeypatch):
    monkeypatch.setattr(querying, "MAX_QUERY_POSTINGS", 2)
    parsed = parse("*tion", snap.reader, lexicon=snap.lexicon)
    assert parsed.capped == ["*tion"]
    assert {text for field, text in terms_of(parsed.query) if field == "exact"} == {"cooperation"}


def test_without_a_lexicon_the_reader_gives_the_same_prefix_expansion(snap):
    with_lexicon = parse("coop*", snap.reader, lexicon=snap.lexicon)
    without = parse("coop*", snap.reader)
    assert terms_of(with_lexicon.query) == terms_of(without.query) and terms_of(without.query)


def test_the_lexicon_lists_terms_most_frequent_first_with_their_document_frequency(snap):
    lexicon = Lexicon.read(snap.reader, "exact")
    found = list(lexicon.matching("*tion"))
    assert found[0] == ("cooperation", 3)
    assert [df for _, df in found] == sorted((df for _, df in found), reverse=True)
    assert list(lexicon.matching("zzz*")) == [] and list(lexicon.matching("co?peration")) == [("cooperation", 3)]


def test_regex_characters_in_a_pattern_are_literal(snap):
    assert list(Lexicon.read(snap.reader, "exact").matching("co.p*")) == []


def test_fuzzy_words_expand_alike_with_or_without_the_lexicon(snap):
    for q in ("cooperaton~1", "negociatons~2", "ministr~2"):
        assert terms_of(parse(q, snap.reader, lexicon=snap.lexicon).query) == terms_of(parse(q, snap.reader).query), q


def test_the_lexicon_finds_words_within_an_edit_distance_keeping_the_first_letters(snap):
    lexicon = Lexicon.read(snap.reader, "exact")
    assert dict(lexicon.within("cooperaton", 1)) == {"cooperation": 3}
    assert dict(lexicon.within("xooperation", 1)) == {}                 # the first letter is kept
    assert "negociations" in dict(lexicon.within("negociation", 1))


# --- concepts as the user typed them (labels of partial hits) -------------------------------------

@pytest.mark.parametrize("q, labels", [
    ("asselborn maroc", ["asselborn", "maroc"]),
    ("NATO sécurité", ["NATO", "sécurité"]),                       # a synonym group by the form typed
    ("l'OTAN Géorgie", ["l'OTAN", "Géorgie"]),
    ('"lutte contre le terrorisme" Géorgie', ['"lutte contre terrorisme"', "Géorgie"]),   # stop words left out
    ("(Maroc OR Tunisie) Asselborn", ["Maroc ou Tunisie", "Asselborn"]),
    ("coop* title:réunion", ["coop*", "réunion"]),
])
def test_each_concept_is_labelled_in_the_words_typed(snap, q, labels):
    assert parse(q, snap.reader, Synonyms.load(), snap.lexicon).labels == labels
