"""Reading a news listing: which of its links are communiqués, and where the next (older) page is.
RSS and Atom feeds are read too: every item is a communiqué candidate and a feed has no next page.

Every page that is not a communiqué is also read as a hub: the links of its navigation that lead
towards the press room (sections, year and month archives, « Voir toutes les actualités », chosen
by the profile's [discovery] words and patterns), and the feeds it announces with
<link rel="alternate">.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from unidecode import unidecode

from indexer.cleaning import normalise_text, parse_html
from indexer.crawl.scope import Scope, match_target, normalise
from indexer.encoding import UndecodableError, decode_html

_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_FEED_TYPES = ("rss", "atom", "/xml", "+xml")


@dataclass
class Listing:
    communiques: list[str] = field(default_factory=list)   # in page order, without duplicates
    next_url: str | None = None
    off_site: list[str] = field(default_factory=list)      # communiqué-like links to hosts outside the crawl
    hubs: list[str] = field(default_factory=list)          # same-site links towards other listings
    feeds: list[str] = field(default_factory=list)         # RSS/Atom feeds the page announces


def is_feed(raw: bytes, content_type: str | None) -> bool:
    ctype = (content_type or "").lower()
    if "html" in ctype:
        return False
    return any(t in ctype for t in _FEED_TYPES) or bool(_FEED_START.match(raw.lstrip(b"\xef\xbb\xbf")[:2048]))


def read_listing(raw: bytes, content_type: str | None, url: str, scope: Scope) -> Listing:
    try:
        soup = parse_html(decode_html(raw, content_type))
    except UndecodableError:
        return Listing()
    base_tag = soup.find("base", href=True)
    base = urljoin(url, base_tag["href"]) if base_tag else url
    listing = Listing(next_url=_next_page(soup, base, url, scope))
    area = _link_area(soup, scope.profile.link_area)
    for selector in scope.profile.ignore_areas:
        for tag in area.select(selector):
            tag.decompose()
    skip = {url, listing.next_url}
    for a in area.find_all("a", href=True):
        _collect(normalise(urljoin(base, a["href"])), scope, listing, skip)
    listing.feeds = _announced_feeds(soup, base, scope)
    listing.hubs = _hub_links(soup, base, url, scope, skip | set(listing.communiques))
    return listing


_FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def _announced_feeds(soup, base: str, scope: Scope) -> list[str]:
    found = []
    for link in soup.find_all("link", href=True):
        rel = link.get("rel") or []
        rel = rel if isinstance(rel, list) else rel.split()
        if "alternate" in [r.lower() for r in rel] and (link.get("type") or "").lower() in _FEED_LINK_TYPES:
            target = normalise(urljoin(base, link["href"]))
            if target and scope.in_scope(target) and target not in found:
                found.append(target)
    return found


def _hub_links(soup, base: str, url: str, scope: Scope, skip: set) -> list[str]:
    """Links anywhere on the page (menus included: that is where « Salle de presse » lives)
    whose text or URL names the press room, or whose URL is a year or month archive.

    A link to the same path with another query is this listing's pagination: only the next-page
    link walks it, so that the stop on a page of known communiqués holds."""
    words = scope.profile.hub_words
    here = urlsplit(url).path
    found = []
    for a in soup.find_all("a", href=True):
        target = normalise(urljoin(base, a["href"]))
        if not target or target in skip or target in found or not scope.in_scope(target) \
                or urlsplit(target).path == here:
            continue
        label = _fold(" ".join([a.get_text(" "), a.get("title") or "", a.get("aria-label") or ""]))
        path = _fold(match_target(target))
        if any(w in label or w in path for w in words) or any(p.search(match_target(target))
                                                               for p in scope.profile.hub_links):
            found.append(target)
    return found


def _fold(text: str) -> str:
    return unidecode(normalise_text(text)).lower().replace("_", " ").replace("-", " ")


def read_feed(raw: bytes, url: str, scope: Scope) -> Listing:
    """Item links of an RSS 0.9x/1.0/2.0 or Atom feed; the standard parser refuses entity expansion bombs."""
    listing = Listing()
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        return listing
    for item in root.iter():
        if _local(item.tag) not in ("item", "entry"):
            continue
        link = _item_link(item)
        if link:
            _collect(normalise(urljoin(url, link)), scope, listing, {url}, require_pattern=False)
    return listing


def _collect(link: str | None, scope: Scope, listing: Listing, skip: set, require_pattern: bool = True) -> None:
    if link is None or link in skip or link in listing.communiques:
        return
    if require_pattern and not scope.is_communique(link):
        return
    if not scope.host_allowed(link):
        if link not in listing.off_site:
            listing.off_site.append(link)
    elif scope.in_scope(link):
        listing.communiques.append(link)


def _link_area(soup, selectors: tuple[str, ...]):
    for selector in selectors:
        found = soup.select_one(selector)
        if found is not None:
            return found
    return soup


def _next_page(soup, base: str, url: str, scope: Scope) -> str | None:
    candidates = []
    for selector in scope.profile.next_page:
        candidates += [tag.get("href") for tag in soup.select(selector)]
    texts = scope.profile.next_page_texts
    if texts:
        for a in soup.find_all("a", href=True):
            label = normalise_text(" ".join([a.get_text(" "), a.get("aria-label") or "", a.get("title") or ""])).lower()
            if any(label == t or label.startswith(t + " ") for t in texts):
                candidates.append(a["href"])
    for href in candidates:
        target = normalise(urljoin(base, href)) if href else None
        if target and target != url and scope.in_scope(target):
            return target
    return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _item_link(item) -> str | None:
    for child in item:
        if _local(child.tag) != "link":
            continue
        if child.get("href") and child.get("rel", "alternate") == "alternate":
            return child.get("href").strip()
        if child.text and child.text.strip():
            return child.text.strip()
    for child in item:     # RSS items may give only a permalink guid
        text = (child.text or "").strip()
        if _local(child.tag) == "guid" and child.get("isPermaLink", "true") == "true" and text.startswith("http"):
            return text
    return None
