"""One error shape for the API: {"error": {"code", "message", "parameter"}}."""
from __future__ import annotations

from flask import jsonify


def api_error(status: int, code: str, message: str, parameter: str | None = None, headers=None):
    body = {"error": {"code": code, "message": message, "parameter": parameter}}
    response = jsonify(body)
    response.status_code = status
    if headers:
        response.headers.update(headers)
    return response
