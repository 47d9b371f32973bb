"""Per-client rate limiting of the JSON API: off by default, 429 with Retry-After when RATE_LIMIT is set."""
from __future__ import annotations

import time

from search_service import create_app
from search_service.config import DEFAULTS
from tests.reliability.hostile_queries import error_validator


def test_rate_limiting_is_off_by_default(corpus_index):
    assert DEFAULTS["RATE_LIMIT"] == 0
    client = create_app({"INDEX": str(corpus_index), "TESTING": True}).test_client()
    assert {client.get("/api/search?q=otan").status_code for _ in range(150)} == {200}


def test_a_client_over_the_limit_gets_429_with_retry_after_and_others_do_not(corpus_index):
    client = create_app({"INDEX": str(corpus_index), "TESTING": True, "RATE_LIMIT": 60}).test_client()
    alice, bob = {"REMOTE_ADDR": "192.0.2.1"}, {"REMOTE_ADDR": "192.0.2.2"}
    statuses = [client.get("/api/search?q=otan", environ_base=alice).status_code for _ in range(60)]
    assert set(statuses) == {200}
    limited = client.get("/api/facets", environ_base=alice)
    assert limited.status_code == 429
    retry_after = int(limited.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    error_validator().validate(limited.get_json())
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert client.get("/api/search?q=otan", environ_base=bob).status_code == 200
    assert client.get("/?q=otan", environ_base=alice).status_code == 200          # the HTML page is not limited
    time.sleep(retry_after + 0.1)
    assert client.get("/api/search?q=otan", environ_base=alice).status_code == 200
