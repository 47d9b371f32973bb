"""The walk: from any start page of a site to its communiqués.

1. The site's sitemaps first (robots.txt `Sitemap:` lines, else /sitemap.xml; indexes and gzip
   followed): their pages are candidates, and their `lastmod` spares a request for a page
   checked since it last changed.
2. Then the start page. A page that is a communiqué (judge.py, or a link the profile trusts) is
   kept. Any other page is read as a listing: its communiqué-like links are visited at once, in
   page order, then its next (older) page; its links towards other listings (hub links: sections,
   year and month archives, « Voir toutes les actualités ») and the feeds it announces are
   visited later, up to `max_depth` links from the start page.
3. Last, the sitemap pages the walk did not reach.

Every fetched page goes to the archive and the state store before the walk moves on. A listing's
next page is not followed when every communiqué it lists was known before this run (unless
`full`). Failures are yielded as they happen and the walk goes on; the pages themselves are read
back from the archive by the run (run.py).
"""
from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from indexer.crawl.archive import Archive
from indexer.crawl.fetcher import Fetcher, FetchResult
from indexer.crawl.judge import judge
from indexer.crawl.listing import Listing, is_feed, read_feed, read_listing
from indexer.crawl.profiles import Profile
from indexer.crawl.progress import CrawlProgress, CrawlStats
from indexer.crawl.robots import Robots
from indexer.crawl.scope import Scope, host_of, normalise
from indexer.crawl.sitemaps import SitemapEntry, is_sitemap, read_sitemap
from indexer.crawl.state import StateStore
from indexer.crawl.versions import VersionStore
from indexer.document import Failure
from indexer.extract import looks_like_html

GONE = (404, 410)
OFF_HOST = "outside the allowed hosts"
FORBIDDEN = "forbidden by robots.txt"
MAX_SITEMAPS = 50              # sitemap files read per host and run (an index may name thousands)
DEFAULT_MAX_DEPTH = 3          # home page -> press room -> section -> year archive


@dataclass(frozen=True)
class Visit:
    url: str                   # after redirects
    body: bytes
    content_type: str | None
    kind: str                  # what the page turned out to be: communique, listing, feed or sitemap


@dataclass(frozen=True)
class Task:
    url: str
    route: str                 # how it was reached: the start page itself or a link on it (start), a link on
                               # any other listing (listing), a hub link (hub), a feed item (feed), a sitemap
    depth: int                 # links away from the start page (a next page keeps its listing's depth)
    hint: str                  # "communique" for a link that looks like one, else "listing"


