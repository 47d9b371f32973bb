"""Read search parameters for a page a person is looking at: a bad value is dropped, not fatal.

The API answers a bad parameter with a 400 and nothing else; the HTML page also
answers 400, but still shows the search without the offending parameter, with a
French message, so the person can fix it from there.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from search_service.search.params import ParameterError, SearchParams, parse_search_params
from search_service.ui.urls import QueryString


@dataclass
class RecoveredParams:
    params: SearchParams
    query: QueryString                       # the query string without the rejected parameters
    errors: list[ParameterError] = field(default_factory=list)


def recover_params(query: QueryString) -> RecoveredParams:
    errors: list[ParameterError] = []
    for _ in range(len(query.pairs) + 1):
        try:
            return RecoveredParams(_parse(query), query, errors)
        except ParameterError as exc:
            errors.append(exc)
            # "to before from" names `to`; other errors name the parameter at fault, or none
            query = query.without(exc.parameter) if exc.parameter else QueryString()
    return RecoveredParams(_parse(QueryString()), QueryString(), errors)


def parse_strict(query: QueryString) -> SearchParams:
    """For feeds and exports: a machine reader gets a 400, not a silently different result."""
    return _parse(query)


def _parse(query: QueryString) -> SearchParams:
    return parse_search_params(query.first, query.values)
