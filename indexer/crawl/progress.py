"""Counting what a crawl did: a live line on a terminal, a summary at the end."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


@dataclass
class CrawlStats:
    pages: int = 0              # URLs fetched (listings, feeds, communiqués), whatever the outcome
    requests: int = 0           # HTTP requests, robots.txt, retries and redirect hops included
    new: int = 0                # communiqués downloaded for the first time
    changed: int = 0            # downloaded again with different bytes
    unchanged: int = 0          # downloaded again with the same bytes (no validators to ask with)
    not_modified: int = 0       # answered 304 to a conditional GET
    listings: int = 0           # listing pages and feeds read
    failed: int = 0
    queued: int = 0             # communiqué links waiting on the current listing page
    robots_skipped: int = 0
    known_failures_skipped: int = 0
    lastmod_skipped: int = 0    # pages not asked for: the sitemap's lastmod is older than our last check
    edited: int = 0             # communiqués whose text changed since the last capture (a new version)
    sitemaps: int = 0           # sitemap files read
    sitemap_problems: list[str] = field(default_factory=list)
    found: dict[str, int] = field(default_factory=dict)             # communiqués seen, by route
    not_communiques: dict[str, int] = field(default_factory=dict)   # pages judged not communiqués, by reason
    off_site: set[str] = field(default_factory=set)
    stopped_early_at: str | None = None
    capped: bool = False
    started: float = field(default_factory=time.monotonic)

    @property
    def communiques(self) -> int:
        return sum(self.found.values())

    def rate(self) -> float:
        return self.pages / max(time.monotonic() - self.started, 1e-6)


class CrawlProgress:
    """One line rewritten in place on stderr, only when stderr is a terminal."""

    def __init__(self, stats: CrawlStats, enabled: bool | None = None, stream=None):
        self.stats = stats
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.last = 0.0
        self.shown = False

    def tick(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self.last < 0.2):
            return
        self.last, self.shown = now, True
        s = self.stats
        self.stream.write(f"\r  crawl: {s.pages} fetched, {s.queued} queued, {s.failed} failed, "
                          f"{s.rate() * 60:.0f} pages/min ")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.shown:
            self.tick(force=True)
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


def summary_lines(s: CrawlStats, max_pages: int) -> list[str]:
    elapsed = time.monotonic() - s.started
    lines = [f"crawl: {s.pages} pages fetched with {s.requests} requests in {elapsed:.1f} s: "
             f"{s.new} new, {s.changed} changed, {s.unchanged} unchanged, {s.not_modified} not modified (304), "
             f"{s.failed} failed; {s.listings} listing pages or feeds read"]
    routes = ", ".join(f"{s.found.get(r, 0)} {label}" for r, label in ROUTES)
    lines.append(f"  communiqués found: {s.communiques} ({routes}); {sum(s.not_communiques.values())} pages judged "
                 f"not communiqués" + (f" ({_reasons(s.not_communiques)})" if s.not_communiques else ""))
    if s.sitemaps or s.lastmod_skipped:
        lines.append(f"  {s.sitemaps} sitemaps read; {s.lastmod_skipped} pages not asked for again "
                     "(unchanged since the last check, by the sitemap's lastmod)")
    if s.edited:
        lines.append(f"  {s.edited} communiqués edited since their last capture: a new version kept")
    for problem in s.sitemap_problems:
        lines.append(f"  sitemap not read: {problem}")
    if s.stopped_early_at:
        lines.append(f"  stopped at {s.stopped_early_at}: "
                     "every communiqué it lists was already known (--full walks on)")
    if s.capped:
        lines.append(f"  stopped at the cap of {max_pages} pages per run (--max-pages)")
    skipped = []
    if s.robots_skipped:
        skipped.append(f"{s.robots_skipped} forbidden by robots.txt")
    if s.known_failures_skipped:
        skipped.append(f"{s.known_failures_skipped} that failed for good on an earlier run (--full retries them)")
    if s.off_site:
        skipped.append(f"{len(s.off_site)} on other hosts")
    if skipped:
        lines.append("  links not followed: " + ", ".join(skipped))
    if not s.communiques and not s.capped:
        lines.append(nothing_found_message(s.pages))
    return lines


ROUTES = (("start", "start page"), ("sitemap", "sitemap"), ("listing", "listing"), ("feed", "feed"), ("hub", "hub"))


def nothing_found_message(pages: int) -> str:
    read = "1 page lue" if pages == 1 else f"{pages} pages lues"
    return (f"{read}, aucun lien vers un communiqué ; "
            "essayez --max-depth, une page de liste, ou un profil de site")


def _reasons(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda kv: -kv[1]))
