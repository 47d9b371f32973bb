"""The walk: a listing page, its communiqués in page order, then the next (older) listing page.

Every fetched page goes to the archive and the state store before the walk moves on. The walk
stops at the first listing page whose communiqués were all known before this run (unless
`full`), at the last page, or at the page cap. Failures are yielded as they happen and the walk
goes on; the pages themselves are read back from the archive by the run (run.py).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from indexer.crawl.archive import Archive
from indexer.crawl.fetcher import Fetcher, FetchResult
from indexer.crawl.listing import is_feed, read_feed, read_listing
from indexer.crawl.profiles import Profile
from indexer.crawl.progress import CrawlProgress, CrawlStats
from indexer.crawl.robots import Robots
from indexer.crawl.scope import Scope, host_of
from indexer.crawl.state import StateStore
from indexer.document import Failure
from indexer.extract import looks_like_html

GONE = (404, 410)
OFF_HOST = "outside the allowed hosts"
FORBIDDEN = "forbidden by robots.txt"


@dataclass(frozen=True)
class Visit:
    url: str                   # after redirects
    body: bytes
    content_type: str | None


class Crawler:
    def __init__(self, *, fetcher: Fetcher, robots: Robots, state: StateStore, archive: Archive,
                 stats: CrawlStats, progress: CrawlProgress, full: bool = False, max_pages: int = 1000):
        self.fetcher, self.robots, self.state, self.archive = fetcher, robots, state, archive
        self.stats, self.progress = stats, progress
        self.full, self.max_pages = full, max_pages
        self.settled = state.settled_urls()     # what earlier runs settled: the stop-early rule reads this
        self.visited: set[str] = set()
        self.hosts: set[str] = set()            # every host a crawl of this run was allowed to fetch
        self._robots_reported: set[str] = set()

    def crawl(self, start_url: str, profile: Profile) -> Iterator[Failure]:
        scope = Scope(profile, start_url)
        self.hosts |= scope.hosts
        url, walked = start_url, set()
        while url and url not in walked and not self.stats.capped:
            walked.add(url)
            page = self._visit(url, "listing", scope)
            if not isinstance(page, Visit):
                if page is not None:
                    yield page
                return
            self.stats.listings += 1
            if is_feed(page.body, page.content_type):
                listing = read_feed(page.body, page.url, scope)
            else:
                listing = read_listing(page.body, page.content_type, page.url, scope)
            self.stats.off_site.update(listing.off_site)
            all_known = bool(listing.communiques) and all(
                link in self.settled or not self.robots.allows(link) for link in listing.communiques)
            yield from self._visit_all(listing.communiques, scope)
            if all_known and not self.full:
                if listing.next_url:
                    self.stats.stopped_early_at = page.url
                return
            url = listing.next_url

    def _visit_all(self, links: list[str], scope: Scope) -> Iterator[Failure]:
        todo = [link for link in links if link not in self.visited]
        for i, link in enumerate(todo):
            self.stats.queued = len(todo) - i
            outcome = self._visit(link, "communique", scope)
            if isinstance(outcome, Failure):
                yield outcome
            if self.stats.capped:
                break
        self.stats.queued = 0

    def _visit(self, url: str, kind: str, scope: Scope) -> Visit | Failure | None:
        """Fetch one URL unless there is a reason not to; record what happened."""
        target = self._remembered_redirect(url)
        if url in self.visited or target in self.visited:
            return None
        self.visited |= {url, target}
        if self.stats.pages >= self.max_pages:
            self.stats.capped = True
            return None
        gate = self._gate(scope)
        refusal = gate(target)
        if refusal:
            return self._refused(target, kind, refusal)
        row = self.state.get(target)
        if kind == "communique" and row and row.outcome == "failed" and not row.transient and not self.full:
            self.stats.known_failures_skipped += 1
            return None
        self.stats.pages += 1
        result = self.fetcher.fetch(target, gate=gate, validators=self._validators,
                                    want_body=_wanted(kind))
        self.stats.requests = self.fetcher.requests
        try:
            return self._record(target, kind, result, scope)
        finally:
            self.progress.tick()

    def _gate(self, scope: Scope):
        def gate(url: str) -> str | None:
            if not scope.host_allowed(url):
                return OFF_HOST
            if not self.robots.allows(url):
                return self.robots.rules(url).problem or FORBIDDEN
            return None
        return gate

    def _refused(self, url: str, kind: str, reason: str) -> Failure | None:
        """Communiqué links are skipped quietly (and counted); a refused listing is a failure.
        An unreadable robots.txt is reported once per host."""
        if reason not in (OFF_HOST, FORBIDDEN):
            if host_of(url) in self._robots_reported:
                return None
            self._robots_reported.add(host_of(url))
            self.stats.failed += 1
            return Failure(self.robots.robots_url(url), reason)
        if kind == "communique":
            if reason == OFF_HOST:
                self.stats.off_site.add(url)
            else:
                self.stats.robots_skipped += 1
            return None
        self.stats.failed += 1
        return Failure(url, reason)

    def _remembered_redirect(self, url: str) -> str:
        """A permanent redirect seen on an earlier run: go straight to where it led."""
        row = self.state.get(url)
        return row.redirect_to if row and row.outcome == "redirect" and row.redirect_to else url

    def _validators(self, url: str) -> dict:
        row = self.state.get(url)
        if not row or not self.archive.exists(row.archive_name):
            return {}     # without the old bytes a 304 would leave us with nothing to index
        headers = {}
        if row.etag:
            headers["If-None-Match"] = row.etag
        if row.last_modified:
            headers["If-Modified-Since"] = row.last_modified
        return headers

    def _record(self, url: str, kind: str, result: FetchResult, scope: Scope) -> Visit | Failure:
        if result.error is None and result.permanent_redirect:
            self._moved(url, kind, result)
        if result.error is not None:
            return self._failed(url, kind, result)
        if result.status == 304:
            return self._not_modified(result.url, kind, result)
        ctype = result.headers.get("content-type")
        if result.body is None or not looks_like_html(result.body, ctype) and not (
                kind == "listing" and is_feed(result.body, ctype)):
            result.error = f"not HTML ({ctype or 'no HTML markup found'})"
            return self._failed(url, kind, result)
        return self._fetched(url, kind, result, scope)

    def _moved(self, url: str, kind: str, result: FetchResult) -> None:
        """A permanent redirect is remembered, and the old URL's archived copy retired: the page lives on elsewhere."""
        old = self.state.get(url)
        if old and old.archive_name and self.archive.exists(old.archive_name):
            self.archive.retire(old.archive_name)
        self.state.record_redirect(url, kind, result.redirects[0][1], result.url)

    def _fetched(self, url: str, kind: str, result: FetchResult, scope: Scope) -> Visit:
        ctype = result.headers.get("content-type")
        archive_kind = kind if kind == "communique" else ("feed" if is_feed(result.body, ctype) else "listing")
        digest = hashlib.sha256(result.body).hexdigest()
        meta = {"requested_url": url, "status": result.status, "headers": result.headers, "kind": archive_kind}
        if kind == "communique" and scope.profile.content_selector:
            meta["content_selector"] = scope.profile.content_selector
        row = self.state.get(result.url)
        if row and row.content_hash == digest and self.archive.exists(row.archive_name):
            self.archive.refresh_meta(row.archive_name, result.url, meta, result.fetched_at)
            name = row.archive_name
            self._count(kind, "unchanged")
        else:
            name = self.archive.write(result.url, archive_kind, result.body, meta, result.fetched_at)
            self._count(kind, "changed" if row and row.content_hash else "new")
        self.state.record_fetched(result.url, kind, result.status, result.headers, digest, name, result.fetched_at)
        return Visit(result.url, result.body, ctype)

    def _not_modified(self, url: str, kind: str, result: FetchResult) -> Visit | Failure:
        row = self.state.get(url)
        if row is None or not self.archive.exists(row.archive_name):
            result.error, result.transient = "304 Not Modified to a request without validators", True
            return self._failed(url, kind, result)
        self.state.record_not_modified(url, result.headers)
        self._count(kind, "not_modified")
        headers = self.archive.read_meta(row.archive_name).get("headers") or {}
        return Visit(url, self.archive.read(row.archive_name), headers.get("content-type"))

    def _failed(self, url: str, kind: str, result: FetchResult) -> Failure:
        self.state.record_failure(url, kind, result.status, result.error, result.transient)
        if result.status in GONE:
            row = self.state.get(result.url)
            if row and row.archive_name:
                self.archive.retire(row.archive_name)
                self.state.forget_archive(result.url)
        self.stats.failed += 1
        where = url if result.url == url else f"{url} (redirected to {result.url})"
        return Failure(where, result.error)

    def _count(self, kind: str, what: str) -> None:
        if kind == "communique":
            setattr(self.stats, what, getattr(self.stats, what) + 1)


def _wanted(kind: str):
    """Download the body only when it can be what we are after: HTML, or a feed for listings."""
    def want(status: int, headers: dict) -> bool:
        ctype = (headers.get("content-type") or "").lower()
        if not ctype or "html" in ctype:
            return True
        return kind == "listing" and any(t in ctype for t in ("xml", "rss", "atom"))
    return want
