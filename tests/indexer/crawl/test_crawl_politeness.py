"""Politeness and limits, each on a small site of its own: robots.txt (Crawl-delay, unreadable),
the page cap, redirects to other hosts, Retry-After beyond reason, removed communiqués."""
from __future__ import annotations

from tests.indexer.crawl.fixture_server import Reply
from tests.indexer.crawl.fixture_site import C
from tests.indexer.crawl.helpers import FAST, indexed, run_cli, tiny_site

LISTING = "/fr/actualites.html"


def test_crawl_delay_in_robots_txt_spaces_requests_more_than_the_configured_delay(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 1, robots=b"User-agent: *\nCrawl-delay: 1\nDisallow: /prive/\n")
    cli = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST)
    hits = server.take_hits()
    assert cli.exit_code == 0, cli.output
    assert [h.path for h in hits] == ["/robots.txt", "/sitemap.xml", LISTING, paths[0]]
    assert all(after.started - before.started >= 1.0 for before, after in zip(hits, hits[1:]))


def test_one_request_at_a_time_with_the_delay_between_a_response_and_the_next_request(servers, tmp_path):
    server = servers()
    tiny_site(server, 3)
    cli = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST, "--delay", "0.2")
    hits = server.take_hits()
    assert cli.exit_code == 0 and len(hits) == 6
    for before, after in zip(hits, hits[1:]):
        assert after.started > before.ended                  # never two requests in flight
        assert after.started - before.ended >= 0.15          # 0.2 s, minus the server's own bookkeeping time


def test_robots_txt_rules_for_the_crawler_by_name_are_obeyed(servers, tmp_path):
    server = servers()
    robots = f"User-agent: communiques-search-crawler\nDisallow: {C}/2024/06-juin/03-\n\nUser-agent: *\nDisallow: /\n"
    paths = tiny_site(server, 3, robots=robots.encode())
    run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST)
    requested = [h.path for h in server.take_hits()]
    assert paths[0] not in requested and paths[1] in requested and paths[2] in requested


def test_an_unreadable_robots_txt_means_nothing_else_is_fetched(servers, tmp_path):
    server = servers()
    tiny_site(server, 2)
    server.route("/robots.txt", Reply(503, b"maintenance", {"Content-Type": "text/plain"}))
    cli = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST)
    assert [h.path for h in server.take_hits()] == ["/robots.txt", "/robots.txt"]     # one retry, then give up
    assert cli.exit_code == 3
    assert f"FAILED {server.url('/robots.txt')}" in cli.output and "nothing fetched from" in cli.output


def test_the_page_cap_stops_a_run_and_the_next_run_resumes(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 6)
    first = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", "--max-pages", "3", *FAST)
    assert [h.path for h in server.take_hits()] == ["/robots.txt", "/sitemap.xml", LISTING, paths[0], paths[1]]
    assert "stopped at the cap of 3 pages" in first.output and first.exit_code == 0
    second = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", "--max-pages", "10", *FAST)
    hits = server.take_hits()
    assert [h.path for h in hits] == ["/robots.txt", "/sitemap.xml", LISTING, *paths]
    assert [h.conditional for h in hits[3:]] == [True, True, False, False, False, False]
    assert "added: 4, updated: 0, unchanged: 2" in second.output
    assert len(indexed(tmp_path / "ix")) == 6


def test_a_redirect_to_another_host_is_not_followed(servers, tmp_path):
    server, elsewhere = servers(), servers()
    paths = tiny_site(server, 2)
    server.route(paths[0], Reply(302, b"", {"Location": elsewhere.url("/communique.html")}))
    cli = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST)
    assert elsewhere.take_hits() == []
    assert f"redirected to {elsewhere.url('/communique.html')}, outside the allowed hosts" in cli.output
    assert cli.exit_code == 3, cli.output
    assert set(indexed(tmp_path / "ix")) == {server.url(paths[1])}, cli.output


def test_a_retry_after_beyond_two_minutes_is_reported_instead_of_waited_for(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 1)
    server.route(paths[0], Reply(429, b"", {"Retry-After": "3600"}))
    cli = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST)
    assert [h.path for h in server.take_hits()].count(paths[0]) == 1
    assert "HTTP 429 (too many requests), Retry-After: 3600" in cli.output and cli.exit_code == 3


def test_a_communique_the_site_removed_leaves_the_archive_and_an_archive_prune_drops_it(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 2)
    index, archive = tmp_path / "ix", tmp_path / "ix" / "crawl" / "archive"
    run_cli("crawl", server.url(LISTING), "--index", index, *FAST)
    server.route(paths[0], Reply(410, b"<html><body>Retire</body></html>", {"Content-Type": "text/html"}))
    cli = run_cli("crawl", server.url(LISTING), "--index", index, *FAST)
    assert "HTTP 410 (gone)" in cli.output
    assert server.url(paths[0]) in indexed(index)              # a crawl never deletes by itself
    assert [p.name for p in archive.rglob("*.gone")] == [paths[0].rsplit("/", 1)[1] + ".gone"]
    pruned = run_cli("ingest", archive, "--index", index, "--prune", "--procs", "1")
    assert "deleted: 1" in pruned.output
    assert set(indexed(index)) == {server.url(paths[1])}


def test_a_communique_moved_for_good_is_archived_at_its_new_url_and_the_old_copy_retired(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 1)
    index, archive = tmp_path / "ix", tmp_path / "ix" / "crawl" / "archive"
    run_cli("crawl", server.url(LISTING), "--index", index, *FAST)
    moved = paths[0].replace("06-juin", "juin")
    server.route(moved, server.routes[paths[0]])
    server.route(paths[0], Reply(301, b"", {"Location": moved}))
    run_cli("crawl", server.url(LISTING), "--index", index, *FAST)
    assert [p.name for p in archive.rglob("*.gone")] == [paths[0].rsplit("/", 1)[1] + ".gone"]
    server.take_hits()
    run_cli("crawl", server.url(LISTING), "--index", index, *FAST)
    assert [h.path for h in server.take_hits()] == ["/robots.txt", "/sitemap.xml", LISTING, moved]      # straight to the new URL
    run_cli("ingest", archive, "--index", index, "--prune", "--procs", "1")
    assert set(indexed(index)) == {server.url(moved)}


def test_robots_txt_wildcards_are_obeyed_as_rfc_9309_says(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 3, robots=b"User-agent: *\nDisallow: /*-numero-2.html$\nAllow: /\n")
    cli = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST)
    assert cli.exit_code == 0, cli.output
    assert [h.path for h in server.take_hits()] == ["/robots.txt", "/sitemap.xml", LISTING, paths[0], paths[2]]
    assert "1 forbidden by robots.txt" in cli.output
