"""Meeting occurrences: the sittings the index knows, and the communiqués of one. No Flask here.

The indexer gives each communiqué that reports a meeting an occurrence (kind, place, dates read from the
text; indexer.metadata.occurrences) and indexes its id. Listing them walks the terms of that field once
per index generation (the list is cached on the snapshot), reading one stored record per occurrence.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer.analysis import fold_text
from search_service.search.params import ParameterError
from search_service.search.results import Hit
from search_service.search.snapshot import Snapshot

CACHE_KEY = "__occurrences__"
MAX_Q_CHARS = 200


@dataclass(frozen=True)
class OccurrenceSummary:
    id: str
    label: str
    meeting: str
    start: str
    end: str
    place: str | None
    documents: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass
class OccurrenceDetail:
    occurrence: OccurrenceSummary
    documents: list[Hit] = field(default_factory=list)      # in date order, oldest first

    def to_json(self) -> dict:
        return {**self.occurrence.to_json(), "documents": [h.to_json() for h in self.documents]}


@dataclass(frozen=True)
class OccurrenceQuery:
    meetings: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    q: str = ""


def parse_occurrence_query(get_list, get) -> OccurrenceQuery:
    """meeting (repeatable), year (repeatable, YYYY), q (words of the occurrence's label or place)."""
    years = tuple(y.strip() for y in get_list("year") if y.strip())
    for y in years:
        if not (len(y) == 4 and y.isdigit()):
            raise ParameterError("invalid_parameter", f"year must be a year such as 2017, not {y!r}", "year")
    q = (get("q") or "").strip()
    if len(q) > MAX_Q_CHARS:
        raise ParameterError("invalid_parameter", f"q is limited to {MAX_Q_CHARS} characters", "q")
    return OccurrenceQuery(tuple(m.strip() for m in get_list("meeting") if m.strip()), years, q)


def occurrences(snap: Snapshot) -> list[OccurrenceSummary]:
    """Every occurrence of the index, newest first."""
    cached = snap.cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    reader = snap.reader
    out = []
    if "occurrence" in snap.schema.names():
        for term in list(reader.lexicon("occurrence")):
            occurrence_id = term.decode("utf-8") if isinstance(term, bytes) else term
            docs = _live_docs(snap, occurrence_id)
            if docs:
                out.append(_summary(snap, occurrence_id, docs))
    out.sort(key=lambda o: (o.start, o.id), reverse=True)
    snap.cache.put(CACHE_KEY, out)
    return out


def find_occurrences(snap: Snapshot, query: OccurrenceQuery) -> list[OccurrenceSummary]:
    words = fold_text(query.q).split()
    return [o for o in occurrences(snap)
            if (not query.meetings or o.meeting in query.meetings)
            and (not query.years or o.start[:4] in query.years)
            and all(w in fold_text(f"{o.label} {o.place or ''}") for w in words)]


def occurrence_docs(snap: Snapshot, occurrence_id: str) -> tuple[OccurrenceSummary | None, list[int]]:
    """The occurrence and its live documents in date order (undated last), or (None, [])."""
    docs = _live_docs(snap, occurrence_id)
    if not docs:
        return None, []
    docs.sort(key=lambda d: (int(snap.dates[d]) or 99_999_999, d))
    return _summary(snap, occurrence_id, docs), docs


def _live_docs(snap: Snapshot, occurrence_id: str) -> list[int]:
    if "occurrence" not in snap.schema.names():
        return []
    try:
        ids = snap.reader.postings("occurrence", occurrence_id).all_ids()
    except Exception:       # Whoosh raises TermNotFound for an id it has never seen
        return []
    return [d for d in ids if d < snap.size and snap.live[d]]


def _summary(snap: Snapshot, occurrence_id: str, docs: list[int]) -> OccurrenceSummary:
    stored = snap.stored_fields(docs[0])
    info = stored.get("occurrence_info") or {}
    return OccurrenceSummary(occurrence_id, info.get("label", occurrence_id), stored.get("meeting") or "",
                             info.get("start", ""), info.get("end", ""), info.get("place"), len(docs))


def occurrence_of(stored: dict) -> dict | None:
    """The `occurrence` object of a hit or a document: {id, label, start, end, place}, or None."""
    info = stored.get("occurrence_info")
    if not stored.get("occurrence") or not isinstance(info, dict):
        return None
    return {"id": stored["occurrence"], "label": info.get("label"), "start": info.get("start"),
            "end": info.get("end"), "place": info.get("place")}
