"""Which URLs a crawl may fetch: the allowed hosts, then the profile's allow/deny patterns."""
from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

from indexer.crawl.profiles import Profile

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are when re-quoting a path or query (RFC 3986 reserved + unreserved + "%").
_SAFE = "/%:@!$&'()*+,;=-._~?"


def normalise(url: str) -> str | None:
    """An absolute http(s) URL without fragment, default port or upper-case host; None for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if ":" in netloc:              # an IPv6 literal
        netloc = f"[{netloc}]"
    if port and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = quote(parts.path or "/", safe=_SAFE)
    query = quote(parts.query, safe=_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """host[:port] as it appears in a normalised URL: the unit of politeness and of scope."""
    return urlsplit(url).netloc.lower()


def match_target(url: str) -> str:
    """What profile patterns are matched against: the decoded path, plus the query when there is one."""
    parts = urlsplit(url)
    return unquote(parts.path) + (f"?{unquote(parts.query)}" if parts.query else "")


class Scope:
    def __init__(self, profile: Profile, start_url: str):
        self.profile = profile
        self.hosts = {host_of(start_url), *profile.extra_hosts}

    def host_allowed(self, url: str) -> bool:
        return host_of(url) in self.hosts

    def in_scope(self, url: str) -> bool:
        if not self.host_allowed(url):
            return False
        target = match_target(url)
        if self.profile.allow and not any(p.search(target) for p in self.profile.allow):
            return False
        return not any(p.search(target) for p in self.profile.deny)

    def is_communique(self, url: str) -> bool:
        target = match_target(url)
        return any(p.search(target) for p in self.profile.communique_links)
