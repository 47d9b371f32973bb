"""The search pages, the Atom feed and the CSV export, rendered from the same query layer as the API."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, current_app, render_template, request, url_for
from markupsafe import Markup

from indexer.store import NoIndex
from search_service.errors import RETRY_AFTER_S, IndexUnreadable
from search_service.search.params import ParameterError, SearchParams
from search_service.ui.export import FeedInfo, atom_xml, csv_text
from search_service.ui.french import FACET_LABELS, count_label, error_message, facet_value_label, long_date
from search_service.ui.recovery import parse_strict, recover_params
from search_service.ui.search_page import Links, build_search_page
from search_service.ui.urls import QueryString

bp = Blueprint("ui", __name__)


def engine():
    return current_app.extensions["engine"]


@bp.app_context_processor
def french_helpers():
    return {"long_date": long_date, "count_label": count_label, "facet_value_label": facet_value_label,
            "external_url": external_url, "FACET_LABELS": FACET_LABELS}


def external_url(url: str | None) -> str | None:
    """Only web links are rendered as links to the original (never javascript: or data:)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def highlighted(html: str) -> Markup:
    """The query layer escapes every character of titles and snippets and adds only <mark>."""
    return Markup(html)


@bp.get("/")
def search_page():
    asked = QueryString.from_args(request.args)
    recovered = recover_params(asked)
    params = recovered.params
    result = engine().search(params)
    links = Links(search=url_for("ui.search_page"), atom=url_for("ui.search_feed"), csv=url_for("ui.search_csv"))
    index_years = [f.value for f in engine().all_facets().get("year", [])]
    page = build_search_page(params, result, recovered.query, links, index_years,
                             [error_message(e, asked.first(e.parameter or "")) for e in recovered.errors])
    hits = [(hit, highlighted(hit.title_html), highlighted(hit.snippet)) for hit in result.hits]
    html = render_template("search.html", page=page, result=result, hits=hits,
                           csv_cap=int(current_app.config["CSV_MAX_ROWS"]))
    return html, 400 if recovered.errors else 200


@bp.get("/documents/<path:doc_id>")
def document_page(doc_id: str):
    doc = engine().document(doc_id)
    if doc is None:
        return render_template("not_found.html", doc_id=doc_id), 404
    return render_template("document.html", doc=doc, paragraphs=[p for p in doc.body.split("\n\n") if p.strip()])


@bp.get("/search.atom")
def search_feed():
    query = QueryString.from_args(request.args).without("page", "per_page", "sort")
    # Feeds and exports list the documents the words match; neighbours by meaning are a reading aid of the page.
    params = replace(parse_strict(query), sort="newest", page=1, per_page=int(current_app.config["FEED_ENTRIES"]),
                     mode="keyword")
    result = engine().search(params)
    info = FeedInfo(
        title=_feed_title(params),
        self_href=query.href(url_for("ui.search_feed", _external=True)),
        page_href=query.href(url_for("ui.search_page", _external=True)),
        feed_id=query.href(url_for("ui.search_feed", _external=True)),
    )
    body = atom_xml(info, result.hits, lambda doc_id: url_for("ui.document_page", doc_id=doc_id, _external=True))
    return Response(body, mimetype="application/atom+xml")


@bp.get("/search.csv")
def search_csv():
    """Every matching row up to CSV_MAX_ROWS, in the order of the page; headers say when rows were left out."""
    query = QueryString.from_args(request.args).without("page", "per_page")
    cap = int(current_app.config["CSV_MAX_ROWS"])
    result = engine().search(replace(parse_strict(query), page=1, per_page=cap, mode="keyword"))
    response = Response(csv_text(result.hits).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="communiques.csv"'
    response.headers["X-Total-Count"] = str(result.total)
    response.headers["X-Export-Rows"] = str(len(result.hits))
    return response


@bp.errorhandler(ParameterError)
def bad_export_parameter(exc: ParameterError):
    """Feeds and exports are read by programs: a rejected parameter is a plain 400, in French."""
    return Response(error_message(exc, request.args.get(exc.parameter or "")) + "\n", status=400, mimetype="text/plain")


@bp.errorhandler(NoIndex)
def no_index(exc: NoIndex):
    return render_template("unavailable.html"), 503


@bp.errorhandler(IndexUnreadable)
def index_unreadable(exc: IndexUnreadable):
    return render_template("unreadable.html"), 503, {"Retry-After": str(RETRY_AFTER_S)}


def _feed_title(params: SearchParams) -> str:
    parts = [f"« {params.q} »"] if params.q else []
    parts += [f"{FACET_LABELS[name]} : {', '.join(facet_value_label(name, v) for v in values)}"
              for name, values in params.filters.items()]
    if params.date_from:
        parts.append(f"depuis le {long_date(params.date_from.isoformat())}")
    if params.date_to:
        parts.append(f"jusqu'au {long_date(params.date_to.isoformat())}")
    return "Communiqués" + (" — " + " · ".join(parts) if parts else " — tous")
