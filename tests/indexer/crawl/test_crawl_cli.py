"""The crawler from the command line: `ingest URL` with default options, `crawl` options and
exit statuses, profiles given as files, --prune after a crawl, progress only on a terminal."""
from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from indexer.crawl.settings import CrawlSettings
from indexer.crawl.source import crawl_run
from indexer.ingest import ingest
from indexer.store import IndexStore
from tests.indexer.crawl.helpers import FAST, indexed, run_cli, tiny_site

ROOT = Path(__file__).resolve().parents[3]
LISTING = "/fr/actualites.html"


def test_ingest_of_a_url_crawls_politely_and_keeps_state_and_archive_in_the_index_dir(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 1)
    cli = run_cli("ingest", server.url(LISTING), "--index", tmp_path / "ix", "--procs", "1")
    hits = server.take_hits()
    assert cli.exit_code == 0, cli.output
    assert "added: 1," in cli.output and "crawl: 2 pages fetched with 4 requests" in cli.output
    assert [h.path for h in hits] == ["/robots.txt", "/sitemap.xml", LISTING, paths[0]]
    assert all(after.started - before.started >= 1.0 for before, after in zip(hits, hits[1:]))   # the default 1 s
    assert (tmp_path / "ix" / "crawl" / "state.sqlite").is_file()
    archived = tmp_path / "ix" / "crawl" / "archive" / f"127.0.0.1_{server.port}" / paths[0].strip("/")
    assert json.loads(archived.with_name(archived.name + ".meta.json").read_text("utf-8"))["url"] == server.url(paths[0])
    assert set(indexed(tmp_path / "ix")) == {server.url(paths[0])}


def test_a_clean_crawl_exits_0_and_prints_both_summaries(servers, tmp_path):
    server = servers()
    tiny_site(server, 3)
    cli = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST)
    assert cli.exit_code == 0
    assert "added: 3, updated: 0, unchanged: 0, deleted: 0, failed: 0" in cli.output
    assert "crawl: 4 pages fetched with 6 requests" in cli.output and "3 new" in cli.output


def test_bad_arguments_exit_2_before_any_request(servers, tmp_path):
    server = servers()
    tiny_site(server, 1)
    bad_profile = tmp_path / "site.toml"
    bad_profile.write_text('name = "x"\nstart_url = ["http://127.0.0.1/"]\n', "utf-8")
    runs = {
        "not a URL": run_cli("crawl", "corpus/", "--index", tmp_path / "ix"),
        "unknown profile": run_cli("crawl", server.url(LISTING), "--profile", "nulle-part", "--index", tmp_path / "ix"),
        "no URL, no profile": run_cli("crawl", "--index", tmp_path / "ix"),
        "profile typo": run_cli("crawl", server.url(LISTING), "--profile", bad_profile, "--index", tmp_path / "ix"),
        "generic has no start URL": run_cli("crawl", "--profile", "generic", "--index", tmp_path / "ix"),
    }
    assert {name: r.exit_code for name, r in runs.items()} == dict.fromkeys(runs, 2)
    assert "unknown key(s) start_url" in runs["profile typo"].output
    assert "gouvernement-lu" in runs["unknown profile"].output          # lists the built-in profiles
    assert server.take_hits() == []


def test_a_locked_index_exits_1_without_a_request(servers, tmp_path):
    server = servers()
    tiny_site(server, 1)
    with IndexStore(tmp_path / "ix").lock():
        cli = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "ix", *FAST)
    assert cli.exit_code == 1 and "another indexer" in cli.output
    assert server.take_hits() == []


def test_a_profile_file_gives_start_urls_scope_and_content_selector(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 2)
    profile = tmp_path / "ministere-test.toml"
    profile.write_text(f"""
name = "ministere-test"
start_urls = ["{server.url(LISTING)}"]
[scope]
deny = ['/01-']
[listing]
link_area = ["main"]
communique_links = ['/communiques/\\d{{4}}/']
[content]
selector = "article"
""", "utf-8")
    cli = run_cli("crawl", "--profile", profile, "--index", tmp_path / "ix", "--archive", tmp_path / "archive", *FAST)
    assert cli.exit_code == 0, cli.output
    assert [h.path for h in server.take_hits()] == ["/robots.txt", "/sitemap.xml", LISTING, paths[0]]     # paths[1] is denied
    meta = json.loads(next((tmp_path / "archive").rglob("*.html.meta.json")).read_text("utf-8"))
    assert meta["content_selector"] == "article"


def test_prune_after_a_crawl_that_stopped_early_keeps_every_communique(servers, tmp_path):
    server = servers()
    paths = tiny_site(server, 4, pages=2)
    settings = CrawlSettings(index_dir=str(tmp_path / "ix"), delay=0.01, timeout=0.5, backoff=0.01)
    with crawl_run(settings, [server.url(LISTING)]):
        ingest([server.url(LISTING)], IndexStore(tmp_path / "ix"), procs=1)
    server.take_hits()
    with crawl_run(settings, [server.url(LISTING)]) as run:
        summary = ingest([server.url(LISTING)], IndexStore(tmp_path / "ix"), procs=1, prune=True)
    assert "/fr/actualites.html?page=2" not in [h.path for h in server.take_hits()]
    assert run.stats.stopped_early_at == server.url(LISTING)
    assert (summary.deleted, summary.unchanged) == (0, 4)
    assert set(indexed(tmp_path / "ix")) == {server.url(p) for p in paths}


def test_progress_is_drawn_on_a_terminal_and_not_in_a_pipe(servers, tmp_path):
    server = servers()
    tiny_site(server, 3)
    piped = run_cli("crawl", server.url(LISTING), "--index", tmp_path / "a", *FAST)     # CliRunner: not a terminal
    assert piped.exit_code == 0 and "crawl: 4 pages fetched" in piped.output and "pages/min" not in piped.output
    server.take_hits()
    command = [sys.executable, "-m", "indexer", "crawl", server.url(LISTING), "--index", str(tmp_path / "b"), *FAST]
    on_tty = _stderr_on_a_terminal(command, {**os.environ, "PYTHONPATH": str(ROOT)})
    assert "\r  crawl: " in on_tty and "queued" in on_tty and "pages/min" in on_tty


def _stderr_on_a_terminal(command: list[str], env: dict) -> str:
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 4096)
            except OSError:      # the terminal closed with the process
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")
