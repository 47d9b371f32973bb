"""The http/https page source that `indexer.sources.iter_pages` calls for a URL.

A source factory only receives the URL, so the crawl's options come from the surrounding code:
- `crawl_run(settings, urls)` (used by `python -m indexer crawl`) makes one run for the block;
- under `python -m indexer ingest URL...`, one run per command, stored in the click context,
  with default options and the command's --index;
- anywhere else, one run per URL with default options and the default index directory.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

import click

from indexer.crawl.run import CrawlRun
from indexer.crawl.settings import CrawlSettings
from indexer.document import Failure, RawPage
from indexer.sources import is_url
from indexer.generations import default_index_dir

_current: ContextVar[CrawlRun | None] = ContextVar("indexer_crawl_run", default=None)
_CLICK_KEY = "indexer.crawl.run"


@contextlib.contextmanager
def crawl_run(settings: CrawlSettings, start_urls=()) -> Iterator[CrawlRun]:
    run = CrawlRun(settings, start_urls)
    token = _current.set(run)
    try:
        yield run
    finally:
        _current.reset(token)
        run.close()


def url_source(spec: str) -> Iterator[RawPage | Failure]:
    run = _current.get() or _run_of_click_command()
    if run is not None:
        yield from run.pages(spec)
        return
    with crawl_run(CrawlSettings(index_dir=default_index_dir()), [spec]) as run:
        yield from run.pages(spec)


def crawl_of_this_command() -> CrawlRun | None:
    """The crawl `ingest URL...` ran, if any: its exit status says when it found no communiqué."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_CLICK_KEY) if ctx is not None else None


def _run_of_click_command() -> CrawlRun | None:
    ctx = click.get_current_context(silent=True)
    if ctx is None or "index_dir" not in ctx.params:
        return None
    run = ctx.meta.get(_CLICK_KEY)
    if run is None:
        urls = [s for s in ctx.params.get("sources", ()) if is_url(s)]
        run = ctx.meta[_CLICK_KEY] = CrawlRun(CrawlSettings(index_dir=ctx.params["index_dir"]), urls)
        ctx.call_on_close(run.close_with_summary)
    return run
