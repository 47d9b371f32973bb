"""HTTP hardening shared by every response: headers, limits, CORS, rate limiting, no tracebacks."""
from __future__ import annotations

import threading
import time

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException

from search_service.error_pages import error_page
from search_service.errors import api_error

CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class RateLimiter:
    """A token bucket per client address (per worker process): `per_minute` requests, bursts allowed."""

    def __init__(self, per_minute: int):
        self.rate = per_minute / 60.0
        self.capacity = max(1, per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> float:
        """0 when the request may go on, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                if len(self._buckets) > 100_000:
                    self._buckets.clear()
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _pair_count(args) -> int:
    return sum(len(values) for values in args.listvalues())


def _is_api() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def init_app(app: Flask) -> None:
    per_minute = int(app.config.get("RATE_LIMIT") or 0)
    limiter = RateLimiter(per_minute) if per_minute > 0 else None
    origins = {o.strip() for o in str(app.config.get("CORS_ORIGINS") or "").split(",") if o.strip()}

    @app.before_request
    def limits():
        if not _is_utf8(request.query_string):
            # Raw non-UTF-8 bytes (not %-escapes) make werkzeug's request.args raise: refuse them here.
            return api_error(400, "invalid_encoding", "the query string is not valid UTF-8")
        if _pair_count(request.args) > int(current_app.config["MAX_PARAMS"]):     # pairs: 200 × q= too
            return api_error(400, "too_many_parameters", "too many query-string parameters")
        if len(request.query_string) > 16_384:
            return api_error(414, "uri_too_long", "query string too long")
        if limiter and request.path.startswith("/api/"):
            wait = limiter.check(request.remote_addr or "?")
            if wait:
                return api_error(429, "rate_limited", "too many requests; slow down",
                                 headers={"Retry-After": str(max(1, round(wait)))})
        return None

    @app.after_request
    def headers(response):
        h = response.headers
        location = h.get("Location")
        if location and location.startswith(request.host_url):
            # Werkzeug's routing redirects ("/api" -> "/api/") are absolute, built from the Host header:
            # a relative one is enough for every client and reflects nothing.
            h["Location"] = "/" + location[len(request.host_url):]
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if response.mimetype == "text/html":
            h.setdefault("Content-Security-Policy", CSP)
            h.setdefault("X-Frame-Options", "DENY")
        origin = request.headers.get("Origin")
        if origins and origin and (origin in origins or "*" in origins) and request.path.startswith("/api/"):
            h["Access-Control-Allow-Origin"] = "*" if "*" in origins else origin
            h.add("Vary", "Origin")
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _is_api():
            return api_error(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"), exc.description or exc.name)
        allow = {k: v for k, v in exc.get_headers() if k.lower() == "allow"}
        return error_page(exc.code or 500, allow)     # people get the French page with the site's layout

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        if not _is_api():
            return error_page(500)
        return api_error(500, "internal_error", "the server could not answer this request")
