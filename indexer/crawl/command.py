"""`python -m indexer crawl`: crawl a site with explicit options, through the same ingest path as files.

Exit status as for `ingest`: 0 all indexed; 2 bad arguments; 3 finished but some pages failed; 1 fatal;
and 4: the crawl found no communiqué at all (the summary says why and what to try).
"""
from __future__ import annotations

import click

from indexer.crawl.profiles import ProfileError, load_profile, profile_for
from indexer.crawl.settings import DEFAULT_USER_AGENT, CrawlSettings
from indexer.crawl.source import crawl_run
from indexer.ingest import ingest
from indexer.sources import is_url
from indexer.generations import IndexStore, default_index_dir
from indexer.run_report import Progress, finish, run_reporting_fatal


@click.command("crawl")
@click.argument("urls", nargs=-1)
@click.option("--index", "index_dir", type=click.Path(file_okay=False), default=default_index_dir,
              show_default="$COMMUNIQUES_INDEX or var/index", help="Index directory.")
@click.option("--profile", help="Site profile: a built-in name (see docs/crawling.md) or a .toml file. "
              "Default: chosen by the URL's host, else 'generic'.")
@click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Seconds between two requests to the same host (robots.txt Crawl-delay may raise it).")
@click.option("--max-pages", type=click.IntRange(1), default=1000, show_default=True,
              help="Pages fetched per run, listing pages included.")
@click.option("--max-depth", type=click.IntRange(0, 10), default=3, show_default=True,
              help="How many links away from the start page hub links are followed "
              "(home page -> press room -> section -> year archive).")
@click.option("--full", is_flag=True, help="Walk every listing page (no early stop on known communiqués) "
              "and retry pages that failed for good before.")
@click.option("--user-agent", default=DEFAULT_USER_AGENT, show_default=True,
              help="How the crawler names itself; add a contact address for real crawls.")
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False),
              help="Archive directory [default: INDEX/crawl/archive].")
@click.option("--state", "state_path", type=click.Path(dir_okay=False),
              help="State file [default: INDEX/crawl/state.sqlite].")
@click.option("--timeout", type=click.FloatRange(0.01), default=30.0, show_default=True,
              help="Read timeout in seconds (connecting gets at most 10 s).")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries on connection errors, timeouts, 5xx and 429.")
@click.option("--backoff", type=click.FloatRange(0), default=2.0, show_default=True,
              help="Seconds before the first retry; doubled for each further one.")
@click.option("--wait", "lock_wait", type=float, default=0.0, help="Seconds to wait for another running indexer.")
@click.option("--procs", type=click.IntRange(1, 64), default=None, help="Parser processes (default: one per core).")
def crawl_command(urls, index_dir, profile, delay, max_pages, max_depth, full, user_agent, archive_dir, state_path,
                  timeout, retries, backoff, lock_wait, procs):
    """Crawl a site from any of its pages (URLS, or the profile's start URLs): sitemaps, listings, feeds
    and the press room's navigation lead to the communiqués, which are indexed."""
    start_urls = _start_urls(urls, profile)
    settings = CrawlSettings(index_dir=index_dir, profile=profile, delay=delay, user_agent=user_agent,
                             max_pages=max_pages, max_depth=max_depth, full=full, archive_dir=archive_dir, state_path=state_path,
                             timeout=timeout, retries=retries, backoff=backoff)
    progress = Progress()
    with crawl_run(settings, start_urls) as run:
        summary = run_reporting_fatal(progress, lambda: ingest(
            start_urls, IndexStore(index_dir), procs=procs, progress=progress, lock_wait=lock_wait))
    finish(summary, run.summary(), nothing_found=run.found_nothing)


def _start_urls(urls: tuple[str, ...], profile: str | None) -> list[str]:
    for url in urls:
        if not is_url(url):
            raise click.BadParameter(f"not an http(s) URL: {url}", param_hint="URLS")
    try:
        if urls:
            profile_for(urls[0], profile)     # fails early on a bad --profile
            return list(urls)
        if not profile:
            raise click.UsageError("give a URL to start from, or a --profile that has start_urls")
        chosen = load_profile(profile)
    except ProfileError as exc:
        raise click.BadParameter(str(exc), param_hint="--profile") from None
    if not chosen.start_urls and not chosen.feeds:
        raise click.UsageError(f"profile {chosen.name!r} has no start_urls or feeds: give a URL")
    return [*chosen.start_urls, *chosen.feeds]
