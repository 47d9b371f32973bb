"""The JSON API: a thin layer over search_service.search; documented in openapi.json."""
from __future__ import annotations

import gzip
import hashlib
import json
from importlib import resources

from flask import Blueprint, Response, current_app, jsonify, request

from search_service.errors import RETRY_AFTER_S, IndexUnreadable, NoIndex, api_error, log_unreadable
from search_service.search.meetings import parse_occurrence_query
from search_service.search.params import ParameterError, parse_search_params

bp = Blueprint("api", __name__)
GZIP_MIN_BYTES = 1400
# nginx's default level: answers built fresh every time favour compressing fast over the last bytes.
GZIP_LEVEL = 1


def engine():
    return current_app.extensions["engine"]


def search_params():
    return parse_search_params(request.args.get, request.args.getlist)


@bp.get("/api/search")
def search():
    params = search_params()
    return _cacheable(engine().search(params).to_json())


@bp.get("/api/documents/<path:doc_id>")
def document(doc_id: str):
    doc = engine().document(doc_id)
    if doc is None:
        return api_error(404, "not_found", "no document with this id", "id")
    return _cacheable(doc.to_json())


@bp.get("/api/documents/<path:doc_id>/versions")
def document_versions(doc_id: str):
    """Every captured version of the communiqué's text, oldest first, each with a word diff against the one before."""
    doc = engine().document(doc_id)
    if doc is None:
        return api_error(404, "not_found", "no document with this id", "id")
    history = current_app.extensions["versions"].of(doc.id, doc.url)
    return _cacheable({"id": doc.id, "edited": len(history) > 1, "versions": [v.to_json() for v in history]})


@bp.get("/api/meetings")
def meetings():
    query = parse_occurrence_query(request.args.getlist, request.args.get)
    found = engine().meetings(query)
    return _cacheable({"query": {"meeting": list(query.meetings), "year": list(query.years), "q": query.q},
                       "total": len(found), "occurrences": [o.to_json() for o in found]})


@bp.get("/api/meetings/<path:occurrence_id>")
def meeting(occurrence_id: str):
    detail = engine().meeting(occurrence_id)
    if detail is None:
        return api_error(404, "not_found", "no meeting occurrence with this id", "id")
    return _cacheable(detail.to_json())


@bp.get("/api/people/<path:entity_id>")
def person(entity_id: str):
    return _entity("person", entity_id)


@bp.get("/api/places/<path:entity_id>")
def place(entity_id: str):
    return _entity("place", entity_id)


def _entity(kind: str, entity_id: str):
    detail = engine().entity(kind, entity_id)
    if detail is None:
        return api_error(404, "not_found", f"no {kind} with this id", "id")
    return _cacheable(detail.to_json())


@bp.get("/api/facets")
def facets():
    data = {name: [{"value": f.value, "count": f.count} for f in values] for name, values in engine().all_facets().items()}
    return _cacheable({"facets": data})


@bp.get("/api/openapi.json")
def openapi():
    text = resources.files("search_service").joinpath("openapi.json").read_text("utf-8")
    return Response(text, mimetype="application/json")


@bp.get("/healthz")
def healthz():
    try:
        stats = engine().stats()
    except NoIndex:
        return api_error(503, "no_index", "the index has not been built yet")
    return jsonify({"status": "ok", "documents": stats["documents"], "version": stats["version"]})


@bp.route("/api/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
@bp.route("/api/<path:rest>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
def unknown(rest: str):
    return api_error(404, "not_found", "no such API endpoint")


@bp.app_errorhandler(ParameterError)
def parameter_error(exc: ParameterError):
    return api_error(400, exc.code, exc.message, exc.parameter)


@bp.app_errorhandler(NoIndex)
def no_index(exc: NoIndex):
    return api_error(503, "no_index", "the index has not been built yet")


@bp.app_errorhandler(IndexUnreadable)
def index_unreadable(exc: IndexUnreadable):
    """A damaged index (see errors.py): a 503 until it is rebuilt, the cause only in the server's log."""
    log_unreadable(exc)
    return api_error(503, "index_unavailable", "the index cannot be read; it has to be rebuilt",
                     headers={"Retry-After": str(RETRY_AFTER_S)})


def _cacheable(data: dict) -> Response:
    """JSON with an ETag of its content, gzip when worth it.

    The ETag hashes what is sent (all but the timing), not the index version: a version
    looked up separately could be a newer one swapped in while this answer was built.
    The content is encoded once and the timing appended as its last member: encoding a
    search response twice was a measurable share of a search (docs/benchmarks.md).
    """
    timed = "took_ms" in data
    content = {k: v for k, v in data.items() if k != "took_ms"} if timed else data
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = hashlib.sha1(encoded).hexdigest()[:20]
    body = encoded[:-1] + b',"took_ms":%s}' % json.dumps(data["took_ms"]).encode() if timed else encoded
    response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=60"
    response.vary.add("Accept-Encoding")
    response = response.make_conditional(request)
    if (response.status_code == 200 and len(body) >= GZIP_MIN_BYTES
            and "gzip" in request.headers.get("Accept-Encoding", "")):
        response.set_data(gzip.compress(body, compresslevel=GZIP_LEVEL))
        response.headers["Content-Encoding"] = "gzip"
    return response
