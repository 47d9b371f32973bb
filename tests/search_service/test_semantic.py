"""The semantic channel in the search service: hybrid mode, the never-outranked rule, languages, keyword-only indexes."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st

from indexer.ingest import ingest
from indexer.store import IndexStore
from indexer.vectors import VECTORS_FILE
from search_service import create_app
from search_service.search.fusion import fuse
from search_service.search.match_classes import MatchClass
from search_service.search import semantic
from search_service.search.semantic import meaning_text
from tests.conftest import write_pages
from tests.search_service.semantic_pages import PAGES

SEED = "cms/2017/12-decembre/06-asselborn-otan-bruxelles.html"
EN_EARTHQUAKE_CORPUS = "https://maee.gouvernement.lu/en/actualites/2023/02-fevrier/07-earthquake-turkiye-syria.html"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("semantic")
    src = write_pages(root / "src", PAGES)
    ingest([str(src)], IndexStore(root / "ix"), procs=1)
    return create_app({"INDEX": str(root / "ix"), "TESTING": True}).test_client()


@pytest.fixture(scope="module")
def keyword_only_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("keyword-only")
    src = write_pages(root / "src", PAGES)
    ingest([str(src)], IndexStore(root / "ix"), procs=1, semantic=False)
    return create_app({"INDEX": str(root / "ix"), "TESTING": True}).test_client()


def search(client, **params) -> dict:
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_document_with_every_word_ranks_above_every_document_found_by_meaning(client):
    data = search(client, q="séisme Turquie Syrie", mode="hybrid")
    matches = [(h["id"], h["match"]) for h in data["hits"]]
    full = {"fr/vins.html", "fr/seisme.html"}       # the wine fair has the words without their meaning
    assert {doc_id for doc_id, _ in matches[:2]} == full and {m for _, m in matches[:2]} == {"all"}
    assert data["total"] == 2
    meaning = [doc_id for doc_id, match in matches if match == "meaning"]
    assert {"en/earthquake.html", "de/erdbeben.html"} <= set(meaning)
    assert data["totals"]["meaning"] == len(meaning) == len(matches) - 2


def test_keyword_mode_lists_only_the_documents_the_words_match(client):
    data = search(client, q="séisme Turquie Syrie", mode="keyword")
    assert data["mode"] == "keyword" and data["totals"]["meaning"] == 0
    assert {h["id"] for h in data["hits"]} == {"fr/vins.html", "fr/seisme.html"}


def test_an_english_query_finds_the_french_page_by_meaning(client):
    data = search(client, q="NATO foreign ministers meeting", mode="hybrid")
    assert data["hits"][0]["id"] == "fr/otan.html"


def test_a_french_query_finds_the_english_and_german_versions(client):
    data = search(client, q="secours aux sinistrés du séisme", mode="hybrid")
    ids = [h["id"] for h in data["hits"]]
    assert {"fr/seisme.html", "en/earthquake.html", "de/erdbeben.html"} <= set(ids)


def test_words_a_query_excludes_keep_their_documents_out_of_the_meaning_hits(client):
    data = search(client, q="aide d'urgence après un séisme -Pakistan", mode="hybrid")
    assert "fr/inondations.html" not in {h["id"] for h in data["hits"]}
    assert "fr/inondations.html" in {h["id"] for h in search(client, q="aide d'urgence après un séisme")["hits"]}


def test_a_hit_links_its_versions_in_other_languages(client):
    hit = next(h for h in search(client, q="séisme Turquie Syrie")["hits"] if h["id"] == "fr/seisme.html")
    versions = {v["lang"]: v["id"] for v in hit["translations"]}
    assert versions == {"en": "en/earthquake.html", "de": "de/erdbeben.html"}


def test_the_document_lists_its_versions_in_other_languages(client):
    doc = client.get("/api/documents/en/earthquake.html").get_json()
    assert {v["lang"]: v["id"] for v in doc["translations"]} == {"fr": "fr/seisme.html", "de": "de/erdbeben.html"}


def test_pages_on_the_same_subject_on_other_days_or_in_the_same_language_are_not_versions(client):
    hits = {h["id"]: h for h in search(client, q="aide d'urgence", per_page=50)["hits"]}
    assert hits["fr/inondations.html"]["translations"] == []      # same wording, another disaster, months before
    assert all(v["lang"] != "fr" for v in hits["fr/seisme.html"]["translations"])


def test_hybrid_on_a_keyword_only_index_answers_by_keywords_with_a_note(keyword_only_client):
    data = search(keyword_only_client, q="séisme Turquie Syrie", mode="hybrid")
    assert data["mode"] == "keyword" and "--no-semantic" in data["note"]
    assert {h["id"] for h in data["hits"]} == {"fr/vins.html", "fr/seisme.html"} and data["totals"]["meaning"] == 0
    assert data["hits"][0]["translations"] == []


def test_a_damaged_vector_file_turns_the_semantic_channel_off_not_the_search(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    (IndexStore(tmp_path / "ix").current_dir() / VECTORS_FILE).write_bytes(b"PK\x03\x04 not a zip any more")
    client = create_app({"INDEX": str(tmp_path / "ix"), "TESTING": True}).test_client()
    data = search(client, q="séisme Turquie Syrie", mode="hybrid")
    assert data["mode"] == "keyword" and data["note"] and data["total"] == 2 and data["totals"]["meaning"] == 0


def test_a_bad_mode_is_a_400(client):
    response = client.get("/api/search", query_string={"q": "séisme", "mode": "sens"})
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "mode"


def test_the_mode_is_echoed_and_defaults_to_hybrid(client):
    assert search(client, q="séisme")["query"]["mode"] == "hybrid"
    assert search(client, q="séisme", mode="keyword")["query"]["mode"] == "keyword"


def test_the_encoder_is_given_the_words_without_the_query_syntax():
    assert meaning_text('title:"aide humanitaire" séisme* -Pakistan NOT Inde OR Syrie~1') == "aide humanitaire séisme Syrie"
    assert meaning_text("titre:« aide humanitaire » séisme SAUF Inde OU Syrie") == "aide humanitaire séisme Syrie"


def test_a_query_of_stop_words_only_is_not_encoded_and_browses(client):
    assert meaning_text("le la les de l'") == ""
    assert meaning_text("« de la » OU des") == ""
    assert meaning_text("la paix") == "la paix"
    answer = search(client, q="le la les")
    assert answer["query"]["mode"] == "hybrid" and answer["totals"]["meaning"] == 0
    assert answer["total"] == search(client)["total"]          # no query word: every communiqué


@given(st.data())
def test_fusion_lists_class_by_class_and_fuses_only_inside_the_partial_matches(data):
    docs = data.draw(st.lists(st.integers(0, 60), unique=True, max_size=30))
    keyword = docs[:data.draw(st.integers(0, len(docs)))]
    full = set(data.draw(st.lists(st.sampled_from(keyword), unique=True))) if keyword else set()
    listed = [(d, 1.0, MatchClass.ALL) for d in keyword if d in full] + \
        [(d, 1.0, MatchClass.PARTIAL) for d in keyword if d not in full]
    neighbours = data.draw(st.permutations(docs))[:data.draw(st.integers(0, len(docs)))]
    ranked = fuse(listed, [(d, 0.5) for d in neighbours], set(keyword), max_meaning=10)
    labels = [match for _, _, match in ranked]
    assert labels == sorted(labels, key=lambda m: m.rank)              # no class ever outranks an earlier one
    assert [d for d, _, m in ranked if m is MatchClass.ALL] == [d for d, _, m in listed if m is MatchClass.ALL]
    assert {d for d, _, m in ranked if m is MatchClass.PARTIAL} == {d for d, _, m in listed if m is MatchClass.PARTIAL}
    meaning = [d for d, _, m in ranked if m is MatchClass.MEANING]
    assert meaning == [d for d in neighbours if d not in set(keyword)][:10]   # semantic order, capped
    assert len({d for d, _, _ in ranked}) == len(ranked)


def test_a_partial_match_close_by_meaning_rises_among_the_partial_matches_only():
    listed = [(1, 9.0, MatchClass.ALL), (2, 5.0, MatchClass.PARTIAL), (3, 4.0, MatchClass.PARTIAL)]
    ranked = fuse(listed, [(3, 0.9), (7, 0.8), (1, 0.7)], {1, 2, 3}, max_meaning=10)
    assert [(d, m) for d, _, m in ranked] == [(1, MatchClass.ALL), (3, MatchClass.PARTIAL), (2, MatchClass.PARTIAL),
                                              (7, MatchClass.MEANING)]


def test_the_seed_communique_answers_the_english_query_in_the_top_three(corpus_client):
    data = search(corpus_client, q="NATO foreign ministers Brussels December 2017")
    assert SEED in [h["id"] for h in data["hits"][:3]]


def test_a_french_query_finds_the_english_page_of_the_corpus(corpus_client):
    hits = search(corpus_client, q="aide après le séisme en Syrie")["hits"]
    assert EN_EARTHQUAKE_CORPUS in [h["id"] for h in hits[:10]]


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("rows", [0, 1, 7, 1000, 1001])
def test_similarities_in_stretches_on_threads_equal_one_product(monkeypatch, rows, threads):
    monkeypatch.setattr(semantic, "SPLIT_ABOVE_ROWS", 5)
    monkeypatch.setattr(semantic, "SIMILARITY_THREADS", threads)
    rng = np.random.default_rng(5)
    matrix = rng.standard_normal((rows, 64)).astype(np.float32)
    vector = rng.standard_normal(64).astype(np.float32)
    assert np.allclose(semantic.similarities(matrix, vector), matrix @ vector, atol=1e-5)
    assert semantic.similarities(matrix, vector).shape == (rows,)


def test_a_started_product_is_computed_while_the_caller_goes_on_and_collected_whole(monkeypatch):
    monkeypatch.setattr(semantic, "SPLIT_ABOVE_ROWS", 5)
    rng = np.random.default_rng(6)
    matrix = rng.standard_normal((4000, 64)).astype(np.float32)
    vectors = [rng.standard_normal(64).astype(np.float32) for _ in range(3)]
    started = [semantic.similarities_started(matrix, v) for v in vectors]      # three at once, none collected
    for collect, v in zip(reversed(started), reversed(vectors)):
        assert np.allclose(collect(), matrix @ v, atol=1e-5)


def test_nearest_from_a_started_nearness_equals_nearest_at_once(monkeypatch):
    monkeypatch.setattr(semantic, "SPLIT_ABOVE_ROWS", 5)
    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((300, 32)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    vectors = semantic.DocumentVectors(matrix, np.arange(0, 600, 2))
    query = matrix[10] + 0.5 * matrix[20]
    allowed = np.ones(600, bool)
    allowed[40] = False                                 # the document of row 20
    nearness = vectors.start(query)
    found = nearness.nearest(allowed, limit=5)
    assert found == vectors.nearest(query, allowed, limit=5)
    assert found[0][0] == 20 and 40 not in [docnum for docnum, _ in found]
