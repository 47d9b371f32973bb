"""What the query layer returns: plain data the API serialises and the UI renders."""
from __future__ import annotations

from dataclasses import dataclass, field

from search_service.search.match_classes import MatchClass, MatchTotals


@dataclass
class Version:
    """The same communiqué in another language."""

    id: str
    url: str | None
    title: str
    lang: str | None

    def to_json(self) -> dict:
        return dict(self.__dict__)


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
    match: MatchClass = MatchClass.ALL
    missing: list[str] = field(default_factory=list)     # concepts of the query a partial hit lacks, as typed
    occurrence: dict | None = None     # {id, label, start, end, place} of the meeting's sitting, or None
    translations: list[Version] = field(default_factory=list)   # the same communiqué in other languages

    def to_json(self) -> dict:
        out = dict(self.__dict__)
        out["match"] = self.match.value
        out["missing"] = list(self.missing)
        out["translations"] = [v.to_json() for v in self.translations]
        return out


@dataclass
class FacetCount:
    value: str
    count: int


@dataclass
class SearchResult:
    query: dict
    total: int                # documents matching every concept (`totals.all`): the results proper
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
    totals: MatchTotals = field(default_factory=MatchTotals)
    mode: str = "keyword"             # the mode that answered: "hybrid" needs the index's vectors
    note: str | None = None           # why the mode asked for could not be used

    def to_json(self) -> dict:
        # Written out rather than dataclasses.asdict: asdict deep-copies every list (a few ms a request).
        return {
            "query": self.query, "total": self.total, "page": self.page, "per_page": self.per_page,
            "totals": self.totals.to_json(), "pages": self.pages, "took_ms": self.took_ms, "hits": [h.to_json() for h in self.hits],
            "facets": {name: [{"value": f.value, "count": f.count} for f in values] for name, values in self.facets.items()},
            "suggestion": self.suggestion, "corrected": self.corrected, "relaxed": self.relaxed,
            "fallback": self.fallback, "capped": list(self.capped),
            "mode": self.mode, "note": self.note,
        }


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
    occurrence: dict | None = None
    translations: list[Version] = field(default_factory=list)      # the same communiqué in other languages

    def to_json(self) -> dict:
        return {**{k: v for k, v in self.__dict__.items() if k not in ("related", "translations")},
                "related": [h.to_json() for h in self.related],
                "translations": [v.to_json() for v in self.translations]}
