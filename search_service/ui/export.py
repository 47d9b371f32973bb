"""A search as a CSV file (for spreadsheets) and as an Atom feed (for alerts)."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from unidecode import unidecode

from search_service.search.params import FACETS, SearchParams
from search_service.search.results import Hit

CSV_COLUMNS = ("id", "url", "title", "date", "meeting", "topics", "location", "people", "lang", "match")
LIST_SEPARATOR = "; "
BOM = "\ufeff"                     # lets spreadsheet software read the file as UTF-8, accents included
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ATOM_NS = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


CSV_CHUNK_ROWS = 200       # rows encoded per piece of a streamed export


EXPORT_PREFIX = "communiques"
MAX_NAME_CHARS = 80
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def export_name(params: SearchParams) -> str:
    """A file name that says what the export holds: 'communiques-otan-2022' (no extension).

    Built from the words, the filter values and the dates, in ASCII so every system saves it as is.
    """
    parts = [params.q] + [v for name in FACETS for v in params.filters.get(name, ())]
    parts += [f"du-{params.date_from.isoformat()}"] if params.date_from else []
    parts += [f"au-{params.date_to.isoformat()}"] if params.date_to else []
    slug = _NOT_NAME.sub("-", unidecode(" ".join(parts)).lower()).strip("-")
    if len(slug) > MAX_NAME_CHARS:
        slug = slug[:MAX_NAME_CHARS].rsplit("-", 1)[0]
    return f"{EXPORT_PREFIX}-{slug}" if slug else EXPORT_PREFIX


def csv_text(hits: Iterable[Hit]) -> str:
    return b"".join(csv_chunks(hits)).decode("utf-8")


def csv_chunks(hits: Iterable[Hit]) -> Iterator[bytes]:
    """The export in UTF-8 pieces of CSV_CHUNK_ROWS rows, the first with the BOM and the header."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for n, hit in enumerate(hits, 1):
        writer.writerow([_cell(v) for v in _csv_row(hit)])
        if n % CSV_CHUNK_ROWS == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _csv_row(hit: Hit) -> list[str]:
    return [hit.id, hit.url or "", hit.title, hit.date or "", hit.meeting or "", LIST_SEPARATOR.join(hit.topics),
            hit.location or "", LIST_SEPARATOR.join(hit.people), hit.lang or "", hit.match.value]


def _cell(value: str) -> str:
    """A cell a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


@dataclass
class FeedInfo:
    title: str
    self_href: str            # absolute URL of the feed itself
    page_href: str            # absolute URL of the same search as a web page
    feed_id: str


def atom_xml(info: FeedInfo, hits: Iterable[Hit], document_href: Callable[[str], str],
             now: datetime | None = None) -> bytes:
    """An Atom 1.0 feed of dated hits, newest first (undated communiqués cannot say when they were new)."""
    ET.register_namespace("", ATOM_NS)
    dated = [h for h in hits if h.date]
    feed = ET.Element(_tag("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(feed, "title", info.title)
    _text(feed, "id", info.feed_id)
    updated = _timestamp(dated[0].date) if dated else (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _text(feed, "updated", updated)
    ET.SubElement(feed, _tag("link"), rel="self", type="application/atom+xml", href=info.self_href)
    ET.SubElement(feed, _tag("link"), rel="alternate", type="text/html", href=info.page_href)
    author = ET.SubElement(feed, _tag("author"))
    _text(author, "name", "Recherche dans les communiqués")
    _text(feed, "generator", "communiques-search")
    for hit in dated:
        feed.append(_entry(hit, document_href(hit.id)))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)


def _entry(hit: Hit, href: str) -> ET.Element:
    entry = ET.Element(_tag("entry"))
    _text(entry, "title", hit.title)
    _text(entry, "id", href)
    _text(entry, "updated", _timestamp(hit.date))
    _text(entry, "published", _timestamp(hit.date))
    ET.SubElement(entry, _tag("link"), rel="alternate", type="text/html", href=href)
    if hit.url and hit.url.startswith(("http://", "https://")):
        ET.SubElement(entry, _tag("link"), rel="related", type="text/html", href=hit.url)
    for term in ([hit.meeting] if hit.meeting else []) + hit.topics:
        ET.SubElement(entry, _tag("category"), term=term)
    summary = _text(entry, "summary", hit.snippet)   # escaped text with <mark> only; readers render it as HTML
    summary.set("type", "html")
    return entry


def _tag(name: str) -> str:
    return f"{{{ATOM_NS}}}{name}"


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    child = ET.SubElement(parent, _tag(name))
    child.text = _NOT_XML.sub("", value)     # XML 1.0 cannot carry control characters at all
    return child


def _timestamp(iso_date: str) -> str:
    return f"{iso_date}T00:00:00Z"
