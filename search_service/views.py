"""The search pages, the Atom feed and the CSV export, rendered from the same query layer as the API."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, Response, current_app, render_template, request, url_for
from markupsafe import Markup

from search_service.errors import RETRY_AFTER_S, IndexUnreadable, NoIndex, log_unreadable
from search_service.search.match_classes import ALL_ONLY
from search_service.search.meetings import parse_occurrence_query
from search_service.search.params import ParameterError, SearchParams
from search_service.search.snippets import highlight
from search_service.ui.changes import FIELD_LABELS as DIFF_FIELD_LABELS
from search_service.ui.changes import captured_label, changes_atom, diff_html
from search_service.ui.citation import citation_text
from search_service.ui.context import search_context
from search_service.ui.export import FeedInfo, atom_xml, csv_chunks, export_name
from search_service.ui.french import (
    FACET_LABELS, FILTER_LINK_TITLES, MATCH_LABELS, NO_ALL_MATCH, count_label, entity_id, error_message,
    facet_value_label, long_date,
)
from search_service.ui.recovery import parse_strict, recover_params
from search_service.ui.search_page import Links, build_search_page, hit_groups
from search_service.ui.urls import QueryString

bp = Blueprint("ui", __name__)
FEED_PREVIEW = 10        # entries of a feed listed on its readable subscription page


def engine():
    return current_app.extensions["engine"]


@bp.app_context_processor
def french_helpers():
    return {"long_date": long_date, "count_label": count_label, "facet_value_label": facet_value_label,
            "external_url": external_url, "FACET_LABELS": FACET_LABELS, "MATCH_LABELS": MATCH_LABELS,
            "NO_ALL_MATCH": NO_ALL_MATCH, "diff_html": diff_html, "FILTER_LINK_TITLES": FILTER_LINK_TITLES,
            "captured_label": captured_label, "DIFF_FIELD_LABELS": DIFF_FIELD_LABELS,
            "entity_id": entity_id}


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
    links = Links(search=url_for("ui.search_page"), atom=url_for("ui.search_feed"), csv=url_for("ui.search_csv"),
                  subscribe=url_for("ui.subscribe_page"))
    page = build_search_page(params, result, recovered.query, links,
                             [error_message(e, asked.first(e.parameter or "")) for e in recovered.errors])
    hits = [(hit, highlighted(hit.title_html), highlighted(hit.snippet)) for hit in result.hits]
    html = render_template("search.html", page=page, result=result, hits=hits, groups=hit_groups(hits, page.first_rank),
                           csv_cap=int(current_app.config["CSV_MAX_ROWS"]),
                           archive_empty=not result.total and engine().stats()["documents"] == 0)
    return html, 400 if recovered.errors else 200


@bp.get("/documents/<path:doc_id>")
def document_page(doc_id: str):
    """The communiqué as indexed (its latest text); `?version=N` shows an earlier captured version."""
    doc = engine().document(doc_id)
    if doc is None:
        return render_template("not_found.html", doc_id=doc_id), 404
    history = current_app.extensions["versions"].of(doc.id, doc.url)
    shown = None
    asked = request.args.get("version")
    if asked is not None:
        if not asked.isdigit() or not 1 <= int(asked) <= len(history):
            return Response(f"Version inconnue : {asked!r} (ce communiqué a {len(history)} version(s) "
                            "enregistrée(s)).\n", status=404, mimetype="text/plain")
        shown = history[int(asked) - 1] if int(asked) < len(history) else None
    body = shown.body if shown else doc.body
    title = shown.title if shown else doc.title
    context = search_context(request.args.get("from"), request.referrer, request.host_url, url_for("ui.search_page"))
    terms = engine().match_terms(context.q) if context and context.q else None
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    page_url = url_for("ui.document_page", doc_id=doc.id, _external=True)
    citation = citation_text(current_app.config["PUBLISHER"], doc.title, doc.date,
                             external_url(doc.url) or page_url, date.today())
    return render_template(
        "document.html", doc=doc, context=context, citation=citation,
        title_html=highlighted(highlight(title, terms)) if terms else title,
        paragraphs=[highlighted(highlight(p, terms)) if terms else p for p in paragraphs],
        history=history, shown=shown, edit=history[-1] if len(history) > 1 else None,
    )


@bp.get("/changes.atom")
def changes_feed():
    """The latest edits to communiqués after their publication, newest first: a feed to subscribe to."""
    edits = current_app.extensions["versions"].latest_edits(int(current_app.config["FEED_ENTRIES"]))
    body = changes_atom(edits, url_for("ui.changes_feed", _external=True),
                        lambda url, n=None: url_for("ui.document_page", doc_id=url, _external=True,
                                                    **({"version": n} if n else {})))
    return Response(body, mimetype="application/atom+xml")


@bp.get("/aide")
def help_page():
    return render_template("help.html")


@bp.get("/abonnement")
def subscribe_page():
    """The readable twin of the Atom feed: what a feed is, its address to copy, and the latest entries."""
    recovered = recover_params(QueryString.from_args(request.args).without("page", "per_page", "sort"))
    query = recovered.query                  # a person reads this page: a bad value is dropped, not a 400
    params = replace(recovered.params, sort="newest", page=1, per_page=FEED_PREVIEW, listed=ALL_ONLY)
    result = engine().search(params)
    return render_template("subscribe.html", feed_title=_feed_title(params), result=result,
                           feed_href=query.href(url_for("ui.search_feed", _external=True)),
                           page_href=query.href(url_for("ui.search_page")))


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says; the SVG icon answers (every current browser draws it)."""
    response = current_app.send_static_file("favicon.svg")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/reunions")
