"""End to end from a ministry's home page: discovery, judging pages, incremental crawls, versions.

Three crawls of the press-room site (press_room_site.py) through `python -m indexer crawl HOME`:
1. first crawl; 2. nothing changed; 3. after one communiqué was edited (a figure changed, a
sentence removed) and another republished in a new template with the same text. The search
service then serves the versions from the same index directory.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from indexer.crawl.versions import VersionStore
from indexer.crawl.settings import versions_path
from search_service import create_app
from tests.indexer.crawl import press_room_site as ps
from tests.indexer.crawl.fixture_server import Hit, RecordingServer, Reply
from tests.indexer.crawl.helpers import CliRun, indexed, run_cli, search_ids

OPTIONS = ["--delay", "0.01", "--timeout", "2", "--retries", "1", "--backoff", "0.01", "--procs", "1"]


@dataclass
class Crawl:
    cli: CliRun
    hits: list[Hit]

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]


@dataclass
class Scenario:
    site: ps.PressRoomSite
    index: Path
    crawls: list[Crawl]

    def url(self, path: str) -> str:
        return self.site.url(path)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    server = RecordingServer().start()
    try:
        site = ps.PressRoomSite(server)
        index = tmp_path_factory.mktemp("press-room") / "index"
        crawls = []

        def crawl():
            cli = run_cli("crawl", site.url(ps.HOME), "--index", index, *OPTIONS)
            crawls.append(Crawl(cli, server.take_hits()))

        crawl()
        crawl()
        site.edit()
        site.republish()
        crawl()
        yield Scenario(site, index, crawls)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def client(scenario):
    return create_app({"INDEX": str(scenario.index), "TESTING": True, "CACHE_SIZE": 0}).test_client()


# --- discovery from the home page -------------------------------------------------------------

def test_starting_from_the_home_page_indexes_every_communique_and_nothing_else(scenario):
    first = scenario.crawls[0].cli
    assert first.exit_code == 0, first.output
    assert set(indexed(scenario.index)) == {scenario.url(p) for p in scenario.site.communique_paths}
    assert "added: 10, updated: 0, unchanged: 0, deleted: 0, failed: 0" in first.output


def test_each_route_finds_what_only_it_leads_to(scenario):
    asked = scenario.crawls[0].paths()
    assert asked[:4] == ["/robots.txt", ps.SITEMAP_INDEX, ps.SITEMAP_PAGES, ps.SITEMAP_NEWS]   # the Sitemap: line
    for hub_or_listing in (ps.HUB, ps.COMMUNIQUES, ps.COMMUNIQUES_2, ps.ARCHIVE_2023, ps.DECLARATIONS, ps.DISCOURS,
                           ps.FEED):
        assert hub_or_listing in asked
    # the section's second page through « Page suivante », the year archive from the section
    assert asked.index(ps.COMMUNIQUES) < asked.index(ps.COMMUNIQUES_2)
    assert asked.index(ps.COMMUNIQUES) < asked.index(ps.ARCHIVE_2023) < asked.index(ps.IN_ARCHIVE.path)
    assert asked.index(ps.FEED) < asked.index(ps.FEED_ONLY.path)
    # nothing links the sitemap-only communiqué: it is asked for last, from the sitemap
    assert asked[-1] == ps.SITEMAP_ONLY.path


def test_the_summary_lists_what_each_route_found_and_the_pages_judged_not_communiques(scenario):
    output = scenario.crawls[0].cli.output
    # the home page features one; the feed and the sitemap each name one nothing else links to
    assert "communiqués found: 10 (1 start page, 1 sitemap, 7 listing, 1 feed, 0 hub)" in output
    # lists of links: home, 4 listing pages, the 2023 archive; undated: press room, ministry, contact, legal notice
    assert "10 pages judged not communiqués (6 liste de liens, 4 pas de date de publication)" in output


def test_robots_txt_wildcards_keep_pdf_and_print_links_unasked(scenario):
    every = [p for crawl in scenario.crawls for p in crawl.paths()]
    assert not [p for p in every if p.endswith(".pdf") or "imprimer=" in p]


def test_contact_and_legal_notice_pages_are_read_but_never_indexed(scenario):
    asked = scenario.crawls[0].paths()
    assert ps.CONTACT in asked and ps.LEGAL in asked
    ids = set(indexed(scenario.index))
    assert scenario.url(ps.CONTACT) not in ids and scenario.url(ps.LEGAL) not in ids
    assert search_ids(scenario.index, "hébergement") == set()


# --- the second crawl -------------------------------------------------------------------------

def test_a_second_crawl_refetches_nothing_unchanged(scenario):
    second = scenario.crawls[1]
    assert second.cli.exit_code == 0, second.cli.output
    asked = [h for h in second.hits if h.path != "/robots.txt"]
    assert asked and all(h.conditional and h.status == 304 for h in asked)
    assert not set(second.paths()) & scenario.site.communique_paths       # their lastmod is older than our check
    assert "added: 0, updated: 0, unchanged: 10" in second.cli.output
    assert "communiqués found: 10" in second.cli.output


# --- versions ---------------------------------------------------------------------------------

def test_an_edited_communique_keeps_both_versions_with_their_capture_times(scenario):
    third = scenario.crawls[2]
    assert third.cli.exit_code == 0, third.cli.output
    assert [h.path for h in third.hits if h.status == 200 and h.path != "/robots.txt"] == [
        ps.SITEMAP_NEWS, ps.EDITED.path, ps.REPUBLISHED.path]     # their lastmod moved
    assert "1 communiqués edited since their last capture" in third.cli.output
    store = VersionStore(versions_path(scenario.index), readonly=True)
    try:
        edited = store.versions(scenario.url(ps.EDITED.path))
        republished = store.versions(scenario.url(ps.REPUBLISHED.path))
    finally:
        store.close()
    assert [v.number for v in edited] == [1, 2] and edited[0].captured_at < edited[1].captured_at
    assert "trois millions" in edited[0].body and "cinq millions" in edited[1].body
    assert len(republished) == 1          # new markup, same text: not a version


def test_search_answers_from_the_latest_version(scenario):
    assert search_ids(scenario.index, "cinq millions") == {scenario.url(ps.EDITED.path)}
    assert search_ids(scenario.index, "trois millions") == set()


def test_the_versions_api_lists_each_version_with_a_word_diff(scenario, client):
    doc_id = scenario.url(ps.EDITED.path)
    answer = client.get(f"/api/documents/{doc_id}/versions")
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["edited"] is True and [v["number"] for v in data["versions"]] == [1, 2]
    assert data["versions"][0]["diff"] is None
    body = data["versions"][1]["diff"]["body"]
    assert {"op": "delete", "text": "trois"} in body and {"op": "insert", "text": "cinq"} in body
    assert {"op": "delete", "text": "paix et plaidé pour un cessez-le-feu durable."} in body
    assert {"op": "insert", "text": "paix."} in body
    assert all(part["op"] == "equal" for part in data["versions"][1]["diff"]["title"])
    assert client.get(f"/api/documents/{scenario.url('/nulle-part.html')}/versions").status_code == 404
    spec = client.get("/api/openapi.json").get_json()
    schema = spec["paths"]["/api/documents/{id}/versions"]["get"]["responses"]["200"]["content"]["application/json"]
    Draft202012Validator({**schema["schema"], "components": spec["components"]},
                         format_checker=FormatChecker()).validate(data)


def test_an_unedited_document_has_one_version_and_no_diff(scenario, client):
    data = client.get(f"/api/documents/{scenario.url(ps.REPUBLISHED.path)}/versions").get_json()
    assert data["edited"] is False and len(data["versions"]) == 1
    page = client.get(f"/documents/{scenario.url(ps.REPUBLISHED.path)}").get_data(as_text=True)
    assert "Modifié après publication" not in page


def test_the_document_page_shows_the_edit_in_french_and_an_earlier_version_on_request(scenario, client):
    doc_id = scenario.url(ps.EDITED.path)
    page = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "Modifié après publication" in page
    assert "<del><span class=\"visually-hidden\">[supprimé : </span>trois" in page
    assert "<ins><span class=\"visually-hidden\">[ajouté : </span>cinq" in page
    assert "cinq millions" in page.split("Modifié après publication")[1]
    old = client.get(f"/documents/{doc_id}?version=1").get_data(as_text=True)
    assert "Vous lisez la version 1" in old and "trois millions d’euros au fonds européen pour la paix et plaidé" in old
    assert client.get(f"/documents/{doc_id}?version=7").status_code == 404
    assert client.get(f"/documents/{doc_id}?version=un").status_code == 404


def test_changes_atom_lists_the_edit(scenario, client):
    answer = client.get("/changes.atom")
    assert answer.status_code == 200 and answer.mimetype == "application/atom+xml"
    feed = feedparser.parse(answer.data)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [f"Modifié : {ps.EDITED.title}"]
    entry = feed.entries[0]
    assert entry.link == f"http://localhost/documents/{scenario.url(ps.EDITED.path)}"
    assert "[-trois-] {+cinq+}" in entry.summary


# --- a start page that leads nowhere ----------------------------------------------------------

def test_a_crawl_from_a_page_that_leads_nowhere_says_why_and_exits_4(servers, tmp_path):
    server = _nowhere(servers())
    cli = run_cli("crawl", server.url("/"), "--index", tmp_path / "ix", *OPTIONS)
    assert cli.exit_code == 4
    assert "1 page lue, aucun lien vers un communiqué ; essayez --max-depth, une page de liste, ou un profil de site" \
        in cli.output


def test_ingest_of_a_url_that_leads_nowhere_exits_4_too(servers, tmp_path):
    server = _nowhere(servers())
    assert run_cli("ingest", server.url("/"), "--index", tmp_path / "ix", "--procs", "1").exit_code == 4


def _nowhere(server: RecordingServer) -> RecordingServer:
    server.route("/", Reply(200, '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Bienvenue</title>'
                            '</head><body><h1>Bienvenue</h1><p>Ce site est en travaux : revenez bientôt.</p>'
                            '<p><a href="/plan.html">Plan du site</a></p></body></html>'.encode(),
                            {"Content-Type": "text/html; charset=utf-8"}))
    return server