class Crawler:
    def __init__(self, *, fetcher: Fetcher, robots: Robots, state: StateStore, archive: Archive,
                 stats: CrawlStats, progress: CrawlProgress, full: bool = False, max_pages: int = 1000,
                 max_depth: int = DEFAULT_MAX_DEPTH, versions: VersionStore | None = None):
        self.fetcher, self.robots, self.state, self.archive = fetcher, robots, state, archive
        self.stats, self.progress = stats, progress
        self.full, self.max_pages, self.max_depth = full, max_pages, max_depth
        self.versions = versions
        self.settled = state.settled_urls()     # what earlier runs settled: the stop-early rule reads this
        self.visited: set[str] = set()
        self.hosts: set[str] = set()            # every host a crawl of this run was allowed to fetch
        self.lastmod: dict[str, datetime] = {}  # sitemap lastmod of each page that has one
        self._sitemap_pages: dict[str, list[str]] = {}
        self._robots_reported: set[str] = set()

    def crawl(self, start_url: str, profile: Profile) -> Iterator[Failure]:
        scope = Scope(profile, start_url)
        self.hosts |= scope.hosts
        host = host_of(start_url)
        if host not in self._sitemap_pages:
            self._sitemap_pages[host] = self._read_sitemaps(start_url, scope)
        queue = deque([Task(start_url, "start", 0, "listing")])
        queue_sitemap = True
        while not self.stats.capped:
            if not queue and queue_sitemap:
                queue_sitemap = False
                queue.extend(Task(url, "sitemap", self.max_depth, "communique")
                             for url in self._sitemap_pages[host] if url not in self.visited)
            if not queue:
                break
            yield from self._step(queue.popleft(), scope, queue)

    def _step(self, task: Task, scope: Scope, queue: deque) -> Iterator[Failure]:
        is_start = task.route == "start" and task.depth == 0
        page = self._known_by_lastmod(task.url, scope) or self._visit(task.url, task.hint, scope, quiet=not is_start)
        if not isinstance(page, Visit):
            if page is not None:
                yield page
            return
        if page.kind == "communique":
            self.stats.found[task.route] = self.stats.found.get(task.route, 0) + 1
            return
        self.stats.listings += 1
        if page.kind == "feed":
            listing = read_feed(page.body, page.url, scope)
            route = "feed"
        else:
            listing = read_listing(page.body, page.content_type, page.url, scope)
            route = "start" if task.route == "start" else "listing"
        self.stats.off_site.update(listing.off_site)
        depth = task.depth + 1
        front = [Task(link, route, depth, "communique") for link in listing.communiques if link not in self.visited]
        if listing.next_url and not self._stop_early(listing, page.url):
            front.append(Task(listing.next_url, "listing", task.depth, "listing"))
        queue.extendleft(reversed(front))
        queue.extend(Task(feed, "feed", depth, "listing") for feed in listing.feeds if feed not in self.visited)
        if task.depth < self.max_depth:
            queue.extend(Task(hub, "hub", depth, "listing") for hub in listing.hubs if hub not in self.visited)

    def _stop_early(self, listing: Listing, url: str) -> bool:
        all_known = bool(listing.communiques) and all(
            link in self.settled or not self.robots.allows(link) for link in listing.communiques)
        if all_known and not self.full:
            self.stats.stopped_early_at = self.stats.stopped_early_at or url
            return True
        return False

    # --- sitemaps --------------------------------------------------------------------------------

    def _read_sitemaps(self, start_url: str, scope: Scope) -> list[str]:
        """The in-scope page URLs of the host's sitemaps, remembering each page's lastmod."""
        rules = self.robots.rules(start_url)
        if rules.parser is None and not rules.allow_all:
            return []
        parts = urlsplit(start_url)
        probe = f"{parts.scheme}://{parts.netloc}/sitemap.xml"
        todo, seen, pages = list(rules.sitemaps or (probe,)), set(), []
        while todo and len(seen) < MAX_SITEMAPS:
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            page = self._visit(url, "sitemap", scope, quiet=True)
            if not isinstance(page, Visit):
                if isinstance(page, Failure) and url != probe:
                    self.stats.sitemap_problems.append(f"{page.location}: {page.reason}")
                continue
            sitemap = read_sitemap(page.body)
            if sitemap.problem:
                self.stats.sitemap_problems.append(f"{url}: {sitemap.problem}")
            self.stats.sitemaps += 1
            todo += [e.url for e in sitemap.sitemaps if host_of(e.url) == host_of(url)]
            pages += [url for entry in sitemap.pages if (url := self._sitemap_page(entry, scope))]
        return list(dict.fromkeys(pages))

    def _sitemap_page(self, entry: SitemapEntry, scope: Scope) -> str | None:
        url = normalise(entry.url)
        if url is None or not scope.in_scope(url):
            return None
        if entry.lastmod:
            self.lastmod[url] = entry.lastmod
        return url

    def _known_by_lastmod(self, url: str, scope: Scope) -> Visit | None:
        """A page the sitemap says has not changed since we last checked it: the archived copy, no request."""
        lastmod = self.lastmod.get(url)
        if lastmod is None or self.full or url in self.visited:
            return None
        row = self.state.get(url)
        if not row or row.outcome != "ok" or not self.archive.exists(row.archive_name):
            return None
        if datetime.fromisoformat(row.checked_at) < lastmod:
            return None
        self.visited.add(url)
        self.stats.lastmod_skipped += 1
        if row.kind == "listing":
            self._not_a_communique(row.reason or "liste de liens")
        headers = self.archive.read_meta(row.archive_name).get("headers") or {}
        return Visit(url, self.archive.read(row.archive_name), headers.get("content-type"), row.kind)

    def _visit(self, url: str, kind: str, scope: Scope, quiet: bool = False) -> Visit | Failure | None:
        """Fetch one URL unless there is a reason not to; record what happened.

        `kind` is what the URL is expected to be (communique, listing, sitemap); `quiet`: a refusal
        (another host, robots.txt) is counted rather than reported, as for any link found on a page."""
        target = self._remembered_redirect(url)
        if url in self.visited or target in self.visited:
            return None
        self.visited |= {url, target}
        if self.stats.pages >= self.max_pages and kind != "sitemap":
            self.stats.capped = True
            return None
        gate = self._gate(scope)
        refusal = gate(target)
        if refusal:
            return self._refused(target, kind, refusal, quiet)
        row = self.state.get(target)
        if kind == "communique" and row and row.outcome == "failed" and not row.transient and not self.full:
            self.stats.known_failures_skipped += 1
            return None
        if kind != "sitemap":
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

    def _refused(self, url: str, kind: str, reason: str, quiet: bool) -> Failure | None:
        """Links found on pages are skipped quietly (and counted); a refused start page is a failure.
        An unreadable robots.txt is reported once per host."""
        if reason not in (OFF_HOST, FORBIDDEN):
            if host_of(url) in self._robots_reported:
                return None
            self._robots_reported.add(host_of(url))
            self.stats.failed += 1
            return Failure(self.robots.robots_url(url), reason)
        if quiet:
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
        if kind == "sitemap":
            if result.body is None or not is_sitemap(result.body):
                result.error = f"not a sitemap ({ctype or 'no sitemap markup found'})"
                return self._failed(url, kind, result)
        elif result.body is None or not looks_like_html(result.body, ctype) and not (
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

    def _fetched(self, url: str, hint: str, result: FetchResult, scope: Scope) -> Visit:
        ctype = result.headers.get("content-type")
        kind, verdict = self._judge(result.url, hint, result.body, ctype, scope)
        digest = hashlib.sha256(result.body).hexdigest()
        meta = {"requested_url": url, "status": result.status, "headers": result.headers, "kind": kind}
        if kind == "communique" and scope.profile.content_selector:
            meta["content_selector"] = scope.profile.content_selector
        row = self.state.get(result.url)
        if row and row.content_hash == digest and self.archive.exists(row.archive_name):
            self.archive.refresh_meta(row.archive_name, result.url, meta, result.fetched_at)
            name = row.archive_name
            self._count(kind, "unchanged")
        else:
            name = self.archive.write(result.url, kind, result.body, meta, result.fetched_at)
            self._count(kind, "changed" if row and row.content_hash else "new")
        if kind == "communique" and verdict and verdict.text and self.versions is not None:
            if self.versions.record(result.url, verdict.text, result.fetched_at) == "edited":
                self.stats.edited += 1
        self.state.record_fetched(result.url, kind, result.status, result.headers, digest, name, result.fetched_at,
                                  note=verdict.reason if verdict and kind == "listing" else None)
        return Visit(result.url, result.body, ctype, kind)

    def _judge(self, url: str, hint: str, body: bytes, ctype: str | None, scope: Scope):
        """What the page is; for an HTML page, the judge's verdict too (it holds the text versions compare)."""
        if hint == "sitemap":
            return "sitemap", None
        if is_feed(body, ctype):
            return "feed", None
        verdict = judge(body, ctype, url, scope.profile.content_selector)
        trusted = scope.profile.trust_links and hint == "communique" and scope.is_communique(url)
        if trusted or verdict.communique:
            return "communique", verdict
        self._not_a_communique(verdict.reason)
        return "listing", verdict

    def _not_a_communique(self, reason: str) -> None:
        self.stats.not_communiques[reason] = self.stats.not_communiques.get(reason, 0) + 1

    def _not_modified(self, url: str, kind: str, result: FetchResult) -> Visit | Failure:
        row = self.state.get(url)
        if row is None or not self.archive.exists(row.archive_name):
            result.error, result.transient = "304 Not Modified to a request without validators", True
            return self._failed(url, kind, result)
        self.state.record_not_modified(url, result.headers)
        self._count(row.kind, "not_modified")
        if row.kind == "listing":
            self._not_a_communique(row.reason or "liste de liens")
        headers = self.archive.read_meta(row.archive_name).get("headers") or {}
        return Visit(url, self.archive.read(row.archive_name), headers.get("content-type"), row.kind)

    def _failed(self, url: str, kind: str, result: FetchResult) -> Failure:
        self.state.record_failure(url, kind, result.status, result.error, result.transient)
        if kind == "sitemap":      # a sitemap that cannot be read loses no page: reported apart
            return Failure(url, result.error)
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
    """Download the body only when it can be what we are after: HTML, a feed for listings, any sitemap."""
    def want(status: int, headers: dict) -> bool:
        ctype = (headers.get("content-type") or "").lower()
        if kind == "sitemap":
            return True
        if not ctype or "html" in ctype:
            return True
        return kind == "listing" and any(t in ctype for t in ("xml", "rss", "atom"))
    return want
