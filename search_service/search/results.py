"""What the query layer returns: plain data the API serialises and the UI renders."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Hit:
    id: str
    url: str | None
    title: str
    title_html: str
    date: str | None
    date_inferred: bool
    year: str | None
    meeting: str | None
    topics: list[str]
    location: str | None
    people: list[str]
    lang: str | None
    snippet: str
    score: float | None


@dataclass
class FacetCount:
    value: str
    count: int


@dataclass
class SearchResult:
    query: dict
    total: int
    page: int
    per_page: int
    pages: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    suggestion: str | None = None
    corrected: bool = False
    relaxed: bool = False
    fallback: bool = False
    capped: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Document:
    id: str
    url: str | None
    title: str
    body: str
    date: str | None
    date_inferred: bool
    year: str | None
    meeting: str | None
    topics: list[str]
    location: str | None
    people: list[str]
    lang: str | None
    related: list[Hit] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)
