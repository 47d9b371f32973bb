"""The search pages, rendered from the same query layer as the API."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from markupsafe import Markup

from search_service.search.params import ParameterError, parse_search_params

bp = Blueprint("ui", __name__)


def engine():
    return current_app.extensions["engine"]


@bp.get("/")
def search_page():
    error = None
    try:
        params = parse_search_params(request.args.get, request.args.getlist)
    except ParameterError as exc:
        error, params = exc.message, parse_search_params(lambda k: None, lambda k: [])
    result = engine().search(params)
    hits = [(h, Markup(h.title_html), Markup(h.snippet)) for h in result.hits]   # built from escaped text
    return render_template("search.html", result=result, hits=hits, q=params.q, error=error)


@bp.get("/documents/<path:doc_id>")
def document_page(doc_id: str):
    doc = engine().document(doc_id)
    if doc is None:
        abort(404)
    return render_template("document.html", doc=doc)
