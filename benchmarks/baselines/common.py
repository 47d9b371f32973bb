"""What both baselines share: the API's parameters, its JSON shape, and a gunicorn runner.

The baselines answer the same URLs as the service (`/api/search`, `/api/documents/<id>`,
`/healthz`) with JSON of the same shape, so the benchmark client treats the three
systems alike. They parse parameters with their own small reader rather than the
service's, so a change inside the service cannot silently change a baseline.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import date
from html import escape

FACETS = ("meeting", "topic", "year", "location", "person", "lang")
SNIPPET_CHARS = 260
RELATED_COUNT = 5
DEFAULT_PER_PAGE = 20


class BadRequest(ValueError):
    pass


@dataclass(frozen=True)
class Params:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def echo(self) -> dict:
        return {"q": self.q, **{f: list(self.filters.get(f, ())) for f in FACETS},
                "from": self.date_from.isoformat() if self.date_from else None,
                "to": self.date_to.isoformat() if self.date_to else None,
                "sort": self.sort, "page": self.page, "per_page": self.per_page}


def read_params(args) -> Params:
    """From a werkzeug MultiDict (request.args)."""
    q = (args.get("q") or "").strip()
    filters = {}
    for name in FACETS:
        values = tuple(dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()))
        if values:
            filters[name] = values
    sort = (args.get("sort") or "").strip() or ("relevance" if q else "newest")
    if sort not in ("relevance", "newest", "oldest"):
        raise BadRequest("sort must be relevance, newest or oldest")
    return Params(q=q, filters=filters, date_from=_date(args.get("from")), date_to=_date(args.get("to")), sort=sort,
                  page=_int(args.get("page"), 1, 1, 10_000), per_page=_int(args.get("per_page"), DEFAULT_PER_PAGE, 1, 100))


def _date(raw: str | None) -> date | None:
    if not raw or not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise BadRequest("dates are YYYY-MM-DD") from None


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None or not raw.strip():
        return default
    if not re.fullmatch(r"\d{1,9}", raw.strip()) or not low <= int(raw) <= high:
        raise BadRequest(f"expected a whole number between {low} and {high}")
    return int(raw)


def hit_json(*, id, url, title, title_html, date, date_inferred, year, meeting, topics, location, people, lang,
             snippet, score) -> dict:
    return {"id": id, "url": url or None, "title": title, "title_html": title_html, "date": date,
            "date_inferred": bool(date_inferred), "year": year, "meeting": meeting, "topics": topics,
            "location": location, "people": people, "lang": lang, "snippet": snippet, "score": score}


def search_json(params: Params, total: int, hits: list[dict], facets: dict[str, list[dict]], took_ms: float,
                suggestion: str | None = None, corrected: bool = False) -> dict:
    return {"query": params.echo(), "total": total, "page": params.page, "per_page": params.per_page,
            "pages": math.ceil(total / params.per_page) if total else 0, "took_ms": round(took_ms, 2),
            "hits": hits, "facets": facets, "suggestion": suggestion, "corrected": corrected,
            "relaxed": False, "fallback": False, "capped": []}


def facet_list(name: str, counts: dict[str, int]) -> list[dict]:
    """Values with a count, largest first (years newest first), as the service orders them."""
    items = [(v, c) for v, c in counts.items() if c and v not in (None, "")]
    if name == "year":
        items.sort(key=lambda vc: vc[0], reverse=True)
    else:
        items.sort(key=lambda vc: (-vc[1], vc[0]))
    return [{"value": v, "count": int(c)} for v, c in items]


def leading_text(body: str, size: int = SNIPPET_CHARS) -> str:
    """The start of a body, for hits without a query to highlight."""
    text = body[:size]
    if len(body) > size and " " in text[size // 2:]:
        text = text[:text.rindex(" ")]
    return escape(text, quote=False).replace("\n", " ") + (" …" if len(body) > len(text) else "")


def split_values(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def serve(app_factory, bind: str, workers: int, threads: int, log_path: str | None = None) -> None:
    """Run `app_factory()` under gunicorn with the worker model the service uses (gthread)."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": bind, "workers": workers, "worker_class": "gthread", "threads": threads,
                               "timeout": 120, "graceful_timeout": 10, "accesslog": None,
                               "errorlog": log_path or "-"}.items():
                self.cfg.set(key, value)

        def load(self):
            return app_factory()

    _Server().run()


def default_workers() -> int:
    return os.cpu_count() or 1
