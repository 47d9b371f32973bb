"""A damaged index is a 503, not a 500: JSON for the API and /healthz, the French "unavailable" page for HTML.

The index is built by the project's indexer from real pages, then one file of its live generation is
truncated, emptied, overwritten with garbage or deleted: each of these made requests fail with a
different exception (EOFError, struct.error, OSError, FileNotFoundError, pickle.UnpicklingError,
Whoosh's IndexError, TypeError).
"""
from __future__ import annotations

import logging
import os
import shutil

import pytest
from bs4 import BeautifulSoup

from indexer.ingest import ingest
from indexer.store import IndexStore
from search_service import create_app
from tests.conftest import write_pages
from tests.reliability.hostile_pages import good_pages
from tests.reliability.hostile_queries import leaks

API_URLS = ("/healthz", "/api/search?q=ministres", "/api/search", "/api/facets", "/api/documents/good%2F000.html")
HTML_URLS = ("/", "/?q=ministres", "/documents/good/000.html", "/search.atom", "/search.csv?q=ministres")


def truncate(path):
    with open(path, "r+b") as f:
        f.truncate(min(100, path.stat().st_size // 2))


def garbage(path):
    path.write_bytes(os.urandom(path.stat().st_size))


def empty(path):
    path.write_bytes(b"")


DAMAGES = {
    "truncated segment": (".seg", truncate), "garbage segment": (".seg", garbage), "empty segment": (".seg", empty),
    "missing segment": (".seg", os.unlink), "truncated toc": (".toc", truncate), "garbage toc": (".toc", garbage),
    "empty toc": (".toc", empty),
}


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    return write_pages(tmp_path_factory.mktemp("pages"), good_pages(6))


@pytest.fixture(scope="module")
def healthy_index(tmp_path_factory, sources):
    index_dir = tmp_path_factory.mktemp("healthy-index")
    ingest([str(sources)], IndexStore(index_dir), procs=1)
    return index_dir


def damaged_copy(healthy_index, tmp_path, damage: str):
    suffix, spoil = DAMAGES[damage]
    broken = tmp_path / "index"
    shutil.copytree(healthy_index, broken)
    files = [p for p in broken.glob("gen-*/*") if p.name.endswith(suffix)]
    assert files
    for path in files:
        spoil(path)
    return broken


def client_of(index_dir):
    app = create_app({"INDEX": str(index_dir), "CACHE_SIZE": 0})     # not TESTING: as in production
    return app.test_client()


@pytest.mark.parametrize("damage", DAMAGES)
def test_the_api_and_healthz_answer_503_with_a_json_error(healthy_index, tmp_path, damage):
    client = client_of(damaged_copy(healthy_index, tmp_path, damage))
    for url in API_URLS:
        reply = client.get(url)
        assert reply.status_code == 503, (url, reply.status_code, reply.data[:300])
        assert reply.mimetype == "application/json", url
        error = reply.get_json()["error"]
        assert error["code"] == "index_unavailable", url
        assert "cannot be read" in error["message"], url
        assert int(reply.headers["Retry-After"]) > 0, url
        assert leaks(reply.data) is None, url


@pytest.mark.parametrize("damage", ["truncated segment", "garbage toc", "empty toc"])
def test_html_pages_answer_503_with_the_french_unavailable_page(healthy_index, tmp_path, damage):
    client = client_of(damaged_copy(healthy_index, tmp_path, damage))
    for url in HTML_URLS:
        reply = client.get(url)
        assert reply.status_code == 503, (url, reply.status_code)
        assert reply.mimetype == "text/html", url
        assert int(reply.headers["Retry-After"]) > 0, url
        assert reply.headers.get("Content-Security-Policy"), url
        soup = BeautifulSoup(reply.get_data(as_text=True), "lxml")
        assert soup.html["lang"] == "fr"
        assert soup.h1.get_text() == "Recherche momentanément indisponible"
        assert "ne peut pas être lu" in soup.main.get_text()
        assert leaks(reply.data) is None, url


def test_the_cause_is_logged_on_the_server(healthy_index, tmp_path, caplog):
    client = client_of(damaged_copy(healthy_index, tmp_path, "truncated segment"))
    with caplog.at_level(logging.ERROR):
        assert client.get("/api/search?q=ministres").status_code == 503
    records = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert records and "cannot be read" in records[-1].getMessage()
    assert isinstance(records[-1].exc_info[1], EOFError)


def test_the_service_answers_again_once_the_index_is_rebuilt(healthy_index, sources, tmp_path):
    broken = damaged_copy(healthy_index, tmp_path, "garbage segment")
    client = client_of(broken)
    assert client.get("/api/search").status_code == 503
    ingest([str(sources)], IndexStore(broken), rebuild=True, procs=1)
    reply = client.get("/api/search")
    assert reply.status_code == 200 and reply.get_json()["total"] == 6
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_a_bug_that_is_not_in_reading_the_index_is_still_a_500(healthy_index):
    app = create_app({"INDEX": str(healthy_index), "CACHE_SIZE": 0})
    engine = app.extensions["engine"]

    def buggy(*args, **kwargs):
        raise TypeError("a bug in the query layer, not a damaged index")

    engine.search = engine.all_facets = buggy
    client = app.test_client()
    for url in ("/api/search?q=ministres", "/api/facets"):
        reply = client.get(url)
        assert (reply.status_code, reply.get_json()["error"]["code"]) == (500, "internal_error"), url
    assert client.get("/healthz").status_code == 200


