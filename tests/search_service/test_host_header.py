"""The Host header is not reflected (issue 21, defect 9): feeds link to COMMUNIQUES_BASE_URL when it is set,
redirects are relative, and TRUSTED_HOSTS refuses other hosts."""
from __future__ import annotations

import feedparser
import pytest

from search_service import create_app
from search_service.config import from_environment

EVIL = "evil.example"


@pytest.fixture
def client_with(corpus_index):
    def make(**config):
        return create_app({"INDEX": str(corpus_index), "TESTING": True, **config}).test_client()
    return make


def feed_urls(client, host: str) -> list[str]:
    response = client.get("/search.atom?q=otan", headers={"Host": host})
    assert response.status_code == 200
    feed = feedparser.parse(response.data)
    assert feed.entries
    urls = [feed.feed.id] + [link.href for link in feed.feed.links]
    for entry in feed.entries:
        urls += [entry.id] + [link.href for link in entry.links if link.rel == "alternate"]
    return urls


def test_the_feed_uses_the_configured_public_base_url_whatever_the_host(client_with):
    client = client_with(BASE_URL="https://presse.example.lu/recherche/")
    urls = feed_urls(client, EVIL)
    assert all(url.startswith("https://presse.example.lu/recherche/") for url in urls), urls
    assert not any(EVIL in url for url in urls)
    assert "https://presse.example.lu/recherche/search.atom?q=otan" in urls


def test_the_api_redirect_is_relative(client_with):
    response = client_with().get("/api", headers={"Host": EVIL})
    assert response.status_code in (301, 308)
    assert response.headers["Location"] == "/api/"


def test_trusted_hosts_refuse_another_host_with_a_400(client_with):
    client = client_with(TRUSTED_HOSTS="presse.example.lu, localhost")
    refused = client.get("/search.atom?q=otan", headers={"Host": EVIL})
    assert refused.status_code == 400
    assert client.get("/api/search?q=otan", headers={"Host": EVIL}).status_code == 400
    assert client.get("/api/search?q=otan", headers={"Host": "presse.example.lu"}).status_code == 200


def test_base_url_and_trusted_hosts_come_from_the_environment():
    config = from_environment({"COMMUNIQUES_BASE_URL": "https://presse.example.lu",
                               "COMMUNIQUES_TRUSTED_HOSTS": "presse.example.lu,.example.lu"})
    assert config["BASE_URL"] == "https://presse.example.lu"
    assert config["TRUSTED_HOSTS"] == ["presse.example.lu", ".example.lu"]
    assert from_environment({})["TRUSTED_HOSTS"] is None
