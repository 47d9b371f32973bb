"""The JSON API over the bundled corpus: shape, parameters, errors and HTTP manners."""
import gzip
import json

import pytest

SEED = "cms/2017/12-decembre/06-asselborn-otan-bruxelles.html"


def search(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize("q", ["securite", "sécurité", "OTAN", "otan", "réunions", "Géorgie", '"lutte contre le terrorisme"'])
def test_the_seed_communique_is_found_by_the_queries_of_the_foundation_issue(corpus_client, q):
    ids = [h["id"] for h in search(corpus_client, q=q, per_page=100)["hits"]]
    assert SEED in ids


def test_response_has_the_documented_shape(corpus_client):
    data = search(corpus_client, q="OTAN", per_page=3)
    assert set(data) == {"query", "total", "page", "per_page", "pages", "took_ms", "hits", "facets", "suggestion",
                         "corrected", "relaxed", "fallback", "capped", "totals", "mode", "note"}
    assert data["page"] == 1 and data["per_page"] == 3 and len(data["hits"]) == 3
    assert data["pages"] == -(-sum(data["totals"].values()) // 3)
    hit = data["hits"][0]
    assert set(hit) == {"id", "url", "title", "title_html", "date", "date_inferred", "year", "meeting", "topics",
                        "location", "people", "lang", "snippet", "score", "match", "missing", "occurrence",
                        "translations"}
    assert set(data["facets"]) == {"meeting", "topic", "year", "location", "person", "lang"}


def test_empty_query_lists_every_document_newest_first(corpus_client):
    data = search(corpus_client, per_page=100)
    dates = [h["date"] for h in data["hits"]]
    assert data["total"] == len(data["hits"]) > 60
    assert dates == sorted(dates, reverse=True)
    assert data["query"]["sort"] == "newest"


def test_words_are_and_ed_by_default(corpus_client):
    both = search(corpus_client, q="ministres OTAN", per_page=100)
    ministres = {h["id"] for h in search(corpus_client, q="ministres", per_page=100)["hits"]}
    otan = {h["id"] for h in search(corpus_client, q="OTAN", per_page=100)["hits"]}
    assert not both["relaxed"] and both["total"] >= 10
    by_words = {h["id"] for h in both["hits"] if h["match"] != "meaning"}     # hybrid mode adds labelled neighbours
    assert SEED in by_words and by_words <= ministres & otan


def test_quoted_phrase_requires_adjacent_words(corpus_client):
    phrase = search(corpus_client, q='"lutte contre le terrorisme"', per_page=100)
    loose = search(corpus_client, q="lutte contre terrorisme", per_page=100)
    assert 0 < phrase["total"] <= loose["total"]


def test_pagination_walks_through_all_hits_without_overlap(corpus_client):
    first = search(corpus_client, q="ministre", per_page=100)
    total = sum(first["totals"].values())
    seen = []
    for page in range(1, 100):
        hits = search(corpus_client, q="ministre", per_page=7, page=page)["hits"]
        if not hits:
            break
        seen += [h["id"] for h in hits]
    assert len(seen) == len(set(seen)) == total


def test_snippets_mark_the_matched_words(corpus_client):
    hit = search(corpus_client, q="Géorgie")["hits"][0]
    assert "<mark>" in hit["snippet"] and len(hit["snippet"]) < 700


@pytest.mark.parametrize("params, parameter, code", [
    ({"page": "0"}, "page", "out_of_range"),
    ({"page": "abc"}, "page", "invalid_integer"),
    ({"page": "-1"}, "page", "invalid_integer"),
    ({"per_page": "1000"}, "per_page", "out_of_range"),
    ({"per_page": "0"}, "per_page", "out_of_range"),
    ({"per_page": "2.5"}, "per_page", "invalid_integer"),
    ({"from": "2019-03-01", "to": "2018-01-01"}, "to", "invalid_range"),
    ({"from": "01/03/2019"}, "from", "invalid_date"),
    ({"to": "2019-02-30"}, "to", "invalid_date"),
    ({"sort": "random"}, "sort", "invalid_sort"),
    ({"q": "x" * 501}, "q", "query_too_long"),
    ({"year": "dix-sept"}, "year", "invalid_year"),
    ({"page": "10000", "per_page": "100"}, "page", "out_of_range"),
    ({"correct": "maybe"}, "correct", "invalid_boolean"),
])
def test_invalid_parameters_get_a_400_with_a_json_error(corpus_client, params, parameter, code):
    response = corpus_client.get("/api/search", query_string=params)
    assert response.status_code == 400
    assert response.content_type.startswith("application/json")
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and error["code"] == code and error["message"]


def test_unknown_api_routes_get_json_404s(corpus_client):
    for path in ("/api/nothing", "/api/", "/api/search/extra"):
        response = corpus_client.get(path)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_writing_methods_are_refused_on_the_api(corpus_client):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(corpus_client, method)("/api/search", data="q=x")
        assert response.status_code in (404, 405) and "error" in response.get_json()


def test_healthz_reports_the_document_count(corpus_client):
    data = corpus_client.get("/healthz").get_json()
    assert data["status"] == "ok" and data["documents"] >= 66 and data["version"]


def test_etag_allows_conditional_requests(corpus_client):
    first = corpus_client.get("/api/search?q=otan")
    etag = first.headers["ETag"]
    assert "max-age" in first.headers["Cache-Control"]
    again = corpus_client.get("/api/search?q=otan", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert corpus_client.get("/api/search?q=gymnich").headers["ETag"] != etag


def test_the_etag_follows_the_content_not_the_timing_and_changes_with_the_index(tmp_path):
    from datetime import date
    from search_service import create_app
    from tests.search_service.conftest import communique, write_index
    doc = communique("a", "Réunion", "Le ministre a rencontré son homologue.", date(2020, 1, 1))
    write_index(tmp_path, [doc])
    client = create_app({"INDEX": str(tmp_path), "CACHE_SIZE": 0}).test_client()
    first, second = client.get("/api/search?q=ministre"), client.get("/api/search?q=ministre")
    assert first.headers["ETag"] == second.headers["ETag"]          # took_ms differs, the ETag does not
    write_index(tmp_path, [doc, communique("b", "Entretien", "Le ministre a reçu son homologue.", date(2021, 1, 1))])
    engine = client.application.extensions["engine"]
    engine.handle.snapshot()                                                        # the new version, now
    changed = client.get("/api/search?q=ministre", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["total"] == 2


def test_large_responses_are_gzipped_when_the_client_accepts_it(corpus_client):
    response = corpus_client.get("/api/search?per_page=50", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.data))["total"] > 0


def test_json_content_type_and_no_cors_by_default(corpus_client):
    response = corpus_client.get("/api/search?q=otan", headers={"Origin": "https://example.org"})
    assert response.content_type == "application/json"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_can_be_enabled_for_listed_origins(corpus_index):
    from search_service import create_app
    client = create_app({"INDEX": str(corpus_index), "CORS_ORIGINS": "https://presse.example.org"}).test_client()
    allowed = client.get("/api/search?q=otan", headers={"Origin": "https://presse.example.org"})
    other = client.get("/api/search?q=otan", headers={"Origin": "https://evil.example.org"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://presse.example.org"
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.parametrize("q", ["Jean-Claude Juncker", "OTAN-Géorgie", "OTAN-UE"])
def test_a_hyphen_inside_a_word_is_not_a_minus(corpus_client, q):
    assert SEED in [h["id"] for h in search(corpus_client, q=q, per_page=100)["hits"]]


def test_a_leading_minus_still_excludes(corpus_client):
    with_georgia = {h["id"] for h in search(corpus_client, q="OTAN", per_page=100)["hits"]}
    without = {h["id"] for h in search(corpus_client, q="OTAN -Géorgie", per_page=100)["hits"]}
    assert SEED in with_georgia and SEED not in without and without < with_georgia


def test_the_app_sizes_its_word_caches_from_the_configuration(corpus_index):
    from indexer import analysis
    from search_service import create_app
    try:
        create_app({"INDEX": str(corpus_index), "WORD_CACHE": 123})
        assert {info.maxsize for info in analysis.FRENCH_ANALYSIS.cache_info().values()} == {123}
    finally:
        analysis.size_word_caches(analysis.INDEXING_CACHE_ENTRIES)
