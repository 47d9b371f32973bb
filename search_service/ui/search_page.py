"""What the search page shows, computed from a SearchResult and the current query string.

Templates stay simple loops over these dataclasses; every link is built here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from search_service.search.match_classes import MatchClass
from search_service.search.params import FACETS, SearchParams
from search_service.search.results import FacetCount, Hit, SearchResult
from search_service.ui.export import export_name
from search_service.ui.french import FACET_LABELS, MATCH_HEADINGS, MODE_LABELS, SORT_LABELS, facet_value_label, short_date
from search_service.ui.pagination import page_numbers
from search_service.ui.timeline import Timeline, build_timeline
from search_service.ui.urls import PAGE, QueryString

VISIBLE_FACET_VALUES = 8
DATE_PARAMS = ("from", "to")
NO_CORRECTION = ("correct", "false")     # "search the words as typed" after the page showed a corrected search


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool
    input_id: str


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]       # shown at once: the selected values and the biggest ones
    more: list[FacetOption]          # behind a "voir plus" disclosure


@dataclass
class Chip:
    label: str
    remove_href: str


@dataclass
class LinkOption:
    label: str
    href: str
    current: bool


@dataclass
class ModeOption:
    value: str
    label: str
    current: bool


@dataclass
class PageLink:
    number: int | None               # None: an ellipsis
    href: str = ""
    current: bool = False


@dataclass
class SearchPage:
    q: str
    date_from: str
    date_to: str
    hidden: list[tuple[str, str]]    # parameters the form must carry that have no visible control
    facets: list[FacetGroup]
    chips: list[Chip]
    clear_href: str | None
    sorts: list[LinkOption]
    pages: list[PageLink]
    previous_href: str | None
    next_href: str | None
    timeline: Timeline | None
    original_href: str | None        # "search the words as typed" after a corrected search
    suggestion_href: str | None
    atom_href: str
    csv_href: str
    subscribe_href: str              # the readable page that explains the Atom feed
    export_name: str                 # 'communiques-otan-2022': what a saved export is called
    first_rank: int
    last_rank: int
    first_page_href: str             # the same search on its first page (after a page beyond the last)
    results_href: str                # this very page, carried to document pages as `?from=`
    errors: list[str] = field(default_factory=list)
    modes: list[ModeOption] = field(default_factory=list)    # « mots exacts » / « mots et sens »: radios of the form


@dataclass
class HitGroup:
    """Consecutive hits of one match class: all-matches are the results, the others come under a heading."""

    match: MatchClass
    heading: str | None              # None: the results proper (every concept matched)
    first_rank: int
    items: list = field(default_factory=list)   # what the template renders per hit, its Hit first


def hit_groups(items: list[tuple[Hit, ...]], first_rank: int) -> list[HitGroup]:
    """Split a page of hits (listed class by class by the query layer) where the match class changes."""
    groups: list[HitGroup] = []
    for rank, item in enumerate(items, first_rank):
        match = item[0].match
        if not groups or groups[-1].match != match:
            groups.append(HitGroup(match, MATCH_HEADINGS.get(match), rank))
        groups[-1].items.append(item)
    return groups


@dataclass
class Links:
    """Base URLs of the pages the search page links to (given by the Flask view)."""

    search: str
    atom: str
    csv: str
    subscribe: str


def build_search_page(params: SearchParams, result: SearchResult, query: QueryString, links: Links,
                      errors: list[str] | None = None) -> SearchPage:
    search = query.new_search()
    first_rank = (result.page - 1) * result.per_page + 1 if result.hits else 0
    return SearchPage(
        q=params.q,
        date_from=params.date_from.isoformat() if params.date_from else "",
        date_to=params.date_to.isoformat() if params.date_to else "",
        hidden=[(k, v) for k, v in query.pairs if k in ("sort", "per_page")],
        facets=[_facet_group(name, result.facets.get(name, []), params.filters.get(name, ()))
                for name in FACETS],
        chips=_chips(params, search, links.search),
        clear_href=(search.without(*FACETS, *DATE_PARAMS).href(links.search)
                    if params.filters or params.date_from or params.date_to else None),
        sorts=[LinkOption(label, search.setting("sort", key).href(links.search), key == params.sort)
               for key, label in SORT_LABELS.items() if key != "relevance" or params.q],
        pages=[PageLink(n, query.setting(PAGE, str(n)).href(links.search) if n else "", n == result.page)
               for n in page_numbers(result.page, result.pages)],
        previous_href=query.setting(PAGE, str(result.page - 1)).href(links.search)
        if 1 < result.page <= result.pages + 1 else None,
        next_href=query.setting(PAGE, str(result.page + 1)).href(links.search) if result.page < result.pages else None,
        timeline=build_timeline({f.value: f.count for f in result.facets.get("year", [])},
                                set(params.filters.get("year", ())),
                                lambda y: search.setting("year", y).href(links.search)),
        original_href=(search.setting(*NO_CORRECTION).href(links.search) if result.corrected else None),
        suggestion_href=(search.without(NO_CORRECTION[0]).setting("q", result.suggestion).href(links.search)
                         if result.suggestion and not result.corrected else None),
        atom_href=search.without("sort", "per_page").href(links.atom),
        csv_href=search.without("per_page").href(links.csv),
        subscribe_href=search.without("sort", "per_page").href(links.subscribe),
        export_name=export_name(params),
        first_rank=first_rank,
        last_rank=first_rank + len(result.hits) - 1 if result.hits else 0,
        first_page_href=query.without(PAGE).href(links.search),
        results_href=query.href(links.search),
        errors=list(errors or []),
        modes=[ModeOption(key, label, key == params.mode) for key, label in MODE_LABELS.items()],
    )


def _facet_group(name: str, counts: list[FacetCount], selected: tuple[str, ...]) -> FacetGroup:
    by_value = {f.value: f.count for f in counts}
    ordered = [f.value for f in counts] + [v for v in selected if v not in by_value]   # a selected value with no hit stays untickable
    options = [FacetOption(v, facet_value_label(name, v), by_value.get(v, 0), v in selected, f"f-{name}-{i}")
               for i, v in enumerate(ordered)]
    visible = len(options) if len(options) <= VISIBLE_FACET_VALUES + 1 else VISIBLE_FACET_VALUES   # "voir 1 autre" would hide one line behind one line
    shown = [o for i, o in enumerate(options) if i < visible or o.checked]
    more = [o for i, o in enumerate(options) if i >= visible and not o.checked]
    return FacetGroup(name, FACET_LABELS[name], shown, more)


def _chips(params: SearchParams, search: QueryString, base: str) -> list[Chip]:
    chips = [Chip(f"{FACET_LABELS[name]} : {facet_value_label(name, value)}",
                  search.without_value(name, value).href(base))
             for name in FACETS for value in params.filters.get(name, ())]
    if params.date_from:
        chips.append(Chip(f"Depuis le {short_date(params.date_from.isoformat())}", search.without("from").href(base)))
    if params.date_to:
        chips.append(Chip(f"Jusqu'au {short_date(params.date_to.isoformat())}", search.without("to").href(base)))
    return chips
