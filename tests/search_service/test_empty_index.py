"""An empty index (a folder with no usable page, a crawl that found nothing) is valid, not damaged (issue 21,
defect 4): every route answers 200 with nothing in it, and the page says the archive is empty and how to fill it."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from indexer.ingest import ingest
from indexer.store import IndexStore
from search_service import create_app
from tests.conftest import write_pages


@pytest.fixture(scope="module")
def empty_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("empty-index")
    src = write_pages(folder / "src", {"vide.html": b"", "sans-titre.html": "<html><body></body></html>"})
    summary = ingest([str(src)], IndexStore(folder / "index"), procs=1)
    assert len(summary.failed) == 2 and summary.added == 0
    return create_app({"INDEX": str(folder / "index"), "TESTING": True}).test_client()


def test_health_says_ok_with_no_documents(empty_client):
    response = empty_client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok" and response.get_json()["documents"] == 0


@pytest.mark.parametrize("q", ["", "otan", "sécurité européenne", "ot*", "*tion", "otan~1", '"lutte contre"', "-otan"])
def test_a_search_answers_an_empty_result_list(empty_client, q):
    response = empty_client.get("/api/search", query_string={"q": q})
    assert response.status_code == 200, response.data
    data = response.get_json()
    assert data["total"] == 0 and data["hits"] == []


def test_facets_feed_and_export_answer_empty(empty_client):
    assert empty_client.get("/api/facets").get_json()["facets"]["year"] == []
    assert empty_client.get("/search.atom?q=otan").status_code == 200
    csv = empty_client.get("/search.csv?q=otan")
    assert csv.status_code == 200 and csv.headers["X-Export-Rows"] == "0"
    assert empty_client.get("/documents/inconnu.html").status_code == 404


@pytest.mark.parametrize("url", ["/", "/?q=otan", "/?year=2017"])
def test_the_page_says_the_archive_is_empty_and_how_to_fill_it(empty_client, url):
    response = empty_client.get(url)
    assert response.status_code == 200
    text = BeautifulSoup(response.data, "html.parser").get_text(" ", strip=True)
    assert "L'archive est vide" in text
    assert "python -m indexer ingest" in text
    assert "indisponible" not in text and "reconstruit" not in text


def test_a_search_that_matches_nothing_in_a_full_index_does_not_say_the_archive_is_empty(corpus_client):
    text = BeautifulSoup(corpus_client.get("/?q=zzzzqqq").data, "html.parser").get_text(" ", strip=True)
    assert "Aucun communiqué ne correspond" in text and "L'archive est vide" not in text


def test_the_empty_index_is_opened_once_not_on_every_request(empty_client):
    engine = empty_client.application.extensions["engine"]
    empty_client.get("/healthz")
    first = engine.handle._snapshot
    for _ in range(3):
        empty_client.get("/api/search?q=otan")
    assert engine.handle._snapshot is first
