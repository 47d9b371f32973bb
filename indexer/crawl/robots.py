"""robots.txt, read once per host and crawl session with protego (RFC 9309: `*` and `$` wildcards,
the longest matching rule wins, fractional Crawl-delay), which urllib.robotparser does not follow.

Fetched through the crawler's own fetcher, so the User-Agent, timeouts and spacing apply to it too.
A missing robots.txt (404, 410...) allows everything; 401/403 forbid everything (the convention
urllib.robotparser followed, kept); an unreachable one or a 5xx forbids everything too (RFC 9309: a crawler cannot tell
what the site wanted). Crawl-delay and Request-rate raise the host's minimum delay. The `Sitemap:`
lines are kept for discovery (discovery.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from protego import Protego

from indexer.crawl.fetcher import Fetcher
from indexer.crawl.scope import host_of


@dataclass
class HostRules:
    parser: Protego | None              # None: the same answer for every path
    allow_all: bool = True
    problem: str | None = None          # why everything is forbidden, for the report
    sitemaps: tuple[str, ...] = ()      # the file's Sitemap: lines, absolute

    def allows(self, user_agent: str, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(url, user_agent)


class Robots:
    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher
        self.user_agent = fetcher.policy.user_agent
        self._rules: dict[str, HostRules] = {}

    def rules(self, url: str) -> HostRules:
        host = host_of(url)
        if host not in self._rules:
            self._rules[host] = self._load(url, host)
        return self._rules[host]

    def allows(self, url: str) -> bool:
        return self.rules(url).allows(self.user_agent, url)

    def robots_url(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}/robots.txt"

    def _load(self, url: str, host: str) -> HostRules:
        robots_url = self.robots_url(url)
        result = self.fetcher.fetch(robots_url, gate=lambda to: None if host_of(to) == host else "on another host")
        status = result.status
        self.fetcher.clock.set_min_delay(host, 0.0)
        if result.error is None and status == 200 and result.body is not None:
            parser = Protego.parse(result.body.decode("utf-8", errors="replace"))
            self.fetcher.clock.set_min_delay(host, self._asked_delay(parser))
            sitemaps = tuple(dict.fromkeys(urljoin(robots_url, s.strip()) for s in parser.sitemaps if s.strip()))
            return HostRules(parser, sitemaps=sitemaps)
        if status in (401, 403):
            return HostRules(None, allow_all=False,
                             problem=f"{robots_url} answered HTTP {status}: the site forbids crawling")
        if status is not None and 400 <= status < 500:
            return HostRules(None, allow_all=True)
        why = result.error or f"HTTP {status}"
        problem = f"{robots_url} could not be read ({why}): nothing fetched from {host}"
        return HostRules(None, allow_all=False, problem=problem)

    def _asked_delay(self, parser: Protego) -> float:
        """Crawl-delay, or the pause a Request-rate implies, whichever is longer."""
        delay = float(parser.crawl_delay(self.user_agent) or 0)
        rate = parser.request_rate(self.user_agent)
        if rate and rate.requests and rate.seconds:
            delay = max(delay, rate.seconds / rate.requests)
        return delay
