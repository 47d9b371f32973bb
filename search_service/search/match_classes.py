"""How a hit matched the query, and how many documents matched each way.

A journalist must be able to tell a result from padding: only documents that
contain every concept of the query (a synonym group or a spelling-corrected
word counting as one concept) are *the* results — counted in `total`, in the
facets, the timeline, the CSV and the feed. Documents matching only most of
the concepts (relaxed matching) are listed after them, labelled, and counted
apart. A third class, found by meaning rather than by the words, ranks after
both and is counted apart too; the keyword engine never produces it.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MatchClass(StrEnum):
    ALL = "all"            # every concept of the query (also: every document when the query is empty)
    PARTIAL = "partial"    # most concepts, not all (relaxed matching)
    MEANING = "meaning"    # found by the semantic channel only, not by the words

    @property
    def rank(self) -> int:
        """Listing order of the classes: every `all` match before any partial one, both before meaning."""
        return _ORDER.index(self)


_ORDER = (MatchClass.ALL, MatchClass.PARTIAL, MatchClass.MEANING)
EVERY_CLASS = frozenset(MatchClass)
ALL_ONLY = frozenset({MatchClass.ALL})


@dataclass(frozen=True)
class MatchTotals:
    """Documents of each class that pass the filters (exact counts, not only the page shown)."""

    all: int = 0
    partial: int = 0
    meaning: int = 0

    def of(self, match: MatchClass) -> int:
        return getattr(self, match.name.lower())

    def listed(self, classes: frozenset[MatchClass] = EVERY_CLASS) -> int:
        """How many hits a search listing these classes pages through."""
        return sum(self.of(c) for c in classes)

    def to_json(self) -> dict:
        return {"all": self.all, "partial": self.partial, "meaning": self.meaning}
