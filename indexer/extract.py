"""From raw page bytes to a Communique, or a clear reason why not."""
from __future__ import annotations

import codecs
import hashlib
import re
from urllib.parse import urljoin

from indexer import dates
from indexer.cleaning import clean, limit_depth, normalised_lines, parse_html
from indexer.document import Communique, PublicationDate, RawPage
from indexer.elements import first_named, strings_of
from indexer.encoding import UndecodableError, decode_html
from indexer.metadata import extract_metadata

# Bumped when cleaning or extraction changes, so a re-ingest re-processes unchanged files.
EXTRACTOR_VERSION = "1"
MAX_PAGE_BYTES = 12 * 1024 * 1024
# Tags (elements, comments, declarations) per page at most: the parsed tree costs ~1 KB per
# element and the cleaner's passes grow with it; real communiqué pages have a few thousand.
MAX_ELEMENTS = 25_000
_TAG_START = re.compile(r"<[A-Za-z!?]")
MIN_BODY_CHARS = 40
_HTMLISH = re.compile(rb"<\s*(?:!doctype|html|head|body|p|div|article|table|h1|title)\b", re.I)


class ExtractionError(ValueError):
    """The page cannot be used; the message says why (shown in the ingest report)."""


def content_hash(raw: bytes) -> str:
    """What tells a changed page from an unchanged one (and a page extracted by another extractor version).

    128 bits of SHA-256 do that as surely as 256, in half the index column (3.2 MB at 100,000 pages).
    A hash written by an older version, 64 characters long, never equals it: that index's pages are
    extracted again once.
    """
    return hashlib.sha256(EXTRACTOR_VERSION.encode() + b"\0" + raw).hexdigest()[:32]


def looks_like_html(raw: bytes, content_type: str | None) -> bool:
    if content_type and not any(t in content_type.lower() for t in ("html", "xml", "text/plain")):
        return False
    head = raw[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")     # a UTF-16 page, declared by its BOM
    return bool(_HTMLISH.search(head))


def count_elements(text: str, limit: int) -> int:
    """Start tags in the page, counting no further than `limit` + 1 (the test runs before parsing)."""
    count = 0
    for count, _ in enumerate(_TAG_START.finditer(text), 1):
        if count > limit:
            break
    return count


def extract(page: RawPage, content_selector: str | None = None) -> Communique:
    raw = page.content
    if not raw.strip():
        raise ExtractionError("empty file")
    if len(raw) > MAX_PAGE_BYTES:
        raise ExtractionError(f"page too large ({len(raw)} bytes > {MAX_PAGE_BYTES})")
    if not looks_like_html(raw, page.content_type):
        raise ExtractionError(f"not HTML ({page.content_type or 'no HTML markup found'})")
    try:
        text = decode_html(raw, page.content_type)
    except UndecodableError as exc:
        raise ExtractionError(f"unreadable bytes: {exc}") from None
    if count_elements(text, MAX_ELEMENTS) > MAX_ELEMENTS:
        raise ExtractionError(f"too much markup (more than {MAX_ELEMENTS} tags)")
    soup = parse_html(text)
    limit_depth(soup)
    all_lines = text_lines(first_named(soup, "body") or soup)
    cleaned = clean(soup, content_selector)
    if not cleaned.title:
        raise ExtractionError("no title")
    body = cleaned.body
    if len(body) < MIN_BODY_CHARS:
        raise ExtractionError("no body text")
    base = page.url or None
    canonical = urljoin(base, cleaned.canonical_url) if base and cleaned.canonical_url else cleaned.canonical_url
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = None
    url = canonical or page.url
    published = dates.publication_date(soup, lines_near_title(all_lines, cleaned.title), url, cleaned.paragraphs)
    if published is None and not url:
        # A file's own path is the archivist's naming, not the publisher's: a hint, flagged inferred.
        path_date = dates.from_url(page.source_id)
        published = PublicationDate(path_date, inferred=True, source="path") if path_date else None
    metadata = extract_metadata(cleaned.title, cleaned.paragraphs, cleaned.lang_hint,
                                published.value if published else None)
    return Communique(
        id=canonical or page.source_id,
        url=url,
        source=page.location,
        content_hash=content_hash(raw),
        title=cleaned.title,
        body=body,
        date=published.value if published else None,
        date_inferred=published.inferred if published else False,
        metadata=metadata,
    )


def text_lines(node) -> list[str]:
    """The page's text nodes in order, read before the cleaner mutates the tree."""
    return normalised_lines("\n".join(strings_of(node)))     # node.get_text("\n")


def lines_near_title(lines: list[str], title: str, before: int = 6, after: int = 30) -> list[str]:
    """Where a dateline sits: around the title, not in a sidebar of other news."""
    for i, line in enumerate(lines):
        if line and (line == title or (len(line) > 15 and line in title)):
            return lines[max(0, i - before): i + after]
    return lines[:60]
