"""The OpenAPI description stays true: real responses validate against it, every route and parameter is in it."""
import json
import re
import shutil
from importlib import resources
from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from search_service import create_app
from search_service.search.params import FACETS

SPEC = json.loads(resources.files("search_service").joinpath("openapi.json").read_text("utf-8"))


def validator(schema_name: str) -> Draft202012Validator:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def response_schema(path: str, status: str) -> Draft202012Validator:
    schema = SPEC["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    return Draft202012Validator({**schema, "components": SPEC["components"]}, format_checker=FormatChecker())


def test_the_served_description_is_the_file(corpus_client):
    assert corpus_client.get("/api/openapi.json").get_json() == SPEC
    assert SPEC["openapi"].startswith("3.1")


@pytest.mark.parametrize("params", [
    {}, {"q": "OTAN"}, {"q": "Géorgie Stoltenberg"}, {"q": '"lutte contre le terrorisme"'}, {"q": "Stoltenbreg"},
    {"q": "secur*"}, {"q": "(unbalanced"}, {"q": "OTAN", "sort": "oldest", "per_page": 5, "page": 2},
    {"year": ["2017", "2018"], "lang": "fr"}, {"from": "2016-01-01", "to": "2018-12-31", "sort": "newest"},
    {"q": "zzzzqqq"},
])
def test_search_responses_match_the_description(corpus_client, params):
    response = corpus_client.get("/api/search", query_string=params)
    assert response.status_code == 200
    response_schema("/api/search", "200").validate(response.get_json())


def test_error_responses_match_the_description(corpus_client):
    for url in ("/api/search?page=0", "/api/search?sort=x", "/api/documents/none", "/api/nothing"):
        validator("Error").validate(corpus_client.get(url).get_json())


def test_document_and_facets_responses_match_the_description(corpus_client):
    hit = corpus_client.get("/api/search?q=OTAN").get_json()["hits"][0]
    doc = corpus_client.get("/api/documents/" + quote(hit["id"], safe=""))
    assert doc.status_code == 200
    response_schema("/api/documents/{id}", "200").validate(doc.get_json())
    response_schema("/api/facets", "200").validate(corpus_client.get("/api/facets").get_json())
    response_schema("/healthz", "200").validate(corpus_client.get("/healthz").get_json())


def test_meeting_responses_match_the_description(corpus_client):
    listed = corpus_client.get("/api/meetings", query_string={"year": "2017"}).get_json()
    response_schema("/api/meetings", "200").validate(listed)
    one = corpus_client.get("/api/meetings/" + listed["occurrences"][0]["id"])
    assert one.status_code == 200
    response_schema("/api/meetings/{id}", "200").validate(one.get_json())
    validator("Error").validate(corpus_client.get("/api/meetings?year=17").get_json())
    validator("Error").validate(corpus_client.get("/api/meetings/none").get_json())


def test_entity_responses_match_the_description(corpus_client):
    for path, entity in (("/api/people/{id}", "jens-stoltenberg"), ("/api/places/{id}", "bruxelles")):
        reply = corpus_client.get(path.replace("{id}", entity))
        assert reply.status_code == 200
        response_schema(path, "200").validate(reply.get_json())
        validator("Error").validate(corpus_client.get(path.replace("{id}", "personne")).get_json())


def test_every_api_route_is_documented(corpus_app):
    documented = set(SPEC["paths"])
    routes = {re.sub(r"<path:\w+>", "{id}", r.rule) for r in corpus_app.url_map.iter_rules()
              if r.rule.startswith("/api/") or r.rule == "/healthz"}
    routes -= {"/api/", "/api/{id}"}     # the JSON 404 catch-all
    assert routes == documented


def test_every_search_parameter_is_documented():
    documented = {p["name"] for p in SPEC["paths"]["/api/search"]["get"]["parameters"]}
    assert documented == {"q", *FACETS, "from", "to", "sort", "page", "per_page", "correct", "mode"}


# What the before-request checks refuse, on every operation: (status, error code, raw query string).
QUERY_STRING_REFUSALS = [
    ("414", "uri_too_long", "q=" + "a" * 17_000),
    ("400", "invalid_encoding", "q=caf\xe9"),        # the raw byte 0xE9 (Latin-1 "é"): not UTF-8
]


@pytest.mark.parametrize("path", sorted(SPEC["paths"]))
@pytest.mark.parametrize("status, code, query", QUERY_STRING_REFUSALS, ids=[c for _, c, _ in QUERY_STRING_REFUSALS])
def test_refused_query_strings_match_the_description(corpus_client, path, status, code, query):
    reply = corpus_client.get(path.replace("{id}", "x"), environ_overrides={"QUERY_STRING": query})
    assert (reply.status_code, reply.get_json()["error"]["code"]) == (int(status), code)
    response_schema(path, status).validate(reply.get_json())


def test_a_damaged_index_answers_as_described(tmp_path, small_index):
    broken = tmp_path / "index"
    shutil.copytree(small_index, broken)
    for segment in broken.glob("gen-*/*.seg"):
        segment.write_bytes(b"\0garbage" * 16)
    client = create_app({"INDEX": str(broken), "CACHE_SIZE": 0}).test_client()
    for path in ("/api/search", "/api/documents/{id}", "/api/facets", "/healthz"):
        reply = client.get(path.replace("{id}", "otan-2017"))
        assert (reply.status_code, reply.get_json()["error"]["code"]) == (503, "index_unavailable"), path
        response_schema(path, "503").validate(reply.get_json())
        assert "Retry-After" in SPEC["paths"][path]["get"]["responses"]["503"]["headers"]
        assert int(reply.headers["Retry-After"]) > 0
