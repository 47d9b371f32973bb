"""One crawl run as a page source: crawl the start URLs, then hand the site's archive to ingest.

Pages are read back from the archive rather than passed on as they arrive, so a crawl and a
later `ingest ARCHIVE_DIR` build the very same documents, and a communiqué that answered 304
(or was not re-checked because the walk stopped early) is still seen by ingest: its bytes are
unchanged, so ingest skips it by hash without parsing, and `--prune` does not delete it.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator

from indexer.crawl.archive import Archive
from indexer.crawl.crawler import Crawler
from indexer.crawl.fetcher import Fetcher
from indexer.crawl.politeness import SHARED_CLOCK, HostClock
from indexer.crawl.profiles import profile_for
from indexer.crawl.progress import CrawlProgress, CrawlStats, summary_lines
from indexer.crawl.robots import Robots
from indexer.crawl.scope import normalise
from indexer.crawl.settings import CrawlSettings
from indexer.crawl.state import StateStore
from indexer.crawl.versions import VersionStore
from indexer.document import Failure, RawPage
from indexer.sources import iter_directory


class CrawlRun:
    """Shared by every start URL of one ingest, so no page is fetched or handed over twice."""

    def __init__(self, settings: CrawlSettings, start_urls=(), clock: HostClock = SHARED_CLOCK):
        self.settings = settings
        self.start_urls = list(dict.fromkeys(start_urls))
        self.state = StateStore(settings.state_file)
        self.archive = Archive(settings.archive_root)
        self.stats = CrawlStats()
        self.progress = CrawlProgress(self.stats, settings.progress)
        self.versions = VersionStore(settings.versions_file)
        self.fetcher = Fetcher(settings.fetch_policy(), clock)
        self.crawler = Crawler(fetcher=self.fetcher, robots=Robots(self.fetcher), state=self.state,
                               archive=self.archive, stats=self.stats, progress=self.progress,
                               full=settings.full, max_pages=settings.max_pages, max_depth=settings.max_depth,
                               versions=self.versions)
        self.crawled: set[str] = set()
        self.handed_over: set[str] = set()

    def pages(self, spec: str) -> Iterator[RawPage | Failure]:
        """The first call crawls every start URL of the run; later calls only hand over what is new."""
        todo = [] if spec in self.crawled else list(dict.fromkeys([*self.start_urls, spec]))
        for url in (u for u in todo if u not in self.crawled):
            self.crawled.add(url)
            start = normalise(url)
            if start is None:
                yield Failure(url, "not an http(s) URL")
                continue
            yield from self.crawler.crawl(start, profile_for(start, self.settings.profile))
        self.stats.requests = self.fetcher.requests
        self.progress.finish()
        yield from self._archived_pages()

    def _archived_pages(self) -> Iterator[RawPage | Failure]:
        for host in sorted(self.crawler.hosts):
            folder = self.archive.host_dir(f"http://{host}/")
            if not folder.is_dir():
                continue
            for item in iter_directory(folder):
                key = item.location
                if key not in self.handed_over:
                    self.handed_over.add(key)
                    yield item

    def summary(self) -> list[str]:
        return summary_lines(self.stats, self.settings.max_pages)

    @property
    def found_nothing(self) -> bool:
        """The crawl ran and saw no communiqué at all (known ones included): the start page led nowhere."""
        return bool(self.crawled) and not self.stats.communiques and not self.stats.capped

    def close(self) -> None:
        self.progress.finish()
        self.state.close()
        self.versions.close()

    def close_with_summary(self) -> None:
        """For `ingest URL`, which prints its own summary: the crawl's goes to stderr."""
        self.close()
        if self.crawled:
            print("\n".join(self.summary()), file=sys.stderr)
