"""People and places as pages of their own: their communiqués, their meetings, who is named with them. No Flask.

An entity is a value of the `person` or `location` facet (canonical names: the indexer's
curated lists merge « Kouleba » and « Kuleba »), addressed by a slug of that value
(« dmytro-kuleba », « bruxelles »). Everything is counted with the snapshot's facet arrays
and a per-generation array of each document's occurrence, so a person named in 50,000
communiqués costs array operations; stored fields are read only for the communiqués shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.metadata.occurrences import slug
from search_service.search.meetings import OccurrenceSummary, occurrence_docs
from search_service.search.results import Hit
from search_service.search.snapshot import Snapshot

KINDS = {"person": "person", "place": "location"}      # entity kind -> facet name
TIMELINE_MAX = 200        # communiqués listed on an entity's page (the newest; the total is exact)
MEETINGS_MAX = 50
PEOPLE_MAX = 10


@dataclass(frozen=True)
class NamedCount:
    id: str
    name: str
    count: int


@dataclass
class EntityDetail:
    kind: str
    id: str
    name: str
    total: int
    documents: list[Hit] = field(default_factory=list)              # oldest first
    meetings: list[tuple[OccurrenceSummary, int]] = field(default_factory=list)   # (occurrence, its communiqués naming the entity)
    people: list[NamedCount] = field(default_factory=list)          # most often named with the entity

    def to_json(self) -> dict:
        return {
            "kind": self.kind, "id": self.id, "name": self.name, "total": self.total,
            "documents": [h.to_json() for h in self.documents],
            "meetings": [{**o.to_json(), "documents": o.documents, "naming": n} for o, n in self.meetings],
            "people": [{"id": p.id, "name": p.name, "count": p.count} for p in self.people],
        }


def entity_slug(name: str) -> str:
    return slug(name)


def find_value(snap: Snapshot, kind: str, entity_id: str) -> str | None:
    """The facet value an entity id stands for, or None."""
    key = ("__entity_slugs__", kind)
    slugs = snap.cache.get(key)
    if slugs is None:
        slugs = {}
        for label in snap.facets[KINDS[kind]].labels:
            slugs.setdefault(entity_slug(label), label)
        snap.cache.put(key, slugs)
    return slugs.get(entity_id)


def entity_docs(snap: Snapshot, kind: str, value: str) -> np.ndarray:
    facet = snap.facets[KINDS[kind]]
    docs = facet.pair_docs[facet.pair_values == facet.index[value]]
    return np.unique(docs)


def occurrence_array(snap: Snapshot) -> tuple[list[str], np.ndarray]:
    """(occurrence ids, per document the index of its occurrence or -1), once per index generation."""
    cached = snap.cache.get("__occurrence_array__")
    if cached is not None:
        return cached
    ids: list[str] = []
    per_doc = np.full(snap.size, -1, dtype=np.int32)
    if "occurrence" in snap.schema.names():
        for term in list(snap.reader.lexicon("occurrence")):
            occurrence_id = term.decode("utf-8") if isinstance(term, bytes) else term
            docs = [d for d in snap.reader.postings("occurrence", occurrence_id).all_ids() if d < snap.size]
            per_doc[docs] = len(ids)
            ids.append(occurrence_id)
    snap.cache.put("__occurrence_array__", (ids, per_doc))
    return ids, per_doc


def entity_meetings(snap: Snapshot, docs: np.ndarray) -> list[tuple[OccurrenceSummary, int]]:
    ids, per_doc = occurrence_array(snap)
    of_docs = per_doc[docs]
    of_docs = of_docs[of_docs >= 0]
    if not len(of_docs):
        return []
    counts = np.bincount(of_docs, minlength=len(ids))
    out = []
    for i in np.flatnonzero(counts):
        summary, _ = occurrence_docs(snap, ids[i])
        if summary is not None:
            out.append((summary, int(counts[i])))
    out.sort(key=lambda pair: (pair[0].start, pair[0].id), reverse=True)
    return out[:MEETINGS_MAX]


def people_with(snap: Snapshot, docs: np.ndarray, itself: str | None) -> list[NamedCount]:
    facet = snap.facets["person"]
    mask = np.zeros(snap.size, dtype=bool)
    mask[docs] = True
    counts = facet.counts(mask)
    order = sorted(np.flatnonzero(counts), key=lambda i: (-counts[i], facet.alpha_rank[i]))
    return [NamedCount(entity_slug(facet.labels[i]), facet.labels[i], int(counts[i]))
            for i in order if facet.labels[i] != itself][:PEOPLE_MAX]


def timeline_docs(snap: Snapshot, docs: np.ndarray) -> list[int]:
    """The newest TIMELINE_MAX communiqués, shown oldest first (undated ones last)."""
    dates = snap.dates[docs].astype(np.int64)
    newest = docs[np.argsort(-dates, kind="stable")][:TIMELINE_MAX]
    return sorted((int(d) for d in newest), key=lambda d: (int(snap.dates[d]) or 99_999_999, d))
