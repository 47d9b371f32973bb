"""Hostile queries and parameters on every endpoint: never a 500, never a traceback, JSON as documented,
expensive expansions capped and said so."""
from __future__ import annotations

import time
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_service.search.params import MAX_QUERY_CHARS
from tests.reliability.hostile_queries import (EXPENSIVE_QUERIES, FILE_CONTENT_MARKERS, JSON_ENDPOINTS, PAGE_ENDPOINTS,
                                               TRAVERSALS, check_response, or_chain, parameter_lists, queries)

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def client(corpus_app):
    return corpus_app.test_client()


@FUZZ
@given(q=queries)
def test_search_api_answers_any_query_without_a_server_error(client, q):
    reply = client.get("/api/search?" + urlencode({"q": q}))
    check_response(reply, "/api/search")
    if len(q.strip()) > MAX_QUERY_CHARS:     # refused by the parameter check, or before it by the URI length limit
        assert (reply.status_code, reply.get_json()["error"]["code"]) in ((400, "query_too_long"), (414, "uri_too_long"))
    else:
        assert reply.status_code == 200, reply.get_json()


@FUZZ
@given(path=st.sampled_from(JSON_ENDPOINTS + PAGE_ENDPOINTS), params=parameter_lists)
def test_every_endpoint_survives_generated_parameters(client, path, params):
    reply = client.get(path + "?" + urlencode(params))
    check_response(reply, path)
    if reply.status_code == 200 and path == "/api/search":
        assert reply.get_json()["per_page"] <= 100


@FUZZ
@given(doc_id=st.one_of(st.text(min_size=1, max_size=300), st.sampled_from(TRAVERSALS)))
def test_document_endpoints_survive_any_id(client, doc_id):
    for prefix in ("/api/documents/", "/documents/"):
        path = prefix + quote(doc_id, safe="/%")
        reply = client.get(path)
        check_response(reply, path)
        assert reply.status_code in (200, 404), (path, reply.status_code)


@FUZZ
@given(raw=st.binary(max_size=300), path=st.sampled_from(["/api/search", "/", "/search.atom", "/api/facets"]))
def test_raw_bytes_in_the_query_string_never_fail(client, raw, path):
    """Invalid UTF-8, NUL and stray % straight into QUERY_STRING (WSGI carries it as Latin-1)."""
    reply = client.get(path, environ_overrides={"QUERY_STRING": raw.decode("latin-1")})
    check_response(reply, path)


@FUZZ
@given(raw=st.binary(min_size=1, max_size=120))
def test_raw_bytes_in_the_path_never_fail(client, raw):
    for prefix in ("/api/documents/", "/documents/", "/static/", "/"):
        reply = client.get("/", environ_overrides={"PATH_INFO": prefix + raw.decode("latin-1")})
        check_response(reply, prefix)


@pytest.mark.parametrize("q", ["%ff%fe%00", "caf%e9", "%c3%28", "%ed%a0%80", "%f4%90%80%80", "%", "%%%"])
def test_invalid_utf8_percent_escapes_are_answered(client, q):
    for path in ("/api/search", "/"):
        reply = client.get(path, environ_overrides={"QUERY_STRING": "q=" + q})
        check_response(reply, path)
        assert reply.status_code == 200


@pytest.mark.parametrize("raw", [b"q=\xff\xfe", b"q=caf\xe9", b"q=\xc3\x28", b"\xed\xa0\x80=1", b"q=ok&\x80"])
def test_raw_invalid_utf8_in_the_query_string_is_a_400(client, raw):
    """JSON `invalid_encoding` for the API; people get the French 400 page with the site's layout."""
    for path in ("/api/search", "/api/facets"):
        reply = client.get(path, environ_overrides={"QUERY_STRING": raw.decode("latin-1")})
        check_response(reply, path)
        assert reply.status_code == 400 and reply.get_json()["error"]["code"] == "invalid_encoding"
    page = client.get("/", environ_overrides={"QUERY_STRING": raw.decode("latin-1")})
    check_response(page, "/")
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "Requête incorrecte" in page.get_data(as_text=True)


@pytest.mark.parametrize("q", EXPENSIVE_QUERIES, ids=range(len(EXPENSIVE_QUERIES)))
def test_expensive_queries_are_answered_quickly_on_the_corpus(client, q):
    started = time.perf_counter()
    reply = client.get("/api/search?" + urlencode({"q": q}))
    elapsed = time.perf_counter() - started
    check_response(reply, "/api/search")
    assert elapsed < 2.0, f"{q[:60]!r} took {elapsed:.2f} s on 66 documents"


def test_wide_prefix_expansion_is_capped_and_reported(client):
    body = client.get("/api/search?q=a*").get_json()
    assert body["capped"], "a* matches more terms than the expansion cap, and the response must say it was cut"
    assert body["total"] > 0


def test_query_over_the_length_limit_is_refused_in_the_api_and_the_page(client):
    q = "securite " * 1200      # 10,800 characters, 10,800 bytes in the URL
    api = client.get("/api/search?" + urlencode({"q": q}))
    assert api.status_code == 400 and api.get_json()["error"]["parameter"] == "q"
    page = client.get("/?" + urlencode({"q": q}))
    assert page.status_code == 400 and page.mimetype == "text/html"
    longer = client.get("/api/search?" + urlencode({"q": "sécurité " * 1200}))    # 18,000 bytes once encoded
    assert longer.status_code == 414 and longer.get_json()["error"]["code"] == "uri_too_long"


def test_two_hundred_or_terms_are_refused_by_the_length_limit_and_a_hundred_are_answered(client):
    """200 OR-ed terms cannot fit in the 500 characters a query may have; the longest chain that fits is answered."""
    refused = client.get("/api/search?" + urlencode({"q": or_chain(200, "otan")}))
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "query_too_long"
    hundred = " OR ".join(chr(97 + i % 26) for i in range(100))
    assert len(hundred) <= MAX_QUERY_CHARS
    answered = client.get("/api/search?" + urlencode({"q": hundred}))
    assert answered.status_code == 200 and "total" in answered.get_json()


def test_unknown_fields_and_control_characters_are_plain_text(client):
    for q in ("meeting:Gymnich", "nope:otan", "id:x", "otan\x00\x01\x1b", "\x7fotan"):
        reply = client.get("/api/search?" + urlencode({"q": q}))
        assert reply.status_code == 200, q
        assert "otan" not in q or reply.get_json()["total"] >= 0


@pytest.mark.parametrize("doc_id", TRAVERSALS)
def test_no_path_traversal_through_document_ids(client, doc_id):
    for prefix in ("/api/documents/", "/documents/", "/static/"):
        reply = client.get(prefix + doc_id)
        assert reply.status_code == 404, (prefix + doc_id, reply.status_code)
        assert not any(m in reply.get_data(as_text=True) for m in FILE_CONTENT_MARKERS)
