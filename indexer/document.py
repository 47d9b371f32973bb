"""Plain data passed between the stages of the indexer."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class RawPage:
    """The bytes of one page, as read from a file, an archive or the web."""

    source_id: str            # the id the document gets when the page declares no canonical URL
    location: str             # where it came from (a path or a URL), for reports
    content: bytes
    url: str | None = None    # the URL the page was fetched from, when known
    content_type: str | None = None   # Content-Type header, when fetched over HTTP
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class CleanPage:
    """What the cleaner keeps of a page: no menus, banners or photo credits."""

    title: str
    paragraphs: list[str]
    canonical_url: str | None = None
    lang_hint: str | None = None      # <html lang>, when declared

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class PublicationDate:
    value: date
    inferred: bool = False    # True when read from the text rather than declared by the page
    source: str = ""          # which rule found it: time, meta, dateline, url, text


@dataclass(frozen=True)
class Occurrence:
    """One sitting of a meeting (indexer.metadata.occurrences): kind, place, dates read from the text."""

    id: str
    label: str
    start: date
    end: date
    place: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "place": self.place}


@dataclass
class Metadata:
    meeting: str | None = None
    topics: list[str] = field(default_factory=list)
    location: str | None = None
    people: list[str] = field(default_factory=list)
    lang: str = "fr"
    occurrence: Occurrence | None = None


@dataclass
class Communique:
    """One indexable communiqué."""

    id: str
    url: str | None
    source: str
    content_hash: str
    title: str
    body: str
    date: date | None
    date_inferred: bool
    metadata: Metadata


@dataclass(frozen=True)
class Failure:
    location: str
    reason: str
