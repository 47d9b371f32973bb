"""One error shape for the API ({"error": {"code", "message", "parameter"}}) and the domain errors it answers.

The index's storage and its file-format adapter raise domain errors at their boundary
(indexer.errors): NoIndex when none has been built, IndexUnreadable when its files cannot be read
(a truncated, emptied, overwritten or missing file: tests/search_service/test_api_damaged_index.py).
The blueprints map them to a 503 (JSON for the API, the French pages for HTML); any other exception is
a bug and goes to the generic 500 handler. Nothing here looks at which module raised what.
"""
from __future__ import annotations

from flask import current_app, jsonify

from indexer.errors import IndexUnreadable, NoIndex

__all__ = ["RETRY_AFTER_S", "IndexUnreadable", "NoIndex", "api_error", "log_unreadable"]

RETRY_AFTER_S = 120      # a damaged index needs a rebuild: clients should not retry at once


def api_error(status: int, code: str, message: str, parameter: str | None = None, headers=None):
    body = {"error": {"code": code, "message": message, "parameter": parameter}}
    response = jsonify(body)
    response.status_code = status
    if headers:
        response.headers.update(headers)
    return response


def log_unreadable(exc: IndexUnreadable) -> None:
    """Log what made the index unreadable, once: the exception that carries its cause (the index handle
    answers the following requests of the next seconds from its record, without one)."""
    if exc.__cause__ is not None:
        current_app.logger.error("%s", exc, exc_info=exc.__cause__)
