"""Versions as the service shows them, from a version store written beside a real index."""
from __future__ import annotations

from datetime import date, datetime, timezone

import feedparser
import pytest

from indexer.crawl.judge import PageText
from indexer.crawl.settings import versions_path
from indexer.crawl.versions import VersionStore
from search_service import create_app
from tests.search_service.conftest import DOCS, write_index


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def edited_client(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("versions-index")
    write_index(index_dir, DOCS)
    store = VersionStore(versions_path(index_dir))
    otan, cae = DOCS[0], DOCS[2]
    store.record(otan.url, PageText(otan.title, date(2017, 12, 5), otan.body), at(1))
    store.record(otan.url, PageText(otan.title, date(2017, 12, 5), otan.body), at(2))       # fetched again, same text
    store.record(otan.url, PageText(otan.title, otan.date, otan.body), at(3))               # the date corrected
    store.record(cae.url, PageText(cae.title, cae.date, "Le Conseil a examiné la situation en Ukraine."), at(1))
    store.record(cae.url, PageText(cae.title, cae.date, cae.body), at(4))
    store.close()
    return create_app({"INDEX": str(index_dir), "TESTING": True, "CACHE_SIZE": 0}).test_client()


def test_versions_are_found_by_the_documents_url_when_its_id_is_a_path(edited_client):
    data = edited_client.get("/api/documents/otan-2017/versions").get_json()
    assert data["edited"] is True
    assert [(v["number"], v["captured_at"]) for v in data["versions"]] == [
        (1, "2024-03-01T09:00:00+00:00"), (2, "2024-03-03T09:00:00+00:00")]          # the same text is no version
    assert data["versions"][1]["diff"]["date"] == [{"op": "delete", "text": "2017-12-05"},
                                                   {"op": "insert", "text": "2017-12-06"}]


def test_changes_atom_lists_the_latest_edit_first(edited_client):
    feed = feedparser.parse(edited_client.get("/changes.atom").data)
    assert [e.link.rsplit("/", 1)[-1] for e in feed.entries] == ["cae-2019", "otan-2017"]
    assert feed.entries[0].updated == "2024-03-04T09:00:00Z"


def test_a_corrected_date_is_shown_on_the_document_page(edited_client):
    page = edited_client.get("/documents/otan-2017").get_data(as_text=True)
    assert "Modifié après publication" in page and "3 mars 2024 à 09:00 (UTC)" in page
    assert "2017-12-05" in page and "2017-12-06" in page
    old = edited_client.get("/documents/otan-2017?version=1").get_data(as_text=True)
    assert '<time datetime="2017-12-05">5 décembre 2017</time>' in old


def test_without_a_crawl_there_are_no_versions_and_an_empty_feed(small_client):
    data = small_client.get("/api/documents/otan-2017/versions").get_json()
    assert data == {"id": "otan-2017", "edited": False, "versions": []}
    feed = feedparser.parse(small_client.get("/changes.atom").data)
    assert not feed.bozo and feed.entries == []
    assert "Modifié après publication" not in small_client.get("/documents/otan-2017").get_data(as_text=True)
    assert small_client.get("/documents/otan-2017?version=1").status_code == 404


def test_a_damaged_version_store_hides_the_history_but_not_the_document(tmp_path):
    write_index(tmp_path, DOCS)
    versions_path(tmp_path).parent.mkdir(parents=True)
    versions_path(tmp_path).write_bytes(b"ceci n'est pas une base SQLite" * 100)
    client = create_app({"INDEX": str(tmp_path), "TESTING": True, "CACHE_SIZE": 0}).test_client()
    assert client.get("/api/documents/otan-2017/versions").get_json()["versions"] == []
    assert client.get("/documents/otan-2017").status_code == 200
    assert client.get("/changes.atom").status_code == 200
