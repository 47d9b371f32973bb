"""The document page: cleaned text, metadata, original link and related communiqués."""
from __future__ import annotations

from flask import url_for


def test_document_page_shows_title_metadata_text_and_original_link(small_client, get_page):
    soup = get_page(small_client, "/documents/cae-2019")
    assert soup.h1.get_text() == "Conseil Affaires étrangères à Bruxelles"
    meta = {dt.get_text(): " ".join(dd.get_text().split()) for dt, dd in zip(soup.select("dt"), soup.select("dd"))}
    assert meta == {"Date": "18 mars 2019", "Réunion": "Conseil Affaires étrangères (UE)",
                    "Thèmes": "Ukraine, Russie, Affaires européennes", "Lieu": "Bruxelles (fiche)",
                    "Personnes": "Jean Asselborn (fiche), Federica Mogherini (fiche)", "Langue": "français"}
    assert "situation en Ukraine" in soup.select_one(".body").get_text()
    assert soup.select_one("a.original")["href"] == "https://maee.example.lu/cae-2019"


def test_metadata_values_link_to_every_communique_sharing_them(small_client, get_page):
    soup = get_page(small_client, "/documents/cae-2019")
    links = {a.get_text(): a["href"] for a in soup.select(".doc-meta a")}
    assert links["Federica Mogherini"] == "/?person=Federica+Mogherini"
    listing = get_page(small_client, links["Conseil Affaires étrangères (UE)"])
    assert {a["href"] for a in listing.select(".hit h3 a")} == {"/documents/cae-2019", "/documents/cae-2022"}


def test_related_communiques_are_the_api_related_items(small_client, get_page):
    soup = get_page(small_client, "/documents/cae-2019")
    related = small_client.get("/api/documents/cae-2019").get_json()["related"]
    assert related, "the small index has similar communiqués about Ukraine and Russia"
    assert [a["href"] for a in soup.select(".related li a")] == [f"/documents/{h['id']}" for h in related]


def test_an_english_communique_is_marked_as_english_inside_the_french_page(small_client, get_page):
    soup = get_page(small_client, "/documents/nato-2023")
    assert soup.html["lang"] == "fr"
    assert soup.h1["lang"] == "en" and soup.select_one(".body")["lang"] == "en"


def test_script_in_a_document_is_shown_as_text(small_client):
    html = small_client.get("/documents/xss-2016").get_data(as_text=True)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "<script>window" not in html and "<img src=x" not in html and "<script>alert" not in html


def test_an_unknown_document_is_a_french_404_page(small_client, get_page):
    soup = get_page(small_client, "/documents/nulle-part", status=404)
    assert soup.h1.get_text() == "Communiqué introuvable"
    assert "nulle-part" in soup.get_text()


def test_document_ids_that_are_urls_round_trip_through_the_page_links(corpus_app, corpus_client, get_page):
    def pages():
        for number in range(1, 100):
            hits = corpus_client.get("/api/search", query_string={"per_page": 100, "page": number}).get_json()["hits"]
            if not hits:
                return
            yield from hits
    url_id = next(h for h in pages() if h["id"].startswith("https://"))
    with corpus_app.test_request_context():
        href = url_for("ui.document_page", doc_id=url_id["id"])
    assert "https://" in href
    soup = get_page(corpus_client, href)
    assert soup.h1.get_text() == url_id["title"]
