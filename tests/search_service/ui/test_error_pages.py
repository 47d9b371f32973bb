"""People meet French error pages with the site's layout; API clients keep their JSON errors."""
from __future__ import annotations

import pytest

from search_service import create_app


def test_an_unknown_route_is_a_french_404_page_with_the_layout_and_a_viewport(small_client, get_page):
    soup = get_page(small_client, "/nulle/part", status=404)
    assert soup.html["lang"] == "fr"
    assert soup.select_one('meta[name=viewport]')["content"].startswith("width=device-width")
    assert soup.h1.get_text() == "Page introuvable"
    assert soup.select_one("header.site a.brand") and soup.select_one("form[role=search] input#q")
    assert "Not Found" not in soup.get_text()


def test_posting_to_the_search_page_is_a_french_405_page_that_says_what_is_allowed(small_client, get_page):
    response = small_client.post("/", data={"q": "otan"})
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert "GET" in response.headers["Allow"]
    assert "Action impossible" in response.get_data(as_text=True)


def test_an_unexpected_failure_of_a_page_is_a_french_500_page(small_index):
    app = create_app({"INDEX": str(small_index)})

    def broken():
        raise RuntimeError("a bug")
    app.add_url_rule("/en-panne", "broken", broken)
    response = app.test_client().get("/en-panne")
    assert response.status_code == 500 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Erreur du serveur" in page and "a bug" not in page and 'lang="fr"' in page


def test_a_missing_index_is_a_french_503_page(tmp_path, get_page):
    client = create_app({"INDEX": str(tmp_path / "none")}).test_client()
    soup = get_page(client, "/?q=otan", status=503)
    assert soup.html["lang"] == "fr" and "indisponible" in soup.h1.get_text()


@pytest.mark.parametrize("method, path, status", [
    ("get", "/api/nothing", 404), ("post", "/api/search", 404), ("get", "/api/search?page=-1", 400),
])
def test_api_routes_keep_their_json_errors(small_client, method, path, status):
    response = getattr(small_client, method)(path)
    assert response.status_code == status and response.get_json()["error"]["code"]


def test_favicon_ico_is_served(small_client):
    response = small_client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data().startswith(b"<svg")
