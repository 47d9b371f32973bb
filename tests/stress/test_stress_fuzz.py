"""The fast suite's property tests, run with many more examples: generated pages, any bytes under any charset,
generated queries and parameters on every endpoint, raw bytes in the query string."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.hostile_pages import (PYTHON_CODECS, assert_decoded_or_refused,
                                             assert_extracted_sensibly_or_rejected, hostile_documents)
from tests.reliability.hostile_queries import JSON_ENDPOINTS, PAGE_ENDPOINTS, check_response, parameter_lists, queries

pytestmark = pytest.mark.stress

def many(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(scope="module")
def client(corpus_app):
    return corpus_app.test_client()


@many(800)
@given(hostile_documents())
def test_many_generated_pages_are_extracted_or_rejected_with_a_reason(raw):
    assert_extracted_sensibly_or_rejected(raw)


@many(2000)
@given(st.binary(max_size=4096), st.one_of(st.none(), st.sampled_from(PYTHON_CODECS), st.text(max_size=30)),
       st.sampled_from(["meta", "header", "both"]))
def test_many_byte_strings_decode_or_are_refused_as_binary(raw, label, where):
    assert_decoded_or_refused(raw, label, where)


@many(500)
@given(q=queries)
def test_many_generated_queries_get_no_server_error(client, q):
    check_response(client.get("/api/search?" + urlencode({"q": q})), "/api/search")
    check_response(client.get("/?" + urlencode({"q": q})), "/")


@many(700)
@given(path=st.sampled_from(JSON_ENDPOINTS + PAGE_ENDPOINTS), params=parameter_lists)
def test_many_generated_parameters_get_no_server_error(client, path, params):
    check_response(client.get(path + "?" + urlencode(params)), path)


@many(1500)
@given(raw=st.binary(max_size=400), path=st.sampled_from(["/api/search", "/", "/search.atom", "/search.csv"]))
def test_many_raw_query_strings_get_no_server_error(client, raw, path):
    check_response(client.get(path, environ_overrides={"QUERY_STRING": raw.decode("latin-1")}), path)
