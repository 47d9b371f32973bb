"""Is this page a communiqué? Decided from what the page holds, not from its URL.

A communiqué has a title, a publication date the page itself declares (a <time>, a meta tag, a
dateline near the title, or a date in the lead paragraph: a date read only from the URL does not
count), and a body of prose:
enough characters, at least one real sentence, and little of it link text. A listing page fails
the last test (its text is mostly links to other pages, or it carries many dated items), a
« Contact » or « Mentions légales » page fails the date test.

The text the judge extracts (title, date, body) is also what versions compare (versions.py): the
same cleaner and date rules as ingest, so markup changes alone never make a version.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from indexer import dates
from indexer.cleaning import clean, find_content, limit_depth, parse_html
from indexer.elements import first_named, named, tags_of
from indexer.encoding import UndecodableError, decode_html
from indexer.extract import MAX_ELEMENTS, count_elements, lines_near_title, looks_like_html, text_lines

MIN_PROSE_CHARS = 150         # the shortest communiqués of the corpus hold two or three sentences
MIN_SENTENCE_CHARS = 60       # a paragraph that long, ending like a sentence, is prose
MAX_LINK_SHARE = 0.35         # above this share of link text, the content area is a list of links
MAX_DATED_ITEMS = 3           # a page with more <time> elements than this lists dated items
_SENTENCE_END = re.compile(r"[.!?…»)]\s*$|[.!?…]\s")


@dataclass(frozen=True)
class PageText:
    """What versions are made of: the extracted text, never the markup."""
    title: str
    date: date | None
    body: str


@dataclass(frozen=True)
class Verdict:
    communique: bool
    reason: str                     # why not, in French, for the summary; "" when it is one
    text: PageText | None = None    # set whenever a title and a body were found


def judge(raw: bytes, content_type: str | None, url: str | None, content_selector: str | None = None) -> Verdict:
    if not looks_like_html(raw, content_type):
        return Verdict(False, "pas une page HTML")
    try:
        markup = decode_html(raw, content_type)
    except UndecodableError:
        return Verdict(False, "page illisible")
    if count_elements(markup, MAX_ELEMENTS) > MAX_ELEMENTS:
        return Verdict(False, "trop de balises")
    soup = parse_html(markup)
    limit_depth(soup)
    lines = text_lines(first_named(soup, "body") or soup)
    tags = tags_of(soup)
    container = (soup.select_one(content_selector) if content_selector else None) or find_content(tags)
    link_share = _link_share(container)
    dated_items = len(named(soup, "time"))
    cleaned = clean(soup, content_selector)
    body = "\n\n".join(cleaned.paragraphs)
    published = dates.publication_date(soup, lines_near_title(lines, cleaned.title), None, cleaned.paragraphs) \
        if cleaned.title else None
    text = PageText(cleaned.title, published.value if published else None, body) if cleaned.title else None
    if not cleaned.title:
        return Verdict(False, "pas de titre")
    if link_share > MAX_LINK_SHARE or dated_items > MAX_DATED_ITEMS:
        return Verdict(False, "liste de liens", text)
    if published is None or published.inferred and not _dated_lead(cleaned.paragraphs):
        return Verdict(False, "pas de date de publication", text)
    if len(body) < MIN_PROSE_CHARS or not any(_is_sentence(p) for p in cleaned.paragraphs):
        return Verdict(False, "pas de texte suivi", text)
    return Verdict(True, "", text)


def _link_share(container) -> float:
    if container is None:
        return 1.0
    total = len(container.get_text(" ", strip=True))
    links = sum(len(a.get_text(" ", strip=True)) for a in named(container, "a"))
    return links / total if total else 1.0


def _dated_lead(paragraphs: list[str]) -> bool:
    """A press release may give its date only in its lead sentence (« Le 12 mars 2024, le ministre… »):
    the first paragraph, not a « mise à jour » line at the foot of a page."""
    return bool(paragraphs) and bool(dates.find_dates(paragraphs[0], limit=1))


def _is_sentence(paragraph: str) -> bool:
    return len(paragraph) >= MIN_SENTENCE_CHARS and bool(_SENTENCE_END.search(paragraph))
