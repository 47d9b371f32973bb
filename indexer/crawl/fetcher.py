"""Polite fetching: a clear User-Agent, per-host spacing, retries with backoff on connection errors,
5xx and 429 (honouring Retry-After), and redirects followed hop by hop, never in a loop and never
to a URL the crawl may not fetch (another host, or one robots.txt forbids).
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urljoin

from indexer.crawl import transport
from indexer.crawl.politeness import HostClock
from indexer.crawl.scope import host_of, normalise
from indexer.crawl.transport import Timeouts, TransportError

REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    delay: float = 1.0              # seconds between the end of a request and the start of the next, per host
    timeouts: Timeouts = Timeouts()
    retries: int = 3                # further attempts after the first, for transient failures
    backoff: float = 2.0            # first retry waits this long, then twice as long each time
    max_retry_after: float = 120.0  # a longer Retry-After gives up instead of stalling the crawl
    max_redirects: int = 5
    max_bytes: int = 12 * 1024 * 1024


@dataclass
class FetchResult:
    requested_url: str
    url: str                                   # after redirects
    status: int | None = None                  # of the last response; None when none came
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    redirects: list[tuple[str, int]] = field(default_factory=list)   # (url, status) of each hop left
    error: str | None = None                   # why it failed, for the report
    transient: bool = False                    # the failure may go away on a later run
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def permanent_redirect(self) -> bool:
        return bool(self.redirects) and all(status in PERMANENT_REDIRECTS for _, status in self.redirects)


# gate(url) -> None when the URL may be fetched, else the reason it may not.
Gate = Callable[[str], "str | None"]
# validators(url) -> conditional request headers for a URL fetched before ({} when none).
Validators = Callable[[str], dict]
# want_body(status, headers) -> whether a 200 response's body is worth downloading.
WantBody = Callable[[int, dict], bool]


class Fetcher:
    def __init__(self, policy: FetchPolicy, clock: HostClock):
        self.policy = policy
        self.clock = clock
        self.requests = 0      # every HTTP request made, retries and redirect hops included

    def fetch(self, url: str, *, gate: Gate | None = None, validators: Validators | None = None,
              want_body: WantBody | None = None) -> FetchResult:
        result = FetchResult(requested_url=url, url=url)
        chain = [url]
        while True:
            response = self._get_with_retries(result.url, (validators or _none)(result.url), want_body, result)
            if response is None:
                return result
            result.status, result.headers, result.body = response.status, response.headers, response.body
            if response.status not in REDIRECTS:
                if response.status not in (200, 304):
                    result.error = _status_reason(response)
                    result.transient = response.status in RETRY_STATUSES or response.status >= 500
                return result
            target = normalise(urljoin(result.url, response.headers.get("location", "")))
            if not response.headers.get("location") or target is None:
                return _failed(result, f"HTTP {response.status} redirect without a usable Location", transient=False)
            result.redirects.append((result.url, response.status))
            if target in chain:
                return _failed(result, "redirect loop: " + " -> ".join([*chain, target]), transient=False)
            if len(result.redirects) > self.policy.max_redirects:
                return _failed(result, f"too many redirects (over {self.policy.max_redirects})", transient=False)
            refusal = gate(target) if gate else None
            if refusal:
                return _failed(result, f"redirected to {target}, {refusal}", transient=False)
            chain.append(target)
            result.url = target

    def _get_with_retries(self, url: str, conditional: dict, want_body: WantBody | None,
                          result: FetchResult) -> transport.Response | None:
        host = host_of(url)
        headers = {"User-Agent": self.policy.user_agent, "Accept": "text/html,application/xhtml+xml,"
                   "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5", **conditional}
        extra_wait = 0.0

        def wanted(status: int, found: dict) -> bool:
            return status == 200 and (want_body is None or want_body(status, found))

        for attempt in range(self.policy.retries + 1):
            last = attempt == self.policy.retries
            self.clock.wait_turn(host, self.policy.delay, extra_wait)
            self.requests += 1
            try:
                response = transport.get(url, headers, self.policy.timeouts, self.policy.max_bytes, wanted)
            except TransportError as exc:
                if last or not exc.transient:
                    result.status = None      # no answer from this URL (an earlier hop may have answered)
                    _failed(result, exc.reason, exc.transient)
                    return None
                extra_wait = self._backoff(attempt)
                continue
            finally:
                self.clock.release(host)
            result.fetched_at = datetime.now(timezone.utc)
            if response.status in RETRY_STATUSES and not last:
                retry_after = _retry_after(response.headers.get("retry-after"))
                if retry_after is not None and retry_after > self.policy.max_retry_after:
                    return response   # reported as a failure by fetch(); a later run may try again
                extra_wait = retry_after if retry_after is not None else self._backoff(attempt)
                continue
            return response
        return None

    def _backoff(self, attempt: int) -> float:
        # Jitter keeps several crawlers that failed together from retrying together.
        return self.policy.backoff * (2 ** attempt) * random.uniform(1.0, 1.25)


def _none(url: str) -> dict:
    return {}


def _failed(result: FetchResult, reason: str, transient: bool) -> FetchResult:
    result.error, result.transient = reason, transient
    return result


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _status_reason(response: transport.Response) -> str:
    try:
        reason = f"HTTP {response.status} ({HTTPStatus(response.status).phrase.lower()})"
    except ValueError:
        reason = f"HTTP {response.status}"
    if response.status in RETRY_STATUSES and response.headers.get("retry-after"):
        reason += f", Retry-After: {response.headers['retry-after']}"
    return reason
