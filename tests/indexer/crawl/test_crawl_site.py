"""End to end: four crawls of the fixture ministry site through `python -m indexer crawl`.

1. first crawl: everything is new; 2. after one communiqué was edited; 3. after a new one was
published on the first listing page; 4. with --full. The server records every request, the
tests read what was fetched, in which order and how often, what was reported and what the real
index holds.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexer.crawl.settings import DEFAULT_USER_AGENT
from tests.indexer.crawl import fixture_site as fs
from tests.indexer.crawl.fixture_server import Hit, RecordingServer
from tests.indexer.crawl.helpers import CliRun, indexed, run_cli, search_ids

DELAY = 0.05
TIMEOUT = 0.5
OPTIONS = ["--profile", "gouvernement-lu", "--delay", str(DELAY), "--timeout", str(TIMEOUT), "--retries", "1",
           "--backoff", "0.05", "--procs", "1"]


@dataclass
class Crawl:
    cli: CliRun
    hits: list[Hit]

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def count(self, path: str) -> int:
        return self.paths().count(path)


@dataclass
class Scenario:
    site: fs.MinistrySite
    server: RecordingServer
    other: RecordingServer
    index: Path
    crawls: list[Crawl]
    other_hits: list[Hit]

    def url(self, path: str) -> str:
        return self.site.url(path)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    server, other = RecordingServer().start(), RecordingServer().start()
    try:
        site = fs.MinistrySite(server, other)
        index = tmp_path_factory.mktemp("crawl") / "index"
        args = ["crawl", site.url(fs.LISTING), site.url(fs.FEED), "--index", index, *OPTIONS]
        crawls = []

        def crawl(*extra):
            cli = run_cli(*args, *extra)
            crawls.append(Crawl(cli, server.take_hits()))

        crawl()
        site.edit_changed_page()
        crawl()
        site.publish_new_communique()
        crawl()
        crawl("--full")
        yield Scenario(site, server, other, index, crawls, other.take_hits())
    finally:
        server.stop()
        other.stop()


# --- first crawl ----------------------------------------------------------------------------

def test_first_crawl_walks_each_listing_page_then_its_communiques_then_the_feed(scenario):
    assert scenario.crawls[0].paths() == [
        "/robots.txt", "/sitemap.xml",     # no Sitemap: line in robots.txt: the usual place is tried
        fs.LISTING, fs.CHANGED, fs.ETAG_304, fs.FLAKY, fs.FLAKY, fs.PDF, fs.NO_VALIDATORS,
        fs.LISTING_2, fs.RATE_LIMITED, fs.RATE_LIMITED, fs.REDIRECT_START, fs.REDIRECT_STEP, fs.REDIRECT_FINAL,
        fs.LOOP_A, fs.LOOP_B,
        fs.LISTING_3, fs.LEGACY, fs.SLOW, fs.SLOW, fs.GONE,
        fs.FEED, fs.FEED_ONLY,
    ]


def test_every_communique_is_indexed_under_its_final_url(scenario):
    expected = {fs.CHANGED, fs.ETAG_304, fs.FLAKY, fs.NO_VALIDATORS, fs.RATE_LIMITED, fs.REDIRECT_FINAL, fs.LEGACY,
                fs.FEED_ONLY, fs.NEW}
    docs = indexed(scenario.index)
    assert set(docs) == {scenario.url(p) for p in expected}
    assert "added: 8, updated: 0, unchanged: 0, deleted: 0, failed: 4" in scenario.crawls[0].cli.output


def test_communiques_in_every_layout_are_searchable_in_french(scenario):
    assert search_ids(scenario.index, "aide humanitaire Liban") >= {scenario.url(fs.ETAG_304)}
    assert search_ids(scenario.index, "Cour européenne droits homme") == {scenario.url(fs.LEGACY)}   # cp1252 table layout
    assert search_ids(scenario.index, "Alliance défense collective") == {scenario.url(fs.REDIRECT_FINAL)}
    assert search_ids(scenario.index, "Belarus") == {scenario.url(fs.RATE_LIMITED)}                    # accents folded
    legacy = indexed(scenario.index)[scenario.url(fs.LEGACY)]
    assert legacy["title"] == "Conseil de l’Europe : session ministérielle à Strasbourg"
    assert str(legacy["date"].date()) == "2024-09-12"


def test_each_failure_is_reported_with_its_reason_and_the_exit_status_is_3(scenario):
    first = scenario.crawls[0].cli
    assert first.exit_code == 3
    failed = [line for line in first.output.splitlines() if line.startswith("  FAILED ")]
    assert len(failed) == 4
    assert f"FAILED {scenario.url(fs.PDF)}: not HTML (application/pdf)" in first.output
    assert f"FAILED {scenario.url(fs.SLOW)}: timeout" in first.output
    assert f"FAILED {scenario.url(fs.GONE)}: HTTP 404 (not found)" in first.output
    loop = next(line for line in failed if fs.LOOP_A in line)
    assert "redirect loop" in loop
    assert "8 new" in first.output and "1 forbidden by robots.txt" in first.output and "2 on other hosts" in first.output


def test_every_request_names_the_crawler(scenario):
    agents = {h.headers.get("user-agent") for crawl in scenario.crawls for h in crawl.hits}
    assert agents == {DEFAULT_USER_AGENT}


def test_a_path_forbidden_by_robots_txt_is_never_requested(scenario):
    assert all(fs.FORBIDDEN not in crawl.paths() for crawl in scenario.crawls)
    assert all("1 forbidden by robots.txt" in crawl.cli.output for crawl in scenario.crawls)


def test_links_to_other_hosts_are_never_followed(scenario):
    assert scenario.other_hits == []
    hosts = {h.host for crawl in scenario.crawls for h in crawl.hits}
    assert hosts == {f"127.0.0.1:{scenario.server.port}"}          # never as localhost:PORT, the same server's alias


def test_a_500_is_retried_after_a_backoff_and_then_indexed(scenario):
    hits = [h for h in scenario.crawls[0].hits if h.path == fs.FLAKY]
    assert [h.status for h in hits] == [500, 200]
    assert hits[1].started - hits[0].started >= 0.05      # the backoff
    assert scenario.url(fs.FLAKY) in indexed(scenario.index)


def test_a_429_is_retried_only_after_its_retry_after(scenario):
    hits = [h for h in scenario.crawls[0].hits if h.path == fs.RATE_LIMITED]
    assert [h.status for h in hits] == [429, 200]
    assert hits[1].started - hits[0].started >= 1.0
    assert scenario.url(fs.RATE_LIMITED) in indexed(scenario.index)


def test_a_page_slower_than_the_timeout_is_tried_twice_then_given_up(scenario):
    hits = [h for h in scenario.crawls[0].hits if h.path == fs.SLOW]
    assert len(hits) == 2
    # The client gave up TIMEOUT after sending; the server may have started handling a little later (load).
    assert hits[1].started - hits[0].started >= TIMEOUT / 2
    after = scenario.crawls[0].hits[scenario.crawls[0].hits.index(hits[1]) + 1]
    assert after.path == fs.GONE and after.started - hits[1].started < 1.5     # did not wait for the 2 s answer
    assert scenario.url(fs.SLOW) not in indexed(scenario.index)


def test_a_redirect_chain_is_followed_and_indexed_under_its_final_url(scenario):
    hits = {h.path: h.status for h in scenario.crawls[0].hits}
    assert (hits[fs.REDIRECT_START], hits[fs.REDIRECT_STEP], hits[fs.REDIRECT_FINAL]) == (301, 301, 200)
    assert scenario.url(fs.REDIRECT_FINAL) in indexed(scenario.index)
    assert scenario.url(fs.REDIRECT_START) not in indexed(scenario.index)


def test_a_redirect_loop_is_left_after_one_round(scenario):
    assert scenario.crawls[0].count(fs.LOOP_A) == 1 and scenario.crawls[0].count(fs.LOOP_B) == 1


def test_a_pdf_is_requested_once_and_neither_archived_nor_indexed(scenario):
    assert [c.count(fs.PDF) for c in scenario.crawls[:3]] == [1, 0, 0]
    archive = scenario.index / "crawl" / "archive"
    assert not [p for p in archive.rglob("*") if "discours-assemblee-generale" in p.name]


def test_requests_start_at_least_the_delay_apart(scenario):
    # Measured start to start: the crawler waits from the end of a response, which is after its start.
    # (End-to-start gaps and overlap are checked with a longer delay in test_crawl_politeness.py.)
    for crawl in scenario.crawls:
        for before, after in zip(crawl.hits, crawl.hits[1:]):
            assert after.started - before.started >= DELAY, (before.path, after.path)


# --- second crawl: one communiqué edited ----------------------------------------------------------

def test_second_crawl_asks_conditionally_for_every_known_page_and_stops_after_page_one(scenario):
    second = scenario.crawls[1]
    assert second.paths() == ["/robots.txt", "/sitemap.xml", fs.LISTING, fs.CHANGED, fs.ETAG_304, fs.FLAKY, fs.NO_VALIDATORS,
                              fs.FEED, fs.FEED_ONLY]
    unconditional = {h.path for h in second.hits if not h.conditional}
    assert unconditional == {"/robots.txt", "/sitemap.xml", fs.NO_VALIDATORS}      # that page never sent ETag or Last-Modified
    assert second.hits[second.paths().index(fs.ETAG_304)].headers["if-none-match"] == '"liban-v1"'
    assert second.cli.exit_code == 0
    assert f"stopped at {scenario.url(fs.LISTING)}" in second.cli.output


def test_second_crawl_reindexes_only_the_changed_communique(scenario):
    second = scenario.crawls[1]
    assert "added: 0, updated: 1, unchanged: 7, deleted: 0, failed: 0" in second.cli.output
    statuses = {h.path: h.status for h in second.hits}
    assert statuses[fs.CHANGED] == 200 and statuses[fs.ETAG_304] == 304 and statuses[fs.FLAKY] == 304
    assert search_ids(scenario.index, "Géorgie manifester") == {scenario.url(fs.CHANGED)}


def test_a_page_answered_304_stays_in_the_index(scenario):
    assert search_ids(scenario.index, "Croix-Rouge libanaise") == {scenario.url(fs.ETAG_304)}


def test_the_archive_keeps_the_previous_bytes_of_a_changed_page(scenario):
    folder = scenario.index / "crawl" / "archive" / f"127.0.0.1_{scenario.server.port}" / fs.CHANGED.strip("/")
    versions = sorted(p.name for p in folder.parent.glob(folder.name + "*") if not p.name.endswith(".meta.json"))
    assert len(versions) == 2
    old = (folder.parent / [v for v in versions if v != folder.name][0]).read_bytes()
    assert "Géorgie" not in old.decode("utf-8") and "Géorgie" in folder.read_text("utf-8")


# --- third crawl: a new communiqué on page one ------------------------------------------------------

def test_a_new_communique_makes_the_walk_go_on_until_a_page_of_known_ones(scenario):
    third = scenario.crawls[2]
    assert third.paths() == ["/robots.txt", "/sitemap.xml", fs.LISTING, fs.NEW, fs.CHANGED, fs.ETAG_304, fs.FLAKY, fs.NO_VALIDATORS,
                             fs.LISTING_2, fs.RATE_LIMITED, fs.REDIRECT_FINAL, fs.FEED, fs.FEED_ONLY]
    assert f"stopped at {scenario.url(fs.LISTING_2)}" in third.cli.output
    assert "added: 1, updated: 0, unchanged: 8" in third.cli.output
    assert scenario.url(fs.NEW) in search_ids(scenario.index, "ambassadeur Japon")


def test_a_permanent_redirect_is_remembered_and_its_target_asked_directly(scenario):
    third = scenario.crawls[2]
    assert fs.REDIRECT_START not in third.paths() and fs.REDIRECT_STEP not in third.paths()
    final = third.hits[third.paths().index(fs.REDIRECT_FINAL)]
    assert final.conditional and final.status == 304


# --- fourth crawl: --full ----------------------------------------------------------------------------

def test_full_crawl_walks_every_listing_page_and_retries_failed_pages(scenario):
    full = scenario.crawls[3]
    for path in (fs.LISTING_3, fs.LEGACY, fs.GONE, fs.LOOP_A, fs.PDF):
        assert path in full.paths()
    assert full.count(fs.SLOW) == 2
    assert full.cli.exit_code == 3
    assert "stopped at" not in full.cli.output


# --- the archive ---------------------------------------------------------------------------------------

def test_the_archive_holds_the_raw_bytes_with_url_headers_and_fetch_time(scenario):
    host = scenario.index / "crawl" / "archive" / f"127.0.0.1_{scenario.server.port}"
    page = host / fs.LEGACY.strip("/")
    assert page.read_bytes() == scenario.site.communique(fs.LEGACY)       # the ISO-8859-1 bytes, untouched
    meta = json.loads(page.with_name(page.name + ".meta.json").read_text("utf-8"))
    assert meta["url"] == scenario.url(fs.LEGACY) and meta["status"] == 200
    assert meta["headers"]["content-type"] == "text/html; charset=iso-8859-1"
    assert meta["headers"]["last-modified"] and meta["fetched_at"].startswith("20")
    redirected = json.loads((host / (fs.REDIRECT_FINAL.strip("/") + ".meta.json")).read_text("utf-8"))
    assert redirected["requested_url"] == scenario.url(fs.REDIRECT_START)
    assert redirected["url"] == scenario.url(fs.REDIRECT_FINAL)


def test_rebuilding_from_the_archive_makes_no_request_and_gives_the_same_documents(scenario, tmp_path):
    scenario.server.take_hits()
    rebuilt = tmp_path / "rebuilt"
    cli = run_cli("ingest", scenario.index / "crawl" / "archive", "--index", rebuilt, "--procs", "1")
    assert cli.exit_code == 0, cli.output
    assert scenario.server.take_hits() == []
    crawled, again = indexed(scenario.index), indexed(rebuilt)
    assert set(again) == set(crawled)
    for doc_id, doc in crawled.items():
        assert (again[doc_id]["title"], again[doc_id]["body"], again[doc_id]["date"]) == (doc["title"], doc["body"], doc["date"])
