"""The query mix: every class each round, drawn from the indexed documents, meaning what its name says."""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from benchmarks.baselines import fts5
from benchmarks.baselines.common import read_params
from benchmarks.documents import extracted_documents, indexed_documents
from benchmarks.generator import DEFAULT_SEED, generator_for
from benchmarks.querymix import (CACHED_CLASSES, CLASSES, COMMON_SHARE, HYBRID_CLASSES, PER_PAGE, SEARCH_CLASSES,
                                 UNCACHED_CLASSES, QueryCase, QueryMix,
                                 already_sent, content_words)
from indexer.analysis import fold
from indexer.ingest import ingest
from indexer.store import IndexStore
from werkzeug.datastructures import MultiDict

SIZE = 100


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("mix")
    generator_for(DEFAULT_SEED).write(root / "pages", range(SIZE))
    # One process: two workers would number the documents in whatever order they finish, and the
    # mix, drawn from the documents in index order, would differ from run to run.
    ingest([str(root / "pages")], IndexStore(root / "index"), procs=1)
    db = str(root / "bench.sqlite")
    fts5.build_database(db, indexed_documents(root / "index"))
    return root, db


@pytest.fixture(scope="module")
def mix(corpus):
    return QueryMix(fts5.corpus_profile(corpus[1]), seed=3)


@pytest.fixture(scope="module")
def rounds(mix):
    return mix.rounds(6)


@pytest.fixture(scope="module")
def engine(corpus):
    return fts5.Fts5Search(fts5.connect(corpus[1]))


def params_of(path: str):
    return read_params(MultiDict(parse_qsl(urlsplit(path).query)))


def test_the_indexed_documents_are_the_extracted_documents(corpus):
    root, _ = corpus
    generator_for(DEFAULT_SEED).write(root / "again", range(20))    # the same pages, extracted once more
    extracted = dict(extracted_documents(root / "again", procs=1))
    indexed = dict(indexed_documents(root / "index"))
    assert len(indexed) == SIZE and len(extracted) == 20
    for key in extracted:
        a, b = extracted[key], indexed[key]
        assert (a.id, a.title, a.body, a.date, a.metadata.lang) == (b.id, b.title, b.body, b.date, b.metadata.lang)
        assert sorted(a.metadata.topics) == sorted(b.metadata.topics)


def test_every_round_has_each_class_once(rounds):
    for cases in rounds:
        assert Counter(c.cls for c in cases) == Counter(CLASSES)


def test_requests_are_never_repeated_outside_the_repeated_class(rounds):
    paths = [c.path for cases in rounds for c in cases if c.cls != "repeated"]
    assert len(paths) == len(set(paths))
    repeated = [c.path for cases in rounds for c in cases if c.cls == "repeated"]
    assert len(set(repeated)) < len(repeated)


def test_the_first_pages_of_the_archive_run_out_so_browse_is_a_cached_class(corpus):
    mix = QueryMix(fts5.corpus_profile(corpus[1]), seed=5)
    batches = mix.rounds(40)
    browse = [c.path for cases in batches for c in cases if c.cls == "browse"]
    assert len(set(browse)) < len(browse) and "browse" in CACHED_CLASSES
    assert "browse" not in already_sent(batches)          # counted only for the classes meant to be distinct


def test_already_sent_counts_uncached_requests_that_came_before_in_the_run():
    warm = [QueryCase("word", "/api/search?q=a"), QueryCase("repeated", "/api/search?q=r")]
    later = [QueryCase("word", "/api/search?q=a"), QueryCase("word", "/api/search?q=b"),
             QueryCase("repeated", "/api/search?q=r")]
    assert already_sent([warm, later]) == {"word": 1}


def test_searches_ask_for_a_page_of_twenty_hits(rounds):
    for case in (c for cases in rounds for c in cases if not c.is_document):
        assert params_of(case.path).per_page == PER_PAGE


def test_single_words_are_common_and_rare_words_rare(mix, rounds):
    df = mix.profile.doc_freq
    for case in (c for cases in rounds for c in cases):
        q = params_of(case.path).q
        if case.cls in ("word", "word+filters"):
            assert df[fold(q)] >= COMMON_SHARE * SIZE
        elif case.cls == "rare":
            assert 1 <= df[fold(q)] <= 2


def test_multi_word_queries_have_their_number_of_content_words(rounds):
    for case in (c for cases in rounds for c in cases):
        q = params_of(case.path).q
        if case.cls.startswith("two words"):
            assert len(content_words(q)) == 2
        elif case.cls == "three words":
            assert len(content_words(q)) == 3


def test_phrases_are_quoted_text_that_some_document_contains(rounds, engine):
    from benchmarks.baselines.common import Params
    for case in (c for cases in rounds for c in cases if c.cls == "phrase"):
        q = params_of(case.path).q
        assert q.startswith('"') and q.endswith('"') and len(re.findall(r"\w+", q)) >= 2   # "Anne-Sophie": two words
        assert engine.search(Params(q=q))["total"] >= 1


def test_prefixes_and_typos(mix, rounds):
    for case in (c for cases in rounds for c in cases):
        q = params_of(case.path).q
        if case.cls.startswith("prefix"):
            assert q.endswith("*") and len(q) == 6 and q.isascii()
        elif case.cls == "typo":
            assert mix.profile.doc_freq.get(fold(q), 0) == 0 and len(q) >= 6


def test_filters_use_one_to_three_values_the_extractor_found(mix, rounds):
    for case in (c for cases in rounds for c in cases if c.cls.endswith("+filters")):
        params = params_of(case.path)
        pairs = [(name, v) for name, values in params.filters.items() for v in values]
        assert 1 <= len(pairs) <= 3
        for name, value in pairs:
            assert value in dict(mix.profile.facet_values[name])


def test_document_pages_point_at_indexed_documents(rounds, engine):
    for case in (c for cases in rounds for c in cases if c.cls == "document"):
        doc_id = unquote(case.path[len("/api/documents/"):])
        assert engine.document(doc_id) is not None


def test_the_same_profile_and_seed_give_the_same_mix(corpus):
    profile = fts5.corpus_profile(corpus[1])
    assert QueryMix(profile, seed=5).rounds(2) == QueryMix(profile, seed=5).rounds(2)


def test_each_search_class_is_also_sent_in_hybrid_mode_as_requests_of_its_own(rounds):
    assert HYBRID_CLASSES == tuple(c + " (hybrid)" for c in SEARCH_CLASSES)
    modes = {}
    for case in (c for cases in rounds for c in cases if not c.is_document):
        params = dict(parse_qsl(urlsplit(case.path).query))
        modes.setdefault(case.cls, set()).add(params.get("mode"))
        if case.cls in HYBRID_CLASSES:
            assert params["q"] and case.cls not in UNCACHED_CLASSES
    assert all(modes[c] == {"hybrid"} for c in HYBRID_CLASSES)
    # the service's default mode is hybrid: every other request with a query says keyword
    assert all(modes[c] == {"keyword"} for c in SEARCH_CLASSES)
    assert modes["browse"] == modes["browse+filters"] == {None}


def test_hybrid_requests_mean_what_their_keyword_class_means(mix, rounds):
    df = mix.profile.doc_freq
    for case in (c for cases in rounds for c in cases):
        q = params_of(case.path).q
        if case.cls == "word (hybrid)":
            assert df[fold(q)] >= COMMON_SHARE * SIZE
        elif case.cls == "phrase (hybrid)":
            assert q.startswith('"') and q.endswith('"')
        elif case.cls == "word+filters (hybrid)":
            assert params_of(case.path).filters
