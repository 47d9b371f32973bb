"""Validate search parameters into a SearchParams; every bad value is a ParameterError (HTTP 400)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from indexer.schema import FACET_FIELDS
from search_service.search.match_classes import EVERY_CLASS, MatchClass

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_PAGE = 10_000
MAX_WINDOW = 10_000        # page × per_page: deeper pages cost more than they serve anyone
MAX_FILTER_VALUES = 50
MAX_VALUE_CHARS = 200
SORTS = ("relevance", "newest", "oldest")
MODES = ("keyword", "hybrid")         # keyword: the words only; hybrid: the words, then documents close by meaning
DEFAULT_MODE = "hybrid"               # measured on the gold queries: README, "Words and meaning"
FACETS = tuple(FACET_FIELDS)          # meeting, topic, year, location, person, lang
# [0-9], never \d: Python's \d takes any script's digits, and int() reads them ("page=٣", "year=٢٠١٧").
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ParameterError(ValueError):
    def __init__(self, code: str, message: str, parameter: str | None = None):
        super().__init__(message)
        self.code, self.message, self.parameter = code, message, parameter


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)   # facet name -> OR-ed values
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    correct: bool = True      # False: search the words as typed, even when a correction would find more
    mode: str = DEFAULT_MODE
    # Classes of hits listed (all are counted either way): feeds and exports list only `all` matches.
    listed: frozenset[MatchClass] = EVERY_CLASS

    def echo(self) -> dict:
        """The normalised parameters, as echoed in the response."""
        return {
            "q": self.q,
            **{name: list(self.filters.get(name, ())) for name in FACETS},
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "sort": self.sort, "page": self.page, "per_page": self.per_page, "correct": self.correct,
            "mode": self.mode,
        }

    def cache_key(self) -> tuple:
        return (self.q, tuple(sorted(self.filters.items())), self.date_from, self.date_to, self.sort,
                self.page, self.per_page, self.correct, self.mode, tuple(sorted(self.listed)))


def parse_search_params(get: Callable[[str], str | None], getlist: Callable[[str], list[str]],
                        max_per_page: int = MAX_PER_PAGE) -> SearchParams:
    """Read parameters through two accessors, so the layer needs no Flask (request.args fits)."""
    q = _clean(get("q") or "")
    if len(q) > MAX_QUERY_CHARS:
        raise ParameterError("query_too_long", f"q is longer than {MAX_QUERY_CHARS} characters", "q")
    filters = {}
    for name in FACETS:
        values = _facet_values(name, getlist(name))
        if values:
            filters[name] = values
    date_from, date_to = _date("from", get("from")), _date("to", get("to"))
    if date_from and date_to and date_to < date_from:
        raise ParameterError("invalid_range", "'to' is before 'from'", "to")
    sort = (get("sort") or "").strip() or ("relevance" if q.strip() else "newest")
    if sort not in SORTS:
        raise ParameterError("invalid_sort", f"sort must be one of {', '.join(SORTS)}", "sort")
    page = _int("page", get("page"), 1, 1, MAX_PAGE)
    per_page = _int("per_page", get("per_page"), DEFAULT_PER_PAGE, 1, max_per_page)
    if page * per_page > MAX_WINDOW:
        raise ParameterError("out_of_range", f"page × per_page must not exceed {MAX_WINDOW}", "page")
    correct = _bool("correct", get("correct"), True)
    mode = (get("mode") or "").strip() or DEFAULT_MODE
    if mode not in MODES:
        raise ParameterError("invalid_mode", f"mode must be one of {', '.join(MODES)}", "mode")
    return SearchParams(q=q.strip(), filters=filters, date_from=date_from, date_to=date_to, sort=sort,
                        page=page, per_page=per_page, correct=correct, mode=mode)


def _clean(value: str) -> str:
    """Control characters become spaces (they cannot be typed, and would reach the logs and the page)."""
    return _CONTROL.sub(" ", value)


def _facet_values(name: str, raw: Iterable[str]) -> tuple[str, ...]:
    values = []
    for v in raw:
        v = _clean(v).strip()
        if not v:
            continue
        if len(v) > MAX_VALUE_CHARS:
            raise ParameterError("invalid_value", f"{name} value longer than {MAX_VALUE_CHARS} characters", name)
        if name == "year" and not re.fullmatch(r"[0-9]{4}", v):
            raise ParameterError("invalid_year", "year must be a four-digit year", "year")
        if v not in values:
            values.append(v)
    if len(values) > MAX_FILTER_VALUES:
        raise ParameterError("too_many_values", f"at most {MAX_FILTER_VALUES} values for {name}", name)
    return tuple(values)


def _date(name: str, raw: str | None) -> date | None:
    if raw is None or not raw.strip():
        return None
    raw = raw.strip()
    if not _DATE.match(raw):
        raise ParameterError("invalid_date", f"{name} must be a date as YYYY-MM-DD", name)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ParameterError("invalid_date", f"{name} is not a calendar date", name) from None


def _bool(name: str, raw: str | None, default: bool) -> bool:
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ParameterError("invalid_boolean", f"{name} must be true or false", name)


def _int(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"\s*[0-9]{1,9}\s*", raw):
        raise ParameterError("invalid_integer", f"{name} must be a whole number between {low} and {high}", name)
    value = int(raw)
    if not low <= value <= high:
        raise ParameterError("out_of_range", f"{name} must be between {low} and {high}", name)
    return value
