"""Query strings as immutable values, so every link on the page is the current state plus one change.

Every state of the search page lives in its URL; chips, facet links, timeline bars,
sort links and page numbers are all built here from the current query string.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from search_service.search.params import FACETS

PAGE = "page"


@dataclass(frozen=True)
class QueryString:
    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> QueryString:
        """Blank values are dropped: an empty date box must not clutter a shared link."""
        return cls(tuple((k, v) for k, v in pairs if v is not None and str(v).strip() != ""))

    @classmethod
    def from_args(cls, args) -> QueryString:
        """From a werkzeug MultiDict (request.args), keeping repeated facet keys in order. A parameter that
        takes one value keeps its first one, blank or not, as the API reads it: "q=&q=otan" is an empty
        search on the page, in the feed and in the export too."""
        seen: set[str] = set()
        pairs = []
        for name, value in args.items(multi=True):
            if name not in FACETS:
                if name in seen:
                    continue
                seen.add(name)
            pairs.append((name, value))
        return cls.from_pairs(pairs)

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def first(self, name: str) -> str | None:
        return next((v for k, v in self.pairs if k == name), None)

    def has(self, name: str, value: str | None = None) -> bool:
        return any(k == name and (value is None or v == value) for k, v in self.pairs)

    def without(self, *names: str) -> QueryString:
        return QueryString(tuple((k, v) for k, v in self.pairs if k not in names))

    def without_value(self, name: str, value: str) -> QueryString:
        return QueryString(tuple((k, v) for k, v in self.pairs if not (k == name and v == value)))

    def adding(self, name: str, value: str) -> QueryString:
        return QueryString(self.pairs + ((name, value),))

    def setting(self, name: str, value: str | None) -> QueryString:
        """Replace every value of `name` by one value (or remove it when None)."""
        rest = self.without(name)
        return rest.adding(name, value) if value not in (None, "") else rest

    def toggling(self, name: str, value: str) -> QueryString:
        return self.without_value(name, value) if self.has(name, value) else self.adding(name, value)

    def new_search(self) -> QueryString:
        """A changed search starts again on its first page."""
        return self.without(PAGE)

    def encode(self) -> str:
        return urlencode(self.pairs)

    def href(self, base: str) -> str:
        return f"{base}?{self.encode()}" if self.pairs else base
