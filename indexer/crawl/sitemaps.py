"""Reading sitemaps (sitemaps.org 0.9): page URLs with their `lastmod`, or the sitemaps an index names.

Gzipped sitemaps (`.xml.gz`, or any body starting with the gzip magic) are inflated with a size
cap, so a small file cannot unpack into gigabytes. The standard XML parser refuses entity
expansion bombs.
"""
from __future__ import annotations

import gzip
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

MAX_INFLATED = 50 * 1024 * 1024      # the sitemaps.org limit for one uncompressed file
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None = None   # aware, UTC; None when absent or unreadable


@dataclass
class Sitemap:
    pages: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[SitemapEntry] = field(default_factory=list)   # when the file is a sitemap index
    problem: str | None = None


def is_sitemap(raw: bytes) -> bool:
    head = _inflate(raw)[:4096] if raw[:2] == _GZIP_MAGIC else raw[:4096]
    return b"<urlset" in head or b"<sitemapindex" in head


def read_sitemap(raw: bytes) -> Sitemap:
    try:
        data = _inflate(raw) if raw[:2] == _GZIP_MAGIC else raw
        root = ET.fromstring(data)
    except (OSError, EOFError, ValueError, ET.ParseError) as exc:
        return Sitemap(problem=f"unreadable sitemap ({exc})")
    found = Sitemap()
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        return Sitemap(problem=f"not a sitemap (<{kind}>)")
    wanted = "url" if kind == "urlset" else "sitemap"
    for node in root:
        if _local(node.tag) != wanted:
            continue
        loc = lastmod = None
        for child in node:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = parse_lastmod((child.text or "").strip())
        if loc:
            (found.pages if kind == "urlset" else found.sitemaps).append(SitemapEntry(loc, lastmod))
    return found


def parse_lastmod(value: str) -> datetime | None:
    """W3C datetime: a date and time with a zone ('Z' or ±hh:mm), or a date alone.

    A date alone stands for the end of that day (UTC midnight after it): a page changed in the
    afternoon after a morning crawl must not look unchanged since that crawl."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(value) == 10:
        when += timedelta(days=1)
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _inflate(raw: bytes) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as f:
        data = f.read(MAX_INFLATED + 1)
    if len(data) > MAX_INFLATED:
        raise ValueError(f"over {MAX_INFLATED} bytes once inflated")
    return data


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
