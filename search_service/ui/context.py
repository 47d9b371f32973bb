"""The search a reader came from, kept on the document page (« Retour aux résultats », highlighted words).

The results page adds `?from=<its own URL>` to every document link; a link from elsewhere
falls back to the referrer when it is a search page of this site. Only site-relative
URLs of the search page are accepted, so the link back can never lead off the site.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from search_service.ui.urls import PAGE, QueryString

RESULT_ANCHOR = re.compile(r"titre-\d{1,6}")     # the heading of one result: the way back lands on it


@dataclass(frozen=True)
class SearchContext:
    href: str              # the results page, site-relative: "/?q=otan&page=2#titre-23"
    query: QueryString

    @property
    def q(self) -> str:
        return self.query.first("q") or ""

    @property
    def page(self) -> int:
        number = self.query.first(PAGE) or "1"
        return int(number) if number.isdigit() else 1


def search_context(from_value: str | None, referrer: str | None, host_url: str, search_path: str) -> SearchContext | None:
    """The results URL from `?from=`, else from a same-site referrer; None when neither is a search page."""
    return _relative(from_value, search_path) or _from_referrer(referrer, host_url, search_path)


def _relative(href: str | None, search_path: str) -> SearchContext | None:
    if not href or not href.startswith("/") or href.startswith("//") or "\\" in href:
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or parts.path != search_path:
        return None
    query = QueryString.from_pairs(parse_qsl(parts.query))
    anchor = f"#{parts.fragment}" if RESULT_ANCHOR.fullmatch(parts.fragment) else ""
    return SearchContext(query.href(search_path) + anchor, query)


def _from_referrer(referrer: str | None, host_url: str, search_path: str) -> SearchContext | None:
    if not referrer:
        return None
    site, ref = urlsplit(host_url), urlsplit(referrer)
    if (ref.scheme, ref.netloc) != (site.scheme, site.netloc):
        return None
    return _relative(ref.path + ("?" + ref.query if ref.query else ""), search_path)
