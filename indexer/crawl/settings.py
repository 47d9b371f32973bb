"""What a crawl can be told: politeness, limits, and where its state and archive live.

By default both sit inside the index directory, beside the generations (IndexStore.cleanup only
ever removes gen-* folders):

    INDEX_DIR/crawl/state.sqlite     what was fetched, with validators and hashes
    INDEX_DIR/crawl/archive/         every fetched page, as bytes (see archive.py)
    INDEX_DIR/crawl/versions.sqlite  every version of each communiqué's text (see versions.py)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.crawl.fetcher import FetchPolicy
from indexer.crawl.transport import Timeouts

DEFAULT_USER_AGENT = ("communiques-search-crawler/0.1 "
                      "(indexes press releases for full-text search; one request per second at most)")
CRAWL_DIR = "crawl"


def versions_path(index_dir: str | Path) -> Path:
    """Where versions are kept: beside the index, where the search service finds them."""
    return Path(index_dir) / CRAWL_DIR / "versions.sqlite"


@dataclass(frozen=True)
class CrawlSettings:
    index_dir: str
    profile: str | None = None       # a built-in name or a .toml path; None: chosen by the start URL's host
    delay: float = 1.0               # seconds between requests to one host (robots.txt may ask for more)
    user_agent: str = DEFAULT_USER_AGENT
    max_pages: int = 1000            # pages fetched per run, listings included
    max_depth: int = 3               # hub links followed from the start page (home -> press room -> section -> year)
    full: bool = False               # walk every listing page, and retry pages that failed for good
    archive_dir: str | None = None
    state_path: str | None = None
    timeout: float = 30.0            # read timeout; connecting gets min(10 s, this)
    retries: int = 3
    backoff: float = 2.0
    max_retry_after: float = 120.0
    progress: bool | None = None     # None: only when stderr is a terminal

    @property
    def archive_root(self) -> Path:
        return Path(self.archive_dir) if self.archive_dir else Path(self.index_dir) / CRAWL_DIR / "archive"

    @property
    def versions_file(self) -> Path:
        return versions_path(self.index_dir)

    @property
    def state_file(self) -> Path:
        return Path(self.state_path) if self.state_path else Path(self.index_dir) / CRAWL_DIR / "state.sqlite"

    def fetch_policy(self) -> FetchPolicy:
        timeouts = Timeouts(connect=min(10.0, self.timeout), read=self.timeout, total=4 * self.timeout)
        return FetchPolicy(user_agent=self.user_agent, delay=self.delay, timeouts=timeouts, retries=self.retries,
                           backoff=self.backoff, max_retry_after=self.max_retry_after)
