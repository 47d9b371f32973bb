"""The OpenAPI description stays true: real responses validate against it, every route and parameter is in it."""
import json
from importlib import resources
from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator, FormatChecker

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


def test_every_api_route_is_documented(corpus_app):
    documented = {p.replace("{id}", "<path:doc_id>") for p in SPEC["paths"]}
    routes = {r.rule for r in corpus_app.url_map.iter_rules() if r.rule.startswith("/api/") or r.rule == "/healthz"}
    routes -= {"/api/", "/api/<path:rest>"}     # the JSON 404 catch-all
    assert routes == documented


def test_every_search_parameter_is_documented():
    documented = {p["name"] for p in SPEC["paths"]["/api/search"]["get"]["parameters"]}
    assert documented == {"q", *FACETS, "from", "to", "sort", "page", "per_page", "correct"}