def meetings_page():
    """The sittings of meetings, newest first, filtered like /api/meetings (meeting, year, q)."""
    try:
        query = parse_occurrence_query(request.args.getlist, request.args.get)
    except ParameterError as exc:
        return render_template("meetings.html", occurrences=[], query=None, error=exc.message), 400
    return render_template("meetings.html", occurrences=engine().meetings(query), query=query, error=None)


@bp.get("/reunions/<path:occurrence_id>")
def meeting_page(occurrence_id: str):
    detail = engine().meeting(occurrence_id)
    if detail is None:
        return render_template("not_found.html", doc_id=occurrence_id), 404
    return render_template("meeting.html", occurrence=detail.occurrence, documents=detail.documents)


@bp.get("/personnes/<path:entity_id>")
def person_page(entity_id: str):
    return _entity_page("person", entity_id)


@bp.get("/lieux/<path:entity_id>")
def place_page(entity_id: str):
    return _entity_page("place", entity_id)


def _entity_page(kind: str, entity_id: str):
    detail = engine().entity(kind, entity_id)
    if detail is None:
        return render_template("not_found.html", doc_id=entity_id), 404
    return render_template("entity.html", entity=detail)


@bp.get("/search.atom")
def search_feed():
    query = QueryString.from_args(request.args).without("page", "per_page", "sort")
    params = replace(parse_strict(query), sort="newest", page=1, per_page=int(current_app.config["FEED_ENTRIES"]),
                     listed=ALL_ONLY)      # an alert is for results, never for partial matches
    result = engine().search(params)
    info = FeedInfo(
        title=_feed_title(params),
        self_href=query.href(public_url("ui.search_feed")),
        page_href=query.href(public_url("ui.search_page")),
        feed_id=query.href(public_url("ui.search_feed")),
    )
    body = atom_xml(info, result.hits, lambda doc_id: public_url("ui.document_page", doc_id=doc_id))
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Content-Disposition"] = f'inline; filename="{export_name(params)}.atom"'
    return response


def public_url(endpoint: str, **values) -> str:
    """An absolute URL for feeds, on COMMUNIQUES_BASE_URL when it is set: otherwise the Host header a client
    sent (anything, unless TRUSTED_HOSTS is set) would become the feed's ids and links."""
    base = str(current_app.config.get("BASE_URL") or "").rstrip("/")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    root = request.script_root
    return base + (path[len(root):] if root and path.startswith(root) else path)


@bp.get("/search.csv")
def search_csv():
    """Every document matching all the words, up to CSV_MAX_ROWS, in the order of the page (partial matches are
    not results: a spreadsheet counts rows); headers say when rows were left out."""
    query = QueryString.from_args(request.args).without("page", "per_page")
    cap = int(current_app.config["CSV_MAX_ROWS"])
    result_params = replace(parse_strict(query), page=1, per_page=cap, listed=ALL_ONLY)
    result = engine().search(result_params, snippets=False)
    # Streamed: the rows are read (without snippets) on the snapshot's turn; writing them out to a slow
    # client holds nothing.
    response = Response(csv_chunks(result.hits), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{export_name(result_params)}.csv"'
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
    log_unreadable(exc)
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
